package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/hfscan/hfscan/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// binary is hfscan built once for all tests; repoRoot is where README
// commands run from.
var binary, repoRoot string

const testVersion = "0.0.0-test"

// runDeadline bounds every run of the binary in the tests.
const runDeadline = 2 * time.Minute

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "hfscan-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	repoRoot, _ = filepath.Abs("../..")
	binary = filepath.Join(dir, "hfscan")
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+testVersion, "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build hfscan:", err)
		os.Exit(2)
	}
	// The binary and its folder must be usable by the unprivileged user the
	// unreadable-file test runs as.
	os.Chmod(dir, 0o755)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type runResult struct {
	stdout, stderr string
	code           int
}

// hfscan runs the built binary in dir (the repository root when empty)
// with a clean environment and reproducible output.
func hfscan(t *testing.T, dir, stdin string, args ...string) runResult {
	t.Helper()
	return hfscanEnv(t, dir, stdin, []string{"SOURCE_DATE_EPOCH=0"}, args...)
}

func hfscanEnv(t *testing.T, dir, stdin string, env []string, args ...string) runResult {
	t.Helper()
	if dir == "" {
		dir = repoRoot
	}
	// No scan may hang: every run has a deadline, and a run past it fails.
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir()}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("hfscan %v did not finish within %v", args, runDeadline)
	}
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("run hfscan %v: %v", args, err)
	}
	return runResult{out.String(), errb.String(), code}
}

// report is the JSON report, decoded.
type report struct {
	SchemaVersion int `json:"schema_version"`
	Tool          struct{ Name, Version string }
	Findings      []finding
	Skipped       []struct{ Path, Reason string }
	Errors        []struct{ Path, Message string }
	Notices       []struct{ Path, Message string }
	Stats         struct {
		Files, Notebooks int
		Bytes            int64
		DurationMS       int64 `json:"duration_ms"`
	}
}

type finding struct {
	RuleID    string `json:"rule_id"`
	Level     string
	Message   string
	Path      string
	Line      int
	Column    int
	EndLine   int `json:"end_line"`
	EndColumn int `json:"end_column"`
	Notebook  *struct {
		Cell     *int    `json:"cell"`
		CellType *string `json:"cell_type"`
		Part     string
		Output   *int
		Line     int
		Column   int
	}
	Secret      string
	Fingerprint string
}

func jsonReport(t *testing.T, r runResult) report {
	t.Helper()
	var rep report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s\nstderr: %s", err, r.stdout, r.stderr)
	}
	return rep
}

// Every fake token in testdata/cases and testdata/demo, read from the files
// themselves so the tests cannot drift from the data.
var tokenShape = regexp.MustCompile(`(?:hf|api_org)_hfscan[A-Za-z]+NotReal[A-Za-z]*|hf_hfscanDemoNotARealKey[A-Za-z]+|api_org_hfscanDemoNotARealOrgKey[A-Za-z]+`)

func fakeTokens(t *testing.T, dirs ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	for _, d := range dirs {
		filepath.WalkDir(filepath.Join(repoRoot, d), func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			b, _ := os.ReadFile(p)
			for _, m := range tokenShape.FindAllString(string(b), -1) {
				if !seen[m] {
					seen[m] = true
					out = append(out, m)
				}
			}
			return nil
		})
	}
	if len(out) < 10 {
		t.Fatalf("found only %d fake tokens in %v", len(out), dirs)
	}
	return out
}

// untrackedCopy copies testdata folders into a new git work tree where
// nothing is tracked, at the same relative paths: there, as in a user's
// new folder, .gitignore decides what a walk skips. In this checkout git
// tracks the cases' ignored files, which are then scanned like any
// tracked file.
func untrackedCopy(t *testing.T, dirs ...string) string {
	t.Helper()
	root := gitRepo(t)
	os.MkdirAll(filepath.Join(root, "testdata"), 0o755)
	for _, d := range dirs {
		mustRun(t, repoRoot, "cp", "-r", d, filepath.Join(root, "testdata"))
	}
	return root
}

