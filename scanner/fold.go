package scanner

import (
	"bytes"

	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner/code"
)

// A token split to get past push protection — 'hf_XXXX' + 'YYYY…' — is
// whole when Python evaluates the expression. foldedViews evaluates the
// constant string expressions of a code text (adjacent literals, + of
// literals, f-strings with no placeholder, "sep".join([literals]),
// "…%s…" % literals and "…{}…".format(literals)) and
// matches the secret rules on each value made of two literals or more.
// A finding sits where its first character is, in the first literal.

// mayHoldSplitLiteral is the cheap test before tokenizing: a string next
// to a +, to another string, to a %, or a join or format call. One walk
// over the text: a quote followed, after spaces or tabs, by +, %, a
// quote, a comment, a line break or a backslash (the line continued) — a
// literal joined to what follows, perhaps on the next line. A line that
// ends inside a string (its quotes, backslash escapes skipped, leave one
// open) counts as such a quote: the tokenizer ends the string there, and
// a literal on the next line may join it. Strings and comments are told
// apart as the tokenizer tells them.
func mayHoldSplitLiteral(src []byte) bool {
	var open byte // the quote of the string the walk is in, or 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '\n':
			if open != 0 {
				return true
			}
		case '\\':
			if open != 0 {
				i++ // an escaped byte: a quote, or the line break of a continued string
			}
		case '#':
			if open == 0 { // a comment, to the end of the line: its quotes open nothing
				k := bytes.IndexByte(src[i:], '\n')
				if k < 0 {
					i = len(src)
					continue
				}
				i += k - 1
			}
		case '\'', '"':
			j := i + 1
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if j < len(src) && joinsNext[src[j]] {
				return true
			}
			switch open {
			case 0:
				open = c
			case c:
				open = 0
			}
		}
	}
	return bytes.Contains(src, []byte(".join(")) || bytes.Contains(src, []byte(".format("))
}

// joinsNext marks the bytes after a literal (and spaces) that may join it
// to a literal after them.
var joinsNext = [256]bool{'+': true, '%': true, '\'': true, '"': true, '#': true, '\n': true, '\r': true, '\\': true}

// foldedPiece is one literal's value in a folded expression: where its
// value starts in the code text.
type foldedPiece struct {
	value string
	at    int
}

// foldedExprs returns every constant string expression of two literals or
// more in toks.
func foldedExprs(toks []code.Token) [][]foldedPiece {
	var out [][]foldedPiece
	literal := func(i int) (foldedPiece, bool) {
		if i >= len(toks) || toks[i].Kind != code.String || toks[i].Str == nil || !toks[i].Str.Literal() {
			return foldedPiece{}, false
		}
		return foldedPiece{value: toks[i].Str.Value, at: toks[i].Str.ValueStart}, true
	}
	isOp := func(i int, op string) bool { return i < len(toks) && toks[i].Kind == code.Op && toks[i].Text == op }
	for i := 0; i < len(toks); {
		// "sep".join([a, b, …]) or "sep".join((a, b, …))
		if sep, ok := literal(i); ok && isOp(i+1, ".") && i+2 < len(toks) && toks[i+2].Kind == code.Name && toks[i+2].Text == "join" &&
			isOp(i+3, "(") && (isOp(i+4, "[") || isOp(i+4, "(")) {
			var pieces []foldedPiece
			j := i + 5
			for {
				p, ok := literal(j)
				if !ok {
					break
				}
				if len(pieces) > 0 && sep.value != "" {
					pieces = append(pieces, foldedPiece{value: sep.value, at: sep.at})
				}
				pieces = append(pieces, p)
				j++
				if !isOp(j, ",") {
					break
				}
				j++
			}
			if len(pieces) >= 2 && (isOp(j, "]") || isOp(j, ")")) {
				out = append(out, pieces)
				i = j + 1
				continue
			}
		}
		// "…%s…" % "a", "…%s%s…" % ("a", "b"), "…{}…".format("a", …)
		if f, ok := literal(i); ok {
			var args []foldedPiece
			j, percent := i+1, false
			switch {
			case isOp(i+1, "%"):
				percent = true
				if a, ok := literal(i + 2); ok && !isOp(i+3, "+") && !isOp(i+3, ".") {
					args, j = []foldedPiece{a}, i+3
				} else if isOp(i+2, "(") {
					args, j = literalList(literal, isOp, i+3)
				}
			case isOp(i+1, ".") && i+3 < len(toks) && toks[i+2].Kind == code.Name && toks[i+2].Text == "format" && isOp(i+3, "("):
				args, j = literalList(literal, isOp, i+4)
			}
			if len(args) > 0 {
				if pieces, ok := formatted(f, args, percent); ok {
					out = append(out, pieces)
					i = j
					continue
				}
			}
		}
		// a run of literals joined by nothing or by +
		p, ok := literal(i)
		if !ok {
			i++
			continue
		}
		run := []foldedPiece{p}
		j := i + 1
		for {
			if q, ok := literal(j); ok {
				run = append(run, q)
				j++
				continue
			}
			if isOp(j, "+") {
				if q, ok := literal(j + 1); ok {
					run = append(run, q)
					j += 2
					continue
				}
			}
			break
		}
		if len(run) >= 2 {
			out = append(out, run)
		}
		i = j
	}
	return out
}

