package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// A file named like an option must never change how hfscan runs: the
// pre-commit framework appends staged names to the hook's arguments.
func TestOptionLikeFileNames(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "--fail-on=never"), []byte("x\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "--show-secrets"), []byte("x\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "leak.py"), []byte("t = '"+fakeTok+"'\n"), 0o644)

	// Without "--" the names would be read as options: refused, exit 2.
	r := hfscan(t, dir, "", "--quiet", "--fail-on=never", "--show-secrets", "leak.py")
	if r.code != 2 || !strings.Contains(r.stderr, `"--fail-on=never" is an option and also a file here`) {
		t.Fatalf("option-like file names: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, fakeTok) {
		t.Fatal("the token was printed in full")
	}
	// After "--" they are files like any other.
	r = hfscan(t, dir, "", "--quiet", "--", "--fail-on=never", "--show-secrets", "leak.py")
	if r.code != 1 || !strings.Contains(r.stdout, "leak.py:1:6: error [hf-token]") || strings.Contains(r.stdout, fakeTok) {
		t.Fatalf("after --: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestHelpGoesToStdout(t *testing.T) {
	for _, flag := range []string{"-h", "--help"} {
		r := hfscan(t, "", "", flag)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage: hfscan [flags] [PATH ...]") || !strings.Contains(r.stdout, "--max-file-size") || r.stderr != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", flag, r.code, r.stdout, r.stderr)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--enable", "hf-token", "--disable", "hf-token", "testdata/demo"}, "leave no rule to run"},
		{[]string{"--fail-on", "bogus", "testdata/demo"}, `--fail-on: unknown level "bogus" (want error, warning, note or never)`},
		{[]string{"-j", "abc", "testdata/demo"}, `invalid argument "abc" for "-j, --jobs" flag: want a whole number of workers, 1 or more`},
		{[]string{"-j", "0", "testdata/demo"}, "want a whole number of workers"},
		{[]string{"--list-rules", "-f", "sarif"}, "--list-rules prints text or json"},
	} {
		r := hfscan(t, "", "", tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, "strconv") {
			t.Errorf("hfscan %v: exit %d, stderr %q, want %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	// A huge -j is capped, not a memory bomb.
	if r := hfscan(t, "", "", "-j", "1000000", "-q", "testdata/demo"); r.code != 1 {
		t.Errorf("-j 1000000: exit %d\n%s", r.code, r.stderr)
	}
}

func TestListRulesFormats(t *testing.T) {
	r := hfscan(t, "", "", "--list-rules", "-f", "json")
	var list struct {
		SchemaVersion int `json:"schema_version"`
		Rules         []struct{ ID, Kind, Level, Title, Help string }
	}
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	decode(t, r.stdout, &list)
	if len(list.Rules) < 20 || list.Rules[0].ID != "hf-token" || list.Rules[0].Kind != "secret" || list.Rules[0].Level != "error" || list.Rules[0].Help == "" {
		t.Fatalf("rules: %+v", list.Rules[:min(2, len(list.Rules))])
	}
	out := filepath.Join(t.TempDir(), "rules.txt")
	if r := hfscan(t, "", "", "--list-rules", "-o", out); r.code != 0 || r.stdout != "" {
		t.Fatalf("-o: exit %d, stdout %q", r.code, r.stdout)
	}
	if b := readFile(t, out); !strings.HasPrefix(b, "hf-token ") {
		t.Fatalf("rules file: %q", b[:min(len(b), 80)])
	}
}

func TestControlCharactersInPathsAreEscaped(t *testing.T) {
	dir := t.TempDir()
	name := "a\nb.py:1:1: error [forged] x\x1b[2J.py"
	if err := os.WriteFile(filepath.Join(dir, name), []byte("t = '"+fakeTok+"'\n"), 0o644); err != nil {
		t.Skip("file system refuses the name:", err)
	}
	r := hfscan(t, dir, "", ".")
	if r.code != 1 || !strings.Contains(r.stdout, `"a\nb.py:1:1: error [forged] x\x1b[2J.py":1:6: error [hf-token]`) ||
		strings.Contains(r.stdout, "\x1b") || strings.Contains(r.stdout, "\nb.py") {
		t.Fatalf("exit %d\n%q", r.code, r.stdout)
	}
}

func TestStdinFilename(t *testing.T) {
	code := "import os\nhf_token = os.environ['HF_TOKEN']\nprint(hf_token)\n"
	r := hfscan(t, "", code, "-f", "json", "--stdin-filename", "cells/cell.py", "-")
	rep := jsonReport(t, r)
	if r.code != 0 || len(rep.Findings) != 1 || rep.Findings[0].RuleID != "token-printed" || rep.Findings[0].Path != "cells/cell.py" || rep.Findings[0].Line != 3 {
		t.Fatalf("exit %d, findings %+v", r.code, rep.Findings)
	}
	// Without a name, stdin is not code: no practice rule runs.
	if rep := jsonReport(t, hfscan(t, "", code, "-f", "json", "-")); len(rep.Findings) != 0 {
		t.Fatalf("plain stdin: %+v", rep.Findings)
	}
}

// mustBeRoot skips a test that makes device nodes, except in CI, which
// runs as root.
func mustBeRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must run as root to make device nodes")
		}
		t.Skip("needs root to make device nodes")
	}
}

// -o never replaces what is not its own regular file: a device node stays
// a device (here one made in a temporary folder with /dev/null's numbers),
// a symlink stays a link and its target gets the report.
func TestOutputNeverReplacesNonRegular(t *testing.T) {
	mustBeRoot(t)
	dir := t.TempDir()
	null := filepath.Join(dir, "null")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Fatal(err)
	}
	r := hfscan(t, "", "", "-f", "json", "-o", null, "testdata/demo")
	if r.code != 1 {
		t.Fatalf("-o device: exit %d\n%s", r.code, r.stderr)
	}
	if info, err := os.Lstat(null); err != nil || info.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("the device node was replaced: %v %v", info.Mode(), err)
	}
	target := filepath.Join(dir, "real.json")
	os.WriteFile(target, []byte("old"), 0o640)
	link := filepath.Join(dir, "link.json")
	os.Symlink("real.json", link)
	if r := hfscan(t, "", "", "-f", "json", "-o", link, "testdata/demo"); r.code != 1 {
		t.Fatalf("-o symlink: exit %d\n%s", r.code, r.stderr)
	}
	if info, _ := os.Lstat(link); info.Mode()&fs.ModeSymlink == 0 {
		t.Fatal("the symlink was replaced by a file")
	}
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o640 {
		t.Errorf("the report lost its mode: %v", info.Mode())
	}
	jsonReport(t, runResult{stdout: readFile(t, target)})
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// A report that cannot be written is known before the scan (exit 2 at
// once); one whose write fails after it still gives its findings.
func TestReportThatCannotBeWritten(t *testing.T) {
	r := hfscan(t, "", "", "-f", "json", "-o", filepath.Join(t.TempDir(), "no", "such", "r.json"), "testdata/demo")
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "cannot write in") || strings.Contains(r.stderr, "findings (") {
		t.Fatalf("missing folder: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	r = hfscan(t, "", "", "-f", "sarif", "-o", "/dev/full", "testdata/demo")
	if r.code != 2 || !strings.Contains(r.stderr, "no space left on device; the findings follow") ||
		!strings.Contains(r.stderr, "testdata/demo/.env:3:14: error [hf-org-token]") || !strings.Contains(r.stderr, "11 findings") {
		t.Fatalf("/dev/full: exit %d\n%s", r.code, r.stderr)
	}
}

// New reports honour the umask, and one holding secrets in full is never
// readable by others.
func TestOutputModes(t *testing.T) {
	dir := t.TempDir()
	run := func(name string, extra ...string) fs.FileMode {
		t.Helper()
		out := filepath.Join(dir, name)
		args := append([]string{"-c", `umask 027; exec "$0" "$@"`, binary, "-f", "json", "-o", out}, extra...)
		args = append(args, "testdata/demo")
		if _, code := runIn(t, repoRoot, nil, "sh", args...); code != 1 {
			t.Fatalf("exit %d", code)
		}
		info, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		return info.Mode().Perm()
	}
	if m := run("plain.json"); m != 0o640 {
		t.Errorf("new report: mode %v, want 0640 under umask 027", m)
	}
	if m := run("secrets.json", "--show-secrets"); m != 0o600 {
		t.Errorf("report with secrets: mode %v, want 0600", m)
	}
	os.Chmod(filepath.Join(dir, "plain.json"), 0o644)
	if m := run("plain.json", "--show-secrets"); m != 0o600 {
		t.Errorf("existing report rewritten with secrets: mode %v, want 0600", m)
	}
}

// -o into a process substitution (/dev/fd/N, a pipe) writes into the pipe.
func TestOutputToProcessSubstitution(t *testing.T) {
	needTool(t, "bash")
	got := filepath.Join(t.TempDir(), "got.json")
	script := `"$0" -f json -o >(cat > "$1") testdata/demo; code=$?; wait; exit $code`
	out, code := runIn(t, repoRoot, []string{"SOURCE_DATE_EPOCH=0"}, "bash", "-c", script, binary, got)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for range 50 { // the reader may still be writing when bash exits
		if b, _ := os.ReadFile(got); json.Valid(b) && len(b) > 0 {
			return
		}
		exec.Command("sleep", "0.1").Run()
	}
	t.Fatalf("no report came through the pipe: %q", readFile(t, got))
}

// notebookWithImage is a notebook whose one code cell logs in with a
// token and whose output is a PNG of n bytes, base64 in the file.
func notebookWithImage(t *testing.T, n int, textOutput string) []byte {
	t.Helper()
	img := base64.StdEncoding.EncodeToString(make([]byte, n))
	outputs := []any{map[string]any{"output_type": "display_data", "metadata": map[string]any{},
		"data": map[string]any{"image/png": img, "text/plain": []string{textOutput}}}}
	nb := map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{},
		"cells": []any{map[string]any{"cell_type": "code", "metadata": map[string]any{}, "execution_count": 1,
			"source": []string{"from huggingface_hub import login\n", "login('" + fakeTok + "')"}, "outputs": outputs}}}
	b, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A notebook's base64 images do not count against --max-file-size; a file
// still over it is never passed in silence.
func TestTooLargeIsNeverSilent(t *testing.T) {
	dir := t.TempDir()
	// 3 MiB of images, a few hundred bytes of text: scanned under a 1 MiB limit.
	os.WriteFile(filepath.Join(dir, "plots.ipynb"), notebookWithImage(t, 3<<20, "<Figure>"), 0o644)
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "--max-file-size", "1MiB", "plots.ipynb"))
	if len(rep.Findings) != 1 || rep.Findings[0].RuleID != "hf-token" || len(rep.Skipped) != 0 {
		t.Fatalf("notebook with images: findings %+v, skipped %+v", rep.Findings, rep.Skipped)
	}
	// 2 MiB of text output: over the limit, reported in every format.
	os.WriteFile(filepath.Join(dir, "logs.ipynb"), notebookWithImage(t, 10, strings.Repeat("epoch 1 loss 0.5\n", 2<<20/17)), 0o644)
	args := []string{"--max-file-size", "1MiB", "logs.ipynb"}
	r := hfscan(t, dir, "", append([]string{"-q"}, args...)...)
	if r.code != 0 || !strings.Contains(r.stderr, "hfscan: not scanned: logs.ipynb (too-large: 2.1 MiB to scan, over --max-file-size)") {
		t.Errorf("-q: exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	r = hfscan(t, dir, "", append([]string{"-f", "github", "-q"}, args...)...)
	if !strings.Contains(r.stdout, "::warning file=logs.ipynb,title=hfscan%3A not scanned::not scanned (too-large") {
		t.Errorf("github: %q", r.stdout)
	}
	r = hfscan(t, dir, "", append([]string{"-f", "sarif"}, args...)...)
	validateSARIF(t, r.stdout)
	if !strings.Contains(r.stdout, `"level": "warning"`) || !strings.Contains(r.stdout, "logs.ipynb: not scanned (too-large") {
		t.Errorf("sarif has no notification:\n%s", r.stdout)
	}
	rep = jsonReport(t, hfscan(t, dir, "", append([]string{"-f", "json"}, args...)...))
	if len(rep.Skipped) != 1 || rep.Skipped[0].Reason != "too-large" {
		t.Errorf("json skipped: %+v", rep.Skipped)
	}
	if r := hfscan(t, dir, "", append([]string{"-q", "--fail-too-large"}, args...)...); r.code != 2 {
		t.Errorf("--fail-too-large: exit %d", r.code)
	}
	// A plain file keeps the plain rule: its size is what is scanned.
	os.WriteFile(filepath.Join(dir, "big.txt"), []byte(strings.Repeat("x", 2<<20)), 0o644)
	if r := hfscan(t, dir, "", "-q", "--fail-too-large", "--max-file-size", "1MiB", "big.txt"); r.code != 2 || !strings.Contains(r.stderr, "not scanned: big.txt") {
		t.Errorf("big.txt: exit %d, %q", r.code, r.stderr)
	}
}

// .hfscanignore is the user's own choice of what not to scan: it holds
// for files named on the command line (the pre-commit framework names
// them) as for a walk and --staged, nested files included. .gitignore
// does not hold for a named file: git tracks it.
func TestHfscanignoreForNamedAndStagedFiles(t *testing.T) {
	repo := gitRepo(t)
	leak := []byte("t = '" + fakeTok + "'\n")
	for _, p := range []string{"fixtures/a.py", "sub/x.local.py", "sub/kept.py", "tracked.py"} {
		os.MkdirAll(filepath.Join(repo, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(repo, p), leak, 0o644)
	}
	os.WriteFile(filepath.Join(repo, ".hfscanignore"), []byte("fixtures/\n"), 0o644)
	os.WriteFile(filepath.Join(repo, "sub", ".hfscanignore"), []byte("*.local.py\n"), 0o644)
	os.WriteFile(filepath.Join(repo, ".gitignore"), []byte("tracked.py\n"), 0o644)
	names := []string{"fixtures/a.py", "sub/x.local.py", "sub/kept.py", "tracked.py"}
	want := []string{"sub/kept.py", "tracked.py"}
	paths := func(r runResult) []string {
		var out []string
		for _, f := range jsonReport(t, r).Findings {
			out = append(out, f.Path)
		}
		return out
	}
	if got := paths(hfscan(t, repo, "", append([]string{"-f", "json", "--"}, names...)...)); !equalStrings(got, want) {
		t.Errorf("named files: findings in %v, want %v", got, want)
	}
	// From a sub-folder, the repository's .hfscanignore still holds.
	if got := paths(hfscan(t, filepath.Join(repo, "sub"), "", "-f", "json", "x.local.py", "../fixtures/a.py")); len(got) != 0 {
		t.Errorf("named from a sub-folder: findings in %v, want none", got)
	}
	mustRun(t, repo, "git", "add", "-f", "--", "fixtures/a.py", "sub/x.local.py", "sub/kept.py", "tracked.py")
	if got := paths(hfscan(t, repo, "", "-f", "json", "--staged")); !equalStrings(got, want) {
		t.Errorf("--staged: findings in %v, want %v", got, want)
	}
	if got := paths(hfscan(t, repo, "", append([]string{"-f", "json", "--no-gitignore", "--"}, names...)...)); len(got) != 4 {
		t.Errorf("--no-gitignore: findings in %v, want all four", got)
	}
}

func equalStrings(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// --staged takes every staged change that leaves content: a symlink
// replaced by a file (a type change), and a name holding a newline.
func TestStagedTypeChangeAndOddNames(t *testing.T) {
	repo := gitRepo(t)
	os.WriteFile(filepath.Join(repo, "real.txt"), []byte("x\n"), 0o644)
	os.Symlink("real.txt", filepath.Join(repo, "config.py"))
	mustRun(t, repo, "git", "add", ".")
	mustRun(t, repo, "git", "commit", "-qm", "link")
	os.Remove(filepath.Join(repo, "config.py"))
	os.WriteFile(filepath.Join(repo, "config.py"), []byte("t = '"+fakeTok+"'\n"), 0o644)
	odd := "new\nline.py"
	os.WriteFile(filepath.Join(repo, odd), []byte("t = '"+fakeTok+"'\n"), 0o644)
	mustRun(t, repo, "git", "add", "--", "config.py", odd)
	rep := jsonReport(t, hfscan(t, repo, "", "-f", "json", "--staged"))
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Path)
	}
	if !equalStrings(got, []string{"config.py", odd}) {
		t.Fatalf("--staged found %q, want config.py and %q", got, odd)
	}
}

// An ignore marker counts only inside a real comment of the file's
// language: never inside a string literal, an output, markdown or
// metadata.
func TestIgnoreMarkerOnlyInComments(t *testing.T) {
	dir := t.TempDir()
	tok := fakeTok
	write := func(name, content string) {
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	// Not comments: every one of these must still be reported.
	write("instring.py", "d = \""+tok+" # hfscan:ignore\"\n")
	write("otherstring.py", "d = \""+tok+"\"; e = \"# hfscan:ignore\"\n")
	write("printarg.py", "print(\"# hfscan:ignore\", \""+tok+"\")\n")
	write("quoted.env", "HF_TOKEN=\""+tok+"\" X=\"# hfscan:ignore\"\n")
	write("notes.txt", tok+" # hfscan:ignore\n")
	nb := map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{"note": "# hfscan:ignore " + tok},
		"cells": []any{
			map[string]any{"cell_type": "code", "metadata": map[string]any{}, "execution_count": 1, "source": []string{"x = 1"},
				"outputs": []any{map[string]any{"output_type": "stream", "name": "stdout", "text": []string{"# hfscan:ignore " + tok + "\n"}}}},
			map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": []string{"<!-- hfscan:ignore --> " + tok}},
		}}
	b, _ := json.Marshal(nb)
	write("outputs.ipynb", string(b))
	// Real comments: silenced.
	write("comment.py", "d = \""+tok+"\"  # hfscan:ignore\n")
	write("comment.sh", "export X="+tok+" # hfscan:ignore[hf-token]\n")
	write("comment.env", "HF_TOKEN="+tok+" # hfscan:ignore\n")
	write("comment.yaml", "token: \""+tok+"\" # hfscan:ignore\n")
	write("comment.js", "const t = \""+tok+"\"; // hfscan:ignore\n")
	write("cell.ipynb", string(notebookBytes(t, "from huggingface_hub import login\nlogin('"+tok+"')  # hfscan:ignore[hf-token]")))
	// A marker naming no rule silences nothing it does not name, and says so.
	write("typo.py", "d = \""+tok+"\"  # hfscan:ignore[hf-tokn]\n")

	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "."))
	got := map[string]int{}
	for _, f := range rep.Findings {
		if f.RuleID == "hf-token" {
			got[f.Path]++
		}
	}
	want := map[string]int{"instring.py": 1, "otherstring.py": 1, "printarg.py": 1, "quoted.env": 1, "notes.txt": 1, "outputs.ipynb": 3, "typo.py": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("hf-token findings by file: %v\nwant %v", got, want)
	}
	var notices []string
	for _, n := range rep.Notices {
		notices = append(notices, n.Path+": "+n.Message)
	}
	if !equalStrings(notices, []string{"typo.py: hfscan:ignore[hf-tokn] names no rule; see hfscan --list-rules"}) {
		t.Errorf("notices: %q", notices)
	}
}

