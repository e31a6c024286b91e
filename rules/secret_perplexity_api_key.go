package rules

// perplexityApiKeyRule is the perplexity-api-key rule, with its samples.
func perplexityApiKeyRule() *Rule {
	pplx := FakeFrom("pplx-", Alnum, 48, "perplexity")
	return secret(&Rule{
		ID:          "perplexity-api-key",
		Title:       "Perplexity API key",
		Description: "A Perplexity API key (pplx-…) is written in the file.",
		EnvVar:      "PERPLEXITY_API_KEY",
		Help: secretHelp("A Perplexity API key (`pplx-…`)",
			"delete it at <https://www.perplexity.ai/settings/api> and create a new one.", "PERPLEXITY_API_KEY"),
		Keywords:  []string{"pplx-"},
		AtKeyword: true,
		Pattern:   `pplx-[A-Za-z0-9]{48}`,
		Bounded:   true, BoundExtra: "-",
		Prefixes: []string{"pplx-"},
		Tags:     []string{"perplexity"},
		Samples: Samples{
			True:  []string{`PERPLEXITY_API_KEY=` + pplx},
			False: []string{`PERPLEXITY_API_KEY="pplx-..."`, `k = "` + pplx + `Z"`},
		},
	})
}
