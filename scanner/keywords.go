package scanner

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/hfscan/hfscan/scanner/code"
)

// keywordAutomaton finds every keyword of a rule set in one pass over the
// bytes (Aho-Corasick, as a dense DFA over byte classes), instead of one
// bytes.Index pass per keyword: with thirty rules most keywords are absent
// from most texts, and each absent keyword would cost a full scan.
type keywordAutomaton struct {
	class    [256]uint8 // byte → class; bytes in no keyword share class 0
	nClasses int
	maxLen   int // longest keyword
	// next[uint16(row+class)] is the row of the next state (state ×
	// nClasses, so the hot loop needs no multiply), stored as -row-1 when
	// that state ends a keyword. A table of fixed size indexed by a uint16
	// needs no bounds check in the hot loop.
	next *[tableSize]int32
	out  []ruleBits // by state: what a match ending there marks
	// boundLen, by state, is the length of the keywords that end there
	// when every one of them is leftBounded (all of one length), else 0:
	// a hit of such a state right after a letter, a digit or an
	// underscore is no hit.
	boundLen []int8
}

// tableSize bounds states × classes; the full rule table uses about a
// quarter of it (a test keeps an eye on that).
const tableSize = 1 << 16

// ruleWords is how many 64-bit words mark the rules of a set: a matcher
// takes up to maxRules rules, and says so rather than drop one.
const (
	ruleWords = 2
	maxRules  = 64 * ruleWords
)

// ruleMask marks rules by index.
type ruleMask [ruleWords]uint64

func (m *ruleMask) set(i int)     { m[i/64] |= 1 << (i % 64) }
func (m ruleMask) has(i int) bool { return m[i/64]&(1<<(i%64)) != 0 }

// ruleBits is what keywords mark: the rules whose keywords stand (kw), the
// rules whose Requires words stand (req), and hints that are no rule's
// (hintPrintCall), kept apart so that no rule's bit is ever a hint's.
type ruleBits struct {
	kw, req ruleMask
	hints   uint64
}

func (b *ruleBits) or(o ruleBits) {
	for i := range ruleWords {
		b.kw[i] |= o.kw[i]
		b.req[i] |= o.req[i]
	}
	b.hints |= o.hints
}

// any reports whether a rule's keyword stands (hints alone are no hit).
func (b ruleBits) any() bool { return b.kw != ruleMask{} }

