package scanner

import (
	"bytes"

	"github.com/hfscan/hfscan/rules"
)

// matcher runs a rule set over texts. Every rule is gated by its keywords:
// a text holding none of a rule's keywords never reaches that rule's regexp.
type matcher struct {
	rules []*rules.Rule
	// keywords are the distinct keywords of all rules; keywordRules[i]
	// lists the rules (indexes into rules) that keywords[i] selects.
	keywords     [][]byte
	keywordRules [][]int
}

func newMatcher(rs []*rules.Rule) *matcher {
	m := &matcher{rules: rs}
	index := map[string]int{}
	for ri, r := range rs {
		for _, k := range r.Keywords {
			ki, ok := index[k]
			if !ok {
				ki = len(m.keywords)
				index[k] = ki
				m.keywords = append(m.keywords, []byte(k))
				m.keywordRules = append(m.keywordRules, nil)
			}
			m.keywordRules[ki] = append(m.keywordRules[ki], ri)
		}
	}
	return m
}

// ruleSet marks which rules a text may hold, by index into matcher.rules.
type ruleSet []bool

func (s ruleSet) any() bool {
	for _, b := range s {
		if b {
			return true
		}
	}
	return false
}

// candidates marks in set the rules whose keywords occur in b, limited to
// the rules already marked in within (nil: all rules). It reports whether
// any rule was marked.
func (m *matcher) candidates(b []byte, within, set ruleSet) bool {
	found := false
	for ki, k := range m.keywords {
		if !m.wanted(ki, within, set) || !bytes.Contains(b, k) {
			continue
		}
		for _, ri := range m.keywordRules[ki] {
			if within == nil || within[ri] {
				set[ri] = true
				found = true
			}
		}
	}
	return found
}

// wanted says whether keyword ki could still mark a rule not yet marked.
func (m *matcher) wanted(ki int, within, set ruleSet) bool {
	for _, ri := range m.keywordRules[ki] {
		if !set[ri] && (within == nil || within[ri]) {
			return true
		}
	}
	return false
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
