package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hfscan/hfscan/rules"
)

// fakeHub is a Hugging Face Hub on 127.0.0.1: the listing API, with
// pagination, and git's smart HTTP protocol through git http-backend. A
// private repository answers only to the bearer token; every request's
// URL and Authorization header is kept for the test to check.
type fakeHub struct {
	t       *testing.T
	root    string // bare repositories, as the Hub lays them out
	token   string
	private map[string]bool // "datasets/acme/private"
	slow    map[string]bool // answered after a pause (for interrupts)
	git     http.Handler

	mu       sync.Mutex
	urls     []string
	auths    []string
	psOutput []string
	srv      *httptest.Server
}

func newFakeHub(t *testing.T, token string) *fakeHub {
	t.Helper()
	gitPath := requireGit(t)
	h := &fakeHub{t: t, root: t.TempDir(), token: token, private: map[string]bool{}, slow: map[string]bool{}}
	h.git = &cgi.Handler{Path: gitPath, Args: []string{"http-backend"}, Env: []string{"GIT_PROJECT_ROOT=" + h.root, "GIT_HTTP_EXPORT_ALL=1"}, Stderr: io.Discard}
	h.srv = httptest.NewServer(h)
	t.Cleanup(h.srv.Close)
	return h
}

func requireGit(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("git")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is missing")
		}
		t.Skip("git is not installed")
	}
	return path
}

// repo makes the bare repository name (as the Hub's URL path has it) from
// commits: each a map of file to content; an empty content deletes.
func (h *fakeHub) repo(name string, commits ...map[string]string) {
	h.t.Helper()
	work := h.t.TempDir()
	mustRun(h.t, work, "git", "init", "-q", "-b", "main")
	for i, files := range commits {
		for f, content := range files {
			p := filepath.Join(work, f)
			if content == "" {
				os.Remove(p)
				continue
			}
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(content), 0o644)
		}
		mustRun(h.t, work, "git", "add", "-A")
		runIn(h.t, work, []string{"GIT_AUTHOR_DATE=2024-05-0" + fmt.Sprint(i+1) + "T10:00:00Z", "GIT_COMMITTER_DATE=2024-05-01T10:00:00Z"},
			"git", "-c", "user.name=Jane", "-c", "user.email=jane@example.com", "commit", "-qm", fmt.Sprint("commit ", i+1))
	}
	dest := filepath.Join(h.root, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(dest), 0o755)
	mustRun(h.t, h.root, "git", "clone", "-q", "--bare", work, dest)
}

func (h *fakeHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	h.mu.Lock()
	h.urls = append(h.urls, r.URL.String())
	if auth != "" {
		h.auths = append(h.auths, auth)
	}
	if strings.HasSuffix(r.URL.Path, "/info/refs") { // git is fetching: what can ps see?
		out, _ := exec.Command("ps", "-eo", "args").Output()
		h.psOutput = append(h.psOutput, string(out))
	}
	h.mu.Unlock()
	authorized := h.token != "" && auth == "Bearer "+h.token
	if kind, ok := strings.CutPrefix(r.URL.Path, "/api/"); ok {
		h.list(w, r, kind, authorized)
		return
	}
	for name := range h.private {
		if strings.HasPrefix(r.URL.Path, "/"+name+"/") && !authorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="hub"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
	}
	for name := range h.slow {
		if strings.HasPrefix(r.URL.Path, "/"+name+"/") {
			time.Sleep(3 * time.Second)
		}
	}
	h.git.ServeHTTP(w, r)
}