func TestGolden(t *testing.T) {
	root := untrackedCopy(t, "testdata/cases", "testdata/demo", "testdata/guides")
	for _, format := range []string{"text", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			r := hfscan(t, root, "", "-j", "1", "--color", "never", "-f", format, "testdata/cases", "testdata/demo", "testdata/guides")
			if r.code != 1 {
				t.Fatalf("exit %d, want 1; stderr:\n%s", r.code, r.stderr)
			}
			golden := filepath.Join(repoRoot, "testdata", "golden", "cases."+format)
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/hfscan -update to create it)", err)
			}
			if r.stdout != string(want) {
				t.Errorf("output differs from %s (go test ./cmd/hfscan -update rewrites it):\n%s", golden, r.stdout)
			}
		})
	}
}

// rawPosition finds token in the file independently of hfscan: 1-based
// line, and column counted in code points as the file holds them.
func rawPosition(t *testing.T, path, token string) (line, col int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, path))
	if err != nil {
		t.Fatal(err)
	}
	return rawPositionOf(t, string(b), token)
}

// rawPositionOf is rawPosition on the bytes of a file.
func rawPositionOf(t *testing.T, s, token string) (line, col int) {
	t.Helper()
	i := strings.Index(s, token)
	if i < 0 || strings.Count(s, token) != 1 {
		t.Fatalf("the file holds %q %d times; the test needs exactly one", token, strings.Count(s, token))
	}
	lineStart := strings.LastIndex(s[:i], "\n") + 1
	return strings.Count(s[:i], "\n") + 1, utf8.RuneCountInString(s[lineStart:i]) + 1
}

func TestExactPositions(t *testing.T) {
	type want struct {
		path, token, part string
		cell, output      int
		cellType          string
		nbLine, nbCol     int
	}
	src, stream, trace := "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", "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", "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"
	cases := []want{
		// Acceptance 1: line 2 of cell 3, after "é" and an emoji; Jupyter
		// keeps both raw, the minified file writes \u00e9 and a surrogate pair.
		{"testdata/cases/jupyter.ipynb", src, "source", 3, 0, "code", 2, 37},
		{"testdata/cases/minified.ipynb", src, "source", 3, 0, "code", 2, 37},
		{"testdata/cases/jupyter.ipynb", stream, "output", 4, 1, "code", 2, 8},
		{"testdata/cases/minified.ipynb", stream, "output", 4, 1, "code", 2, 8},
		{"testdata/cases/jupyter.ipynb", trace, "output", 5, 1, "code", 4, 27},
		{"testdata/cases/minified.ipynb", trace, "output", 5, 1, "code", 4, 27},
		{"testdata/cases/jupyter.ipynb", "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", "metadata", 6, 0, "code", 1, 1},
		{"testdata/cases/jupyter.ipynb", "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", "attachment", 7, 0, "markdown", 1, 13},
		{"testdata/cases/jupyter.ipynb", "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", "output", 8, 1, "code", 1, 20},
		{"testdata/cases/nbformat3.ipynb", "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", "source", 2, 0, "code", 2, 8},
		// Acceptance 2: CRLF, a tab and non-ASCII text before the token.
		{path: "testdata/cases/crlf.py", token: "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"},
		{path: "testdata/cases/.env", token: "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"},
		{path: "testdata/cases/sub/keep.txt", token: "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"},
		{path: "testdata/cases/broken.ipynb", token: "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"},
	}
	rep := jsonReport(t, hfscan(t, untrackedCopy(t, "testdata/cases"), "", "-f", "json", "--show-secrets", "testdata/cases"))
	for _, c := range cases {
		t.Run(filepath.Base(c.path)+"/"+c.token[len(c.token)-4:], func(t *testing.T) {
			var got *finding
			for i := range rep.Findings {
				if f := &rep.Findings[i]; f.Path == c.path && f.Secret == c.token {
					got = f
				}
			}
			if got == nil {
				t.Fatalf("%s not reported in %s", c.token, c.path)
			}
			line, col := rawPosition(t, c.path, c.token)
			wantRule := "hf-token"
			if strings.HasPrefix(c.token, "api_org_") {
				wantRule = "hf-org-token"
			}
			if got.RuleID != wantRule || got.Line != line || got.Column != col ||
				got.EndLine != line || got.EndColumn != col+len(c.token) {
				t.Fatalf("got %s at %d:%d-%d:%d, want %s at %d:%d-%d:%d", got.RuleID, got.Line, got.Column,
					got.EndLine, got.EndColumn, wantRule, line, col, line, col+len(c.token))
			}
			if strings.Contains(c.path, "minified") && line != 1 {
				t.Fatalf("minified notebook should be one line, got line %d", line)
			}
			if c.part == "" {
				if got.Notebook != nil {
					t.Fatalf("plain file has a notebook position: %+v", got.Notebook)
				}
				return
			}
			nb := got.Notebook
			if nb == nil || nb.Cell == nil || *nb.Cell != c.cell || nb.Part != c.part || nb.CellType == nil ||
				*nb.CellType != c.cellType || nb.Line != c.nbLine || nb.Column != c.nbCol ||
				(c.output == 0) != (nb.Output == nil) || nb.Output != nil && *nb.Output != c.output {
				b, _ := json.Marshal(nb)
				t.Fatalf("notebook position %s, want cell %d (%s) %s output %d line %d col %d",
					b, c.cell, c.cellType, c.part, c.output, c.nbLine, c.nbCol)
			}
		})
	}
}

