package rules

// anthropicApiKeyRule is the anthropic-api-key rule, with its samples.
func anthropicApiKeyRule() *Rule {
	anthropic := FakeFrom("sk-ant-api03-", Base64URL, 93, "anthropic") + "AA"
	anthropicAdmin := FakeFrom("sk-ant-admin01-", Base64URL, 93, "anthropic admin") + "AA"
	return secret(&Rule{
		ID:          "anthropic-api-key",
		Title:       "Anthropic API key",
		Description: "An Anthropic API key (sk-ant-api03-… or an admin key) is written in the file.",
		EnvVar:      "ANTHROPIC_API_KEY",
		Help: secretHelp("An Anthropic API key (`sk-ant-api03-…` or `sk-ant-admin01-…`)",
			"delete the key at <https://console.anthropic.com/settings/keys> and create a new one.",
			"ANTHROPIC_API_KEY"),
		Keywords:  []string{"sk-ant-api03-", "sk-ant-admin01-"},
		AtKeyword: true,
		Pattern:   `sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA`,
		Bounded:   true, BoundExtra: "-",
		Prefixes: []string{"sk-ant-api03-", "sk-ant-admin01-"},
		Tags:     []string{"anthropic"},
		Samples: Samples{
			True: []string{
				`client = anthropic.Anthropic(api_key="` + anthropic + `")`,
				`ANTHROPIC_ADMIN_KEY=` + anthropicAdmin,
			},
			False: []string{
				`ANTHROPIC_API_KEY="sk-ant-api03-..."`,
				`key = "` + anthropic[:len(anthropic)-2] + `BB"`,
				`key = "` + anthropic[:60] + `AA"`,
			},
		},
	})
}
