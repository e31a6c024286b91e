package rules

// fireworksApiKeyRule is the fireworks-api-key rule, with its samples.
func fireworksApiKeyRule() *Rule {
	key := FakeFrom("fw_", Alnum, 24, "fireworks")
	legacy := FakeFrom("", Alnum, 48, "fireworks legacy")
	names := []string{"FIREWORKS_API_KEY", "fireworks.client.api_key", "Fireworks("}
	return secret(&Rule{
		ID:          "fireworks-api-key",
		Title:       "Fireworks AI API key",
		Description: "A Fireworks AI API key is written next to FIREWORKS_API_KEY or a Fireworks client.",
		EnvVar:      "FIREWORKS_API_KEY",
		Help: secretHelp("A Fireworks AI API key",
			"delete it at <https://fireworks.ai/account/api-keys> and create a new one.", "FIREWORKS_API_KEY"),
		Keywords:    names,
		AtKeyword:   true,
		Pattern:     namedKey(names, `(?:fw_)?[A-Za-z0-9]{24,48}`),
		SecretGroup: 1,
		Bounded:     true,
		Prefixes:    []string{"fw_"},
		Validators:  []Validator{notPlaceholder("fw_"), hasDigit()},
		Precision:   "high",
		Tags:        []string{"fireworks"},
		Samples: Samples{
			True: []string{
				`FIREWORKS_API_KEY=` + key,
				`client = Fireworks(api_key="` + legacy + `")`,
				`fireworks.client.api_key = "` + key + `"`,
			},
			False: []string{
				`client = Fireworks(api_key=os.environ["FIREWORKS_API_KEY"])`,
				`FIREWORKS_API_KEY="fw_your_fireworks_api_key"`,
			},
		},
	})
}
