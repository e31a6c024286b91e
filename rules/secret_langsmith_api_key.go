package rules

// langsmithApiKeyRule is the langsmith-api-key rule, with its samples.
func langsmithApiKeyRule() *Rule {
	langsmith := FakeFrom("lsv2_pt_", Hex, 32, "langsmith a") + "_" + FakeFrom("", Hex, 10, "langsmith b")
	return secret(&Rule{
		ID:          "langsmith-api-key",
		Title:       "LangSmith API key",
		Description: "A LangSmith personal access token or service key (lsv2_pt_…, lsv2_sk_…) is written in the file.",
		EnvVar:      "LANGSMITH_API_KEY",
		Help: secretHelp("A LangSmith API key (`lsv2_pt_…` or `lsv2_sk_…`)",
			"delete it at <https://smith.langchain.com/settings> (API Keys) and create a new one.", "LANGSMITH_API_KEY"),
		Keywords:  []string{"lsv2_pt_", "lsv2_sk_"},
		AtKeyword: true,
		Pattern:   `lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}`,
		Bounded:   true,
		Prefixes:  []string{"lsv2_pt_", "lsv2_sk_"},
		Tags:      []string{"langsmith"},
		Samples: Samples{
			True:  []string{`os.environ["LANGCHAIN_API_KEY"] = "` + langsmith + `"`},
			False: []string{`LANGCHAIN_API_KEY=ls__0123456789abcdef0123456789abcdef`, `k = "lsv2_xx_` + langsmith[8:] + `"`},
		},
	})
}
