package scanner

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// jsonKind is the type of a parsed JSON value.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// jsonTok is one value of a parsed document. The tokens lie in document
// order, a container's children right after it, so a document is one flat
// slice (a tape) and no tree is built: a source cell's lines, for one, are
// a run of consecutive string tokens.
type jsonTok struct {
	// start, end: for a string, its body between the quotes; otherwise the
	// whole value.
	start, end int32
	// next is the index of the first token after this value and all of its
	// children: how a reader steps over a value it does not want.
	next int32
	kind jsonKind
}

// noTok is the index of a value that is not there.
const noTok = -1

// maxJSONDepth bounds nesting so a hostile file cannot exhaust memory.
const maxJSONDepth = 1000

// jsonTape parses documents into tokens, reusing its storage from file to
// file: one tape serves one worker. Strings are not decoded while parsing:
// most notebook strings (base64 images, long HTML) hold no keyword and are
// never decoded at all.
type jsonTape struct {
	data []byte
	toks []jsonTok
	open []openContainer // containers not yet closed, innermost last
}

// openContainer is a container being parsed. Its closer is kept here, not
// read back from its token: that token can be megabytes back in the list,
// and the load missed the cache after every value.
type openContainer struct {
	tok    int32
	closer byte
	// gapLen and gap are the whitespace after the last comma between its
	// values (its bytes, little-endian), when at most 7 bytes: Jupyter
	// indents every value of a container alike, so the next gap is most
	// likely the same bytes.
	gapLen uint8
	gap    uint64
}

var (
	errTooDeep     = errors.New("JSON nested too deeply")
	errTooLarge    = errors.New("too large to parse as JSON (2 GiB or more)")
	errNotNotebook = errors.New("no cells or worksheets")
)

