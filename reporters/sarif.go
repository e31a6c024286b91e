package reporters

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// SARIF writes SARIF 2.1.0 for GitHub code scanning and other viewers.
type SARIF struct {
	Options
}

var _ Reporter = (*SARIF)(nil)

const (
	sarifSchema     = "https://json.schemastore.org/sarif-2.1.0.json"
	informationURI  = "https://github.com/hfscan/hfscan"
	fingerprintName = "hfscan/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool                     sarifTool         `json:"tool"`
	VersionControlProvenance []sarifVCS        `json:"versionControlProvenance,omitempty"`
	Invocations              []sarifInvocation `json:"invocations"`
	Results                  []sarifResult     `json:"results"`
	ColumnKind               string            `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	Precision        string   `json:"precision"`
	SecuritySeverity string   `json:"security-severity"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          *sarifResultProps `json:"properties,omitempty"`
}

type sarifResultProps struct {
	// SecretID names the credential, the same in every format.
	SecretID     string            `json:"secretId,omitempty"`
	Notebook     *jsonNotebook     `json:"notebook,omitempty"`
	Commit       *jsonCommit       `json:"commit,omitempty"`
	Verification *jsonVerification `json:"verification,omitempty"`
	// SecuritySeverity raises a live secret that can write above its
	// rule's figure.
	SecuritySeverity string `json:"security-severity,omitempty"`
}

type sarifVCS struct {
	RepositoryURI string `json:"repositoryUri"`
	RevisionID    string `json:"revisionId,omitempty"`
	Branch        string `json:"branch,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

// liveWriteSeverity is the security-severity of a secret its provider
// said is live and can write: the worst a finding can be.
const liveWriteSeverity = "10.0"

func (s *SARIF) Report(w io.Writer, r *findings.Result) error {
	cwd, _ := os.Getwd()
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "hfscan", Version: s.Version, InformationURI: informationURI,
			Rules: make([]sarifRule, 0, len(r.Rules)),
		}},
		Results:    make([]sarifResult, 0, len(r.Findings)),
		ColumnKind: "unicodeCodePoints",
	}
	index := map[string]int{}
	for i, rule := range r.Rules {
		index[rule.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(rule))
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		res := sarifResult{
			RuleID: f.Rule.ID, RuleIndex: index[f.Rule.ID], Level: f.Rule.Level.String(),
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: artifact(f.Path, cwd),
				Region: &sarifRegion{StartLine: f.Line, StartColumn: f.Column,
					EndLine: f.EndLine, EndColumn: f.EndColumn},
			}}},
			PartialFingerprints: map[string]string{fingerprintName: f.Fingerprint},
		}
		props := sarifResultProps{SecretID: f.SecretID, Commit: commitOf(f.Commit)}
		if nb := f.Notebook; nb != nil {
			props.Notebook = notebookJSON(nb)
		}
		if v := f.Verification; v != nil {
			props.Verification = verificationJSON(v)
			if v.Status == findings.Live && v.CanWrite {
				props.SecuritySeverity = liveWriteSeverity
			}
		}
		if props != (sarifResultProps{}) {
			res.Properties = &props
		}
		res.Message = sarifText{Text: s.message(f)}
		run.Results = append(run.Results, res)
	}
	inv := sarifInvocation{ExecutionSuccessful: len(r.Errors) == 0, ToolExecutionNotifications: []sarifNotification{}}
	for _, e := range r.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, notification("error", e, cwd))
	}
	for _, sk := range r.Skipped {
		if sk.Reason == findings.SkipTooLarge {
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
				notification("warning", findings.FileMessage{Path: sk.Path, Message: "not scanned (" + tooLargeWhy(sk) + ")"}, cwd))
		}
	}
	for _, n := range r.Notices {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, notification("note", n, cwd))
	}
	run.Invocations = []sarifInvocation{inv}
	if p := r.Provenance; p != nil {
		run.VersionControlProvenance = []sarifVCS{{RepositoryURI: p.RepositoryURI, RevisionID: p.Revision, Branch: p.Branch}}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

func notification(level string, m findings.FileMessage, cwd string) sarifNotification {
	return sarifNotification{
		Level:     level,
		Message:   sarifText{Text: m.Path + ": " + m.Message},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: artifact(m.Path, cwd)}}},
	}
}

func sarifRuleOf(r *rules.Rule) sarifRule {
	return sarifRule{
		ID:                   r.ID,
		Name:                 pascal(r.ID),
		ShortDescription:     sarifText{Text: r.Title},
		FullDescription:      sarifText{Text: r.Description},
		Help:                 sarifText{Text: r.Help, Markdown: r.Help},
		DefaultConfiguration: sarifConfig{Level: r.Level.String()},
		Properties: sarifRuleProps{
			Tags: r.Tags, Precision: r.Precision,
			SecuritySeverity: strconv.FormatFloat(r.SecuritySeverity, 'f', 1, 64),
		},
	}
}

// pascal turns "hf-token" into "HfToken", the form SARIF viewers show as a name.
func pascal(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// artifact makes the location of a reported path: relative to %SRCROOT%
// (the working directory) when it can be, an absolute file URI otherwise.
func artifact(p, cwd string) sarifArtifact {
	if p == findings.StdinPath {
		return sarifArtifact{URI: "stdin"}
	}
	if filepath.IsAbs(filepath.FromSlash(p)) && cwd != "" {
		if rel, err := filepath.Rel(cwd, filepath.FromSlash(p)); err == nil && !strings.HasPrefix(rel, "..") {
			p = filepath.ToSlash(rel)
		} else {
			return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: p}).String()}
		}
	}
	if strings.HasPrefix(p, "../") {
		if abs, err := filepath.Abs(filepath.FromSlash(p)); err == nil {
			return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()}
		}
	}
	return sarifArtifact{URI: (&url.URL{Path: p}).String(), URIBaseID: "%SRCROOT%"}
}
