// Package verify asks a secret's provider whether the secret is live and
// what it can do (--verify). It is opt-in: nothing here runs, and no
// connection is made, unless the user asks. A secret is sent only to its
// own provider's endpoint, once however many times it was found.
package verify

import (
	"context"
	"sync"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// A Verifier asks one provider about one secret. It reports live,
// invalid or unknown (with the reason); it never returns an error and
// never puts the secret in what it returns.
type Verifier interface {
	Verify(ctx context.Context, c *Client, secret string) findings.Verification
}

// Endpoints are where each provider is asked: its public API, or another
// address (a test server, Hugging Face's HF_ENDPOINT, GitHub Enterprise).
type Endpoints struct {
	HuggingFace, GitHub, OpenAI string
}

// DefaultEndpoints are the providers' public APIs.
var DefaultEndpoints = Endpoints{
	HuggingFace: "https://huggingface.co",
	GitHub:      "https://api.github.com",
	OpenAI:      "https://api.openai.com",
}

// Verifiers returns the verifier of each rule that has one, by rule ID.
// Each endpoint is checked first (HTTPS, or HTTP to a loopback address).
func Verifiers(e Endpoints) (map[string]Verifier, error) {
	hf, err := CheckEndpoint(e.HuggingFace)
	if err != nil {
		return nil, err
	}
	gh, err := CheckEndpoint(e.GitHub)
	if err != nil {
		return nil, err
	}
	oa, err := CheckEndpoint(e.OpenAI)
	if err != nil {
		return nil, err
	}
	hub := huggingFace{whoami: hf.String() + "/api/whoami-v2"}
	return map[string]Verifier{
		"hf-token":       hub,
		"hf-org-token":   hub,
		"hf-oauth-token": hub,
		"github-token":   gitHub{user: gh.String() + "/user"},
		"openai-api-key": openAI{models: oa.String() + "/v1/models"},
	}, nil
}

// Options say how Run verifies.
type Options struct {
	Client    *Client
	Verifiers map[string]Verifier
	// Concurrency bounds the requests in flight (at least 1).
	Concurrency int
}

// Run sets the Verification of every secret finding: each distinct
// secret is asked about once, by its rule's verifier, at most
// o.Concurrency at a time; a secret whose rule has no verifier is
// unchecked. Practice findings are left alone.
func Run(ctx context.Context, fs []findings.Finding, o Options) {
	type key struct{ rule, secret string }
	results := map[key]*findings.Verification{}
	var order []key
	for i := range fs {
		f := &fs[i]
		if f.Rule == nil || f.Rule.Kind != rules.Secret || f.Secret == "" {
			continue
		}
		k := key{f.Rule.ID, f.Secret}
		v, seen := results[k]
		if !seen {
			v = &findings.Verification{}
			results[k] = v
			order = append(order, k)
		}
		f.Verification = v
	}
	sem := make(chan struct{}, max(1, o.Concurrency))
	var wg sync.WaitGroup
	for _, k := range order {
		verifier, ok := o.Verifiers[k.rule]
		if !ok {
			*results[k] = findings.Verification{Status: findings.Unchecked, Reason: findings.ReasonNoVerifier}
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(k key, out *findings.Verification) {
			defer func() { <-sem; wg.Done() }()
			*out = verifier.Verify(ctx, o.Client, k.secret)
		}(k, results[k])
	}
	wg.Wait()
}
