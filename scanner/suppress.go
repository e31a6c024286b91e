package scanner

import (
	"bytes"
	"path"
	"slices"
	"strings"

	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner/code"
)

// ignoreMarker silences findings on its line: "hfscan:ignore" alone for
// every rule, "hfscan:ignore[rule-a,rule-b]" for those rules. It counts
// only inside a real comment of the text's language: never inside a
// string literal, an output, markdown or metadata, where anyone who can
// put text (a token in a string, a printed line) could switch the gate off.
const ignoreMarker = "hfscan:ignore"

// commentStyle is how a text writes comments.
type commentStyle uint8

const (
	noComments     commentStyle = iota // outputs, markdown, metadata, prose, JSON
	pythonComments                     // .py: the Python tokenizer's comments
	cellComments                       // notebook code cells, .ipy: Python, ! lines, %%bash
	shellComments                      // .sh: "#" starting a word
	hashComments                       // .env, YAML, TOML, Dockerfile…: "#" at a line's start or after a blank, outside quotes
	iniComments                        // .ini, .cfg: a line starting with ";" or "#"
	slashComments                      // C-like languages: "//" and "/* */" outside quotes
	dashComments                       // SQL, Lua: "--" outside quotes
	htmlComments                       // HTML, XML, SVG, Markdown files: "<!-- -->"
)

// commentStyleOfPath is how the comments of a plain file are written.
func commentStyleOfPath(p string) commentStyle {
	base := strings.ToLower(path.Base(p))
	ext := path.Ext(base)
	switch ext {
	case ".py", ".pyw":
		return pythonComments
	case ".ipy":
		return cellComments
	case ".sh", ".bash", ".zsh":
		return shellComments
	case ".ini", ".cfg":
		return iniComments
	case ".env", ".envrc", ".yaml", ".yml", ".toml", ".conf", ".properties", ".rb", ".r", ".pl",
		".tf", ".tfvars", ".hcl", ".ps1", ".nix", ".cmake", ".dockerfile", ".mk":
		return hashComments
	case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".go", ".java", ".kt", ".kts", ".c", ".h",
		".cc", ".cpp", ".hpp", ".cs", ".rs", ".swift", ".scala", ".php", ".dart", ".jsonc",
		".json5", ".groovy", ".gradle":
		return slashComments
	case ".sql", ".lua", ".hs":
		return dashComments
	case ".html", ".htm", ".xml", ".svg", ".md", ".markdown":
		return htmlComments
	}
	switch {
	case strings.HasPrefix(base, ".env"), strings.HasPrefix(base, "dockerfile"),
		base == "makefile", base == "gnumakefile", strings.HasSuffix(base, "ignore"):
		return hashComments
	case ext == "" && !strings.HasPrefix(base, "."):
		return hashComments // scripts and config files without an extension
	}
	return noComments
}

// commentSpans finds the comments of text in a style.
func commentSpans(text []byte, style commentStyle) []code.Span {
	switch style {
	case pythonComments:
		return code.Comments(string(text), code.PythonFile)
	case cellComments:
		return code.Comments(string(text), code.Cell)
	case shellComments:
		return code.ShellComments(string(text), 0, len(text))
	case hashComments, iniComments, slashComments, dashComments:
		return lineComments(text, style)
	case htmlComments:
		var out []code.Span
		for i := 0; ; {
			k := bytes.Index(text[i:], []byte("<!--"))
			if k < 0 {
				return out
			}
			start := i + k
			end := len(text)
			if e := bytes.Index(text[start+4:], []byte("-->")); e >= 0 {
				end = start + 4 + e + 3
			}
			out = append(out, code.Span{Start: start, End: end})
			i = end
		}
	}
	return nil
}

