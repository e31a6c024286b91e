package scanner

import (
	"cmp"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/hfscan/hfscan/findings"
)

func provenance(h *History) *findings.Provenance {
	top, err := gitTop(h.Repo)
	if err != nil {
		return nil
	}
	p := &findings.Provenance{RepositoryURI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(top) + "/"}).String()}
	if out, err := git(top, "remote", "get-url", "origin"); err == nil {
		if u := strings.TrimSpace(string(out)); strings.Contains(u, "://") {
			p.RepositoryURI = u
		}
	}
	if out, err := git(top, "rev-parse", "--verify", "-q", "HEAD"); err == nil {
		p.Revision = strings.TrimSpace(string(out))
	}
	if out, err := git(top, "symbolic-ref", "-q", "--short", "HEAD"); err == nil {
		p.Branch = strings.TrimSpace(string(out))
	}
	return p
}

func gitTop(dir string) (string, error) {
	out, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", fmt.Errorf("not in a git repository: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// blobAt is one blob at one path.
type blobAt struct{ blob, path string }

// historyIndex is what the log of a history scan says: every path each
// blob was committed at, oldest first, and the oldest commit that brought
// it to each.
type historyIndex struct {
	paths      map[string][]string
	introduced map[blobAt]*findings.Commit
}

// history lists every blob of h with all the paths it was committed at,
// from one `git log --raw -z` (NUL-separated, so any file name reads
// right), and streams each blob once to the workers, at its oldest path
// that --exclude does not name: a blob excluded at one path but committed
// at another is still scanned.
func (w *walker) history(h *History) *historyIndex {
	idx := &historyIndex{paths: map[string][]string{}, introduced: map[blobAt]*findings.Commit{}}
	fail := func(err error) { w.report(fileOutcome{path: displayPath(h.Repo), err: err}) }
	top, err := gitTop(h.Repo)
	if err != nil {
		fail(err)
		return idx
	}
	if out, err := git(top, "rev-parse", "--is-shallow-repository"); err == nil && strings.TrimSpace(string(out)) == "true" {
		// actions/checkout's default: the history looks whole but is cut.
		w.report(fileOutcome{path: displayPath(h.Repo), notices: []string{
			"shallow clone: commits before the shallow boundary are not in this repository and were not scanned; " +
				"run git fetch --unshallow (or actions/checkout with fetch-depth: 0) to scan all history"}})
	}
	// Every (blob, path) of every tree in the selection is in some
	// commit's diff against its first parent (all of a root commit's
	// files): the log lists them all without reading a blob, so a blob
	// missing from the repository is found missing by cat-file, and the
	// rest is still scanned.
	args := append([]string{"log", "--raw", "-z", "--no-abbrev", "--no-renames", "--root", "--diff-merges=first-parent",
		"--reverse", "--format=%x01%H%x02%an%x02%ae%x02%aI"}, h.Revs...)
	out, err := git(top, append(args, "--")...)
	if err != nil {
		fail(err)
		return idx
	}
	var order []string // blobs, by first appearance
	var commit *findings.Commit
	fields := strings.Split(string(out), "\x00")
	for i := 0; i < len(fields); i++ {
		f := strings.TrimPrefix(fields[i], "\n")
		switch {
		case strings.HasPrefix(f, "\x01"):
			parts := strings.Split(f[1:], "\x02")
			if len(parts) == 4 {
				commit = &findings.Commit{SHA: parts[0], Author: parts[1], Email: parts[2], Date: parts[3]}
			}
		case strings.HasPrefix(f, ":") && i+1 < len(fields):
			meta, path := strings.Fields(f), fields[i+1]
			i++
			if len(meta) != 5 || commit == nil {
				continue
			}
			mode, blob := meta[1], meta[3]
			if mode == "120000" || mode == "160000" || strings.Trim(blob, "0") == "" {
				continue // a symlink, a submodule or a deletion
			}
			key := blobAt{blob, path}
			if _, seen := idx.introduced[key]; seen {
				continue
			}
			idx.introduced[key] = commit
			if len(idx.paths[blob]) == 0 {
				order = append(order, blob)
			}
			idx.paths[blob] = append(idx.paths[blob], path)
		}
	}
	var objects []gitObject
	for _, blob := range order {
		for _, p := range idx.paths[blob] {
			if !w.exclude.IgnoredWithParents(p, false) {
				objects = append(objects, gitObject{name: blob, path: p})
				break
			}
		}
	}
	if len(objects) == 0 {
		return idx
	}
	// Read in the order the pack stores them: each delta's base was just
	// read, so git needs no big cache of bases and its memory stays small.
	// Reading is git's work, inflating and applying deltas: the objects
	// are cut in runs of the pack, one git cat-file each, so the cores
	// share it.
	packOrder(top, objects)
	n := min(runtime.NumCPU(), maxCatFiles, len(objects))
	var wg sync.WaitGroup
	for k := range n {
		run := objects[k*len(objects)/n : (k+1)*len(objects)/n]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.catFiles(top, run, historyGitConfig...); err != nil {
				fail(err)
			}
		}()
	}
	wg.Wait()
	return idx
}

