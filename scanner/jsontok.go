package scanner

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
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
	pos  int
	toks []jsonTok
	open []int32 // containers not yet closed, innermost last
}

var (
	errTooDeep     = errors.New("JSON nested too deeply")
	errTooLarge    = errors.New("too large to parse as JSON (2 GiB or more)")
	errNotNotebook = errors.New("no cells or worksheets")
)

// parse parses data into t.toks; the root is token 0. The tokens stay valid
// until the next call.
func (t *jsonTape) parse(data []byte) error {
	if len(data) >= math.MaxInt32 {
		return errTooLarge
	}
	t.data, t.pos, t.toks, t.open = data, 0, t.toks[:0], t.open[:0]
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.pos = 3 // a UTF-8 byte order mark, as some editors write
	}
	t.skipSpace()
	for {
		descended, err := t.value()
		if err != nil {
			return err
		}
		if descended {
			continue // the container's first value comes next
		}
		// After a value: close what ends here and move on to the next one.
		for {
			t.skipSpace()
			if len(t.open) == 0 {
				if t.pos != len(t.data) {
					return t.errorf("unexpected data after the top-level value")
				}
				return nil
			}
			if t.pos >= len(t.data) {
				return t.errorf("unexpected end of input")
			}
			inner := t.open[len(t.open)-1]
			closer := byte(']')
			if t.toks[inner].kind == jsonObject {
				closer = '}'
			}
			c := t.data[t.pos]
			if c == closer {
				t.close()
				continue
			}
			if c != ',' {
				return t.errorf("expected ',' or %q", closer)
			}
			t.pos++
			t.skipSpace()
			if closer == '}' {
				if err := t.key(); err != nil {
					return err
				}
			}
			break
		}
	}
}

func (t *jsonTape) errorf(format string, args ...any) error {
	line := bytes.Count(t.data[:min(t.pos, len(t.data))], []byte{'\n'}) + 1
	return fmt.Errorf("invalid JSON at line %d (byte %d): %s", line, t.pos, fmt.Sprintf(format, args...))
}

// jsonSpace marks the bytes JSON allows between tokens.
var jsonSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// skipSpace steps over whitespace eight bytes at a time: a run of
// indentation ends at a byte no branch predictor can guess, and a loop
// byte by byte paid a mispredicted exit at every line of a notebook.
func (t *jsonTape) skipSpace() {
	for t.pos+8 <= len(t.data) {
		if !jsonSpace[t.data[t.pos]] {
			return
		}
		if m := nonSpaceBytes(binary.LittleEndian.Uint64(t.data[t.pos:])); m != 0 {
			t.pos += bits.TrailingZeros64(m) >> 3
			return
		}
		t.pos += 8
	}
	for t.pos < len(t.data) && jsonSpace[t.data[t.pos]] {
		t.pos++
	}
}

// nonSpaceBytes sets the high bit of each byte of x that is not JSON
// whitespace, and no other bit.
func nonSpaceBytes(x uint64) uint64 {
	const each = 0x0101010101010101
	space := zeroBytes(x^(' '*each)) | zeroBytes(x^('\t'*each)) | zeroBytes(x^('\n'*each)) | zeroBytes(x^('\r'*each))
	return ^space & (0x80 * each)
}

// zeroBytes sets the high bit of each byte of x that is zero, exactly (no
// carry runs from one byte into the next).
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((x&low7 + low7) | x | low7)
}

