package fix

import (
	"errors"
	"slices"
	"strings"
)

// textEdit replaces text[start:end] of a unit with with.
type textEdit struct {
	start, end int
	with       string
}

// pieceAt is the index of the piece holding text position pos (the last
// piece for the end of the text).
func (u *unit) pieceAt(pos int) int {
	i, _ := slices.BinarySearchFunc(u.pieces, pos, func(p piece, pos int) int {
		if p.at+len(p.text) <= pos {
			return -1
		}
		if p.at > pos {
			return 1
		}
		return 0
	})
	return min(i, len(u.pieces)-1)
}

// raw is the raw offset of text position pos.
func (u *unit) raw(pos int) int {
	p := &u.pieces[u.pieceAt(pos)]
	return p.offs[pos-p.at]
}

// textPos is the text position whose byte is at raw offset off, or -1.
func (u *unit) textPos(off int) int {
	for _, p := range u.pieces {
		if off < p.tokStart || off > p.tokEnd {
			continue
		}
		if i, ok := slices.BinarySearch(p.offs, off); ok {
			for i > 0 && p.offs[i-1] == off { // the first byte of an escape's rune
				i--
			}
			return p.at + i
		}
	}
	return -1
}

// errLayout: an edit the source's layout cannot take without touching
// bytes the fix has no business with.
var errLayout = errors.New("the rewrite does not fit the cell's layout")

// rawEdits turns edits of the unit's text into edits of the file. In a
// plain file and a single-string source they map one to one. In a list of
// lines an edit within one line that leaves the line count alone is
// mapped in place (only its bytes change); one that adds or removes lines
// rewrites the elements it touches, keeping as written every line that
// stays the same, and joins them as the file joins its elements.
func (u *unit) rawEdits(tes []textEdit) ([]Edit, error) {
	// by start, an insertion before an edit that starts at the same place
	slices.SortStableFunc(tes, func(a, b textEdit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	if len(u.pieces) == 0 {
		return nil, errLayout
	}
	var out []Edit
	inPlace := func(te textEdit) {
		out = append(out, Edit{Start: u.raw(te.start), End: u.raw(te.end), With: u.encode(te.with)})
	}
	if !u.lines {
		for _, te := range tes {
			inPlace(te)
		}
		return out, nil
	}
	// Group the edits by the pieces they touch.
	span := func(te textEdit) (int, int) {
		a := u.pieceAt(te.start)
		b := a
		if te.end > te.start {
			b = u.pieceAt(te.end - 1)
		}
		return a, b
	}
	for i := 0; i < len(tes); {
		a, b := span(tes[i])
		j := i + 1
		simple := u.inLine(a, b, tes[i])
		for ; j < len(tes); j++ {
			a2, b2 := span(tes[j])
			if a2 > b {
				break
			}
			b = max(b, b2)
			simple = simple && u.inLine(a2, b2, tes[j])
		}
		if simple {
			for _, te := range tes[i:j] {
				inPlace(te)
			}
		} else {
			e, err := u.relines(a, b, tes[i:j])
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		i = j
	}
	return out, nil
}

// inLine reports whether te, which touches pieces a..b, changes one line
// and leaves it a line: it can be made in place.
func (u *unit) inLine(a, b int, te textEdit) bool {
	p := &u.pieces[a]
	emptied := te.start == p.at && te.end == p.at+len(p.text) && te.with == ""
	return a == b && !emptied && !strings.Contains(u.text[te.start:te.end]+te.with, "\n")
}

// relines rewrites the elements a..b of a list source with the edits
// made: one element per new line, a line that was there already kept
// byte for byte.
func (u *unit) relines(a, b int, tes []textEdit) (Edit, error) {
	base, end := u.pieces[a].at, u.pieces[b].at+len(u.pieces[b].text)
	var nt strings.Builder
	at := base
	for _, te := range tes {
		if te.start < at || te.end > end {
			return Edit{}, errLayout
		}
		nt.WriteString(u.text[at:te.start])
		nt.WriteString(te.with)
		at = te.end
	}
	nt.WriteString(u.text[at:end])
	var elems []string
	next := a // the first old piece not yet kept
	for _, line := range strings.SplitAfter(nt.String(), "\n") {
		if line == "" {
			continue
		}
		kept := false
		for k := next; k <= b; k++ {
			p := &u.pieces[k]
			if p.text == line {
				elems = append(elems, string(u.rawBytes(p.tokStart, p.tokEnd)))
				next, kept = k+1, true
				break
			}
		}
		if kept {
			continue
		}
		if p := &u.pieces[min(next, b)]; next <= b && strings.HasPrefix(p.text, line) {
			// the line lost its end (the new last line of the cell): keep
			// its bytes up to there.
			elems = append(elems, `"`+string(u.rawBytes(p.offs[0], p.offs[len(line)]))+`"`)
			next++
			continue
		}
		elems = append(elems, `"`+u.encode(line)+`"`)
	}
	start, stop := u.pieces[a].tokStart, u.pieces[b].tokEnd
	if len(elems) == 0 { // take a separator away with the elements
		spans := make([][2]int, len(u.pieces))
		for k, p := range u.pieces {
			spans[k] = [2]int{p.tokStart, p.tokEnd}
		}
		start, stop = withoutElements(spans, u.array, a, b)
	}
	return Edit{Start: start, End: stop, With: strings.Join(elems, u.sep)}, nil
}

// rawBytes is the file's bytes [start, end), which the unit was read from.
func (u *unit) rawBytes(start, end int) []byte { return u.data[start:end] }
