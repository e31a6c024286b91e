package scanner

import (
	"cmp"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

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
	if err := w.catFiles(top, objects); err != nil {
		fail(err)
	}
	return idx
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
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Commit = &findings.Commit{}
		if c := idx.introduced[blobAt{f.Blob, f.Path}]; c != nil {
			*f.Commit = *c
		}
	}
	// One finding per fingerprint: the same secret carried through many
	// versions of a file is one leak, introduced once. Kept first, so what
	// follows asks git about each leak once, not about every version.
	slices.SortStableFunc(r.Findings, func(a, b findings.Finding) int {
		return cmp.Or(strings.Compare(a.Fingerprint, b.Fingerprint), strings.Compare(a.Commit.Date, b.Commit.Date))
	})
	r.Findings = slices.CompactFunc(r.Findings, func(a, b findings.Finding) bool { return a.Fingerprint == b.Fingerprint })
	inHEAD := secretsInHead(top, r.Findings)
	// HEAD's history and HEAD's tree, each read once.
	headCommits := map[string]bool{}
	if out, err := git(top, "rev-list", "HEAD"); err == nil {
		for _, sha := range strings.Fields(string(out)) {
			headCommits[sha] = true
		}
	}
	var headBlobs map[string]string // path → blob, read when a finding has no secret
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Commit.InHeadHistory = f.Commit.SHA != "" && headCommits[f.Commit.SHA]
		if f.Secret != "" {
			f.Commit.InHead = inHEAD[grepPattern(f.Secret)]
			continue
		}
		if headBlobs == nil {
			headBlobs = headTree(top)
		}
		f.Commit.InHead = headBlobs[f.Path] == f.Blob
	}
	r.Sort()
	return nil
}

// headTree maps each file of HEAD's tree to its blob, from one
// git ls-tree -r -z (NUL-separated: any file name reads right).
func headTree(top string) map[string]string {
	out := map[string]string{}
	data, err := git(top, "ls-tree", "-r", "-z", "--full-tree", "HEAD")
	if err != nil {
		return out
	}
	for _, entry := range strings.Split(string(data), "\x00") {
		meta, path, ok := strings.Cut(entry, "\t")
		if f := strings.Fields(meta); ok && len(f) == 3 && f[1] == "blob" {
			out[path] = f[2]
		}
	}
	return out
}

// grepPattern is what git grep looks for to find a secret: git grep reads
// lines, so a key block is sought by its longest line.
func grepPattern(secret string) string {
	if !strings.Contains(secret, "\n") {
		return secret
	}
	return slices.MaxFunc(strings.Split(secret, "\n"), func(a, b string) int { return cmp.Compare(len(a), len(b)) })
}

// secretsInHead tells which findings' secrets HEAD's tree still holds,
// with one git grep for all of them. The secrets go to git on standard
// input, never on a command line, where other users could read them.
func secretsInHead(top string, list []findings.Finding) map[string]bool {
	var patterns strings.Builder
	for _, f := range list {
		if f.Secret != "" {
			patterns.WriteString(grepPattern(f.Secret) + "\n")
		}
	}
	found := map[string]bool{}
	if patterns.Len() == 0 {
		return found
	}
	cmd := exec.Command("git", "grep", "-h", "-o", "-I", "-F", "-f", "-", "HEAD", "--")
	cmd.Dir = top
	cmd.Env = gitEnv()
	cmd.Stdin = strings.NewReader(patterns.String())
	out, _ := cmd.Output() // exit 1: nothing found
	for _, line := range strings.Split(string(out), "\n") {
		found[line] = true
	}
	return found
}
