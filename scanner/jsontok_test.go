package scanner

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// skipSpace reads eight bytes at a time; it must stop exactly where a
// byte-by-byte loop stops, whatever bytes sit around the run (bytes one
// bit away from a space, high bytes, NUL), at any offset and length.
func TestSkipSpaceAgreesWithByteLoop(t *testing.T) {
	const pool = " \t\n\r\"a\x00\x80\xa0\x0a\x8a\x21\x1f\x2c\x09\x0d\x8d"
	rng := rand.New(rand.NewPCG(8, 9))
	for range 20000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			if rng.IntN(3) == 0 {
				b[i] = pool[rng.IntN(len(pool))]
			} else {
				b[i] = " \t\n\r"[rng.IntN(4)]
			}
		}
		start := 0
		if len(b) > 0 {
			start = rng.IntN(len(b) + 1)
		}
		want := start
		for want < len(b) && (b[want] == ' ' || b[want] == '\t' || b[want] == '\n' || b[want] == '\r') {
			want++
		}
		if got := skipSpace(b, start); got != want {
			t.Fatalf("%q from %d: stopped at %d, want %d", b, start, got, want)
		}
	}
}

// skipGap guesses that a container's next gap is its last one; guessed
// right or wrong, it must stop where skipSpace stops. The gaps are drawn
// from a few close variants (one space more or less, a tab for a space, a
// gap running to the end of the data), each followed by a token byte or
// by more whitespace, and asked of one container in turn.
func TestSkipGapAgreesWithSkipSpace(t *testing.T) {
	gaps := []string{"\n    ", "\n     ", "\n   ", "\n\t   ", " ", "", "\r\n    ", "\n       ", "\n        ", "\n \n  "}
	next := []string{"\"", "1", "{", "]", " ", "\n", "\x00", "\xa0"}
	rng := rand.New(rand.NewPCG(12, 13))
	for round := range 2000 {
		var o openContainer
		var b []byte
		var at []int
		for range 1 + rng.IntN(12) {
			at = append(at, len(b))
			b = append(b, gaps[rng.IntN(len(gaps))]...)
			b = append(b, next[rng.IntN(len(next))]...)
			b = append(b, "tok"[:rng.IntN(4)]...)
		}
		if rng.IntN(4) == 0 {
			b = b[:rng.IntN(len(b)+1)] // a gap cut by the end of the data
		}
		for _, pos := range at {
			if pos > len(b) {
				break
			}
			if got, want := skipGap(b, pos, &o), skipSpace(b, pos); got != want {
				t.Fatalf("round %d, %q from %d: skipGap %d, skipSpace %d", round, b, pos, got, want)
			}
		}
	}
}

// quoteAt reads eight bytes at a time before handing over to IndexByte; it
// must find the first quote wherever it falls.
func TestQuoteAtAgreesWithIndexByte(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 11))
	for range 20000 {
		b := make([]byte, rng.IntN(80))
		for i := range b {
			b[i] = "a\"\xa2\x22\x02\\ "[rng.IntN(7)]
			if rng.IntN(4) > 0 {
				b[i] = 'x'
			}
		}
		from := rng.IntN(len(b) + 1)
		want := bytes.IndexByte(b[from:], '"')
		if want >= 0 {
			want += from
		}
		if got := quoteAt(b, from); got != want {
			t.Fatalf("%q from %d: %d, want %d", b, from, got, want)
		}
	}
}

// A part of several strings is marked for the seam search unless every
// string but its last ends with the escape \n. The mark may be set in
// vain (a body ending in \\\n), never missed: checked against
// endsInNewline on random lines, however many backslashes end them.
func TestSeamsMarkEveryPartThatNeedsThem(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	pieces := []string{`\n`, `\\`, `n`, `a`, `\\n`, `\"`, `\u0041`, "é"}
	var tape jsonTape
	var nb nbCollector
	for range 5000 {
		var src bytes.Buffer
		need := false
		k := 2 + rng.IntN(4)
		for i := range k {
			var b bytes.Buffer
			for range rng.IntN(5) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			if i > 0 {
				src.WriteString(", ")
			}
			src.WriteString(`"` + b.String() + `"`)
			need = need || i < k-1 && !endsInNewline(b.Bytes())
		}
		doc := `{"cells": [{"cell_type": "code", "source": [` + src.String() + `]}], "metadata": {}}`
		if err := tape.parse([]byte(doc)); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		parts, err := nb.collect(&tape)
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		for _, p := range parts {
			if p.pos.part == partSource && need && !p.seams {
				t.Fatalf("source [%s] needs its seams searched: not marked", src.String())
			}
		}
	}
}
