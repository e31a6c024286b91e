package scanner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// corpusHistory makes a repository of commits commits of realistic edits
// to real notebooks (the shared corpus's first files): each commit edits
// one notebook — a line added to a code cell, a cell's output rewritten,
// a new cell, a cell removed, execution counts bumped — and now and then a
// token is pasted into a cell or printed into an output, and taken out a
// few commits later. Notebooks are written as Jupyter writes them.
func corpusHistory(tb testing.TB, commits, notebooks int) string {
	tb.Helper()
	needGit(tb)
	var paths []string
	filepath.WalkDir(corpusDir, func(p string, e os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".ipynb") && len(paths) < notebooks {
			paths = append(paths, p)
		}
		return nil
	})
	if len(paths) < notebooks {
		if os.Getenv("CI") == "true" {
			tb.Fatal("the shared corpus is not beside this checkout")
		}
		tb.Skip("the shared corpus is not beside this checkout")
	}
	nbs := make([]map[string]any, len(paths))
	for i, p := range paths {
		data, _ := os.ReadFile(p)
		if json.Unmarshal(data, &nbs[i]) != nil {
			tb.Fatalf("%s: not JSON", p)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	var s bytes.Buffer
	write := func(c, k int) {
		b, _ := json.MarshalIndent(nbs[k], "", " ")
		fmt.Fprintf(&s, "M 100644 inline nb%02d.ipynb\ndata %d\n%s\n", k, len(b)+1, b)
	}
	for c := range commits {
		fmt.Fprintf(&s, "commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\ndata 2\nc\n", 1700000000+c*60)
		if c == 0 {
			for k := range nbs {
				write(c, k)
			}
			continue
		}
		k := r.IntN(len(nbs))
		cells, _ := nbs[k]["cells"].([]any)
		if len(cells) == 0 {
			continue
		}
		cell, _ := cells[r.IntN(len(cells))].(map[string]any)
		switch op := r.IntN(10); {
		case op < 4: // edit a line of code
			src := toLines(cell["source"])
			src = append(src, fmt.Sprintf("\nx_%d = %d", c, r.IntN(1000)))
			cell["source"] = src
		case op < 6: // run it again: outputs and counts change
			if cell["cell_type"] == "code" {
				cell["execution_count"] = c
				cell["outputs"] = []any{map[string]any{"output_type": "stream", "name": "stdout", "text": []any{fmt.Sprintf("step %d: loss %.4f\n", c, r.Float64())}}}
			}
		case op < 7: // a new cell
			nb := nbs[k]
			nb["cells"] = append(cells, map[string]any{"cell_type": "code", "execution_count": nil, "metadata": map[string]any{}, "outputs": []any{},
				"source": []any{fmt.Sprintf("print('cell %d')", c)}})
		case op < 8 && len(cells) > 3: // a cell removed
			i := r.IntN(len(cells))
			nbs[k]["cells"] = append(cells[:i:i], cells[i+1:]...)
		case op < 9: // a token pasted, taken out two commits later by the next edit of that cell
			tok := rules.Fake("hf_", 34, fmt.Sprint("history ", c))
			if cell["cell_type"] == "code" {
				cell["source"] = append(toLines(cell["source"]), "\nlogin(token='"+tok+"')")
			} else {
				cell["source"] = append(toLines(cell["source"]), "\nmy token: "+tok)
			}
		default: // the token printed into an output
			if cell["cell_type"] == "code" {
				cell["outputs"] = []any{map[string]any{"output_type": "stream", "name": "stdout", "text": []any{"token " + rules.Fake("hf_", 34, fmt.Sprint("out ", c)) + "\n"}}}
			}
		}
		write(c, k)
	}
	dir := tb.TempDir()
	if out, err := exec.Command("git", "init", "-q", "-b", "main", dir).CombinedOutput(); err != nil {
		tb.Fatalf("git init: %v %s", err, out)
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir, cmd.Stdin = dir, &s
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("git fast-import: %v %s", err, out)
	}
	return dir
}

func toLines(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case string:
		return []any{x}
	}
	return nil
}

// The part cache changes no finding: a history of 500 commits of real
// notebooks scanned with it and without it (every part of every blob read
// in full) gives the same findings, places, commits and fingerprints.
func TestHistoryPartCacheSameFindings(t *testing.T) {
	repo := corpusHistory(t, 500, 12)
	all := rules.Default()
	scan := func(noCache bool) *findings.Result {
		res := Scan(context.Background(), &History{Repo: repo, Revs: []string{"--all"}}, Options{Rules: all, Table: all, NoPartCache: noCache})
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		return res
	}
	with, without := scan(false), scan(true)
	if len(without.Findings) < 20 {
		t.Fatalf("only %d findings: the history is not what the test needs", len(without.Findings))
	}
	if !reflect.DeepEqual(with.Findings, without.Findings) || with.Stats.Files != without.Stats.Files {
		t.Errorf("the cache changed the findings: %d with it, %d without", len(with.Findings), len(without.Findings))
	}
}

// BenchmarkHistoryCorpus scans a history of 500 commits of realistic
// edits to 12 real notebooks, with the part cache (the default) and
// without it.
func BenchmarkHistoryCorpus(b *testing.B) {
	repo := corpusHistory(b, 500, 12)
	all := rules.Default()
	for _, noCache := range []bool{false, true} {
		name := "cache"
		if noCache {
			name = "nocache"
		}
		b.Run(name, func(b *testing.B) {
			opts := Options{Rules: all, Table: all, NoPartCache: noCache}
			for b.Loop() {
				Scan(context.Background(), &History{Repo: repo, Revs: []string{"--all"}}, opts)
			}
		})
	}
}