// Text that hfscan used to read past: UTF-16/32 with a byte order mark (as
// PowerShell writes it), terminal colour codes around a token in a log,
// and a notebook's base64 text attachment.
func TestTextEncodingsColourAndAttachments(t *testing.T) {
	dir := t.TempDir()
	text := "line one\r\n$env:HF_TOKEN = '" + fakeTok + "'\r\n"
	utf16le := []byte{0xFF, 0xFE}
	utf16be := []byte{0xFE, 0xFF}
	utf32le := []byte{0xFF, 0xFE, 0, 0}
	for _, r := range text {
		utf16le = append(utf16le, byte(r), byte(r>>8))
		utf16be = append(utf16be, byte(r>>8), byte(r))
		utf32le = append(utf32le, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
	}
	os.WriteFile(filepath.Join(dir, "token16le.txt"), utf16le, 0o644)
	os.WriteFile(filepath.Join(dir, "token16be.txt"), utf16be, 0o644)
	os.WriteFile(filepath.Join(dir, "token32le.txt"), utf32le, 0o644)
	os.WriteFile(filepath.Join(dir, "train.log"), []byte("step 1\n\x1b[1;32mtoken:\x1b[0m \x1b[33m"+fakeTok+"\x1b[0m\n"), 0o644)
	att := base64.StdEncoding.EncodeToString([]byte("notes\nHF_TOKEN=" + fakeTok + "\n"))
	nb := map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{},
		"cells": []any{map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": []string{"![notes](attachment:notes.txt)"},
			"attachments": map[string]any{"notes.txt": map[string]any{"text/plain": att}}}}}
	b, _ := json.MarshalIndent(nb, "", " ")
	os.WriteFile(filepath.Join(dir, "attached.ipynb"), b, 0o644)

	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "."))
	got := map[string]string{}
	for _, f := range rep.Findings {
		where := fmt.Sprintf("%s %d:%d-%d", f.RuleID, f.Line, f.Column, f.EndColumn)
		if f.Notebook != nil {
			where += fmt.Sprintf(" cell %d %s", *f.Notebook.Cell, f.Notebook.Part)
		}
		got[f.Path] = where
	}
	// Columns count code points; the byte order mark is one, as in a UTF-8 file.
	want := map[string]string{
		"token16le.txt":  "hf-token 2:18-55",
		"token16be.txt":  "hf-token 2:18-55",
		"token32le.txt":  "hf-token 2:18-55",
		"train.log":      "hf-token 2:24-61", // the raw column, colour codes counted
		"attached.ipynb": got["attached.ipynb"],
	}
	if !strings.HasPrefix(got["attached.ipynb"], "hf-token 6:") || !strings.HasSuffix(got["attached.ipynb"], "cell 1 attachment") {
		t.Errorf("attachment: %q", got["attached.ipynb"])
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings:\n%v\nwant\n%v", got, want)
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("skipped: %+v", rep.Skipped)
	}
}

