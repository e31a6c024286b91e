package scanner

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// naive is what the automaton must agree with: one bytes.Contains a word.
func naive(words []keywordEntry, b []byte) ruleBits {
	var hits ruleBits
	for _, w := range words {
		if bytes.Contains(b, w.word) {
			hits.or(w.mark)
		}
	}
	return hits
}

// wordGen makes random keywords and texts over a small alphabet, so that
// keywords overlap and recur in the texts often.
type wordGen struct{ rng *rand.Rand }

func newWordGen(a, b uint64) *wordGen { return &wordGen{rand.New(rand.NewPCG(a, b))} }

func (g *wordGen) word(n int) []byte {
	const alphabet = "ab_cT3"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.rng.IntN(len(alphabet))]
	}
	return b
}

// keywords returns 1 to 12 random words, each marking one random bit.
func (g *wordGen) keywords() []keywordEntry {
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
		words = append(words, keywordEntry{word: g.word(1 + g.rng.IntN(5)), mark: mark})
	}
	return words
}

func TestKeywordAutomatonAgreesWithContains(t *testing.T) {
	g := newWordGen(3, 4)
	for round := 0; round < 300; round++ {
		words := g.keywords()
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
		words := g.keywords()
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
			if want := naive(words, text); marks[i] != want {
				t.Fatalf("round %d, text %d (%d bytes): marks %x, want %x", round, i, len(text), marks[i], want)
			}
		}
	}
}
