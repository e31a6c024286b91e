package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const hostileTok = "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"

// Each file of testdata/hostile and what must become of it.
func TestHostileFiles(t *testing.T) {
	rep := jsonReport(t, hfscan(t, "", "", "-f", "json", "--show-secrets", "testdata/hostile"))
	type want struct {
		line, col int
		cell      int // 0: reported as plain text
		notice    string
	}
	cases := map[string]want{
		"bom.ipynb":            {10, 13, 1, ""},                          // parsed as a notebook despite the BOM
		"crlf_and_cr.py":       {4, 6, 0, ""},                            // CRLF, a lone CR, CRLF: line 4
		"deep_nesting.ipynb":   {1, 100002, 0, "JSON nested too deeply"}, // no stack overflow
		"invalid_utf8.ipynb":   {9, 28, 1, ""},                           // each invalid byte is one column
		"lone_surrogate.ipynb": {10, 13, 1, ""},                          // \ud800 decodes to U+FFFD
		"nul_after_8k.txt":     {902, 10, 0, ""},                         // a NUL past 8 KiB is not binary
		"truncated.ipynb":      {10, 13, 0, "scanned as plain text"},     // still scanned
	}
	found := map[string]bool{}
	for _, f := range rep.Findings {
		name := filepath.Base(f.Path)
		w, ok := cases[name]
		if !ok {
			t.Errorf("unexpected finding in %s", f.Path)
			continue
		}
		found[name] = true
		cell := 0
		if f.Notebook != nil && f.Notebook.Cell != nil {
			cell = *f.Notebook.Cell
		}
		if f.Secret != hostileTok || f.Line != w.line || f.Column != w.col || cell != w.cell {
			t.Errorf("%s: %s at %d:%d cell %d, want %d:%d cell %d", name, f.Secret, f.Line, f.Column, cell, w.line, w.col, w.cell)
		}
	}
	for name, w := range cases {
		if !found[name] {
			t.Errorf("%s: token not found", name)
		}
		noticed := false
		for _, n := range rep.Notices {
			noticed = noticed || filepath.Base(n.Path) == name && strings.Contains(n.Message, w.notice)
		}
		if (w.notice != "") != noticed {
			t.Errorf("%s: notice %v, want %q; notices %+v", name, noticed, w.notice, rep.Notices)
		}
	}
	if len(rep.Errors) != 0 || len(rep.Skipped) != 0 {
		t.Errorf("errors %+v, skipped %+v", rep.Errors, rep.Skipped)
	}
}

// A notebook with 100,000 cells is scanned whole.
func TestHundredThousandCells(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`{"cells": [`)
	for i := 0; i < 100000; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		src := "x = 1"
		if i == 99999 {
			src = "login('" + hostileTok + "')"
		}
		b.WriteString(`{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["` + src + `"]}`)
	}
	b.WriteString(`], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`)
	os.WriteFile(filepath.Join(dir, "many.ipynb"), []byte(b.String()), 0o644)
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "."))
	if len(rep.Findings) != 1 || rep.Findings[0].Notebook == nil || *rep.Findings[0].Notebook.Cell != 100000 {
		t.Fatalf("findings %+v", rep.Findings)
	}
}

// maxRSS runs hfscan and returns its exit status and peak resident memory.
func maxRSS(t *testing.T, dir string, args ...string) (int, int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage on this system")
	}
	return code, ru.Maxrss * 1024 // kilobytes on Linux
}

// A 200 MB single-line file: skipped as too large by default, scanned with
// a raised limit in less than three times its size in memory.
func TestHugeSingleLineFile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200 MB")
	}
	dir := t.TempDir()
	const size = 200 << 20
	f, err := os.Create(filepath.Join(dir, "huge.json"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte(`{"k": "value", "n": 12345},`), 1<<15)
	for written := 0; written < size-100; written += len(chunk) {
		f.Write(chunk)
	}
	f.WriteString(`"` + hostileTok + `"`)
	f.Close()
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "."))
	if len(rep.Skipped) != 1 || rep.Skipped[0].Reason != "too-large" || len(rep.Findings) != 0 {
		t.Fatalf("default: skipped %+v findings %+v", rep.Skipped, rep.Findings)
	}
	code, rss := maxRSS(t, dir, "-q", "--max-file-size", "300MiB", ".")
	if code != 1 {
		t.Fatalf("raised limit: exit %d, want 1 (the token at the end)", code)
	}
	if rss > 3*size {
		t.Fatalf("peak RSS %d MB for a %d MB file", rss>>20, size>>20)
	}
	t.Logf("200 MB file: peak RSS %d MB", rss>>20)
}

