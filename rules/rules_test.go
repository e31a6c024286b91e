package rules

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

var idShape = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestTableIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Default() {
		if !idShape.MatchString(r.ID) || seen[r.ID] {
			t.Errorf("rule id %q: malformed or repeated", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Description == "" || r.Help == "" {
			t.Errorf("%s: title, description and help are all required", r.ID)
		}
		if len(r.Keywords) == 0 {
			t.Errorf("%s: no keywords: the prefilter could never select it", r.ID)
		}
		if r.Level < Note || r.Level > Error {
			t.Errorf("%s: bad level %d", r.ID, r.Level)
		}
		if r.SecuritySeverity <= 0 || r.SecuritySeverity > 10 || r.Precision == "" {
			t.Errorf("%s: SARIF severity/precision missing", r.ID)
		}
		if len(r.Samples.True) == 0 || len(r.Samples.False) == 0 {
			t.Errorf("%s: needs samples both ways", r.ID)
		}
	}
}

func TestSamples(t *testing.T) {
	for _, r := range Default() {
		for _, s := range r.Samples.True {
			if len(r.FindAll([]byte(s))) == 0 {
				t.Errorf("%s: missed true sample %q", r.ID, s)
			}
			if !containsKeyword(r, s) {
				t.Errorf("%s: true sample %q holds no keyword, the prefilter would drop it", r.ID, s)
			}
		}
		for _, s := range r.Samples.False {
			if m := r.FindAll([]byte(s)); len(m) != 0 {
				t.Errorf("%s: false sample %q matched %q", r.ID, s, m[0].Secret)
			}
		}
	}
}

func containsKeyword(r *Rule, s string) bool {
	for _, k := range r.Keywords {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// Real tokens must never be lost to the placeholder filter: random bodies
// in the shape providers issue them all pass.
func TestPlaceholderKeepsRandomTokens(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	const alnum = letters + "0123456789"
	for _, alphabet := range []string{letters, alnum} {
		for i := 0; i < 50000; i++ {
			b := make([]byte, 34)
			for j := range b {
				b[j] = alphabet[rng.IntN(len(alphabet))]
			}
			if IsPlaceholder(string(b)) {
				t.Fatalf("random token body %q taken for a placeholder", b)
			}
		}
	}
}

func TestPlaceholderCatchesFillers(t *testing.T) {
	for _, body := range []string{
		strings.Repeat("x", 34), strings.Repeat("X", 34), strings.Repeat("a", 34),
		"abcdefghijklmnopqrstuvwxyzABCDEFGH", "1234567890abcdefghijklmnopqrstuvwx",
		"YOURTOKENHEREYOURTOKENHEREYOURTOK", "ExampleExampleExampleExampleExamp",
		"ababababababababababababababababab", "yourhftokengoeshereplease12345678",
		"PlaceholderPlaceholderPlaceholder", "", "mytokenhereAbCdQwZxPlMnRtYuIoPaSd",
	} {
		if !IsPlaceholder(body) {
			t.Errorf("%q not taken for a placeholder", body)
		}
	}
}

func TestRedact(t *testing.T) {
	r := Default()[0]
	tok := Fake("hf_", 34, "redact")
	got := r.Redact(tok)
	if want := "hf_…" + tok[len(tok)-4:]; got != want {
		t.Fatalf("Redact = %q, want %q", got, want)
	}
	if strings.Contains(got, tok[3:10]) {
		t.Fatalf("redaction leaks the body: %q", got)
	}
}

func TestFakeIsStableAndValid(t *testing.T) {
	a, b := Fake("hf_", 34, "x"), Fake("hf_", 34, "x")
	if a != b || len(a) != 37 || Fake("hf_", 34, "y") == a {
		t.Fatalf("Fake not deterministic per seed: %q %q", a, b)
	}
	if len(Default()[0].FindAll([]byte(a))) != 1 {
		t.Fatalf("Fake token %q not found by hf-token", a)
	}
}

func TestParseLevel(t *testing.T) {
	for s, want := range map[string]Level{"error": Error, "Warning": Warning, "note": Note} {
		if got, err := ParseLevel(s); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseLevel("fatal"); err == nil {
		t.Error("ParseLevel accepted fatal")
	}
}
