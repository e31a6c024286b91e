package reporters

import (
	"fmt"
	"io"
	"testing"

	"github.com/hfscan/hfscan/findings"
)

// BenchmarkReport writes 1,000 findings (250 distinct tokens in 100
// files) in every format: the report stage of a run.
func BenchmarkReport(b *testing.B) {
	base := fixedResult(b)
	res := findings.New(base.Rules)
	res.Table = base.Table
	for i := range 1000 {
		f := base.Findings[i%2] // a .env finding and a notebook output's
		f.Path = fmt.Sprintf("nb/n%03d.ipynb", i%100)
		f.Line = i
		f.SecretID = fmt.Sprintf("%016x", i%250)
		res.Findings = append(res.Findings, f)
	}
	res.Sort()
	for _, format := range Formats() {
		b.Run(format, func(b *testing.B) {
			rep, _ := New(format, Options{Version: "1.2.3"})
			for b.Loop() {
				if err := rep.Report(io.Discard, res); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
