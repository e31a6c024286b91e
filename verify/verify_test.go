package verify

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// hub is a local stand-in for the Hub's whoami-v2: each token gets the
// answer the real Hub gives for its kind.
type hub struct {
	mu       sync.Mutex
	requests map[string]int // by token
	answers  map[string]func(w http.ResponseWriter, attempt int)
}

func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/api/whoami-v2" || r.Method != http.MethodGet || !strings.HasPrefix(r.UserAgent(), "hfscan/") {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	h.mu.Lock()
	h.requests[tok]++
	attempt := h.requests[tok]
	answer := h.answers[tok]
	h.mu.Unlock()
	if answer == nil {
		http.Error(w, `{"error":"Invalid credentials in Authorization header"}`, http.StatusUnauthorized)
		return
	}
	answer(w, attempt)
}

func jsonAnswer(body string) func(http.ResponseWriter, int) {
	return func(w http.ResponseWriter, _ int) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}
}

const user = `"type":"user","name":"alice","fullname":"Alice","email":"alice@example.com","orgs":[{"name":"acme","roleInOrg":"admin","email":"x@acme.example"}]`

func secretFinding(rule, secret string) findings.Finding {
	for _, r := range rules.Default() {
		if r.ID == rule {
			return findings.Finding{Rule: r, Secret: secret}
		}
	}
	panic("no rule " + rule)
}