// parse parses data into t.toks; the root is token 0. The tokens stay valid
// until the next call. The parser keeps its position and token lists in
// local variables and calls only small pure functions: kept in the tape,
// every step of the position was a store and a load through a pointer.
func (t *jsonTape) parse(data []byte) error {
	if len(data) >= math.MaxInt32 {
		return errTooLarge
	}
	t.data = data
	// With the collector off (see the command's memory policy) every byte
	// allocated is a fresh page to fault in, and counts towards the next
	// collection even where no token reaches it: the token list is sized
	// for one token per 32 bytes and grows at least twofold, so a scan
	// reallocates it a few times, not at every larger file (six times a
	// worker on the shared corpus). Six notebooks in ten there are denser
	// and grow the list by append, but it is kept from file to file, so
	// that happens only until it is as large as the densest needs; grown
	// only by append from a small start, the same scan took 15% more page
	// faults (append's growth of a large slice, 1.25×, copies more often).
	if want := len(data)/32 + 16; cap(t.toks) < want {
		t.toks = make([]jsonTok, 0, max(want, 2*cap(t.toks)))
	}
	toks, open := t.toks[:0], t.open[:0]
	defer func() { t.toks, t.open = toks, open }()
	pos := 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		pos = 3 // a UTF-8 byte order mark, as some editors write
	}
	var err error
	pos = skipSpace(data, pos)
	for {
		// A value starts at pos.
		if len(open) > maxJSONDepth {
			return errTooDeep
		}
		if pos >= len(data) {
			return jsonError(data, pos, "unexpected end of input")
		}
		switch c := data[pos]; {
		case c == '"':
			if toks, pos, err = appendString(data, pos, toks); err != nil {
				return err
			}
		case c == '{' || c == '[':
			kind, closer := jsonArray, byte(']')
			if c == '{' {
				kind, closer = jsonObject, '}'
			}
			open = append(open, openContainer{tok: int32(len(toks)), closer: closer})
			toks = append(toks, jsonTok{kind: kind, start: int32(pos)})
			pos = skipSpace(data, pos+1)
			if pos < len(data) && data[pos] == closer {
				break // empty: closed below
			}
			if kind == jsonObject {
				if toks, pos, err = appendKey(data, pos, toks); err != nil {
					return err
				}
			}
			continue // the container's first value
		case c == 't' || c == 'f' || c == 'n':
			word, kind := "null", jsonNull
			if c != 'n' {
				word, kind = "true", jsonBool
				if c == 'f' {
					word = "false"
				}
			}
			if !bytes.HasPrefix(data[pos:], []byte(word)) {
				return jsonError(data, pos, "expected "+word)
			}
			toks = appendScalar(toks, kind, pos, pos+len(word))
			pos += len(word)
		case c == '-' || c >= '0' && c <= '9':
			end := pos
			for end < len(data) && isNumberByte(data[end]) {
				end++
			}
			if end == pos+1 && c == '-' {
				end = pos + nonFiniteLen(data[pos:]) // -Infinity
			}
			toks = appendScalar(toks, jsonNumber, pos, end)
			pos = end
		default:
			// NaN and Infinity are not JSON, but Python's json module,
			// which nbformat reads with, writes and reads them: a notebook
			// whose output holds {"loss": NaN} is a notebook. Rare enough
			// to be read here, off the path of every other value.
			w := nonFiniteLen(data[pos:])
			if w == 0 {
				return jsonError(data, pos, fmt.Sprintf("unexpected character %q", c))
			}
			toks = appendScalar(toks, jsonNumber, pos, pos+w)
			pos += w
		}
		// After a value: close what ends here and move on to the next one.
		for {
			pos = skipSpace(data, pos)
			if len(open) == 0 {
				if pos != len(data) {
					return jsonError(data, pos, "unexpected data after the top-level value")
				}
				return nil
			}
			if pos >= len(data) {
				return jsonError(data, pos, "unexpected end of input")
			}
			inner, closer := open[len(open)-1].tok, open[len(open)-1].closer
			c := data[pos]
			if c == closer {
				pos++
				toks[inner].end, toks[inner].next = int32(pos), int32(len(toks))
				open = open[:len(open)-1]
				continue
			}
			if c != ',' {
				return jsonError(data, pos, fmt.Sprintf("expected ',' or %q", closer))
			}
			pos = skipGap(data, pos+1, &open[len(open)-1])
			if closer == '}' {
				if toks, pos, err = appendKey(data, pos, toks); err != nil {
					return err
				}
			} else if pos < len(data) && data[pos] == '"' {
				// The next line of a list of strings (a cell's source,
				// an output's text): read it here, without going round
				// the dispatch on the kind of value.
				if toks, pos, err = appendString(data, pos, toks); err != nil {
					return err
				}
				continue
			}
			break
		}
	}
}

func jsonError(data []byte, pos int, msg string) error {
	line := bytes.Count(data[:min(pos, len(data))], []byte{'\n'}) + 1
	return fmt.Errorf("invalid JSON at line %d (byte %d): %s", line, pos, msg)
}

// jsonSpace marks the bytes JSON allows between tokens.
var jsonSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// skipSpace returns where the whitespace from pos on ends. It reads eight
// bytes at a time: a run of indentation ends at a byte no branch predictor
// can guess, and a loop byte by byte paid a mispredicted exit at every line
// of a notebook.
func skipSpace(data []byte, pos int) int {
	if pos < len(data) && jsonSpace[data[pos]] {
		return skipSpaceRun(data, pos)
	}
	return pos // often: small enough to inline, and no call at all
}

func skipSpaceRun(data []byte, pos int) int {
	for pos+8 <= len(data) {
		if m := nonSpaceBytes(binary.LittleEndian.Uint64(data[pos:])); m != 0 {
			return pos + bits.TrailingZeros64(m)>>3
		}
		pos += 8
	}
	for pos < len(data) && jsonSpace[data[pos]] {
		pos++
	}
	return pos
}

