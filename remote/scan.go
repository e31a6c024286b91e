package remote

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/scanner"
)

// Options say how to scan remote repositories.
type Options struct {
	Cloner *Cloner
	// Jobs is how many repositories are cloned and scanned at once.
	Jobs int
	// History scans each repository's git history (a full clone) instead
	// of its files at the revision.
	History bool
	// Exclude and NoGitignore are the path flags, for each clone.
	Exclude     []string
	NoGitignore bool
	Scan        scanner.Options
}

// Timing is where a remote scan's time went, summed over the
// repositories (they run Jobs at a time, so the sums exceed the wall
// time).
type Timing struct {
	Repos           int
	Clone, Scanning time.Duration
}

// Scan clones and scans each repository, Jobs at a time, and returns one
// result: paths are the repository's name and the file's path in it
// (hf://spaces/alice/demo/app.py); a repository that cannot be cloned is
// an error entry of its own and the others are still scanned. Each clone
// is removed as soon as it is scanned, so disk use stays bounded by Jobs
// clones; when ctx ends, clones are removed before Scan returns.
func Scan(ctx context.Context, repos []Repo, opts Options) (*findings.Result, Timing) {
	jobs := max(opts.Jobs, 1)
	res := findings.New(opts.Scan.Rules)
	res.Table = opts.Scan.Table
	var (
		mu     sync.Mutex
		timing = Timing{Repos: len(repos)}
		wg     sync.WaitGroup
		queue  = make(chan Repo)
	)
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range queue {
				one, clone, scan := scanOne(ctx, r, opts)
				mu.Lock()
				res.Merge(one)
				timing.Clone += clone
				timing.Scanning += scan
				mu.Unlock()
			}
		}()
	}
	for _, r := range repos {
		if ctx.Err() != nil {
			break
		}
		queue <- r
	}
	close(queue)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		res.Errors = append(res.Errors, findings.FileMessage{Path: ".", Message: "scan stopped before the end: " + err.Error()})
	}
	res.Sort()
	return res, timing
}

// scanOne clones one repository, scans it, removes the clone, and names
// what it found by the repository.
func scanOne(ctx context.Context, r Repo, opts Options) (*findings.Result, time.Duration, time.Duration) {
	start := time.Now()
	dir, remove, err := opts.Cloner.Clone(ctx, r, opts.History)
	cloned := time.Since(start)
	if err != nil {
		res := findings.New(opts.Scan.Rules)
		res.Errors = append(res.Errors, findings.FileMessage{Path: r.Display(), Message: err.Error()})
		return res, cloned, 0
	}
	defer remove()
	var src scanner.Source = &scanner.Paths{Paths: []string{dir}, Exclude: opts.Exclude, NoGitignore: opts.NoGitignore}
	if opts.History {
		revs := []string{"--all"}
		if r.Rev != "" {
			revs = []string{opts.Cloner.HistoryRev(ctx, r, dir, r.Rev)}
		}
		src = &scanner.History{Repo: dir, Revs: revs, Exclude: opts.Exclude}
	}
	start = time.Now()
	res := scanner.Scan(ctx, src, opts.Scan)
	scanned := time.Since(start)
	rename(res, filepath.ToSlash(dir), r.Display())
	return res, cloned, scanned
}

// rename gives every path of res the repository's name instead of the
// clone's folder: a work tree's paths start with the folder, a history's
// are relative to the repository.
func rename(res *findings.Result, dir, name string) {
	fix := func(p string) string {
		switch {
		case p == dir || p == ".":
			return name
		case strings.HasPrefix(p, dir+"/"):
			return name + p[len(dir):]
		}
		return name + "/" + p
	}
	for i := range res.Findings {
		res.Findings[i].Path = fix(res.Findings[i].Path)
	}
	for i := range res.Skipped {
		res.Skipped[i].Path = fix(res.Skipped[i].Path)
	}
	for i := range res.Errors {
		res.Errors[i].Path = fix(res.Errors[i].Path)
		res.Errors[i].Message = strings.ReplaceAll(res.Errors[i].Message, dir, name)
	}
	for i := range res.Notices {
		res.Notices[i].Path = fix(res.Notices[i].Path)
	}
}
