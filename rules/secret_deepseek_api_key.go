package rules

// deepseekApiKeyRule is the deepseek-api-key rule, with its samples.
func deepseekApiKeyRule() *Rule {
	key := FakeFrom("sk-", Hex, 32, "deepseek")
	return secret(&Rule{
		ID:          "deepseek-api-key",
		Title:       "DeepSeek API key",
		Description: "A DeepSeek API key (sk- and 32 hex digits) is written next to DEEPSEEK_API_KEY.",
		EnvVar:      "DEEPSEEK_API_KEY",
		Help: secretHelp("A DeepSeek API key (`sk-…`)",
			"delete it at <https://platform.deepseek.com/api_keys> and create a new one.", "DEEPSEEK_API_KEY") +
			"\nA key passed to `OpenAI(api_key=…, base_url=\"https://api.deepseek.com\")` is reported by `openai-compatible-api-key`.\n",
		Keywords:    []string{"DEEPSEEK_API_KEY"},
		AtKeyword:   true,
		Pattern:     namedKey([]string{"DEEPSEEK_API_KEY"}, `sk-[0-9a-f]{32}`),
		SecretGroup: 1,
		Bounded:     true, BoundExtra: "-",
		Prefixes:  []string{"sk-"},
		Precision: "high",
		Tags:      []string{"deepseek"},
		Samples: Samples{
			True: []string{
				`DEEPSEEK_API_KEY=` + key,
				`os.environ["DEEPSEEK_API_KEY"] = "` + key + `"`,
			},
			False: []string{
				`DEEPSEEK_API_KEY="sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`,
				`DEEPSEEK_API_KEY=` + key + `0`,
			},
		},
	})
}