// list answers /api/{models,datasets,spaces}?author=acme with the
// repositories of that kind, one per page, the next page linked.
func (h *fakeHub) list(w http.ResponseWriter, r *http.Request, kind string, authorized bool) {
	var ids []string
	prefix := map[string]string{"models": "", "datasets": "datasets/", "spaces": "spaces/"}[kind]
	filepath.WalkDir(h.root, func(p string, e os.DirEntry, err error) error {
		if err != nil || !e.IsDir() || filepath.Ext(p) == ".git" || !fileExists(filepath.Join(p, "HEAD")) {
			return nil
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, h.root+string(filepath.Separator)))
		id, ok := strings.CutPrefix(rel, prefix)
		if ok && strings.Count(id, "/") == 1 && strings.HasPrefix(id, r.URL.Query().Get("author")+"/") && (prefix != "" || !strings.Contains(rel, "s/")) &&
			(!h.private[rel] || authorized) {
			ids = append(ids, id)
		}
		return filepath.SkipDir
	})
	if kind == "models" && r.URL.Query().Get("author") == "acme" {
		ids = append(ids, "acme/gone") // listed, but git answers 404
	}
	sort.Strings(ids)
	page := 0
	fmt.Sscan(r.URL.Query().Get("page"), &page)
	var out []map[string]string
	if page < len(ids) {
		out = append(out, map[string]string{"id": ids[page]})
	}
	if page+1 < len(ids) {
		next := *r.URL
		q := next.Query()
		q.Set("page", fmt.Sprint(page+1))
		next.RawQuery = q.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next"`, h.srv.URL+next.String()))
	}
	if out == nil {
		out = []map[string]string{}
	}
	json.NewEncoder(w).Encode(out)
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// acmeHub is the Hub the tests scan: a space with a token in app.py and
// one in a notebook's output; a model whose token is only in an old
// commit; a private dataset; a model listed that git cannot find.
func acmeHub(t *testing.T) (h *fakeHub, toks map[string]string) {
	toks = map[string]string{}
	for _, k := range []string{"app", "output", "old", "private", "token"} {
		toks[k] = rules.Fake("hf_", 34, "remote "+k)
	}
	h = newFakeHub(t, toks["token"])
	nb := string(notebookBytes(t, "from huggingface_hub import whoami\nprint(whoami())"))
	nb = strings.Replace(nb, `"outputs": []`, `"outputs": [{"output_type": "stream", "name": "stdout", "text": ["logged in with `+toks["output"]+`\n"]}]`, 1)
	h.repo("spaces/acme/demo", map[string]string{"app.py": "import gradio as gr\nHF_TOKEN = \"" + toks["app"] + "\"\n", "demo.ipynb": nb})
	h.repo("acme/model1", map[string]string{"config.py": "token = '" + toks["old"] + "'\n", "README.md": "# model\n"},
		map[string]string{"config.py": "import os\ntoken = os.environ['HF_TOKEN']\n"})
	h.repo("datasets/acme/private", map[string]string{"load.py": "login(token='" + toks["private"] + "')\n"})
	h.private["datasets/acme/private"] = true
	return h, toks
}

type remoteReport struct {
	Findings []struct {
		RuleID   string `json:"rule_id"`
		Path     string
		Line     int
		Secret   string
		Notebook *struct {
			Cell   int
			Part   string
			Output int
		}
		Commit *struct{ SHA string }
	}
	Errors []struct{ Path, Message string }
}

func remoteScan(t *testing.T, h *fakeHub, tmp string, withToken bool, args ...string) (remoteReport, runResult) {
	t.Helper()
	env := []string{"SOURCE_DATE_EPOCH=0", "HF_ENDPOINT=" + h.srv.URL, "TMPDIR=" + tmp, "HF_HOME=" + tmp}
	if withToken {
		env = append(env, "HF_TOKEN="+h.token)
	}
	r := hfscanEnv(t, "", "", env, append([]string{"-f", "json", "--show-secrets"}, args...)...)
	var rep remoteReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s%s", err, r.stdout, r.stderr)
	}
	return rep, r
}

func (rep remoteReport) secrets() map[string]string {
	out := map[string]string{}
	for _, f := range rep.Findings {
		if f.RuleID == "hf-token" {
			out[f.Secret] = f.Path
		}
	}
	return out
}