// A clone by a URL with a password in it keeps the token in .git/config: the
// one file of .git that a scan reads.
func TestGitConfigIsScanned(t *testing.T) {
	repo := gitRepo(t)
	remote := url.URL{Scheme: "https", User: url.UserPassword("alice", fakeTok), Host: "127.0.0.1", Path: "/spaces/alice/demo"}
	mustRun(t, repo, "git", "remote", "add", "origin", remote.String())
	os.WriteFile(filepath.Join(repo, ".git", "notes.txt"), []byte(fakeTok+"\n"), 0o644)
	rep := jsonReport(t, hfscan(t, repo, "", "-f", "json", "."))
	if len(rep.Findings) != 1 || rep.Findings[0].Path != ".git/config" || rep.Findings[0].RuleID != "hf-token" {
		t.Fatalf("findings: %+v", rep.Findings)
	}
	// From above the repository, and in a nested one, too.
	rep = jsonReport(t, hfscan(t, filepath.Dir(repo), "", "-f", "json", filepath.Base(repo)))
	if len(rep.Findings) != 1 || rep.Findings[0].Path != filepath.Base(repo)+"/.git/config" {
		t.Fatalf("from the parent: %+v", rep.Findings)
	}
	if rep := jsonReport(t, hfscan(t, repo, "", "-f", "json", "--exclude", ".git/config", ".")); len(rep.Findings) != 0 {
		t.Fatalf("--exclude .git/config: %+v", rep.Findings)
	}
}

