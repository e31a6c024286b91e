package scanner

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/hfscan/hfscan/findings"
)

// nbPart is one scannable text of a notebook: a cell's source, one output
// field, one metadata string. Its text is the string tokens first..last-1
// of the tape (consecutive: a lone string, or the lines of a list), joined
// by newlines when lines is set, decoded only if their raw bytes hold a
// keyword. It is kept small: a notebook with widget state has a part for
// every string of it.
type nbPart struct {
	first, last int32
	pos         partPos
	lines       bool // a traceback: its strings are lines without their newlines
	// seams says a string of the part, not its last, may not end with a
	// newline: a keyword may then run from it into the next (seamMarks).
	seams bool
	// base64 marks the decoded reading of a text attachment: Jupyter
	// stores attachments base64-encoded, text/plain included. A value that
	// is not base64 is read only as written.
	base64 bool
}

// how says how a part is read, for partCache: code or not, in a Python
// notebook or not, a traceback's lines, an attachment decoded, and the
// kind of part.
func (p *nbPart) how(python, code bool) uint32 {
	b := uint32(p.pos.part) << 4
	if code {
		b |= 1
	}
	if python {
		b |= 2
	}
	if p.lines {
		b |= 4
	}
	if p.base64 {
		b |= 8
	}
	return b
}

// partPos is where a part sits; nbCollector.notebookPos spells it out.
type partPos struct {
	cell, output int32 // 1-based; 0 for notebook metadata, and outside outputs
	part         partKind
}

type partKind uint8

const (
	partSource partKind = iota
	partOutput
	partMetadata
	partAttachment
)

var partNames = [...]string{partSource: "source", partOutput: "output", partMetadata: "metadata", partAttachment: "attachment"}

// notebookPos is the report's form of a part's position.
func (c *nbCollector) notebookPos(p partPos) findings.NotebookPos {
	return findings.NotebookPos{Cell: int(p.cell), CellType: c.cellTypes[p.cell], Part: partNames[p.part], Output: int(p.output)}
}

// isCode reports whether a part is the source of a code cell.
func (c *nbCollector) isCode(p partPos) bool {
	return p.part == partSource && c.cellTypes[p.cell] == "code"
}

// collect lists the texts of a parsed nbformat 4 or 3 notebook, reusing
// the collector's storage: one collector serves one worker from file to
// file.
func (c *nbCollector) collect(t *jsonTape) ([]nbPart, error) {
	const root = 0
	if t.kind(root) != jsonObject {
		return nil, errNotNotebook
	}
	if want := len(t.toks)/2 + 16; cap(c.parts) < want { // as for the tokens: at least twofold
		c.parts = make([]nbPart, 0, max(want, 2*cap(c.parts)))
	}
	c.t, c.cell, c.parts, c.binaryBytes = t, 0, c.parts[:0], 0
	c.cellTypes = append(c.cellTypes[:0], "") // cell 0: the notebook itself
	// The cells are where the notebook's nbformat says, as nbformat reads
	// them: nbformat 3 keeps them in worksheets.
	v3 := t.intValue(t.field(root, "nbformat"))
	cellsKey := "cells"
	if v3 >= 0 && v3 <= 3 {
		cellsKey = "worksheets"
	}
	structure := t.field(root, cellsKey)
	if t.kind(structure) != jsonArray {
		return nil, errNotNotebook
	}
	notebook := partPos{part: partMetadata}
	for _, v := range t.members(root) {
		switch {
		case v != structure:
			// Metadata, and every field hfscan does not know: a token is
			// a token wherever it sits.
			c.strings(v, notebook)
		case cellsKey == "cells":
			c.cells(v)
		default:
			for ws := range t.elems(v) {
				cells := t.field(ws, "cells")
				for _, wv := range t.members(ws) {
					if wv == cells && t.kind(wv) == jsonArray {
						c.cells(wv)
					} else {
						c.strings(wv, notebook)
					}
				}
			}
		}
	}
	return c.parts, nil
}

type nbCollector struct {
	t         *jsonTape
	cell      int32 // cells seen so far, across nbformat 3 worksheets
	cellTypes []string
	parts     []nbPart
	// binaryBytes counts the raw bytes of base64 payloads (images, audio,
	// PDF) that are not scanned; they do not count against the size limit.
	binaryBytes int64
}