// TestHubOrg scans an organisation of the fake Hub: the HEAD tokens with
// their remote paths and exact cells; --history adds the old one with its
// commit; the private dataset only with HF_TOKEN; the repository git
// cannot find is an error entry (exit 2). The token goes to the Hub as a
// header only: never in a URL, a clone's .git/config, ps, or a report; and
// no clone is left behind.
func TestHubOrg(t *testing.T) {
	h, toks := acmeHub(t)
	tmp := t.TempDir()

	rep, r := remoteScan(t, h, tmp, false, "--hub-org", "acme")
	got := rep.secrets()
	if r.code != 2 || got[toks["app"]] != "hf://spaces/acme/demo/app.py" || got[toks["output"]] != "hf://spaces/acme/demo/demo.ipynb" ||
		got[toks["old"]] != "" || got[toks["private"]] != "" {
		t.Fatalf("without a token: exit %d, %v\n%s", r.code, got, r.stderr)
	}
	for _, f := range rep.Findings {
		if f.Secret == toks["output"] && (f.Notebook == nil || f.Notebook.Cell != 1 || f.Notebook.Part != "output" || f.Notebook.Output != 1) {
			t.Errorf("the output's token is not placed in its cell: %+v", f.Notebook)
		}
		if f.Secret == toks["app"] && f.Line != 2 {
			t.Errorf("app.py: line %d", f.Line)
		}
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Path != "hf://acme/gone" {
		t.Errorf("errors: %+v", rep.Errors)
	}

	rep, r = remoteScan(t, h, tmp, true, "--hub-org", "acme")
	if got := rep.secrets(); got[toks["private"]] != "hf://datasets/acme/private/load.py" || r.code != 2 {
		t.Errorf("with HF_TOKEN: exit %d, %v", r.code, got)
	}

	rep, r = remoteScan(t, h, tmp, true, "--history", "--hub-org", "acme")
	got = rep.secrets()
	if got[toks["old"]] != "hf://acme/model1/config.py" || got[toks["app"]] == "" || got[toks["private"]] == "" {
		t.Errorf("--history: %v\n%s", got, r.stderr)
	}
	for _, f := range rep.Findings {
		if f.Secret == toks["old"] && (f.Commit == nil || len(f.Commit.SHA) != 40) {
			t.Errorf("the old token has no commit: %+v", f.Commit)
		}
	}

	// Where the token went.
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, u := range h.urls {
		if strings.Contains(u, h.token) {
			t.Errorf("the token is in a URL: %s", u)
		}
	}
	if len(h.auths) == 0 {
		t.Error("the Hub never received the token")
	}
	for _, a := range h.auths {
		if a != "Bearer "+h.token {
			t.Errorf("the Hub received Authorization %q", a)
		}
	}
	for _, ps := range h.psOutput {
		if strings.Contains(ps, h.token) {
			t.Errorf("the token is in ps output:\n%s", ps)
		}
	}
	if !slices.ContainsFunc(h.psOutput, func(ps string) bool { return strings.Contains(ps, "git-remote-http") }) {
		t.Error("ps never saw git fetching: the witness is blind") // procps missing?
	}
	if strings.Contains(r.stdout+r.stderr, h.token) {
		t.Error("the token is in a report")
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "hfscan-clone-*")); len(left) > 0 {
		t.Errorf("clones left behind: %v", left)
	}
}

// A clone's .git/config names neither the token nor, for a work-tree
// scan, the URL: a git on PATH that logs each clone's config is the
// witness.
func TestCloneConfigHoldsNoToken(t *testing.T) {
	h, _ := acmeHub(t)
	tmp := t.TempDir()
	bin := t.TempDir()
	log := filepath.Join(t.TempDir(), "git.log")
	realGit := requireGit(t)
	script := "#!/bin/sh\necho \"ARGS: $*\" >> " + log + "\n\"" + realGit + "\" \"$@\"\nrc=$?\n" +
		"prev=''; for a in \"$@\"; do if [ \"$prev\" = -C ]; then d=$a; fi; prev=$a; last=$a; done\n" +
		"for c in \"$d/.git/config\" \"$last/.git/config\"; do [ -f \"$c\" ] && { echo \"CONFIG $c\"; cat \"$c\"; } >> " + log + "; done\nexit $rc\n"
	os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755)
	for _, history := range []bool{false, true} {
		args := []string{"-f", "json", "--hub-org", "acme"}
		if history {
			args = append(args, "--history")
		}
		hfscanEnv(t, "", "", []string{"PATH=" + bin + ":" + os.Getenv("PATH"), "HF_ENDPOINT=" + h.srv.URL, "TMPDIR=" + tmp, "HF_TOKEN=" + h.token, "HF_HOME=" + tmp}, args...)
	}
	data, _ := os.ReadFile(log)
	if !bytes.Contains(data, []byte("CONFIG ")) || !bytes.Contains(data, []byte("ARGS: ")) {
		t.Fatalf("the wrapper saw no clone:\n%s", data)
	}
	if bytes.Contains(data, []byte(h.token)) || bytes.Contains(data, []byte("extraHeader")) {
		t.Errorf("the token is in git's arguments or a clone's config:\n%s", data)
	}
}

