// Package reporters writes a scan result as text, JSON, SARIF, GitHub
// annotations or an HTML page.
package reporters

import (
	"fmt"
	"io"
	"strings"

	"github.com/hfscan/hfscan/findings"
)

// Reporter writes a whole result to w. The caller owns w and closes it.
type Reporter interface {
	Report(w io.Writer, r *findings.Result) error
}

// Options are what the formats need besides the result; each reads the
// ones that concern it.
type Options struct {
	Version     string
	ShowSecrets bool
	Color       bool // text: colour by level
	Quiet       bool // text: findings only, no summary
	// PerFile (text): one line per affected file instead of a block per
	// finding (--summary).
	PerFile bool
}

// formats are the report formats by --format name, in the order help
// lists them: the one place a format is registered.
var formats = []struct {
	name, about string
	make        func(Options) Reporter
}{
	{"text", "compiler-style findings and a summary, for people", func(o Options) Reporter { return &Text{Options: o} }},
	{"json", "the versioned machine report", func(o Options) Reporter { return &JSON{Options: o} }},
	{"sarif", "SARIF 2.1.0, for GitHub code scanning", func(o Options) Reporter { return &SARIF{Options: o} }},
	{"github", "workflow-command annotations on a pull request", func(o Options) Reporter { return &GitHub{Options: o} }},
	{"html", "one self-contained page for an audit", func(o Options) Reporter { return &HTML{Options: o} }},
}

// Formats lists the --format names.
func Formats() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// FormatHelp is the --format help text: each name and what it is for.
func FormatHelp() string {
	var parts []string
	for _, f := range formats {
		parts = append(parts, f.name+" ("+f.about+")")
	}
	return "report format: " + strings.Join(parts, ", ")
}

// New returns the reporter for a --format name.
func New(format string, opts Options) (Reporter, error) {
	for _, f := range formats {
		if f.name == format {
			return f.make(opts), nil
		}
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
}

// message is a finding's one-line description, for formats that show a
// finding in one line: the message, the secret as this report shows it,
// the place in the notebook, where in history it came from and, with
// --verify, what its provider said.
func (o Options) message(f *findings.Finding) string {
	msg := f.Message
	if sec := o.secret(f); sec != "" {
		msg += ": " + sec
	}
	if f.Notebook != nil {
		msg += " (" + where(f.Notebook) + ")"
	}
	if org := origin(f.Commit); org != "" {
		msg += "; " + org
	}
	if v := f.Verification; v != nil {
		msg += "; verified: " + verificationWords(v)
	}
	if f.SecretID != "" {
		msg += "; token " + f.SecretID
	}
	return msg
}

// secret is a finding's secret as this report shows it: in full with
// --show-secrets, else as its rule redacts it. A finding read back from a
// report that held only the redacted form has no other.
func (o Options) secret(f *findings.Finding) string {
	switch {
	case f.Secret == "":
		return f.Redacted
	case o.ShowSecrets:
		return f.Secret
	}
	return f.Rule.Redact(f.Secret)
}

// where describes a notebook position in words: "cell 3 (code), output 1,
// line 2, column 5".
func where(nb *findings.NotebookPos) string {
	s := "notebook metadata"
	if nb.Cell > 0 {
		s = fmt.Sprintf("cell %d (%s)", nb.Cell, nb.CellType)
		switch nb.Part {
		case "output":
			s += fmt.Sprintf(", output %d", nb.Output)
		case "source":
		default:
			s += ", " + nb.Part
		}
	}
	if nb.Key != "" {
		s += ", " + nb.Key
	}
	return s + fmt.Sprintf(", line %d, column %d", nb.Line, nb.Column)
}

// origin describes where a finding in history came from: "introduced in
// abc1234 (2024-05-01, Jane) — still in HEAD".
func origin(c *findings.Commit) string {
	if c == nil || c.SHA == "" {
		return ""
	}
	state := "removed since"
	switch {
	case c.InHead:
		state = "still in HEAD"
	case !c.InHeadHistory:
		state = "never in HEAD's history (only on other branches or refs)"
	}
	return fmt.Sprintf("introduced in %s (%s, %s) — %s", c.SHA[:min(7, len(c.SHA))], c.Date[:min(10, len(c.Date))], c.Author, state)
}
