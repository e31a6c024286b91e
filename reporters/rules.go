package reporters

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/hfscan/hfscan/rules"
)

// RuleList prints --list-rules as aligned text: id, level, title.
func RuleList(w io.Writer, table []*rules.Rule) error {
	width := 0
	for _, r := range table {
		width = max(width, len(r.ID))
	}
	for _, r := range table {
		if _, err := fmt.Fprintf(w, "%-*s  %-7s  %s\n", width, r.ID, r.Level, r.Title); err != nil {
			return err
		}
	}
	return nil
}

type jsonRule struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Level       string `json:"level"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Help        string `json:"help"`
	// EnvVar is where code should read the credential from ("" for
	// practice rules and secrets no variable holds).
	EnvVar string   `json:"env_var"`
	Tags   []string `json:"tags"`
}

// RuleListJSON prints --list-rules -f json: {"schema_version", "rules": [...]}.
func RuleListJSON(w io.Writer, table []*rules.Rule) error {
	out := struct {
		SchemaVersion int        `json:"schema_version"`
		Rules         []jsonRule `json:"rules"`
	}{SchemaVersion: JSONSchemaVersion, Rules: make([]jsonRule, 0, len(table))}
	for _, r := range table {
		tags := r.Tags
		if tags == nil {
			tags = []string{}
		}
		out.Rules = append(out.Rules, jsonRule{ID: r.ID, Kind: r.Kind.String(), Level: r.Level.String(),
			Title: r.Title, Description: r.Description, Help: r.Help, EnvVar: r.EnvVar, Tags: tags})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// Explain prints a rule's full help for hfscan --explain: what it finds,
// why it matters, and how to fix it, as the SARIF help says it.
func Explain(w io.Writer, r *rules.Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n", r.ID, r.Title)
	fmt.Fprintf(&b, "level: %s (%s)\n", r.Level, r.Kind)
	if r.EnvVar != "" {
		fmt.Fprintf(&b, "environment variable: %s\n", r.EnvVar)
	}
	if r.Revoke != "" {
		fmt.Fprintf(&b, "revoke at: %s\n", r.Revoke)
	}
	fmt.Fprintf(&b, "what to do: %s\n\n%s\n\n%s", Remediation(r), r.Description, strings.TrimRight(r.Help, "\n"))
	_, err := fmt.Fprintln(w, b.String())
	return err
}
