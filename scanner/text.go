package scanner

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// anchor ties a byte offset in decoded text to the raw file: text bytes from
// anchor.text on sit at raw offsets counted on from anchor.raw, up to the
// next anchor.
type anchor struct{ text, raw int }

// Text is one piece of scannable text (a cell's source, one output, one
// metadata string) with the way back from its bytes to the raw file.
type Text struct {
	Data    []byte
	anchors []anchor
	// unicodeEscapes is set when a \uXXXX escape was decoded into Data: only
	// then can a word stand in Data that its raw bytes do not hold.
	unicodeEscapes bool
}

// clone returns a copy of t that owns its storage.
func (t *Text) clone() *Text {
	return &Text{Data: append([]byte(nil), t.Data...), anchors: append([]anchor(nil), t.anchors...)}
}

// rawText is a text that is the file itself.
func rawText(data []byte) *Text {
	return &Text{Data: data, anchors: []anchor{{0, 0}}}
}

// Raw maps a byte offset in t.Data to its byte offset in the raw file.
func (t *Text) Raw(off int) int {
	i := sort.Search(len(t.anchors), func(i int) bool { return t.anchors[i].text > off }) - 1
	if i < 0 {
		i = 0
	}
	a := t.anchors[i]
	return a.raw + off - a.text
}

func (t *Text) mark(raw int) {
	n := len(t.Data)
	if k := len(t.anchors); k > 0 {
		last := t.anchors[k-1]
		if last.text == n {
			t.anchors[k-1].raw = raw
			return
		}
		if last.raw+n-last.text == raw {
			return // the linear run goes on: no new anchor needed
		}
	}
	t.anchors = append(t.anchors, anchor{n, raw})
}

// appendJSONString decodes the JSON string body raw[start:end] (without its
// quotes) onto t, anchoring every decoded byte to where it sits in raw.
func (t *Text) appendJSONString(raw []byte, start, end int) {
	i := start
	for i < end {
		j := end
		if k := bytes.IndexByte(raw[i:end], '\\'); k >= 0 {
			j = i + k
		}
		if j > i {
			t.mark(i)
			t.Data = append(t.Data, raw[i:j]...)
		}
		if j >= end {
			return
		}
		t.mark(j)
		if j+1 < end && raw[j+1] == 'u' {
			t.unicodeEscapes = true
		}
		r, n := decodeEscape(raw[j:end])
		t.Data = utf8.AppendRune(t.Data, r)
		i = j + n
		t.mark(i)
	}
}

// decodeEscape reads one backslash escape at the start of b and returns the
// rune it stands for and how many bytes it took. Surrogate pairs
// (\ud83d\ude00) make one rune; anything malformed decodes to U+FFFD or to
// the backslash itself, never to a panic.
func decodeEscape(b []byte) (rune, int) {
	if len(b) < 2 {
		return '\\', 1
	}
	switch b[1] {
	case '"', '\\', '/':
		return rune(b[1]), 2
	case 'n':
		return '\n', 2
	case 't':
		return '\t', 2
	case 'r':
		return '\r', 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'u':
		r, ok := hex4(b[2:])
		if !ok {
			return utf8.RuneError, 2
		}
		if r >= 0xD800 && r < 0xDC00 && len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
			if lo, ok := hex4(b[8:]); ok && lo >= 0xDC00 && lo < 0xE000 {
				return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), 12
			}
		}
		if r >= 0xD800 && r < 0xE000 {
			return utf8.RuneError, 6
		}
		return r, 6
	}
	return '\\', 1
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// appendSeparator adds bytes that stand for no character of the file (the
// newline between two traceback frames); they map to raw offset at.
func (t *Text) appendSeparator(s string, at int) {
	t.anchors = append(t.anchors, anchor{len(t.Data), at})
	t.Data = append(t.Data, s...)
	t.anchors = append(t.anchors, anchor{len(t.Data), at})
}

// stripANSI returns a copy of t without terminal escape sequences (colour
// codes in tracebacks), keeping the map to the raw file exact.
func (t *Text) stripANSI() *Text {
	out := &Text{Data: make([]byte, 0, len(t.Data))}
	d := t.Data
	for i := 0; i < len(d); {
		if d[i] == 0x1b {
			i += ansiLen(d[i:])
			continue
		}
		j := i
		for j < len(d) && d[j] != 0x1b {
			j++
		}
		// Copy d[i:j] and carry over every anchor inside it.
		out.anchors = append(out.anchors, anchor{len(out.Data), t.Raw(i)})
		k := sort.Search(len(t.anchors), func(k int) bool { return t.anchors[k].text > i })
		for ; k < len(t.anchors) && t.anchors[k].text < j; k++ {
			out.anchors = append(out.anchors, anchor{len(out.Data) + t.anchors[k].text - i, t.anchors[k].raw})
		}
		out.Data = append(out.Data, d[i:j]...)
		i = j
	}
	if len(out.anchors) == 0 {
		out.anchors = []anchor{{0, t.Raw(0)}}
	}
	return out
}

