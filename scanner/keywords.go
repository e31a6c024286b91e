package scanner

// keywordAutomaton finds every keyword of a rule set in one pass over the
// bytes (Aho-Corasick, as a dense DFA over byte classes), instead of one
// bytes.Index pass per keyword: with thirty rules most keywords are absent
// from most texts, and each absent keyword would cost a full scan.
type keywordAutomaton struct {
	class    [256]uint8 // byte → class; bytes in no keyword share class 0
	nClasses int
	next     []int32    // state*nClasses + class → state
	out      []ruleBits // what a match ending in each state marks
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

// scan returns the union of the marks of every keyword in b.
func (a *keywordAutomaton) scan(b []byte) ruleBits {
	var hits ruleBits
	next, class, n := a.next, &a.class, int32(a.nClasses)
	row := int32(0)
	for _, c := range b {
		row = next[row+int32(class[c])]
		if row < 0 {
			row = -row - 1
			o := &a.out[row/n]
			hits[0] |= o[0]
			hits[1] |= o[1]
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