func (c *nbCollector) cells(cells int32) {
	t := c.t
	for cell := range t.elems(cells) {
		c.cell++
		metadata := partPos{cell: c.cell, part: partMetadata}
		if t.toks[cell].kind != jsonObject {
			c.cellTypes = append(c.cellTypes, "")
			c.strings(cell, metadata)
			continue
		}
		// Of duplicate keys the last is the one Jupyter reads (as
		// Python's json does); the parts of an earlier one are demoted to
		// metadata, still scanned as text. One pass over the keys.
		cellType := int32(noTok)
		src, input, outputs := noParts, noParts, noParts
		for k, v := range t.members(cell) {
			switch string(t.key(k)) {
			case "source":
				c.demote(src)
				from := len(c.parts)
				c.joined(v, partPos{cell: c.cell, part: partSource}, false)
				src = [2]int{from, len(c.parts)}
			case "outputs":
				c.demote(outputs)
				from := len(c.parts)
				if t.kind(v) != jsonArray {
					c.strings(v, metadata)
				} else {
					// A loop of its own, not range over t.elems: a counter
					// the loop body changes made the body a closure on the
					// heap, three allocations for every cell.
					n := int32(0)
					for out := v + 1; out < t.toks[v].next; out = t.toks[out].next {
						n++
						c.output(out, partPos{cell: c.cell, part: partOutput, output: n})
					}
				}
				outputs = [2]int{from, len(c.parts)}
			case "cell_type":
				cellType = v
			case "input": // code in nbformat 3
				c.demote(input)
				from := len(c.parts)
				c.joined(v, partPos{cell: c.cell, part: partSource}, false)
				input = [2]int{from, len(c.parts)}
			case "attachments":
				if t.kind(v) != jsonObject {
					c.strings(v, metadata)
					break
				}
				// A loop of its own, as for outputs: ranged over t.members
				// inside this loop, the iterator's state went to the heap.
				for k := v + 1; k < t.toks[v].next; k = t.toks[k+1].next {
					first := len(c.parts)
					c.bundle(k+1, partPos{cell: c.cell, part: partAttachment})
					// Read as written, and once more base64-decoded.
					for i, end := first, len(c.parts); i < end; i++ {
						decoded := c.parts[i]
						decoded.base64 = true
						c.parts = append(c.parts, decoded)
					}
				}
			default:
				// metadata, id and fields hfscan does not know
				c.strings(v, metadata)
			}
		}
		if src != noParts {
			c.demote(input) // "input" is the code only where "source" is not
		}
		c.cellTypes = append(c.cellTypes, t.stringValue(cellType))
	}
}

// noParts is an empty range of parts.
var noParts = [2]int{-1, -1}

// demote makes the parts in r (an earlier duplicate of a key) metadata.
func (c *nbCollector) demote(r [2]int) {
	for i := max(r[0], 0); i < r[1]; i++ {
		c.parts[i].pos.part, c.parts[i].pos.output, c.parts[i].lines = partMetadata, 0, false
	}
}

func (c *nbCollector) output(out int32, pos partPos) {
	t := c.t
	if t.kind(out) != jsonObject {
		c.strings(out, pos)
		return
	}
	for k, v := range t.members(out) {
		switch string(t.key(k)) {
		case "data":
			c.bundle(v, pos)
		case "traceback":
			c.joined(v, pos, true)
		case "output_type", "name", "execution_count", "prompt_number":
		case "png", "jpeg", "gif", "pdf":
			// nbformat 3 keeps mime data on the output itself, by short name.
			c.binaryBytes += int64(t.toks[v].end - t.toks[v].start)
		default:
			c.joined(v, pos, false)
		}
	}
}

// bundle scans a mime bundle (output data, an attachment), except binary
// types, which are base64 and never hold a readable secret.
func (c *nbCollector) bundle(b int32, pos partPos) {
	t := c.t
	if t.kind(b) != jsonObject {
		c.strings(b, pos)
		return
	}
	for k, v := range t.members(b) {
		if !isBinaryMimeKey(t, k) {
			c.joined(v, pos, false)
			continue
		}
		c.binaryBytes += int64(t.toks[v].end - t.toks[v].start)
	}
}

// isBinaryMimeKey is binaryMime of a bundle's key, decoded; no string is
// made of a key without escapes.
func isBinaryMimeKey(t *jsonTape, k int32) bool {
	raw := t.data[t.toks[k].start:t.toks[k].end]
	if bytes.IndexByte(raw, '\\') >= 0 {
		return binaryMime(t.stringValue(k))
	}
	return binaryMime(string(raw))
}

func binaryMime(mime string) bool {
	switch {
	case mime == "image/svg+xml":
		return false
	case strings.HasPrefix(mime, "image/"), strings.HasPrefix(mime, "audio/"),
		strings.HasPrefix(mime, "video/"), mime == "application/pdf",
		mime == "application/octet-stream", mime == "image/pdf":
		return true
	}
	return false
}

