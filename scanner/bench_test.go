package scanner

import (
	"context"
	"encoding/base64"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// corpusDir is the shared corpus of real notebooks, beside the checkout.
const corpusDir = "../../shared/corpus"

func corpusBytes(b *testing.B) int64 {
	b.Helper()
	var n int64
	err := filepath.WalkDir(corpusDir, func(_ string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			info, _ := e.Info()
			n += info.Size()
		}
		return err
	})
	if err != nil {
		b.Skipf("corpus not beside this checkout: %v", err)
	}
	return n
}

// BenchmarkCorpus scans the 1,519 real notebooks with every rule, as the
// command does: walk, read, prefilter, parse, match. MB/s is over the
// bytes on disk.
func BenchmarkCorpus(b *testing.B) {
	b.SetBytes(corpusBytes(b))
	opts := Options{Rules: rules.Default()}
	b.ResetTimer()
	for range b.N {
		if res := Scan(context.Background(), &Paths{Paths: []string{corpusDir}}, opts); len(res.Errors) > 0 {
			b.Fatal(res.Errors)
		}
	}
}

// syntheticNotebook is a notebook the size of a typical saved training
// run: code cells, stream logs, and base64 plots, with one token.
func syntheticNotebook(cells int) []byte {
	rng := rand.New(rand.NewPCG(7, 7))
	img := make([]byte, 48<<10)
	for i := range img {
		img[i] = byte(rng.IntN(256))
	}
	png := base64.StdEncoding.EncodeToString(img)
	var parts []any
	for i := range cells {
		src := "from transformers import AutoTokenizer\ntokenizer = AutoTokenizer.from_pretrained(\"gpt2\")\n" +
			"print(tokenizer(\"hello world\")[\"input_ids\"])\n"
		if i == cells/2 {
			src += "os.environ[\"HF_TOKEN\"] = \"" + rules.Fake("hf_", 34, "bench") + "\"\n"
		}
		parts = append(parts, codeCell(src,
			map[string]any{"output_type": "stream", "name": "stdout", "text": strings.Repeat("step 10 loss 0.123 tokens 512\n", 40)},
			map[string]any{"output_type": "display_data", "metadata": map[string]any{},
				"data": map[string]any{"image/png": png, "text/plain": "<Figure size 640x480>"}}))
	}
	return notebookJSON(parts, true)
}

// BenchmarkSyntheticNotebook measures one worker on one notebook in
// memory: the prefilter, the JSON skim and the matching, without I/O.
func BenchmarkSyntheticNotebook(b *testing.B) {
	data := syntheticNotebook(40)
	fs := &fileScanner{m: mustMatcher(rules.Default())}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if f, _, _ := fs.scanData("bench.ipynb", "bench.ipynb", data, false); len(f) != 1 {
			b.Fatalf("%d findings, want 1", len(f))
		}
	}
}

// BenchmarkCorpusInMemory scans the corpus files from memory with one
// worker: the CPU cost of parsing and matching alone, steadier than
// BenchmarkCorpus for comparing two versions of the hot path. (The JSON
// tape alone is BenchmarkStage1Parse.)
func BenchmarkCorpusInMemory(b *testing.B) {
	files, total := corpusFiles(b, false)
	fs := &fileScanner{m: mustMatcher(rules.Default())}
	b.SetBytes(total)
	b.ResetTimer()
	for range b.N {
		for _, f := range files {
			fs.scanData(f.path, f.path, f.data, false)
		}
	}
}

// manyFindings are files whose every line (or every item of one line) is a
// finding: work per file must be linear in its size plus its findings.
func manyFindings(n int) map[string][]byte {
	tok := "hf_hfscanDemoNotARealKeyQzXwVbNmLpRst"
	return map[string][]byte{
		"bearer.log":   []byte(strings.Repeat(`"Authorization": "Bearer `+tok+`"`+"\n", n)),
		"oneline.json": []byte("[" + strings.Repeat(`"`+tok+`",`, n) + "0]"),
		"print.py":     []byte(strings.Repeat("print(hf_token)\n", n)),
		"export.sh":    []byte(strings.Repeat("export HF_TOKEN=abcdef\n", n)),
		"ignored.py":   []byte(strings.Repeat("t = '"+tok+"'  # hfscan:ignore[token-printed]\n", n)),
	}
}

// BenchmarkManyFindings scans files of 200,000 findings each (the bearer
// log is 13 MB): seconds, where the first release took minutes for
// 20,000 (a snippet walked every match of the file for each finding).
// ns/op divided by 200,000 is the cost of one finding.
func BenchmarkManyFindings(b *testing.B) {
	const n = 200_000
	for name, data := range manyFindings(n) {
		b.Run(name, func(b *testing.B) {
			fs := &fileScanner{m: mustMatcher(rules.Default())}
			b.SetBytes(int64(len(data)))
			for range b.N {
				if f, _, _ := fs.scanData(name, name, data, false); len(f) != n {
					b.Fatalf("%d findings, want %d", len(f), n)
				}
			}
		})
	}
}

// BenchmarkStartup is what every run pays before the first byte: the rule
// table and the matcher built from it (a pre-commit run on a few files is
// mostly this).
func BenchmarkStartup(b *testing.B) {
	for b.Loop() {
		mustMatcher(rules.Default())
	}
}
