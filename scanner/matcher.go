package scanner

import (
	"github.com/hfscan/hfscan/rules"
)

// matcher runs a rule set over texts. Every rule is gated by its keywords:
// a text holding none of a rule's keywords (or, for a rule with Requires,
// none of those) never reaches that rule's regexp or detector.
type matcher struct {
	rules    []*rules.Rule
	keywords *keywordAutomaton
	// practiceRules marks the practice rules, needsContext the rules with Requires.
	practiceRules, needsContext uint64
	table                       *ruleTable
}

// newMatcher builds the matcher of a rule set. The set must have at most
// maxRules rules (the rule table's test checks the full table).
func newMatcher(rs []*rules.Rule) *matcher {
	rs = rs[:min(len(rs), maxRules)]
	m := &matcher{rules: rs}
	m.table = newRuleTable(rs)
	var words []keywordEntry
	for ri, r := range rs {
		bit := uint64(1) << ri
		if r.Kind == rules.Practice {
			m.practiceRules |= bit
		}
		if len(r.Requires) > 0 {
			m.needsContext |= bit
		}
		for _, k := range r.Keywords {
			words = append(words, keywordEntry{word: []byte(k), mark: ruleBits{bit, 0}})
		}
		for _, k := range r.Requires {
			words = append(words, keywordEntry{word: []byte(k), mark: ruleBits{0, bit}})
		}
	}
	for _, w := range printCallWords {
		words = append(words, keywordEntry{word: []byte(w), mark: ruleBits{0, hintPrintCall}})
	}
	m.keywords = newKeywordAutomaton(words)
	return m
}

// printCallWords are the calls that show a value (pprint, printf and
// printenv hold print). The automaton marks them with hintPrintCall, a bit
// above every rule's, so that token-printed's precheck (printedMayFire)
// does not search the text for them again.
var printCallWords = []string{"print", "display", "echo", "%env"}

const hintPrintCall = 1 << 63

// ruleSet marks which rules a text may hold, by index into matcher.rules.
type ruleSet []bool

// candidates marks in set the rules that b may hold: secret rules always,
// practice rules only when b is code. It reports whether any was marked.
func (m *matcher) candidates(b []byte, code bool, set ruleSet) (ruleBits, bool) {
	hits := m.keywords.scan(b)
	return hits, m.mark(hits, code, set)
}

// mark turns keyword hits into the set of candidate rules.
func (m *matcher) mark(hits ruleBits, code bool, set ruleSet) bool {
	on := hits[0] &^ (m.needsContext &^ hits[1])
	if !code {
		on &^= m.practiceRules
	}
	for ri := range set {
		set[ri] = on&(1<<ri) != 0
	}
	return on != 0
}

func (m *matcher) newSet() ruleSet { return make(ruleSet, len(m.rules)) }

// textMatch is one accepted match in a Text. Start:End is where the
// finding points; litStart:litEnd (-1 when none) is secret or literal text
// that must be redacted wherever the finding is shown.
type textMatch struct {
	rule *rules.Rule
	rules.Match
	litStart, litEnd int
	message          string // overrides the rule title when set
}

// match runs the rules in set over t.
func (m *matcher) match(t *Text, set ruleSet) []textMatch {
	var out []textMatch
	for ri, on := range set {
		if !on {
			continue
		}
		r := m.rules[ri]
		if r.Kind != rules.Secret {
			continue
		}
		for _, mt := range r.FindAll(t.Data) {
			out = append(out, textMatch{rule: r, Match: mt, litStart: mt.Start, litEnd: mt.End})
		}
	}
	return out
}
