package scanner

import (
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner/code"
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

// mayHoldSplitLiteral walks the text once; it must say what a search for
// each of the patterns it stands for says, or that a line ends inside a
// string, on texts dense in quotes, blanks, operators, comments and line
// breaks.
func TestMayHoldSplitLiteralAgreesWithPatterns(t *testing.T) {
	joined := regexp.MustCompile(`['"][ \t]*[+%'"#\r\n\\]`) // outside comments
	rng := rand.New(rand.NewSource(21))
	pool := []string{"'", `"`, " ", "\t", "+", "%", "#", "\n", "\r", "x", ".join(", ".format(", ".join", "(", "a", "-"}
	for round := range 20000 {
		var b strings.Builder
		for range rng.Intn(12) {
			b.WriteString(pool[rng.Intn(len(pool))])
		}
		src := b.String()
		code, open := withoutComments(src)
		want := joined.MatchString(code) || open || strings.Contains(src, ".join(") || strings.Contains(src, ".format(")
		if got := mayHoldSplitLiteral([]byte(src)); got != want {
			t.Fatalf("round %d, %q: %v, want %v", round, src, got, want)
		}
	}
}

// withoutComments returns src (which holds no backslash) without the
// text of its comments (after a # outside a string, to the end of the
// line), and whether a
// line of it ends inside a string: a quote opens one, the same quote
// closes it.
func withoutComments(src string) (code string, leftOpen bool) {
	var b strings.Builder
	var open rune
	comment := false
	for _, c := range src {
		switch {
		case comment && c != '\n':
			continue
		case c == '#' && open == 0:
			comment = true // the # stays: a literal before it may join the next line's
		case c == '\n':
			comment = false
			leftOpen = leftOpen || open != 0
			open = 0
		case (c == '\'' || c == '"') && open == 0:
			open = c
		case c == open:
			open = 0
		}
		b.WriteRune(c)
	}
	return b.String(), leftOpen
}

// The cheap test never hides a folded finding: on random code of literals
// (a token's pieces among them), quotes left open at the end of a line,
// escapes, comments, operators and brackets, foldedViews finds what the
// fold finds when it tokenizes every text.
func TestMayHoldSplitLiteralHidesNoFold(t *testing.T) {
	tok := rules.Fake("hf_", 34, "fold precheck")
	noise := []string{`"`, `'`, "\n", "\\", `\"`, "\\\n", "(", ")", " ", "+", "%", "# it's", "y = 'a'", "\t", ".join("}
	joiners := []string{"\n  ", " ", " + ", "+", "\n+ ", " # note\n  "}
	rng := rand.New(rand.NewSource(22))
	fs := &fileScanner{m: mustMatcher(rules.Default())}
	folds := 0
	for round := range 20000 {
		some := func() string {
			var b strings.Builder
			for range rng.Intn(4) {
				b.WriteString(noise[rng.Intn(len(noise))])
			}
			return b.String()
		}
		q1, q2 := `"'`[rng.Intn(2):][:1], `"'`[rng.Intn(2):][:1]
		k := 4 + rng.Intn(len(tok)-8)
		first := q1 + tok[:k]
		if rng.Intn(2) == 0 {
			first += q1 // closed; else left open to the end of its line
		}
		src := some() + "x = (" + first + joiners[rng.Intn(len(joiners))] + q2 + tok[k:] + q2 + ")" + some()
		st := scannedText{text: rawText([]byte(src))}
		want := len(fs.foldViews(&st, code.Cell))
		if got := len(fs.foldedViews(&st, code.Cell)); got != want {
			t.Fatalf("round %d, %q: %d folded views, %d without the cheap test", round, src, got, want)
		}
		if want > 0 {
			folds++
		}
	}
	if folds < 2000 {
		t.Fatalf("only %d texts folded into a finding: the test checks little", folds)
	}
}
