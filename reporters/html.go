package reporters

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// HTML writes the audit report: one self-contained page (inline CSS and
// script, a Content-Security-Policy that forbids every request) with the
// run's summary, the distinct tokens and what to do about each, every
// affected file with the cells around its findings, and the rules' help.
// Everything shown comes from the findings, never from the files, so a
// saved JSON report renders the same (--from-json). Notebook text is
// hostile input: html/template escapes it in context.
type HTML struct {
	Options
}

var _ Reporter = (*HTML)(nil)

//go:embed html.tmpl
var htmlTemplate string

// htmlTmpl is parsed on first use: a pre-commit run never pays for it.
var htmlTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Parse(htmlTemplate))
})

// The page's model.
type (
	htmlModel struct {
		Version           string
		Files, Notebooks  int
		Bytes, DurationMS string
		Errors, Warnings  int
		Notes, Total      int
		SecretFiles       int
		Secrets           []htmlSecret
		FilesWithFindings []htmlFile
		Rules             []htmlRule
		Levels            []string
		Skipped, Problems []string
		ShowSecrets       bool
	}
	htmlSecret struct {
		ID, RuleID, Shown, State, Found string
		// Fix is the remediation, cut around the revoke link: Fix[0],
		// the link, Fix[1].
		Fix    [2]string
		Revoke string
		Paths  []string
	}
	htmlFile struct {
		Path   string
		Counts string
		Cells  []htmlCell
	}
	// htmlCell is one text of a file — a cell's source, one output,
	// metadata, or the file itself — with the findings in it.
	htmlCell struct {
		Title    string
		Kind     string // code, markdown, raw, output, metadata, file
		Findings []htmlFinding
	}
	htmlFinding struct {
		Index                       int
		RuleID, Level, Title, Fix   string
		Where, SecretID, Provenance string
		Verified                    string
		Fingerprint                 string
		Lines                       []htmlLine
	}
	htmlLine struct {
		No    int // 0 when not known
		Match bool
		Segs  []htmlSeg
		Cut   bool // the line goes on past what is shown
	}
	htmlSeg struct {
		Text string
		Mark bool
	}
	htmlRule struct {
		ID, Title, Level, Description, Help, Fix string
	}
)

func (h *HTML) Report(w io.Writer, r *findings.Result) error {
	shapes := secretRules(r)
	n := r.Count()
	page := htmlModel{
		Version: h.Version, Files: r.Stats.Files, Notebooks: r.Stats.Notebooks,
		Bytes: ByteSize(r.Stats.Bytes), DurationMS: fmt.Sprint(r.Stats.Duration.Milliseconds()),
		Errors: n[rules.Error], Warnings: n[rules.Warning], Notes: n[rules.Note], Total: len(r.Findings),
		Levels: []string{"error", "warning", "note"}, ShowSecrets: h.ShowSecrets,
	}
	groups := Secrets(r)
	page.SecretFiles = secretFiles(groups)
	for _, g := range groups {
		s := htmlSecret{ID: g.ID, RuleID: g.Rule.ID, Shown: h.secret(g.First), Paths: g.Paths, Revoke: g.Rule.Revoke,
			Found: Plural(g.Places, "place") + " in " + Plural(len(g.Paths), "file") + ":", State: "not verified"}
		s.Fix[0] = Remediation(g.Rule)
		if before, after, ok := strings.Cut(s.Fix[0], g.Rule.Revoke); ok && g.Rule.Revoke != "" {
			s.Fix = [2]string{before, after}
		} else {
			s.Revoke = ""
		}
		if v := g.Verification; v != nil {
			s.State = verificationWords(v)
		}
		page.Secrets = append(page.Secrets, s)
	}
	var seen []*rules.Rule
	for i := 0; i < len(r.Findings); {
		file := htmlFile{Path: r.Findings[i].Path}
		counts := map[rules.Level]int{}
		for ; i < len(r.Findings) && r.Findings[i].Path == file.Path; i++ {
			f := &r.Findings[i]
			counts[f.Rule.Level]++
			if !slices.Contains(seen, f.Rule) {
				seen = append(seen, f.Rule)
			}
			title, kind := cellTitle(f)
			if k := len(file.Cells); k == 0 || file.Cells[k-1].Title != title {
				file.Cells = append(file.Cells, htmlCell{Title: title, Kind: kind})
			}
			cell := &file.Cells[len(file.Cells)-1]
			cell.Findings = append(cell.Findings, h.finding(i, f, shapes))
		}
		var cs []string
		for _, l := range []rules.Level{rules.Error, rules.Warning, rules.Note} {
			if counts[l] > 0 {
				cs = append(cs, Plural(counts[l], l.String()))
			}
		}
		file.Counts = strings.Join(cs, ", ")
		page.FilesWithFindings = append(page.FilesWithFindings, file)
	}
	slices.SortStableFunc(seen, func(a, b *rules.Rule) int { return int(b.Level) - int(a.Level) })
	for _, rule := range seen {
		page.Rules = append(page.Rules, htmlRule{ID: rule.ID, Title: rule.Title, Level: rule.Level.String(),
			Description: rule.Description, Help: rule.Help, Fix: Remediation(rule)})
	}
	for _, s := range r.Skipped {
		why := string(s.Reason)
		if s.Reason == findings.SkipTooLarge {
			why = tooLargeWhy(s)
		}
		page.Skipped = append(page.Skipped, s.Path+" ("+why+")")
	}
	for _, e := range r.Errors {
		page.Problems = append(page.Problems, e.Path+": "+e.Message)
	}
	return htmlTmpl().Execute(w, page)
}