// maxCatFiles bounds the git cat-file processes of a history scan: each
// maps some of the pack.
const maxCatFiles = 4

// historyGitConfig bounds what each git cat-file keeps in memory while it
// reads a history in pack order: its cache of delta bases and the pack
// windows it maps (on Hugging Face's notebooks history: 44 MB a process
// instead of 326 MB, in the same time).
var historyGitConfig = []string{"-c", "core.deltaBaseCacheLimit=8m", "-c", "core.packedGitLimit=16m", "-c", "core.packedGitWindowSize=8m"}

// packOrder sorts objects as git's packs hold them (one
// cat-file --batch-all-objects --unordered listing, names only); objects
// it does not list keep their order, at the end.
func packOrder(top string, objects []gitObject) {
	out, err := git(top, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)", "--unordered")
	if err != nil {
		return
	}
	at := make(map[string]int, len(objects))
	for _, o := range objects {
		at[o.name] = -1
	}
	n := 0
	for line := range strings.Lines(string(out)) {
		name := strings.TrimSpace(line)
		if pos, ok := at[name]; ok && pos < 0 {
			at[name] = n
			n++
		}
	}
	slices.SortStableFunc(objects, func(a, b gitObject) int {
		pa, pb := at[a.name], at[b.name]
		if pa < 0 {
			pa = n
		}
		if pb < 0 {
			pb = n
		}
		return pa - pb
	})
}

// attributeHistory names, for each finding, the oldest commit that brought
// its blob to its path, tells whether HEAD still holds it, and keeps one
// finding per fingerprint: the oldest.
func attributeHistory(h *History, r *findings.Result, idx *historyIndex) error {
	if len(r.Findings) == 0 {
		return nil
	}
	top, err := gitTop(h.Repo)
	if err != nil {
		return err
	}
	// HEAD still holds a secret when some file of HEAD's tree — a blob
	// this scan read, at whatever path — holds it: the findings of every
	// blob say so, before one per leak is kept.
	headBlobs := headTree(top)
	inHead := map[string]bool{}
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Commit = &findings.Commit{}
		if c := idx.introduced[blobAt{f.Blob, f.Path}]; c != nil {
			*f.Commit = *c
		}
		if f.Secret != "" && headBlobs.has[f.Blob] {
			inHead[f.Secret] = true
		}
	}
	// One finding per fingerprint: the same secret carried through many
	// versions of a file is one leak, introduced once. Kept first, so what
	// follows asks git about each leak once, not about every version.
	slices.SortStableFunc(r.Findings, func(a, b findings.Finding) int {
		return cmp.Or(strings.Compare(a.Fingerprint, b.Fingerprint), strings.Compare(a.Commit.Date, b.Commit.Date))
	})
	r.Findings = slices.CompactFunc(r.Findings, func(a, b findings.Finding) bool { return a.Fingerprint == b.Fingerprint })
	// HEAD's history, read once.
	headCommits := map[string]bool{}
	if out, err := git(top, "rev-list", "HEAD"); err == nil {
		for _, sha := range strings.Fields(string(out)) {
			headCommits[sha] = true
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Commit.InHeadHistory = f.Commit.SHA != "" && headCommits[f.Commit.SHA]
		if f.Secret != "" {
			f.Commit.InHead = inHead[f.Secret]
			continue
		}
		f.Commit.InHead = headBlobs.at[f.Path] == f.Blob
	}
	r.Sort()
	return nil
}

// headFiles is HEAD's tree: each path's blob, and the set of blobs.
type headFiles struct {
	at  map[string]string
	has map[string]bool
}

// headTree reads HEAD's tree from one git ls-tree -r -z (NUL-separated:
// any file name reads right).
func headTree(top string) headFiles {
	h := headFiles{at: map[string]string{}, has: map[string]bool{}}
	data, err := git(top, "ls-tree", "-r", "-z", "--full-tree", "HEAD")
	if err != nil {
		return h
	}
	for _, entry := range strings.Split(string(data), "\x00") {
		meta, path, ok := strings.Cut(entry, "\t")
		if f := strings.Fields(meta); ok && len(f) == 3 && f[1] == "blob" {
			h.at[path] = f[2]
			h.has[f[2]] = true
		}
	}
	return h
}