func TestSkippedIgnoredAndNotices(t *testing.T) {
	rep := jsonReport(t, hfscan(t, untrackedCopy(t, "testdata/cases"), "", "-f", "json", "testdata/cases"))
	if len(rep.Skipped) != 1 || rep.Skipped[0].Path != "testdata/cases/weights.bin" || rep.Skipped[0].Reason != "binary" {
		t.Errorf("skipped = %+v, want only weights.bin as binary", rep.Skipped)
	}
	if len(rep.Notices) != 1 || rep.Notices[0].Path != "testdata/cases/broken.ipynb" ||
		!strings.Contains(rep.Notices[0].Message, "scanned as plain text") {
		t.Errorf("notices = %+v, want one for broken.ipynb", rep.Notices)
	}
	ignored := []string{"run.log", "build/out.py", "local.cfg", "sub/notes.txt"}
	for _, f := range rep.Findings {
		for _, ig := range ignored {
			if f.Path == "testdata/cases/"+ig {
				t.Errorf("%s is ignored but was reported", f.Path)
			}
		}
	}
	rep = jsonReport(t, hfscan(t, "", "", "-f", "json", "--no-gitignore", "testdata/cases"))
	for _, ig := range ignored {
		found := false
		for _, f := range rep.Findings {
			found = found || f.Path == "testdata/cases/"+ig
		}
		if !found {
			t.Errorf("--no-gitignore: %s not reported", ig)
		}
	}
	rep = jsonReport(t, hfscan(t, "", "", "-f", "json", "--exclude", "*.ipynb", "--exclude", "sub/", "testdata/cases"))
	for _, f := range rep.Findings {
		if strings.HasSuffix(f.Path, ".ipynb") || strings.Contains(f.Path, "/sub/") {
			t.Errorf("--exclude: %s reported", f.Path)
		}
	}
}

// Determinism is an invariant: the number of workers never changes a byte.
func TestJobsGiveIdenticalBytes(t *testing.T) {
	for _, format := range []string{"json", "sarif", "text", "github"} {
		args := []string{"-f", format, "--color", "never", "testdata", "../shared/corpus"}
		one := hfscan(t, "", "", append([]string{"-j", "1"}, args...)...)
		if one.stdout == "" {
			t.Fatalf("%s: empty report", format)
		}
		for _, jobs := range []string{"3", "8", "16"} {
			other := hfscan(t, "", "", append([]string{"-j", jobs}, args...)...)
			if one.stdout != other.stdout || one.stderr != other.stderr {
				t.Fatalf("%s: -j 1 and -j %s differ", format, jobs)
			}
		}
	}
}

