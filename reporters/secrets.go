package reporters

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// SecretGroup is one distinct credential of a report and every place it
// was found: an auditor revokes each group once, however often the token
// was pasted.
type SecretGroup struct {
	ID    string
	Rule  *rules.Rule // the rule of its first finding
	First *findings.Finding
	// Places counts the findings; Paths are the files, in report order.
	Places int
	Paths  []string
	// Verification is what --verify said (nil without it).
	Verification *findings.Verification
}

// Secrets groups the findings of r that carry a secret id, in the order
// each id first appears in the (sorted) findings.
func Secrets(r *findings.Result) []SecretGroup {
	var out []SecretGroup
	at := map[string]int{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.SecretID == "" {
			continue
		}
		k, ok := at[f.SecretID]
		if !ok {
			k = len(out)
			at[f.SecretID] = k
			out = append(out, SecretGroup{ID: f.SecretID, Rule: f.Rule, First: f})
		}
		g := &out[k]
		g.Places++
		if !slices.Contains(g.Paths, f.Path) {
			g.Paths = append(g.Paths, f.Path)
		}
		if g.Verification == nil {
			g.Verification = f.Verification
		}
	}
	return out
}

// secretFiles counts the files that hold at least one of the groups.
func secretFiles(groups []SecretGroup) int {
	files := map[string]bool{}
	for _, g := range groups {
		for _, p := range g.Paths {
			files[p] = true
		}
	}
	return len(files)
}

// codeKind says whether a finding is in code, and in Python code (which
// hfscan fix rewrites): a notebook's code cell is taken for Python, as
// Jupyter's default kernel is.
func codeKind(f *findings.Finding) (code, python bool) {
	if nb := f.Notebook; nb != nil {
		code = nb.Part == "source" && nb.CellType == "code"
		return code, code
	}
	switch strings.ToLower(filepath.Ext(f.Path)) {
	case ".py", ".pyw", ".ipy":
		return true, true
	case ".sh", ".bash", ".zsh", ".r", ".jl", ".js", ".ts":
		return true, false
	}
	return false, false
}

// FixLine is what to do about one finding, in one line: where it is
// decides (code is rewritten, other text gets a marker, .env files and
// history stay), and a credential is revoked in any case.
func FixLine(f *findings.Finding) string {
	if !f.Rule.IsCredential() {
		return f.Rule.Fix
	}
	switch {
	case f.Commit != nil:
		return "revoke it: it stays in git history and every clone (hfscan fix --history lists it for git filter-repo)"
	case findings.IsEnvFile(f.Path):
		return "a .env file is where it belongs: keep the file out of git and shared folders; revoke it if it was ever shared"
	}
	code, python := codeKind(f)
	switch {
	case python && f.Rule.EnvVar != "":
		return "read it from " + f.Rule.EnvVar + " (Colab Secrets or the environment) — hfscan fix rewrites this — then revoke it"
	case code && f.Rule.EnvVar != "":
		return "read it from $" + f.Rule.EnvVar + ", set outside the code, then revoke it"
	case code:
		return "move it out of the code, then revoke it"
	}
	return "remove it (hfscan fix replaces it with a marker), then revoke it: the saved copies still hold it"
}

// Remediation is what to do about a rule's findings, in a sentence: the
// revoke link and where the new credential belongs, for a credential; the
// rule's fix line otherwise.
func Remediation(r *rules.Rule) string {
	if !r.IsCredential() {
		return r.Fix
	}
	s := "revoke it"
	if r.Revoke != "" {
		s += " at " + r.Revoke
	} else {
		s += " where it was issued"
	}
	s += " and create a new one; "
	if r.EnvVar != "" {
		return s + "keep the new one in Colab Secrets or the " + r.EnvVar + " environment variable, never in a notebook or script"
	}
	return s + "keep the new one out of notebooks, scripts and their outputs"
}
