package scanner

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/reporters"
	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner/code"
)

// sampleForm puts a rule sample where users put secrets: a plain file, a
// Python string, notebook sources in Jupyter's and in minified layout, a
// stream output and a colour traceback. The notebook forms are written by
// encoding/json, so quotes, backslashes and <>& reach the file escaped.
type sampleForm struct {
	name string
	path string
	make func(sample string) []byte
	// code forms put the sample where practice rules read code; in the
	// others (prose, outputs, inside a string) practice rules must stay quiet.
	code bool
	// cellOnly forms are the only ones where IPython lines (!cmd, %magic)
	// are code.
	python bool
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
	{name: "plain", path: "sample.txt", make: func(s string) []byte { return []byte(s + "\n") }},
	{name: "python-file", path: "sample.py", code: true, python: true, make: func(s string) []byte {
		return []byte("import os\n\n" + s + "\n")
	}},
	{name: "python-string", path: "sample.py", make: func(s string) []byte { return []byte("x = 1\ns = '''" + s + "'''\n") }},
	{name: "notebook-source", path: "sample.ipynb", code: true, make: func(s string) []byte {
		return notebookJSON([]any{codeCell("pass"), codeCell(s)}, true)
	}},
	{name: "notebook-minified", path: "sample.ipynb", code: true, make: func(s string) []byte {
		return notebookJSON([]any{codeCell("pass"), codeCell(s)}, false)
	}},
	{name: "markdown-cell", path: "sample.ipynb", make: func(s string) []byte {
		return notebookJSON([]any{map[string]any{"cell_type": "markdown", "metadata": map[string]any{},
			"source": strings.SplitAfter("Run this:\n\n"+s+"\n", "\n")}}, true)
	}},
	{name: "stream-output", path: "sample.ipynb", make: func(s string) []byte {
		return notebookJSON([]any{codeCell("print(t)", map[string]any{
			"output_type": "stream", "name": "stdout", "text": []string{"out\n", s + "\n"}})}, true)
	}},
	{name: "error-traceback", path: "sample.ipynb", make: func(s string) []byte {
		return notebookJSON([]any{codeCell("fail()", map[string]any{
			"output_type": "error", "ename": "E", "evalue": "v",
			"traceback": []string{"\x1b[0;31m---\x1b[0m", "\x1b[1;32m----> 1\x1b[0m " + s + "\x1b[0m"}})}, true)
	}},
}

func scanBytes(path string, data []byte) ([]findings.Finding, string) {
	fs := &fileScanner{m: mustMatcher(rules.Default())}
	f, notices, _ := fs.scanData(path, path, data, false)
	return f, strings.Join(notices, "; ")
}

// ipythonOnly reports whether a sample uses IPython syntax (!cmd, %magic),
// which is code only in notebook cells.
func ipythonOnly(sample string) bool {
	for _, line := range strings.Split(sample, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "!") || strings.HasPrefix(t, "%") {
			return true
		}
	}
	return false
}

// TestRuleSamplesEverywhere runs every rule's samples in every form. Secret
// rules must find their true samples everywhere; practice rules only where
// the sample is code. Each finding's raw line and column is checked against
// where the text really is in the bytes.
func TestRuleSamplesEverywhere(t *testing.T) {
	for _, r := range rules.Default() {
		for _, form := range sampleForms {
			for i, s := range r.Samples.True {
				if form.python && ipythonOnly(s) {
					continue
				}
				want := r.Kind == rules.Secret || form.code
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
					if want && got == 0 {
						t.Fatalf("not found in:\n%s", data)
					}
					if !want && got > 0 {
						t.Fatalf("practice rule fired outside code:\n%s", data)
					}
				})
			}
			for i, s := range r.Samples.False {
				t.Run(fmt.Sprintf("%s/%s/false%d", r.ID, form.name, i), func(t *testing.T) {
					fs, _ := scanBytes(form.path, form.make(s))
					for _, f := range fs {
						if f.Rule.ID == r.ID {
							t.Fatalf("false positive %q at %d:%d", f.Matched, f.Line, f.Column)
						}
					}
				})
			}
		}
	}
}

