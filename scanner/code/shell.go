package code

// Word is one word of a shell command. Start and End are byte offsets of
// the word as written, quotes included.
type Word struct {
	Start, End int
	Text       string // as written
	Value      string // with quotes removed
	// Expands is true when the word holds a $variable, a $(command) or an
	// IPython {expression}: its value is not fixed text.
	Expands bool
	// Op marks a redirection or pipe operator kept inside the command.
	Op bool
}

// ShellCommands splits src[start:end] into simple commands, each a list of
// words. Command separators (newline, ;, &&, ||, |, &) end a command;
// comments are dropped. It never fails on malformed input.
func ShellCommands(src string, start, end int) [][]Word {
	return shellWords(src, start, end, nil)
}

// ShellComments returns the spans of the comments in src[start:end] read
// as shell: a "#" that starts a word, to the end of the line.
func ShellComments(src string, start, end int) []Span {
	var out []Span
	shellWords(src, start, end, &out)
	return out
}

// Span is a range of byte offsets, End excluded.
type Span struct{ Start, End int }

func shellWords(src string, start, end int, comments *[]Span) [][]Word {
	end = min(end, len(src))
	var cmds [][]Word
	var cur []Word
	flush := func() {
		if len(cur) > 0 {
			cmds = append(cmds, cur)
			cur = nil
		}
	}
	i := start
	for i < end {
		c := src[i]
		switch {
		case c == '\\' && i+1 < end && (src[i+1] == '\n' || src[i+1] == '\r'):
			i += 2
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\n' || c == ';' || c == '&' || c == '|':
			flush()
			i++
		case c == '#':
			from := i
			for i < end && src[i] != '\n' {
				i++
			}
			if comments != nil {
				*comments = append(*comments, Span{from, i})
			}
		case c == '>' || c == '<':
			j := i + 1
			for j < end && (src[j] == '>' || src[j] == '&') {
				j++
			}
			cur = append(cur, Word{Start: i, End: j, Text: src[i:j], Value: src[i:j], Op: true})
			i = j
		default:
			w := readWord(src, i, end)
			cur = append(cur, w)
			i = w.End
		}
	}
	flush()
	return cmds
}

func readWord(src string, i, end int) Word {
	w := Word{Start: i}
	var val []byte
	braces := 0
	for i < end {
		c := src[i]
		if braces == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == '>' || c == '<') {
			break
		}
		switch c {
		case '\\':
			if i+1 < end {
				val = append(val, src[i+1])
				i += 2
				continue
			}
		case '\'':
			j := i + 1
			for j < end && src[j] != '\'' {
				j++
			}
			val = append(val, src[i+1:j]...)
			i = min(j+1, end)
			continue
		case '"':
			j := i + 1
			for j < end && src[j] != '"' {
				if src[j] == '\\' && j+1 < end {
					val = append(val, src[j+1])
					j += 2
					continue
				}
				if src[j] == '$' || src[j] == '{' {
					w.Expands = true
				}
				val = append(val, src[j])
				j++
			}
			i = min(j+1, end)
			continue
		case '$':
			w.Expands = true
		case '{':
			w.Expands = true
			braces++
		case '}':
			if braces > 0 {
				braces--
			}
		}
		val = append(val, c)
		i++
	}
	w.End = i
	w.Text = src[w.Start:i]
	w.Value = string(val)
	return w
}