// keywordEntry is one word and what finding it marks.
type keywordEntry struct {
	word []byte
	mark ruleBits
	// leftBounded says that whatever the word marks can only be found
	// where the word does not follow a letter, a digit or an underscore
	// (rules.Rule.KeywordStartsSecret).
	leftBounded bool
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
	// The trie, with goto transitions only, as rows of nClasses children
	// (0: none — the root is nobody's child). Flat rows rather than a map
	// per node: the table is built at every start, and a pre-commit run
	// on a few files is mostly start-up.
	n := a.nClasses
	// A state per keyword byte at most, and the root: one allocation.
	most := 1
	for _, w := range words {
		most += len(w.word)
	}
	children := make([]int32, n, most*n)
	var outs []ruleBits
	outs = append(outs, ruleBits{})
	own := []int8{0} // by state: boundLen of the words that end there themselves
	for _, w := range words {
		s := int32(0)
		for _, c := range w.word {
			k := int(a.class[c])
			nxt := children[int(s)*n+k]
			if nxt == 0 {
				nxt = int32(len(outs))
				outs = append(outs, ruleBits{})
				own = append(own, 0)
				children = append(children, make([]int32, n)...)
				children[int(s)*n+k] = nxt
			}
			s = nxt
		}
		outs[s].or(w.mark)
		l := int8(-1)
		if w.leftBounded && len(w.word) < 128 {
			l = int8(len(w.word))
		}
		own[s] = joinBoundLen(own[s], l)
	}
	states := len(outs)
	// Breadth-first: failure links folded into a complete transition table.
	if states*n > tableSize {
		panic(fmt.Sprintf("keyword automaton: %d states × %d byte classes do not fit a table of %d", states, n, tableSize))
	}
	a.next = new([tableSize]int32)
	a.out = make([]ruleBits, states)
	a.boundLen = make([]int8, states)
	fail := make([]int32, states)
	queue := make([]int32, 1, states)
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.out[s] = outs[s]
		a.out[s].or(a.out[fail[s]])
		a.boundLen[s] = joinBoundLen(own[s], a.boundLen[fail[s]])
		for k := 0; k < n; k++ {
			if child := children[int(s)*n+k]; child != 0 {
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
	for st, l := range a.boundLen {
		a.boundLen[st] = max(l, 0)
	}
	// Store rows instead of states, negative where a keyword ends.
	ends := make([]bool, states) // asked once per state, not once per entry
	for st := range ends {
		ends[st] = a.out[st] != (ruleBits{})
	}
	for i, st := range a.next[:states*n] {
		row := st * int32(n)
		if ends[st] {
			row = -row - 1
		}
		a.next[i] = row
	}
	return a
}

// joinBoundLen combines what two sets of words ending in one state say of
// boundLen: 0 no word, -1 some word not leftBounded (or two lengths), n
// leftBounded words of length n.
func joinBoundLen(a, b int8) int8 {
	switch {
	case a == 0:
		return b
	case b == 0 || a == b:
		return a
	}
	return -1
}

// scan returns the union of the marks of every keyword in b. It walks b in
// pieces of at most maxBatch bytes, as a batch is walked (hitsIn), each
// piece starting early by the longest keyword less one byte so that no
// keyword across two pieces is missed; the hits of one piece are all that
// is held at a time, however large b is.
func (a *keywordAutomaton) scan(b []byte) ruleBits {
	var marks ruleBits
	var buf [64]keywordHit
	hits := buf[:0]
	for start := 0; ; start += maxBatch {
		from := max(0, start-(a.maxLen-1))
		hits = a.hitsIn(b[from:min(start+maxBatch, len(b))], hits[:0])
		for _, h := range hits {
			marks.or(a.marks(h.row))
		}
		if start+maxBatch >= len(b) {
			return marks
		}
	}
}

// run4 walks four stretches of equal length on from byte i until a state
// ends a keyword (it returns that i, every row as the table gave it) or the
// stretches end. It is a function of its own, with nothing but the loop,
// so that the compiler keeps the four states in registers: with the hit
// handling beside it they were spilled to the stack, and every step waited
// on a store and a load (measured: 1.0 GB/s then, 1.5 GB/s now).
func run4(next *[tableSize]int32, class *[256]uint8, s0, s1, s2, s3 []byte, i int, r0, r1, r2, r3 int32) (int, int32, int32, int32, int32) {
	s1, s2, s3 = s1[:len(s0)], s2[:len(s0)], s3[:len(s0)]
	_, _, _ = next[0], class[0], s0[i:] // checked once here, not at every step
	for ; i < len(s0); i++ {
		r0 = next[uint16(r0+int32(class[s0[i]]))]
		r1 = next[uint16(r1+int32(class[s1[i]]))]
		r2 = next[uint16(r2+int32(class[s2[i]]))]
		r3 = next[uint16(r3+int32(class[s3[i]]))]
		if r0 < 0 || r1 < 0 || r2 < 0 || r3 < 0 {
			break
		}
	}
	return i, r0, r1, r2, r3
}

// marks is what a keyword ending in the state of row marks.
func (a *keywordAutomaton) marks(row int32) ruleBits { return a.out[row/int32(a.nClasses)] }

// keywordHit is where in a batch a keyword ends, and the state row there.
type keywordHit struct{ pos, row int32 }

// batchSep ends each text of a batch. No keyword holds it, so it takes the
// automaton back to its start: no keyword runs from one text into the next.
const batchSep = 0

// keywordBatch scans many short texts (a notebook's cells and outputs) as
// one: they are copied end to end, walked four stretches at once like one
// long text, and each keyword end found is credited to its text. Walked
// one by one, a short text gets no such overlap of table loads.
type keywordBatch struct {
	buf    []byte
	starts []int32 // where each text begins in buf
	owners []int   // the index in marks that each text's keywords mark
	hits   []keywordHit
}

// maxBatch bounds a batch, and so the hits it can record; a longer text is
// best scanned alone.
const maxBatch = 1 << 20

// add appends a text whose keywords go to marks[owner] on the next flush,
// first flushing what the batch holds if the text would not fit.
func (kb *keywordBatch) add(a *keywordAutomaton, text []byte, owner int, marks []ruleBits) {
	if len(kb.buf)+len(text)+1 > maxBatch {
		kb.flush(a, marks)
	}
	if kb.buf == nil { // the most a batch holds: one allocation, no doublings
		kb.buf = make([]byte, 0, maxBatch+maxBatch/2+1)
	}
	kb.starts = append(kb.starts, int32(len(kb.buf)))
	kb.owners = append(kb.owners, owner)
	kb.buf = append(append(kb.buf, text...), batchSep)
}

// flush scans the texts added since the last flush and empties the batch.
func (kb *keywordBatch) flush(a *keywordAutomaton, marks []ruleBits) {
	kb.hits = a.hitsIn(kb.buf, kb.hits[:0])
	for _, h := range kb.hits {
		i, found := slices.BinarySearch(kb.starts, h.pos)
		if !found {
			i--
		}
		marks[kb.owners[i]].or(a.marks(h.row))
	}
	kb.buf, kb.starts, kb.owners = kb.buf[:0], kb.starts[:0], kb.owners[:0]
}

// hitsIn appends every keyword end in b to hits. A DFA walk is bound by
// the latency of each table load, so a long text is walked as four
// stretches at once (run4). Each stretch but the first starts early by the
// longest keyword less one byte, so no keyword that crosses from one
// stretch into the next is missed; a keyword seen twice is reported twice,
// which marks the same bits.
func (a *keywordAutomaton) hitsIn(b []byte, hits []keywordHit) []keywordHit {
	first := len(hits)
	return a.bounded(b, a.allHitsIn(b, hits), first)
}

// bounded drops the hits from first on whose keywords are leftBounded and
// follow a letter, a digit or an underscore in b — unless that byte may
// end an escape, which the text the rules read holds decoded or stripped.
// A keyword at the start of b is kept: what stands before it is unknown.
func (a *keywordAutomaton) bounded(b []byte, hits []keywordHit, first int) []keywordHit {
	out := hits[:first]
	for _, h := range hits[first:] {
		if n := int(a.boundLen[h.row/int32(a.nClasses)]); n > 0 {
			start := int(h.pos) - n + 1
			if start > 0 && code.IsWordByte(b[start-1]) && !mayEndEscape(b, start-1) {
				continue
			}
		}
		out = append(out, h)
	}
	return out
}

// mayEndEscape reports whether b[end] may be the last byte of an escape
// that the rules read decoded: a JSON, Python or JavaScript one (\n,
// \u0020, \x20, \U00000020: a backslash in the nine bytes before it), a
// percent-escape (%20), or a terminal escape (ESC X, ESC [ params final),
// written as a byte or as \u001b, which outputs and logs are read without.
func mayEndEscape(b []byte, end int) bool {
	if bytes.IndexByte(b[max(0, end-9):end], '\\') >= 0 || bytes.IndexByte(b[max(0, end-2):end], '%') >= 0 {
		return true
	}
	i := end - 1
	if i >= 0 && b[i] == 0x1b {
		return true
	}
	for i >= 0 && b[i] >= 0x20 && b[i] <= 0x3f { // a CSI's parameter bytes
		i--
	}
	return i >= 0 && b[i] == '[' && (i >= 1 && b[i-1] == 0x1b || i >= 6 && b[i-6] == '\\')
}

// allHitsIn is hitsIn before bounded.
func (a *keywordAutomaton) allHitsIn(b []byte, hits []keywordHit) []keywordHit {
	over := a.maxLen - 1
	n := len(b) / 4
	if n < 64 || over > n {
		return a.walkHits(0, 0, b, hits)
	}
	s0, s1, s2, s3 := b[:n], b[n-over:2*n-over], b[2*n-over:3*n-over], b[3*n-over:4*n-over]
	offsets := [4]int32{0, int32(n - over), int32(2*n - over), int32(3*n - over)}
	var rows [4]int32
	for i := 0; ; i++ {
		i, rows[0], rows[1], rows[2], rows[3] = run4(a.next, &a.class, s0, s1, s2, s3, i, rows[0], rows[1], rows[2], rows[3])
		if i >= n {
			break
		}
		for k, r := range rows {
			if r < 0 {
				rows[k] = -r - 1
				hits = append(hits, keywordHit{offsets[k] + int32(i), rows[k]})
			}
		}
	}
	// Each stretch walked n bytes; stretches 1-3 still have their last
	// over bytes, and the text its remainder, to walk.
	hits = a.walkHits(rows[1], 2*n-over, b[2*n-over:2*n], hits)
	hits = a.walkHits(rows[2], 3*n-over, b[3*n-over:3*n], hits)
	return a.walkHits(rows[3], 4*n-over, b[4*n-over:], hits)
}

// walkHits runs the automaton over b, which starts at offset base, from the
// state whose row is row, appending every keyword end to hits.
func (a *keywordAutomaton) walkHits(row int32, base int, b []byte, hits []keywordHit) []keywordHit {
	next, class := a.next, &a.class
	for i, c := range b {
		row = next[uint16(row+int32(class[c]))]
		if row < 0 {
			row = -row - 1
			hits = append(hits, keywordHit{int32(base + i), row})
		}
	}
	return hits
}