func TestStdin(t *testing.T) {
	tok := "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"
	r := hfscan(t, "", "k = \""+tok+"\"\n", "-")
	if r.code != 1 || !strings.Contains(r.stdout, "-:1:6: error [hf-token]") {
		t.Fatalf("stdin: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, tok) {
		t.Fatal("stdin finding printed the full token")
	}
}

// secretTree writes every secret rule's true samples into a temporary
// tree, as .py files and as notebook cells with the secret in an output
// too, and returns the tree and every secret in it.
func secretTree(t *testing.T) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	var secrets []string
	for _, r := range rules.Default() {
		if r.Kind != rules.Secret {
			continue
		}
		for i, s := range r.Samples.True {
			for _, m := range r.FindAll([]byte(s)) {
				secrets = append(secrets, m.Secret)
			}
			name := fmt.Sprintf("%s_%d", r.ID, i)
			os.WriteFile(filepath.Join(dir, name+".py"), []byte("import os\n"+s+"\n"), 0o644)
			nb, _ := json.Marshal(map[string]any{"cells": []any{map[string]any{
				"cell_type": "code", "metadata": map[string]any{}, "source": s,
				"outputs": []any{map[string]any{"output_type": "stream", "name": "stdout", "text": s}}}},
				"metadata": map[string]any{}, "nbformat": 4, "nbformat_minor": 5})
			os.WriteFile(filepath.Join(dir, name+".ipynb"), nb, 0o644)
		}
	}
	return dir, secrets
}

// jsonEscaped is s as it stands inside a JSON string.
func jsonEscaped(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	out := strings.TrimSpace(b.String())
	return out[1 : len(out)-1]
}

// Redaction is an invariant: whatever the format and flags, short of
// --show-secrets, no secret reaches stdout, stderr or the report file —
// not even its middle.
func TestNoSecretInAnyOutput(t *testing.T) {
	tree, secrets := secretTree(t)
	// The tree really holds what the rules find: shown in full on request.
	shown := hfscan(t, "", "", "-f", "json", "--show-secrets", tree).stdout
	for _, sec := range secrets {
		if !strings.Contains(shown, jsonEscaped(sec)) {
			t.Fatalf("secret %s of the tree is not found at all", sec)
		}
	}
	secrets = append(secrets, fakeTokens(t, "testdata/cases", "testdata/demo", "testdata/hostile")...)
	paths := []string{tree, filepath.Join(repoRoot, "testdata")}
	report := filepath.Join(t.TempDir(), "report")
	combos := [][]string{
		{}, {"-q"}, {"--no-gitignore"}, {"--color", "always"}, {"-o", report}, {"--fail-on", "never", "-j", "1"},
		{"--disable", "hf-token,openai-api-key,github-token"}, {"--enable", "hardcoded-token-arg,hardcoded-token-env,token-printed"},
	}
	for _, format := range []string{"text", "json", "sarif", "github"} {
		for _, flags := range combos {
			os.Remove(report)
			args := append(append([]string{"-f", format}, flags...), paths...)
			r := hfscan(t, "", "", args...)
			if r.code == 2 {
				t.Fatalf("%v: exit 2\n%s", args, r.stderr)
			}
			out := r.stdout + r.stderr
			if b, err := os.ReadFile(report); err == nil {
				out += string(b)
			}
			for _, sec := range secrets {
				if strings.Contains(out, sec) || strings.Contains(out, jsonEscaped(sec)) {
					t.Errorf("%v shows %s in full", args, sec)
				}
				middle := sec[len(sec)/3 : len(sec)-4]
				if i := strings.IndexAny(middle, "\n\\"); i >= 0 {
					middle = middle[:i] // a piece that reads the same raw and escaped
				}
				if len(middle) >= 8 && strings.Contains(out, middle) {
					t.Errorf("%v shows part of %s", args, sec)
				}
			}
		}
	}
	r := hfscan(t, "", "", "-f", "text", "--show-secrets", "testdata/demo")
	if !strings.Contains(r.stdout, "hf_hfscanDemoNotARealKeyQzXwVbNmLpRst") {
		t.Errorf("--show-secrets did not show the secret:\n%s", r.stdout)
	}
}

