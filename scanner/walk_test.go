package scanner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	ignore "github.com/sabhiram/go-gitignore"

	"github.com/hfscan/hfscan/rules"
)

func TestRebaseIgnoreLine(t *testing.T) {
	for _, c := range []struct{ line, dir, want string }{
		{"*.log", "", "*.log"},
		{"*.log", "sub", "/sub/**/*.log"},
		{"/build", "sub", "/sub/build"},
		{"a/b", "sub", "/sub/a/b"},
		{"out/", "sub", "/sub/**/out/"},
		{"!keep.txt", "sub", "!/sub/**/keep.txt"},
		{"# comment", "sub", ""},
		{"   ", "", ""},
	} {
		if got := rebaseIgnoreLine(c.line, c.dir); got != c.want {
			t.Errorf("rebase(%q, %q) = %q, want %q", c.line, c.dir, got, c.want)
		}
	}
}

// FuzzIgnore feeds arbitrary ignore-file lines and paths through the
// rebasing and go-gitignore: no panic on any input.
func FuzzIgnore(f *testing.F) {
	f.Add("*.log", "sub", "sub/a.log")
	f.Add("[", "", "x")
	f.Add("!**/", "a/b", "a/b/c/")
	f.Fuzz(func(t *testing.T, line, dir, path string) {
		rebased := rebaseIgnoreLine(line, dir)
		gi := ignore.CompileIgnoreLines(strings.Split(rebased, "\n")...)
		gi.MatchesPath(path)
	})
}

// A file that vanishes between the walk and the read is an error with a
// reason, not a crash.
func TestFileGoneBeforeRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "gone.py")
	fs := &fileScanner{m: newMatcher(rules.Default())}
	out := fs.scan(job{path: "gone.py", osPath: p})
	if out.err == "" || !strings.Contains(out.err, "no such file") || out.scanned {
		t.Fatalf("outcome %+v", out)
	}
	os.WriteFile(p, []byte("x"), 0o644)
	if out := fs.scan(job{path: "gone.py", osPath: p}); out.err != "" || !out.scanned {
		t.Fatalf("outcome %+v", out)
	}
}
