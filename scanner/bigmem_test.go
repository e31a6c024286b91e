package scanner

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hfscan/hfscan/rules"
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

// A worker reads files of growing and shrinking sizes through its read
// buffer, which moves from the heap to huge pages and to larger mappings
// as it grows: each file is read whole, and a token at its very end is
// found, whatever came before.
func TestReadBufferGrows(t *testing.T) {
	dir := t.TempDir()
	token := rules.Fake("hf_", 34, "read buffer")
	fs := &fileScanner{m: mustMatcher(rules.Default())}
	defer fs.bufMem.release()
	for i, size := range []int{100, smallReadBuf + 1, 5 << 20, 300 << 10, 13 << 20, 1000} {
		p := filepath.Join(dir, fmt.Sprintf("f%d.txt", i))
		body := append(bytes.Repeat([]byte("lorem ipsum\n"), size/12), "x = "+token+"\n"...)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		o := fs.scan(job{path: p, osPath: p})
		if o.err != nil || o.bytes != int64(len(body)) || len(o.findings) != 1 || o.findings[0].Line != size/12+1 {
			t.Fatalf("%d bytes: err %v, read %d, findings %+v", len(body), o.err, o.bytes, o.findings)
		}
	}
}