// A baseline holds findings by what they are, not by how the path was
// typed: from the repository root, from its parent, from a sub-folder, by
// absolute path, by file name, staged, or in history, the same finding is
// the same.
func TestBaselineWhateverThePathSpelling(t *testing.T) {
	repo := gitRepo(t)
	os.MkdirAll(filepath.Join(repo, "sub"), 0o755)
	os.WriteFile(filepath.Join(repo, "sub", "x.py"), []byte("t = '"+fakeTok+"'\nu = '"+fakeTok+"'\n"), 0o644)
	os.WriteFile(filepath.Join(repo, "top.ipynb"), notebookBytes(t, "from huggingface_hub import login\nlogin('"+fakeTok+"')"), 0o644)
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	if r := hfscan(t, repo, "", "-f", "json", "-o", baseline, "."); r.code != 1 {
		t.Fatalf("baseline run: exit %d %s", r.code, r.stderr)
	}
	if n := len(jsonReport(t, runResult{stdout: readFile(t, baseline)}).Findings); n != 3 {
		t.Fatalf("baseline holds %d findings, want 3", n)
	}
	mustRun(t, repo, "git", "add", ".")
	for _, tc := range []struct {
		dir  string
		args []string
	}{
		{repo, []string{repo}},
		{filepath.Dir(repo), []string{filepath.Base(repo)}},
		{filepath.Join(repo, "sub"), []string{".."}},
		{filepath.Join(repo, "sub"), []string{"x.py", "../top.ipynb"}},
		{repo, []string{"--staged"}},
		{repo, []string{"sub/x.py", "./top.ipynb"}},
	} {
		r := hfscan(t, tc.dir, "", append([]string{"--baseline", baseline, "--color", "never"}, tc.args...)...)
		if r.code != 0 || !strings.Contains(r.stdout, "0 findings") || !strings.Contains(r.stdout, "3 baselined") {
			t.Errorf("in %s, hfscan %v: exit %d\n%s%s", tc.dir, tc.args, r.code, r.stdout, r.stderr)
		}
	}
	// Outside a work tree, paths count from the folder scanned.
	plain := t.TempDir()
	os.WriteFile(filepath.Join(plain, "a.py"), []byte("t = '"+fakeTok+"'\n"), 0o644)
	hfscan(t, plain, "", "-f", "json", "-o", baseline, ".")
	for _, args := range [][]string{{plain}, {"."}} {
		if r := hfscan(t, plain, "", append([]string{"--baseline", baseline, "--color", "never"}, args...)...); r.code != 0 || !strings.Contains(r.stdout, "1 baselined") {
			t.Errorf("outside git, %v: exit %d\n%s", args, r.code, r.stdout)
		}
	}
}