// cellTitle names the text a finding is in, and its kind for styling:
// "cell 3 (code)", "cell 3, output 1", "notebook metadata", or the file.
func cellTitle(f *findings.Finding) (string, string) {
	nb := f.Notebook
	switch {
	case nb == nil:
		return "", "file"
	case nb.Cell == 0:
		return "notebook metadata", "metadata"
	case nb.Part == "output":
		return fmt.Sprintf("cell %d (%s), output %d", nb.Cell, nb.CellType, nb.Output), "output"
	case nb.Part == "source":
		return fmt.Sprintf("cell %d (%s)", nb.Cell, nb.CellType), nb.CellType
	}
	return fmt.Sprintf("cell %d (%s), %s", nb.Cell, nb.CellType, nb.Part), "metadata"
}

// finding is one finding as the page shows it: the lines around it, the
// match marked, every secret redacted unless the report shows them.
func (h *HTML) finding(i int, f *findings.Finding, shapes []*rules.Rule) htmlFinding {
	out := htmlFinding{Index: i + 1, RuleID: f.Rule.ID, Level: f.Rule.Level.String(), Title: f.Message,
		Fix: FixLine(f), SecretID: f.SecretID, Provenance: origin(f.Commit), Fingerprint: f.Fingerprint}
	if f.Notebook != nil {
		out.Where = where(f.Notebook)
	}
	if v := f.Verification; v != nil {
		out.Verified = verificationWords(v)
	}
	line := f.Line
	if nb := f.Notebook; nb != nil {
		line = nb.Line
	}
	redact := !h.ShowSecrets
	for k, e := range f.Excerpt.Above {
		out.Lines = append(out.Lines, htmlLine{No: line - len(f.Excerpt.Above) + k, Segs: []htmlSeg{{Text: showExcerpt(&e, redact, shapes)}}, Cut: e.After})
	}
	out.Lines = append(out.Lines, htmlLine{No: line, Match: true, Segs: h.marked(f, shapes), Cut: f.Excerpt.After})
	for k, e := range f.Excerpt.Below {
		out.Lines = append(out.Lines, htmlLine{No: line + 1 + k, Segs: []htmlSeg{{Text: showExcerpt(&e, redact, shapes)}}, Cut: e.After})
	}
	for k := range out.Lines {
		if out.Lines[k].No < 1 {
			out.Lines[k].No = 0
		}
	}
	return out
}

// marked is the finding's line in segments, the match marked: cut where
// the match is, each side shown as the snippet shows it.
func (h *HTML) marked(f *findings.Finding, shapes []*rules.Rule) []htmlSeg {
	e := f.Excerpt
	redact := !h.ShowSecrets
	if e.Redacted { // read back from a report: find the secret as it shows
		shown := h.secret(f)
		line := showExcerpt(&e, redact, shapes)
		if k := strings.Index(line, shown); shown != "" && k >= 0 {
			return []htmlSeg{{Text: line[:k]}, {Text: shown, Mark: true}, {Text: line[k+len(shown):]}}
		}
		return []htmlSeg{{Text: line, Mark: true}}
	}
	lo, hi := e.Match[0], e.Match[1]
	for _, s := range e.Secrets { // a secret is marked whole
		if s.Start < hi && lo < s.End {
			lo, hi = min(lo, s.Start), max(hi, s.End)
		}
	}
	if lo >= hi {
		return []htmlSeg{{Text: showExcerpt(&e, redact, shapes)}}
	}
	part := func(from, to int, before, after bool) string {
		sub := findings.Excerpt{Text: e.Text[from:to], Before: before, After: after, Redacted: e.Redacted}
		for _, s := range e.Secrets {
			if s.Start < to && from < s.End {
				sub.Secrets = append(sub.Secrets, findings.ExcerptSecret{Start: max(s.Start, from) - from, End: min(s.End, to) - from, Rule: s.Rule, Value: s.Value})
			}
		}
		return showExcerpt(&sub, redact, shapes)
	}
	segs := []htmlSeg{
		{Text: part(0, lo, e.Before, false)},
		{Text: part(lo, hi, false, false), Mark: true},
		{Text: part(hi, len(e.Text), false, e.After)},
	}
	// Cut in three, a shape no rule reported could straddle a cut and
	// escape redaction: then the line is shown whole, as the snippet is.
	whole := showExcerpt(&e, redact, shapes)
	if segs[0].Text+segs[1].Text+segs[2].Text != whole {
		return []htmlSeg{{Text: whole}}
	}
	return segs
}
