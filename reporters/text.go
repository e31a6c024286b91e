package reporters

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// Text writes compiler-style findings for people, then a summary.
// Colour is decided per writer by the caller (Options.Color), never
// globally; Options.Quiet drops the summary and the skipped/notice lists.
type Text struct {
	Options
}

var _ Reporter = (*Text)(nil)

type palette struct {
	path, dim, error, warning, note *color.Color
}

func newPalette(on bool) palette {
	p := palette{
		path:    color.New(color.Bold),
		dim:     color.New(color.Faint),
		error:   color.New(color.FgRed, color.Bold),
		warning: color.New(color.FgYellow, color.Bold),
		note:    color.New(color.FgCyan, color.Bold),
	}
	for _, c := range []*color.Color{p.path, p.dim, p.error, p.warning, p.note} {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

func (p palette) level(l rules.Level) *color.Color {
	switch l {
	case rules.Error:
		return p.error
	case rules.Warning:
		return p.warning
	}
	return p.note
}

func (t *Text) Report(w io.Writer, r *findings.Result) error {
	shapes := secretRules(r)
	bw := bufio.NewWriter(w)
	p := newPalette(t.Color)
	groups := Secrets(r)
	byID := map[string]*SecretGroup{}
	for i := range groups {
		byID[groups[i].ID] = &groups[i]
	}
	for i := range r.Findings {
		if t.PerFile {
			break
		}
		f := &r.Findings[i]
		fmt.Fprintf(bw, "%s: %s [%s] %s\n",
			p.path.Sprintf("%s:%d:%d", TermPath(f.Path), f.Line, f.Column),
			p.level(f.Rule.Level).Sprint(f.Rule.Level), f.Rule.ID, f.Message)
		if f.Notebook != nil {
			fmt.Fprintf(bw, "    %s\n", p.dim.Sprint(where(f.Notebook)))
		}
		if o := origin(f.Commit); o != "" {
			fmt.Fprintf(bw, "    %s\n", p.dim.Sprint(o))
		}
		if v := f.Verification; v != nil {
			fmt.Fprintf(bw, "    verified: %s\n", verificationWords(v))
		}
		if g := byID[f.SecretID]; g != nil {
			more := ""
			if g.Places > 1 {
				more = fmt.Sprintf(", found in %s in %s", Plural(g.Places, "place"), Plural(len(g.Paths), "file"))
			}
			fmt.Fprintf(bw, "    %s\n", p.dim.Sprintf("token %s%s", g.ID, more))
		}
		fmt.Fprintf(bw, "    | %s\n", t.snippet(f, shapes))
		if fix := FixLine(f); fix != "" && !t.Quiet {
			fmt.Fprintf(bw, "    fix: %s\n", fix)
		}
		fmt.Fprintln(bw)
	}
	if t.PerFile || !t.Quiet && len(r.Findings) > perFileAfter {
		t.perFile(bw, r, p)
	}
	if !t.Quiet {
		t.secrets(bw, groups, p)
		t.remediation(bw, r)
		t.summary(bw, r, p)
	}
	return bw.Flush()
}

// perFileAfter is how many findings make a text report end its list with
// the per-file view too: past it, the list has scrolled by.
const perFileAfter = 50

// perFile writes a line per affected file: its findings by level and, in
// a notebook, the cells they are in.
func (t *Text) perFile(w io.Writer, r *findings.Result, p palette) {
	fmt.Fprintln(w, "By file:")
	for i := 0; i < len(r.Findings); {
		path := r.Findings[i].Path
		n := map[rules.Level]int{}
		var cells []int
		for ; i < len(r.Findings) && r.Findings[i].Path == path; i++ {
			f := &r.Findings[i]
			n[f.Rule.Level]++
			if nb := f.Notebook; nb != nil && nb.Cell > 0 && !slices.Contains(cells, nb.Cell) {
				cells = append(cells, nb.Cell)
			}
		}
		var counts []string
		for _, l := range []rules.Level{rules.Error, rules.Warning, rules.Note} {
			if n[l] > 0 {
				counts = append(counts, p.level(l).Sprint(Plural(n[l], l.String())))
			}
		}
		line := "  " + p.path.Sprint(TermPath(path)) + ": " + strings.Join(counts, ", ")
		if len(cells) > 0 {
			slices.Sort(cells)
			var cs []string
			for _, c := range cells {
				cs = append(cs, strconv.Itoa(c))
			}
			word := "cells "
			if len(cells) == 1 {
				word = "cell "
			}
			line += " — " + word + strings.Join(cs, ", ")
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w)
}

// secrets lists the distinct credentials, each with where it is: what an
// auditor revokes, once per token however often it was pasted.
func (t *Text) secrets(w io.Writer, groups []SecretGroup, p palette) {
	if len(groups) == 0 {
		return
	}
	fmt.Fprintf(w, "%s in %s — revoke each:\n", Plural(len(groups), "distinct token"), Plural(secretFiles(groups), "file"))
	for _, g := range groups {
		state := ""
		if v := g.Verification; v != nil {
			state = " [" + string(v.Status) + "]"
		}
		shown := t.secret(g.First)
		fmt.Fprintf(w, "  %s  %s  %s%s  %s in %s: %s\n", g.ID, g.Rule.ID, shown, state,
			Plural(g.Places, "place"), Plural(len(g.Paths), "file"), listPaths(g.Paths, 3))
	}
	fmt.Fprintln(w)
}

// listPaths names the first n paths and counts the others.
func listPaths(paths []string, n int) string {
	var shown []string
	for _, p := range paths[:min(n, len(paths))] {
		shown = append(shown, TermPath(p))
	}
	out := strings.Join(shown, ", ")
	if len(paths) > n {
		out += fmt.Sprintf(" and %d more", len(paths)-n)
	}
	return out
}

// remediation says, once per rule that found something, what to do (the
// revoke link and where the credential belongs), and where the full help
// is.
func (t *Text) remediation(w io.Writer, r *findings.Result) {
	var seen []*rules.Rule
	for i := range r.Findings {
		if rule := r.Findings[i].Rule; !slices.Contains(seen, rule) {
			seen = append(seen, rule)
		}
	}
	if len(seen) == 0 {
		return
	}
	slices.SortStableFunc(seen, func(a, b *rules.Rule) int { return int(b.Level) - int(a.Level) })
	fmt.Fprintln(w, "What to do (hfscan --explain RULE for the full help):")
	for _, rule := range seen {
		fmt.Fprintf(w, "  %s: %s\n", rule.ID, Remediation(rule))
	}
	fmt.Fprintln(w)
}

// Summary writes only the summary: the skipped files, notices, errors and
// counts that follow the findings in a text report. It goes to stderr when
// the report itself is JSON, SARIF or GitHub annotations.
func Summary(w io.Writer, r *findings.Result, useColor bool) error {
	bw := bufio.NewWriter(w)
	(&Text{}).summary(bw, r, newPalette(useColor))
	return bw.Flush()
}

func (t *Text) summary(w io.Writer, r *findings.Result, p palette) {
	for _, s := range r.Skipped {
		if s.Reason == findings.SkipTooLarge {
			fmt.Fprintf(w, "%s: %s (%s)\n", p.warning.Sprint("not scanned"), TermPath(s.Path), tooLargeWhy(s))
			continue
		}
		fmt.Fprintf(w, "skipped: %s (%s)\n", TermPath(s.Path), s.Reason)
	}
	for _, n := range r.Notices {
		fmt.Fprintf(w, "notice: %s: %s\n", TermPath(n.Path), n.Message)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(w, "%s: %s: %s\n", p.error.Sprint("error"), TermPath(e.Path), e.Message)
	}
	n := r.Count()
	total := n[rules.Error] + n[rules.Warning] + n[rules.Note]
	fmt.Fprintf(w, "%s (%d error%s, %d warning%s, %d note%s)\n",
		Plural(total, "finding"), n[rules.Error], s(n[rules.Error]),
		n[rules.Warning], s(n[rules.Warning]), n[rules.Note], s(n[rules.Note]))
	baselined := ""
	if r.Stats.Baselined > 0 {
		baselined = fmt.Sprintf(", %d baselined", r.Stats.Baselined)
	}
	fmt.Fprintf(w, "scanned %s (%s, %s) in %d ms; %d skipped, %s%s\n",
		Plural(r.Stats.Files, "file"), Plural(r.Stats.Notebooks, "notebook"), ByteSize(r.Stats.Bytes),
		r.Stats.Duration.Milliseconds(), len(r.Skipped), Plural(len(r.Errors), "error"), baselined)
}

// Unscanned writes what a quiet run must still say: the files that were
// not read (errors) and those left unscanned for their size. A gate that
// passes must never pass silently over a file it did not look at.
func Unscanned(w io.Writer, r *findings.Result) error {
	bw := bufio.NewWriter(w)
	for _, s := range r.Skipped {
		if s.Reason == findings.SkipTooLarge {
			fmt.Fprintf(bw, "hfscan: not scanned: %s (%s)\n", TermPath(s.Path), tooLargeWhy(s))
		}
	}
	for _, e := range r.Errors {
		fmt.Fprintf(bw, "hfscan: error: %s: %s\n", TermPath(e.Path), e.Message)
	}
	return bw.Flush()
}

// tooLargeWhy says how far over the limit a skipped file was.
func tooLargeWhy(s findings.Skipped) string {
	if s.Size <= 0 {
		return "too-large"
	}
	return fmt.Sprintf("too-large: %s to scan, over --max-file-size", ByteSize(s.Size))
}

// TermPath makes a path safe to print on a terminal: a name holding a
// newline or another control character is quoted with escapes, so it
// cannot forge a line of the report or move the cursor.
func TermPath(p string) string {
	for _, r := range p {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError || (r >= 0x80 && r < 0xa0) {
			return strconv.Quote(p)
		}
	}
	return p
}

func s(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Plural is n and word, with an s unless n is 1: "1 file", "3 files".
func Plural(n int, word string) string { return fmt.Sprintf("%d %s%s", n, word, s(n)) }

// ByteSize is n in the largest binary unit that keeps it above 1: 12.3 MiB.
func ByteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
