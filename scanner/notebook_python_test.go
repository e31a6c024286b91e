package scanner

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hfscan/hfscan/rules"
)

// nbWriter writes generated notebooks as raw JSON, choosing escapes, key
// spellings, duplicates and number forms at random: the shapes in which
// hfscan's reader and Python's json have disagreed.
type nbWriter struct {
	r *rand.Rand
	b strings.Builder
}

// str writes s as a JSON string, escaping what must be and, at random,
// what may be (\u escapes, surrogate pairs, \/).
func (w *nbWriter) str(s string) {
	w.b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			w.b.WriteString(`\` + string(r))
		case r == '\n':
			w.b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&w.b, `\u%04x`, r)
		case r == '/' && w.r.IntN(3) == 0:
			w.b.WriteString(`\/`)
		case w.r.IntN(25) == 0:
			if r > 0xffff {
				hi, lo := utf16.EncodeRune(r)
				fmt.Fprintf(&w.b, `\u%04x\u%04X`, hi, lo)
			} else {
				fmt.Fprintf(&w.b, `\u%04x`, r)
			}
		default:
			w.b.WriteRune(r)
		}
	}
	w.b.WriteByte('"')
}

// key writes an object key, sometimes with a letter \u-escaped
// ("sourc\u0065" is "source" to Python).
func (w *nbWriter) key(k string) {
	if w.r.IntN(8) == 0 && len(k) > 1 {
		i := w.r.IntN(len(k))
		w.b.WriteByte('"')
		w.b.WriteString(k[:i])
		fmt.Fprintf(&w.b, `\u%04x`, k[i])
		w.b.WriteString(k[i+1:])
		w.b.WriteString(`":`)
	} else {
		w.str(k)
		w.b.WriteByte(':')
	}
	if w.r.IntN(2) == 0 {
		w.b.WriteByte(' ')
	}
}

