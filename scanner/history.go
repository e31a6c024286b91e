package scanner

import (
	"cmp"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// History asks for git history to be scanned instead of files: every blob
// reachable from Revs (rev-list arguments: --all, A..B, --all ^REV), each
// read once whatever the number of commits holding it.
type History struct {
	Repo string // a folder inside the repository
	Revs []string
}

// Commit says where a finding in history came from.
type Commit struct {
	SHA, Author, Email string
	Date               string // author date, ISO 8601
	// InHead is true when HEAD still holds the secret (or, for a finding
	// without one, the same blob at the same path).
	InHead bool
	// InHeadHistory is true when the commit is in HEAD's history: a
	// secret not in HEAD was then removed since; otherwise it only ever
	// lived on other refs (a branch, a tag, a stash).
	InHeadHistory bool
}

// Provenance is the repository a history scan read, for SARIF.
type Provenance struct {
	RepositoryURI string // the origin remote, else a file URI of the folder
	Revision      string // HEAD's commit, when there is one
	Branch        string
}

func provenance(h *History) *Provenance {
	top, err := gitTop(h.Repo)
	if err != nil {
		return nil
	}
	p := &Provenance{RepositoryURI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(top) + "/"}).String()}
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

// history lists the blobs of h with the path each was first met at and
// streams them to the workers.
func (w *walker) history(h *History, maxSize int64) {
	fail := func(err error) { w.report(fileOutcome{path: displayPath(h.Repo), err: err.Error()}) }
	top, err := gitTop(h.Repo)
	if err != nil {
		fail(err)
		return
	}
	if out, err := git(top, "rev-parse", "--is-shallow-repository"); err == nil && strings.TrimSpace(string(out)) == "true" {
		// actions/checkout's default: the history looks whole but is cut.
		w.report(fileOutcome{path: displayPath(h.Repo), notices: []string{
			"shallow clone: commits before the shallow boundary are not in this repository and were not scanned; " +
				"run git fetch --unshallow (or actions/checkout with fetch-depth: 0) to scan all history"}})
	}
	// --missing=print lists what the repository lacks (a partial clone, a
	// damaged pack) instead of failing the whole listing, and never
	// fetches it: everything that can be read is scanned, and each
	// missing blob is an error of its own.
	args := append([]string{"rev-list", "--objects", "--filter=object:type=blob", "--missing=print"}, h.Revs...)
	out, err := git(top, append(args, "--")...)
	if err != nil {
		fail(err)
		return
	}
	var objects []gitObject
	for _, line := range strings.Split(string(out), "\n") {
		if missing, ok := strings.CutPrefix(line, "?"); ok {
			w.report(fileOutcome{path: missingBlobPath(top, missing, h.Revs), err: "blob " + missing +
				" is missing from the repository (a partial clone or a damaged pack): not scanned"})
			continue
		}
		sha, path, ok := strings.Cut(line, " ")
		if !ok || path == "" || strings.ContainsAny(path, "\r") {
			continue // a commit, or nothing
		}
		if w.exclude.IgnoredWithParents(path, false) {
			continue
		}
		objects = append(objects, gitObject{name: sha, path: path})
	}
	if len(objects) == 0 {
		return
	}
	if err := w.catFiles(top, objects, maxSize); err != nil {
		fail(err)
	}
}

// missingBlobPath names a path where a missing blob was committed, from
// the trees that hold it (trees can be read when blobs cannot); the
// repository's folder when none says.
func missingBlobPath(top, blob string, revs []string) string {
	args := append([]string{"log", "--format=", "--name-only", "--find-object=" + blob}, revs...)
	out, err := git(top, append(args, "--")...)
	if err == nil {
		for _, name := range strings.Split(string(out), "\n") {
			if name != "" {
				return name
			}
		}
	}
	return displayPath(top)
}

// attributeHistory names, for each finding, the oldest commit that brought
// its blob to its path, tells whether HEAD still holds it, and keeps one
// finding per fingerprint: the oldest.
func attributeHistory(h *History, r *Result) error {
	if len(r.Findings) == 0 {
		return nil
	}
	top, err := gitTop(h.Repo)
	if err != nil {
		return err
	}
	type key struct{ blob, path string }
	introduced := map[key]*Commit{}
	inHEAD := secretsInHead(top, r.Findings)
	for i := range r.Findings {
		f := &r.Findings[i]
		k := key{f.blob, f.Path}
		c, ok := introduced[k]
		if !ok {
			args := append([]string{"log", "--reverse", "--format=%H%x00%an%x00%ae%x00%aI", "--find-object=" + f.blob}, h.Revs...)
			out, err := git(top, append(args, "--", f.Path)...)
			if err != nil {
				return err
			}
			first, _, _ := strings.Cut(string(out), "\n")
			if parts := strings.Split(first, "\x00"); len(parts) == 4 {
				c = &Commit{SHA: parts[0], Author: parts[1], Email: parts[2], Date: parts[3]}
				_, err := git(top, "merge-base", "--is-ancestor", c.SHA, "HEAD")
				c.InHeadHistory = err == nil
			} else {
				c = &Commit{}
			}
			introduced[k] = c
		}
		commit := *c
		if f.Secret != "" {
			commit.InHead = inHEAD[grepPattern(f.Secret)]
		} else {
			out, err := git(top, "rev-parse", "--verify", "-q", "HEAD:"+f.Path)
			commit.InHead = err == nil && strings.TrimSpace(string(out)) == f.blob
		}
		f.Commit = &commit
	}
	// One finding per fingerprint: the same secret carried through many
	// versions of a file is one leak, introduced once.
	slices.SortStableFunc(r.Findings, func(a, b Finding) int {
		return cmp.Or(strings.Compare(a.Fingerprint, b.Fingerprint), strings.Compare(a.Commit.Date, b.Commit.Date))
	})
	r.Findings = slices.CompactFunc(r.Findings, func(a, b Finding) bool { return a.Fingerprint == b.Fingerprint })
	r.sort()
	return nil
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
func secretsInHead(top string, findings []Finding) map[string]bool {
	var patterns strings.Builder
	for _, f := range findings {
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
