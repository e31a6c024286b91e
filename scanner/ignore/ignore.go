// Package ignore decides what a .gitignore excludes exactly as git does:
// git's pattern syntax (gitignore(5)) and git's wildmatch, byte for byte.
// A differential test compares every decision with `git check-ignore` on
// generated trees and pattern files.
//
// It replaces a regular-expression translation of patterns, which matched
// more than git (regex characters unescaped, "data/*" reaching into
// sub-folders, "*/.env" matching at any depth): for a secret scanner a file
// skipped that git would commit is a token let through.
package ignore

import (
	"bytes"
	"strings"
)

// Pattern is one line of an ignore file.
type Pattern struct {
	pattern  string // without "!", the leading "/" and the trailing "/"
	base     string // folder of the ignore file, relative to the root; "" at the root
	negate   bool   // "!pattern": re-include
	dirOnly  bool   // "pattern/": folders only
	basename bool   // no "/" in it: matched against the last path element, at any depth
	// literal is how many leading bytes of pattern hold no wildcard; git
	// compares them as a string before wildmatch sees the rest, which
	// changes how a "**" right after them reads.
	literal int
}

// Parse reads an ignore file's bytes. base is the folder holding it,
// slash-separated and relative to the root of the decisions ("" for the
// root itself). As git does: a UTF-8 BOM is skipped, a CR before the
// newline is dropped, lines that are empty or start with "#" are
// comments, trailing spaces go unless escaped with "\", leading spaces
// stay.
func Parse(content []byte, base string) []Pattern {
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	var out []Pattern
	for len(content) > 0 {
		line := content
		if i := bytes.IndexByte(content, '\n'); i >= 0 {
			line, content = content[:i], content[i+1:]
		} else {
			content = nil
		}
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if p, ok := ParseLine(trimTrailingSpaces(string(line)), base); ok {
			out = append(out, p)
		}
	}
	return out
}

