package rules

// replicateApiTokenRule is the replicate-api-token rule, with its samples.
func replicateApiTokenRule() *Rule {
	replicate := FakeFrom("r8_", Alnum, 37, "replicate")
	return secret(&Rule{
		ID:          "replicate-api-token",
		Title:       "Replicate API token",
		Description: "A Replicate API token (r8_…) is written in the file.",
		EnvVar:      "REPLICATE_API_TOKEN",
		Help: secretHelp("A Replicate API token (`r8_…`)",
			"delete it at <https://replicate.com/account/api-tokens> and create a new one.", "REPLICATE_API_TOKEN"),
		Keywords:  []string{"r8_"},
		AtKeyword: true,
		Pattern:   `r8_[A-Za-z0-9]{37}`,
		Bounded:   true,
		Prefixes:  []string{"r8_"},
		Tags:      []string{"replicate"},
		Samples: Samples{
			True:  []string{`os.environ["REPLICATE_API_TOKEN"] = "` + replicate + `"`},
			False: []string{`REPLICATE_API_TOKEN="r8_..."`, `t = "` + replicate + `x"`, `ar8_` + replicate[3:]},
		},
	})
}
