package rules

// deepgramApiKeyRule is the deepgram-api-key rule, with its samples.
func deepgramApiKeyRule() *Rule {
	key := FakeFrom("", Hex, 40, "deepgram")
	names := []string{"DEEPGRAM_API_KEY", "DeepgramClient(", "Deepgram("}
	return secret(&Rule{
		ID:          "deepgram-api-key",
		Title:       "Deepgram API key",
		Description: "A Deepgram API key (40 hex digits) is written next to DEEPGRAM_API_KEY or a Deepgram client.",
		EnvVar:      "DEEPGRAM_API_KEY",
		Help: secretHelp("A Deepgram API key",
			"delete it in the Deepgram console (<https://console.deepgram.com>, Settings → API Keys) and create a new one.", "DEEPGRAM_API_KEY"),
		Keywords:    names,
		AtKeyword:   true,
		Pattern:     namedKey(names, `[0-9a-f]{40}`),
		SecretGroup: 1,
		Bounded:     true,
		Precision:   "high",
		Tags:        []string{"deepgram"},
		Samples: Samples{
			True: []string{
				`deepgram = DeepgramClient("` + key + `")`,
				`DEEPGRAM_API_KEY=` + key,
			},
			False: []string{
				`deepgram = DeepgramClient(os.getenv("DEEPGRAM_API_KEY"))`,
				`DEEPGRAM_API_KEY=` + key + `0`,
			},
		},
	})
}
