package scanner

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// manyRules is a table of n secret rules, each with its own keyword, and
// token-printed at the end (its print-call hint must stay apart from every
// rule's bits).
func manyRules(n int) []*rules.Rule {
	var table []*rules.Rule
	for i := range n {
		prefix := fmt.Sprintf("k%03dx_", i)
		table = append(table, (&rules.Rule{
			ID: fmt.Sprintf("rule-%03d", i), Kind: rules.Secret, Level: rules.Error, Title: "synthetic",
			Keywords: []string{prefix}, Pattern: prefix + `[A-Za-z0-9]{20}`,
		}).Compile())
	}
	for _, r := range rules.Default() {
		if r.ID == "token-printed" {
			table = append(table, r)
		}
	}
	return table
}

// A table of 100 rules: every rule is found, in code and in notebooks,
// and the last one's bits are not the print-call hint's.
func TestHundredRules(t *testing.T) {
	table := manyRules(100)
	m := mustMatcher(table)
	fs := &fileScanner{m: m}
	var text strings.Builder
	for i := range 100 {
		fmt.Fprintf(&text, "t%d = 'k%03dx_%s'\n", i, i, strings.Repeat("A", 20))
	}
	text.WriteString("hf_token = get()\nprint(hf_token)\n")
	found, _, _ := fs.scanData("many.py", "many.py", []byte(text.String()), false)
	got := map[string]bool{}
	for _, f := range found {
		got[f.Rule.ID] = true
	}
	for _, r := range table {
		if !got[r.ID] {
			t.Errorf("%s not found", r.ID)
		}
	}
	// The print-call hint alone marks no rule.
	if ms := fs.m.newSet(); fs.m.mark(ruleBits{hints: hintPrintCall}, true, ms) {
		t.Error("the print-call hint marked a rule")
	}
	if _, err := newMatcher(manyRules(maxRules)); !errors.Is(err, errTooManyRules) {
		t.Errorf("%d rules: %v, want errTooManyRules", maxRules+1, err)
	}
}
