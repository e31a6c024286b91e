package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/fix"
	"github.com/hfscan/hfscan/reporters"
	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner"
)

// fixConfig holds the flags of "hfscan fix".
type fixConfig struct {
	diff, check, backup, clearOutputs bool
	// history: also list every distinct secret of the repository's git
	// history, with those fixed, in a replacements file for git
	// filter-repo (the main command's --history, taken over by fix).
	history bool
}

func (x *fixConfig) flags(fs *pflag.FlagSet) {
	fs.BoolVar(&x.diff, "diff", false, "print what fix would change as a unified diff (secrets redacted) and write nothing")
	fs.BoolVar(&x.check, "check", false, "write nothing; exit 1 if fix would change a file or a secret needs a person (for hooks)")
	fs.BoolVar(&x.backup, "backup", false, "keep a copy of each file as PATH.hfscan-backup before replacing it")
	fs.BoolVar(&x.clearOutputs, "clear-outputs", false, "remove a notebook output that holds a secret, instead of replacing the secret in it")
	if h := fs.Lookup("history"); h != nil { // --history means something else here: see usable
		h.Usage = "also write every distinct secret of the work tree and its git history to a replacements file (mode 0600) for git filter-repo --replace-text"
	}
}

// usable rejects what fix cannot honour: it edits the work tree, so no
// report, no git index, no saved report, no baseline. --history means the
// replacements file for the history (see fixConfig.history).
func (x *fixConfig) usable(c *config) error {
	if c.output != "" || c.format != "text" || c.listRules || c.staged || c.since != "" || c.revRange != "" || len(c.fromJSON) > 0 || c.baseline != "" || c.verify.on {
		return errors.New("hfscan fix edits files in the work tree: no -o, -f, --list-rules, --staged, --since, --range, --from-json, --baseline or --verify")
	}
	x.history, c.history = c.history, false
	return nil
}

// run fixes every file in which the scan found something (see package
// fix); the rest is listed for a person. Exit 0 when nothing is left, 1
// when something needs a person (or, with --check, when a file would
// change), 2 when a file could not be fixed.
func (x *fixConfig) run(ctx context.Context, res *findings.Result, opts scanner.Options, paths []string, stdout, stderr io.Writer) int {
	// The scan of the PATHs only says which files to visit: each is read
	// once and those very bytes are scanned, fixed, and scanned again
	// (fix.File); a file that changed since it was read is left alone.
	scanBytes := func(path string, data []byte) ([]findings.Finding, error) {
		one := scanner.Scan(ctx, &scanner.Contents{Path: path, Data: data}, opts)
		if len(one.Errors) > 0 {
			return nil, errors.New(one.Errors[0].Message)
		}
		return one.Findings, nil
	}
	write := !x.diff && !x.check
	status := exitClean
	raise := func(s int) { status = max(status, s) }
	var files, backups []string
	seen := map[string]bool{}
	for _, f := range res.Findings {
		switch {
		case seen[f.Path]:
		case strings.HasSuffix(f.Path, fix.BackupSuffix):
			// A copy fix kept holds the secrets on purpose: never rewrite it.
			backups = append(backups, f.Path)
		default:
			files = append(files, f.Path)
		}
		seen[f.Path] = true
	}
	// What the scan could not read cannot be fixed: say so, exit 2.
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "hfscan fix: %s: %s\n", reporters.TermPath(e.Path), e.Message)
		raise(exitTrouble)
	}
	secrets := newReplacements()
	fixed := 0
	for _, path := range files {
		out := fix.File(path, scanBytes, fix.Options{ClearOutputs: x.clearOutputs}, write, x.backup)
		if out.Err != nil {
			fmt.Fprintf(stderr, "hfscan fix: %s: %v\n", reporters.TermPath(path), withoutPath(out.Err))
			raise(exitTrouble)
			continue
		}
		if x.diff {
			fmt.Fprint(stdout, out.Diff)
		}
		for _, f := range out.Fixed {
			secrets.add(f)
		}
		if n := len(out.Fixed); n > 0 {
			verb := "would fix"
			if out.Written {
				verb, fixed = "fixed", fixed+n
			}
			backup := ""
			if out.Backup != "" {
				backup = " (copy kept: " + reporters.TermPath(out.Backup) + ")"
			}
			fmt.Fprintf(stdout, "%s: %s %s%s\n", reporters.TermPath(path), verb, reporters.Plural(n, "finding"), backup)
			if x.check {
				raise(exitFindings)
			}
		}
		for _, m := range out.Manual {
			f := m.Finding
			secrets.add(f)
			fmt.Fprintf(stdout, "%s:%d:%d: %s: left for you (%s)\n", reporters.TermPath(f.Path), f.Line, f.Column, f.Rule.ID, manualWhy(m.Reason))
			raise(exitFindings)
		}
	}
	for _, b := range backups {
		fmt.Fprintf(stdout, "%s: a copy kept by --backup, with the secrets: delete it once the fix is checked\n", reporters.TermPath(b))
		raise(exitFindings)
	}
	if x.history {
		repo := "."
		if len(paths) == 1 {
			if info, err := os.Stat(paths[0]); err == nil && info.IsDir() {
				repo = paths[0]
			} else {
				repo = filepath.Dir(paths[0])
			}
		}
		hist := scanner.Scan(ctx, &scanner.History{Repo: repo, Revs: []string{"--all"}}, opts)
		for _, e := range hist.Errors {
			fmt.Fprintf(stderr, "hfscan fix --history: %s: %s\n", reporters.TermPath(e.Path), e.Message)
			raise(exitTrouble)
		}
		for i := range hist.Findings {
			secrets.add(&hist.Findings[i])
		}
		if path, err := secrets.write(); err != nil {
			fmt.Fprintf(stderr, "hfscan fix --history: replacements file: %v\n", err)
			raise(exitTrouble)
		} else if path != "" {
			fmt.Fprintf(stdout, "%s written (mode 0600) with the %s of the work tree and its git history, for\n"+
				"  git filter-repo --replace-text %s\n"+
				"It holds the secrets in full: delete it once history is rewritten.\n",
				reporters.TermPath(path), reporters.Plural(secrets.len(), "distinct secret"), reporters.TermPath(path))
		}
	}
	if fixed > 0 {
		fmt.Fprintln(stdout, "The secrets are still in git history and in every copy already shared or saved: revoke them "+
			"(hfscan revoke for Hugging Face tokens) and create new ones; hfscan fix --history lists them for git filter-repo.")
	}
	return status
}

