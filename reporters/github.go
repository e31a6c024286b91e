package reporters

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

// GitHub writes workflow commands that GitHub Actions shows as annotations
// on the pull request, one line per finding:
//
//	::error file=nb.ipynb,line=57,col=14,endLine=57,endColumn=51,title=hfscan hf-token::message
type GitHub struct {
	Options
}

var _ Reporter = (*GitHub)(nil)

func (g *GitHub) Report(w io.Writer, r *findings.Result) error {
	bw := bufio.NewWriter(w)
	for i := range r.Findings {
		f := &r.Findings[i]
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			githubLevel(f.Rule.Level), escapeProperty(f.Path), f.Line, f.Column, f.EndLine, f.EndColumn,
			escapeProperty("hfscan "+f.Rule.ID+": "+f.Rule.Title), escapeData(g.message(f)+fixSuffix(f)))
	}
	for _, sk := range r.Skipped {
		if sk.Reason == findings.SkipTooLarge {
			fmt.Fprintf(bw, "::warning file=%s,title=%s::%s\n", escapeProperty(sk.Path), escapeProperty("hfscan: not scanned"),
				escapeData("not scanned ("+tooLargeWhy(sk)+"): raise --max-file-size to scan it"))
		}
	}
	for _, e := range r.Errors {
		fmt.Fprintf(bw, "::error file=%s,title=%s::%s\n", escapeProperty(e.Path), escapeProperty("hfscan: cannot read"), escapeData(e.Message))
	}
	return bw.Flush()
}

// fixSuffix is the fix line, as the end of a one-line message.
func fixSuffix(f *findings.Finding) string {
	if fix := FixLine(f); fix != "" {
		return " — fix: " + fix
	}
	return ""
}

func githubLevel(l rules.Level) string {
	switch l {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message as the Actions runner
// expects: %, CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value: the data escapes plus ":" and
// ",", which separate properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
