package scanner

import (
	"errors"
	"os"
	"path"
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

// joinClean gives what filepath.Join and path.Join give for the walk's
// inputs (a clean folder, a name read from it), which it stops cleaning.
func TestJoinCleanAgreesWithJoin(t *testing.T) {
	dirs := []string{"", ".", "/", "a", "/a", "a/b", "../a", "..", "../..", "/a/b c", "ä/ö"}
	names := []string{"x", ".env", "x.ipynb", "..x", "x..", " ", "ü"}
	for _, d := range dirs {
		for _, n := range names {
			if got, want := joinClean(d, n, '/'), path.Join(d, n); got != want {
				t.Errorf("joinClean(%q, %q) = %q, path.Join %q", d, n, got, want)
			}
			osDir := filepath.FromSlash(d)
			if got, want := joinClean(osDir, n, filepath.Separator), filepath.Join(osDir, n); got != want {
				t.Errorf("joinClean(%q, %q) = %q, filepath.Join %q", osDir, n, got, want)
			}
		}
	}
}
