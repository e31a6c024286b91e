package reporters

import (
	"slices"
	"strings"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// snippet shows a finding's line: with its secrets redacted unless the
// report shows secrets, and then anything else one of the secret rules
// (secretRules of the result) takes for a secret redacted too (a token no
// rule reported, say for its boundary), so a snippet never shows a token
// in full.
func (o Options) snippet(f *findings.Finding, secret []*rules.Rule) string {
	return showExcerpt(&f.Excerpt, !o.ShowSecrets, secret)
}

func showExcerpt(e *findings.Excerpt, redact bool, secret []*rules.Rule) string {
	var out strings.Builder
	if e.Before {
		out.WriteString("…")
	}
	cursor := 0
	if redact {
		// What shows of each secret, even the tail of one that began on
		// an earlier line, gives way to the redacted whole.
		for _, s := range e.Secrets {
			from := max(s.Start, cursor)
			if from >= s.End {
				continue
			}
			out.WriteString(e.Text[cursor:from])
			out.WriteString(s.Rule.Redact(s.Value))
			cursor = s.End
		}
	}
	out.WriteString(e.Text[cursor:])
	if e.After {
		out.WriteString("…")
	}
	line := out.String()
	if redact && !e.Redacted {
		line = redactShapes(line, secret)
	}
	return cleanLine(line)
}

// secretRules are the secret rules of the result's table, enabled or not.
func secretRules(r *findings.Result) []*rules.Rule {
	table := r.Table
	if table == nil {
		table = r.Rules
	}
	var out []*rules.Rule
	for _, rule := range table {
		if rule.Kind == rules.Secret {
			out = append(out, rule)
		}
	}
	return out
}

// redactShapes redacts whatever any of the rules' patterns takes for a
// secret, before the boundary and placeholder checks.
func redactShapes(line string, secret []*rules.Rule) string {
	for _, r := range secret {
		if !slices.ContainsFunc(r.Keywords, func(k string) bool { return strings.Contains(line, k) }) {
			continue
		}
		spans := r.Shapes([]byte(line))
		for i := len(spans) - 1; i >= 0; i-- {
			sp := spans[i]
			line = line[:sp[0]] + r.Redact(line[sp[0]:sp[1]]) + line[sp[1]:]
		}
	}
	return line
}

// cleanLine makes a line safe to print on a terminal: valid UTF-8, no
// control characters but tabs, no trailing CR.
func cleanLine(s string) string {
	s = strings.TrimRight(strings.ToValidUTF8(s, "\uFFFD"), "\r")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
