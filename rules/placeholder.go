package rules

import (
	"math"
	"strings"
)

// fillerWords mark a value someone typed as an example.
var fillerWords = []string{
	"token", "example", "placeholder", "secret", "dummy", "sample",
	"insert", "replace", "changeme", "redacted", "xxxxx", "yourkey",
	"yourtoken", "yourhf", "yourapi", "yourown", "hugging", "here",
}

// minFillerCover is how many characters of a body filler words must cover.
// One five-letter word shows up by chance in about one real random token in
// 400,000; eight covered characters (two words, or one long word) in fewer
// than one in a billion, so real tokens are not lost.
const minFillerCover = 8

// IsPlaceholder reports whether the random part of a secret (what follows
// the known prefix) is an obvious filler rather than an issued credential:
// filler words, a long alphabet or digit run, or text with far less variety
// than any random token has (one repeated character, "abab…").
func IsPlaceholder(body string) bool {
	if body == "" {
		return true
	}
	if fillerCover(strings.ToLower(body)) >= minFillerCover {
		return true
	}
	if longestSequentialRun(body) >= 8 {
		return true
	}
	// Hex keys draw from 16 symbols, so even random ones score lower.
	minEntropy := 3.0
	if isHex(body) {
		minEntropy = 2.5
	}
	return shannonEntropy(body) < minEntropy
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// fillerCover counts the characters of s that lie inside a filler word.
func fillerCover(s string) int {
	covered := make([]bool, len(s))
	for _, w := range fillerWords {
		for from := 0; ; {
			i := strings.Index(s[from:], w)
			if i < 0 {
				break
			}
			for j := from + i; j < from+i+len(w); j++ {
				covered[j] = true
			}
			from += i + 1
		}
	}
	n := 0
	for _, c := range covered {
		if c {
			n++
		}
	}
	return n
}

// longestSequentialRun is the length of the longest run of characters that
// each follow the previous one by one code point ("abcdef", "123456") or
// precede it ("zyxw").
func longestSequentialRun(s string) int {
	best, up, down := 1, 1, 1
	for i := 1; i < len(s); i++ {
		switch int(s[i]) - int(s[i-1]) {
		case 1:
			up, down = up+1, 1
		case -1:
			up, down = 1, down+1
		default:
			up, down = 1, 1
		}
		best = max(best, up, down)
	}
	return best
}

// shannonEntropy is in bits per byte. 34 random letters score about 4.6;
// a run of one repeated character scores 0.
// Entropy is the Shannon entropy of s in bits per byte.
func Entropy(s string) float64 { return shannonEntropy(s) }

func shannonEntropy(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// notPlaceholder is the validator every secret rule uses: the part after
// the longest known prefix must not be filler.
func notPlaceholder(prefixes ...string) Validator {
	return Validator{
		Name: "not-placeholder",
		Accept: func(secret string) bool {
			best := ""
			for _, p := range prefixes {
				if len(p) > len(best) && strings.HasPrefix(secret, p) {
					best = p
				}
			}
			return !IsPlaceholder(secret[len(best):])
		},
	}
}

// IsPublicCredential reports whether a value is a credential its vendor
// publishes for anyone to use, so that no rule — the generic one included —
// reports it: neptune-client's token for anonymous runs.
func IsPublicCredential(s string) bool {
	if !strings.HasPrefix(s, "eyJhcGlfYWRkcmVzcyI6") {
		return false
	}
	raw, ok := decodeNeptuneToken(s)
	return ok && strings.Contains(raw, neptuneAnonymousKey)
}
