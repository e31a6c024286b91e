package scanner

// keywordAutomaton finds every keyword of a rule set in one pass over the
// bytes (Aho-Corasick, as a dense DFA over byte classes), instead of one
// bytes.Index pass per keyword: with thirty rules most keywords are absent
// from most texts, and each absent keyword would cost a full scan.
type keywordAutomaton struct {
	class    [256]uint8 // byte → class; bytes in no keyword share class 0
	nClasses int
	maxLen   int // longest keyword
	// next[row+class] is the row of the next state (state × nClasses, so
	// the hot loop needs no multiply), stored as -row-1 when that state
	// ends a keyword.
	next []int32
	out  []ruleBits // by state: what a match ending there marks
}

// ruleBits marks rules by index: the low word for a rule's keywords, the
// high word for its Requires words. It limits a rule set to 64 rules.
type ruleBits [2]uint64

const maxRules = 64

func (b *ruleBits) or(o ruleBits) { b[0] |= o[0]; b[1] |= o[1] }

// keywordEntry is one word and what finding it marks.
type keywordEntry struct {
	word []byte
	mark ruleBits
}

func newKeywordAutomaton(words []keywordEntry) *keywordAutomaton {
	a := &keywordAutomaton{nClasses: 1}
	for _, w := range words {
		a.maxLen = max(a.maxLen, len(w.word))
		for _, c := range w.word {
			if a.class[c] == 0 {
				a.class[c] = uint8(a.nClasses)
				a.nClasses++
			}
		}
	}
	// The trie, with goto transitions only.
	type node struct {
		children map[uint8]int32
		out      ruleBits
	}
	nodes := []node{{children: map[uint8]int32{}}}
	for _, w := range words {
		s := int32(0)
		for _, c := range w.word {
			k := a.class[c]
			nxt, ok := nodes[s].children[k]
			if !ok {
				nxt = int32(len(nodes))
				nodes = append(nodes, node{children: map[uint8]int32{}})
				nodes[s].children[k] = nxt
			}
			s = nxt
		}
		nodes[s].out.or(w.mark)
	}
	// Breadth-first: failure links folded into a complete transition table.
	n := a.nClasses
	a.next = make([]int32, len(nodes)*n)
	a.out = make([]ruleBits, len(nodes))
	fail := make([]int32, len(nodes))
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.out[s] = nodes[s].out
		a.out[s].or(a.out[fail[s]])
		for k := 0; k < n; k++ {
			if child, ok := nodes[s].children[uint8(k)]; ok {
				a.next[int(s)*n+k] = child
				if s != 0 {
					fail[child] = a.next[int(fail[s])*n+k]
				}
				queue = append(queue, child)
			} else if s != 0 {
				a.next[int(s)*n+k] = a.next[int(fail[s])*n+k]
			}
		}
	}
	// Store rows instead of states, negative where a keyword ends.
	for i, st := range a.next {
		row := st * int32(n)
		if a.out[st] != (ruleBits{}) {
			row = -row - 1
		}
		a.next[i] = row
	}
	return a
}

// scan returns the union of the marks of every keyword in b. A DFA walk is
// bound by the latency of each table load, so a long text is walked as
// four (or two) stretches at once. Each stretch but the first starts early
// by the longest keyword less one byte, so no keyword that crosses from one
// stretch into the next is missed; a keyword seen twice marks the same bits.
func (a *keywordAutomaton) scan(b []byte) ruleBits {
	if a.maxLen == 0 || a.maxLen > 64 {
		return a.walk(b)
	}
	switch {
	case len(b) >= 1024:
		return a.scan4(b)
	case len(b) >= 256:
		return a.scan2(b)
	}
	return a.walk(b)
}

func (a *keywordAutomaton) scan2(b []byte) ruleBits {
	over := a.maxLen - 1
	n := len(b) / 2
	s0, s1 := b[:n], b[n-over:2*n-over]
	next, class := a.next, &a.class
	var hits ruleBits
	r0, r1 := int32(0), int32(0)
	for i := range s0 {
		r0 = next[r0+int32(class[s0[i]])]
		r1 = next[r1+int32(class[s1[i]])]
		if r0|r1 < 0 {
			r0, r1 = a.hit(r0, &hits), a.hit(r1, &hits)
		}
	}
	hits.or(a.walkFrom(r1, b[2*n-over:]))
	return hits
}

func (a *keywordAutomaton) scan4(b []byte) ruleBits {
	over := a.maxLen - 1
	n := len(b) / 4
	s0 := b[:n]
	s1 := b[n-over : 2*n-over]
	s2 := b[2*n-over : 3*n-over]
	s3 := b[3*n-over : 4*n-over]
	next, class := a.next, &a.class
	var hits ruleBits
	r0, r1, r2, r3 := int32(0), int32(0), int32(0), int32(0)
	for i := range s0 {
		r0 = next[r0+int32(class[s0[i]])]
		r1 = next[r1+int32(class[s1[i]])]
		r2 = next[r2+int32(class[s2[i]])]
		r3 = next[r3+int32(class[s3[i]])]
		if r0|r1|r2|r3 < 0 {
			r0, r1, r2, r3 = a.hit(r0, &hits), a.hit(r1, &hits), a.hit(r2, &hits), a.hit(r3, &hits)
		}
	}
	// Each stretch walked n bytes; the overlap it owes the next one is
	// already covered by that one's early start, but stretches 1-3 still
	// have their last over bytes, and the text its remainder, to walk.
	hits.or(a.walkFrom(r1, b[2*n-over:2*n]))
	hits.or(a.walkFrom(r2, b[3*n-over:3*n]))
	hits.or(a.walkFrom(r3, b[4*n-over:]))
	return hits
}

// hit adds the marks of the state that row ends a keyword in, if it does,
// and returns the row to go on from.
func (a *keywordAutomaton) hit(row int32, hits *ruleBits) int32 {
	if row < 0 {
		row = -row - 1
		hits.or(a.out[row/int32(a.nClasses)])
	}
	return row
}

func (a *keywordAutomaton) walk(b []byte) ruleBits { return a.walkFrom(0, b) }

// walkFrom runs the automaton over b from the state whose row is row.
func (a *keywordAutomaton) walkFrom(row int32, b []byte) ruleBits {
	var hits ruleBits
	next, class, n := a.next, &a.class, int32(a.nClasses)
	for _, c := range b {
		row = next[row+int32(class[c])]
		if row < 0 {
			row = -row - 1
			hits.or(a.out[row/n])
		}
	}
	return hits
}

// any reports whether b holds any keyword, stopping at the first.
func (a *keywordAutomaton) any(b []byte) bool {
	next, class := a.next, &a.class
	row := int32(0)
	for _, c := range b {
		row = next[row+int32(class[c])]
		if row < 0 {
			return true
		}
	}
	return false
}
