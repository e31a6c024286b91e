package scanner

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// needGit skips a test when git is missing, except in CI, where its
// absence is a failure.
func needGit(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatal("git is required in CI")
		}
		tb.Skip("git not installed")
	}
}

// isolatedGitEnv keeps the user's and the system's git configuration (a global
// excludes file, say) out of a test.
func isolatedGitEnv(home string) []string {
	return append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "GIT_CONFIG_NOSYSTEM=1")
}

// Names of files and folders in generated trees: the shapes that trip up a
// pattern matcher (regex characters, leading and trailing spaces, "#" and
// "!" at the start, dots, bytes beyond ASCII).
var ignoreTestNames = []string{
	"a", "b", "ab", "ba", "x y", "#c", "!d", "a+b.env", "aab.env", "(foo).env", "foo.env",
	"f.env", "ff.env", ".env", "e.txt", "data", "keep", "sub", "deep", "a.b", "y.txt",
	"t ", " lead", "é.txt", "[x]", "f{1,2}.env", "ab.txt",
}

// Pieces of generated patterns.
var ignoreTestPieces = []string{
	"*", "**", "?", "*.env", "a*", "*b", "[ab]*", "[!a]*", "[a-c]?", "[^b]", "[[:alpha:]]*",
	"[[:digit:]]", "f{1,2}.env", "a+b.env", "(foo).env", "\\#c", "\\!d", "\\[x]", "x\\ y",
	"*.txt", "e.?xt", "[]a]", "[a-]", "*[", "data", "keep", "sub", "deep", ".env",
}

func randomPattern(r *rand.Rand) string {
	var segs []string
	for n := 1 + r.IntN(3); len(segs) < n; {
		switch r.IntN(3) {
		case 0:
			segs = append(segs, ignoreTestNames[r.IntN(len(ignoreTestNames))])
		default:
			segs = append(segs, ignoreTestPieces[r.IntN(len(ignoreTestPieces))])
		}
	}
	p := strings.Join(segs, "/")
	if r.IntN(5) == 0 {
		p = "/" + p
	}
	if r.IntN(5) == 0 {
		p += "/"
	}
	switch r.IntN(12) {
	case 0:
		p += "  "
	case 1:
		p += "\\ "
	case 2:
		p = " " + p
	case 3:
		p += "\t"
	}
	if r.IntN(4) == 0 {
		p = "!" + p
	}
	return p
}

func randomIgnoreFile(r *rand.Rand) []byte {
	var b bytes.Buffer
	if r.IntN(10) == 0 {
		b.WriteString("\xef\xbb\xbf")
	}
	eol := "\n"
	if r.IntN(8) == 0 {
		eol = "\r\n"
	}
	for range 1 + r.IntN(5) {
		switch r.IntN(12) {
		case 0:
			b.WriteString("# a comment" + eol)
		case 1:
			b.WriteString(eol)
		default:
			b.WriteString(randomPattern(r) + eol)
		}
	}
	if r.IntN(4) == 0 { // no newline at the end
		b.Truncate(b.Len() - len(eol))
	}
	return b.Bytes()
}

// randomTree makes folders and files under dir, with ignore files at the
// root and in some folders, and returns every file's path. With mirror,
// each .gitignore has a .hfscanignore of the same patterns beside it.
func randomTree(t *testing.T, r *rand.Rand, dir string, mirror bool) []string {
	t.Helper()
	var files []string
	var fill func(rel string, depth int)
	fill = func(rel string, depth int) {
		for range 2 + r.IntN(5) {
			name := ignoreTestNames[r.IntN(len(ignoreTestNames))]
			p := path.Join(rel, name)
			full := filepath.Join(dir, filepath.FromSlash(p))
			if _, err := os.Lstat(full); err == nil {
				continue
			}
			if depth < 3 && r.IntN(3) == 0 {
				if err := os.Mkdir(full, 0o755); err != nil {
					t.Fatal(err)
				}
				fill(p, depth+1)
				continue
			}
			os.WriteFile(full, []byte("x\n"), 0o644)
			files = append(files, p)
		}
		if rel == "" || r.IntN(3) == 0 {
			content := randomIgnoreFile(r)
			// The same patterns in both files: the walk reads both, and
			// .hfscanignore alone decides for named files.
			names := []string{".gitignore"}
			if mirror {
				names = append(names, ".hfscanignore")
			}
			for _, name := range names {
				os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel), name), content, 0o644)
				files = append(files, path.Join(rel, name))
			}
		}
	}
	fill("", 0)
	return files
}

