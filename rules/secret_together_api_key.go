package rules

// togetherApiKeyRule is the together-api-key rule, with its samples.
func togetherApiKeyRule() *Rule {
	together := FakeFrom("tgp_v1_", Base64URL, 43, "together")
	return secret(&Rule{
		ID:          "together-api-key",
		Title:       "Together AI API key",
		Description: "A Together AI API key (tgp_v1_…) is written in the file.",
		EnvVar:      "TOGETHER_API_KEY",
		Help: secretHelp("A Together AI API key (`tgp_v1_…`)",
			"delete it at <https://api.together.ai/settings/api-keys> and create a new one.", "TOGETHER_API_KEY"),
		Keywords:  []string{"tgp_v1_"},
		AtKeyword: true,
		Pattern:   `tgp_v1_[A-Za-z0-9_-]{43}`,
		Bounded:   true, BoundExtra: "-",
		Prefixes: []string{"tgp_v1_"},
		Tags:     []string{"together"},
		Samples: Samples{
			True:  []string{`client = Together(api_key="` + together + `")`},
			False: []string{`TOGETHER_API_KEY="tgp_v1_..."`, `k = "` + together + `-x"`},
		},
	})
}
