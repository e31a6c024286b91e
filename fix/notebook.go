package fix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hfscan/hfscan/scanner/code"
)

// node is a JSON value with its raw byte span [start, end) in the file.
// Strings keep their decoded value; containers their children.
type node struct {
	start, end int
	kind       byte // '{', '[', '"', or 0 for numbers, booleans and null
	str        string
	elems      []*node // an array's elements
	keys       []string
	vals       []*node // an object's members, in file order
}

// field is the member of an object named key, or nil.
func (n *node) field(key string) *node {
	if n == nil || n.kind != '{' {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// parseJSON reads data into nodes with raw spans, through encoding/json's
// token stream: the offset after each token is the decoder's, the start is
// found by skipping the white space and separators before it.
func parseJSON(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var value func() (*node, error)
	value = func() (*node, error) {
		start := int(dec.InputOffset())
		for start < len(data) && strings.IndexByte(" \t\r\n,:", data[start]) >= 0 {
			start++
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		n := &node{start: start}
		switch t := tok.(type) {
		case json.Delim:
			n.kind = byte(t)
			for dec.More() {
				if n.kind == '{' {
					k, err := dec.Token()
					if err != nil {
						return nil, err
					}
					key, _ := k.(string)
					n.keys = append(n.keys, key)
				}
				v, err := value()
				if err != nil {
					return nil, err
				}
				if n.kind == '{' {
					n.vals = append(n.vals, v)
				} else {
					n.elems = append(n.elems, v)
				}
			}
			if _, err := dec.Token(); err != nil { // the closing bracket
				return nil, err
			}
		case string:
			n.kind, n.str = '"', t
		}
		n.end = int(dec.InputOffset())
		return n, nil
	}
	root, err := value()
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the notebook's JSON value")
	}
	return root, nil
}

// piece is one JSON string of a code cell's source (or a whole plain
// file): its text, where that text starts in the unit, and the raw offset
// of each of its bytes.
type piece struct {
	tokStart, tokEnd int // the raw token, quotes included (a plain file: its bytes)
	at               int // where text starts in the unit's text
	text             string
	offs             []int // offs[i]: raw offset of text[i]; offs[len(text)]: the end of the body
}

// unit is code the fixer rewrites: a plain Python file, or a notebook code
// cell's source read as one text.
type unit struct {
	text   string
	mode   code.Mode
	pieces []piece
	// lines: the source is a JSON list of line strings (Jupyter's layout);
	// a rewrite that adds or removes a line adds or removes an element.
	lines bool
	// array is the raw span of that list, brackets included; sep is what
	// stands between two of its elements in the file (",\n    ", or ",").
	array    [2]int
	sep      string
	data     []byte       // the file the unit was read from
	json     bool         // pieces are JSON string bodies (a notebook)
	asciiEsc bool         // the file escapes every non-ASCII character (\uXXXX)
	cell     int          // the code cell's index among all cells, from 0; -1 for a file
	toks     []code.Token // tokens(), once read
}

// tokens is the unit's text read as Python, tokenized once: later cells
// ask an earlier one for its imports.
func (u *unit) tokens() []code.Token {
	if u.toks == nil {
		u.toks = code.Tokenize(u.text, u.mode)
	}
	return u.toks
}

// notebookModel is what fix needs to know of a notebook: its code cells as
// units, the outputs of each cell, and whether it is a Colab notebook.
type notebookModel struct {
	units   []*unit  // code cells, in order
	outputs []output // every output of every code cell
	colab   bool     // metadata or code say it runs in Colab
	python  bool     // the kernel is Python (or not said)
	root    *node
}

// output is the k-th element of a cell's outputs list.
type output struct {
	list *node
	k    int
}

// readNotebook builds the model; an error means fix only replaces
// secrets outside code in this file.
func readNotebook(data []byte) (*notebookModel, error) {
	root, err := parseJSON(data)
	if err != nil {
		return nil, err
	}
	if root.kind != '{' {
		return nil, errors.New("not a notebook: the JSON value is not an object")
	}
	m := &notebookModel{root: root, python: true}
	ascii := utf8.Valid(data) && !bytes.ContainsFunc(data, func(r rune) bool { return r >= utf8.RuneSelf })
	meta := root.field("metadata")
	if meta.field("colab") != nil {
		m.colab = true
	}
	if lang := meta.field("kernelspec").field("language"); lang != nil && lang.kind == '"' && !strings.EqualFold(lang.str, "python") {
		m.python = false
	}
	if lang := meta.field("language_info").field("name"); lang != nil && lang.kind == '"' && !strings.EqualFold(lang.str, "python") {
		m.python = false
	}
	var cells []*node
	if c := root.field("cells"); c != nil && c.kind == '[' {
		cells = c.elems
	}
	if ws := root.field("worksheets"); ws != nil && ws.kind == '[' { // nbformat 3
		for _, w := range ws.elems {
			if c := w.field("cells"); c != nil && c.kind == '[' {
				cells = append(cells, c.elems...)
			}
		}
	}
	for i, c := range cells {
		if t := c.field("cell_type"); t == nil || t.str != "code" {
			continue
		}
		src := c.field("source")
		if src == nil {
			src = c.field("input") // nbformat 3
		}
		u, err := sourceUnit(data, src)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i+1, err)
		}
		u.asciiEsc, u.cell = ascii, i
		m.units = append(m.units, u)
		if strings.Contains(u.text, "google.colab") {
			m.colab = true
		}
		if outs := c.field("outputs"); outs != nil && outs.kind == '[' {
			for k := range outs.elems {
				m.outputs = append(m.outputs, output{list: outs, k: k})
			}
		}
	}
	return m, nil
}

