package scanner

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// bigHistory makes a repository of commits commits, each changing one of
// files notebooks, with git fast-import (seconds instead of minutes of git
// commit). One commit in the middle adds a token, the next removes it.
func bigHistory(tb testing.TB, commits, files int) string {
	tb.Helper()
	needGit(tb)
	dir := tb.TempDir()
	if out, err := exec.Command("git", "init", "-q", "-b", "main", dir).CombinedOutput(); err != nil {
		tb.Fatalf("git init: %v %s", err, out)
	}
	var s bytes.Buffer
	tok := rules.Fake("hf_", 34, "history bench")
	for c := 0; c < commits; c++ {
		line := fmt.Sprintf("step = %d", c)
		if c == commits/2 {
			line = "login('" + tok + "')"
		}
		nb := string(notebookJSON([]any{codeCell("import os\n" + line)}, true))
		fmt.Fprintf(&s, "commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\ndata 2\nc\n", 1700000000+c)
		fmt.Fprintf(&s, "M 100644 inline nb%02d.ipynb\ndata %d\n%s\n", c%files, len(nb), nb)
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	cmd.Stdin = &s
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("git fast-import: %v %s", err, out)
	}
	if out, err := exec.Command("git", "-C", dir, "checkout", "-q", "main").CombinedOutput(); err != nil {
		tb.Fatalf("git checkout: %v %s", err, out)
	}
	return dir
}

// Each unique blob is read once: 2,000 commits over 50 notebooks hold
// 2,000 blobs, not 2,000 × 50 file versions.
func TestHistoryReadsEachBlobOnce(t *testing.T) {
	repo := bigHistory(t, 2000, 50)
	res := Scan(context.Background(), &History{Repo: repo, Revs: []string{"--all"}}, Options{Rules: rules.Default()})
	if len(res.Errors) != 0 {
		t.Fatal(res.Errors)
	}
	out, _ := exec.Command("git", "-C", repo, "rev-list", "--objects", "--all").Output()
	blobs := 0
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasSuffix(line, ".ipynb") {
			blobs++
		}
	}
	if res.Stats.Files != blobs || blobs != 2000 {
		t.Fatalf("read %d blobs, the history has %d unique ones (want 2000)", res.Stats.Files, blobs)
	}
	if len(res.Findings) != 1 || res.Findings[0].Commit == nil || res.Findings[0].Commit.InHead {
		t.Fatalf("findings %+v", res.Findings)
	}
}

// BenchmarkHistory scans 2,000 commits over 50 notebooks; blobs/op is what
// was read.
func BenchmarkHistory(b *testing.B) {
	repo := bigHistory(b, 2000, 50)
	opts := Options{Rules: rules.Default()}
	b.ResetTimer()
	var files int
	for range b.N {
		files = Scan(context.Background(), &History{Repo: repo, Revs: []string{"--all"}}, opts).Stats.Files
	}
	b.ReportMetric(float64(files), "blobs/op")
}
