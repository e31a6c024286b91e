package rules

import (
	"regexp"
	"strings"
)

// namedKey is the pattern of a key that has no shape of its own and is
// found only after its name: NAME=key (.env, shell, %env), NAME = "key",
// "NAME": "key", os.environ["NAME"] = "key", Client("key") and
// Client(api_key="key"). names are plain text; value is the key's shape and
// becomes the secret group (SecretGroup 1).
func namedKey(names []string, value string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	return `(?:` + strings.Join(quoted, "|") + `)['"]?\]?\s*[=:]?\s*(?:api_key\s*=\s*)?['"]?(` + value + `)`
}

// hasDigit is the validator of keys drawn from letters and digits that are
// found by name: a word of the right length after the name (an identifier,
// prose) has no digit, while a random key of 25 or more characters lacks
// one about once in a hundred draws at worst (Comet's 25) and far less
// often for the longer ones. The generic rule asks the same of a literal.
func hasDigit() Validator {
	return Validator{Name: "has-digit", Accept: func(s string) bool { return strings.ContainsAny(s, "0123456789") }}
}
