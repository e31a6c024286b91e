package remote

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hubEndpoint is a Hub endpoint for tests that only parse and never dial.
const hubEndpoint = "http://127.0.0.1:9"

func TestParse(t *testing.T) {
	const hub = hubEndpoint
	for arg, want := range map[string]Repo{
		"hf://spaces/alice/demo":        {Kind: Space, ID: "alice/demo", URL: hub + "/spaces/alice/demo"},
		"hf://datasets/acme/data@v1.0":  {Kind: Dataset, ID: "acme/data", Rev: "v1.0", URL: hub + "/datasets/acme/data"},
		"hf://alice/model":              {Kind: Model, ID: "alice/model", URL: hub + "/alice/model"},
		"hf://models/alice/model@main":  {Kind: Model, ID: "alice/model", Rev: "main", URL: hub + "/alice/model"},
		"https://127.0.0.1/o/r.git":     {Kind: Git, ID: "https://127.0.0.1/o/r.git", URL: "https://127.0.0.1/o/r.git"},
		"git@127.0.0.1:o/r.git@dev":     {Kind: Git, ID: "git@127.0.0.1:o/r.git", Rev: "dev", URL: "git@127.0.0.1:o/r.git"},
		"ssh://git@127.0.0.1/o/r":       {Kind: Git, ID: "ssh://git@127.0.0.1/o/r", URL: "ssh://git@127.0.0.1/o/r"},
		"file:///srv/repos/r.git@a1b2c": {Kind: Git, ID: "file:///srv/repos/r.git", Rev: "a1b2c", URL: "file:///srv/repos/r.git"},
	} {
		got, err := Parse(arg, hub+"/")
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", arg, got, err, want)
		}
		if !IsRemote(arg) {
			t.Errorf("IsRemote(%q) = false", arg)
		}
	}
	// A URL with a password in it, built as one: only 127.0.0.1 is named.
	withPassword := (&url.URL{Scheme: "https", User: url.UserPassword("u", "pw"), Host: "127.0.0.1", Path: "/r.git"}).String()
	for _, bad := range []string{"hf://alice", "hf://spaces/alice/demo/x", "hf://al ice/x", "hf://a/b@-x", withPassword} {
		if _, err := Parse(bad, hub); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	for _, local := range []string{"notebooks", "./hf:x", "a@b", "C:/x"} {
		if IsRemote(local) {
			t.Errorf("IsRemote(%q) = true", local)
		}
	}
	if d := (Repo{Kind: Space, ID: "alice/demo"}).Display(); d != "hf://spaces/alice/demo" {
		t.Errorf("Display %q", d)
	}
}

// The N shards of a list take each repository exactly once.
func TestShards(t *testing.T) {
	var repos []Repo
	for i := range 200 {
		repos = append(repos, HubRepo(Space, fmt.Sprintf("acme/r%d", i), "", hubEndpoint))
	}
	for _, n := range []int{1, 2, 3, 7} {
		count := map[string]int{}
		for k := 1; k <= n; k++ {
			sh, err := ParseShard(fmt.Sprintf("%d/%d", k, n))
			if err != nil {
				t.Fatal(err)
			}
			taken := 0
			for _, r := range repos {
				if sh.Holds(r) {
					count[r.ID]++
					taken++
				}
			}
			if n > 1 && (taken == 0 || taken == len(repos)) {
				t.Errorf("shard %d/%d takes %d of %d", k, n, taken, len(repos))
			}
		}
		for _, r := range repos {
			if count[r.ID] != 1 {
				t.Errorf("%d shards: %s taken %d times", n, r.ID, count[r.ID])
			}
		}
	}
	for _, bad := range []string{"0/3", "4/3", "1/0", "a/b", "1/3x", ""} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}

// The listing follows Link pagination on the endpoint, sends the token
// there, and refuses a next page elsewhere (the token would follow).
func TestListerPagination(t *testing.T) {
	var auths []string
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		switch r.URL.Query().Get("p") {
		case "":
			w.Header().Set("Link", `<`+srv.URL+r.URL.Path+`?author=acme&p=2>; rel="next"`)
			fmt.Fprint(w, `[{"id": "acme/a"}]`)
		case "2":
			w.Header().Add("Link", `<`+srv.URL+`/x>; rel="prev"`)
			w.Header().Add("Link", `<http://127.0.0.1:1/steal?p=3>; rel="next"`) // another port: another origin
			fmt.Fprint(w, `[{"id": "acme/b"}, {"id": "not-a-repo"}]`)
		}
	}))
	defer srv.Close()
	l := &Lister{Endpoint: srv.URL, Token: "tok"}
	repos, err := l.List(context.Background(), "acme", []Kind{Space})
	if err == nil || !strings.Contains(err.Error(), "not on the Hub endpoint") || len(repos) != 2 {
		t.Fatalf("List: %v, %v", repos, err)
	}
	if repos[1].Display() != "hf://spaces/acme/b" || repos[1].URL != srv.URL+"/spaces/acme/b" {
		t.Errorf("repo %+v", repos[1])
	}
	for _, a := range auths {
		if a != "Bearer tok" {
			t.Errorf("Authorization %q", a)
		}
	}
}

func TestHubToken(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HF_TOKEN", "")
	t.Setenv("HF_TOKEN_PATH", "")
	t.Setenv("HF_HOME", dir)
	if got := HubToken(); got != "" {
		t.Errorf("no token: %q", got)
	}
	os.WriteFile(filepath.Join(dir, "token"), []byte("from-file\n"), 0o600)
	if got := HubToken(); got != "from-file" {
		t.Errorf("token file: %q", got)
	}
	t.Setenv("HF_TOKEN", "from-env")
	if got := HubToken(); got != "from-env" {
		t.Errorf("HF_TOKEN: %q", got)
	}
}