// unescaped returns a view of t with the escapes that writers put before
// or inside tokens decoded — backslash escapes (\u0027, \u0068,
// \U0001F600, \x41, \', \" and the like, as JSON, Python and JavaScript
// write them) and percent-escapes (%3D, %20, as URLs and logs do) — or nil
// when t holds none. The view's anchors map to offsets in t.Data, not to
// the file: t.Raw takes them on. Whitespace escapes (\n, \t…) become a
// space, so the view has the lines of t.
func (t *Text) unescaped() *Text {
	d := t.Data
	if bytes.IndexByte(d, '\\') < 0 && bytes.IndexByte(d, '%') < 0 {
		return nil
	}
	var out *Text
	run, useful := 0, false
	for i := 0; i < len(d); {
		if d[i] != '\\' && d[i] != '%' {
			i++
			continue
		}
		r, isByte, n := decodeWriterEscape(d[i:])
		if n == 0 {
			i++
			continue
		}
		// Only an escape that can stand for a word character (a \u or
		// \x escape, %XX) changes what is a token; \n, \" and the like
		// are decoded on the way, but make no view worth its copy.
		useful = useful || d[i] == '%' || d[i+1] == 'u' || d[i+1] == 'U' || d[i+1] == 'x'
		if out == nil {
			out = &Text{Data: make([]byte, 0, len(d))}
		}
		if run < i {
			out.anchors = append(out.anchors, anchor{len(out.Data), run})
			out.Data = append(out.Data, d[run:i]...)
		}
		out.anchors = append(out.anchors, anchor{len(out.Data), i})
		if isByte {
			out.Data = append(out.Data, byte(r))
		} else {
			out.Data = utf8.AppendRune(out.Data, r)
		}
		i += n
		run = i
	}
	if out == nil || !useful {
		return nil
	}
	out.anchors = append(out.anchors, anchor{len(out.Data), run})
	out.Data = append(out.Data, d[run:]...)
	return out
}

// decodeWriterEscape reads one escape at the start of b: the character it
// stands for (a byte when isByte) and its length, 0 when b does not start
// with one.
func decodeWriterEscape(b []byte) (r rune, isByte bool, n int) {
	hexN := func(b []byte, k int) (rune, bool) {
		if len(b) < k {
			return 0, false
		}
		var v rune
		for _, c := range b[:k] {
			d := unhex(c)
			if d < 0 {
				return 0, false
			}
			v = v<<4 | rune(d)
		}
		return v, true
	}
	if b[0] == '%' {
		if v, ok := hexN(b[1:], 2); ok {
			return v, true, 3
		}
		return 0, false, 0
	}
	if len(b) < 2 {
		return 0, false, 0
	}
	switch b[1] {
	case 'u':
		if _, ok := hexN(b[2:], 4); !ok {
			return 0, false, 0
		}
		r, n := decodeEscape(b)
		return r, false, n
	case 'U':
		if v, ok := hexN(b[2:], 8); ok && utf8.ValidRune(v) {
			return v, false, 10
		}
	case 'x':
		if v, ok := hexN(b[2:], 2); ok {
			return v, true, 4
		}
	case 'n', 'r', 't', 'b', 'f', 'v':
		return ' ', false, 2
	case '\'', '"', '\\', '/', '`':
		return rune(b[1]), false, 2
	}
	return 0, false, 0
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c - 'a' + 10)
	case c >= 'A' && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}

