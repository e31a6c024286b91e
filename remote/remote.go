// Package remote scans where notebooks are shared: repositories on the
// Hugging Face Hub (hf://spaces/OWNER/NAME, hf://datasets/OWNER/NAME,
// hf://OWNER/NAME), any git URL, and every repository of a Hub user or
// organisation. It names repositories (Parse), lists an account's
// (Lister), and clones one into a temporary folder with the git program
// (Cloner), removing it afterwards, also when the run is interrupted. A
// token for private repositories is sent to the Hub only: as a header
// through git's environment, never in a URL, a config file or an argument.
package remote

import (
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// Kind is the kind of a Hub repository.
type Kind string

const (
	Model   Kind = "models"
	Dataset Kind = "datasets"
	Space   Kind = "spaces"
	// Git is a repository named by a git URL, not on the Hub.
	Git Kind = "git"
)

// Kinds are the Hub's repository kinds, in the order they are listed.
var Kinds = []Kind{Model, Dataset, Space}

// Repo is one repository to clone and scan.
type Repo struct {
	Kind Kind
	// ID is OWNER/NAME on the Hub; the URL otherwise.
	ID string
	// Rev is the revision to scan (a branch, tag or commit); "" for the
	// default branch.
	Rev string
	// URL is what git clones, built from the Hub endpoint for a Hub
	// repository. It never holds a credential.
	URL string
}

// Display is how reports name the repository, before each file's path:
// hf://spaces/alice/demo, hf://alice/model, or the git URL.
func (r Repo) Display() string {
	switch r.Kind {
	case Model:
		return "hf://" + r.ID
	case Dataset, Space:
		return "hf://" + string(r.Kind) + "/" + r.ID
	}
	return r.ID
}

// Hub reports whether the repository is on the Hub (and may be sent the
// Hub token).
func (r Repo) Hub() bool { return r.Kind != Git }

// IsRemote reports whether a PATH argument names a remote repository.
func IsRemote(arg string) bool {
	if strings.HasPrefix(arg, "hf://") {
		return true
	}
	for _, scheme := range []string{"https://", "http://", "ssh://", "git://", "file://"} {
		if strings.HasPrefix(arg, scheme) {
			return true
		}
	}
	// A local path holds no "@" before a ":" (the form needs both): the
	// pattern is not compiled for it, as for nearly every run.
	at := strings.IndexByte(arg, '@')
	return at > 0 && strings.IndexByte(arg[at:], ':') > 0 && scpLike().MatchString(arg)
}

// scpLike is git's user@host:path form (git@github.com:org/repo.git).
// Both patterns are compiled on first use, as every pattern of the
// scanner is: package start-up is paid by every run.
var scpLike = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/]`) })

// hubName is a Hub owner or repository name.
var hubName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`) })

// Parse names the repository of a PATH argument; endpoint is the Hub's
// (https://huggingface.co, or --hf-endpoint).
func Parse(arg, endpoint string) (Repo, error) {
	endpoint = strings.TrimRight(endpoint, "/")
	if rest, ok := strings.CutPrefix(arg, "hf://"); ok {
		rest, rev, _ := strings.Cut(rest, "@")
		parts := strings.Split(rest, "/")
		kind := Model
		switch {
		case len(parts) == 3 && (parts[0] == "spaces" || parts[0] == "datasets" || parts[0] == "models"):
			kind, parts = Kind(parts[0]), parts[1:]
		case len(parts) != 2:
			return Repo{}, fmt.Errorf("%s: want hf://OWNER/NAME, hf://datasets/OWNER/NAME or hf://spaces/OWNER/NAME", arg)
		}
		if !hubName().MatchString(parts[0]) || !hubName().MatchString(parts[1]) {
			return Repo{}, fmt.Errorf("%s: not a Hub repository name", arg)
		}
		return HubRepo(kind, parts[0]+"/"+parts[1], rev, endpoint), validRev(arg, rev)
	}
	if u, err := url.Parse(arg); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			return Repo{}, fmt.Errorf("a git URL with a password in it is refused: it would be in the process list and in git's config; use a credential helper, or HF_TOKEN for the Hub")
		}
	}
	base, rev := arg, ""
	if i := strings.LastIndex(arg, "@"); i > 0 && !strings.Contains(arg[i:], "/") && !strings.Contains(arg[i:], ":") {
		base, rev = arg[:i], arg[i+1:] // URL@REV; git@host:… keeps its @
	}
	return Repo{Kind: Git, ID: base, Rev: rev, URL: base}, validRev(arg, rev)
}

// validRev refuses a revision git would read as an option.
func validRev(arg, rev string) error {
	if strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, " \t\n\\") {
		return fmt.Errorf("%s: not a revision", arg)
	}
	return nil
}

// HubRepo is a Hub repository of kind with id OWNER/NAME.
func HubRepo(kind Kind, id, rev, endpoint string) Repo {
	u := strings.TrimRight(endpoint, "/") + "/"
	if kind != Model {
		u += string(kind) + "/"
	}
	return Repo{Kind: kind, ID: id, Rev: rev, URL: u + id}
}

// Shard is the K-th of N slices of a list of repositories (--shard K/N).
type Shard struct{ K, N int }

// ParseShard reads K/N, 1 <= K <= N.
func ParseShard(s string) (Shard, error) {
	var sh Shard
	if _, err := fmt.Sscanf(s, "%d/%d", &sh.K, &sh.N); err != nil || sh.N < 1 || sh.K < 1 || sh.K > sh.N || fmt.Sprintf("%d/%d", sh.K, sh.N) != s {
		return Shard{}, errors.New("--shard: want K/N with 1 <= K <= N, e.g. 2/8")
	}
	return sh, nil
}

// Holds reports whether the shard takes r. Repositories are dealt by a
// hash of their name, so a slice does not shift when the list grows or
// comes in another order: the N shards together take each once.
func (s Shard) Holds(r Repo) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(r.Display() + "@" + r.Rev))
	return int(h.Sum32()%uint32(s.N)) == s.K-1
}