// No clone is left behind when a scan is interrupted (SIGINT) while git
// is fetching: the partial report says so, exit 2.
func TestHubInterrupt(t *testing.T) {
	h, _ := acmeHub(t)
	h.slow["spaces/acme/demo"] = true
	tmp := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "-f", "json", "hf://spaces/acme/demo")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + tmp, "HF_ENDPOINT=" + h.srv.URL, "TMPDIR=" + tmp}
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if left, _ := filepath.Glob(filepath.Join(tmp, "hfscan-clone-*")); len(left) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // git is now waiting on the slow Hub
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 2 || !strings.Contains(out.String(), "scan stopped before the end") {
		t.Errorf("interrupted: %v\n%s", err, out.String())
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "hfscan-clone-*")); len(left) > 0 {
		t.Errorf("clones left behind: %v", left)
	}
}

// --shard 1/3, 2/3 and 3/3 together scan each repository once; their JSON
// reports merged (--from-json, repeated) equal the unsharded report.
func TestHubShards(t *testing.T) {
	h, _ := acmeHub(t)
	for i := range 6 {
		h.repo(fmt.Sprintf("spaces/acme/s%d", i), map[string]string{"app.py": "HF_TOKEN = '" + rules.Fake("hf_", 34, fmt.Sprint("shard ", i)) + "'\n"})
	}
	tmp := t.TempDir()
	env := []string{"SOURCE_DATE_EPOCH=0", "HF_ENDPOINT=" + h.srv.URL, "TMPDIR=" + tmp, "HF_TOKEN=" + h.token, "HF_HOME=" + tmp}
	whole := hfscanEnv(t, "", "", env, "-f", "json", "--hub-org", "acme")
	dir := t.TempDir()
	var files []string
	seen := map[string]int{}
	for k := 1; k <= 3; k++ {
		r := hfscanEnv(t, "", "", env, "-f", "json", "--hub-org", "acme", "--shard", fmt.Sprintf("%d/3", k))
		f := filepath.Join(dir, fmt.Sprintf("shard%d.json", k))
		os.WriteFile(f, []byte(r.stdout), 0o644)
		files = append(files, "--from-json", f)
		if r.code == 0 {
			t.Errorf("shard %d found nothing", k)
		}
		var rep remoteReport
		json.Unmarshal([]byte(r.stdout), &rep)
		repos := map[string]bool{}
		for _, f := range rep.Findings {
			repos[repoOf(f.Path)] = true
		}
		for _, e := range rep.Errors {
			repos[e.Path] = true
		}
		for r := range repos {
			seen[r]++
		}
	}
	var names []string
	for r, n := range seen {
		names = append(names, r)
		if n != 1 {
			t.Errorf("%s scanned by %d shards", r, n)
		}
	}
	// demo, private, gone and s0..s5 (model1 holds nothing at HEAD)
	if slices.Sort(names); len(names) != 9 {
		t.Errorf("repositories seen by the shards: %v", names)
	}
	merged := hfscanEnv(t, "", "", []string{"SOURCE_DATE_EPOCH=0"}, append([]string{"-f", "json"}, files...)...)
	if merged.stdout != whole.stdout {
		t.Errorf("the merged shards differ from the whole:\n%s\n---\n%s", merged.stdout, whole.stdout)
	}
}

// repoOf is the repository part of a remote path: hf://spaces/acme/demo/app.py → hf://spaces/acme/demo.
func repoOf(p string) string {
	rest := strings.TrimPrefix(p, "hf://")
	parts := strings.Split(rest, "/")
	n := 2
	if parts[0] == "spaces" || parts[0] == "datasets" {
		n = 3
	}
	return "hf://" + strings.Join(parts[:n], "/")
}
