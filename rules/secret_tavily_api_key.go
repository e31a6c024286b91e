package rules

// tavilyApiKeyRule is the tavily-api-key rule, with its samples.
func tavilyApiKeyRule() *Rule {
	key := FakeFrom("tvly-", Alnum, 32, "tavily")
	dev := FakeFrom("tvly-dev-", Alnum, 32, "tavily dev")
	return secret(&Rule{
		ID:          "tavily-api-key",
		Title:       "Tavily API key",
		Description: "A Tavily search API key (tvly-…) is written in the file.",
		EnvVar:      "TAVILY_API_KEY",
		Help: secretHelp("A Tavily API key (`tvly-…`)",
			"delete it at <https://app.tavily.com> and create a new one.", "TAVILY_API_KEY"),
		Keywords:  []string{"tvly-"},
		AtKeyword: true,
		Pattern:   `tvly-(?:(?:dev|prod)-)?[A-Za-z0-9_-]{32,64}`,
		Bounded:   true, BoundExtra: "-",
		Prefixes: []string{"tvly-dev-", "tvly-prod-", "tvly-"},
		Tags:     []string{"tavily"},
		Samples: Samples{
			True:  []string{`os.environ["TAVILY_API_KEY"] = "` + key + `"`, `tavily = TavilyClient(api_key="` + dev + `")`},
			False: []string{`TAVILY_API_KEY="tvly-..."`, `TAVILY_API_KEY="tvly-YourTavilyApiKey"`, `k = "tvly-` + key[5:25] + `"`},
		},
	})
}