// decodeBase64 returns the text that t holds in base64 (a notebook's text
// attachment). Each decoded group of three bytes maps to the first of the
// four characters that encode it: exact to the group, not to the byte.
// Padding and white space are stepped over; a text with any other
// character outside the alphabet is not base64, and the result is nil.
func (t *Text) decodeBase64() *Text {
	out := &Text{}
	var quad [4]byte
	var at [4]int
	n := 0
	flush := func() {
		var v uint32
		for i := range n {
			v = v<<6 | uint32(quad[i])
		}
		v <<= 6 * uint32(4-n)
		out.anchors = append(out.anchors, anchor{len(out.Data), t.Raw(at[0])})
		b := [3]byte{byte(v >> 16), byte(v >> 8), byte(v)}
		out.Data = append(out.Data, b[:max(0, n-1)]...)
		n = 0
	}
	for i, c := range t.Data {
		var d byte
		switch {
		case c >= 'A' && c <= 'Z':
			d = c - 'A'
		case c >= 'a' && c <= 'z':
			d = c - 'a' + 26
		case c >= '0' && c <= '9':
			d = c - '0' + 52
		case c == '+' || c == '-':
			d = 62
		case c == '/' || c == '_':
			d = 63
		case c == '=' || c == '\n' || c == '\r' || c == ' ' || c == '\t':
			continue
		default:
			return nil // not base64: the text is read as it stands
		}
		quad[n], at[n] = d, i
		n++
		if n == 4 {
			flush()
		}
	}
	if n > 1 {
		flush()
	}
	if len(out.anchors) == 0 {
		out.anchors = []anchor{{0, t.Raw(0)}}
	}
	return out
}

// ansiLen is the length of the escape sequence at the start of b (which
// begins with ESC): CSI "ESC [ params final", OSC "ESC ] … BEL or ESC \",
// or a two-byte escape.
func ansiLen(b []byte) int {
	if len(b) < 2 {
		return len(b)
	}
	switch b[1] {
	case '[':
		i := 2
		for i < len(b) && b[i] >= 0x20 && b[i] <= 0x3f {
			i++
		}
		if i < len(b) && b[i] >= 0x40 && b[i] <= 0x7e {
			i++
		}
		return i
	case ']':
		for i := 2; i < len(b); i++ {
			if b[i] == 0x07 {
				return i + 1
			}
			if b[i] == 0x1b && i+1 < len(b) && b[i+1] == '\\' {
				return i + 2
			}
		}
		return len(b)
	}
	return 2
}

// columns turns byte offsets of one text into 1-based lines and
// code-point columns, counting lines as editors do: LF, CRLF and a lone CR
// each end one. Lines are found as far as an offset asked needs: a finding
// in the first cells of a notebook of megabytes does not list the lines
// of all the rest (every line start is an int, and each page of them a
// fresh page to fault in). Offsets asked in increasing order on one line
// (the findings of a minified file) are counted on from the last, not from
// the line's start each time.
type columns struct {
	b      []byte
	starts []int // where lines 0, 1, … begin, as far as found
	done   bool  // starts holds every line of b
	cr     bool  // b holds a CR: lines are split byte by byte
	// the last answer: offset, its line index and column
	lastOff, lastLine, lastCol int
}

func newColumns(b []byte) *columns {
	return &columns{b: b, starts: []int{0}, cr: bytes.IndexByte(b, '\r') >= 0, lastLine: -1}
}

// nextLine finds where the line after the last one found begins, or marks
// the lines done. Without a CR in the text it is one IndexByte, which skips
// a long line (a minified notebook, a base64 image) many bytes at a time.
func (c *columns) nextLine() {
	from := c.starts[len(c.starts)-1]
	if !c.cr {
		if k := bytes.IndexByte(c.b[from:], '\n'); k >= 0 {
			c.starts = append(c.starts, from+k+1)
			return
		}
		c.done = true
		return
	}
	for i := from; i < len(c.b); i++ {
		switch c.b[i] {
		case '\n':
			c.starts = append(c.starts, i+1)
			return
		case '\r':
			if i+1 == len(c.b) || c.b[i+1] != '\n' {
				c.starts = append(c.starts, i+1)
				return
			}
		}
	}
	c.done = true
}

// hasLine reports whether the text has a line of index k.
func (c *columns) hasLine(k int) bool {
	for !c.done && len(c.starts) <= k {
		c.nextLine()
	}
	return k < len(c.starts)
}

// startOf is where line k begins; hasLine(k) must hold.
func (c *columns) startOf(k int) int {
	c.hasLine(k)
	return c.starts[k]
}

// line is the index of the line holding off.
func (c *columns) line(off int) int {
	for !c.done && c.starts[len(c.starts)-1] <= off {
		c.nextLine()
	}
	return sort.Search(len(c.starts), func(i int) bool { return c.starts[i] > off }) - 1
}

// lineStart is the offset where the line holding off begins.
func (c *columns) lineStart(off int) int { return c.starts[c.line(off)] }

func (c *columns) at(off int) (line, col int) {
	i := c.line(off)
	if i == c.lastLine && off >= c.lastOff {
		c.lastCol += utf8.RuneCount(c.b[c.lastOff:off])
	} else {
		c.lastCol = utf8.RuneCount(c.b[c.starts[i]:off]) + 1
	}
	c.lastOff, c.lastLine = off, i
	return i + 1, c.lastCol
}