// literalList reads literals separated by commas from token i up to a
// closing parenthesis: the literals and the token after the parenthesis,
// or nothing when anything else stands in the list.
func literalList(literal func(int) (foldedPiece, bool), isOp func(int, string) bool, i int) ([]foldedPiece, int) {
	var args []foldedPiece
	for {
		a, ok := literal(i)
		if !ok {
			return nil, 0
		}
		args = append(args, a)
		i++
		if isOp(i, ")") {
			return args, i + 1
		}
		if !isOp(i, ",") {
			return nil, 0
		}
		i++
		if isOp(i, ")") { // a trailing comma
			return args, i + 1
		}
	}
}

// formatted puts literal arguments into a format literal's placeholders:
// %s (percent) or {} and {N} (str.format), nothing fancier. A format with
// any other directive, or with %% or braces doubled, is left alone, as is
// one whose placeholders and arguments do not pair up.
func formatted(f foldedPiece, args []foldedPiece, percent bool) ([]foldedPiece, bool) {
	var pieces []foldedPiece
	next, seg := 0, 0
	v := f.value
	for k := 0; k < len(v); k++ {
		var arg, width int
		switch {
		case percent && v[k] == '%':
			if k+1 >= len(v) || v[k+1] != 's' {
				return nil, false
			}
			arg, width = next, 2
			next++
		case !percent && v[k] == '{':
			end := k + 1
			for end < len(v) && v[end] >= '0' && v[end] <= '9' {
				end++
			}
			if end >= len(v) || v[end] != '}' {
				return nil, false
			}
			arg, width = next, end+1-k
			if end > k+1 {
				arg = 0
				for _, d := range v[k+1 : end] {
					arg = arg*10 + int(d-'0')
				}
			} else {
				next++
			}
		case !percent && v[k] == '}':
			return nil, false
		default:
			continue
		}
		if arg >= len(args) {
			return nil, false
		}
		if k > seg {
			pieces = append(pieces, foldedPiece{value: v[seg:k], at: f.at + seg})
		}
		pieces = append(pieces, args[arg])
		seg = k + width
		k += width - 1
	}
	if percent && next != len(args) || len(pieces) == 0 {
		return nil, false
	}
	if seg < len(v) {
		pieces = append(pieces, foldedPiece{value: v[seg:], at: f.at + seg})
	}
	return pieces, true
}

// foldedViews matches the secret rules on the constant string expressions
// of a code text and returns a view for each that holds a match no
// literal held alone.
func (fs *fileScanner) foldedViews(st *scannedText, mode code.Mode) []scannedText {
	if !mayHoldSplitLiteral(st.text.Data) {
		return nil
	}
	return fs.foldViews(st, mode)
}

// foldViews is foldedViews without its cheap test: the text is tokenized.
func (fs *fileScanner) foldViews(st *scannedText, mode code.Mode) []scannedText {
	toks := fs.code.tokensOf(st.text.Data, mode)
	had := matchedAt(st.matches)
	var views []scannedText
	for _, pieces := range foldedExprs(toks) {
		v := &Text{}
		for _, p := range pieces {
			v.anchors = append(v.anchors, anchor{len(v.Data), p.at})
			v.Data = append(v.Data, p.value...)
		}
		set := fs.m.newSet()
		if _, found := fs.m.candidates(v.Data, false, set); !found {
			continue
		}
		var ms []textMatch
		for _, m := range fs.m.match(v, set) {
			// A match inside one literal was found in the text itself. A
			// finding is the raw bytes from where it starts to where it
			// ends: one whose pieces stand out of source order ("{1}{0}",
			// a secret that ends inside a join's separator) has no such
			// bytes and is not reported.
			if !had[matchKey{m.rule, v.Raw(m.Start)}] && spansPieces(pieces, m.Start, m.End) && v.Raw(m.End-1) >= v.Raw(m.Start) {
				ms = append(ms, m)
			}
		}
		if len(ms) > 0 {
			views = append(views, scannedText{text: v, parent: st.text, nb: st.nb, escaped: st.escaped, matches: ms,
				comments: st.comments, strings: st.strings, folded: true})
		}
	}
	return views
}

// spansPieces reports whether [start, end) of a folded value takes bytes
// from more than one literal.
func spansPieces(pieces []foldedPiece, start, end int) bool {
	off := 0
	for _, p := range pieces {
		next := off + len(p.value)
		if start >= off && end <= next {
			return false
		}
		off = next
	}
	return true
}

// withoutPracticeOver drops the practice findings whose literal a folded
// view found to be a secret: a real secret is reported once, as an error.
func withoutPracticeOver(ms []textMatch, views []scannedText) []textMatch {
	if len(views) == 0 {
		return ms
	}
	out := ms[:0]
	for _, h := range ms {
		covered := false
		for _, v := range views {
			for _, m := range v.matches {
				from, to := v.text.Raw(m.Start), v.text.Raw(m.End-1)+1
				covered = covered || h.litStart >= 0 && h.rule.Kind == rules.Practice && h.litStart < to && h.litEnd > from
			}
		}
		if !covered {
			out = append(out, h)
		}
	}
	return out
}
