package scanner

import "strings"

// ignoreMarker silences findings on its line: "hfscan:ignore" alone for
// every rule, "hfscan:ignore[rule-a,rule-b]" for those rules.
const ignoreMarker = "hfscan:ignore"

// commentStarts are what may open the comment that holds the marker, in
// the languages secrets turn up in (Python and shell, C-like, HTML, SQL).
var commentStarts = []string{"#", "//", "/*", "<!--", "--", ";"}

// suppress drops findings whose line (in the text the rule read: a cell's
// source, or the file) carries an ignore comment for their rule. findingsOf
// keeps that line only in texts that hold the marker at all.
func suppress(findings []Finding) []Finding {
	out := findings[:0]
	for _, f := range findings {
		if !ignoredOn(f.ignoreLine, f.Rule.ID) {
			out = append(out, f)
		}
	}
	return out
}

// ignoredOn reports whether line holds an ignore comment covering ruleID.
func ignoredOn(line, ruleID string) bool {
	for rest := line; ; {
		i := strings.Index(rest, ignoreMarker)
		if i < 0 {
			return false
		}
		before := rest[:i]
		after := rest[i+len(ignoreMarker):]
		rest = after
		inComment := false
		for _, c := range commentStarts {
			inComment = inComment || strings.Contains(before, c)
		}
		if !inComment {
			continue
		}
		if !strings.HasPrefix(after, "[") {
			return true
		}
		list, _, ok := strings.Cut(after[1:], "]")
		if !ok {
			return true
		}
		for _, id := range strings.Split(list, ",") {
			if strings.TrimSpace(id) == ruleID {
				return true
			}
		}
	}
}