// ParseLine reads one pattern (already trimmed as an ignore file's line
// is), such as an --exclude argument. It reports false for a pattern that
// can never match.
func ParseLine(line, base string) (Pattern, bool) {
	p := Pattern{base: strings.Trim(base, "/")}
	if strings.HasPrefix(line, "!") {
		p.negate, line = true, line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly, line = true, line[:len(line)-1]
	}
	if line == "" {
		return Pattern{}, false
	}
	p.basename = !strings.Contains(line, "/")
	p.literal = strings.IndexAny(line, `*?[\`)
	if p.literal < 0 {
		p.literal = len(line)
	}
	if !p.basename && line[0] == '/' {
		line, p.literal = line[1:], p.literal-1
	}
	p.pattern = line
	return p, true
}

// trimTrailingSpaces drops trailing spaces (not tabs) unless the first of
// them is escaped; a line ending in a lone backslash is kept whole.
func trimTrailingSpaces(s string) string {
	lastSpace := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			if lastSpace < 0 {
				lastSpace = i
			}
		case '\\':
			i++
			if i == len(s) {
				return s
			}
			lastSpace = -1
		default:
			lastSpace = -1
		}
	}
	if lastSpace >= 0 {
		return s[:lastSpace]
	}
	return s
}

// matches reports whether p matches path (slash-separated, relative to the
// root), a folder when isDir.
func (p *Pattern) matches(path string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	rel := path
	if p.base != "" {
		if len(path) <= len(p.base) || path[len(p.base)] != '/' || path[:len(p.base)] != p.base {
			return false
		}
		rel = path[len(p.base)+1:]
	}
	if p.basename {
		if i := strings.LastIndexByte(rel, '/'); i >= 0 {
			rel = rel[i+1:]
		}
		return wildmatch(p.pattern, rel)
	}
	n := p.literal
	if len(rel) < n || rel[:n] != p.pattern[:n] {
		return false
	}
	if n == len(p.pattern) {
		return len(rel) == n
	}
	return wildmatch(p.pattern[n:], rel[n:])
}

// Matcher holds the patterns that apply in one folder: those of its own
// ignore files and of every folder above it, root first. It is never
// changed once made, so the walk of each sub-folder can extend it.
type Matcher struct {
	patterns []Pattern
}

// With returns a matcher that also holds ps, which win over what m holds
// (they come from a deeper folder, or later in the same one).
func (m *Matcher) With(ps []Pattern) *Matcher {
	if len(ps) == 0 {
		return m
	}
	var prev []Pattern
	if m != nil {
		prev = m.patterns
	}
	all := make([]Pattern, 0, len(prev)+len(ps))
	return &Matcher{patterns: append(append(all, prev...), ps...)}
}

// Empty reports whether m holds no pattern.
func (m *Matcher) Empty() bool { return m == nil || len(m.patterns) == 0 }

// Ignored reports whether path (slash-separated, relative to the root) is
// excluded by the last pattern that matches it. It does not look at the
// folders above path: a walk never enters an excluded folder, which is
// how git keeps everything below it excluded (see IgnoredWithParents).
func (m *Matcher) Ignored(path string, isDir bool) bool {
	if m == nil {
		return false
	}
	for i := len(m.patterns) - 1; i >= 0; i-- {
		if m.patterns[i].matches(path, isDir) {
			return !m.patterns[i].negate
		}
	}
	return false
}

// IgnoredWithParents reports whether git would leave path out: it or one
// of the folders above it is ignored. For a path named on its own, not met
// in a walk.
func (m *Matcher) IgnoredWithParents(path string, isDir bool) bool {
	for i := 0; i < len(path); i++ {
		if path[i] == '/' && m.Ignored(path[:i], true) {
			return true
		}
	}
	return m.Ignored(path, isDir)
}

// wildmatch results, as in git's wildmatch.c: besides match and no match,
// two ways to stop trying further positions for an earlier "*", which
// keep the search linear instead of exponential.
const (
	wmMatch = iota
	wmNoMatch
	wmAbortAll
	wmAbortToStarStar
)

// wildmatch matches text against a pattern with git's WM_PATHNAME rules:
// "*", "?" and classes never match "/", "**" between slashes (or at
// either end) matches any number of folders, "\" escapes.
func wildmatch(pattern, text string) bool {
	return dowild(pattern, text) == wmMatch
}

func dowild(p, text string) int {
	pi, ti := 0, 0
	for ; pi < len(p); pi, ti = pi+1, ti+1 {
		pc := p[pi]
		if ti >= len(text) && pc != '*' {
			return wmAbortAll
		}
		var tc byte
		if ti < len(text) {
			tc = text[ti]
		}
		switch pc {
		case '\\':
			// A literal next character; a trailing backslash matches nothing.
			pi++
			if pi == len(p) || tc != p[pi] {
				return wmNoMatch
			}
		case '?':
			if tc == '/' {
				return wmNoMatch
			}
		case '*':
			pi++
			matchSlash := false
			if pi < len(p) && p[pi] == '*' {
				before := pi - 2 // the byte before the first star
				for pi < len(p) && p[pi] == '*' {
					pi++
				}
				atEnd := pi == len(p) || p[pi] == '/' || p[pi] == '\\' && pi+1 < len(p) && p[pi+1] == '/'
				if (before < 0 || p[before] == '/') && atEnd {
					// "**/" may match no folder at all: "a/**/b" matches "a/b".
					if pi < len(p) && p[pi] == '/' && dowild(p[pi+1:], text[ti:]) == wmMatch {
						return wmMatch
					}
					matchSlash = true
				}
			}
			if pi == len(p) {
				// A trailing star matches the rest, if it may hold slashes.
				if !matchSlash && strings.IndexByte(text[ti:], '/') >= 0 {
					return wmAbortToStarStar
				}
				return wmMatch
			}
			if !matchSlash && p[pi] == '/' {
				// "*/": the star ends at the next slash of the text.
				k := strings.IndexByte(text[ti:], '/')
				if k < 0 {
					return wmAbortAll
				}
				ti += k
				continue // the slashes are matched by the loop's step
			}
			for ; ti < len(text); ti++ {
				r := dowild(p[pi:], text[ti:])
				if r != wmNoMatch {
					if !matchSlash || r != wmAbortToStarStar {
						return r
					}
				} else if !matchSlash && text[ti] == '/' {
					return wmAbortToStarStar
				}
			}
			return wmAbortAll
		case '[':
			next, r := matchClass(p, pi, tc)
			if r != wmMatch {
				return r
			}
			pi = next
		default:
			if tc != pc {
				return wmNoMatch
			}
		}
	}
	if ti < len(text) {
		return wmNoMatch
	}
	return wmMatch
}

// matchClass matches one byte against the bracket expression at p[open];
// it returns the index of the closing "]".
func matchClass(p string, open int, tc byte) (int, int) {
	i := open + 1
	at := func(k int) byte {
		if k < len(p) {
			return p[k]
		}
		return 0
	}
	pc := at(i)
	if pc == '^' {
		pc = '!'
	}
	negated := pc == '!'
	if negated {
		i++
		pc = at(i)
	}
	var prev byte
	matched := false
	for {
		if pc == 0 {
			return i, wmAbortAll
		}
		switch {
		case pc == '\\':
			i++
			pc = at(i)
			if pc == 0 {
				return i, wmAbortAll
			}
			if tc == pc {
				matched = true
			}
		case pc == '-' && prev != 0 && at(i+1) != 0 && at(i+1) != ']':
			i++
			pc = at(i)
			if pc == '\\' {
				i++
				pc = at(i)
				if pc == 0 {
					return i, wmAbortAll
				}
			}
			if tc <= pc && tc >= prev {
				matched = true
			}
			pc = 0 // a range is not the start of another
		case pc == '[' && at(i+1) == ':':
			s := i + 2
			j := s
			for j < len(p) && p[j] != ']' {
				j++
			}
			if j == len(p) {
				return j, wmAbortAll
			}
			if j-s-1 < 0 || p[j-1] != ':' {
				// No ":]": the "[" is an ordinary member.
				i = s - 2
				pc = '['
				if tc == pc {
					matched = true
				}
				break
			}
			in, ok := inClass(p[s:j-1], tc)
			if !ok {
				return j, wmAbortAll
			}
			matched = matched || in
			i, pc = j, 0
		default:
			if tc == pc {
				matched = true
			}
		}
		prev = pc
		i++
		pc = at(i)
		if pc == ']' {
			break
		}
	}
	if matched == negated || tc == '/' {
		return i, wmNoMatch
	}
	return i, wmMatch
}

// inClass tests a byte against a POSIX class by name, in the C locale.
func inClass(name string, c byte) (in, ok bool) {
	upper, lower, digit := c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9'
	alpha := upper || lower
	space := c == ' ' || c >= '\t' && c <= '\r'
	graph := c > ' ' && c < 0x7f
	switch name {
	case "alnum":
		return alpha || digit, true
	case "alpha":
		return alpha, true
	case "blank":
		return c == ' ' || c == '\t', true
	case "cntrl":
		return c < ' ' || c == 0x7f, true
	case "digit":
		return digit, true
	case "graph":
		return graph, true
	case "lower":
		return lower, true
	case "print":
		return graph || c == ' ', true
	case "punct":
		return graph && !alpha && !digit, true
	case "space":
		return space, true
	case "upper":
		return upper, true
	case "xdigit":
		return digit || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F', true
	}
	return false, false
}

// FromLines makes a matcher of patterns given one by one (--exclude), all
// relative to base.
func FromLines(lines []string, base string) *Matcher {
	var ps []Pattern
	for _, l := range lines {
		if p, ok := ParseLine(l, base); ok {
			ps = append(ps, p)
		}
	}
	return (*Matcher)(nil).With(ps)
}
