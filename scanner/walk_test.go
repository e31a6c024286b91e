package scanner

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// A file that vanishes between the walk and the read is an error with a
// reason, not a crash.
func TestFileGoneBeforeRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "gone.py")
	fs := &fileScanner{m: mustMatcher(rules.Default())}
	out := fs.scan(job{path: "gone.py", osPath: p})
	if !errors.Is(out.err, os.ErrNotExist) || !strings.Contains(errorMessage(out.err), "no such file") || out.scanned {
		t.Fatalf("outcome %+v", out)
	}
	os.WriteFile(p, []byte("x"), 0o644)
	if out := fs.scan(job{path: "gone.py", osPath: p}); out.err != nil || !out.scanned {
		t.Fatalf("outcome %+v", out)
	}
}
