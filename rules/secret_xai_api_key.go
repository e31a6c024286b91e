package rules

// xaiApiKeyRule is the xai-api-key rule, with its samples.
func xaiApiKeyRule() *Rule {
	key := FakeFrom("xai-", Alnum, 80, "xai")
	return secret(&Rule{
		ID:          "xai-api-key",
		Title:       "xAI API key",
		Description: "An xAI (Grok) API key (xai-…) is written in the file.",
		EnvVar:      "XAI_API_KEY",
		Help: secretHelp("An xAI API key (`xai-…`)",
			"delete it at <https://console.x.ai> (API Keys) and create a new one.", "XAI_API_KEY"),
		Keywords:  []string{"xai-"},
		AtKeyword: true,
		Pattern:   `xai-[A-Za-z0-9]{80}`,
		Bounded:   true, BoundExtra: "-",
		Prefixes: []string{"xai-"},
		Tags:     []string{"xai"},
		Samples: Samples{
			True:  []string{`client = OpenAI(base_url="https://api.x.ai/v1", api_key="` + key + `")`, `XAI_API_KEY=` + key},
			False: []string{`XAI_API_KEY="xai-..."`, `name = "xai-solutions"`, `k = "` + key + `Z"`},
		},
	})
}
