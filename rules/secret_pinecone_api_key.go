package rules

import (
	"regexp"
)

// pineconeApiKeyRule is the pinecone-api-key rule, with its samples.
func pineconeApiKeyRule() *Rule {
	body := FakeFrom("", Alnum, 69, "pinecone") // one draw: a 6-character draw alone reads as a placeholder
	key := "pcsk_" + body[:6] + "_" + body[6:]
	return secret(&Rule{
		ID:          "pinecone-api-key",
		Title:       "Pinecone API key",
		Description: "A Pinecone API key (pcsk_…) is written in the file.",
		Help: secretHelp("A Pinecone API key (`pcsk_…`)",
			"delete it in the Pinecone console (<https://app.pinecone.io>, API Keys) and create a new one.", "PINECONE_API_KEY"),
		Keywords:  []string{"pcsk_"},
		AtKeyword: true,
		Pattern:   regexp.MustCompile(`pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}`),
		Bounded:   true,
		Prefixes:  []string{"pcsk_"},
		Tags:      []string{"pinecone"},
		Samples: Samples{
			True:  []string{`pc = Pinecone(api_key="` + key + `")`, `PINECONE_API_KEY=` + key},
			False: []string{`placeholder="pcsk_xxxxxxxx"`, `k = "` + key + `A"`},
		},
	})
}