// value adds the value at t.pos. For a container that is not empty it
// reports descended, having read up to the first child (and, in an object,
// its key).
func (t *jsonTape) value() (descended bool, err error) {
	if len(t.open) > maxJSONDepth {
		return false, errTooDeep
	}
	if t.pos >= len(t.data) {
		return false, t.errorf("unexpected end of input")
	}
	switch c := t.data[t.pos]; {
	case c == '"':
		return false, t.str()
	case c == '{' || c == '[':
		kind, closer := jsonArray, byte(']')
		if c == '{' {
			kind, closer = jsonObject, '}'
		}
		t.open = append(t.open, int32(len(t.toks)))
		t.toks = append(t.toks, jsonTok{kind: kind, start: int32(t.pos)})
		t.pos++
		t.skipSpace()
		if t.pos < len(t.data) && t.data[t.pos] == closer {
			t.close()
			return false, nil
		}
		if kind == jsonObject {
			return true, t.key()
		}
		return true, nil
	case c == 't':
		return false, t.literal("true", jsonBool)
	case c == 'f':
		return false, t.literal("false", jsonBool)
	case c == 'n':
		return false, t.literal("null", jsonNull)
	case c == '-' || c >= '0' && c <= '9':
		start := t.pos
		for t.pos < len(t.data) && isNumberByte(t.data[t.pos]) {
			t.pos++
		}
		t.scalar(jsonNumber, start)
		return false, nil
	default:
		return false, t.errorf("unexpected character %q", c)
	}
}

// close ends the innermost open container at t.pos.
func (t *jsonTape) close() {
	inner := t.open[len(t.open)-1]
	t.open = t.open[:len(t.open)-1]
	t.pos++
	t.toks[inner].end = int32(t.pos)
	t.toks[inner].next = int32(len(t.toks))
}

// key reads an object key and its colon, up to the value.
func (t *jsonTape) key() error {
	if t.pos >= len(t.data) || t.data[t.pos] != '"' {
		return t.errorf("expected a string key")
	}
	if err := t.str(); err != nil {
		return err
	}
	t.skipSpace()
	if t.pos >= len(t.data) || t.data[t.pos] != ':' {
		return t.errorf("expected ':'")
	}
	t.pos++
	t.skipSpace()
	return nil
}

func (t *jsonTape) scalar(kind jsonKind, start int) {
	n := int32(len(t.toks))
	t.toks = append(t.toks, jsonTok{kind: kind, start: int32(start), end: int32(t.pos), next: n + 1})
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

func (t *jsonTape) literal(word string, kind jsonKind) error {
	if !bytes.HasPrefix(t.data[t.pos:], []byte(word)) {
		return t.errorf("expected %s", word)
	}
	start := t.pos
	t.pos += len(word)
	t.scalar(kind, start)
	return nil
}

// str skims a string: it jumps from quote to quote with IndexByte, so a
// megabyte of base64 costs one memchr, and only checks that every quote it
// stops at is not escaped.
func (t *jsonTape) str() error {
	start := t.pos + 1
	i := start
	for {
		// Most strings are short (a line of code, a key): looking at the
		// first bytes one by one beats setting up IndexByte for them.
		q := -1
		for k, c := range t.data[i:min(i+24, len(t.data))] {
			if c == '"' {
				q = k
				break
			}
		}
		if q < 0 && i+24 < len(t.data) {
			if q = bytes.IndexByte(t.data[i+24:], '"'); q >= 0 {
				q += 24
			}
		}
		if q < 0 {
			t.pos = len(t.data)
			return t.errorf("unterminated string")
		}
		i += q
		backslashes := 0
		for k := i - 1; k >= start && t.data[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			break
		}
		i++
	}
	n := int32(len(t.toks))
	t.toks = append(t.toks, jsonTok{kind: jsonString, start: int32(start), end: int32(i), next: n + 1})
	t.pos = i + 1
	return nil
}

// field returns the value of key in object obj, or noTok, comparing raw
// key bytes (notebook keys never need escapes).
func (t *jsonTape) field(obj int32, key string) int32 {
	if obj == noTok || t.toks[obj].kind != jsonObject {
		return noTok
	}
	for k := obj + 1; k < t.toks[obj].next; k = t.toks[k+1].next {
		if t.keyIs(k, key) {
			return k + 1
		}
	}
	return noTok
}

// keyIs reports whether the string token k is key, undecoded.
func (t *jsonTape) keyIs(k int32, key string) bool {
	return string(t.data[t.toks[k].start:t.toks[k].end]) == key
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
	if bytes.IndexByte(body, '\\') < 0 {
		return string(body)
	}
	text := &Text{}
	text.appendJSONString(t.data, int(tok.start), int(tok.end))
	return string(text.Data)
}
