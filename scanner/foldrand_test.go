package scanner

import (
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// TestFoldRandom splits a token at random into two to four literals and
// puts them back together by +, adjacency, %, .format and .join — in
// order and out of it. Nothing may crash or point outside the file, and
// the in-order forms (+, adjacency, %s) must be found.
func TestFoldRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	tok := rules.Fake("hf_", 34, "foldrand")
	q := func(s string) string {
		if r.Intn(2) == 0 {
			return "'" + s + "'"
		}
		return `"` + s + `"`
	}
	for n := 0; n < 600; n++ {
		k := 2 + r.Intn(3)
		cuts := []int{0}
		for i := 1; i < k; i++ {
			cuts = append(cuts, 3+r.Intn(len(tok)-3)) // "hf_" whole: a cut keyword is documented as unseen
		}
		slices.Sort(cuts)
		cuts = append(cuts, len(tok))
		var parts []string
		for i := 0; i+1 < len(cuts); i++ {
			parts = append(parts, tok[cuts[i]:cuts[i+1]])
		}
		var expr string
		form := r.Intn(6)
		switch form {
		case 0:
			var qs []string
			for _, p := range parts {
				qs = append(qs, q(p))
			}
			expr = "(" + strings.Join(qs, []string{" + ", " ", "+", "\n  "}[r.Intn(4)]) + ")"
		case 1:
			expr = q(parts[0]+strings.Repeat("%s", len(parts)-1)) + " % (" + func() string {
				var qs []string
				for _, p := range parts[1:] {
					qs = append(qs, q(p))
				}
				return strings.Join(qs, ", ")
			}() + ")"
		case 2:
			f := ""
			for i := range parts[1:] {
				if r.Intn(2) == 0 {
					f += "{}"
				} else {
					f += "{" + string(rune('0'+r.Intn(len(parts)))) + "}"
				}
				_ = i
			}
			var qs []string
			for _, p := range parts {
				qs = append(qs, q(p))
			}
			expr = q(parts[0]+f) + ".format(" + strings.Join(qs[1:], ", ") + ")"
		case 3:
			sep := parts[r.Intn(len(parts))]
			var qs []string
			for _, p := range parts {
				qs = append(qs, q(p))
			}
			expr = q(sep) + ".join([" + strings.Join(qs, ", ") + "])"
		case 4:
			// the token's end in the separator, which stands before the first piece
			expr = q(strings.Join(parts[1:], "")) + ".join([" + q(parts[0]) + ", " + q("!") + "])"
		default:
			expr = q(parts[0]) + " % " + q(strings.Join(parts[1:], ""))
		}
		// as a Python file, and as a notebook code cell (pretty and minified)
		for _, sf := range []sampleForm{sampleForms[1], sampleForms[3], sampleForms[4]} {
			src := sf.make("x = " + expr)
			fs, _ := scanBytes(sf.path, src)
			found := false
			for _, f := range fs {
				if f.Line < 1 || f.Column < 1 || f.EndLine < f.Line {
					t.Fatalf("%s: bad position %+v for %q", sf.name, f, src)
				}
				if f.Offset < 0 || f.EndOffset <= f.Offset || f.EndOffset > len(src) {
					t.Fatalf("%s: bytes %d:%d outside the file for %q", sf.name, f.Offset, f.EndOffset, src)
				}
				if f.Rule.ID == "hf-token" {
					found = true
					// at the token's first character, in the first literal
					if (form == 0 || form == 1) && !strings.HasPrefix(string(src[f.Offset:]), parts[0]) {
						t.Fatalf("%s: found at byte %d, not at the first literal, in %q", sf.name, f.Offset, src)
					}
				}
			}
			if (form == 0 || form == 1) && !found {
				t.Fatalf("%s: split token not found in %q", sf.name, src)
			}
		}
	}
}

// mayHoldSplitLiteral walks from quote to quote; it must say what a search
// for each of the patterns it stands for says, on texts dense in quotes,
// spaces, operators and line breaks.
func TestMayHoldSplitLiteralAgreesWithPatterns(t *testing.T) {
	patterns := []string{"' +", "'+", `" +`, `"+`, "' '", `" "`, `' "`, `" '`, "''", `""`, "'\n", "\"\n", ".join(", "' %", `" %`, ".format("}
	rng := rand.New(rand.NewSource(21))
	pool := []string{"'", `"`, " ", "+", "%", "\n", "x", ".join(", ".format(", ".join", "(", "a"}
	for round := range 20000 {
		var b strings.Builder
		for range rng.Intn(12) {
			b.WriteString(pool[rng.Intn(len(pool))])
		}
		src := b.String()
		want := slices.ContainsFunc(patterns, func(p string) bool { return strings.Contains(src, p) })
		if got := mayHoldSplitLiteral([]byte(src)); got != want {
			t.Fatalf("round %d, %q: %v, want %v", round, src, got, want)
		}
	}
}
