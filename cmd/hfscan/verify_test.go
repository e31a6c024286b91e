package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// TestVerifyCLI runs --verify against a local Hub: the same token in 50
// files is asked about once, each finding carries what the Hub said, and
// the text report says it in words.
func TestVerifyCLI(t *testing.T) {
	live, dead := rules.Fake("hf_", 34, "cli verify live"), rules.Fake("hf_", 34, "cli verify dead")
	var mu sync.Mutex
	asked := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		mu.Lock()
		asked[tok]++
		mu.Unlock()
		if r.URL.Path != "/api/whoami-v2" || tok != live {
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
	if seen != 50 || asked[live] != 1 || asked[dead] != 1 {
		t.Errorf("%d live findings, the live token asked about %d times, the dead one %d", seen, asked[live], asked[dead])
	}

	// A saved report converts with its verifications, asking nobody again.
	before := asked[live]
	saved := filepath.Join(t.TempDir(), "report.json")
	os.WriteFile(saved, []byte(res.stdout), 0o644)
	if again := hfscanEnv(t, dir, "", env, "--from-json", saved, "-f", "json"); again.stdout != res.stdout || asked[live] != before {
		t.Errorf("--from-json of a verified report differs or asked again:\n%s", again.stdout)
	}

	// --results live: the dead token's finding goes, the live ones and
	// the practice findings stay; the gate still fails on them.
	liveOnly := hfscanEnv(t, dir, "", env, "--verify", "--results", "live", "-f", "json", ".")
	if liveOnly.code != 1 || strings.Contains(liveOnly.stdout, `"path": "old.py"`) || strings.Count(liveOnly.stdout, `"status": "live"`) != 50 {
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
	if r := hfscan(t, dir, "", "--verify", "--hf-endpoint", "http://example.com", "."); r.code != 2 || !strings.Contains(r.stderr, "HTTPS") {
		t.Errorf("plain HTTP to a remote host: exit %d\n%s", r.code, r.stderr)
	}
}