// skipGap is skipSpace for the gap after a comma in container o: where
// the bytes are o's last gap again, followed by a byte that is not
// whitespace, it is one comparison instead of a search.
func skipGap(data []byte, pos int, o *openContainer) int {
	if pos+8 <= len(data) {
		w := binary.LittleEndian.Uint64(data[pos:])
		n := int(o.gapLen)
		if mask := uint64(1)<<(8*n) - 1; n > 0 && w&mask == o.gap && !jsonSpace[w>>(8*n)&0xff] {
			return pos + n
		}
		end := skipSpace(data, pos)
		if n := end - pos; n < 8 {
			o.gapLen, o.gap = uint8(n), w&(uint64(1)<<(8*n)-1)
		} else {
			o.gapLen = 0
		}
		return end
	}
	return skipSpace(data, pos)
}

// nonSpaceBytes sets the high bit of each byte of x that is not JSON
// whitespace, and no other bit.
func nonSpaceBytes(x uint64) uint64 {
	space := zeroBytes(x^(' '*eachByte)) | zeroBytes(x^('\t'*eachByte)) | zeroBytes(x^('\n'*eachByte)) | zeroBytes(x^('\r'*eachByte))
	return ^space & (0x80 * eachByte)
}

const eachByte = 0x0101010101010101

// zeroBytes sets the high bit of each byte of x that is zero, exactly (no
// carry runs from one byte into the next).
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((x&low7 + low7) | x | low7)
}

// appendKey reads an object key at pos and its colon, up to the value.
func appendKey(data []byte, pos int, toks []jsonTok) ([]jsonTok, int, error) {
	if pos >= len(data) || data[pos] != '"' {
		return toks, pos, jsonError(data, pos, "expected a string key")
	}
	toks, pos, err := appendString(data, pos, toks)
	if err != nil {
		return toks, pos, err
	}
	pos = skipSpace(data, pos)
	if pos >= len(data) || data[pos] != ':' {
		return toks, pos, jsonError(data, pos, "expected ':'")
	}
	pos++
	if pos < len(data) && data[pos] == ' ' {
		pos++ // the one space Jupyter writes after a colon, without a call
	}
	return toks, skipSpace(data, pos), nil
}

func appendScalar(toks []jsonTok, kind jsonKind, start, end int) []jsonTok {
	return append(toks, jsonTok{kind: kind, start: int32(start), end: int32(end), next: int32(len(toks)) + 1})
}

// nonFiniteLen is the length of NaN, Infinity or -Infinity at the start
// of b, or 0.
func nonFiniteLen(b []byte) int {
	for _, w := range []string{"NaN", "Infinity", "-Infinity"} {
		if bytes.HasPrefix(b, []byte(w)) {
			return len(w)
		}
	}
	return 0
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// appendString skims the string whose opening quote is at pos and returns
// the position after its closing quote. It jumps from quote to quote and
// only checks that each quote it stops at is not escaped: a megabyte of
// base64 costs one IndexByte.
func appendString(data []byte, pos int, toks []jsonTok) ([]jsonTok, int, error) {
	start := pos + 1
	i := start
	for {
		q := quoteAt(data, i)
		if q < 0 {
			return toks, len(data), jsonError(data, len(data), "unterminated string")
		}
		i = q
		backslashes := 0
		for k := i - 1; k >= start && data[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			break
		}
		i++
	}
	return appendScalar(toks, jsonString, start, i), i + 1, nil
}

// quoteAt returns the index of the first '"' at or after i, or -1. Most
// strings are short (a key, a line of code): eight bytes at a time find
// their end without setting up IndexByte, which takes over for a long one.
func quoteAt(data []byte, i int) int {
	for n := 0; n < 4 && i+8 <= len(data); n++ {
		if m := zeroBytes(binary.LittleEndian.Uint64(data[i:]) ^ ('"' * eachByte)); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	if q := bytes.IndexByte(data[i:], '"'); q >= 0 {
		return i + q
	}
	return -1
}

// elems yields the values of array v (none when v is not an array).
func (t *jsonTape) elems(v int32) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		if t.kind(v) != jsonArray {
			return
		}
		for i := v + 1; i < t.toks[v].next; i = t.toks[i].next {
			if !yield(i) {
				return
			}
		}
	}
}

