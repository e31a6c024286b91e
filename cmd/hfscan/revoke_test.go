package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// revokeHub is a local Hub: whoami-v2 says which tokens are live, and
// /api/credentials/revoke records what it is sent.
type revokeHub struct {
	t       *testing.T
	live    map[string]bool
	mu      sync.Mutex
	revoked []string
	posts   int
}

// sent is what the Hub was sent so far: the tokens, sorted, and how many
// revocation requests. The handlers run on the server's goroutines.
func (h *revokeHub) sent() ([]string, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Sorted(slices.Values(h.revoked)), h.posts
}

func (h *revokeHub) reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.revoked = nil
}

func (h *revokeHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/api/whoami-v2":
		if h.live[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")] {
			fmt.Fprint(w, `{"type":"user","name":"alice","auth":{"type":"access_token","accessToken":{"displayName":"x","role":"read"}}}`)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	case "/api/credentials/revoke":
		if r.Method != http.MethodPost || r.Header.Get("Authorization") != "" {
			h.t.Errorf("revoke: %s with Authorization %q", r.Method, r.Header.Get("Authorization"))
		}
		var body struct{ Credentials []string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			h.t.Errorf("revoke body: %v", err)
		}
		h.mu.Lock()
		h.revoked = append(h.revoked, body.Credentials...)
		h.posts++
		h.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func TestRevoke(t *testing.T) {
	a, b, c := rules.Fake("hf_", 34, "revoke a"), rules.Fake("hf_", 34, "revoke b"), rules.Fake("hf_", 34, "revoke c")
	org := rules.Fake("api_org_", 34, "revoke org")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "one.py"), []byte("login('"+a+"')\nx = '"+b+"'\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "two.py"), []byte("login('"+a+"')\ny = '"+c+"'\nz = '"+org+"'\n"), 0o644)
	hub := &revokeHub{t: t, live: map[string]bool{a: true, c: true}}
	srv := httptest.NewServer(hub)
	defer srv.Close()
	env := []string{"HF_ENDPOINT=" + srv.URL}

	// --dry-run lists and sends nothing.
	dry := hfscanEnv(t, dir, "", env, "revoke", "--dry-run", ".")
	if _, posts := hub.sent(); dry.code != 0 || posts != 0 || !strings.Contains(dry.stdout, "3 Hugging Face user tokens found") ||
		!strings.Contains(dry.stdout, "(and 1 more place)") || !strings.Contains(dry.stdout, "Organization tokens cannot be revoked") {
		t.Errorf("--dry-run: exit %d\n%s%s", dry.code, dry.stdout, dry.stderr)
	}
	for _, tok := range []string{a, b, c, org} {
		if strings.Contains(dry.stdout+dry.stderr, tok) {
			t.Error("revoke printed a token in full")
		}
	}
	// Not a terminal and no --yes: refused.
	if r := hfscanEnv(t, dir, "", env, "revoke", "."); r.code != 2 || !strings.Contains(r.stderr, "--yes") {
		t.Errorf("without a terminal or --yes: exit %d\n%s", r.code, r.stderr)
	}
	if _, posts := hub.sent(); posts != 0 {
		t.Errorf("%d revocation requests before any consent", posts)
	}
	// --verify --yes: only the live ones, each once.
	r := hfscanEnv(t, dir, "", env, "revoke", "--verify", "--yes", ".")
	revoked, _ := hub.sent()
	want := []string{a, c}
	slices.Sort(want)
	if r.code != 0 || !slices.Equal(revoked, want) || !strings.Contains(r.stdout, "Revoked 2 tokens") ||
		strings.Count(r.stdout, " — live") != 2 || strings.Count(r.stdout, " — invalid") != 1 {
		t.Errorf("revoke --verify --yes: exit %d, sent %d tokens (want the 2 live ones)\n%s%s", r.code, len(revoked), r.stdout, r.stderr)
	}
	// --yes without --verify: every distinct user token, never the org token.
	hub.reset()
	r = hfscanEnv(t, dir, "", env, "revoke", "--yes", ".")
	if revoked, _ := hub.sent(); r.code != 0 || len(revoked) != 3 || slices.Contains(revoked, org) {
		t.Errorf("revoke --yes: exit %d, sent %d\n%s", r.code, len(revoked), r.stderr)
	}
	// revoke writes no report.
	if r := hfscanEnv(t, dir, "", env, "revoke", "-o", "x.json", "."); r.code != 2 {
		t.Errorf("revoke -o: exit %d", r.code)
	}
}
