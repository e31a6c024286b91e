package rules

import (
	"encoding/base64"
	"strings"
)

// neptuneAnonymousKey is the api_key inside the token neptune-client ships
// for anonymous runs (neptune.ANONYMOUS_API_TOKEN): public, not a leak.
const neptuneAnonymousKey = "b706bc8f-76f9-4c2e-939d-4ba036f932e4"

// neptuneApiTokenRule is the neptune-api-token rule, with its samples.
func neptuneApiTokenRule() *Rule {
	token := func(apiKey string) string {
		return base64.StdEncoding.EncodeToString([]byte(`{"api_address":"https://app.neptune.ai","api_url":"https://app.neptune.ai","api_key":"` + apiKey + `"}`))
	}
	h := FakeFrom("", Hex, 32, "neptune")
	key := token(h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:])
	return secret(&Rule{
		ID:          "neptune-api-token",
		Title:       "Neptune API token",
		Description: "A neptune.ai API token (base64 of {\"api_address\":…}) is written in the file.",
		EnvVar:      "NEPTUNE_API_TOKEN",
		Help: secretHelp("A neptune.ai API token",
			"reset it in the Neptune app (your user menu → Get your API token → Reset).", "NEPTUNE_API_TOKEN"),
		// base64 of `{"api_address":` — every token starts so.
		Keywords:  []string{"eyJhcGlfYWRkcmVzcyI6"},
		AtKeyword: true,
		Pattern:   `eyJhcGlfYWRkcmVzcyI6[A-Za-z0-9+/]{40,}={0,2}`,
		Bounded:   true, BoundExtra: "+/",
		Prefixes: []string{"eyJhcGlfYWRkcmVzcyI6"},
		Validators: []Validator{{
			// A token decodes to JSON with an api_key; the anonymous one is public.
			Name: "neptune-token", Accept: func(s string) bool {
				raw, ok := decodeNeptuneToken(s)
				return ok && strings.Contains(raw, `"api_key"`) && !IsPublicCredential(s)
			},
		}},
		Tags: []string{"neptune"},
		Samples: Samples{
			True: []string{
				`run = neptune.init_run(project="ws/proj", api_token="` + key + `")`,
				`NEPTUNE_API_TOKEN=` + key,
			},
			False: []string{
				`run = neptune.init_run(api_token="` + token(neptuneAnonymousKey) + `")`,
				`x = "eyJhcGlfYWRkcmVzcyI6Imh0dHBzOi8vYXBwLm5lcHR1bmUuYWkifQ=="`,
			},
		},
	})
}

// decodeNeptuneToken is the JSON inside a Neptune token, padded or not.
func decodeNeptuneToken(s string) (string, bool) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	}
	return string(raw), err == nil
}