// FIFOs, sockets and devices are never opened, named or met while walking;
// a symlink loop is an error only when named.
func TestSpecialFilesNeverRead(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", filepath.Join(dir, "sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	os.Symlink("loop", filepath.Join(dir, "loop"))
	os.WriteFile(filepath.Join(dir, "ok.py"), []byte("t = '"+hostileTok+"'\n"), 0o644)

	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "."))
	reasons := map[string]string{}
	for _, s := range rep.Skipped {
		reasons[s.Path] = s.Reason
	}
	if reasons["fifo"] != "not-regular" || reasons["sock"] != "not-regular" || len(rep.Errors) != 0 || len(rep.Findings) != 1 {
		t.Fatalf("walk: skipped %v, errors %+v, findings %d", reasons, rep.Errors, len(rep.Findings))
	}
	r := hfscan(t, dir, "", "-f", "json", "fifo", "sock", "/dev/zero", "loop", "ok.py")
	rep = jsonReport(t, r)
	reasons = map[string]string{}
	for _, s := range rep.Skipped {
		reasons[s.Path] = s.Reason
	}
	if reasons["fifo"] != "not-regular" || reasons["sock"] != "not-regular" || reasons["/dev/zero"] != "not-regular" {
		t.Errorf("named: skipped %v", reasons)
	}
	if r.code != 2 || len(rep.Errors) != 1 || rep.Errors[0].Path != "loop" || len(rep.Findings) != 1 {
		t.Errorf("named symlink loop: exit %d, errors %+v, findings %d", r.code, rep.Errors, len(rep.Findings))
	}
}

// asNobody makes cmd run as an unprivileged user when the tests run as
// root (as CI does), so that permissions are enforced.
func asNobody(cmd *exec.Cmd) {
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
}

// nobodyDir is a temporary folder the unprivileged user can enter.
func nobodyDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "hfscan-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error { os.Chmod(p, 0o755); return nil })
		os.RemoveAll(dir)
	})
	os.Chmod(dir, 0o755)
	return dir
}

// scanAsNobody scans dir as an unprivileged user, where permissions hold
// even in CI (which runs as root), and expects exit status 2.
func scanAsNobody(t *testing.T, dir string) report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "-f", "json", ".")
	cmd.Dir = dir
	asNobody(cmd)
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("exit %v, want 2\n%s", err, out.String())
	}
	return jsonReport(t, runResult{stdout: out.String()})
}

// A folder without read permission: reported under errors, exit 2, and
// the tokens elsewhere still reported.
func TestUnreadableFolder(t *testing.T) {
	dir := nobodyDir(t)
	os.Mkdir(filepath.Join(dir, "private"), 0o755)
	os.WriteFile(filepath.Join(dir, "private", "a.py"), []byte("t = '"+hostileTok+"'\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "open.py"), []byte("t = '"+hostileTok+"'\n"), 0o644)
	os.Chmod(filepath.Join(dir, "private"), 0o000)
	rep := scanAsNobody(t, dir)
	if len(rep.Errors) != 1 || rep.Errors[0].Path != "private" || !strings.Contains(rep.Errors[0].Message, "permission denied") {
		t.Fatalf("errors %+v", rep.Errors)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "open.py" {
		t.Fatalf("findings %+v", rep.Findings)
	}
}

// Scanning never writes to what it scans: contents and times stay.
func TestReadOnly(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, repoRoot, "cp", "-r", "testdata/cases", "testdata/demo", "testdata/guides", dir)
	snapshot := func() map[string]string {
		m := map[string]string{}
		filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, _ := e.Info()
			b, _ := os.ReadFile(p)
			m[p] = info.ModTime().String() + info.Mode().String() + string(b)
			return nil
		})
		return m
	}
	before := snapshot()
	for _, format := range []string{"text", "json", "sarif", "github"} {
		hfscan(t, dir, "", "-f", format, "--no-gitignore", ".")
	}
	after := snapshot()
	if len(before) != len(after) {
		t.Fatalf("%d entries before, %d after", len(before), len(after))
	}
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s changed", p)
		}
	}
}