// checkRawPosition finds the matched text in the file independently (as
// written, or JSON-escaped as a notebook holds it) and checks the finding
// points at one of its occurrences.
func checkRawPosition(t *testing.T, data []byte, f findings.Finding) {
	t.Helper()
	// A multi-line match is split across JSON strings in a notebook: check
	// where its first line starts and where its last line ends.
	first, last := f.Matched, f.Matched
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first, last = first[:i], first[strings.LastIndexByte(first, '\n')+1:]
	}
	startOK := occurs(data, first, func(line, col, _, _ int) bool { return f.Line == line && f.Column == col })
	endOK := occurs(data, last, func(_, _, endLine, endCol int) bool { return f.EndLine == endLine && f.EndColumn == endCol })
	if !startOK || !endOK {
		t.Fatalf("%s %q reported at %d:%d-%d:%d, which is not where the file holds it",
			f.Rule.ID, f.Matched, f.Line, f.Column, f.EndLine, f.EndColumn)
	}
	// The byte span is the same place: a fixer rewrites exactly it.
	at := func(off int) (int, int) {
		raw := string(data[:off])
		return strings.Count(raw, "\n") + 1, utf8.RuneCountInString(raw[strings.LastIndex(raw, "\n")+1:]) + 1
	}
	if l, c := at(f.Offset); l != f.Line || c != f.Column {
		t.Fatalf("%s: byte offset %d is %d:%d, the finding says %d:%d", f.Rule.ID, f.Offset, l, c, f.Line, f.Column)
	}
	if l, c := at(f.EndOffset); l != f.EndLine || c != f.EndColumn {
		t.Fatalf("%s: end byte offset %d is %d:%d, the finding says %d:%d", f.Rule.ID, f.EndOffset, l, c, f.EndLine, f.EndColumn)
	}
	// In a notebook, the JSON string the match starts in holds it.
	if f.Notebook != nil {
		if f.StringStart > f.Offset || f.Offset >= f.StringEnd || data[f.StringStart-1] != '"' || data[f.StringEnd] != '"' {
			t.Fatalf("%s: offset %d is not in the JSON string %d:%d", f.Rule.ID, f.Offset, f.StringStart, f.StringEnd)
		}
	} else if f.StringStart != 0 || f.StringEnd != 0 {
		t.Fatalf("%s: a string span %d:%d outside a notebook", f.Rule.ID, f.StringStart, f.StringEnd)
	}
}

// occurs reports whether text, as written or JSON-escaped, stands in data
// at a position ok accepts (1-based line and code-point column of its start
// and of just past its end).
func occurs(data []byte, text string, ok func(line, col, endLine, endCol int) bool) bool {
	raw := string(data)
	enc, _ := json.Marshal(text)
	for _, form := range []string{text, string(enc[1 : len(enc)-1])} {
		for from := 0; form != ""; {
			i := strings.Index(raw[from:], form)
			if i < 0 {
				break
			}
			at := from + i
			end := at + len(form)
			if ok(strings.Count(raw[:at], "\n")+1, utf8.RuneCountInString(raw[strings.LastIndex(raw[:at], "\n")+1:at])+1,
				strings.Count(raw[:end], "\n")+1, utf8.RuneCountInString(raw[strings.LastIndex(raw[:end], "\n")+1:end])+1) {
				return true
			}
			from = at + 1
		}
	}
	return false
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
		lines := len(lineStartsOf(data)) // a lone CR ends a line too
		for _, f := range fs {
			if f.Line < 1 || f.Line > lines || f.Column < 1 || f.EndLine < f.Line {
				t.Fatalf("position out of the file: %+v", f)
			}
			if f.Secret != "" && strings.Contains(shown(t, f), f.Secret) {
				t.Fatalf("the text report shows the secret: %q", shown(t, f))
			}
		}
	})
}

