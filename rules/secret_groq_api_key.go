package rules

// groqApiKeyRule is the groq-api-key rule, with its samples.
func groqApiKeyRule() *Rule {
	groq := FakeFrom("gsk_", Alnum, 48, "groq")
	return secret(&Rule{
		ID:          "groq-api-key",
		Title:       "Groq API key",
		Description: "A Groq API key (gsk_…) is written in the file.",
		EnvVar:      "GROQ_API_KEY",
		Help: secretHelp("A Groq API key (`gsk_…`)",
			"delete it at <https://console.groq.com/keys> and create a new one.", "GROQ_API_KEY"),
		Keywords:  []string{"gsk_"},
		AtKeyword: true,
		Pattern:   `gsk_[A-Za-z0-9]{48}`,
		Bounded:   true,
		Prefixes:  []string{"gsk_"},
		Tags:      []string{"groq"},
		Samples: Samples{
			True:  []string{`client = Groq(api_key="` + groq + `")`},
			False: []string{`GROQ_API_KEY=gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `k = "` + groq + `9"`},
		},
	})
}
