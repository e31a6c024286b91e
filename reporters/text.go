package reporters

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
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
	for i := range r.Findings {
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
		fmt.Fprintf(bw, "    | %s\n\n", t.snippet(f, shapes))
	}
	if !t.Quiet {
		t.summary(bw, r, p)
	}
	return bw.Flush()
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
		Plural(r.Stats.Files, "file"), Plural(r.Stats.Notebooks, "notebook"), byteSize(r.Stats.Bytes),
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
	return fmt.Sprintf("too-large: %s to scan, over --max-file-size", byteSize(s.Size))
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

func byteSize(n int64) string {
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
