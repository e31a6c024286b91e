package rules

// openrouterApiKeyRule is the openrouter-api-key rule, with its samples.
func openrouterApiKeyRule() *Rule {
	key := FakeFrom("sk-or-v1-", Hex, 64, "openrouter")
	return secret(&Rule{
		ID:          "openrouter-api-key",
		Title:       "OpenRouter API key",
		Description: "An OpenRouter API key (sk-or-v1-…) is written in the file.",
		EnvVar:      "OPENROUTER_API_KEY",
		Help: secretHelp("An OpenRouter API key (`sk-or-v1-…`)",
			"delete it at <https://openrouter.ai/settings/keys> and create a new one.", "OPENROUTER_API_KEY"),
		Keywords:  []string{"sk-or-v1-"},
		AtKeyword: true,
		Pattern:   `sk-or-v1-[0-9a-f]{64}`,
		Bounded:   true, BoundExtra: "-",
		Prefixes: []string{"sk-or-v1-"},
		Tags:     []string{"openrouter"},
		Samples: Samples{
			True: []string{
				`client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="` + key + `")`,
				`OPENROUTER_API_KEY=` + key,
			},
			False: []string{`OPENROUTER_API_KEY="sk-or-v1-..."`, `k = "` + key + `0"`, `k = "sk-or-v1-xxxxxxxxxxxxxxxxxxxxxxxx"`},
		},
	})
}