func TestExitStatus(t *testing.T) {
	clean := t.TempDir()
	os.WriteFile(filepath.Join(clean, "ok.py"), []byte("import os\ntoken = os.environ['HF_TOKEN']\n"), 0o644)
	for _, c := range []struct {
		name string
		args []string
		want int
	}{
		{"clean tree", []string{clean}, 0},
		{"findings", []string{"testdata/demo"}, 1},
		{"fail-on never", []string{"--fail-on", "never", "testdata/demo"}, 0},
		{"fail-on note", []string{"--fail-on", "note", "testdata/demo"}, 1},
		{"unknown flag", []string{"--no-such-flag", "testdata/demo"}, 2},
		{"bad format", []string{"-f", "xml", "testdata/demo"}, 2},
		{"bad fail-on", []string{"--fail-on", "fatal", "testdata/demo"}, 2},
		{"missing path", []string{"testdata/demo", "testdata/no-such-dir"}, 2},
		{"help", []string{"--help"}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := hfscan(t, "", "", c.args...)
			if r.code != c.want {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, c.want, r.stdout, r.stderr)
			}
		})
	}
	// A missing path still lets the rest be scanned and reported.
	r := hfscan(t, "", "", "-f", "json", "testdata/demo", "testdata/no-such-dir")
	rep := jsonReport(t, r)
	if len(rep.Findings) == 0 || len(rep.Errors) != 1 || rep.Errors[0].Path != "testdata/no-such-dir" {
		t.Fatalf("missing path: findings %d, errors %+v", len(rep.Findings), rep.Errors)
	}
	if !strings.Contains(r.stderr, "testdata/no-such-dir") {
		t.Fatalf("the error is not on stderr: %q", r.stderr)
	}
}

// An unreadable file makes the exit status 2 while the rest of the tree is
// still scanned. Root reads anything, so as root the scan runs as nobody.
func TestUnreadableFile(t *testing.T) {
	dir := nobodyDir(t)
	tok := "hf_hfscanDemoNotARealKeyQzXwVbNmLpRst"
	os.WriteFile(filepath.Join(dir, "found.py"), []byte("t = '"+tok+"'\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "locked.py"), []byte("t = '"+tok+"'\n"), 0o000)
	os.Chmod(filepath.Join(dir, "locked.py"), 0o000)
	rep := scanAsNobody(t, dir)
	if len(rep.Errors) != 1 || rep.Errors[0].Path != "locked.py" || !strings.Contains(rep.Errors[0].Message, "permission denied") {
		t.Fatalf("errors = %+v", rep.Errors)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "found.py" {
		t.Fatalf("the readable file was not reported: %+v", rep.Findings)
	}
}

func TestSpecialFilesAndLimits(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or symlinks to test on Windows")
	}
	dir := t.TempDir()
	tok := "hf_hfscanDemoNotARealKeyQzXwVbNmLpRst"
	os.WriteFile(filepath.Join(dir, "big.py"), []byte("t = '"+tok+"'\n"+strings.Repeat("# pad\n", 100)), 0o644)
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "target.py"), []byte("t = '"+tok+"'\n"), 0o644)
	if err := os.Symlink(filepath.Join(outside, "target.py"), filepath.Join(dir, "link.py")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A FIFO would block a reader forever: if hfscan opened it, this hangs.
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "--max-file-size", "100B", "."))
	if len(rep.Findings) != 0 {
		t.Errorf("findings %+v: the symlink must not be followed, big.py is too large", rep.Findings)
	}
	want := map[string]string{"big.py": "too-large", "pipe": "not-regular"}
	if len(rep.Skipped) != len(want) {
		t.Errorf("skipped = %+v, want %v", rep.Skipped, want)
	}
	for _, s := range rep.Skipped {
		if want[s.Path] != s.Reason {
			t.Errorf("skipped %s (%s), want %v", s.Path, s.Reason, want)
		}
	}
	// A symlink named on the command line is followed.
	rep = jsonReport(t, hfscan(t, dir, "", "-f", "json", "link.py"))
	if len(rep.Findings) != 1 {
		t.Errorf("explicit symlink: %d findings, want 1", len(rep.Findings))
	}
}

