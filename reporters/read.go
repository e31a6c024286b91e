package reporters

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// decodeJSON reads a JSON report of this schema version.
func decodeJSON(r io.Reader) (*jsonReport, error) {
	var rep jsonReport
	if err := json.NewDecoder(r).Decode(&rep); err != nil {
		return nil, fmt.Errorf("not an hfscan JSON report: %w", err)
	}
	if rep.SchemaVersion < 1 || rep.SchemaVersion > JSONSchemaVersion {
		return nil, fmt.Errorf("not an hfscan JSON report this hfscan reads (schema_version %d, want 1 to %d)", rep.SchemaVersion, JSONSchemaVersion)
	}
	return &rep, nil
}

// ReadBaseline reads the fingerprints of an earlier JSON report.
func ReadBaseline(r io.Reader) (map[string]bool, error) {
	rep, err := decodeJSON(r)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(rep.Findings))
	for _, f := range rep.Findings {
		known[f.Fingerprint] = true
	}
	return known, nil
}

// ReadJSON reads a saved JSON report back into a result, to be written in
// another format without scanning again (--from-json). Rules are found in
// table by id; a report that names none (written before reports listed
// them) ran the whole table. fullSecrets says the report holds secrets in
// full (it was written with --show-secrets): the caller must then not
// print it without --show-secrets, since what it holds cannot be redacted
// again with certainty.
func ReadJSON(r io.Reader, table []*rules.Rule) (res *findings.Result, fullSecrets bool, err error) {
	rep, err := decodeJSON(r)
	if err != nil {
		return nil, false, err
	}
	byID := map[string]*rules.Rule{}
	for _, rule := range table {
		byID[rule.ID] = rule
	}
	ran := table
	if rep.Rules != nil {
		ran = nil
		for _, id := range rep.Rules {
			rule, ok := byID[id]
			if !ok {
				return nil, false, fmt.Errorf("the report names rule %q, which this hfscan does not have", id)
			}
			ran = append(ran, rule)
		}
	}
	res = findings.New(ran)
	res.Table = table
	for _, jf := range rep.Findings {
		rule, ok := byID[jf.RuleID]
		if !ok {
			return nil, false, fmt.Errorf("the report names rule %q, which this hfscan does not have", jf.RuleID)
		}
		f := findings.Finding{
			Rule: rule, Path: jf.Path, Line: jf.Line, Column: jf.Column, EndLine: jf.EndLine, EndColumn: jf.EndColumn,
			Message: jf.Message, Fingerprint: jf.Fingerprint,
			Excerpt: findings.Excerpt{Text: jf.Snippet, Redacted: true},
		}
		if jf.Secret != nil {
			f.Redacted = *jf.Secret
			if !strings.Contains(*jf.Secret, "…") {
				fullSecrets = true
				f.Secret, f.Redacted = *jf.Secret, ""
				f.Excerpt.Redacted = false
				f.Excerpt.Secrets = marksOf(jf.Snippet, *jf.Secret, rule)
			}
		}
		if nb := jf.Notebook; nb != nil {
			f.Notebook = &findings.NotebookPos{Cell: deref(nb.Cell), CellType: deref(nb.CellType), Part: nb.Part,
				Output: deref(nb.Output), Key: deref(nb.Key), Line: nb.Line, Column: nb.Column}
		}
		if c := jf.Commit; c != nil {
			f.Commit = &findings.Commit{SHA: c.SHA, Author: c.Author, Email: c.Email, Date: c.Date,
				InHead: c.InHead, InHeadHistory: c.InHeadHistory}
		}
		f.Verification = verificationOf(jf.Verification)
		for _, line := range jf.Context.Above {
			f.Excerpt.Above = append(f.Excerpt.Above, contextRead(line, f))
		}
		for _, line := range jf.Context.Below {
			f.Excerpt.Below = append(f.Excerpt.Below, contextRead(line, f))
		}
		switch {
		case jf.SecretID != nil:
			f.SecretID = *jf.SecretID
		case f.Secret != "" && rule.IsCredential(): // a version 1 report held in full
			f.SecretID = findings.SecretID(f.Secret)
		}
		res.Findings = append(res.Findings, f)
	}
	for _, s := range rep.Skipped {
		res.Skipped = append(res.Skipped, findings.Skipped{Path: s.Path, Reason: findings.SkipReason(s.Reason), Size: s.Size})
	}
	for _, m := range rep.Errors {
		res.Errors = append(res.Errors, findings.FileMessage{Path: m.Path, Message: m.Message})
	}
	for _, m := range rep.Notices {
		res.Notices = append(res.Notices, findings.FileMessage{Path: m.Path, Message: m.Message})
	}
	res.Stats = findings.Stats{Files: rep.Stats.Files, Notebooks: rep.Stats.Notebooks, Bytes: rep.Stats.Bytes,
		Duration: time.Duration(rep.Stats.DurationMS) * time.Millisecond, Baselined: rep.Stats.Baselined}
	if p := rep.Provenance; p != nil {
		res.Provenance = &findings.Provenance{RepositoryURI: p.RepositoryURI, Revision: p.Revision, Branch: p.Branch}
	}
	return res, fullSecrets, nil
}

// contextRead is a context line read back: redacted already, unless the
// report held secrets in full, when the finding's secret is marked in it.
func contextRead(line string, f findings.Finding) findings.Excerpt {
	if f.Secret == "" {
		return findings.Excerpt{Text: line, Redacted: true}
	}
	return findings.Excerpt{Text: line, Secrets: marksOf(line, f.Secret, f.Rule)}
}

// marksOf marks each occurrence of secret in a snippet read back in full,
// so that it can still be shown redacted.
func marksOf(text, secret string, rule *rules.Rule) []findings.ExcerptSecret {
	var marks []findings.ExcerptSecret
	for from := 0; secret != ""; {
		i := strings.Index(text[from:], secret)
		if i < 0 {
			break
		}
		at := from + i
		marks = append(marks, findings.ExcerptSecret{Start: at, End: at + len(secret), Rule: rule, Value: secret})
		from = at + len(secret)
	}
	return marks
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