func TestHuggingFaceStates(t *testing.T) {
	tok := func(seed string) string { return rules.Fake("hf_", 34, "verify "+seed) }
	redirectTarget := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the redirect target received an Authorization header")
		}
		jsonAnswer(`{`+user+`}`)(w, 1)
	}))
	defer redirectTarget.Close()
	h := &hub{requests: map[string]int{}, answers: map[string]func(http.ResponseWriter, int){
		tok("read"):  jsonAnswer(`{` + user + `,"auth":{"type":"access_token","accessToken":{"displayName":"colab-demo","role":"read"}}}`),
		tok("write"): jsonAnswer(`{` + user + `,"auth":{"type":"access_token","accessToken":{"displayName":"train","role":"write"}}}`),
		tok("fine"): jsonAnswer(`{` + user + `,"auth":{"type":"access_token","accessToken":{"displayName":"ci","role":"fineGrained","fineGrained":{"global":["discussion.write"],` +
			`"scoped":[{"entity":{"_id":"1","type":"org","name":"acme"},"permissions":["repo.content.read","repo.write"]}]}}}}`),
		tok("revoked"): func(w http.ResponseWriter, _ int) {
			http.Error(w, `{"error":"This token has been revoked by the organization acme"}`, http.StatusForbidden)
		},
		tok("limited"): func(w http.ResponseWriter, attempt int) {
			if attempt == 1 {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			jsonAnswer(`{`+user+`,"auth":{"type":"access_token","accessToken":{"displayName":"late","role":"read"}}}`)(w, attempt)
		},
		tok("error"): func(w http.ResponseWriter, _ int) { w.WriteHeader(http.StatusInternalServerError) },
		tok("slow"):  func(w http.ResponseWriter, _ int) { time.Sleep(1500 * time.Millisecond) },
		tok("moved"): func(w http.ResponseWriter, _ int) {
			w.Header().Set("Location", redirectTarget.URL+"/api/whoami-v2")
			w.WriteHeader(http.StatusFound)
		},
		tok("garbled"): jsonAnswer(`<html>maintenance</html>`),
	}}
	org := rules.Fake("api_org_", 34, "verify org")
	h.answers[org] = jsonAnswer(`{"type":"org","name":"acme","auth":{"type":"access_token","accessToken":{"displayName":"org-token","role":"write"}}}`)
	srv := httptest.NewServer(h)
	defer srv.Close()

	vs, err := Verifiers(Endpoints{HuggingFace: srv.URL, GitHub: srv.URL, OpenAI: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	client := NewClient("test", time.Second)
	var fs []findings.Finding
	for _, seed := range []string{"read", "write", "fine", "revoked", "limited", "error", "slow", "moved", "garbled", "dead"} {
		fs = append(fs, secretFinding("hf-token", tok(seed)))
	}
	fs = append(fs, secretFinding("hf-org-token", org))
	for range 50 { // the same token in 50 places: one request
		fs = append(fs, secretFinding("hf-token", tok("read")))
	}
	fs = append(fs, secretFinding("anthropic-api-key", "sk-ant-api03-"+rules.Fake("", 93, "verify anthropic")+"AA"))
	Run(context.Background(), fs, Options{Client: client, Verifiers: vs, Concurrency: 4})

	want := []string{
		"live alice read colab-demo write=false orgs=[acme:admin] scopes=[]",
		"live alice write train write=true orgs=[acme:admin] scopes=[]",
		"live alice fineGrained ci write=true orgs=[acme:admin] scopes=[global:[discussion.write] org:acme:[repo.content.read repo.write]]",
		"invalid revoked-by-org HTTP 403",
		"live alice read late write=false orgs=[acme:admin] scopes=[]",
		"unknown server-error HTTP 500",
		"unknown timeout no answer in time",
		"unknown redirect HTTP 302 (not followed)",
		"unknown bad-response whoami-v2 answer without an owner",
		"invalid unauthorized HTTP 401",
		"live acme write org-token write=true orgs=[] scopes=[]",
	}
	show := func(v *findings.Verification) string {
		if v.Status != findings.Live {
			return fmt.Sprintf("%s %s %s", v.Status, v.Reason, v.Detail)
		}
		var orgs, scopes []string
		for _, o := range v.Orgs {
			orgs = append(orgs, o.Name+":"+o.Role)
		}
		for _, s := range v.Scopes {
			scopes = append(scopes, fmt.Sprintf("%s:%v", s.Entity, s.Permissions))
		}
		return fmt.Sprintf("live %s %s %s write=%v orgs=%v scopes=%v", v.Owner, v.Role, v.TokenName, v.CanWrite, orgs, scopes)
	}
	for i, w := range want {
		if got := show(fs[i].Verification); got != w {
			t.Errorf("finding %d: got %q\n want %q", i, got, w)
		}
	}
	for _, f := range fs[len(want) : len(want)+50] {
		if f.Verification != fs[0].Verification {
			t.Fatal("a repeated token got a verification of its own")
		}
	}
	if h.requests[tok("read")] != 1 {
		t.Errorf("the token found 51 times was sent %d times", h.requests[tok("read")])
	}
	if h.requests[tok("limited")] != 2 {
		t.Errorf("429 then 200: %d requests", h.requests[tok("limited")])
	}
	if v := fs[len(fs)-1].Verification; v.Status != findings.Unchecked || v.Reason != findings.ReasonNoVerifier {
		t.Errorf("a rule without a verifier: %+v", v)
	}
	for _, f := range fs {
		if strings.Contains(fmt.Sprintf("%+v", *f.Verification), "@") {
			t.Errorf("an e-mail address or more is kept: %+v", *f.Verification)
		}
		if strings.Contains(fmt.Sprintf("%+v", *f.Verification), f.Secret) {
			t.Errorf("the verification holds the secret")
		}
	}
}

func TestRateLimitBeyondTheCap(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	vs, _ := Verifiers(Endpoints{HuggingFace: srv.URL, GitHub: srv.URL, OpenAI: srv.URL})
	fs := []findings.Finding{secretFinding("hf-token", rules.Fake("hf_", 34, "verify cap"))}
	Run(context.Background(), fs, Options{Client: NewClient("test", time.Second), Verifiers: vs, Concurrency: 1})
	if v := fs[0].Verification; v.Status != findings.Unknown || v.Reason != findings.ReasonRateLimited || calls.Load() != 1 {
		t.Errorf("an hour's Retry-After: %+v after %d calls", v, calls.Load())
	}
}

func TestGitHubAndOpenAI(t *testing.T) {
	gh := rules.FakeFrom("ghp_", rules.Alnum, 36, "verify github")
	oa := "sk-proj-" + rules.FakeFrom("", rules.Alnum, 74, "verify openai a") + "T3BlbkFJ" + rules.FakeFrom("", rules.Alnum, 74, "verify openai b")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		switch {
		case r.URL.Path == "/user" && auth == "Bearer "+gh:
			w.Header().Set("X-OAuth-Scopes", "repo, read:org")
			fmt.Fprint(w, `{"login":"octo","type":"User","email":"octo@example.com"}`)
		case r.URL.Path == "/v1/models" && auth == "Bearer "+oa:
			fmt.Fprint(w, `{"object":"list","data":[]}`)
		default:
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	vs, _ := Verifiers(Endpoints{HuggingFace: srv.URL, GitHub: srv.URL, OpenAI: srv.URL})
	fs := []findings.Finding{
		secretFinding("github-token", gh), secretFinding("openai-api-key", oa),
		secretFinding("github-token", rules.FakeFrom("ghp_", rules.Alnum, 36, "verify github dead")),
	}
	Run(context.Background(), fs, Options{Client: NewClient("test", time.Second), Verifiers: vs, Concurrency: 2})
	if v := fs[0].Verification; v.Status != findings.Live || v.Owner != "octo" || !v.CanWrite || v.OwnerType != "user" {
		t.Errorf("github: %+v", v)
	}
	if v := fs[1].Verification; v.Status != findings.Live {
		t.Errorf("openai: %+v", v)
	}
	if v := fs[2].Verification; v.Status != findings.Invalid {
		t.Errorf("dead github token: %+v", v)
	}
}

// notLoopback is plain HTTP to an address that is not loopback — one of
// RFC 5737's, kept for documentation and routed nowhere — for the checks
// that refuse it before any connection is made.
var notLoopback = "http://" + net.IPv4(192, 0, 2, 1).String() + ":9"

func TestCheckEndpoint(t *testing.T) {
	// Nothing here is ever dialled: CheckEndpoint only reads the URL.
	withPassword := (&url.URL{Scheme: "https", User: url.UserPassword("user", "pw"), Host: "127.0.0.1"}).String()
	for raw, ok := range map[string]bool{
		"https://127.0.0.1:8443": true, "https://127.0.0.1:8443/mirror/": true, "http://127.0.0.1:8080": true,
		"http://localhost:9": true, "http://[::1]:9": true, notLoopback: false, "ftp://127.0.0.1": false,
		withPassword: false, "127.0.0.1": false, "https://127.0.0.1/?q=1": false,
	} {
		if _, err := CheckEndpoint(raw); (err == nil) != ok {
			t.Errorf("%s: err %v, want ok=%v", raw, err, ok)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{"1": time.Second, "0": 0, "Tue, 01 Dec 2026 12:00:05 GMT": 5 * time.Second} {
		if got, ok := retryAfter(v, now); !ok || got != want {
			t.Errorf("%q: %v %v", v, got, ok)
		}
	}
	if _, ok := retryAfter("soon", now); ok {
		t.Error("a word read as a delay")
	}
}
