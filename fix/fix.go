// Package fix takes secrets out of the files they were found in, changing
// nothing else (issue 16, "hfscan fix").
//
// In code — a Python file or a notebook's Python code cell — a literal
// credential becomes the expression that reads it at run time, named by
// the rule's environment variable: userdata.get('HF_TOKEN') in a Colab
// notebook, os.environ["HF_TOKEN"] elsewhere, with the import it needs.
// os.environ["HF_TOKEN"] = "hf_…" is removed outside Colab (the
// environment is where the token already belongs); login(token="hf_…")
// and HfApi(token="hf_…") lose the argument, since the library finds the
// token itself; set_access_token(x) becomes login(token=x) and
// use_auth_token= becomes token=. Everything that is not code (outputs,
// markdown, raw cells, metadata, comments, docstrings, text files) keeps
// its text with the secret replaced by a marker, or, with ClearOutputs,
// loses the output that held it. What needs a person is returned with its
// reason. File writes a file only when asked, atomically.
//
// Edits are byte-exact: only the bytes of the JSON strings (or source
// lines) that held the offending text change; a notebook is never
// re-serialised.
package fix

import (
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// Edit replaces the raw bytes [Start, End) of a file with With.
type Edit struct {
	Start, End int
	With       string
	Finding    *findings.Finding
}

// ManualReason says why a finding is left to a person.
type ManualReason string

const (
	// ManualCode: code fix could not read as Python (a notebook that is
	// not JSON fix can parse, a cell whose layout a rewrite would break).
	ManualCode ManualReason = "code"
	// ManualNotPython: code in another language (a shell script, an R
	// notebook), which fix does not rewrite.
	ManualNotPython ManualReason = "not-python"
	// ManualNotLiteral: the secret is in a !shell or %magic line, not in
	// a Python string.
	ManualNotLiteral ManualReason = "not-a-literal"
	// ManualExpression: the literal is part of an expression fix does not
	// take apart (bytes, an f-string, escapes, implicit concatenation).
	ManualExpression ManualReason = "expression"
	// ManualNoEnvVar: the credential is read from no variable (a private
	// key, an OAuth token), or fix cannot tell which.
	ManualNoEnvVar ManualReason = "no-variable"
	// ManualPractice: a practice fix does not rewrite (a token written to
	// a file, a token printed): the rule's help says what to do.
	ManualPractice ManualReason = "practice"
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

// codeExts are the plain files whose every line is code; pythonExts those
// fix rewrites.
var (
	codeExts   = []string{".py", ".pyw", ".ipy", ".sh", ".bash", ".zsh"}
	pythonExts = []string{".py", ".pyw", ".ipy"}
)

// Options change what Plan does.
type Options struct {
	// ClearOutputs removes a notebook output that holds a secret instead
	// of replacing the secret in it.
	ClearOutputs bool
}

// Plan splits the findings of one file (all with the same Path, as a scan
// of data reported them) into edits and manual work, and says which
// findings the edits fix. Edits are sorted by Start and never overlap: of
// two findings on overlapping bytes the one that starts first (the
// longer, on a tie) is kept.
func Plan(data []byte, fs []findings.Finding, opts Options) (edits []Edit, fixed []*findings.Finding, manual []Manual) {
	if len(fs) == 0 {
		return nil, nil, nil
	}
	var nb *notebookModel
	var units []*unit
	ext := strings.ToLower(filepath.Ext(fs[0].Path))
	switch {
	case ext == ".ipynb":
		if m, err := readNotebook(data); err == nil {
			nb, units = m, m.units
		}
	case slices.Contains(pythonExts, ext) && utf8.Valid(data):
		units = []*unit{fileUnit(data)}
	}
	inCode := map[*unit][]*findings.Finding{}
	for i := range fs {
		f := &fs[i]
		reason, ok := fixable(f)
		switch {
		case isUseAuthToken(data, f) && unitAt(units, f.Offset) != nil:
			// with the other edits of its code, which may rewrite its line
			u := unitAt(units, f.Offset)
			inCode[u] = append(inCode[u], f)
		case isUseAuthToken(data, f):
			// deprecated use_auth_token= is token= since huggingface_hub 0.14.
			edits = append(edits, Edit{Start: f.Offset, End: f.EndOffset, With: "token", Finding: f})
			fixed = append(fixed, f)
		case !ok && reason != ManualCode:
			manual = append(manual, Manual{f, reason})
		case f.Offset < 0 || f.EndOffset > len(data) || f.Offset >= f.EndOffset:
			manual = append(manual, Manual{f, ManualCode}) // a span fix cannot trust
		case !ok:
			u := unitAt(units, f.Offset)
			switch {
			case u == nil && (nb != nil || ext == ".ipynb" || slices.Contains(pythonExts, ext)):
				manual = append(manual, Manual{f, ManualCode})
			case u == nil, nb != nil && !nb.python:
				manual = append(manual, Manual{f, ManualNotPython})
			default:
				inCode[u] = append(inCode[u], f)
			}
		case f.Rule.Kind != rules.Secret:
			manual = append(manual, Manual{f, ManualPractice})
		default:
			if o := outputAt(nb, f.Offset); opts.ClearOutputs && o >= 0 {
				edits = append(edits, nb.clearOutput(o, f))
			} else {
				edits = append(edits, Edit{Start: f.Offset, End: f.EndOffset, With: Marker(f.Rule), Finding: f})
			}
			fixed = append(fixed, f)
		}
	}
	added := map[string]bool{}
	for k, u := range units {
		if len(inCode[u]) == 0 {
			continue
		}
		colab := nb != nil && nb.colab
		w := newRewriter(u, colab, units[:k], added)
		raw, err := u.rawEdits(w.run(inCode[u]))
		if err != nil {
			for _, f := range inCode[u] {
				manual = append(manual, Manual{f, ManualCode})
			}
			continue
		}
		for _, imp := range w.imports {
			added[imp] = true
		}
		edits = append(edits, raw...)
		fixed = append(fixed, w.fixed...)
		manual = append(manual, w.manual...)
	}
	slices.SortFunc(manual, func(a, b Manual) int { return a.Finding.Offset - b.Finding.Offset })
	return merge(edits, nil), fixed, manual
}

// unitAt is the unit whose source holds raw offset off, or nil.
func unitAt(units []*unit, off int) *unit {
	for _, u := range units {
		if n := len(u.pieces); n > 0 && u.pieces[0].tokStart <= off && off <= u.pieces[n-1].tokEnd {
			return u
		}
	}
	return nil
}

// outputAt is the index of the output holding raw offset off, or -1.
func outputAt(nb *notebookModel, off int) int {
	if nb == nil {
		return -1
	}
	for i, o := range nb.outputs {
		if e := o.list.elems[o.k]; e.start <= off && off < e.end {
			return i
		}
	}
	return -1
}

// clearOutput is the edit that removes output i from its list, with one
// separator.
func (nb *notebookModel) clearOutput(i int, f *findings.Finding) Edit {
	o := nb.outputs[i]
	spans := make([][2]int, len(o.list.elems))
	for k, e := range o.list.elems {
		spans[k] = [2]int{e.start, e.end}
	}
	start, end := withoutElements(spans, [2]int{o.list.start, o.list.end}, o.k, o.k)
	return Edit{Start: start, End: end, Finding: f}
}

// sortEdits orders edits by start; on a tie an insertion first (it goes
// before what the other replaces), else the longer first.
func sortEdits(edits []Edit) {
	slices.SortStableFunc(edits, func(a, b Edit) int {
		switch {
		case a.Start != b.Start:
			return a.Start - b.Start
		case (a.Start == a.End) != (b.Start == b.End):
			return boolInt(b.Start == b.End) - boolInt(a.Start == a.End)
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
	if findings.IsEnvFile(f.Path) {
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
