package scanner

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkDecodeMap decodes the JSON encoding of s and checks that the text is
// s again and that every character maps to the raw bytes that encode it.
func checkDecodeMap(t *testing.T, s string) {
	t.Helper()
	raw, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	txt := &Text{}
	txt.appendJSONString(raw, 1, len(raw)-1)
	if string(txt.Data) != s {
		t.Fatalf("decoded %q, want %q", txt.Data, s)
	}
	for i, r := range s {
		at := txt.Raw(i)
		if at < 1 || at >= len(raw)-1 {
			t.Fatalf("%q: char %d maps outside the string body: %d", s, i, at)
		}
		var got rune
		if raw[at] == '\\' {
			got, _ = decodeEscape(raw[at:])
		} else {
			got, _ = utf8.DecodeRune(raw[at:])
		}
		if got != r && !(r == utf8.RuneError) {
			t.Fatalf("%q: char %d (%q) maps to raw %d which holds %q", s, i, r, at, got)
		}
	}
}

func TestDecodeMapsEveryCharacter(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and backslash \ here`, "line\nbreak\ttab\r",
		"é and 🤗 and <html> & more", "\x1b[0;31mred\x1b[0m", "\u2028 sep",
	} {
		checkDecodeMap(t, s)
	}
}

func TestSurrogatePairsAndBadEscapes(t *testing.T) {
	raw := []byte(`\ud83e\udd17x\ud800y\q\u12`)
	txt := &Text{}
	txt.appendJSONString(raw, 0, len(raw))
	want := "🤗x\uFFFDy\\q\uFFFD12"
	if string(txt.Data) != want {
		t.Fatalf("decoded %q, want %q", txt.Data, want)
	}
	if at := txt.Raw(strings.Index(want, "x")); at != 12 {
		t.Fatalf("x maps to raw %d, want 12", at)
	}
}

func TestStripANSIKeepsPositions(t *testing.T) {
	s := "\x1b[0;31mError\x1b[0m: token \x1b[38;5;124m\"\x1b[39mabc\x1b]8;;link\x07z"
	raw, _ := json.Marshal(s)
	txt := &Text{}
	txt.appendJSONString(raw, 1, len(raw)-1)
	stripped := txt.stripANSI()
	if got, want := string(stripped.Data), `Error: token "abcz`; got != want {
		t.Fatalf("stripped %q, want %q", got, want)
	}
	i := strings.Index(string(stripped.Data), "abc")
	if at := stripped.Raw(i); string(raw[at:at+3]) != "abc" {
		t.Fatalf("abc maps to raw %d (%q)", at, raw[at:min(at+8, len(raw))])
	}
	i = strings.Index(string(stripped.Data), `"`)
	if at := stripped.Raw(i); string(raw[at:at+2]) != `\"` {
		t.Fatalf(`quote maps to raw %d (%q)`, at, raw[at:min(at+8, len(raw))])
	}
}

func TestLineColLoneCR(t *testing.T) {
	b := []byte("one\rtwo\r\nthree\nfour x")
	cols := newColumns(b)
	if l, c := cols.at(strings.Index(string(b), "x")); l != 4 || c != 6 {
		t.Fatalf("x at %d:%d, want 4:6", l, c)
	}
	if l, c := cols.at(strings.Index(string(b), "two")); l != 2 || c != 1 {
		t.Fatalf("two at %d:%d, want 2:1", l, c)
	}
}

func TestLineCol(t *testing.T) {
	b := []byte("ab\r\n\té🤗x\nlast")
	cols := newColumns(b)
	// In order, out of order and repeated: the counting on from the last
	// answer must give what counting from the line's start gives.
	x := strings.Index(string(b), "x")
	for _, c := range []struct {
		off, line, col int
	}{{0, 1, 1}, {4, 2, 1}, {5, 2, 2}, {x, 2, 4}, {x, 2, 4}, {5, 2, 2}, {len(b) - 1, 3, 4}, {x, 2, 4}} {
		if l, col := cols.at(c.off); l != c.line || col != c.col {
			t.Errorf("offset %d: %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}

func FuzzJSONStringMap(f *testing.F) {
	for _, s := range []string{"a\"b", "é🤗\n", "\x1b[1mX", "\\u0041"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkDecodeMap(t, strings.ToValidUTF8(s, "?"))
	})
}

// Files without a CR take a faster path that must agree with the general
// one, trailing newline or not.
func TestLineStartsLFOnly(t *testing.T) {
	for _, s := range []string{"", "\n", "a", "a\n", "\n\nab\nc", "one\ntwo\n\nthree"} {
		got := lineStartsOf([]byte(s))
		want := []int{0}
		for i := range len(s) {
			if s[i] == '\n' {
				want = append(want, i+1)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}

// columns finds lines only as far as it is asked: asked in any order, on
// texts of LF, CRLF and lone CR lines, every answer is the one a full list
// of line starts gives, and the lines it lists are a prefix of that list.
func TestColumnsLazyAgreesWithFullList(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	pieces := []string{"a", "é", "🤗", " ", "\n", "\r\n", "\r", "xyz"}
	for round := range 500 {
		var sb strings.Builder
		for range rng.IntN(40) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		b := []byte(sb.String())
		full := refLineStarts(b)
		if got := lineStartsOf(b); !slices.Equal(got, full) {
			t.Fatalf("round %d, %q: lineStartsOf %v, want %v", round, b, got, full)
		}
		lazy := newColumns(b)
		for range 20 {
			off := rng.IntN(len(b) + 1)
			for off < len(b) && !utf8.RuneStart(b[off]) {
				off-- // findings start and end on characters
			}
			switch rng.IntN(3) {
			case 0:
				want := sort.Search(len(full), func(i int) bool { return full[i] > off }) - 1
				if got := lazy.line(off); got != want {
					t.Fatalf("round %d, %q: line(%d) = %d, want %d", round, b, off, got, want)
				}
				wantCol := utf8.RuneCount(b[full[want]:off]) + 1
				if l, col := lazy.at(off); l != want+1 || col != wantCol {
					t.Fatalf("round %d, %q: at(%d) = %d:%d, want %d:%d", round, b, off, l, col, want+1, wantCol)
				}
			case 1:
				k := rng.IntN(len(full) + 2)
				if got := lazy.hasLine(k); got != (k < len(full)) {
					t.Fatalf("round %d, %q: hasLine(%d) = %v with %d lines", round, b, k, got, len(full))
				}
				if k < len(full) && lazy.startOf(k) != full[k] {
					t.Fatalf("round %d, %q: startOf(%d) = %d, want %d", round, b, k, lazy.startOf(k), full[k])
				}
			default:
				want := sort.Search(len(full), func(i int) bool { return full[i] > off }) - 1
				if got := lazy.lineStart(off); got != full[want] {
					t.Fatalf("round %d, %q: lineStart(%d) = %d, want %d", round, b, off, got, full[want])
				}
			}
			if !slices.Equal(lazy.starts, full[:len(lazy.starts)]) {
				t.Fatalf("round %d, %q: lines found %v, not a prefix of %v", round, b, lazy.starts, full)
			}
		}
	}
}

// refLineStarts is every line start of b, byte by byte: after each LF, and
// after each CR not followed by an LF.
func refLineStarts(b []byte) []int {
	starts := []int{0}
	for i, c := range b {
		if c == '\n' || c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineStartsOf lists the byte offset where each line of b begins, as
// columns finds them when asked for every line.
func lineStartsOf(b []byte) []int {
	c := newColumns(b)
	c.hasLine(len(b) + 1) // every line
	return c.starts
}