// sourceUnit is a code cell's source — a string or a list of strings — as
// a unit.
func sourceUnit(data []byte, src *node) (*unit, error) {
	u := &unit{mode: code.Cell, json: true, data: data}
	var strs []*node
	switch {
	case src == nil:
		return u, nil
	case src.kind == '"':
		strs = []*node{src}
	case src.kind == '[':
		u.lines, u.array = true, [2]int{src.start, src.end}
		strs = src.elems
		if len(strs) > 1 {
			u.sep = string(data[strs[0].end:strs[1].start])
		} else if len(strs) == 1 {
			u.sep = "," + string(data[src.start+1:strs[0].start])
		}
	default:
		return nil, errors.New("source is neither a string nor a list")
	}
	var text strings.Builder
	for _, s := range strs {
		if s.kind != '"' {
			return nil, errors.New("a source line is not a string")
		}
		body, offs, err := decodeBody(data, s.start+1, s.end-1)
		if err != nil {
			return nil, err
		}
		u.pieces = append(u.pieces, piece{tokStart: s.start, tokEnd: s.end, at: text.Len(), text: body, offs: offs})
		text.WriteString(body)
	}
	u.text = text.String()
	return u, nil
}

// fileUnit is a plain Python file as a unit: its bytes are its text.
func fileUnit(data []byte) *unit {
	offs := make([]int, len(data)+1)
	for i := range offs {
		offs[i] = i
	}
	return &unit{text: string(data), mode: code.PythonFile, cell: -1, data: data,
		pieces: []piece{{tokStart: 0, tokEnd: len(data), text: string(data), offs: offs}}}
}

// decodeBody decodes the JSON string body data[start:end] and says where
// each decoded byte was written: an escape's bytes all map to its
// backslash.
func decodeBody(data []byte, start, end int) (string, []int, error) {
	var out []byte
	var offs []int
	for i := start; i < end; {
		c := data[i]
		if c != '\\' {
			out = append(out, c)
			offs = append(offs, i)
			i++
			continue
		}
		if i+1 >= end {
			return "", nil, errors.New("broken escape")
		}
		var r rune
		n := 2
		switch data[i+1] {
		case '"', '\\', '/':
			r = rune(data[i+1])
		case 'b':
			r = '\b'
		case 'f':
			r = '\f'
		case 'n':
			r = '\n'
		case 'r':
			r = '\r'
		case 't':
			r = '\t'
		case 'u':
			v, err := hex4(data, i+2, end)
			if err != nil {
				return "", nil, err
			}
			r, n = rune(v), 6
			if utf16.IsSurrogate(r) {
				if lo, err := hex4(data, i+8, end); err == nil && data[i+6] == '\\' && data[i+7] == 'u' {
					if pair := utf16.DecodeRune(r, rune(lo)); pair != utf8.RuneError {
						r, n = pair, 12
					}
				}
			}
		default:
			return "", nil, errors.New("broken escape")
		}
		before := len(out)
		out = utf8.AppendRune(out, r)
		for range len(out) - before {
			offs = append(offs, i)
		}
		i += n
	}
	offs = append(offs, end)
	return string(out), offs, nil
}

func hex4(data []byte, i, end int) (uint64, error) {
	if i+4 > end {
		return 0, errors.New("broken \\u escape")
	}
	return strconv.ParseUint(string(data[i:i+4]), 16, 32)
}

// encode writes s as a JSON string body the way the file does: Jupyter's
// style (non-ASCII as is), or \uXXXX escapes in a file that has them.
func (u *unit) encode(s string) string {
	if !u.json {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f && u.asciiEsc:
			fmt.Fprintf(&b, `\u%04x`, r)
		case r >= utf8.RuneSelf && u.asciiEsc:
			for _, x := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, `\u%04x`, x)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// withoutElements is the span to delete to take elements a..b out of a
// JSON array (spans are its elements', array its brackets'), with one
// separator: the one before the next element, else the one after the
// previous, else everything inside the brackets ("[]").
func withoutElements(spans [][2]int, array [2]int, a, b int) (start, end int) {
	switch {
	case b+1 < len(spans):
		return spans[a][0], spans[b+1][0]
	case a > 0:
		return spans[a-1][1], spans[b][1]
	}
	return array[0] + 1, array[1] - 1
}
