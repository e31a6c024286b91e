package rules

import (
	"crypto/sha256"
	"strconv"
)

const fakeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// Fake returns a well-formed but invented secret: prefix followed by n
// letters derived from seed. Samples and tests use it so that no real
// credential is ever written into the repository, and the same seed always
// gives the same string so that golden files stay put.
func Fake(prefix string, n int, seed string) string {
	return FakeFrom(prefix, fakeAlphabet, n, seed)
}

// Alphabets for FakeFrom.
const (
	Alnum      = fakeAlphabet + "0123456789"
	Hex        = "0123456789abcdef"
	Base64URL  = Alnum + "-_"
	Base32AWS  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	Base64Text = Alnum + "+/"
)

// FakeFrom is Fake with the body drawn from alphabet.
func FakeFrom(prefix, alphabet string, n int, seed string) string {
	for attempt := 0; ; attempt++ {
		body := make([]byte, 0, n)
		for block := 0; len(body) < n; block++ {
			sum := sha256.Sum256([]byte(seed + "/" + strconv.Itoa(attempt) + "/" + strconv.Itoa(block)))
			for _, b := range sum {
				if len(body) == n {
					break
				}
				body = append(body, alphabet[int(b)%len(alphabet)])
			}
		}
		if !IsPlaceholder(string(body)) {
			return prefix + string(body)
		}
		if attempt == 1000 {
			// A short body is always read as a placeholder: draw the
			// whole secret at once and cut it instead.
			panic("rules.FakeFrom: no body of " + strconv.Itoa(n) + " characters passes the placeholder filter; draw a longer one")
		}
	}
}
