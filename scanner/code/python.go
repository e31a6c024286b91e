// Package code reads Python and shell source as tokens, the way the
// practice rules need it: strings, names and brackets, with comments gone,
// calls that span lines kept whole, and IPython's !shell and %magic lines
// told apart from Python.
package code

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the type of a token.
type Kind uint8

const (
	Name    Kind = iota + 1
	Number       // numeric literal
	String       // string literal, see Token.Str
	Op           // operator or bracket
	Newline      // end of a logical line (statement)
	Shell        // an IPython !command; Start:End is the command text
	Magic        // an IPython %line magic; Start:End is the text after %
)

// Token is one token of a source text; Start and End are byte offsets.
type Token struct {
	Kind       Kind
	Start, End int
	Text       string // the token as written
	Str        *StrLit
}

// StrLit describes a string literal.
type StrLit struct {
	Prefix string // r, b, f, rb, … as written
	// Value is the text between the quotes, escapes left as written.
	Value      string
	ValueStart int // offset of Value in the source
	// Exprs are the {expression} parts of an f-string; an f-string with
	// any is not a literal.
	Exprs []string
}

// IsF reports whether the literal is an f-string.
func (s *StrLit) IsF() bool { return strings.ContainsAny(s.Prefix, "fF") }

// Literal reports whether the string's value is fixed text: not an
// f-string with expressions.
func (s *StrLit) Literal() bool { return !s.IsF() || len(s.Exprs) == 0 }

// Mode says how a text is to be read.
type Mode uint8

const (
	// PythonFile is a .py file: plain Python.
	PythonFile Mode = iota
	// Cell is a notebook code cell: Python with IPython's !, % and %% forms.
	Cell
)

// shellCellMagics make a whole cell a shell script.
var shellCellMagics = map[string]bool{"bash": true, "sh": true, "script": true, "system": true}

// pythonCellMagics run the rest of the cell as Python.
var pythonCellMagics = map[string]bool{"capture": true, "time": true, "timeit": true, "prun": true, "debug": true}

// Tokenize reads src as Python. It never fails: malformed input gives
// fewer or odder tokens, never a panic. Token texts are substrings of src,
// so tokenizing allocates little beyond the token slice.
func Tokenize(src string, mode Mode) []Token {
	return TokenizeInto(nil, src, mode)
}

// Comments returns the spans of the real comments of src read as Python
// in mode: a "#" outside any string, to the end of the line, and in a cell
// the shell comments of its !commands and %%bash body. A "#" inside a
// string literal is not a comment.
func Comments(src string, mode Mode) []Span {
	var out []Span
	t := &tokenizer{src: src, mode: mode, lineStart: true, comments: &out}
	if mode != Cell || t.cellMagic() {
		t.run()
	}
	for _, tok := range t.toks {
		if tok.Kind == Shell {
			out = append(out, ShellComments(src, tok.Start, tok.End)...)
		}
	}
	return out
}

// TokenizeInto is Tokenize appending to dst, so a caller can reuse one
// token buffer from text to text.
func TokenizeInto(dst []Token, src string, mode Mode) []Token {
	t := &tokenizer{src: src, mode: mode, lineStart: true, toks: dst}
	if mode == Cell {
		if !t.cellMagic() {
			return t.toks
		}
	}
	t.run()
	return t.toks
}

type tokenizer struct {
	src       string
	mode      Mode
	comments  *[]Span // when set, where the comments are
	pos       int
	depth     int  // bracket depth
	lineStart bool // at the start of a logical line, before any token
	toks      []Token
}

