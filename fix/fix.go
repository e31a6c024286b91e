// Package fix takes secrets out of the files they were found in, changing
// nothing else (issue 16, "hfscan fix"). It plans and applies the edits
// that need no rewrite of code: a secret in a notebook's outputs,
// markdown, raw cells or metadata, or in a text file that is not code, is
// replaced in place by a fixed marker, so a training log or a traceback
// keeps the rest of its text; and the deprecated use_auth_token= keyword
// is renamed token=. What needs a code rewrite, and what must not be
// edited, is returned as manual work with its reason. File writes a file
// only when asked, atomically.
package fix

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// Edit replaces the raw bytes [Start, End) of a file with With.
type Edit struct {
	Start, End int
	With       string
	Finding    *findings.Finding
}

// ManualReason says why a finding is left to a person (for now).
type ManualReason string

const (
	// ManualCode: a secret or a practice finding in code, which needs a
	// rewrite that reads the secret at run time (not built yet).
	ManualCode ManualReason = "code"
	// ManualEnvFile: .env files are where secrets are meant to live; they
	// are never edited, only listed.
	ManualEnvFile ManualReason = "env-file"
	// ManualAttachment: a secret inside a base64 attachment cannot be
	// replaced in place without re-encoding it.
	ManualAttachment ManualReason = "attachment"
	// ManualHistory: a finding from git history is not in the file.
	ManualHistory ManualReason = "history"
)

// Manual is a finding fix leaves to a person, and why.
type Manual struct {
	Finding *findings.Finding
	Reason  ManualReason
}

// Marker is what a secret outside code is replaced with.
func Marker(r *rules.Rule) string { return "<" + r.ID + " removed by hfscan>" }

// codeExts are the plain files whose every line is code.
var codeExts = []string{".py", ".pyw", ".ipy", ".sh", ".bash", ".zsh"}

// Plan splits the findings of one file (all with the same Path, as a scan
// of data reported them) into edits and manual work. Edits are sorted by
// Start and never overlap: of two findings on overlapping bytes the one
// that starts first (the longer, on a tie) is kept.
func Plan(data []byte, fs []findings.Finding) ([]Edit, []Manual) {
	var edits []Edit
	var manual []Manual
	for i := range fs {
		f := &fs[i]
		reason, ok := fixable(f)
		switch {
		case isUseAuthToken(data, f):
			// deprecated use_auth_token= is token= since huggingface_hub 0.14.
			edits = append(edits, Edit{Start: f.Offset, End: f.EndOffset, With: "token", Finding: f})
		case f.Rule.Kind != rules.Secret:
			manual = append(manual, Manual{f, ManualCode})
		case !ok:
			manual = append(manual, Manual{f, reason})
		case f.Offset < 0 || f.EndOffset > len(data) || f.Offset >= f.EndOffset:
			manual = append(manual, Manual{f, ManualCode}) // a span fix cannot trust
		default:
			edits = append(edits, Edit{Start: f.Offset, End: f.EndOffset, With: Marker(f.Rule), Finding: f})
		}
	}
	return merge(edits, nil), manual
}

// sortEdits orders edits by start, the longer first on a tie.
func sortEdits(edits []Edit) {
	slices.SortFunc(edits, func(a, b Edit) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
}

// isUseAuthToken reports whether f is a use_auth_token= keyword in code,
// its bytes as the finding says: a rename fix makes by itself.
func isUseAuthToken(data []byte, f *findings.Finding) bool {
	return f.Rule.Detector == rules.DetectUseAuthToken && f.Commit == nil &&
		f.Offset >= 0 && f.EndOffset <= len(data) && string(data[f.Offset:f.EndOffset]) == "use_auth_token"
}

// fixable reports whether a secret finding can be replaced by the marker,
// or why not.
func fixable(f *findings.Finding) (ManualReason, bool) {
	if f.Commit != nil {
		return ManualHistory, false
	}
	base := strings.ToLower(filepath.Base(f.Path))
	if base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env") {
		return ManualEnvFile, false
	}
	if nb := f.Notebook; nb != nil {
		switch {
		case nb.Part == "attachment":
			return ManualAttachment, false
		case nb.Part == "source" && nb.CellType == "code":
			return ManualCode, false
		}
		return "", true
	}
	if slices.Contains(codeExts, strings.ToLower(filepath.Ext(f.Path))) {
		return ManualCode, false
	}
	return "", true
}

// Apply returns data with the edits made; edits are as Plan returns them.
func Apply(data []byte, edits []Edit) []byte {
	out := make([]byte, 0, len(data))
	at := 0
	for _, e := range edits {
		out = append(out, data[at:e.Start]...)
		out = append(out, e.With...)
		at = e.End
	}
	return append(out, data[at:]...)
}
