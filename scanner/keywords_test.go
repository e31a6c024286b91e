package scanner

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/hfscan/hfscan/scanner/code"
)

// naive is what the automaton must agree with: one bytes.Index a word,
// where a leftBounded word counts at the start of b, after a byte that is
// no letter, digit or underscore, or after one that may end an escape.
func naive(words []keywordEntry, b []byte) ruleBits {
	var hits ruleBits
	for _, w := range words {
		for at := 0; ; at++ {
			i := bytes.Index(b[at:], w.word)
			if i < 0 {
				break
			}
			at += i
			if !w.leftBounded || at == 0 || !code.IsWordByte(b[at-1]) || mayEndEscape(b, at-1) {
				hits.or(w.mark)
				break
			}
		}
	}
	return hits
}

// wordGen makes random keywords and texts over a small alphabet, so that
// keywords overlap and recur in the texts often.
type wordGen struct{ rng *rand.Rand }

func newWordGen(a, b uint64) *wordGen { return &wordGen{rand.New(rand.NewPCG(a, b))} }

func (g *wordGen) word(n int) []byte {
	const alphabet = "ab_cT3 \\"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.rng.IntN(len(alphabet))]
	}
	return b
}

// keywords returns 1 to 12 random words, each marking one random bit;
// with bounded, about half of them leftBounded.
func (g *wordGen) keywords(bounded bool) []keywordEntry {
	var words []keywordEntry
	for range 1 + g.rng.IntN(12) {
		var mark ruleBits
		switch bit := g.rng.IntN(maxRules); g.rng.IntN(3) {
		case 0:
			mark.kw.set(bit)
		case 1:
			mark.req.set(bit)
		default:
			mark.hints = 1 << g.rng.IntN(64)
		}
		words = append(words, keywordEntry{word: g.word(1 + g.rng.IntN(5)), mark: mark, leftBounded: bounded && g.rng.IntN(2) == 0})
	}
	return words
}

func TestKeywordAutomatonAgreesWithContains(t *testing.T) {
	g := newWordGen(3, 4)
	for round := 0; round < 300; round++ {
		words := g.keywords(false)
		a := newKeywordAutomaton(words)
		for j := 0; j < 50; j++ {
			text := g.word(g.rng.IntN(3000))
			want := naive(words, text)
			if got := a.scan(text); got != want {
				t.Fatalf("words %v, text %q: scan %x, want %x", words, text, got, want)
			}
		}
	}
}

// A keyword across the seams of a long text, where the stretches of the
// walk meet, is found wherever it falls.
func TestKeywordAcrossTheMiddle(t *testing.T) {
	word := []byte("api_org_")
	a := newKeywordAutomaton([]keywordEntry{{word: word, mark: ruleBits{kw: ruleMask{1}}}})
	for _, n := range []int{256, 257, 258, 299, 1024, 1025, 1027, 1031, 2050} {
		for at := 0; at+len(word) <= n; at++ {
			text := bytes.Repeat([]byte{'x'}, n)
			copy(text[at:], word)
			if a.scan(text) != (ruleBits{kw: ruleMask{1}}) {
				t.Fatalf("len %d: keyword at %d missed", n, at)
			}
		}
	}
	// scan walks a long text in pieces of maxBatch bytes: across a seam.
	text := bytes.Repeat([]byte{'x'}, 2*maxBatch+100)
	for at := maxBatch - len(word) - 1; at <= maxBatch+1; at++ {
		clear(text)
		copy(text[at:], word)
		if a.scan(text) != (ruleBits{kw: ruleMask{1}}) {
			t.Fatalf("keyword at %d, across the piece at %d, missed", at, maxBatch)
		}
	}
}

