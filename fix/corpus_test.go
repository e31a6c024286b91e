package fix

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner"
)

// corpusDir is the shared corpus of real notebooks, beside the checkout.
const corpusDir = "../../shared/corpus"

// scanBytes scans data as the file path, with every rule.
func scanBytes(t testing.TB, path string, data []byte) []findings.Finding {
	all := rules.Default()
	res := scanner.Scan(context.Background(), &scanner.Contents{Path: path, Data: data}, scanner.Options{Rules: all, Table: all, Jobs: 1})
	if len(res.Errors) > 0 {
		t.Fatalf("%s: %v", path, res.Errors)
	}
	return res.Findings
}

// plantedLines are code a user writes with a token in it, each of which
// fix knows how to rewrite; the cell's first line is one of them.
var plantedLines = []string{
	"os.environ[\"HF_TOKEN\"] = \"%s\"",
	"login(token=\"%s\")",
	"hf_token = '%s'",
	"api = HfApi(token=\"%s\")",
	"headers = {\"Authorization\": \"Bearer %s\"}",
	"# the token: %s",
}

// plant writes tok into data: into some strings of outputs, markdown and
// metadata (at the start of the string, as a word), and as a first line
// into some code cells of a Python notebook. It returns the new bytes.
func plant(data []byte, tok string, r *rand.Rand) []byte {
	root, err := parseJSON(data)
	if err != nil {
		return nil
	}
	type insert struct {
		at   int
		text string
	}
	var ins []insert
	var prose []*node
	var walk func(n *node, key string, inCode bool)
	walk = func(n *node, key string, inCode bool) {
		switch n.kind {
		case '"':
			if !inCode && !binaryKey(key) {
				prose = append(prose, n)
			}
		case '[':
			for _, e := range n.elems {
				walk(e, key, inCode)
			}
		case '{':
			code := n.field("cell_type") != nil && n.field("cell_type").str == "code"
			for i, k := range n.keys {
				if k == "cell_type" || k == "output_type" || k == "attachments" || k == "kernelspec" || k == "language_info" ||
					k == "name" && n.field("output_type") != nil {
					continue
				}
				walk(n.vals[i], k, code && (k == "source" || k == "input"))
			}
		}
	}
	walk(root, "", false)
	for range min(len(prose), 1+r.IntN(6)) {
		n := prose[r.IntN(len(prose))]
		ins = append(ins, insert{n.start + 1, tok + " "})
	}
	m, err := readNotebook(data)
	if err == nil && m.python {
		for _, u := range m.units {
			if r.IntN(3) != 0 || len(u.pieces) == 0 || strings.HasPrefix(strings.TrimSpace(u.text), "%%") {
				continue
			}
			line := fmt.Sprintf(plantedLines[r.IntN(len(plantedLines))], tok)
			if u.lines {
				ins = append(ins, insert{u.pieces[0].tokStart, `"` + u.encode(line+"\n") + `"` + u.sep})
			} else {
				ins = append(ins, insert{u.pieces[0].offs[0], u.encode(line + "\n")})
			}
		}
	}
	slices.SortStableFunc(ins, func(a, b insert) int { return a.at - b.at })
	var out bytes.Buffer
	at := 0
	for _, in := range ins {
		out.Write(data[at:in.at])
		out.WriteString(in.text)
		at = in.at
	}
	out.Write(data[at:])
	return out.Bytes()
}

// binaryKey: a mime type whose payload is base64, which the scanner
// does not read.
func binaryKey(k string) bool {
	return strings.HasPrefix(k, "image/") || strings.HasPrefix(k, "audio/") || strings.HasPrefix(k, "video/") || k == "application/pdf"
}

