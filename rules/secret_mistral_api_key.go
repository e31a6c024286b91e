package rules

// mistralApiKeyRule is the mistral-api-key rule, with its samples.
func mistralApiKeyRule() *Rule {
	key := FakeFrom("", Alnum, 32, "mistral")
	return secret(&Rule{
		ID:          "mistral-api-key",
		Title:       "Mistral AI API key",
		Description: "A Mistral AI API key (32 characters) is written next to MISTRAL_API_KEY or a Mistral client.",
		EnvVar:      "MISTRAL_API_KEY",
		Help: secretHelp("A Mistral AI API key",
			"delete it at <https://console.mistral.ai/api-keys> and create a new one.", "MISTRAL_API_KEY"),
		Keywords:    []string{"MISTRAL_API_KEY", "Mistral(", "MistralClient("},
		AtKeyword:   true,
		Pattern:     namedKey([]string{"MISTRAL_API_KEY", "Mistral(", "MistralClient("}, `[A-Za-z0-9]{32}`),
		SecretGroup: 1,
		Bounded:     true,
		Validators:  []Validator{notPlaceholder(), hasDigit()},
		Precision:   "high",
		Tags:        []string{"mistral"},
		Samples: Samples{
			True: []string{
				`os.environ["MISTRAL_API_KEY"] = "` + key + `"`,
				`client = Mistral(api_key="` + key + `")`,
				`MISTRAL_API_KEY=` + key,
			},
			False: []string{
				`client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])`,
				`MISTRAL_API_KEY="<your mistral api key here>"`,
				`MISTRAL_API_KEY=` + key + `x`,
				`MISTRAL_API_KEY=AuthenticationRequiredForThisApp`,
			},
		},
	})
}
