package scanner

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// copiesTree writes a tree whose files repeat each other: the demo
// notebooks and script (with findings) and a clean notebook, three times
// over, and the same bytes under names that read them differently.
func copiesTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	demo, err := os.ReadDir("../testdata/demo")
	if err != nil {
		t.Fatal(err)
	}
	token := rules.Fake("hf_", 34, "copies")
	clean := []byte(`{"cells": [{"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [], "source": ["x = 1\n", "print(x)"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`)
	// The same bytes, read as a script: a practice rule fires only there.
	printed := []byte("import os\nprint(os.environ[\"HF_TOKEN\"])\n")
	for _, copy := range []string{"a", "b", "c"} {
		sub := filepath.Join(dir, copy)
		os.MkdirAll(sub, 0o755)
		for _, e := range demo {
			data, err := os.ReadFile(filepath.Join("../testdata/demo", e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(sub, e.Name()), data, 0o644)
		}
		os.WriteFile(filepath.Join(sub, "clean.ipynb"), clean, 0o644)
		os.WriteFile(filepath.Join(sub, "leak.txt"), []byte("token = "+token+"\n"), 0o644)
		os.WriteFile(filepath.Join(sub, "notes.txt"), printed, 0o644)
		os.WriteFile(filepath.Join(sub, "run.py"), printed, 0o644)
		os.WriteFile(filepath.Join(sub, "clean.py"), clean, 0o644) // a notebook's bytes, read as Python
	}
	return dir
}

// The content cache changes no finding: a tree of copies scanned with it
// and without it gives the same findings, places and fingerprints, and
// the same counts of files, notebooks and bytes — one worker or several.
func TestContentCacheSameFindings(t *testing.T) {
	dir := copiesTree(t)
	all := rules.Default()
	scan := func(noCache bool, jobs int) *findings.Result {
		res := Scan(context.Background(), &Paths{Paths: []string{dir}}, Options{Rules: all, Table: all, NoPartCache: noCache, Jobs: jobs})
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		return res
	}
	without := scan(true, 1)
	perCopy := map[string]int{}
	for _, f := range without.Findings {
		perCopy[filepath.Base(filepath.Dir(f.Path))]++
	}
	if len(perCopy) != 3 || perCopy["a"] == 0 || perCopy["a"] != perCopy["b"] || perCopy["b"] != perCopy["c"] {
		t.Fatalf("findings per copy %v: the tree is not what the test needs", perCopy)
	}
	for _, jobs := range []int{1, 4} {
		with := scan(false, jobs)
		if !reflect.DeepEqual(with.Findings, without.Findings) || with.Stats.Files != without.Stats.Files ||
			with.Stats.Notebooks != without.Stats.Notebooks || with.Stats.Bytes != without.Stats.Bytes {
			t.Errorf("%d workers: the cache changed the result: %d findings with it, %d without; stats %+v, %+v",
				jobs, len(with.Findings), len(without.Findings), with.Stats, without.Stats)
		}
	}
}

// A file read clean is kept by its bytes and how its name says to read
// it: a copy is not read again, the same bytes under a name read another
// way are.
func TestContentCacheKeepsCleanFiles(t *testing.T) {
	dir := copiesTree(t)
	fs := &fileScanner{m: mustMatcher(rules.Default()), parts: newPartCache()}
	read := func(name string) fileOutcome {
		p := filepath.Join(dir, name)
		return fs.scan(job{path: p, osPath: p})
	}
	data, err := os.ReadFile(filepath.Join(dir, "a", "clean.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if _, seen := fs.parts.fileSeen(data, readingOf("b/clean.ipynb", false)); seen {
		t.Fatal("seen before any read")
	}
	if o := read("a/clean.ipynb"); !o.scanned || len(o.findings) > 0 || !o.notebook {
		t.Fatalf("clean notebook: %+v", o)
	}
	if _, seen := fs.parts.fileSeen(data, readingOf("b/clean.ipynb", false)); !seen {
		t.Error("a clean notebook's copy is not known clean")
	}
	if _, seen := fs.parts.fileSeen(data, readingOf("b/clean.py", false)); seen {
		t.Error("a notebook's bytes named .py count as read")
	}
	if o := read("b/clean.ipynb"); !o.scanned || !o.notebook || o.bytes != int64(len(data)) {
		t.Errorf("a copy read from the cache lost its counts: %+v", o)
	}
	if o := read("a/notes.txt"); len(o.findings) > 0 {
		t.Fatalf("prose: %+v", o.findings)
	}
	if o := read("a/run.py"); len(o.findings) == 0 {
		t.Error("a script with the bytes of a clean text file was not read")
	}
	for range 2 {
		if o := read("a/leak.txt"); len(o.findings) != 1 {
			t.Errorf("a file with a finding: %d findings", len(o.findings))
		}
	}
}