// TestFixCorpus plants tokens in the shared corpus's real notebooks — in
// outputs, markdown and metadata, and as the first line of code cells —
// and checks that after fix the notebook is JSON of the same structure;
// every string that held no token is byte-identical, and every line of
// code that held none is still there, byte-identical and in order; a
// rescan finds no secret; a second fix changes nothing.
func TestFixCorpus(t *testing.T) {
	var paths []string
	filepath.WalkDir(corpusDir, func(p string, e os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".ipynb") {
			paths = append(paths, p)
		}
		return nil
	})
	if len(paths) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("the shared corpus is not beside this checkout")
		}
		t.Skip("the shared corpus is not beside this checkout")
	}
	if testing.Short() {
		paths = paths[:len(paths)/10]
	}
	planted := 0
	for k, path := range paths {
		r := rand.New(rand.NewPCG(uint64(k), 16))
		orig, _ := os.ReadFile(path)
		tok := rules.Fake("hf_", 34, fmt.Sprint("corpus ", k))
		data := plant(orig, tok, r)
		if data == nil {
			t.Fatalf("%s: not JSON fix can read", path)
		}
		name := filepath.Base(path)
		fs := scanBytes(t, name, data)
		edits, _, manual := Plan(data, fs, Options{})
		fixed := Apply(data, edits)
		for _, m := range manual {
			if m.Finding.Rule.Kind == rules.Secret {
				t.Errorf("%s: %s left for a person (%s) at %+v", path, m.Finding.Rule.ID, m.Reason, m.Finding.Notebook)
			}
		}
		if err := sameNotebook(data, fixed, tok, fs); err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		again := scanBytes(t, name, fixed)
		for _, f := range again {
			if f.Rule.Kind == rules.Secret {
				t.Errorf("%s: after fix, %s at %d:%d", path, f.Rule.ID, f.Line, f.Column)
			}
		}
		if more, _, _ := Plan(fixed, again, Options{}); len(more) != 0 {
			t.Errorf("%s: a second fix would make %d more edits", path, len(more))
		}
		if bytes.Contains(data, []byte(tok)) {
			planted++
		}
	}
	if planted < len(paths)*9/10 {
		t.Errorf("tokens planted in only %d of %d notebooks", planted, len(paths))
	}
}

// sameNotebook checks fixed against before (both JSON): same structure;
// strings outside code byte-identical unless they held tok, and then the
// marker stands for it; code lines that held no finding (fs, the findings
// in before) kept byte-identical, in order.
func sameNotebook(before, after []byte, tok string, fs []findings.Finding) error {
	offending := func(n *node) bool {
		return slices.ContainsFunc(fs, func(f findings.Finding) bool { return f.Offset < n.end && n.start < f.EndOffset })
	}
	if !json.Valid(after) {
		return fmt.Errorf("not JSON after fix")
	}
	a, _ := parseJSON(before)
	b, err := parseJSON(after)
	if err != nil {
		return err
	}
	marker := "<hf-token removed by hfscan>"
	var cmp func(x, y *node, path string, code bool) error
	cmp = func(x, y *node, path string, code bool) error {
		if x.kind != y.kind {
			return fmt.Errorf("%s: a %c became a %c", path, x.kind, y.kind)
		}
		switch x.kind {
		case '"':
			raw := before[x.start:x.end]
			switch {
			case code && strings.Contains(y.str, tok):
				return fmt.Errorf("%s: the token is still in the code", path)
			case code && (strings.Contains(x.str, tok) || offending(x)):
			case !strings.Contains(x.str, tok) && !bytes.Equal(raw, after[y.start:y.end]):
				return fmt.Errorf("%s: a string without the token changed: %q → %q", path, raw, after[y.start:y.end])
			case strings.Contains(x.str, tok) && y.str != strings.ReplaceAll(x.str, tok, marker):
				return fmt.Errorf("%s: %q became %q", path, x.str, y.str)
			}
		case '{':
			if !slices.Equal(x.keys, y.keys) {
				return fmt.Errorf("%s: keys %v became %v", path, x.keys, y.keys)
			}
			isCode := x.field("cell_type") != nil && x.field("cell_type").str == "code"
			for i, k := range x.keys {
				if err := cmp(x.vals[i], y.vals[i], path+"."+k, isCode && (k == "source" || k == "input")); err != nil {
					return err
				}
			}
		case '[':
			if code {
				return codeLinesKept(before, after, x, y, tok, path, offending)
			}
			if len(x.elems) != len(y.elems) {
				return fmt.Errorf("%s: %d elements became %d", path, len(x.elems), len(y.elems))
			}
			for i := range x.elems {
				if err := cmp(x.elems[i], y.elems[i], fmt.Sprintf("%s[%d]", path, i), false); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return cmp(a, b, "", false)
}

// codeLinesKept checks that every line of a code cell that held no
// finding is in the fixed cell, byte-identical and in order — the line before
// a removed last line may have lost its line break — and that no line
// holds tok.
func codeLinesKept(before, after []byte, x, y *node, tok, path string, offending func(*node) bool) error {
	k := 0
	for _, e := range y.elems {
		if strings.Contains(e.str, tok) {
			return fmt.Errorf("%s: the token is still in the code", path)
		}
	}
	for _, e := range x.elems {
		if strings.Contains(e.str, tok) || offending(e) {
			continue
		}
		raw := before[e.start:e.end]
		for k < len(y.elems) && !bytes.Equal(after[y.elems[k].start:y.elems[k].end], raw) &&
			!(strings.HasSuffix(string(raw), `\n"`) && bytes.Equal(after[y.elems[k].start:y.elems[k].end], append(bytes.Clone(raw[:len(raw)-3]), '"'))) {
			k++
		}
		if k == len(y.elems) {
			return fmt.Errorf("%s: the line %s is gone or changed", path, raw)
		}
		k++
	}
	return nil
}
