package scanner

import (
	"bytes"
	"testing"
)

// A buffer of bigMem is zeroed, writable to its capacity, and replaced
// whole: small sizes come from the heap, large ones from a mapping that
// release gives back.
func TestBigMem(t *testing.T) {
	var m bigMem
	defer m.release()
	for _, n := range []int{100, hugePageMin - 1, hugePageMin, 4 << 20, 4<<20 + 1, 100} {
		b := m.bytes(n)
		if len(b) != n || cap(b) < n {
			t.Fatalf("bytes(%d): len %d cap %d", n, len(b), cap(b))
		}
		b = b[:cap(b)]
		if bytes.IndexFunc(b, func(r rune) bool { return r != 0 }) >= 0 {
			t.Fatalf("bytes(%d): not zeroed", n)
		}
		for i := range b {
			b[i] = byte(i)
		}
		if n >= hugePageMin && mapHugeWorks && m.mapping == nil {
			t.Errorf("bytes(%d): heap memory where a mapping was expected", n)
		}
		if n < hugePageMin && m.mapping != nil {
			t.Errorf("bytes(%d): a mapping kept for a small buffer", n)
		}
	}
}