// In a git work tree .gitignore decides only for untracked files: a
// committed .env that a later .gitignore lists is still scanned (a CI
// checkout scans every tracked file). .hfscanignore and --exclude still
// leave out what they name; outside a work tree .gitignore decides alone.
func TestTrackedFilesIgnoredByGitignore(t *testing.T) {
	repo := gitRepo(t)
	leak := []byte("HF_TOKEN=" + fakeTok + "\n")
	os.MkdirAll(filepath.Join(repo, "build"), 0o755)
	for _, p := range []string{".env", "build/tracked.env", "build/untracked.env", "local.env"} {
		os.WriteFile(filepath.Join(repo, p), leak, 0o644)
	}
	mustRun(t, repo, "git", "add", ".env", "build/tracked.env")
	mustRun(t, repo, "git", "commit", "-qm", "env")
	os.WriteFile(filepath.Join(repo, ".gitignore"), []byte(".env\nbuild/\nlocal.env\n"), 0o644)
	paths := func(dir string, args ...string) []string {
		var out []string
		for _, f := range jsonReport(t, hfscan(t, dir, "", append([]string{"-f", "json"}, args...)...)).Findings {
			out = append(out, f.Path)
		}
		return out
	}
	if got := paths(repo, "."); !equalStrings(got, []string{".env", "build/tracked.env"}) {
		t.Errorf("work tree: findings in %v, want the two tracked files", got)
	}
	// From build/ the repository root's .gitignore is not read (ignore
	// files are read from the PATH down), so both are scanned.
	if got := paths(filepath.Join(repo, "build"), "."); !equalStrings(got, []string{"tracked.env", "untracked.env"}) {
		t.Errorf("from build/: findings in %v", got)
	}
	if got := paths(repo, "--exclude", "build/", "."); !equalStrings(got, []string{".env"}) {
		t.Errorf("--exclude build/: findings in %v", got)
	}
	os.WriteFile(filepath.Join(repo, ".hfscanignore"), []byte(".env\n"), 0o644)
	if got := paths(repo, "."); !equalStrings(got, []string{"build/tracked.env"}) {
		t.Errorf(".hfscanignore .env: findings in %v", got)
	}
	// The same files outside a work tree: .gitignore decides.
	plain := t.TempDir()
	mustRun(t, repo, "cp", "-r", ".env", ".gitignore", "build", "local.env", plain)
	if got := paths(plain, "."); len(got) != 0 {
		t.Errorf("outside git: findings in %v, want none", got)
	}
}

// A line holding a reported token and one hfscan did not report (its
// boundary failed) shows neither in full, in any format that carries text.
func TestSnippetRedactsEverySecretShape(t *testing.T) {
	dir := t.TempDir()
	missed := "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"
	os.WriteFile(filepath.Join(dir, "two.py"), []byte("a = '"+fakeTok+"'; b = 'x"+missed+"'\n"), 0o644)
	for _, format := range []string{"text", "json", "sarif", "github"} {
		r := hfscan(t, dir, "", "-f", format, "two.py")
		if r.code != 1 || strings.Contains(r.stdout+r.stderr, fakeTok) || strings.Contains(r.stdout+r.stderr, missed[3:]) {
			t.Errorf("-f %s: exit %d, a token in full:\n%s", format, r.code, r.stdout)
		}
	}
	if r := hfscan(t, dir, "", "two.py"); !strings.Contains(r.stdout, "| a = 'hf_…pRst'; b = 'xhf_…AbCd'") {
		t.Errorf("snippet:\n%s", r.stdout)
	}
}