// joined adds a text made of a string or a list of strings (how nbformat
// stores multi-line text); anything else is searched for strings.
func (c *nbCollector) joined(v int32, pos partPos, lines bool) {
	t := c.t
	switch t.kind(v) {
	case jsonString:
		c.parts = append(c.parts, nbPart{pos: pos, first: v, last: v + 1})
		return
	case jsonArray:
		first, last := v+1, t.toks[v].next
		// odd stays 0 while every string but the last ends with \n and
		// no backslash before it: then no keyword runs from one into the
		// next. Told without a branch per string, whose ends come from
		// all over the file; a string ending in \\n is told apart later.
		var odd uint32
		for i := first; i < last; i++ {
			if t.toks[i].kind != jsonString {
				c.strings(v, pos)
				return
			}
			if i+1 < last {
				if e := t.toks[i].end; e >= 3 {
					d := t.data[e-3 : e]
					odd |= uint32(d[2]^'n') | uint32(d[1]^'\\') | (uint32(d[0]^'\\')-1)>>31
				} else {
					odd = 1
				}
			}
		}
		if last > first {
			c.parts = append(c.parts, nbPart{pos: pos, first: first, last: last, lines: lines, seams: odd != 0})
		}
		return
	}
	c.strings(v, pos)
}

// decodedLen is the length in bytes of a JSON string body once decoded.
func decodedLen(body []byte) int {
	if bytes.IndexByte(body, '\\') < 0 {
		return len(body)
	}
	n := 0
	for i := 0; i < len(body); {
		if body[i] != '\\' {
			n++
			i++
			continue
		}
		r, k := decodeEscape(body[i:])
		n += utf8.RuneLen(r)
		i += k
	}
	return n
}

// minSecretLen is less than the shortest secret any rule reports (a test
// checks every rule's samples against it).
const minSecretLen = 16

// strings adds every string value below v as its own text (metadata and
// JSON outputs, where widget state and the like live). Keys are not
// scanned: the tape's string tokens are walked with the keys stepped over.
func (c *nbCollector) strings(v int32, pos partPos) {
	t := c.t
	switch t.kind(v) {
	case jsonString:
		// A string too short to hold any secret is not a text of its own
		// (cell types, ids, most widget state): such texts are never code,
		// so no practice rule reads them.
		// An escape is at most six bytes for one: only a string shorter
		// than six times the limit may decode to less than it.
		if n := t.toks[v].end - t.toks[v].start; n >= 6*minSecretLen ||
			n >= minSecretLen && decodedLen(t.data[t.toks[v].start:t.toks[v].end]) >= minSecretLen {
			c.parts = append(c.parts, nbPart{pos: pos, first: v, last: v + 1})
		}
	case jsonArray:
		for i := range t.elems(v) {
			c.strings(i, pos)
		}
	case jsonObject:
		for _, value := range t.members(v) {
			c.strings(value, pos)
		}
	}
}

// raw is a part's raw bytes, from its first string's body to its last's.
func (p *nbPart) raw(tape *jsonTape) []byte {
	return tape.data[tape.toks[p.first].start:tape.toks[p.last-1].end]
}

// text decodes a part into text (whose storage it reuses), with ANSI
// escapes removed when it has any.
func (p *nbPart) text(tape *jsonTape, text *Text) *Text {
	text.Data, text.anchors, text.unicodeEscapes = text.Data[:0], text.anchors[:0], false
	strs := tape.toks[p.first:p.last]
	for i, s := range strs {
		if i > 0 && p.lines {
			text.appendSeparator("\n", int(strs[i-1].end))
		}
		text.appendJSONString(tape.data, int(s.start), int(s.end))
	}
	if len(text.anchors) == 0 {
		text.anchors = append(text.anchors, anchor{0, int(strs[0].start)})
	}
	if p.base64 {
		return text.decodeBase64()
	}
	if p.pos.part == partOutput && bytes.IndexByte(text.Data, 0x1b) >= 0 {
		return text.stripANSI()
	}
	return text
}

// notebookIsPython reports whether a notebook's code is Python, which the
// practice rules read. A notebook that names no language is taken for
// Python, as Jupyter's default kernel is.
func notebookIsPython(t *jsonTape) bool {
	meta := t.field(0, "metadata")
	for _, path := range [][2]string{{"kernelspec", "language"}, {"language_info", "name"}} {
		if v := t.field(t.field(meta, path[0]), path[1]); t.kind(v) == jsonString {
			return strings.EqualFold(t.stringValue(v), "python")
		}
	}
	return true
}
