package rules

// cohereApiKeyRule is the cohere-api-key rule, with its samples.
func cohereApiKeyRule() *Rule {
	key := FakeFrom("", Alnum, 40, "cohere")
	names := []string{"COHERE_API_KEY", "CO_API_KEY", "cohere.Client(", "cohere.ClientV2(", "cohere.AsyncClient("}
	return secret(&Rule{
		ID:          "cohere-api-key",
		Title:       "Cohere API key",
		Description: "A Cohere API key (40 characters) is written next to CO_API_KEY, COHERE_API_KEY or a cohere client.",
		EnvVar:      "CO_API_KEY",
		Help: secretHelp("A Cohere API key",
			"delete it at <https://dashboard.cohere.com/api-keys> and create a new one.", "CO_API_KEY"),
		Keywords:    names,
		AtKeyword:   true,
		Pattern:     namedKey(names, `[A-Za-z0-9]{40}`),
		SecretGroup: 1,
		Bounded:     true,
		Validators:  []Validator{notPlaceholder(), hasDigit()},
		Precision:   "high",
		Tags:        []string{"cohere"},
		Samples: Samples{
			True: []string{
				`co = cohere.Client("` + key + `")`,
				`co = cohere.ClientV2(api_key="` + key + `")`,
				`COHERE_API_KEY=` + key,
				`{"CO_API_KEY": "` + key + `"}`,
			},
			False: []string{
				`co = cohere.Client(os.environ["CO_API_KEY"])`,
				`COHERE_API_KEY="<insert your cohere key here>"`,
				`COHERE_API_KEY=` + key + `0`,
			},
		},
	})
}
