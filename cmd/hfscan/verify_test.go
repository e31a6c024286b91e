package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hfscan/hfscan/rules"
)

// TestVerifyCLI runs --verify against a local Hub: the same token in 50
// files is asked about once, each finding carries what the Hub said, and
// the text report says it in words.
func TestVerifyCLI(t *testing.T) {
	live, dead := rules.Fake("hf_", 34, "cli verify live"), rules.Fake("hf_", 34, "cli verify dead")
	tok := func(seed string) string { return rules.Fake("hf_", 34, "cli verify "+seed) }
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the redirect target received the token")
		}
	}))
	defer elsewhere.Close()
	var mu sync.Mutex
	asked := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tk := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		mu.Lock()
		asked[tk]++
		n := asked[tk]
		mu.Unlock()
		switch tk {
		case tok("revoked"):
			http.Error(w, `{"error":"token revoked by the organization"}`, http.StatusForbidden)
			return
		case tok("limited"):
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, `{"type":"user","name":"bob","auth":{"type":"access_token","accessToken":{"displayName":"r","role":"read"}}}`)
			return
		case tok("broken"):
			w.WriteHeader(http.StatusInternalServerError)
			return
		case tok("moved"):
			http.Redirect(w, r, elsewhere.URL+"/api/whoami-v2", http.StatusFound)
			return
		case tok("slow"):
			time.Sleep(1500 * time.Millisecond)
			return
		}
		if r.URL.Path != "/api/whoami-v2" || tk != live {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprint(w, `{"type":"user","name":"alice","email":"alice@example.com","orgs":[{"name":"acme","roleInOrg":"admin"}],`+
			`"auth":{"type":"access_token","accessToken":{"displayName":"train","role":"write"}}}`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	for i := range 50 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%02d.py", i)), []byte("from huggingface_hub import login\nlogin('"+live+"')\n"), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "old.py"), []byte("TOKEN = '"+dead+"'\n"), 0o644)
	env := []string{"HF_ENDPOINT=" + srv.URL}

	// One token of each other kind the Hub may answer for, each in a file.
	states := map[string]string{
		"revoked": `"status":"invalid","reason":"revoked-by-org"`, "limited": `"status":"live","owner":"bob"`,
		"broken": `"status":"unknown","reason":"server-error"`, "moved": `"status":"unknown","reason":"redirect"`,
		"slow": `"status":"unknown","reason":"timeout"`,
	}
	odd := t.TempDir()
	for seed := range states {
		os.WriteFile(filepath.Join(odd, seed+".py"), []byte("TOKEN = '"+tok(seed)+"'\n"), 0o644)
	}
	oddRes := hfscanEnv(t, odd, "", env, "--verify", "--verify-timeout", "500ms", "-f", "json", ".")
	var oddRep struct {
		Findings []struct {
			Path         string          `json:"path"`
			Verification json.RawMessage `json:"verification"`
		} `json:"findings"`
	}
	json.Unmarshal([]byte(oddRes.stdout), &oddRep)
	for _, f := range oddRep.Findings {
		var compact bytes.Buffer
		json.Compact(&compact, f.Verification)
		if want := states[strings.TrimSuffix(f.Path, ".py")]; !strings.Contains(compact.String(), want) {
			t.Errorf("%s: %s, want %s", f.Path, compact.String(), want)
		}
	}
	if len(oddRep.Findings) != len(states) {
		t.Errorf("%d findings for %d tokens\n%s", len(oddRep.Findings), len(states), oddRes.stderr)
	}
	validateSARIF(t, hfscanEnv(t, odd, "", env, "--verify", "--verify-timeout", "500ms", "-f", "sarif", ".").stdout)

	res := hfscanEnv(t, dir, "", env, "--verify", "-f", "json", ".")
	if res.code != 1 {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	var rep struct {
		Findings []struct {
			RuleID       string          `json:"rule_id"`
			Path         string          `json:"path"`
			Verification json.RawMessage `json:"verification"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range rep.Findings {
		var compact bytes.Buffer
		if err := json.Compact(&compact, f.Verification); err != nil {
			t.Fatal(err)
		}
		v := compact.String()
		switch {
		case f.RuleID != "hf-token":
			if v != "null" {
				t.Errorf("%s %s: a practice finding was verified: %s", f.Path, f.RuleID, v)
			}
		case f.Path == "old.py":
			if !strings.Contains(v, `"status":"invalid"`) || !strings.Contains(v, `"reason":"unauthorized"`) {
				t.Errorf("dead token: %s", v)
			}
		default:
			seen++
			if !strings.Contains(v, `"status":"live"`) || !strings.Contains(v, `"owner":"alice"`) || !strings.Contains(v, `"can_write":true`) ||
				!strings.Contains(v, `"role":"write"`) || !strings.Contains(v, `{"name":"acme","role":"admin"}`) {
				t.Errorf("%s: %s", f.Path, v)
			}
		}
		if strings.Contains(v, "@") {
			t.Errorf("an e-mail address is in the report: %s", v)
		}
	}
	// A handler of an earlier run may still be answering: read under the lock.
	count := func(tok string) int {
		mu.Lock()
		defer mu.Unlock()
		return asked[tok]
	}
	if seen != 50 || count(live) != 1 || count(dead) != 1 {
		t.Errorf("%d live findings, the live token asked about %d times, the dead one %d", seen, count(live), count(dead))
	}

	// A saved report converts with its verifications, asking nobody again.
	before := count(live)
	saved := filepath.Join(t.TempDir(), "report.json")
	os.WriteFile(saved, []byte(res.stdout), 0o644)
	if again := hfscanEnv(t, dir, "", env, "--from-json", saved, "-f", "json"); again.stdout != res.stdout || count(live) != before {
		t.Errorf("--from-json of a verified report differs or asked again:\n%s", again.stdout)
	}

	// --results live: the dead token's finding goes, the live ones and
	// the practice findings stay; the gate still fails on them.
	liveOnly := hfscanEnv(t, dir, "", env, "--verify", "--results", "live", "-f", "json", ".")
	if liveOnly.code != 1 || strings.Contains(liveOnly.stdout, `"path": "old.py"`) || strings.Count(liveOnly.stdout, `"status": "live"`) != 51 { // 50 findings, 1 distinct secret
		t.Errorf("--results live: exit %d\n%s", liveOnly.code, liveOnly.stdout)
	}
	if r := hfscanEnv(t, dir, "", env, "--verify", "--results", "live", "old.py"); r.code != 0 {
		t.Errorf("--results live on a dead token: exit %d, want 0\n%s", r.code, r.stdout)
	}
	if r := hfscanEnv(t, dir, "", env, "--results", "live", "old.py"); r.code != 2 || !strings.Contains(r.stderr, "--results needs --verify") {
		t.Errorf("--results without --verify: exit %d\n%s", r.code, r.stderr)
	}
	if r := hfscanEnv(t, dir, "", env, "--verify", "--results", "alive", "old.py"); r.code != 2 {
		t.Errorf("--results alive: exit %d", r.code)
	}

	text := hfscanEnv(t, dir, "", env, "--verify", "f00.py").stdout
	if want := "verified: live write token 'train' of user alice, member of acme (admin); it can write: revoke it first"; !strings.Contains(text, want) {
		t.Errorf("text report lacks %q:\n%s", want, text)
	}
	if strings.Contains(text, live) {
		t.Error("the text report shows the token")
	}
}

// Without --verify nothing is sent, whatever HF_ENDPOINT says.
func TestNoVerifyNoConnection(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("hfscan connected without --verify: %s %s", r.Method, r.URL)
	}))
	defer srv.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.py"), []byte("login('"+rules.Fake("hf_", 34, "cli no verify")+"')\n"), 0o644)
	res := hfscanEnv(t, dir, "", []string{"HF_ENDPOINT=" + srv.URL}, "-f", "json", "--hf-endpoint", srv.URL, ".")
	if res.code != 1 || !strings.Contains(res.stdout, `"verification": null`) {
		t.Errorf("exit %d, want findings with a null verification:\n%s", res.code, res.stdout)
	}
	// A secret goes over HTTPS only, or to a loopback address.
	// (An RFC 5737 documentation address: refused before any connection.)
	notLoopback := "http://" + net.IPv4(192, 0, 2, 1).String() + ":9"
	if r := hfscan(t, dir, "", "--verify", "--hf-endpoint", notLoopback, "."); r.code != 2 || !strings.Contains(r.stderr, "HTTPS") {
		t.Errorf("plain HTTP to a remote host: exit %d\n%s", r.code, r.stderr)
	}
}
