package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/remote"
	"github.com/hfscan/hfscan/scanner"
	"github.com/hfscan/hfscan/verify"
)

// remoteConfig holds the flags that name remote repositories.
type remoteConfig struct {
	users, orgs []string
	kinds       []string
	jobs        int
	shard       string
}

func (x *remoteConfig) flags(fs *pflag.FlagSet) {
	fs.StringArrayVar(&x.users, "hub-user", nil, "scan every model, dataset and space of this Hugging Face `USER` (repeatable)")
	fs.StringArrayVar(&x.orgs, "hub-org", nil, "scan every model, dataset and space of this Hugging Face `ORG` (repeatable)")
	fs.StringSliceVar(&x.kinds, "hub-kinds", []string{"models", "datasets", "spaces"}, "with --hub-user/--hub-org: which `KINDS` of repositories")
	fs.IntVar(&x.jobs, "clone-jobs", 4, "remote repositories cloned and scanned at once")
	fs.StringVar(&x.shard, "shard", "", "scan only the K-th of N slices of the remote repositories (`K/N`), for a CI matrix")
}

// remoteRun is the remote part of a run: the repositories and how to
// clone them; nil when the run names none.
type remoteRun struct {
	repos  []remote.Repo
	cloner *remote.Cloner
	jobs   int
	// listErrors are accounts the Hub could not list (in full): error
	// entries of the report, the rest still scanned.
	listErrors []findings.FileMessage
}

// plan splits the PATHs into local ones and remote repositories, adds the
// accounts' repositories listed by the Hub, and keeps this shard's. It
// returns the local PATHs.
func (x *remoteConfig) plan(ctx context.Context, c *config, paths []string) (*remoteRun, []string, error) {
	var local []string
	var repos []remote.Repo
	var listErrors []findings.FileMessage
	endpoint := c.verify.endpoints.HuggingFace
	for _, p := range paths {
		if !remote.IsRemote(p) {
			local = append(local, p)
			continue
		}
		r, err := remote.Parse(p, endpoint)
		if err != nil {
			return nil, nil, err
		}
		repos = append(repos, r)
	}
	accounts := append(append([]string(nil), x.users...), x.orgs...)
	if len(repos) == 0 && len(accounts) == 0 {
		if x.shard != "" {
			return nil, nil, errors.New("--shard slices remote repositories: name some (hf://…, a git URL, --hub-user, --hub-org)")
		}
		return nil, local, nil
	}
	switch {
	case c.staged:
		return nil, nil, errors.New("--staged reads the local git index: it takes no remote repository")
	case c.since != "" || c.revRange != "":
		return nil, nil, errors.New("--since and --range take a local repository; for a remote one use --history (and hf://…@REV)")
	case c.history && len(local) > 0:
		return nil, nil, errors.New("--history with remote repositories takes no local PATH")
	case x.jobs < 1:
		return nil, nil, errors.New("--clone-jobs must be at least 1")
	}
	token := remote.HubToken()
	if _, err := verify.CheckEndpoint(endpoint); err != nil && token != "" {
		return nil, nil, fmt.Errorf("--hf-endpoint: %w", err)
	}
	if len(accounts) > 0 {
		var kinds []remote.Kind
		for _, k := range x.kinds {
			kind := remote.Kind(strings.TrimSpace(k))
			if kind != remote.Model && kind != remote.Dataset && kind != remote.Space {
				return nil, nil, fmt.Errorf("--hub-kinds: unknown kind %q (want models, datasets, spaces)", k)
			}
			kinds = append(kinds, kind)
		}
		lister := &remote.Lister{Endpoint: endpoint, Token: token, Client: &http.Client{Timeout: 60 * time.Second}}
		for _, name := range accounts {
			listed, err := lister.List(ctx, name, kinds)
			if err != nil {
				listErrors = append(listErrors, findings.FileMessage{Path: "hf://" + name, Message: err.Error()})
			}
			repos = append(repos, listed...)
		}
	}
	if x.shard != "" {
		sh, err := remote.ParseShard(x.shard)
		if err != nil {
			return nil, nil, err
		}
		if sh.K != 1 {
			listErrors = nil // shard 1 reports them: merged, they count once
		}
		kept := repos[:0]
		for _, r := range repos {
			if sh.Holds(r) {
				kept = append(kept, r)
			}
		}
		repos = kept
	}
	return &remoteRun{repos: dedupeRepos(repos), jobs: x.jobs, listErrors: listErrors,
		cloner: &remote.Cloner{Endpoint: endpoint, Token: token}}, local, nil
}

// dedupeRepos keeps the first of repositories named twice (a PATH and an
// account's listing).
func dedupeRepos(repos []remote.Repo) []remote.Repo {
	seen := map[string]bool{}
	var out []remote.Repo
	for _, r := range repos {
		if k := r.Display() + "@" + r.Rev; !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// scan clones and scans the repositories and says, unless quiet, how the
// time went: cloning against scanning.
func (rr *remoteRun) scan(ctx context.Context, c *config, opts scanner.Options, stderr io.Writer) *findings.Result {
	res, timing := remote.Scan(ctx, rr.repos, remote.Options{Cloner: rr.cloner, Jobs: rr.jobs, History: c.history,
		Exclude: c.exclude, NoGitignore: c.noGitignore, Scan: opts})
	res.Errors = append(res.Errors, rr.listErrors...) // the caller sorts what it merges
	if !c.quiet {
		fmt.Fprintf(stderr, "hfscan: %s (%d at a time): cloning %.1f s, scanning %.1f s in all\n",
			pluralRepos(timing.Repos), rr.jobs, timing.Clone.Seconds(), timing.Scanning.Seconds())
	}
	return res
}

func pluralRepos(n int) string {
	if n == 1 {
		return "1 remote repository"
	}
	return fmt.Sprintf("%d remote repositories", n)
}
