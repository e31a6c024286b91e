package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// countingHub answers every whoami-v2 as a live read token after delay,
// counting the requests.
func countingHub(delay time.Duration, calls *atomic.Int64) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		time.Sleep(delay)
		fmt.Fprint(w, `{"type":"user","name":"alice","auth":{"type":"access_token","accessToken":{"displayName":"t","role":"read"}}}`)
	}))
}

func tokenFindings(distinct, copies int) []findings.Finding {
	var fs []findings.Finding
	for i := range distinct {
		f := secretFinding("hf-token", rules.Fake("hf_", 34, fmt.Sprintf("verify bench %d", i)))
		for range copies {
			fs = append(fs, f)
		}
	}
	return fs
}

// 10,000 findings of 10 tokens make 10 requests.
func TestManyFindingsFewRequests(t *testing.T) {
	var calls atomic.Int64
	srv := countingHub(0, &calls)
	defer srv.Close()
	vs, _ := Verifiers(Endpoints{HuggingFace: srv.URL, GitHub: srv.URL, OpenAI: srv.URL})
	fs := tokenFindings(10, 1000)
	Run(context.Background(), fs, Options{Client: NewClient("test", time.Second), Verifiers: vs, Concurrency: 8})
	if calls.Load() != 10 {
		t.Errorf("%d requests for 10 distinct tokens", calls.Load())
	}
	for _, f := range fs {
		if f.Verification.Status != findings.Live {
			t.Fatalf("%+v", f.Verification)
		}
	}
}

// BenchmarkVerifyThousand verifies 1,000 distinct tokens against a local
// Hub that answers in 50 ms, at the default concurrency (8): the README's
// figure (go test ./verify -run XXX -bench VerifyThousand -benchtime 1x).
func BenchmarkVerifyThousand(b *testing.B) {
	var calls atomic.Int64
	srv := countingHub(50*time.Millisecond, &calls)
	defer srv.Close()
	vs, _ := Verifiers(Endpoints{HuggingFace: srv.URL, GitHub: srv.URL, OpenAI: srv.URL})
	base := tokenFindings(1000, 1)
	for b.Loop() {
		fs := append([]findings.Finding(nil), base...)
		Run(context.Background(), fs, Options{Client: NewClient("bench", 10*time.Second), Verifiers: vs, Concurrency: 8})
	}
}
