package rules

// cometApiKeyRule is the comet-api-key rule, with its samples.
func cometApiKeyRule() *Rule {
	key := FakeFrom("", Alnum, 25, "comet")
	names := []string{"COMET_API_KEY", "comet_ml.init(", "comet_ml.login(", "Experiment("}
	return secret(&Rule{
		ID:          "comet-api-key",
		Title:       "Comet API key",
		Description: "A Comet (comet_ml) API key (25 characters) is written next to COMET_API_KEY or a comet_ml call.",
		EnvVar:      "COMET_API_KEY",
		Help: secretHelp("A Comet API key",
			"regenerate it under Account settings → API Keys at <https://www.comet.com>.", "COMET_API_KEY"),
		Keywords:    names,
		AtKeyword:   true,
		Pattern:     namedKey(names, `[A-Za-z0-9]{25}`),
		SecretGroup: 1,
		Bounded:     true,
		Validators:  []Validator{notPlaceholder(), hasDigit()},
		Precision:   "high",
		Tags:        []string{"comet"},
		Samples: Samples{
			True: []string{
				`os.environ["COMET_API_KEY"] = '` + key + `'`,
				`experiment = Experiment(api_key="` + key + `", project_name="nlp")`,
				`comet_ml.login(api_key="` + key + `")`,
			},
			False: []string{
				`experiment = Experiment(api_key=os.environ["COMET_API_KEY"], project_name="nlp")`,
				`COMET_API_KEY=` + key + `0`,
				`experiment = Experiment(project_name="` + key + `")`,
			},
		},
	})
}
