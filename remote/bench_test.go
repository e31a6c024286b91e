package remote

import (
	"context"
	"fmt"
	"io"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner"
)

// BenchmarkHubFifty scans 50 Hub repositories served on 127.0.0.1 by git
// http-backend — the shared corpus's notebooks dealt among them, about
// 30 each — with the default parallelism (4 clones at a time), as
// hfscan --hub-org does. clone-s and scan-s are where the time went,
// summed over the repositories.
func BenchmarkHubFifty(b *testing.B) {
	git, err := exec.LookPath("git")
	if err != nil {
		b.Skip("git is not installed")
	}
	var notebooks []string
	filepath.WalkDir("../../shared/corpus", func(p string, e os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".ipynb") {
			notebooks = append(notebooks, p)
		}
		return nil
	})
	if len(notebooks) == 0 {
		b.Skip("the shared corpus is not beside this checkout")
	}
	root := b.TempDir()
	var repos []Repo
	for k := range 50 {
		work := filepath.Join(b.TempDir(), "work")
		run := func(dir string, args ...string) {
			cmd := exec.Command(git, args...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
		os.MkdirAll(work, 0o755)
		run(work, "init", "-q")
		for i := k; i < len(notebooks); i += 50 {
			data, _ := os.ReadFile(notebooks[i])
			os.WriteFile(filepath.Join(work, fmt.Sprintf("nb%04d.ipynb", i)), data, 0o644)
		}
		run(work, "add", "-A")
		run(work, "-c", "user.name=b", "-c", "user.email=b@example.com", "commit", "-qm", "notebooks")
		name := fmt.Sprintf("spaces/acme/s%02d", k)
		os.MkdirAll(filepath.Join(root, "spaces", "acme"), 0o755)
		run(root, "clone", "-q", "--bare", work, filepath.Join(root, filepath.FromSlash(name)))
	}
	srv := httptest.NewServer(&cgi.Handler{Path: git, Args: []string{"http-backend"},
		Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}, Stderr: io.Discard})
	defer srv.Close()
	for k := range 50 {
		repos = append(repos, HubRepo(Space, fmt.Sprintf("acme/s%02d", k), "", srv.URL))
	}
	all := rules.Default()
	opts := Options{Cloner: &Cloner{Endpoint: srv.URL, TempDir: b.TempDir()}, Jobs: 4,
		Scan: scanner.Options{Rules: all, Table: all}}
	b.ResetTimer()
	var clone, scan float64
	for range b.N {
		res, timing := Scan(context.Background(), repos, opts)
		if len(res.Errors) > 0 || res.Stats.Notebooks < len(notebooks) {
			b.Fatalf("errors %v, %d notebooks of %d", res.Errors, res.Stats.Notebooks, len(notebooks))
		}
		clone += timing.Clone.Seconds()
		scan += timing.Scanning.Seconds()
	}
	b.ReportMetric(clone/float64(b.N), "clone-s")
	b.ReportMetric(scan/float64(b.N), "scan-s")
}