// FuzzPractice runs every practice detector over arbitrary code, read as a
// Python file, a notebook cell and a shell script.
func FuzzPractice(f *testing.F) {
	for _, r := range rules.Default() {
		if r.Kind == rules.Practice {
			for _, s := range append(r.Samples.True, r.Samples.False...) {
				f.Add(s)
			}
		}
	}
	// Tokens split into literals, for the fold's precheck below.
	tok := rules.Fake("hf_", 34, "fuzz fold")
	f.Add("x = (\"" + tok[:15] + "\"  # the rest\n     '" + tok[15:] + "')\n")
	f.Add("x = ('" + tok[:21] + "\n     '" + tok[21:] + "')\n")
	m := mustMatcher(rules.Default())
	all := m.newSet()
	for i := range all {
		all[i] = true
	}
	fold := &fileScanner{m: m}
	f.Fuzz(func(t *testing.T, src string) {
		txt := rawText([]byte(src))
		// Nor does the constant folding's: a text whose literals fold into
		// a finding passes mayHoldSplitLiteral.
		if st := (scannedText{text: txt}); len(fold.foldViews(&st, code.Cell)) > 0 && !mayHoldSplitLiteral(txt.Data) {
			t.Fatalf("mayHoldSplitLiteral is false on %q, whose literals fold into a finding", src)
		}
		hits := m.keywords.scan(txt.Data)
		for _, kind := range []codeKind{pythonCode, cellCode, shellCode} {
			for _, h := range m.practice(txt, kind, all, hits, nil, &codeCtx{}) {
				if h.Start < 0 || h.End > len(src) || h.Start > h.End {
					t.Fatalf("%s hit %d:%d outside the source (len %d)", h.rule.ID, h.Start, h.End, len(src))
				}
			}
			// A precheck never hides what its detector finds.
			var c codeCtx
			c.reset(txt.Data, kind)
			for _, r := range m.rules {
				if may := detectors[r.Detector].mayFire; may != nil {
					c.rule, c.hits = r, nil
					detectors[r.Detector].detect(&c)
					if len(c.hits) > 0 && !may(txt, kind, hits) {
						t.Fatalf("%s: mayFire is false on %q (kind %d), which the detector flags", r.ID, src, kind)
					}
				}
			}
		}
	})
}

// FuzzScanFile scans arbitrary bytes as a Python file and as a notebook:
// no panic, and every finding points at bytes of the file.
func FuzzScanFile(f *testing.F) {
	f.Add([]byte("import os\nos.environ['HF_TOKEN'] = '" + rules.Fake("hf_", 34, "fuzz file") + "'\n"))
	f.Add([]byte("print(hf_token)  # hfscan:ignore\r\n\tlogin('x')\r"))
	f.Add([]byte("\xef\xbb\xbf{\"cells\": []}"))
	// A split token whose pieces stand out of source order.
	f.Add([]byte(`w = "Qz7Wk2Rt9Lp4Xv".join(["hf_Hn3Jd8Ks2Mq5Tw7Yb4Ve", "!"])` + "\n" + `z = "{1}{0}".format("Lp4Xv` + "Qz7Wk2Rt9Lp4Xv" + `", "hf_Hn3Jd8Ks2Mq5Tw7Yb4Ve")` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"fuzz.py", "fuzz.ipynb", "fuzz.sh"} {
			fs, _ := scanBytes(name, data)
			lines := len(lineStartsOf(data))
			for _, f := range fs {
				if f.Line < 1 || f.Line > lines || f.EndLine < f.Line || f.Column < 1 {
					t.Fatalf("%s: finding outside the file: %+v", name, f)
				}
			}
		}
	})
}

// Metadata strings shorter than minSecretLen are not texts of their own:
// no secret any rule finds in its samples may be that short.
func TestMinSecretLen(t *testing.T) {
	for _, r := range rules.Default() {
		if r.Kind != rules.Secret {
			continue
		}
		for _, s := range r.Samples.True {
			for _, m := range r.FindAll([]byte(s)) {
				if len(m.Secret) < minSecretLen {
					t.Errorf("%s: secret %q is shorter than minSecretLen %d", r.ID, m.Secret, minSecretLen)
				}
			}
		}
	}
}