// gitIgnored asks git check-ignore which of files git leaves out.
func gitIgnored(t *testing.T, dir string, files []string) map[string]string {
	t.Helper()
	cmd := exec.Command("git", "check-ignore", "--no-index", "-v", "-n", "-z", "--stdin")
	cmd.Dir, cmd.Env = dir, isolatedGitEnv(dir)
	cmd.Stdin = strings.NewReader(strings.Join(files, "\x00") + "\x00")
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("git check-ignore: %v", err)
		}
	}
	fields := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	ignored := map[string]string{}
	for i := 0; i+3 < len(fields); i += 4 {
		source, line, pattern, p := fields[i], fields[i+1], fields[i+2], fields[i+3]
		if pattern != "" && !strings.HasPrefix(pattern, "!") {
			ignored[p] = fmt.Sprintf("%s:%s: %q", source, line, pattern)
		}
	}
	return ignored
}

// TestIgnoreMatchesGit is the differential test of what a walk skips: on
// generated trees and ignore files (anchored, "**", trailing "/",
// negation, nested files, escapes, trailing and leading spaces, CRLF, a
// BOM), every file the walk leaves out must be one git check-ignore says
// it ignores, and the other way round. In half the trees the patterns are
// also in .hfscanignore files, and named files (which go through the
// .hfscanignore chain) must agree too; in the other half git tracks a
// random third of the files (git add -f), and the walk must scan every
// tracked file and, of the others, those git does not ignore.
func TestIgnoreMatchesGit(t *testing.T) {
	needGit(t)
	trees, cases, ignoredCases := 120, 0, 0
	if testing.Short() {
		trees = 20
	}
	for seed := range trees {
		r := rand.New(rand.NewPCG(uint64(seed), 11))
		dir := t.TempDir()
		cmd := exec.Command("git", "init", "-q", dir)
		cmd.Env = isolatedGitEnv(dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git init: %v\n%s", err, out)
		}
		mirror := seed%2 == 0
		files := randomTree(t, r, dir, mirror)
		ignored := gitIgnored(t, dir, files)
		tracked := map[string]bool{}
		if !mirror {
			var add []string
			for _, f := range files {
				if r.IntN(3) == 0 {
					add = append(add, f)
					tracked[f] = true
				}
			}
			cmd := exec.Command("git", "add", "-f", "--pathspec-from-file=-", "--pathspec-file-nul")
			cmd.Dir, cmd.Env = dir, append(isolatedGitEnv(dir), "GIT_LITERAL_PATHSPECS=1")
			cmd.Stdin = strings.NewReader(strings.Join(add, "\x00"))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git add: %v\n%s", err, out)
			}
		}

		walked := map[string]bool{}
		jobs := make(chan job, len(files)+1)
		w := newWalker(&sink{ctx: context.Background(), jobs: jobs, report: func(o fileOutcome) { t.Errorf("walk: %+v", o) }}, nil, false)
		t.Setenv("HOME", dir)
		t.Setenv("XDG_CONFIG_HOME", dir)
		t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
		w.walk(dir)
		close(jobs)
		for j := range jobs {
			rel, _ := filepath.Rel(dir, j.osPath)
			walked[filepath.ToSlash(rel)] = true
		}
		dump := func() string {
			var b strings.Builder
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if n := d.Name(); n == ".gitignore" {
					c, _ := os.ReadFile(p)
					rel, _ := filepath.Rel(dir, p)
					fmt.Fprintf(&b, "%s: %q\n", rel, c)
				} else if d.IsDir() && n == ".git" {
					return filepath.SkipDir
				}
				return nil
			})
			return b.String()
		}
		slices.Sort(files)
		for _, f := range files {
			cases++
			why, gitSkips := ignored[f]
			if gitSkips {
				ignoredCases++
			}
			if want := tracked[f] || !gitSkips; walked[f] != want {
				t.Errorf("seed %d: %q: walked %v, git ignores it: %v %s, tracked %v\n%s", seed, f, walked[f], gitSkips, why, tracked[f], dump())
			}
			if !mirror {
				continue
			}
			own, err := w.ownIgnored(dir, f)
			if err != nil {
				t.Fatal(err)
			}
			if own != gitSkips {
				t.Errorf("seed %d: named %q: .hfscanignore leaves it out: %v, git: %v %s\n%s", seed, f, own, gitSkips, why, dump())
			}
		}
		if t.Failed() {
			return
		}
	}
	if cases < 2000 && !testing.Short() {
		t.Fatalf("only %d cases", cases)
	}
	t.Logf("%d paths in %d trees agree with git check-ignore and git add -f; git ignores %d of them", cases, trees, ignoredCases)
}