// members yields the key and value tokens of object v (none when v is not
// an object).
func (t *jsonTape) members(v int32) iter.Seq2[int32, int32] {
	return func(yield func(key, value int32) bool) {
		if t.kind(v) != jsonObject {
			return
		}
		for k := v + 1; k < t.toks[v].next; k = t.toks[k+1].next {
			if !yield(k, k+1) {
				return
			}
		}
	}
}

// field returns the value of key in object obj, or noTok. As in Python's
// json, which nbformat reads with, the last of duplicate keys wins.
func (t *jsonTape) field(obj int32, key string) int32 {
	found := int32(noTok)
	for k, v := range t.members(obj) {
		if t.keyIs(k, key) {
			found = v
		}
	}
	return found
}

// key returns the bytes of key k as decoded: its raw bytes, unless it
// holds an escape ("sourc\u0065" is "source" to Python's json). A switch on
// string(t.key(k)) then makes no string.
func (t *jsonTape) key(k int32) []byte {
	raw := t.data[t.toks[k].start:t.toks[k].end]
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw
	}
	return []byte(t.stringValue(k))
}

// keyIs reports whether the string token k is key, compared as decoded:
// "sourc\u0065" is "source" to Python's json.
func (t *jsonTape) keyIs(k int32, key string) bool {
	raw := t.data[t.toks[k].start:t.toks[k].end]
	if string(raw) == key {
		return true
	}
	// An escape makes the raw form longer than what it stands for, and
	// the first character is itself or an escape: most keys fail here,
	// without a search for a backslash.
	if len(raw) <= len(key) || raw[0] != key[0] && raw[0] != '\\' || bytes.IndexByte(raw, '\\') < 0 {
		return false
	}
	return t.stringValue(k) == key
}

// intValue reads a number token as an integer; -1 when it is not one.
func (t *jsonTape) intValue(i int32) int {
	if t.kind(i) != jsonNumber {
		return -1
	}
	n := 0
	for _, c := range t.data[t.toks[i].start:t.toks[i].end] {
		if c < '0' || c > '9' || n > 1<<20 {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// kind is the kind of token i; a missing value is null.
func (t *jsonTape) kind(i int32) jsonKind {
	if i == noTok {
		return jsonNull
	}
	return t.toks[i].kind
}

// stringValue returns the decoded value of a string token, for short
// fields such as cell_type and output_type; "" for anything else.
func (t *jsonTape) stringValue(i int32) string {
	if t.kind(i) != jsonString {
		return ""
	}
	tok := t.toks[i]
	body := t.data[tok.start:tok.end]
	switch string(body) { // the values of cell_type: no string made per cell
	case "code":
		return "code"
	case "markdown":
		return "markdown"
	case "raw":
		return "raw"
	}
	if bytes.IndexByte(body, '\\') < 0 {
		return string(body)
	}
	text := &Text{}
	text.appendJSONString(t.data, int(tok.start), int(tok.end))
	return string(text.Data)
}

// path is where token target sits in the document, as a path of keys and
// indices from the root: metadata.widgets["application/vnd.jupyter.widget-state+json"].state,
// cells[3].metadata.colab.id. A key that is not a plain identifier is
// quoted; indices count from 0, as in the JSON. Only findings ask for it:
// it walks down from the root, stepping over siblings.
func (t *jsonTape) path(target int32) string {
	var b strings.Builder
	for cur := int32(0); cur != target && cur >= 0; {
		next := int32(noTok)
		switch t.kind(cur) {
		case jsonObject:
			for k, v := range t.members(cur) {
				if v <= target && target < t.toks[v].next {
					key := t.stringValue(k)
					if identifier(key) {
						if b.Len() > 0 {
							b.WriteByte('.')
						}
						b.WriteString(key)
					} else {
						b.WriteString("[" + strconv.Quote(key) + "]")
					}
					next = v
					break
				}
			}
		case jsonArray:
			i := 0
			for e := range t.elems(cur) {
				if e <= target && target < t.toks[e].next {
					b.WriteString("[" + strconv.Itoa(i) + "]")
					next = e
					break
				}
				i++
			}
		}
		cur = next
	}
	return b.String()
}

// identifier reports whether s can stand after a dot in a path.
func identifier(s string) bool {
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}