// shown is a finding as the text report shows it, redacted.
func shown(t *testing.T, f findings.Finding) string {
	t.Helper()
	res := findings.New(rules.Default())
	res.Findings = []findings.Finding{f}
	rep, _ := reporters.New("text", reporters.Options{Quiet: true})
	var out strings.Builder
	if err := rep.Report(&out, res); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// The keyword search passes over a keyword that follows a letter, a digit
// or an underscore when its rules' secrets start there
// (rules.Rule.KeywordStartsSecret). Differential: every rule sample, as it
// is and with each keyword glued to a byte before it (a word byte, an
// escape, a quote), in every form, scanned with that and without it, gives
// the same findings.
func TestPassedKeywordsHideNoFinding(t *testing.T) {
	table := rules.Default()
	with := mustMatcher(table)
	without := mustMatcher(table)
	clear(without.keywords.boundLen)
	var words []string
	for _, r := range table {
		for _, k := range r.Keywords {
			if r.KeywordStartsSecret(k) {
				words = append(words, k)
			}
		}
	}
	if len(words) == 0 {
		t.Fatal("no keyword is passed over: the test checks nothing")
	}
	var texts []string
	for _, r := range table {
		for _, s := range append(slices.Clone(r.Samples.True), r.Samples.False...) {
			texts = append(texts, s)
			for _, glue := range []string{"x", "0", "_", `\n`, `\u0041`, `"`, "é", "\x1b[1;31m", "\x1bM", "\x1b]8;;u\x07", `\U00000020`, "%3D", "%20"} {
				g := s
				for _, k := range words {
					g = strings.ReplaceAll(g, k, glue+k)
				}
				if g != s {
					texts = append(texts, g)
				}
			}
		}
	}
	key := func(fs []findings.Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, fmt.Sprintf("%s %d:%d %q", f.Rule.ID, f.Line, f.Column, f.Secret))
		}
		return out
	}
	passed := 0
	for _, form := range sampleForms {
		for _, text := range texts {
			data := form.make(text)
			variants := [][]byte{data}
			if raw := bytes.ReplaceAll(data, []byte(`\u001b`), []byte("\x1b")); !bytes.Equal(raw, data) {
				variants = append(variants, raw) // a terminal escape as a raw byte, which the tape reads
			}
			for _, data := range variants {
				a, _, _ := (&fileScanner{m: with}).scanData(form.path, form.path, data, false)
				b, _, _ := (&fileScanner{m: without}).scanData(form.path, form.path, data, false)
				if !slices.Equal(key(a), key(b)) {
					t.Fatalf("%s, %q: passing keywords over finds %v, reading them all %v", form.name, data, key(a), key(b))
				}
				if with.keywords.scan(data) != without.keywords.scan(data) {
					passed++
				}
			}
		}
	}
	if passed == 0 {
		t.Fatal("no keyword was passed over: the test checks nothing")
	}
}

// FuzzPassedKeywords: any file, read as Python, a notebook or text, gives
// the same findings whether the keyword search passes over keywords glued
// to a word byte or reads them all (TestPassedKeywordsHideNoFinding on
// generated inputs).
func FuzzPassedKeywords(f *testing.F) {
	tok := rules.Fake("hf_", 34, "fuzz passed")
	f.Add([]byte("x = 'mask_" + tok + "'\nk = 'sk_" + strings.Repeat("0a", 24) + "'\n"))
	f.Add([]byte(`{"cells": [{"cell_type": "code", "source": ["t = \"\\u001b[1m` + tok + `\"\n"], "outputs": [{"output_type": "stream", "text": ["x%3D` + tok + `"]}]}]}`))
	f.Add([]byte("ACGTACCAGTACGTAKIAZZZZZZZZZZZZZZZZ2345 \\nAKIA" + strings.Repeat("A", 16)))
	table := rules.Default()
	with := mustMatcher(table)
	without := mustMatcher(table)
	clear(without.keywords.boundLen)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"fuzz.py", "fuzz.ipynb", "fuzz.txt"} {
			a, _, _ := (&fileScanner{m: with}).scanData(name, name, data, false)
			b, _, _ := (&fileScanner{m: without}).scanData(name, name, data, false)
			if len(a) != len(b) {
				t.Fatalf("%s %q: %d findings passing keywords over, %d reading them all", name, data, len(a), len(b))
			}
			for i := range a {
				if a[i].Rule.ID != b[i].Rule.ID || a[i].Offset != b[i].Offset || a[i].Secret != b[i].Secret {
					t.Fatalf("%s %q: %+v, reading them all %+v", name, data, a[i], b[i])
				}
			}
		}
	})
}
