package rules

// pineconeApiKeyRule is the pinecone-api-key rule, with its samples.
func pineconeApiKeyRule() *Rule {
	body := FakeFrom("", Alnum, 69, "pinecone") // one draw: a 6-character draw alone reads as a placeholder
	key := "pcsk_" + body[:6] + "_" + body[6:]
	h := FakeFrom("", Hex, 32, "pinecone legacy")
	legacy := h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	names := []string{"PINECONE_API_KEY", "pinecone.init(", "Pinecone("}
	return secret(&Rule{
		ID:          "pinecone-api-key",
		Title:       "Pinecone API key",
		Description: "A Pinecone API key (pcsk_…, or a legacy UUID key next to PINECONE_API_KEY or a Pinecone client) is written in the file.",
		EnvVar:      "PINECONE_API_KEY",
		Help: secretHelp("A Pinecone API key (`pcsk_…`)",
			"delete it in the Pinecone console (<https://app.pinecone.io>, API Keys) and create a new one.", "PINECONE_API_KEY"),
		Keywords: append([]string{"pcsk_"}, names...),
		// Today's keys by their shape; legacy UUID keys only by name, as a
		// UUID alone is an id far more often than a key.
		Pattern:     `(pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63})|` + namedKey(names, `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`),
		SecretGroup: -1,
		AtKeyword:   true,
		Bounded:     true, BoundExtra: "-",
		Prefixes: []string{"pcsk_"},
		Tags:     []string{"pinecone"},
		Samples: Samples{
			True: []string{`pc = Pinecone(api_key="` + key + `")`, `PINECONE_API_KEY=` + key,
				`pinecone.init(api_key="` + legacy + `", environment="us-west1-gcp")`, `os.environ["PINECONE_API_KEY"] = "` + legacy + `"`},
			False: []string{`placeholder="pcsk_xxxxxxxx"`, `k = "` + key + `A"`, `run_id = "` + legacy + `"`,
				`PINECONE_API_KEY="00000000-0000-0000-0000-000000000000"`},
		},
	})
}
