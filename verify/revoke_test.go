package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hfscan/hfscan/rules"
)

// Revoke sends every token once, in batches, and stops at a refusal.
func TestRevokeBatches(t *testing.T) {
	var batches []int
	seen := map[string]bool{}
	refuse := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Credentials []string }
		json.NewDecoder(r.Body).Decode(&body)
		if refuse {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		batches = append(batches, len(body.Credentials))
		for _, c := range body.Credentials {
			if seen[c] {
				t.Errorf("token sent twice")
			}
			seen[c] = true
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	var toks []string
	for i := range 250 {
		toks = append(toks, rules.Fake("hf_", 34, fmt.Sprint("revoke batch ", i)))
	}
	c := NewClient("test", time.Second)
	if n, err := Revoke(context.Background(), c, srv.URL, toks); err != nil || n != 250 || fmt.Sprint(batches) != "[100 100 50]" {
		t.Errorf("revoked %d (%v) in batches %v", n, err, batches)
	}
	refuse = true
	if n, err := Revoke(context.Background(), c, srv.URL, toks[:3]); err == nil || n != 0 {
		t.Errorf("a refused revocation: %d, %v", n, err)
	}
	if _, err := Revoke(context.Background(), c, notLoopback, toks[:1]); err == nil {
		t.Error("tokens sent over plain HTTP to a remote host")
	}
}
