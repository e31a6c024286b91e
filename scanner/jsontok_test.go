package scanner

import (
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
		tape := jsonTape{data: b, pos: start}
		if tape.skipSpace(); tape.pos != want {
			t.Fatalf("%q from %d: stopped at %d, want %d", b, start, tape.pos, want)
		}
	}
}
