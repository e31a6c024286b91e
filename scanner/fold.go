package scanner

import (
	"bytes"

	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner/code"
)

// A token split to get past push protection — 'hf_XXXX' + 'YYYY…' — is
// whole when Python evaluates the expression. foldedViews evaluates the
// constant string expressions of a code text (adjacent literals, + of
// literals, f-strings with no placeholder, "sep".join([literals])) and
// matches the secret rules on each value made of two literals or more.
// A finding sits where its first character is, in the first literal.

// mayHoldSplitLiteral is the cheap test before tokenizing: a string next
// to a +, to another string, or a join call.
func mayHoldSplitLiteral(src []byte) bool {
	for _, s := range []string{"' +", "'+", `" +`, `"+`, "' '", `" "`, `' "`, `" '`, "''", `""`, "'\n", "\"\n", ".join("} {
		if bytes.Contains(src, []byte(s)) {
			return true
		}
	}
	return false
}

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

// foldedViews matches the secret rules on the constant string expressions
// of a code text and returns a view for each that holds a match no
// literal held alone.
func (fs *fileScanner) foldedViews(st *scannedText, mode code.Mode) []scannedText {
	if !mayHoldSplitLiteral(st.text.Data) {
		return nil
	}
	fs.code.toks = code.TokenizeInto(fs.code.toks[:0], string(st.text.Data), mode)
	type at struct {
		rule  *rules.Rule
		start int
	}
	had := map[at]bool{}
	for _, m := range st.matches {
		had[at{m.rule, m.Start}] = true
	}
	var views []scannedText
	for _, pieces := range foldedExprs(fs.code.toks) {
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
			// A match inside one literal was found in the text itself.
			if !had[at{m.rule, v.Raw(m.Start)}] && spansPieces(pieces, m.Start, m.End) {
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
