package scanner

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hfscan/hfscan/rules"
)

// sampleForm puts a rule sample where users put secrets: a plain file, a
// Python string, notebook sources in Jupyter's and in minified layout, a
// stream output and a colour traceback. The notebook forms are written by
// encoding/json, so quotes, backslashes and <>& reach the file escaped.
type sampleForm struct {
	name string
	path string
	make func(sample string) []byte
}

func notebookJSON(cells []any, indent bool) []byte {
	nb := map[string]any{"cells": cells, "metadata": map[string]any{}, "nbformat": 4, "nbformat_minor": 5}
	if indent {
		b, _ := json.MarshalIndent(nb, "", " ")
		return b
	}
	b, _ := json.Marshal(nb)
	return b
}

func codeCell(source string, outputs ...any) map[string]any {
	if outputs == nil {
		outputs = []any{}
	}
	return map[string]any{"cell_type": "code", "metadata": map[string]any{}, "outputs": outputs,
		"source": strings.SplitAfter("import os\n"+source, "\n")}
}

var sampleForms = []sampleForm{
	{"plain", "sample.txt", func(s string) []byte { return []byte(s + "\n") }},
	{"python-string", "sample.py", func(s string) []byte { return []byte("x = 1\ns = '''" + s + "'''\n") }},
	{"notebook-source", "sample.ipynb", func(s string) []byte {
		return notebookJSON([]any{codeCell("pass"), codeCell(s)}, true)
	}},
	{"notebook-minified", "sample.ipynb", func(s string) []byte {
		return notebookJSON([]any{codeCell("pass"), codeCell(s)}, false)
	}},
	{"stream-output", "sample.ipynb", func(s string) []byte {
		return notebookJSON([]any{codeCell("print(t)", map[string]any{
			"output_type": "stream", "name": "stdout", "text": []string{"out\n", s + "\n"}})}, true)
	}},
	{"error-traceback", "sample.ipynb", func(s string) []byte {
		return notebookJSON([]any{codeCell("fail()", map[string]any{
			"output_type": "error", "ename": "E", "evalue": "v",
			"traceback": []string{"\x1b[0;31m---\x1b[0m", "\x1b[1;32m----> 1\x1b[0m " + s + "\x1b[0m"}})}, true)
	}},
}

func scanBytes(path string, data []byte) ([]Finding, string) {
	fs := &fileScanner{m: newMatcher(rules.Default())}
	return fs.scanData(path, data, false)
}

// TestRuleSamplesEverywhere runs every rule's samples in every form and
// checks each finding's raw line and column against where the secret
// really is in the bytes.
func TestRuleSamplesEverywhere(t *testing.T) {
	for _, r := range rules.Default() {
		for _, form := range sampleForms {
			for i, s := range r.Samples.True {
				t.Run(fmt.Sprintf("%s/%s/true%d", r.ID, form.name, i), func(t *testing.T) {
					data := form.make(s)
					fs, notice := scanBytes(form.path, data)
					if notice != "" {
						t.Fatalf("notice: %s", notice)
					}
					got := 0
					for _, f := range fs {
						if f.Rule.ID != r.ID {
							continue
						}
						got++
						checkRawPosition(t, data, f)
					}
					if got == 0 {
						t.Fatalf("not found in:\n%s", data)
					}
				})
			}
			for i, s := range r.Samples.False {
				t.Run(fmt.Sprintf("%s/%s/false%d", r.ID, form.name, i), func(t *testing.T) {
					fs, _ := scanBytes(form.path, form.make(s))
					for _, f := range fs {
						if f.Rule.ID == r.ID {
							t.Fatalf("false positive %q at %d:%d", f.Secret, f.Line, f.Column)
						}
					}
				})
			}
		}
	}
}

// checkRawPosition finds the secret's bytes in the file independently and
// checks the finding points at one of its occurrences.
func checkRawPosition(t *testing.T, data []byte, f Finding) {
	t.Helper()
	raw := string(data)
	for from := 0; ; {
		i := strings.Index(raw[from:], f.Secret)
		if i < 0 {
			break
		}
		at := from + i
		line := strings.Count(raw[:at], "\n") + 1
		col := utf8.RuneCountInString(raw[strings.LastIndex(raw[:at], "\n")+1:at]) + 1
		endCol := col + utf8.RuneCountInString(f.Secret)
		if f.Line == line && f.Column == col && f.EndLine == line && f.EndColumn == endCol {
			return
		}
		from = at + 1
	}
	t.Fatalf("%s %q reported at %d:%d-%d:%d, which is not where the file holds it",
		f.Rule.ID, f.Secret, f.Line, f.Column, f.EndLine, f.EndColumn)
}

func FuzzNotebook(f *testing.F) {
	tok := rules.Fake("hf_", 34, "fuzz")
	for _, form := range sampleForms[2:] {
		f.Add(form.make(`os.environ["HF_TOKEN"] = "` + tok + `"`))
	}
	f.Add([]byte(`{"worksheets":[{"cells":[{"input":"` + tok + `"}]}]}`))
	f.Add([]byte(`{"cells":[{"source":"\ud83e\udd17` + tok + `\u00"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, _ := scanBytes("fuzz.ipynb", data)
		lines := strings.Count(string(data), "\n") + 1
		for _, f := range fs {
			if f.Line < 1 || f.Line > lines || f.Column < 1 || f.EndLine < f.Line {
				t.Fatalf("position out of the file: %+v", f)
			}
			if strings.Contains(f.Snippet, f.Secret) {
				t.Fatalf("snippet leaks the secret: %q", f.Snippet)
			}
		}
	})
}
