package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spf13/pflag"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/fix"
	"github.com/hfscan/hfscan/reporters"
	"github.com/hfscan/hfscan/scanner"
)

// fixConfig holds the flags of "hfscan fix".
type fixConfig struct {
	diff, check, backup bool
}

func (x *fixConfig) flags(fs *pflag.FlagSet) {
	fs.BoolVar(&x.diff, "diff", false, "print what fix would change as a unified diff (secrets redacted) and write nothing")
	fs.BoolVar(&x.check, "check", false, "write nothing; exit 1 if fix would change a file or a secret needs a person (for hooks)")
	fs.BoolVar(&x.backup, "backup", false, "keep a copy of each file as PATH.hfscan-backup before replacing it")
}

// usable rejects what fix cannot honour: it edits the work tree, so no
// report, no git history or index, no saved report, no baseline.
func (x *fixConfig) usable(c *config) error {
	if c.output != "" || c.format != "text" || c.listRules || c.staged || c.history || c.fromJSON != "" || c.baseline != "" || c.verify.on {
		return errors.New("hfscan fix edits files in the work tree: no -o, -f, --list-rules, --staged, --history, --from-json, --baseline or --verify")
	}
	return nil
}

// run fixes every file in which the scan found something: secrets outside
// code are replaced in place (see package fix), the rest is listed for a
// person. Exit 0 when nothing is left, 1 when something needs a person
// (or, with --check, when a file would change), 2 when a file could not be
// fixed.
func (x *fixConfig) run(ctx context.Context, res *findings.Result, opts scanner.Options, stdout, stderr io.Writer) int {
	// The scan of the PATHs only says which files to visit: each is scanned
	// again between two reads of it (fix.File), so the edits are made on
	// the very bytes that were scanned, whatever happened since.
	scanOne := func(path string) ([]findings.Finding, error) {
		one := scanner.Scan(ctx, &scanner.Paths{Paths: []string{path}}, opts)
		if len(one.Errors) > 0 {
			return nil, errors.New(one.Errors[0].Message)
		}
		return one.Findings, nil
	}
	write := !x.diff && !x.check
	status := exitClean
	var paths []string
	seen := map[string]bool{}
	var backups []string
	for _, f := range res.Findings {
		switch {
		case seen[f.Path]:
		case strings.HasSuffix(f.Path, fix.BackupSuffix):
			// A copy fix kept holds the secrets on purpose: never rewrite it.
			backups = append(backups, f.Path)
		default:
			paths = append(paths, f.Path)
		}
		seen[f.Path] = true
	}
	fixed := 0
	for _, path := range paths {
		out := fix.File(path, scanOne, write, x.backup)
		if out.Err != nil {
			fmt.Fprintf(stderr, "hfscan fix: %s: %v\n", reporters.TermPath(path), withoutPath(out.Err))
			status = exitTrouble
			continue
		}
		if x.diff {
			fmt.Fprint(stdout, out.Diff)
		}
		if n := len(out.Edits); n > 0 {
			verb := "would fix"
			if out.Written {
				verb, fixed = "fixed", fixed+n
			}
			backup := ""
			if out.Backup != "" {
				backup = " (copy kept: " + reporters.TermPath(out.Backup) + ")"
			}
			fmt.Fprintf(stdout, "%s: %s %s%s\n", reporters.TermPath(path), verb, reporters.Plural(n, "place"), backup)
			if x.check && status == exitClean {
				status = exitFindings
			}
		}
		for _, m := range out.Manual {
			f := m.Finding
			fmt.Fprintf(stdout, "%s:%d:%d: %s: left for you (%s)\n", reporters.TermPath(f.Path), f.Line, f.Column, f.Rule.ID, manualWhy(m.Reason))
			if status == exitClean {
				status = exitFindings
			}
		}
	}
	for _, b := range backups {
		fmt.Fprintf(stdout, "%s: a copy kept by --backup, with the secrets: delete it once the fix is checked\n", reporters.TermPath(b))
		if status == exitClean {
			status = exitFindings
		}
	}
	if fixed > 0 {
		fmt.Fprintln(stdout, "The secrets are still in git history and in every copy already shared or saved: revoke them (hfscan revoke for Hugging Face tokens) and create new ones.")
	}
	return status
}

// manualWhy says in words why a finding is left to a person.
func manualWhy(r fix.ManualReason) string {
	switch r {
	case fix.ManualCode:
		return "code: fix it by hand as the rule's help says; fix does not rewrite code yet"
	case fix.ManualEnvFile:
		return ".env files are where secrets belong: make sure this one is not committed or shared"
	case fix.ManualAttachment:
		return "inside a base64 attachment: remove the attachment"
	case fix.ManualHistory:
		return "in git history"
	}
	return string(r)
}

// withoutPath is an error without the path a *fs.PathError repeats: the
// caller prints the path, quoted for the terminal.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