func TestCorpusAndSeedsHaveNoSecrets(t *testing.T) {
	for _, dir := range []string{"../shared/corpus", "../shared/seeds"} {
		if _, err := os.Stat(filepath.Join(repoRoot, dir)); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s missing in CI: %v", dir, err)
			}
			t.Skipf("%s not beside this checkout", dir)
		}
		rep := jsonReport(t, hfscan(t, "", "", "-f", "json", dir))
		if len(rep.Errors) != 0 {
			t.Errorf("%s: errors %+v", dir, rep.Errors)
		}
		for _, f := range rep.Findings {
			// Real notebooks by others hold no secret; the seed guides are
			// prose, so not even a practice rule applies to them.
			if f.Level == "error" || dir == "../shared/seeds" {
				t.Errorf("%s: %s at %s:%d:%d", dir, f.RuleID, f.Path, f.Line, f.Column)
			}
		}
		if dir == "../shared/corpus" && rep.Stats.Notebooks < 1500 {
			t.Errorf("corpus: only %d notebooks scanned", rep.Stats.Notebooks)
		}
	}
}

// validateSARIF checks a report against the official SARIF 2.1.0 schema.
func validateSARIF(t *testing.T, report string) {
	t.Helper()
	compiler := jsonschema.NewCompiler()
	f, err := os.Open(filepath.Join(repoRoot, "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := compiler.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	compiler.AssertFormat()
	schema, err := compiler.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(report))
	if err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %v", err)
	}
}

// decode unmarshals a JSON report into v.
func decode(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
}

func TestSARIFIsValid(t *testing.T) {
	r := hfscan(t, "", "", "-f", "sarif", "testdata/cases", "testdata/demo", "testdata/no-such-dir")
	validateSARIF(t, r.stdout)

	var log struct {
		Runs []struct {
			ColumnKind string
			Tool       struct {
				Driver struct {
					Rules []struct {
						ID         string
						Help       struct{ Text, Markdown string }
						Properties map[string]any
					}
				}
			}
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string
							URIBaseID string `json:"uriBaseId"`
						}
					}
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" || len(run.Tool.Driver.Rules) < 2 || len(run.Results) == 0 {
		t.Fatalf("columnKind %q, %d rules, %d results", run.ColumnKind, len(run.Tool.Driver.Rules), len(run.Results))
	}
	for _, rule := range run.Tool.Driver.Rules {
		if rule.Help.Text == "" || rule.Help.Markdown == "" {
			t.Errorf("%s: no help", rule.ID)
		}
		if sev, _ := rule.Properties["security-severity"].(string); sev == "" {
			t.Errorf("%s: no security-severity", rule.ID)
		}
	}
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation.ArtifactLocation
		if loc.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.URI, "/") || strings.Contains(loc.URI, ":") {
			t.Errorf("%s: URI %q base %q is not relative to %%SRCROOT%%", res.RuleID, loc.URI, loc.URIBaseID)
		}
		if res.PartialFingerprints["hfscan/v1"] == "" {
			t.Errorf("%s: no fingerprint", res.RuleID)
		}
	}
}

// The JSON report has exactly SPEC §5's fields, in its order, and empty
// lists are [] not null.
// ruleIDLines lists every rule id as the JSON report's "rules" does.
func ruleIDLines() string {
	var lines []string
	for _, r := range rules.Default() {
		lines = append(lines, `    "`+r.ID+`"`)
	}
	return strings.Join(lines, ",\n")
}

func TestJSONShape(t *testing.T) {
	clean := t.TempDir()
	r := hfscan(t, clean, "", "-f", "json", ".")
	want := `{
  "schema_version": 2,
  "tool": {
    "name": "hfscan",
    "version": "` + testVersion + `"
  },
  "rules": [
` + ruleIDLines() + `
  ],
  "findings": [],
  "secrets": [],
  "skipped": [],
  "errors": [],
  "notices": [],
  "stats": {
    "files": 0,
    "notebooks": 0,
    "bytes": 0,
    "duration_ms": 0,
    "baselined": 0
  }
}
`
	if r.code != 0 || r.stdout != want {
		t.Fatalf("exit %d, clean report:\n%s\nwant:\n%s", r.code, r.stdout, want)
	}
	rep := hfscan(t, "", "", "-f", "json", "testdata/cases/jupyter.ipynb")
	var raw struct {
		Findings []map[string]json.RawMessage
	}
	json.Unmarshal([]byte(rep.stdout), &raw)
	keys := []string{"rule_id", "level", "message", "path", "line", "column", "end_line", "end_column", "notebook", "secret", "snippet", "fingerprint", "secret_id", "context", "verification"}
	for _, f := range raw.Findings {
		if len(f) != len(keys) {
			t.Errorf("finding has %d fields, want %d: %v", len(f), len(keys), f)
		}
		for _, k := range keys {
			if _, ok := f[k]; !ok {
				t.Errorf("finding lacks %q", k)
			}
		}
	}
}

