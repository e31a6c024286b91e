package scanner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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

// A rule set too large for a matcher ends the scan with an error, while
// the source has already begun to send (the walk starts before the
// matcher is built): the walk is stopped and waited for, whatever the
// size of the tree and of the queue.
func TestScanWithTooManyRulesStopsTheSource(t *testing.T) {
	dir := t.TempDir()
	for i := range 4200 { // more than a walk's queue holds
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d.py", i)), []byte("x = 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A source left blocked on its queue would hang here (the test's
	// deadline ends it).
	res := Scan(context.Background(), &Paths{Paths: []string{dir}}, Options{Rules: manyRules(maxRules + 1), Jobs: 2})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, errTooManyRules.Error()) ||
		res.Stats.Files != 0 || len(res.Findings) != 0 {
		t.Fatalf("errors %v, %d files scanned", res.Errors, res.Stats.Files)
	}
}