// cellMagic handles a %%magic first line. It reports whether the rest of
// the cell is still to be read as Python.
func (t *tokenizer) cellMagic() bool {
	i := skipBlank(t.src, 0)
	if !strings.HasPrefix(t.src[i:], "%%") {
		return true
	}
	eol := lineEnd(t.src, i)
	fields := strings.Fields(t.src[i+2 : eol])
	name := ""
	if len(fields) > 0 {
		name = fields[0]
	}
	switch {
	case shellCellMagics[name] && (name != "script" || len(fields) > 1 && (strings.HasSuffix(fields[1], "sh") || fields[1] == "bash")):
		body := min(eol+1, len(t.src))
		t.toks = append(t.toks, Token{Kind: Shell, Start: body, End: len(t.src), Text: t.src[body:]})
		return false
	case pythonCellMagics[name]:
		t.pos = min(eol+1, len(t.src))
		return true
	}
	return false // %%writefile, %%html, %%sql…: not Python
}

func skipBlank(b string, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

func lineEnd(b string, i int) int {
	if k := strings.IndexByte(b[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(b)
}

// logicalLineEnd is the end of the line at i, following backslash
// continuations (as IPython does for ! and % lines).
func logicalLineEnd(b string, i int) int {
	for {
		e := lineEnd(b, i)
		k := e
		if k > i && b[k-1] == '\r' {
			k--
		}
		if k > i && b[k-1] == '\\' && e < len(b) {
			i = e + 1
			continue
		}
		return e
	}
}

func (t *tokenizer) emit(kind Kind, start, end int) *Token {
	t.toks = append(t.toks, Token{Kind: kind, Start: start, End: end, Text: t.src[start:end]})
	t.lineStart = false
	return &t.toks[len(t.toks)-1]
}

func (t *tokenizer) newline() {
	if n := len(t.toks); n > 0 && t.toks[n-1].Kind != Newline {
		t.toks = append(t.toks, Token{Kind: Newline, Start: t.pos, End: t.pos})
	}
	t.lineStart = true
}

func (t *tokenizer) run() {
	src := t.src
	for t.pos < len(src) {
		c := src[t.pos]
		switch {
		case c == '\n':
			if t.depth == 0 {
				t.newline()
			}
			t.pos++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			t.pos++
		case c == '\\' && t.pos+1 < len(src) && (src[t.pos+1] == '\n' || src[t.pos+1] == '\r'):
			t.pos += 2 // line continuation
		case c == '#':
			end := lineEnd(src, t.pos)
			if t.comments != nil {
				*t.comments = append(*t.comments, Span{t.pos, end})
			}
			t.pos = end
		case t.mode == Cell && t.lineStart && t.depth == 0 && (c == '!' || c == '%'):
			t.ipythonLine(c)
		case t.mode == Cell && c == '!' && t.afterAssign():
			t.ipythonLine(c) // files = !ls
		case c == '"' || c == '\'':
			t.str(t.pos, t.pos)
		case isNameStart(src, t.pos):
			start := t.pos
			t.pos = nameEnd(src, t.pos)
			if t.pos < len(src) && (src[t.pos] == '"' || src[t.pos] == '\'') && isStrPrefix(src[start:t.pos]) {
				t.str(start, t.pos)
				continue
			}
			t.emit(Name, start, t.pos)
		case c >= '0' && c <= '9' || c == '.' && t.pos+1 < len(src) && src[t.pos+1] >= '0' && src[t.pos+1] <= '9':
			start := t.pos
			for t.pos < len(src) && (IsWordByte(src[t.pos]) || src[t.pos] == '.') {
				t.pos++
			}
			t.emit(Number, start, t.pos)
		default:
			t.op()
		}
	}
	t.newline()
}

// afterAssign reports whether the last token is a plain "=".
func (t *tokenizer) afterAssign() bool {
	n := len(t.toks)
	return n > 0 && t.toks[n-1].Kind == Op && t.toks[n-1].Text == "="
}

func (t *tokenizer) ipythonLine(c byte) {
	start := t.pos + 1
	if c == '!' && start < len(t.src) && t.src[start] == '!' {
		start++ // !!cmd
	}
	end := logicalLineEnd(t.src, t.pos)
	kind := Shell
	if c == '%' {
		kind = Magic
		if start < len(t.src) && t.src[start] == '%' {
			// a %% line past the first: not valid IPython; skip it.
			t.pos = end
			return
		}
	}
	t.emit(kind, start, end)
	t.pos = end
	t.newline()
}

// isTwoCharOp reports whether a and b form one operator ("==", "**=" is
// read as "**" then "=", which is all the detectors need).
func isTwoCharOp(a, b byte) bool {
	switch b {
	case '=':
		return strings.IndexByte("=!<>:+-*/%&|^@", a) >= 0
	case '>':
		return a == '-' || a == '>'
	case '<':
		return a == '<'
	case '*':
		return a == '*'
	case '/':
		return a == '/'
	}
	return false
}

func (t *tokenizer) op() {
	src := t.src
	start := t.pos
	if t.pos+1 < len(src) && isTwoCharOp(src[t.pos], src[t.pos+1]) {
		t.pos += 2
		t.emit(Op, start, t.pos)
		return
	}
	c := src[t.pos]
	switch c {
	case '(', '[', '{':
		t.depth++
	case ')', ']', '}':
		if t.depth > 0 {
			t.depth--
		}
	}
	if c < utf8.RuneSelf {
		t.pos++
	} else {
		_, n := utf8.DecodeRuneInString(src[t.pos:])
		t.pos += n
	}
	t.emit(Op, start, t.pos)
}

// str reads a string literal whose prefix starts at start and whose quote
// is at q.
func (t *tokenizer) str(start, q int) {
	src := t.src
	quote := src[q]
	prefix := src[start:q]
	triple := q+2 < len(src) && src[q+1] == quote && src[q+2] == quote
	open := 1
	if triple {
		open = 3
	}
	i := q + open
	valueStart := i
	valueEnd := len(src)
	end := len(src)
	for i < len(src) {
		c := src[i]
		if c == '\\' && i+1 < len(src) {
			i += 2 // in raw strings too, \" does not end the string
			continue
		}
		if c == '\n' && !triple {
			valueEnd, end = i, i // unterminated: ends at the line end
			break
		}
		if c == quote && (!triple || i+2 < len(src) && src[i+1] == quote && src[i+2] == quote) {
			valueEnd, end = i, i+open
			break
		}
		i++
	}
	if i >= len(src) {
		valueEnd, end = len(src), len(src)
	}
	tok := t.emit(String, start, end)
	lit := &StrLit{Prefix: prefix, Value: src[valueStart:valueEnd], ValueStart: valueStart}
	if lit.IsF() {
		lit.Exprs = fExprs(lit.Value)
	}
	tok.Str = lit
	t.pos = end
}

// fExprs returns the {expression} parts of an f-string body; {{ and }} are
// literal braces.
func fExprs(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '{' {
			i++
			continue
		}
		depth, j := 1, i+1
		for ; j < len(s) && depth > 0; j++ {
			switch s[j] {
			case '{':
				depth++
			case '}':
				depth--
			}
		}
		end := j
		if depth == 0 {
			end = j - 1
		}
		out = append(out, s[i+1:end])
		i = j - 1
	}
	return out
}

func isStrPrefix(p string) bool {
	if len(p) == 0 || len(p) > 2 {
		return false
	}
	for _, c := range []byte(p) {
		if !strings.ContainsRune("rRbBuUfFtT", rune(c)) {
			return false
		}
	}
	return true
}

// IsWordByte reports whether c may be part of an ASCII name: [A-Za-z0-9_].
func IsWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isNameStart(b string, i int) bool {
	c := b[i]
	if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return true
	}
	if c < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(b[i:])
	return unicode.IsLetter(r)
}

func nameEnd(b string, i int) int {
	for i < len(b) {
		c := b[i]
		if IsWordByte(c) {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, n := utf8.DecodeRuneInString(b[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		i += n
	}
	return i
}