var nbTextPieces = []string{
	"login('", "hf_", "abcdefghijklmnopqrstuvwxyz0123456789", "é", "🤗", "\n", "\t", `"`, `\`, "/", " ",
	"print(hf_token)", "x = 1", "# comment", "\\u0068", "%3D", "<b>html</b>", "ünïcödé text here",
}

func (w *nbWriter) text(minLen int) string {
	var s strings.Builder
	for s.Len() < minLen || w.r.IntN(3) > 0 {
		s.WriteString(nbTextPieces[w.r.IntN(len(nbTextPieces))])
		if s.Len() > 200 {
			break
		}
	}
	return s.String()
}

// lines writes a text as a string or as a list of strings cut anywhere
// (mid-word, mid-token), as Jupyter's multi-line strings.
func (w *nbWriter) lines(s string, ansi bool) {
	if ansi && w.r.IntN(3) == 0 {
		s = "\x1b[0;31m" + s + "\x1b[0m"
	}
	if w.r.IntN(3) == 0 {
		w.str(s)
		return
	}
	var parts []string
	for len(s) > 0 {
		n := 1 + w.r.IntN(max(1, len(s)))
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n++
		}
		parts = append(parts, s[:n])
		s = s[n:]
	}
	w.b.WriteByte('[')
	for i, p := range parts {
		if i > 0 {
			w.b.WriteString(", ")
		}
		w.str(p)
	}
	w.b.WriteByte(']')
}

func (w *nbWriter) number() {
	w.b.WriteString([]string{"1", "-2", "3.5", "1e5", "NaN", "Infinity", "-Infinity", "0"}[w.r.IntN(8)])
}

// value writes a random metadata value.
func (w *nbWriter) value(depth int) {
	switch k := w.r.IntN(6); {
	case k == 0 || depth > 2:
		w.str(w.text(w.r.IntN(30)))
	case k == 1:
		w.number()
	case k == 2:
		w.b.WriteString([]string{"true", "false", "null"}[w.r.IntN(3)])
	case k == 3:
		w.b.WriteByte('[')
		for i := range w.r.IntN(3) {
			if i > 0 {
				w.b.WriteByte(',')
			}
			w.value(depth + 1)
		}
		w.b.WriteByte(']')
	default:
		w.object(depth+1, nil)
	}
}

// object writes an object with the fields given (written by their funcs)
// and some of its own, in random order, sometimes a field twice (the
// first a decoy: Python keeps the last).
func (w *nbWriter) object(depth int, fields map[string]func()) {
	keys := make([]string, 0, len(fields)+2)
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i := range w.r.IntN(3) {
		keys = append(keys, fmt.Sprintf("extra_%d", i))
	}
	w.r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	w.b.WriteByte('{')
	first := true
	write := func(k string) {
		if !first {
			w.b.WriteString(", ")
		}
		first = false
		w.key(k)
		if f, ok := fields[k]; ok {
			f()
		} else {
			w.value(depth + 1)
		}
	}
	for _, k := range keys {
		// In a cell, a decoy the later one replaces: hfscan reads it as
		// metadata, Python not at all. (In an output a decoy would be read
		// as output text, more than Python reads: not generated.)
		_, isCell := fields["cell_type"]
		if _, ok := fields[k]; ok && isCell && (k == "source" || k == "metadata") && w.r.IntN(10) == 0 {
			write(k)
		}
		write(k)
	}
	w.b.WriteByte('}')
}

func (w *nbWriter) output() {
	switch w.r.IntN(3) {
	case 0:
		w.object(0, map[string]func(){
			"output_type": func() { w.str("stream") },
			"name":        func() { w.str("stdout") },
			"text":        func() { w.lines(w.text(5), true) },
		})
	case 1:
		w.object(0, map[string]func(){
			"output_type":     func() { w.str("execute_result") },
			"execution_count": func() { w.number() },
			"metadata":        func() { w.value(1) },
			"data": func() {
				w.object(0, map[string]func(){
					"text/plain": func() { w.lines(w.text(5), true) },
					"text/html":  func() { w.lines(w.text(5), false) },
					"image/png": func() {
						w.str("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
					},
				})
			},
		})
	default:
		w.object(0, map[string]func(){
			"output_type": func() { w.str("error") },
			"ename":       func() { w.str("ValueError") },
			"evalue":      func() { w.str(w.text(3)) },
			"traceback": func() {
				w.b.WriteByte('[')
				for i := range 1 + w.r.IntN(3) {
					if i > 0 {
						w.b.WriteByte(',')
					}
					w.str("\x1b[0;31m" + w.text(4) + "\x1b[0m")
				}
				w.b.WriteByte(']')
			},
		})
	}
}

func (w *nbWriter) cell(v3 bool) {
	kind := []string{"code", "markdown", "raw"}[w.r.IntN(3)]
	src := "source"
	if v3 && kind == "code" {
		src = "input"
	}
	fields := map[string]func(){
		"cell_type": func() { w.str(kind) },
		"metadata":  func() { w.value(0) },
		src:         func() { w.lines(w.text(1), false) },
	}
	if kind == "code" {
		fields["execution_count"] = w.number
		fields["outputs"] = func() {
			w.b.WriteByte('[')
			for i := range w.r.IntN(3) {
				if i > 0 {
					w.b.WriteByte(',')
				}
				w.output()
			}
			w.b.WriteByte(']')
		}
	}
	if kind == "markdown" && w.r.IntN(3) == 0 {
		fields["attachments"] = func() {
			w.object(0, map[string]func(){"note.txt": func() {
				w.object(0, map[string]func(){"text/plain": func() { w.lines(w.text(3), false) }})
			}})
		}
	}
	w.object(0, fields)
}

func (w *nbWriter) notebook() string {
	w.b.Reset()
	v3 := w.r.IntN(5) == 0
	cells := func() {
		w.b.WriteByte('[')
		for i := range w.r.IntN(4) {
			if i > 0 {
				w.b.WriteString(",\n ")
			}
			w.cell(v3)
		}
		w.b.WriteByte(']')
	}
	fields := map[string]func(){"metadata": func() { w.value(0) }, "nbformat_minor": func() { w.b.WriteString("5") }}
	if v3 {
		fields["nbformat"] = func() { w.b.WriteString("3") }
		fields["worksheets"] = func() {
			w.b.WriteByte('[')
			w.object(0, map[string]func(){"cells": cells, "metadata": func() { w.value(0) }})
			w.b.WriteByte(']')
		}
	} else {
		fields["nbformat"] = func() { w.b.WriteString("4") }
		fields["cells"] = cells
	}
	w.object(0, fields)
	return w.b.String()
}

// hfscanGroups is what hfscan's reader scans in a notebook, by
// cell/part/output, the base64 readings of attachments left aside.
func hfscanGroups(fs *fileScanner, data []byte) (map[string][]string, error) {
	if err := fs.json.parse(data); err != nil {
		return nil, err
	}
	parts, err := fs.nb.collect(&fs.json)
	if err != nil {
		return nil, err
	}
	groups := map[string][]string{}
	for i := range parts {
		p := &parts[i]
		if p.base64 {
			continue
		}
		pos := fs.nb.notebookPos(p.pos)
		key := fmt.Sprintf("%d/%s/%d", pos.Cell, pos.Part, pos.Output)
		groups[key] = append(groups[key], string(p.text(&fs.json, &fs.scratch).Data))
	}
	return groups, nil
}

// TestNotebookReadingMatchesPython is the differential test of notebook
// reading: for generated notebooks (escaped keys, duplicate keys, NaN and
// Infinity, nbformat 3 and 4, source lists cut mid-token, unknown fields,
// colour codes, escapes of every kind), the texts hfscan reads per cell,
// part and output must be what Python's json module and Jupyter's joining
// give (testdata/nbref.py): equal for sources, outputs and attachments;
// for metadata, every string Python sees must be among hfscan's (hfscan
// also reads the decoys of duplicate keys).
func TestNotebookReadingMatchesPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is required in CI")
		}
		t.Skip("python3 not installed")
	}
	n := 2000
	if testing.Short() {
		n = 200
	}
	dir := t.TempDir()
	w := &nbWriter{r: rand.New(rand.NewPCG(7, 7))}
	files := map[string][]byte{}
	for i := range n {
		name := fmt.Sprintf("nb%04d.ipynb", i)
		files[name] = []byte(w.notebook())
		os.WriteFile(filepath.Join(dir, name), files[name], 0o644)
	}
	cmd := exec.Command(python, filepath.Join("..", "testdata", "nbref.py"), dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nbref.py: %v", err)
	}
	var want map[string]map[string][]string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatalf("nbref.py output: %v", err)
	}
	var fs fileScanner
	compared := 0
	for name, data := range files {
		ref, ok := want[name]
		if !ok {
			t.Fatalf("nbref.py said nothing of %s", name)
		}
		got, err := hfscanGroups(&fs, data)
		if (ref == nil) != (err != nil) {
			t.Errorf("%s: hfscan error %v, Python reads it: %v\n%s", name, err, ref != nil, data)
			continue
		}
		for key, texts := range ref {
			slices.Sort(texts)
			have := slices.Clone(got[key])
			slices.Sort(have)
			if strings.HasSuffix(key, "/metadata/0") {
				for _, s := range texts {
					if !slices.Contains(have, s) {
						t.Errorf("%s %s: hfscan does not read %q (it reads %q)\n%s", name, key, s, have, data)
					}
				}
			} else if !slices.Equal(texts, have) {
				t.Errorf("%s %s: hfscan reads %q, Python %q\n%s", name, key, have, texts, data)
			}
			compared++
		}
		for key := range got {
			if _, ok := ref[key]; !ok && !strings.HasSuffix(key, "/metadata/0") {
				t.Errorf("%s %s: hfscan reads %q, Python nothing\n%s", name, key, got[key], data)
			}
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("%d notebooks, %d groups of texts agree with Python's json", n, compared)
}

// Jupyter joins a cell's strings with nothing between them. A token cut
// between two of them is found when the first does not end a line —
// also when it ends in an escaped backslash and an n, which is no newline
// — and every line ending in \n leaves no seam to search.
func TestTokenAcrossStringsWithoutNewline(t *testing.T) {
	tok := rules.Fake("hf_", 34, "seam test")
	for _, before := range []string{`x = 1\n`, `s = '\\n`} {
		for _, cut := range []int{1, 2, 3, 10} {
			nb := `{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["` + before + `", "t = '` + tok[:cut] + `", "` + tok[cut:] + `'\n", "print(1)\n"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
			fs, _ := scanBytes("seam.ipynb", []byte(nb))
			found := false
			for _, f := range fs {
				found = found || f.Rule.ID == "hf-token" && f.Secret == tok
			}
			if !found {
				t.Errorf("token cut at %d after %q not found: %v", cut, before, fs)
			}
		}
	}
}
