// Package reporters writes a scan result as text, JSON or SARIF.
package reporters

import (
	"fmt"
	"io"

	"github.com/hfscan/hfscan/findings"
)

// Reporter writes a whole result to w. The caller owns w and closes it.
type Reporter interface {
	Report(w io.Writer, r *findings.Result) error
}

// Options are what every format needs besides the result.
type Options struct {
	Version     string
	ShowSecrets bool
}

// New returns the reporter for a --format name. color applies to text only.
func New(format string, opts Options, color bool) (Reporter, error) {
	switch format {
	case "text":
		return &Text{Options: opts, Color: color}, nil
	case "json":
		return &JSON{Options: opts}, nil
	case "sarif":
		return &SARIF{Options: opts}, nil
	case "github":
		return &GitHub{Options: opts}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want text, json, sarif or github)", format)
}

// secret is a finding's secret as this report shows it. A finding read
// back from a report that held only the redacted form has no other.
func (o Options) secret(f *findings.Finding) string {
	if o.ShowSecrets && f.Secret != "" {
		return f.Secret
	}
	return f.Redacted
}

func (o Options) snippet(f *findings.Finding) string {
	if o.ShowSecrets && f.SnippetFull != "" {
		return f.SnippetFull
	}
	return f.Snippet
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