// A batch credits each keyword to the text it is in, wherever the seams of
// the four stretches fall, never to a neighbour, and flushes when full.
func TestKeywordBatchAgreesWithContains(t *testing.T) {
	g := newWordGen(5, 6)
	for round := 0; round < 200; round++ {
		words := g.keywords(round%2 == 1)
		a := newKeywordAutomaton(words)
		var texts [][]byte
		for range g.rng.IntN(60) {
			texts = append(texts, g.word(g.rng.IntN(120)))
		}
		if round%50 == 0 { // past maxBatch: at least one flush midway
			for range 3 {
				texts = append(texts, g.word(maxBatch/3+g.rng.IntN(1000)))
			}
		}
		var kb keywordBatch
		marks := make([]ruleBits, len(texts))
		for i, text := range texts {
			kb.add(a, text, i, marks)
		}
		kb.flush(a, marks)
		for i, text := range texts {
			if least, most := naive(words, text), naive(unbounded(words), text); !within(marks[i], least, most) {
				t.Fatalf("round %d, text %d (%d bytes): marks %x, want %x to %x", round, i, len(text), marks[i], least, most)
			}
		}
	}
}

// A leftBounded keyword after a letter, a digit or an underscore is passed
// over — unless a backslash is near, or another word that is not
// leftBounded (or of another length) ends in the same place, where the
// automaton cannot tell them apart and keeps the hit: its marks lie
// between what the bounded and the plain search find, and often below
// the plain one.
func TestLeftBoundedKeywords(t *testing.T) {
	g := newWordGen(7, 8)
	passed := 0
	for round := 0; round < 300; round++ {
		words := g.keywords(true)
		a := newKeywordAutomaton(words)
		for j := 0; j < 50; j++ {
			text := g.word(g.rng.IntN(3000))
			least, most := naive(words, text), naive(unbounded(words), text)
			got := a.scan(text)
			if !within(got, least, most) {
				t.Fatalf("words %v, text %q: scan %x, want %x to %x", words, text, got, least, most)
			}
			if got != most {
				passed++
			}
		}
	}
	if passed < 100 {
		t.Fatalf("a keyword was passed over in only %d texts", passed)
	}
	// The cases by name: after a word byte, at the start, after an escape.
	a := newKeywordAutomaton([]keywordEntry{{word: []byte("sk_"), mark: ruleBits{kw: ruleMask{1}}, leftBounded: true}})
	for text, want := range map[string]bool{
		"mask_": false, "sk_": true, " sk_": true, "é_sk_": false, "ésk_": true,
		"x\\nsk_": true, "\\u0041sk_": true, "\\u00410sk_": true, // a backslash is near: kept
		"\\U00000020sk_": true, "\\U000000200sk_": false, "%20sk_": true, "%2sk_": true, "%200sk_": false,
		"\x1b[1;31msk_": true, "\\u001b[1msk_": true, "\\u001bMsk_": true, "\x1bMsk_": true, "[1msk_": false, "x[1msk_": false,
	} {
		if got := a.scan([]byte(text)).any(); got != want {
			t.Errorf("%q: hit %v, want %v", text, got, want)
		}
	}
	// A word that is not leftBounded, ending where one that is ends.
	a = newKeywordAutomaton([]keywordEntry{{word: []byte("ask_"), mark: ruleBits{kw: ruleMask{1}}, leftBounded: true},
		{word: []byte("k_"), mark: ruleBits{kw: ruleMask{2}}}})
	if got := a.scan([]byte("mask_")); got.kw[0]&2 == 0 {
		t.Errorf("mask_: marks %x, without k_'s", got)
	}
}

func unbounded(words []keywordEntry) []keywordEntry {
	out := slices.Clone(words)
	for i := range out {
		out[i].leftBounded = false
	}
	return out
}

// within reports whether least ⊆ b ⊆ most.
func within(b, least, most ruleBits) bool {
	sub := func(x, y ruleBits) bool {
		for i := range ruleWords {
			if x.kw[i]&^y.kw[i] != 0 || x.req[i]&^y.req[i] != 0 {
				return false
			}
		}
		return x.hints&^y.hints == 0
	}
	return sub(least, b) && sub(b, most)
}
