package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/verify"
)

// verifyConfig holds the --verify flags.
type verifyConfig struct {
	on          bool
	endpoints   verify.Endpoints
	concurrency int
	timeout     time.Duration
	results     []string
}

func (v *verifyConfig) flags(fs *pflag.FlagSet) {
	fs.BoolVar(&v.on, "verify", false, "ask each secret's provider whether it is live and what it can do (sends the secret to its provider only; off by default)")
	hf := verify.DefaultEndpoints.HuggingFace
	if env := os.Getenv("HF_ENDPOINT"); env != "" {
		hf = env // as huggingface_hub reads it
	}
	fs.StringVar(&v.endpoints.HuggingFace, "hf-endpoint", hf, "the Hugging Face Hub `URL` that --verify asks and hf:// PATHs and --hub-org read ($HF_ENDPOINT when set)")
	fs.StringVar(&v.endpoints.GitHub, "github-endpoint", verify.DefaultEndpoints.GitHub, "with --verify: the GitHub API `URL` (GitHub Enterprise: https://HOST/api/v3)")
	fs.StringVar(&v.endpoints.OpenAI, "openai-endpoint", verify.DefaultEndpoints.OpenAI, "with --verify: the OpenAI API `URL`")
	fs.IntVar(&v.concurrency, "verify-concurrency", 8, "with --verify: requests in flight at most")
	fs.DurationVar(&v.timeout, "verify-timeout", 10*time.Second, "with --verify: how long one request may take")
	fs.StringSliceVar(&v.results, "results", nil, "with --verify: report only secrets in these `STATE`s: live, invalid, unknown, unchecked (e.g. live,unknown); practice findings stay")
}

// keep is the set of states --results keeps, nil for all. It needs
// verifications: --verify, or a saved report that holds them.
func (v *verifyConfig) keep(fromReport bool) (map[findings.VerifyStatus]bool, error) {
	if len(v.results) == 0 {
		return nil, nil
	}
	if !v.on && !fromReport {
		return nil, errors.New("--results needs --verify (or --from-json of a verified report)")
	}
	keep := map[findings.VerifyStatus]bool{}
	for _, s := range v.results {
		switch st := findings.VerifyStatus(strings.TrimSpace(s)); st {
		case findings.Live, findings.Invalid, findings.Unknown, findings.Unchecked:
			keep[st] = true
		default:
			return nil, fmt.Errorf("--results: unknown state %q (want live, invalid, unknown or unchecked)", s)
		}
	}
	return keep, nil
}

// verifier returns what --verify runs, its endpoints checked, or nil when
// --verify is off: then no client exists and no connection can be made.
func (v *verifyConfig) verifier() (func(context.Context, []findings.Finding), error) {
	if !v.on {
		return nil, nil
	}
	vs, err := verify.Verifiers(v.endpoints)
	if err != nil {
		return nil, err
	}
	opts := verify.Options{Client: v.client(), Verifiers: vs, Concurrency: v.concurrency}
	return func(ctx context.Context, fs []findings.Finding) { verify.Run(ctx, fs, opts) }, nil
}

// client is the HTTP client of --verify and of revoke.
func (v *verifyConfig) client() *verify.Client {
	return verify.NewClient(versionString(), v.timeout)
}
