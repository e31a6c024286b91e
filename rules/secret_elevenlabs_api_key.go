package rules

// elevenlabsApiKeyRule is the elevenlabs-api-key rule, with its samples.
func elevenlabsApiKeyRule() *Rule {
	key := FakeFrom("sk_", Hex, 48, "elevenlabs")
	legacy := FakeFrom("", Hex, 32, "elevenlabs legacy")
	names := []string{"ELEVENLABS_API_KEY", "ELEVEN_API_KEY", "XI_API_KEY"}
	return secret(&Rule{
		ID:          "elevenlabs-api-key",
		Title:       "ElevenLabs API key",
		Description: "An ElevenLabs API key (sk_ and 48 hex digits, or 32 hex digits next to ELEVENLABS_API_KEY) is written in the file.",
		EnvVar:      "ELEVENLABS_API_KEY",
		Help: secretHelp("An ElevenLabs API key",
			"delete it at <https://elevenlabs.io/app/settings/api-keys> and create a new one.", "ELEVENLABS_API_KEY"),
		Keywords: append([]string{"sk_"}, names...),
		// Today's keys by their shape; the older 32-hex keys only by name.
		Pattern:     `(sk_[0-9a-f]{48})|` + namedKey(names, `[0-9a-f]{32}`),
		SecretGroup: -1,
		AtKeyword:   true,
		Bounded:     true,
		Prefixes:    []string{"sk_"},
		Tags:        []string{"elevenlabs"},
		Samples: Samples{
			True: []string{
				`client = ElevenLabs(api_key="` + key + `")`,
				`ELEVENLABS_API_KEY=` + key,
				`os.environ["ELEVEN_API_KEY"] = "` + legacy + `"`,
			},
			False: []string{
				`mask_` + FakeFrom("", Hex, 48, "elevenlabs mask"),
				`k = "` + key + `0"`,
				`ELEVENLABS_API_KEY="sk_your_elevenlabs_api_key_here"`,
				`key = "` + legacy + `"`,
			},
		},
	})
}
