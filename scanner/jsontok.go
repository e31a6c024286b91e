package scanner

import (
	"bytes"
	"errors"
	"fmt"
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

// jsonValue is a JSON value that remembers where it sits in the raw bytes.
// Strings are not decoded while parsing: most notebook strings (base64
// images, long HTML) hold no keyword and are never decoded at all.
type jsonValue struct {
	kind jsonKind
	// start, end: for a string, its body between the quotes; otherwise the
	// whole value.
	start, end int
	// items holds array elements, or object keys and values alternating.
	items []jsonValue
}

// maxJSONDepth bounds nesting so a hostile file cannot exhaust the stack.
const maxJSONDepth = 1000

// jsonParser is reused from file to file by one worker: the values of a
// document live in arena, and a container's children are gathered on stack
// and then copied to the arena in one piece, so parsing a notebook makes
// almost no garbage.
type jsonParser struct {
	data  []byte
	pos   int
	arena []jsonValue
	stack []jsonValue
}

// parse parses data; the values it returns stay valid until the next call.
func (p *jsonParser) parse(data []byte) (jsonValue, error) {
	p.data, p.pos = data, 0
	p.arena, p.stack = p.arena[:0], p.stack[:0]
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		p.pos = 3 // a UTF-8 byte order mark, as some editors write
	}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return jsonValue{}, err
	}
	p.skipSpace()
	if p.pos != len(data) {
		return jsonValue{}, p.errorf("unexpected data after the top-level value")
	}
	return v, nil
}

func (p *jsonParser) errorf(format string, args ...any) error {
	line := bytes.Count(p.data[:min(p.pos, len(p.data))], []byte{'\n'}) + 1
	return fmt.Errorf("invalid JSON at line %d (byte %d): %s", line, p.pos, fmt.Sprintf(format, args...))
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

var errTooDeep = errors.New("JSON nested too deeply")

func (p *jsonParser) value(depth int) (jsonValue, error) {
	if depth > maxJSONDepth {
		return jsonValue{}, errTooDeep
	}
	if p.pos >= len(p.data) {
		return jsonValue{}, p.errorf("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '"':
		return p.str()
	case c == '{':
		return p.container(depth, '}', jsonObject)
	case c == '[':
		return p.container(depth, ']', jsonArray)
	case c == 't':
		return p.literal("true", jsonBool)
	case c == 'f':
		return p.literal("false", jsonBool)
	case c == 'n':
		return p.literal("null", jsonNull)
	case c == '-' || c >= '0' && c <= '9':
		start := p.pos
		for p.pos < len(p.data) && isNumberByte(p.data[p.pos]) {
			p.pos++
		}
		return jsonValue{kind: jsonNumber, start: start, end: p.pos}, nil
	default:
		return jsonValue{}, p.errorf("unexpected character %q", c)
	}
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

func (p *jsonParser) literal(word string, kind jsonKind) (jsonValue, error) {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(word)) {
		return jsonValue{}, p.errorf("expected %s", word)
	}
	start := p.pos
	p.pos += len(word)
	return jsonValue{kind: kind, start: start, end: p.pos}, nil
}

// str skims a string: it jumps from quote to quote with IndexByte, so a
// megabyte of base64 costs one memchr, and only checks that every quote it
// stops at is not escaped.
func (p *jsonParser) str() (jsonValue, error) {
	start := p.pos + 1
	i := start
	for {
		q := bytes.IndexByte(p.data[i:], '"')
		if q < 0 {
			p.pos = len(p.data)
			return jsonValue{}, p.errorf("unterminated string")
		}
		i += q
		backslashes := 0
		for k := i - 1; k >= start && p.data[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			break
		}
		i++
	}
	p.pos = i + 1
	return jsonValue{kind: jsonString, start: start, end: i}, nil
}

func (p *jsonParser) container(depth int, closer byte, kind jsonKind) (jsonValue, error) {
	v := jsonValue{kind: kind, start: p.pos}
	mark := len(p.stack)
	p.pos++
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == closer {
		p.pos++
		v.end = p.pos
		return v, nil
	}
	for {
		if kind == jsonObject {
			if p.pos >= len(p.data) || p.data[p.pos] != '"' {
				return jsonValue{}, p.errorf("expected a string key")
			}
			key, err := p.str()
			if err != nil {
				return jsonValue{}, err
			}
			p.skipSpace()
			if p.pos >= len(p.data) || p.data[p.pos] != ':' {
				return jsonValue{}, p.errorf("expected ':'")
			}
			p.pos++
			p.skipSpace()
			p.stack = append(p.stack, key)
		}
		item, err := p.value(depth + 1)
		if err != nil {
			return jsonValue{}, err
		}
		p.stack = append(p.stack, item)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return jsonValue{}, p.errorf("unexpected end of input")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
		case closer:
			p.pos++
			v.end = p.pos
			first := len(p.arena)
			p.arena = append(p.arena, p.stack[mark:]...)
			p.stack = p.stack[:mark]
			v.items = p.arena[first:len(p.arena):len(p.arena)]
			return v, nil
		default:
			return jsonValue{}, p.errorf("expected ',' or %q", closer)
		}
	}
}

// field returns the value of key in object v, comparing raw key bytes
// (notebook keys never need escapes).
func (v *jsonValue) field(data []byte, key string) *jsonValue {
	if v == nil || v.kind != jsonObject {
		return nil
	}
	for i := 0; i+1 < len(v.items); i += 2 {
		k := &v.items[i]
		if string(data[k.start:k.end]) == key {
			return &v.items[i+1]
		}
	}
	return nil
}

// stringValue returns the decoded value of a string, for short fields such
// as cell_type and output_type.
func (v *jsonValue) stringValue(data []byte) string {
	if v == nil || v.kind != jsonString {
		return ""
	}
	body := data[v.start:v.end]
	if bytes.IndexByte(body, '\\') < 0 {
		return string(body)
	}
	t := &Text{}
	t.appendJSONString(data, v.start, v.end)
	return string(t.Data)
}