func TestFingerprintsSurviveMovedLines(t *testing.T) {
	dir := t.TempDir()
	tok := "hf_hfscanDemoNotARealKeyQzXwVbNmLpRst"
	p := filepath.Join(dir, "a.py")
	os.WriteFile(p, []byte("t = '"+tok+"'\n"), 0o644)
	before := jsonReport(t, hfscan(t, dir, "", "-f", "json", "."))
	os.WriteFile(p, []byte(strings.Repeat("\n", 10)+"x = 1; t = '"+tok+"'\n"), 0o644)
	after := jsonReport(t, hfscan(t, dir, "", "-f", "json", "."))
	if len(before.Findings) != 1 || len(after.Findings) != 1 ||
		before.Findings[0].Fingerprint != after.Findings[0].Fingerprint || after.Findings[0].Line != 11 {
		t.Fatalf("fingerprint moved with the line: %+v vs %+v", before.Findings, after.Findings)
	}
	if strings.Contains(before.Findings[0].Fingerprint, tok[3:10]) {
		t.Fatal("fingerprint holds part of the secret")
	}
}

func TestColor(t *testing.T) {
	const esc = "\x1b["
	if r := hfscan(t, "", "", "--color", "always", "testdata/demo"); !strings.Contains(r.stdout, esc) {
		t.Error("--color always: no colour")
	}
	if r := hfscan(t, "", "", "--color", "never", "testdata/demo"); strings.Contains(r.stdout, esc) {
		t.Error("--color never: colour")
	}
	// auto: not a terminal here, and NO_COLOR is set: no colour.
	r := hfscanEnv(t, "", "", []string{"NO_COLOR=1"}, "testdata/demo")
	if strings.Contains(r.stdout, esc) {
		t.Error("NO_COLOR: colour")
	}
}

func TestVersionAndListRules(t *testing.T) {
	if r := hfscan(t, "", "", "--version"); r.code != 0 || r.stdout != "hfscan "+testVersion+"\n" {
		t.Errorf("--version: %q", r.stdout)
	}
	r := hfscan(t, "", "", "--list-rules")
	if r.code != 0 || !strings.Contains(r.stdout, "hf-token") || !strings.Contains(r.stdout, "hf-org-token") {
		t.Errorf("--list-rules:\n%s", r.stdout)
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	r := hfscan(t, "", "", "-f", "json", "-o", out, "testdata/demo")
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	jsonReport(t, runResult{stdout: string(b)})
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}

// TestCorpusFindingsUnchanged scans the shared corpus of real notebooks
// (1,519 files written by others) and compares every finding, field by
// field, with the findings recorded before the speed work: making the
// scanner fast must not lose or move one. The corpus lives beside the
// checkout, not in it (69 MB); a clone without it still has the golden
// reports of testdata/, which TestGolden checks the same way.
func TestCorpusFindingsUnchanged(t *testing.T) {
	corpus := filepath.Join(repoRoot, "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("no shared corpus beside the checkout: %v", err)
	}
	r := hfscan(t, "", "", "-f", "json", "--fail-on", "never", "../shared/corpus")
	if r.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", r.code, r.stderr)
	}
	var rep struct {
		Findings json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join(repoRoot, "testdata", "golden", "corpus-findings.json")
	if *update {
		var out bytes.Buffer
		if err := json.Indent(&out, rep.Findings, "", " "); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, append(out.Bytes(), '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	var gotV, wantV []any
	if err := json.Unmarshal(rep.Findings, &gotV); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &wantV); err != nil {
		t.Fatal(err)
	}
	if len(wantV) == 0 {
		t.Fatal("the golden file holds no findings: the test would prove nothing")
	}
	if !reflect.DeepEqual(gotV, wantV) {
		t.Errorf("findings on the corpus differ from %s (go test ./cmd/hfscan -update rewrites it)", golden)
	}
}
