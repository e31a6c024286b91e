package reporters

import (
	"encoding/json"
	"io"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// JSON writes the versioned machine report of SPEC §5.
type JSON struct {
	Options
}

var _ Reporter = (*JSON)(nil)

// JSONSchemaVersion changes only when a field changes meaning or goes away
// — or, as for 2, when the report gains what a reader must not miss:
// version 2 added the distinct secrets (secrets, secret_id) and the key
// path of metadata findings (notebook.key). Version 1 reports are still
// read (baselines, --from-json).
const JSONSchemaVersion = 2

type jsonReport struct {
	SchemaVersion int      `json:"schema_version"`
	Tool          jsonTool `json:"tool"`
	// Rules are the ids of the rules that ran, in table order.
	Rules    []string      `json:"rules"`
	Findings []jsonFinding `json:"findings"`
	// Secrets are the distinct credentials, each once, with where it is.
	Secrets []jsonSecret  `json:"secrets"`
	Skipped []jsonSkipped `json:"skipped"`
	Errors  []jsonMessage `json:"errors"`
	Notices []jsonMessage `json:"notices"`
	Stats   jsonStats     `json:"stats"`
	// Provenance is only in reports of --history scans.
	Provenance *jsonProvenance `json:"provenance,omitempty"`
}

type jsonProvenance struct {
	RepositoryURI string `json:"repository_uri"`
	Revision      string `json:"revision"`
	Branch        string `json:"branch"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	RuleID    string        `json:"rule_id"`
	Level     string        `json:"level"`
	Message   string        `json:"message"`
	Path      string        `json:"path"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"end_line"`
	EndColumn int           `json:"end_column"`
	Notebook  *jsonNotebook `json:"notebook"`
	Secret    *string       `json:"secret"`
	// Snippet is the line of the finding as the text report shows it.
	Snippet     string `json:"snippet"`
	Fingerprint string `json:"fingerprint"`
	// SecretID names the credential (null for findings that are not one).
	SecretID *string `json:"secret_id"`
	// Context is up to three lines above and below the snippet's line in
	// the same text (a cell, an output), as the snippet shows them.
	Context jsonContext `json:"context"`
	// Commit is only in reports of --history scans.
	Commit *jsonCommit `json:"commit,omitempty"`
	// Verification is null without --verify.
	Verification *jsonVerification `json:"verification"`
}

type jsonContext struct {
	Above []string `json:"above"`
	Below []string `json:"below"`
}

// contextJSON is the lines around a finding's, as the snippet shows them.
func (o Options) contextJSON(f *findings.Finding, shapes []*rules.Rule) jsonContext {
	c := jsonContext{Above: []string{}, Below: []string{}}
	for i := range f.Excerpt.Above {
		c.Above = append(c.Above, showExcerpt(&f.Excerpt.Above[i], !o.ShowSecrets, shapes))
	}
	for i := range f.Excerpt.Below {
		c.Below = append(c.Below, showExcerpt(&f.Excerpt.Below[i], !o.ShowSecrets, shapes))
	}
	return c
}

// jsonSecret is one distinct credential: what an auditor revokes.
type jsonSecret struct {
	ID     string  `json:"id"`
	RuleID string  `json:"rule_id"`
	Secret *string `json:"secret"`
	Places int     `json:"places"`
	Files  int     `json:"files"`
	// Paths are the files that hold it, in report order.
	Paths        []string          `json:"paths"`
	Verification *jsonVerification `json:"verification"`
	// Fix is what to do: the revoke link and where the new one belongs.
	Fix string `json:"fix"`
}

type jsonCommit struct {
	SHA    string `json:"sha"`
	Author string `json:"author"`
	Email  string `json:"email"`
	Date   string `json:"date"`
	InHead bool   `json:"in_head"`
	// InHeadHistory: the commit is in HEAD's history; when false, the
	// secret only ever lived on other refs.
	InHeadHistory bool `json:"in_head_history"`
}

func commitOf(c *findings.Commit) *jsonCommit {
	if c == nil {
		return nil
	}
	return &jsonCommit{SHA: c.SHA, Author: c.Author, Email: c.Email, Date: c.Date, InHead: c.InHead, InHeadHistory: c.InHeadHistory}
}

type jsonNotebook struct {
	Cell     *int    `json:"cell"`
	CellType *string `json:"cell_type"`
	Part     string  `json:"part"`
	Output   *int    `json:"output"`
	// Key is the JSON path of a metadata string (null elsewhere).
	Key    *string `json:"key"`
	Line   int     `json:"line"`
	Column int     `json:"column"`
}

type jsonSkipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
	// Size is what counted against --max-file-size, for too-large files.
	Size int64 `json:"size,omitempty"`
}

type jsonMessage struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

type jsonStats struct {
	Files      int   `json:"files"`
	Notebooks  int   `json:"notebooks"`
	Bytes      int64 `json:"bytes"`
	DurationMS int64 `json:"duration_ms"`
	Baselined  int   `json:"baselined"`
}

// notebookJSON is a notebook position as JSON and SARIF write it.
func notebookJSON(nb *findings.NotebookPos) *jsonNotebook {
	return &jsonNotebook{Cell: nonZero(nb.Cell), CellType: nonZero(nb.CellType), Part: nb.Part,
		Output: nonZero(nb.Output), Key: nonZero(nb.Key), Line: nb.Line, Column: nb.Column}
}

// nonZero is nil for 0, so "no cell" and "no output" print as null.
func nonZero[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

func (j *JSON) Report(w io.Writer, r *findings.Result) error {
	shapes := secretRules(r)
	rep := jsonReport{
		SchemaVersion: JSONSchemaVersion,
		Tool:          jsonTool{Name: "hfscan", Version: j.Version},
		Rules:         make([]string, 0, len(r.Rules)),
		Findings:      make([]jsonFinding, 0, len(r.Findings)),
		Skipped:       make([]jsonSkipped, 0, len(r.Skipped)),
		Errors:        messages(r.Errors),
		Notices:       messages(r.Notices),
		Stats: jsonStats{
			Files: r.Stats.Files, Notebooks: r.Stats.Notebooks, Bytes: r.Stats.Bytes,
			DurationMS: r.Stats.Duration.Milliseconds(), Baselined: r.Stats.Baselined,
		},
	}
	for _, rule := range r.Rules {
		rep.Rules = append(rep.Rules, rule.ID)
	}
	if p := r.Provenance; p != nil {
		rep.Provenance = &jsonProvenance{RepositoryURI: p.RepositoryURI, Revision: p.Revision, Branch: p.Branch}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		jf := jsonFinding{
			RuleID: f.Rule.ID, Level: f.Rule.Level.String(), Message: f.Message,
			Path: f.Path, Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
			Secret: nonZero(j.secret(f)), Snippet: j.snippet(f, shapes), Fingerprint: f.Fingerprint, SecretID: nonZero(f.SecretID), Context: j.contextJSON(f, shapes), Commit: commitOf(f.Commit),
			Verification: verificationJSON(f.Verification),
		}
		if nb := f.Notebook; nb != nil {
			jf.Notebook = notebookJSON(nb)
		}
		rep.Findings = append(rep.Findings, jf)
	}
	rep.Secrets = make([]jsonSecret, 0)
	for _, g := range Secrets(r) {
		rep.Secrets = append(rep.Secrets, jsonSecret{ID: g.ID, RuleID: g.Rule.ID, Secret: nonZero(j.secret(g.First)),
			Places: g.Places, Files: len(g.Paths), Paths: g.Paths, Verification: verificationJSON(g.Verification), Fix: Remediation(g.Rule)})
	}
	for _, s := range r.Skipped {
		rep.Skipped = append(rep.Skipped, jsonSkipped{Path: s.Path, Reason: string(s.Reason), Size: s.Size})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

func messages(ms []findings.FileMessage) []jsonMessage {
	out := make([]jsonMessage, 0, len(ms))
	for _, m := range ms {
		out = append(out, jsonMessage{Path: m.Path, Message: m.Message})
	}
	return out
}
