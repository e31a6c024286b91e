package ignore

import "testing"

// Shapes that a regular-expression translation got wrong, with git's
// answer (checked with git check-ignore; the generated differential test
// in package scanner covers thousands more).
func TestGitShapes(t *testing.T) {
	for _, c := range []struct {
		file, path string
		isDir      bool
		want       bool
	}{
		{"data/*\n!data/keep/\n", "data/keep", true, false},
		{"data/*\n!data/keep/\n", "data/keep/y.txt", false, false},
		{"data/*\n!data/keep/\n", "data/other", true, true},
		{"*/.env\n", "a/.env", false, true},
		{"*/.env\n", "a/b/.env", false, false},
		{"a+b.env\n", "aab.env", false, false},
		{"a+b.env\n", "a+b.env", false, true},
		{"(foo).env\n", "foo.env", false, false},
		{"f{1,2}.env\n", "f.env", false, false},
		{"f{1,2}.env\n", "f{1,2}.env", false, true},
		{" lead\n", "lead", false, false},
		{" lead\n", " lead", false, true},
		{"\tx\n", "\tx", false, true},
		{"t  \n", "t", false, true},
		{"t\\ \n", "t ", false, true},
		{"\\#c\n", "#c", false, true},
		{"#c\n", "#c", false, false},
		{"\\!d\n", "!d", false, true},
		{"a/**/b\n", "a/b", false, true},
		{"a/**/b\n", "a/x/y/b", false, true},
		{"**/keep\n", "x/y/keep", false, true},
		{"data/**\n", "data/x/y", false, true},
		{"data/**\n", "data", true, false},
		{"out/\n", "out", false, false},
		{"out/\n", "x/out", true, true},
		{"/root.txt\n", "sub/root.txt", false, false},
		{"x\r\n", "x", false, true},
		{"\xef\xbb\xbfx\n", "x", false, true},
		{"[[:digit:]]\n", "7", false, true},
		{"[!a]*\n", "ab", false, false},
		{"[]a]\n", "]", false, true},
	} {
		m := (*Matcher)(nil).With(Parse([]byte(c.file), ""))
		if got := m.IgnoredWithParents(c.path, c.isDir); got != c.want {
			t.Errorf("%q: %q (dir %v) ignored = %v, want %v", c.file, c.path, c.isDir, got, c.want)
		}
	}
}

// Patterns of a nested ignore file apply only below its folder.
func TestNestedBase(t *testing.T) {
	m := (*Matcher)(nil).With(Parse([]byte("*.log\n/top\n"), "sub"))
	for path, want := range map[string]bool{"sub/a.log": true, "sub/x/a.log": true, "a.log": false, "sub/top": true, "sub/x/top": false, "subx/a.log": false} {
		if got := m.Ignored(path, false); got != want {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
}

// FuzzIgnore feeds arbitrary ignore files and paths through the parser and
// the matcher: no panic, and no pattern that takes more than linear time
// per star.
func FuzzIgnore(f *testing.F) {
	f.Add("*.log\n!keep.log", "sub", "sub/a.log")
	f.Add("[", "", "x")
	f.Add("!**/", "a/b", "a/b/c")
	f.Add("[[:alpha:]-z]\\", "", "q")
	f.Add("a/**/**/*/**b", "", "a/x/y/z/b")
	f.Fuzz(func(t *testing.T, file, base, path string) {
		m := (*Matcher)(nil).With(Parse([]byte(file), base))
		m.IgnoredWithParents(path, false)
		m.Ignored(path, true)
	})
}
