package remote

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Cloner clones repositories with the git program into temporary folders.
type Cloner struct {
	// Endpoint is the Hub's: Token is sent to it, and to nothing else.
	Endpoint string
	Token    string
	// TempDir is where clones go ("" for the system's).
	TempDir string
	// Git is the git program ("" for "git" on PATH).
	Git string
}

// Clone fetches r into a new temporary folder and returns it with the
// function that removes it. Without full it is a work tree of the one
// commit (a depth-1 fetch: every file of that commit, no history); with
// full, a complete clone without a checkout, for a history scan. Git LFS
// files stay pointers. On any error, and when ctx ends (an interrupt),
// nothing is left behind.
func (c *Cloner) Clone(ctx context.Context, r Repo, full bool) (dir string, remove func(), err error) {
	dir, err = os.MkdirTemp(c.TempDir, "hfscan-clone-")
	if err != nil {
		return "", nil, err
	}
	remove = func() { os.RemoveAll(dir) }
	defer func() {
		if err != nil {
			remove()
			dir, remove = "", nil
		}
	}()
	if full {
		args := []string{"clone", "--quiet", "--no-checkout"}
		if r.Rev != "" {
			// still every ref: a history scan of REV reads what leads to it
			args = append(args, "--no-single-branch")
		}
		err = c.git(ctx, r, "", append(args, "--", r.URL, dir)...)
		return dir, remove, err
	}
	rev := r.Rev
	if rev == "" {
		rev = "HEAD"
	}
	if err = c.git(ctx, r, "", "init", "--quiet", dir); err != nil {
		return
	}
	// The URL is given to fetch, not stored as a remote: the clone's
	// .git/config names nothing.
	if err = c.git(ctx, r, dir, "fetch", "--quiet", "--depth", "1", "--no-tags", "--", r.URL, rev); err != nil {
		return
	}
	err = c.git(ctx, r, dir, "checkout", "--quiet", "--detach", "FETCH_HEAD")
	return dir, remove, err
}

// git runs one git command for r. The environment, not the argument list
// (which every user can read in ps), carries the Hub token, as an
// http.<endpoint>.extraHeader scoped to the Hub; git never prompts.
func (c *Cloner) git(ctx context.Context, r Repo, dir string, args ...string) error {
	prog := c.Git
	if prog == "" {
		prog = "git"
	}
	sub := args[0]
	if dir != "" {
		args = append([]string{"-C", dir}, args...)
	}
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GCM_INTERACTIVE=never", "GIT_LFS_SKIP_SMUDGE=1",
		"GIT_ASKPASS=", "SSH_ASKPASS=", "GIT_SSH_COMMAND=ssh -o BatchMode=yes")
	if c.Token != "" && r.Hub() && sameOrigin(r.URL, c.Endpoint) {
		cmd.Env = append(cmd.Env, "GIT_CONFIG_COUNT=1",
			"GIT_CONFIG_KEY_0=http."+strings.TrimRight(c.Endpoint, "/")+"/.extraHeader",
			"GIT_CONFIG_VALUE_0=Authorization: Bearer "+c.Token)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	killGroup(cmd) // an interrupt stops git and the helpers it started
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return fmt.Errorf("git: %w", err)
		}
		return fmt.Errorf("git %s failed: %s", sub, gitMessage(stderr.String(), c.Token))
	}
	return nil
}

// gitMessage is what git said went wrong, token-free: its first fatal:
// or error: line, else its last line.
func gitMessage(stderr, token string) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for _, l := range lines {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "fatal:") || strings.HasPrefix(l, "error:") {
			return redactURLError(l, token)
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" && !strings.HasPrefix(l, "hint:") {
			return redactURLError(l, token)
		}
	}
	return "no message"
}

// HistoryRev is how a full clone names the revision rev: a branch of the
// remote is origin/BRANCH there; a tag or a commit is itself.
func (c *Cloner) HistoryRev(ctx context.Context, r Repo, dir, rev string) string {
	if err := c.git(ctx, r, dir, "rev-parse", "--verify", "--quiet", "refs/remotes/origin/"+rev); err == nil {
		return "refs/remotes/origin/" + rev
	}
	return rev
}

// sameOrigin reports whether u is on the endpoint's scheme and host.
func sameOrigin(u, endpoint string) bool {
	a, err1 := url.Parse(u)
	b, err2 := url.Parse(endpoint)
	return err1 == nil && err2 == nil && a.Scheme == b.Scheme && a.Host == b.Host && a.Host != ""
}