// replacements are the distinct secrets a fix met, for the --replace-text
// file of git filter-repo: a line "SECRET==>MARKER" each.
type replacements struct {
	seen  map[string]bool
	lines []string
}

func newReplacements() *replacements { return &replacements{seen: map[string]bool{}} }

func (r *replacements) len() int { return len(r.lines) }

// add keeps f's secret, when f is about a credential written in full.
func (r *replacements) add(f *findings.Finding) {
	credential := f.Rule.Kind == rules.Secret || f.Rule.Detector == rules.DetectGenericCredential
	if !credential || f.Secret == "" || strings.Contains(f.Secret, "\n") || r.seen[f.Secret] {
		return
	}
	r.seen[f.Secret] = true
	r.lines = append(r.lines, f.Secret+"==>"+fix.Marker(f.Rule))
}

// write puts the lines in a new file only its owner can read (0600, in
// the temporary folder: never in the work tree, where it could be
// committed) and returns its path; "" when there is nothing to write.
func (r *replacements) write() (string, error) {
	if len(r.lines) == 0 {
		return "", nil
	}
	f, err := os.CreateTemp("", "hfscan-replacements-*.txt") // created 0600
	if err != nil {
		return "", err
	}
	if _, err := io.WriteString(f, strings.Join(r.lines, "\n")+"\n"); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}

// manualWhy says in words why a finding is left to a person.
func manualWhy(r fix.ManualReason) string {
	switch r {
	case fix.ManualCode:
		return "code fix could not rewrite safely: read the secret from the environment as the rule's help says"
	case fix.ManualNotPython:
		return "code in a language fix does not rewrite: read the secret from the environment as the rule's help says"
	case fix.ManualNotLiteral:
		return "in a shell or magic line: use $HF_TOKEN-style environment variables set outside the notebook"
	case fix.ManualExpression:
		return "part of an expression fix does not take apart: read the secret from the environment as the rule's help says"
	case fix.ManualNoEnvVar:
		return "no environment variable holds this kind of secret: see hfscan --list-rules and the rule's help"
	case fix.ManualPractice:
		return "fix does not rewrite this practice: see the rule's help"
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