// lineComments finds comments of the line-oriented styles, stepping over
// quoted strings that open where a value may start.
func lineComments(text []byte, style commentStyle) []code.Span {
	var out []code.Span
	var quote byte
	lineStart, blockStart := true, -1
	for i := 0; i < len(text); i++ {
		c := text[i]
		if blockStart >= 0 { // inside /* */
			if c == '*' && i+1 < len(text) && text[i+1] == '/' {
				out = append(out, code.Span{Start: blockStart, End: i + 2})
				blockStart, i = -1, i+1
			}
			continue
		}
		if c == '\n' {
			quote, lineStart = 0, true
			continue
		}
		if quote != 0 {
			if c == '\\' && quote != '\'' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		atStart := lineStart
		if c != ' ' && c != '\t' && c != '\r' {
			lineStart = false
		}
		prev := byte(' ')
		if i > 0 {
			prev = text[i-1]
		}
		comment := false
		switch style {
		case hashComments:
			comment = c == '#' && (atStart || prev == ' ' || prev == '\t')
		case iniComments:
			comment = (c == '#' || c == ';') && atStart
		case slashComments:
			if c == '/' && i+1 < len(text) && text[i+1] == '*' {
				blockStart = i
				i++
				continue
			}
			comment = c == '/' && i+1 < len(text) && text[i+1] == '/'
		case dashComments:
			comment = c == '-' && i+1 < len(text) && text[i+1] == '-'
		}
		if comment {
			end := i + bytes.IndexByte(text[i:], '\n')
			if end < i {
				end = len(text)
			}
			out = append(out, code.Span{Start: i, End: end})
			i = end - 1
			continue
		}
		if (c == '"' || c == '\'' || c == '`' && style == slashComments) && opensValue(prev) {
			quote = c
		}
	}
	if blockStart >= 0 {
		out = append(out, code.Span{Start: blockStart, End: len(text)})
	}
	return out
}

// opensValue reports whether a quote after prev starts a quoted string
// (not an apostrophe inside a word, as in "it's").
func opensValue(prev byte) bool {
	return strings.IndexByte(" \t\r\n=:,([{", prev) >= 0
}

// ignoreMark is a marker found inside a comment: the offset where its
// line starts, and the rules it names (none: every rule).
type ignoreMark struct {
	line int
	ids  []string
}

// ignoreMarks lists the markers inside the comments of text.
func ignoreMarks(text []byte, style commentStyle) []ignoreMark {
	var marks []ignoreMark
	for _, c := range commentSpans(text, style) {
		comment := text[c.Start:c.End]
		for off := 0; ; {
			k := bytes.Index(comment[off:], []byte(ignoreMarker))
			if k < 0 {
				break
			}
			at := off + k
			off = at + len(ignoreMarker)
			m := ignoreMark{line: bytes.LastIndexAny(text[:c.Start+at], "\r\n") + 1}
			if rest := comment[off:]; len(rest) > 0 && rest[0] == '[' {
				if list, _, ok := bytes.Cut(rest[1:], []byte("]")); ok {
					for _, id := range strings.Split(string(list), ",") {
						if id = strings.TrimSpace(id); id != "" {
							m.ids = append(m.ids, id)
						}
					}
				}
			}
			marks = append(marks, m)
		}
	}
	return marks
}

// silences reports whether a mark covers a rule.
func (m ignoreMark) silences(ruleID string) bool {
	return len(m.ids) == 0 || slices.Contains(m.ids, ruleID)
}

// ruleTable is what the engine needs of every rule, enabled or not: the
// ids an ignore marker may name (one naming a rule that is switched off is
// no mistake).
type ruleTable struct {
	known map[string]bool
}

func newRuleTable(all []*rules.Rule) *ruleTable {
	t := &ruleTable{known: map[string]bool{}}
	for _, r := range all {
		t.known[r.ID] = true
	}
	return t
}

// unknownIDs lists the ids that marks name but no rule has.
func (t *ruleTable) unknownIDs(marks []ignoreMark) []string {
	var out []string
	for _, m := range marks {
		for _, id := range m.ids {
			if !t.known[id] && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}
