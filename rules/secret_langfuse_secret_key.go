package rules

// langfuseSecretKeyRule is the langfuse-secret-key rule, with its samples.
func langfuseSecretKeyRule() *Rule {
	uuidOf := func(seed string) string {
		h := FakeFrom("", Hex, 32, seed)
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	}
	uuid, public := uuidOf("langfuse secret"), uuidOf("langfuse public")
	return secret(&Rule{
		ID:          "langfuse-secret-key",
		Title:       "Langfuse secret key",
		Description: "A Langfuse secret key (sk-lf-…) is written in the file; its public key (pk-lf-…) is usually beside it.",
		EnvVar:      "LANGFUSE_SECRET_KEY",
		Help: secretHelp("A Langfuse secret key (`sk-lf-…`)",
			"delete the key pair in the Langfuse project settings (API Keys) and create a new one.", "LANGFUSE_SECRET_KEY"),
		Keywords:  []string{"sk-lf-"},
		AtKeyword: true,
		Pattern:   `sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
		Bounded:   true, BoundExtra: "-",
		Prefixes: []string{"sk-lf-"},
		Tags:     []string{"langfuse"},
		Samples: Samples{
			True:  []string{`Langfuse(public_key="pk-lf-` + public + `", secret_key="sk-lf-` + uuid + `")`, `LANGFUSE_SECRET_KEY=sk-lf-` + uuid},
			False: []string{`LANGFUSE_SECRET_KEY="sk-lf-..."`, `secret_key="sk-lf-test"`, `public_key="pk-lf-` + public + `"`},
		},
	})
}
