package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// place is where a finding is expected: rule, cell and line in the cell
// (cell 0 for a plain file, where line is the file's line).
type place struct {
	rule       string
	cell, line int
}

func places(t *testing.T, args ...string) []place {
	t.Helper()
	rep := jsonReport(t, hfscan(t, "", "", append([]string{"-f", "json"}, args...)...))
	var out []place
	for _, f := range rep.Findings {
		p := place{rule: f.RuleID, line: f.Line}
		if f.Notebook != nil && f.Notebook.Cell != nil {
			p.cell, p.line = *f.Notebook.Cell, f.Notebook.Line
		}
		out = append(out, p)
	}
	return out
}

func samePlaces(t *testing.T, got, want []place) {
	t.Helper()
	key := func(p place) string { return fmt.Sprintf("%s@%d:%d", p.rule, p.cell, p.line) }
	var g, w []string
	for _, p := range got {
		g = append(g, key(p))
	}
	for _, p := range want {
		w = append(w, key(p))
	}
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("findings:\n  got  %v\n  want %v", g, w)
	}
}

// Acceptance: every snippet of the two seed guides, one per cell (cell 1
// is a markdown title). The insecure ones are reported by the right rule at
// the right line; the recommended ones (userdata.get, os.environ.get,
// f"Bearer {hf_token}", notebook_login(), login(token=os.environ[…])) not.
func TestGuideSnippets(t *testing.T) {
	samePlaces(t, places(t, "testdata/guides/guide_snippets.ipynb"), []place{
		{"token-plaintext-file", 3, 3},        // file.write('your_hugging_face_token_here') on Drive
		{"deprecated-set-access-token", 5, 4}, // api.set_access_token(...)
		{"hardcoded-token-env", 6, 2},         // Option B
		{"hardcoded-token-env", 7, 5},         // §6 example
		{"deprecated-set-access-token", 7, 9},
		{"hardcoded-token-env", 9, 3}, // guide 2, Option B
		{"deprecated-use-auth-token", 11, 4},
	})
	// The same with a real-format token: one error per literal, and no
	// practice finding for the same literal.
	samePlaces(t, places(t, "testdata/guides/guide_snippets_real_token.ipynb"), []place{
		{"hf-token", 3, 3},
		{"deprecated-set-access-token", 5, 4},
		{"hf-token", 6, 2},
		{"hf-token", 7, 5},
		{"deprecated-set-access-token", 7, 9},
		{"hf-token", 9, 3},
		{"deprecated-use-auth-token", 11, 4},
	})
}

// A call over three lines is found on the line of its keyword; the same
// text in a comment, a docstring or a markdown cell is not.
func TestMultilineCallAndNonCode(t *testing.T) {
	samePlaces(t, places(t, "testdata/guides/multiline.ipynb"), []place{
		{"deprecated-use-auth-token", 1, 3},
		{"hardcoded-token-arg", 1, 3},
	})
}

func TestShellScript(t *testing.T) {
	samePlaces(t, places(t, "testdata/guides/setup.sh"), []place{
		{"hardcoded-token-env", 0, 3},
		{"hardcoded-token-arg", 0, 4},
		{"token-printed", 0, 5},
	})
}

func TestInlineIgnoreAndRuleSelection(t *testing.T) {
	samePlaces(t, places(t, "testdata/guides/ignore.py"), []place{
		{"hardcoded-token-env", 0, 3}, // line 2 has the same code with hfscan:ignore
		{"token-printed", 0, 5},       // line 4 ignores token-printed; line 5 ignores another rule
		{"hardcoded-token-arg", 0, 6}, // the marker is inside a string, not a comment
	})
	samePlaces(t, places(t, "--disable", "token-printed", "testdata/guides/ignore.py"), []place{
		{"hardcoded-token-env", 0, 3},
		{"hardcoded-token-arg", 0, 6},
	})
	samePlaces(t, places(t, "--enable", "hardcoded-token-env,token-printed", "--disable", "token-printed", "testdata/guides/ignore.py"), []place{
		{"hardcoded-token-env", 0, 3},
	})
	if r := hfscan(t, "", "", "--disable", "no-such-rule", "testdata/guides"); r.code != 2 || !strings.Contains(r.stderr, "no-such-rule") {
		t.Errorf("unknown rule: exit %d, stderr %q", r.code, r.stderr)
	}
	// Inside a notebook cell, too.
	samePlaces(t, places(t, "testdata/guides/ignore.ipynb"), []place{{"token-printed", 2, 1}})
}

func TestListRulesListsTheTable(t *testing.T) {
	r := hfscan(t, "", "", "--list-rules")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	table := rules.Default()
	if r.code != 0 || len(lines) != len(table) {
		t.Fatalf("exit %d, %d lines for %d rules:\n%s", r.code, len(lines), len(table), r.stdout)
	}
	for i, rule := range table {
		f := strings.Fields(lines[i])
		if f[0] != rule.ID || f[1] != rule.Level.String() || !strings.HasSuffix(lines[i], rule.Title) {
			t.Errorf("line %d: %q, want %s %s %s", i, lines[i], rule.ID, rule.Level, rule.Title)
		}
	}
}

// The README's rule tables name every rule, so the docs cannot fall behind
// the table.
func TestREADMEListsEveryRule(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules.Default() {
		if !strings.Contains(string(b), "| `"+r.ID+"` |") {
			t.Errorf("README has no table row for %s", r.ID)
		}
	}
}
