package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/reporters"
	"github.com/hfscan/hfscan/verify"
)

// revokeConfig holds the flags of "hfscan revoke".
type revokeConfig struct {
	yes, dryRun bool
}

func (r *revokeConfig) flags(fs *pflag.FlagSet) {
	fs.BoolVar(&r.yes, "yes", false, "revoke without asking (needed when standard input is not a terminal)")
	fs.BoolVar(&r.dryRun, "dry-run", false, "list what would be revoked and send nothing")
}

// revocable is one distinct Hugging Face user token and where it was found.
type revocable struct {
	token, shown string // shown: redacted as every report shows it
	places       []string
	state        string // with --verify: what the Hub said, in words
	send         bool   // not verified, or verified live
}

// run lists the distinct Hugging Face user tokens of a scan, with their
// state when they were verified, and, with consent, revokes them — only
// the live ones when they were verified. Organization tokens are listed
// with where to delete them by hand.
func (r *revokeConfig) run(ctx context.Context, res *findings.Result, endpoint string, verified bool, client *verify.Client,
	stdin io.Reader, stdout, stderr io.Writer) int {
	var toks []*revocable
	byToken := map[string]*revocable{}
	var orgs []string
	for i := range res.Findings {
		f := &res.Findings[i]
		place := fmt.Sprintf("%s:%d:%d", reporters.TermPath(f.Path), f.Line, f.Column)
		switch {
		case f.Secret == "":
		case f.Rule.ID == "hf-org-token":
			orgs = append(orgs, f.Rule.Redact(f.Secret)+"  "+place)
		case f.Rule.ID == "hf-token":
			t := byToken[f.Secret]
			if t == nil {
				t = &revocable{token: f.Secret, shown: f.Rule.Redact(f.Secret), send: !verified}
				if v := f.Verification; verified && v != nil {
					t.state, t.send = " — "+string(v.Status), v.Status == findings.Live
				}
				byToken[f.Secret] = t
				toks = append(toks, t)
			}
			t.places = append(t.places, place)
		}
	}
	if len(orgs) > 0 {
		fmt.Fprintf(stdout, "Organization tokens cannot be revoked this way; delete them in the organization's settings (https://huggingface.co/organizations/NAME/settings/tokens):\n  %s\n",
			strings.Join(orgs, "\n  "))
	}
	var list []string
	if len(toks) > 0 {
		fmt.Fprintf(stdout, "%s found:\n", reporters.Plural(len(toks), "Hugging Face user token"))
	}
	for _, t := range toks {
		more := ""
		if len(t.places) > 1 {
			more = " (and " + reporters.Plural(len(t.places)-1, "more place") + ")"
		}
		fmt.Fprintf(stdout, "  %s  %s%s%s\n", t.shown, t.places[0], more, t.state)
		if t.send {
			list = append(list, t.token)
		}
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, "Nothing to revoke.")
		return exitClean
	}
	if verified {
		fmt.Fprintf(stdout, "Only the live ones are revoked: %s.\n", reporters.Plural(len(list), "token"))
	}
	if r.dryRun {
		fmt.Fprintf(stdout, "Dry run: nothing sent. Without --dry-run they would be sent to %s/api/credentials/revoke.\n", strings.TrimRight(endpoint, "/"))
		return exitClean
	}
	if !r.yes {
		f, ok := stdin.(*os.File)
		if !ok || !isatty.IsTerminal(f.Fd()) {
			fmt.Fprintln(stderr, "hfscan revoke: standard input is not a terminal; pass --yes to revoke, or --dry-run to see what would be sent")
			return exitTrouble
		}
		fmt.Fprintf(stderr, "Revoke %s? This cannot be undone; Hugging Face e-mails each owner. [y/N] ", reporters.Plural(len(list), "token"))
		answer, _ := bufio.NewReader(stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			fmt.Fprintln(stdout, "Nothing revoked.")
			return exitClean
		}
	}
	done, err := verify.Revoke(ctx, client, endpoint, list)
	if done > 0 {
		fmt.Fprintf(stdout, "Revoked %s: Hugging Face e-mails each owner. Create new tokens at https://huggingface.co/settings/tokens and keep them out of files.\n", reporters.Plural(done, "token"))
	}
	if err != nil {
		fmt.Fprintf(stderr, "hfscan revoke: %v; %d not revoked\n", err, len(list)-done)
		return exitTrouble
	}
	return exitClean
}