// A log cut by copytruncate starts with a run of NUL bytes and is text
// after it; a NUL within the first 8 KiB after that still means binary.
func TestLeadingNULsAreNotBinary(t *testing.T) {
	dir := t.TempDir()
	line := []byte("login token=" + fakeTok + "\n")
	os.WriteFile(filepath.Join(dir, "app.log"), append(make([]byte, 64<<10), line...), 0o644)
	os.WriteFile(filepath.Join(dir, "blob.bin"), append([]byte("x\x00y"), line...), 0o644)
	os.WriteFile(filepath.Join(dir, "zeros"), make([]byte, 100), 0o644)
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "."))
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "app.log" || rep.Findings[0].Line != 1 || rep.Findings[0].Column != 65536+13 {
		t.Errorf("findings %+v", rep.Findings)
	}
	if len(rep.Skipped) != 2 || rep.Skipped[0].Path != "blob.bin" || rep.Skipped[1].Path != "zeros" || rep.Skipped[0].Reason != "binary" {
		t.Errorf("skipped %+v", rep.Skipped)
	}
}

// Jupyter joins a cell's source list with nothing between the strings: a
// token split across two of them is whole in the cell, and is found at
// its raw position in the first.
func TestTokenSplitAcrossSourceStrings(t *testing.T) {
	dir := t.TempDir()
	cut := 5 // "hf_hf" | "scanDemo…"
	nb := `{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
 "source": ["from huggingface_hub import login\n", "login('` + fakeTok[:cut] + `", "` + fakeTok[cut:] + `')\n"]}],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
	os.WriteFile(filepath.Join(dir, "split.ipynb"), []byte(nb), 0o644)
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "split.ipynb"))
	line, col := rawPositionOf(t, nb, fakeTok[:cut])
	if len(rep.Findings) != 1 || rep.Findings[0].Line != line || rep.Findings[0].Column != col ||
		*rep.Findings[0].Notebook.Cell != 1 || rep.Findings[0].Notebook.Line != 2 || rep.Findings[0].Notebook.Column != 8 {
		t.Fatalf("findings %+v, want one at %d:%d (cell 1, line 2, column 8)", rep.Findings, line, col)
	}
}

// A token right after an escape, or spelled with one, is found in every
// file: JSON written with ensure_ascii or by Gson, Python and JavaScript
// string escapes, percent-encoding in URLs and logs. Positions point at
// the raw bytes.
func TestTokensBehindEscapes(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"note.zpln":      `{"text": "login(\u0027` + fakeTok + `\u0027)"}` + "\n",
		"rows.jsonl":     `{"msg": "token:\u00a0` + fakeTok + `"}` + "\n",
		"spelled.py":     `t = "\u0068` + fakeTok[1:] + `"` + "\n",
		"hex.py":         `t = "\x68` + fakeTok[1:] + `"` + "\n",
		"access.log":     "GET /api?token%3D" + fakeTok + "%26x=1 200\n",
		"space.log":      "auth%20" + fakeTok + "\n",
		"cell.ipynb":     string(notebookBytes(t, `url = "https://127.0.0.1/?t%3D`+fakeTok+`"`)),
		"jsoncell.ipynb": string(notebookBytes(t, `s = '{"k": "\u0027`+fakeTok+`"}'`)),
	}
	for name, content := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	got := findingByPath(jsonReport(t, hfscan(t, dir, "", "-f", "json", ".")), "hf-token")
	for name, content := range files {
		f, ok := got[name]
		if !ok {
			t.Errorf("%s: token not found", name)
			continue
		}
		// The first character of the token in the file: its escape, for
		// a token spelled with one.
		first := fakeTok
		if strings.HasPrefix(name, "spelled") {
			first = `\u0068`
		} else if strings.HasPrefix(name, "hex") {
			first = `\x68`
		}
		line, col := rawPositionOf(t, content, first)
		end := col + len(fakeTok) // the column after the token
		if first != fakeTok {
			end += len(first) - 1 // its first character written as an escape
		}
		if f.Line != line || f.Column != col || f.EndColumn != end {
			t.Errorf("%s: at %d:%d-%d, want %d:%d-%d", name, f.Line, f.Column, f.EndColumn, line, col, end)
		}
	}
	if len(got) != len(files) {
		t.Errorf("found in %d of %d files", len(got), len(files))
	}
}

// A notebook that is not valid JSON is scanned as plain text; an ignore
// marker there is not in a comment of any language, and silences nothing
// (it used to silence every finding of a one-line notebook).
func TestIgnoreMarkerInBrokenNotebook(t *testing.T) {
	dir := t.TempDir()
	nb := `{"cells": [{"cell_type": "code", "source": ["# hfscan:ignore\n"]}, {"cell_type": "code", "source": ["login('` + fakeTok + `')"]}], ` // truncated
	os.WriteFile(filepath.Join(dir, "broken.ipynb"), []byte(nb), 0o644)
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "broken.ipynb"))
	if len(rep.Findings) != 1 || len(rep.Notices) != 1 || !strings.Contains(rep.Notices[0].Message, "scanned as plain text") {
		t.Fatalf("findings %+v notices %+v", rep.Findings, rep.Notices)
	}
}

// Carriage returns and C1 controls in file names are escaped too: a name
// like "x\x1b[2K\r.env" must not hide its own finding on a terminal.
func TestCarriageReturnInPath(t *testing.T) {
	dir := t.TempDir()
	name := "x\x1b[2K\r.env"
	if err := os.WriteFile(filepath.Join(dir, name), []byte("HF_TOKEN="+fakeTok+"\n"), 0o644); err != nil {
		t.Skip(err)
	}
	os.WriteFile(filepath.Join(dir, "c1\u009b.env"), []byte("HF_TOKEN="+fakeTok+"\n"), 0o644)
	r := hfscan(t, dir, "", "--color", "never", ".")
	if !strings.Contains(r.stdout, `"x\x1b[2K\r.env":1:10: error [hf-token]`) || !strings.Contains(r.stdout, `"c1\u009b.env":1:10`) ||
		strings.ContainsAny(r.stdout, "\r\x1b") || strings.Contains(r.stdout, "\u009b") {
		t.Fatalf("%q", r.stdout)
	}
}

// --from-json writes a saved JSON report in any format without scanning:
// the same bytes as the scan itself gives in that format.
func TestFromJSON(t *testing.T) {
	root := untrackedCopy(t, "testdata/cases", "testdata/demo", "testdata/guides")
	args := []string{"-j", "1", "--color", "never", "testdata/cases", "testdata/demo", "testdata/guides"}
	saved := filepath.Join(t.TempDir(), "r.json")
	if r := hfscan(t, root, "", append([]string{"-f", "json", "-o", saved}, args...)...); r.code != 1 {
		t.Fatalf("saving the report: exit %d\n%s", r.code, r.stderr)
	}
	for _, format := range []string{"json", "sarif", "github", "text"} {
		direct := hfscan(t, root, "", append([]string{"-f", format}, args...)...)
		converted := hfscan(t, root, "", "-f", format, "--color", "never", "--from-json", saved)
		if converted.code != direct.code || converted.stdout != direct.stdout {
			t.Errorf("-f %s: converted (exit %d) differs from the scan (exit %d):\n%s\n---\n%s", format, converted.code, direct.code, converted.stdout, direct.stdout)
		}
	}
	// History: commits and provenance come through.
	repo := historyRepo(t)
	hist := filepath.Join(t.TempDir(), "h.json")
	hfscan(t, repo, "", "-f", "json", "-o", hist, "--history")
	direct := hfscan(t, repo, "", "-f", "sarif", "--history")
	if converted := hfscan(t, repo, "", "-f", "sarif", "--from-json", hist); converted.stdout != direct.stdout {
		t.Errorf("history sarif: converted differs:\n%s\n---\n%s", converted.stdout, direct.stdout)
	}
	// A report holding secrets in full converts only with --show-secrets.
	full := filepath.Join(t.TempDir(), "full.json")
	hfscan(t, root, "", append([]string{"-f", "json", "--show-secrets", "-o", full}, args...)...)
	if r := hfscan(t, root, "", "--from-json", full); r.code != 2 || !strings.Contains(r.stderr, "holds secrets in full") || strings.Contains(r.stdout, fakeTok) {
		t.Errorf("full report without --show-secrets: exit %d, %s", r.code, r.stderr)
	}
	if r := hfscan(t, root, "", "--from-json", full, "--show-secrets", "-f", "sarif"); r.code != 1 ||
		r.stdout != hfscan(t, root, "", append([]string{"-f", "sarif", "--show-secrets"}, args...)...).stdout {
		t.Errorf("full report with --show-secrets: exit %d", r.code)
	}
	if r := hfscan(t, root, "", "--from-json", saved, "testdata"); r.code != 2 || !strings.Contains(r.stderr, "takes no PATH") {
		t.Errorf("--from-json with a PATH: exit %d %s", r.code, r.stderr)
	}
}

// After "--", "-" is a file named "-" (the pre-commit framework names a
// staged file so); before it, standard input.
func TestDashFileAfterDoubleDash(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "-"), []byte("t = '"+fakeTok+"'\n"), 0o644)
	if r := hfscan(t, dir, "", "-q", "--", "-"); r.code != 1 || !strings.Contains(r.stdout, "[hf-token]") {
		t.Errorf("-- -: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := hfscan(t, dir, "clean stdin\n", "-q", "-"); r.code != 0 {
		t.Errorf("- as stdin: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A token split into literals to get past push protection is whole once
// the constant expression is evaluated: found at its first character, in
// .py files and notebook code cells. An expression with a variable is not
// evaluated.
func TestSplitLiterals(t *testing.T) {
	dir := t.TempDir()
	a, b := fakeTok[:12], fakeTok[12:]
	cases := map[string]string{
		"plus.py":     `os.environ["HF_TOKEN"] = '` + a + `' + '` + b + `'` + "\n",
		"adjacent.py": `TOKEN = ("` + a + `"` + "\n" + `         "` + b + `")` + "\n",
		"fstring.py":  `login(f"` + a + `" + "` + b + `")` + "\n",
		"join.py":     `tok = "".join(["` + a + `", "` + b[:10] + `", "` + b[10:] + `"])` + "\n",
		"three.py":    `x = 'hf_' + '` + a[3:] + `' + '` + b + `'` + "\n",
		"percent.py":  `login("` + a + `%s" % "` + b + `")` + "\n",
		"tuple.py":    `tok = "%s%s" % ("` + a + `", "` + b + `",)` + "\n",
		"format.py":   `tok = "` + a + `{}".format('` + b + `')` + "\n",
		"indexed.py":  `tok = "{0}{1}".format("` + a + `", "` + b + `")` + "\n",
	}
	for name, src := range cases {
		os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "var.py"), []byte(`x = '`+a+`' + suffix + '`+b+`'`+"\n"), 0o644)
	// Formats that are not plain %s / {} are not evaluated.
	os.WriteFile(filepath.Join(dir, "fancy.py"), []byte(`x = "`+a+`%d" % "`+b+`"`+"\n"+`y = "`+a+`{:>5}".format("`+b+`")`+"\n"+
		`z = "{1}{0}".format("`+b+`", "`+a+`")`+"\n"+
		// a token that would end inside the separator: its bytes are not one span (this crashed)
		`w = "`+b[:20]+`".join(["`+a+`", "!"])`+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "cell.ipynb"), notebookBytes(t, "from huggingface_hub import login\nlogin('"+a+"' + '"+b+"')"), 0o644)
	got := findingByPath(jsonReport(t, hfscan(t, dir, "", "-f", "json", ".")), "hf-token")
	for name, src := range cases {
		f, ok := got[name]
		if !ok {
			t.Errorf("%s: split token not found", name)
			continue
		}
		first := a
		if name == "three.py" {
			first = "hf_"
		}
		line, col := rawPositionOf(t, src, first)
		if f.Line != line || f.Column != col {
			t.Errorf("%s: at %d:%d, want the first literal at %d:%d", name, f.Line, f.Column, line, col)
		}
	}
	if f, ok := got["cell.ipynb"]; !ok || *f.Notebook.Cell != 1 || f.Notebook.Line != 2 || f.Notebook.Column != 8 {
		t.Errorf("notebook cell: %+v", got["cell.ipynb"])
	}
	if _, ok := got["fancy.py"]; ok {
		t.Errorf("a format with a directive other than %%s or {} was evaluated")
	}
	if _, ok := got["var.py"]; ok {
		t.Error("an expression with a variable was evaluated")
	}
	// Reports never show the joined token in full.
	if r := hfscan(t, dir, "", "."); strings.Contains(r.stdout, fakeTok) || strings.Contains(r.stdout, b) {
		t.Errorf("the text report shows the token:\n%s", r.stdout)
	}
}

// A split literal is still the literal of its construct: a placeholder put
// together with + into HF_TOKEN is an env assignment; a real token so put
// together is reported once, as a secret.
func TestSplitLiteralPractice(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "env.py"), []byte("import os\nos.environ['HF_TOKEN'] = 'your_' + 'token_here'\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "real.py"), []byte("import os\nos.environ['HF_TOKEN'] = '"+fakeTok[:10]+"' + '"+fakeTok[10:]+"'\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "arg.py"), []byte("from huggingface_hub import login\nlogin(token='your_' + 'token_here')\n"), 0o644)
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "."))
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s %s %d:%d", f.Path, f.RuleID, f.Line, f.Column))
	}
	want := []string{"arg.py hardcoded-token-arg 2:14", "env.py hardcoded-token-env 2:27", "real.py hf-token 2:27"}
	if !equalStrings(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}

// token-plaintext-file fires on what could be a credential, not on a word
// or a short text written to a file whose name mentions secrets.
func TestPlaintextFilePrecision(t *testing.T) {
	dir := t.TempDir()
	src := "d = '/tmp'\n" +
		"open(\"secrets.txt\", \"w\").write(\"hello\")\n" +
		"open(f\"{d}/--show-secrets\", \"w\").write(\"y\\n\")\n" +
		"open(\"secret.txt\", \"w\").write(\"just some words here\")\n" +
		"open(\"token.txt\", \"w\").write('your_hugging_face_token_here')\n" +
		"open(\"token.txt\", \"w\").write(hf_token)\n"
	os.WriteFile(filepath.Join(dir, "w.py"), []byte(src), 0o644)
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "--enable", "token-plaintext-file", "."))
	var lines []int
	for _, f := range rep.Findings {
		lines = append(lines, f.Line)
	}
	if fmt.Sprint(lines) != "[5 6]" {
		t.Errorf("token-plaintext-file on lines %v, want [5 6]", lines)
	}
}

// The generic credential rule finds keys of providers it does not know,
// assigned as people assign them, and stays silent on every negative
// sample of the rule table.
func TestGenericCredential(t *testing.T) {
	dir := t.TempDir()
	key := func(alphabet string, n int, seed string) string { return rules.FakeFrom("", alphabet, n, seed) }
	lines := []string{
		`WEATHER_API_KEY = "` + key(rules.Alnum, 32, "g1") + `"`,
		`POLYGON_API_KEY = '` + key(rules.Alnum, 32, "g2") + `'`,
		`os.environ["ALPHAVANTAGE_API_KEY"] = "` + key(rules.Alnum, 16, "g3") + `"`,
		`client = FinnhubClient(api_key="` + key(rules.Alnum, 20, "g4") + `")`,
		`newsapi = NewsApiClient(api_key='` + key(rules.Hex, 32, "g5") + `')`,
		`config = {"api_key": "` + key(rules.Base64URL, 40, "g6") + `"}`,
		`headers = {"x-api-key": "x", "api_secret": "` + key(rules.Alnum, 48, "g7") + `"}`,
		`self.client_secret = "` + key(rules.Base64URL, 36, "g8") + `"`,
		`db = psycopg2.connect(host="db", user="app", password="` + key(rules.Base64URL, 24, "g9") + `")`,
		`MAPBOX_ACCESS_TOKEN = "pk.` + key(rules.Alnum, 60, "g10") + `"`,
		`SPOTIFY_CLIENT_SECRET = "` + key(rules.Hex, 32, "g11") + `"`,
		`reddit = praw.Reddit(client_id="abc", client_secret="` + key(rules.Base64URL, 27, "g12") + `")`,
		`TWILIO_AUTH_TOKEN = "` + key(rules.Hex, 32, "g13") + `"`,
		`mistral_api_key = "` + key(rules.Alnum, 32, "g14") + `"`,
		`COHERE_API_KEY = "` + key(rules.Alnum, 40, "g15") + `"`,
		`DEEPGRAM_API_KEY = "` + key(rules.Hex, 40, "g16") + `"`,
		`aai.settings.api_key = "` + key(rules.Hex, 32, "g17") + `"`,
		`ELEVENLABS_API_KEY = "sk_` + key(rules.Hex, 48, "g18") + `"`,
		`comet_ml.login(api_key="` + key(rules.Alnum, 25, "g19") + `")`,
		`run = neptune.init_run(project="x/y", api_token="` + key(rules.Base64URL, 80, "g20") + `")`,
	}
	os.WriteFile(filepath.Join(dir, "keys.py"), []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "--enable", "generic-credential", "keys.py"))
	found := map[int]bool{}
	for _, f := range rep.Findings {
		found[f.Line] = true
	}
	for i, l := range lines {
		if !found[i+1] {
			t.Errorf("line %d not found: %s", i+1, l)
		}
	}
	// Silent on every negative sample of every rule, as code.
	var neg []string
	for _, r := range rules.Default() {
		neg = append(neg, r.Samples.False...)
	}
	os.WriteFile(filepath.Join(dir, "negatives.py"), []byte(strings.Join(neg, "\n")+"\n"), 0o644)
	if rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "--enable", "generic-credential", "negatives.py")); len(rep.Findings) != 0 {
		all := strings.Split(strings.Join(neg, "\n"), "\n")
		for _, f := range rep.Findings {
			t.Errorf("negative sample reported at line %d: %s", f.Line, all[f.Line-1])
		}
	}
}

// findingByPath is each file's finding of one rule in a report (the last,
// when a file has several).
func findingByPath(rep report, rule string) map[string]finding {
	got := map[string]finding{}
	for _, f := range rep.Findings {
		if f.RuleID == rule {
			got[f.Path] = f
		}
	}
	return got
}
