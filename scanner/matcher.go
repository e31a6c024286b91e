package scanner

import (
	"fmt"

	"github.com/hfscan/hfscan/rules"
)

// matcher runs a rule set over texts. Every rule is gated by its keywords:
// a text holding none of a rule's keywords (or, for a rule with Requires,
// none of those) never reaches that rule's regexp or detector.
type matcher struct {
	rules    []*rules.Rule
	keywords *keywordAutomaton
	// practiceRules marks the practice rules, needsContext the rules with Requires.
	practiceRules, needsContext ruleMask
	table                       *ruleTable
}

// errTooManyRules is a rule set larger than a matcher takes.
var errTooManyRules = fmt.Errorf("a scan takes at most %d rules", maxRules)

// newMatcher builds the matcher of a rule set of at most maxRules rules;
// a larger set is an error, never a rule dropped in silence.
func newMatcher(rs []*rules.Rule) (*matcher, error) {
	if len(rs) > maxRules {
		return nil, fmt.Errorf("%w: %d given", errTooManyRules, len(rs))
	}
	m := &matcher{rules: rs}
	m.table = newRuleTable(rs)
	var words []keywordEntry
	for ri, r := range rs {
		var bit ruleMask
		bit.set(ri)
		if r.Kind == rules.Practice {
			m.practiceRules.set(ri)
		}
		if len(r.Requires) > 0 {
			m.needsContext.set(ri)
		}
		for _, k := range r.Keywords {
			words = append(words, keywordEntry{word: []byte(k), mark: ruleBits{kw: bit}, leftBounded: r.KeywordStartsSecret(k)})
		}
		for _, k := range r.Requires {
			words = append(words, keywordEntry{word: []byte(k), mark: ruleBits{req: bit}})
		}
	}
	for _, w := range printCallWords {
		words = append(words, keywordEntry{word: []byte(w), mark: ruleBits{hints: hintPrintCall}})
	}
	m.keywords = newKeywordAutomaton(words)
	return m, nil
}

// mustMatcher is newMatcher for a rule set known to fit (tests, the table).
func mustMatcher(rs []*rules.Rule) *matcher {
	m, err := newMatcher(rs)
	if err != nil {
		panic(err)
	}
	return m
}

// secretHit reports whether hits hold a keyword of a secret rule.
func (m *matcher) secretHit(hits ruleBits) bool {
	for w := range ruleWords {
		if hits.kw[w]&^m.practiceRules[w] != 0 {
			return true
		}
	}
	return false
}

// printCallWords are the calls that show a value (pprint, printf and
// printenv hold print). The automaton marks them with hintPrintCall, a bit
// above every rule's, so that token-printed's precheck (printedMayFire)
// does not search the text for them again.
var printCallWords = []string{"print", "display", "echo", "%env"}

const hintPrintCall = 1 << 0

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
	var on ruleMask
	for w := range ruleWords {
		on[w] = hits.kw[w] &^ (m.needsContext[w] &^ hits.req[w])
		if !code {
			on[w] &^= m.practiceRules[w]
		}
	}
	for ri := range set {
		set[ri] = on.has(ri)
	}
	return on != ruleMask{}
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
