package scanner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// The stage benchmarks scan the corpus's notebooks in memory, one worker,
// each going one stage further than the last, so a regression shows
// where it comes from (the difference between two):
//
//	Stage1Parse        the JSON tape
//	Stage2Collect      + the notebook's parts (cells, outputs, metadata)
//	Stage3Keywords     + the keyword automaton over every part
//	Stage4SecretRules  + decoding and the secret rules where keywords stand
//	Stage5AllRules     + the practice rules (tokenizer, detectors): the whole scan
//
// The report stage is reporters' BenchmarkReport.
// corpusFile is a file of the corpus, read into memory.
type corpusFile struct {
	path string
	data []byte
}

// corpusFiles reads the corpus (its notebooks only, or every file) and
// their total size; the benchmark skips without the corpus.
func corpusFiles(b *testing.B, notebooksOnly bool) ([]corpusFile, int64) {
	b.Helper()
	var files []corpusFile
	var total int64
	err := filepath.WalkDir(corpusDir, func(p string, e os.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() || notebooksOnly && !isNotebookPath(p) {
			return err
		}
		data, err := os.ReadFile(p)
		files = append(files, corpusFile{p, data})
		total += int64(len(data))
		return err
	})
	if err != nil || len(files) == 0 {
		b.Skipf("corpus not beside this checkout: %v", err)
	}
	return files, total
}

// corpusNotebooks is the corpus's notebooks' bytes.
func corpusNotebooks(b *testing.B) ([][]byte, int64) {
	files, total := corpusFiles(b, true)
	out := make([][]byte, len(files))
	for i, f := range files {
		out[i] = f.data
	}
	return out, total
}

func BenchmarkStage1Parse(b *testing.B) {
	files, total := corpusNotebooks(b)
	var tape jsonTape
	b.SetBytes(total)
	for b.Loop() {
		for _, data := range files {
			tape.parse(data)
		}
	}
}

func BenchmarkStage2Collect(b *testing.B) {
	files, total := corpusNotebooks(b)
	fs := &fileScanner{m: mustMatcher(rules.Default())}
	b.SetBytes(total)
	for b.Loop() {
		for _, data := range files {
			if fs.json.parse(data) == nil {
				fs.nb.collect(&fs.json)
			}
		}
	}
}

func BenchmarkStage3Keywords(b *testing.B) {
	files, total := corpusNotebooks(b)
	fs := &fileScanner{m: mustMatcher(rules.Default())}
	b.SetBytes(total)
	for b.Loop() {
		for _, data := range files {
			if fs.json.parse(data) != nil {
				continue
			}
			if parts, err := fs.nb.collect(&fs.json); err == nil {
				fs.partMarks(data, parts, true)
			}
		}
	}
}

func BenchmarkStage4SecretRules(b *testing.B) {
	var secrets []*rules.Rule
	for _, r := range rules.Default() {
		if r.Kind == rules.Secret {
			secrets = append(secrets, r)
		}
	}
	scanStage(b, secrets)
}

func BenchmarkStage5AllRules(b *testing.B) { scanStage(b, rules.Default()) }

func scanStage(b *testing.B, table []*rules.Rule) {
	files, total := corpusNotebooks(b)
	fs := &fileScanner{m: mustMatcher(table)}
	b.SetBytes(total)
	for b.Loop() {
		for _, data := range files {
			fs.scanData("nb.ipynb", "nb.ipynb", data, false)
		}
	}
}
