package fix

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner"
)

// scanFile scans one file with every rule, as the command would.
func scanFile(t *testing.T, path string) []findings.Finding {
	t.Helper()
	all := rules.Default()
	res := scanner.Scan(context.Background(), &scanner.Paths{Paths: []string{path}}, scanner.Options{Rules: all, Table: all, Jobs: 1})
	if len(res.Errors) > 0 {
		t.Fatalf("scan: %v", res.Errors)
	}
	return res.Findings
}

// notebook makes a notebook with the token planted in every part: code
// and markdown sources, a raw cell, a stream, a traceback with colour
// codes, a rich output, cell and notebook metadata; the token behind an
// escaped quote in one output.
func notebook(tok string, r *rand.Rand) map[string]any {
	lines := func(s string) []string { return strings.SplitAfter(s, "\n") }
	cells := []any{
		map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": lines("# Setup\nMy token: " + tok + " (do not share)")},
		map[string]any{"cell_type": "code", "execution_count": 1, "metadata": map[string]any{"note": "uses " + tok},
			"source": lines("from huggingface_hub import login\nlogin(token=\"" + tok + "\")"),
			"outputs": []any{
				map[string]any{"output_type": "stream", "name": "stdout", "text": lines("Token is valid.\nsaved " + tok + " to /root/.cache\n")},
				map[string]any{"output_type": "error", "ename": "HTTPError", "evalue": "401 for " + tok,
					"traceback": []any{"\x1b[0;31mHTTPError\x1b[0m: 401 Client Error for token=\x1b[1m" + tok + "\x1b[0m"}},
				map[string]any{"output_type": "execute_result", "execution_count": 1, "metadata": map[string]any{},
					"data": map[string]any{"text/plain": lines("{\"token\": \"" + tok + "\", \"ok\": true}")}},
			}},
		map[string]any{"cell_type": "raw", "metadata": map[string]any{}, "source": "HF_TOKEN=" + tok},
	}
	r.Shuffle(len(cells), func(i, j int) { cells[i], cells[j] = cells[j], cells[i] })
	return map[string]any{"cells": cells, "metadata": map[string]any{"colab": map[string]any{"name": "t.ipynb", "secret": tok}},
		"nbformat": 4, "nbformat_minor": 5}
}

// expected is the decoded notebook after fix: the token replaced by the
// marker in every string but a code cell's source, where login(token=…)
// becomes login().
func expected(v any, tok, marker string, inCode bool) any {
	switch x := v.(type) {
	case string:
		if inCode {
			return strings.ReplaceAll(x, `login(token="`+tok+`")`, "login()")
		}
		return strings.ReplaceAll(x, tok, marker)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = expected(e, tok, marker, inCode)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		code := x["cell_type"] == "code"
		for k, e := range x {
			out[k] = expected(e, tok, marker, code && k == "source")
		}
		return out
	}
	return v
}

// TestFixEveryPart plants a token in every part of generated notebooks,
// pretty and minified, fixes them and checks: the result is JSON of the
// same structure with the token replaced outside code and the call
// rewritten in code; bytes outside the edits are untouched; a rescan
// finds no secret; fixing again changes nothing.
func TestFixEveryPart(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	dir := t.TempDir()
	for n := range 40 {
		tok := rules.Fake("hf_", 34, fmt.Sprint("fix ", n))
		nb := notebook(tok, r)
		var data []byte
		if n%2 == 0 {
			data, _ = json.MarshalIndent(nb, "", " ")
		} else {
			data, _ = json.Marshal(nb)
		}
		if n%3 == 0 {
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")) // CRLF between JSON tokens
		}
		path := filepath.Join(dir, fmt.Sprintf("nb%d.ipynb", n))
		os.WriteFile(path, data, 0o644)

		edits, _, manual := Plan(data, scanFile(t, path), Options{})
		fixed := Apply(data, edits)
		if !json.Valid(fixed) {
			t.Fatalf("nb%d: the fixed notebook is not JSON", n)
		}
		var got, orig any
		json.Unmarshal(fixed, &got)
		json.Unmarshal(data, &orig)
		if want := expected(orig, tok, Marker(rules.Default()[0]), false); !reflect.DeepEqual(got, want) {
			t.Fatalf("nb%d: the fixed notebook is not the original with the token replaced outside code:\n%s", n, fixed)
		}
		// Bytes outside the edits are the original's.
		at, shift := 0, 0
		for _, e := range edits {
			if !bytes.Equal(data[at:e.Start], fixed[at+shift:e.Start+shift]) {
				t.Fatalf("nb%d: bytes %d..%d changed", n, at, e.Start)
			}
			shift += len(e.With) - (e.End - e.Start)
			at = e.End
		}
		for _, m := range manual {
			t.Errorf("nb%d: left to a person: %s at %+v (%s)", n, m.Finding.Rule.ID, m.Finding.Notebook, m.Reason)
		}
		os.WriteFile(path, fixed, 0o644)
		again := scanFile(t, path)
		for _, f := range again {
			t.Errorf("nb%d: after fix, %s still at %+v", n, f.Rule.ID, f.Notebook)
		}
		if edits, _, _ := Plan(fixed, again, Options{}); len(edits) != 0 {
			t.Errorf("nb%d: a second fix would change %d more places", n, len(edits))
		}
	}
}

// privateKey is a fake PEM private key, which no variable holds.
var privateKey = "-----BEGIN PRIVATE KEY-----\n" + rules.FakeFrom("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", rules.Base64Text, 64, "fix pem") +
	"\n" + rules.FakeFrom("", rules.Base64Text, 64, "fix pem 2") + "\n-----END PRIVATE KEY-----"

// What fix cannot rewrite is left alone, with its reason: shell code, a
// .env file, a token inside an f-string, a private key, history.
func TestFixLeavesAlone(t *testing.T) {
	dir := t.TempDir()
	tok := rules.Fake("hf_", 34, "fix leave")
	files := map[string]string{"train.sh": "huggingface-cli login --token " + tok + "\n", ".env": "HF_TOKEN=" + tok + "\n", "run.log": "token=" + tok + "\n",
		"cell.py": "import os\nsubprocess.run(f'curl -H \"Authorization: Bearer " + tok + "\" {url}')\n", "key.py": "KEY = '''" + privateKey + "'''\n"}
	for name, src := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644)
	}
	for name, want := range map[string]ManualReason{"train.sh": ManualNotPython, ".env": ManualEnvFile, "cell.py": ManualExpression, "key.py": ManualNoEnvVar} {
		path := filepath.Join(dir, name)
		edits, _, manual := Plan([]byte(files[name]), scanFile(t, path), Options{})
		if len(edits) != 0 || len(manual) == 0 {
			t.Fatalf("%s: %d edits, %d manual", name, len(edits), len(manual))
		}
		for _, m := range manual {
			if m.Reason != want {
				t.Errorf("%s: %s left for %s, want %s", name, m.Finding.Rule.ID, m.Reason, want)
			}
		}
	}
	log := filepath.Join(dir, "run.log")
	edits, _, _ := Plan([]byte(files["run.log"]), scanFile(t, log), Options{})
	if got := string(Apply([]byte(files["run.log"]), edits)); got != "token=<hf-token removed by hfscan>\n" {
		t.Errorf("run.log fixed to %q", got)
	}
	f := findings.Finding{Rule: rules.Default()[0], Path: "old.txt", Secret: tok, Offset: 0, EndOffset: 37, Commit: &findings.Commit{SHA: "x"}}
	if edits, _, manual := Plan(make([]byte, 40), []findings.Finding{f}, Options{}); len(edits) != 0 || manual[0].Reason != ManualHistory {
		t.Errorf("a history finding: %v %v", edits, manual)
	}
}

// use_auth_token= becomes token=, in a .py file and in a notebook cell;
// nothing else in the call changes.
func TestFixUseAuthToken(t *testing.T) {
	dir := t.TempDir()
	src := "from transformers import AutoModel\nm = AutoModel.from_pretrained(\"org/m\", use_auth_token=True)\n"
	cases := map[string][]byte{"load.py": []byte(src)}
	nb, _ := json.MarshalIndent(map[string]any{"cells": []any{map[string]any{"cell_type": "code", "execution_count": nil, "metadata": map[string]any{},
		"outputs": []any{}, "source": strings.SplitAfter(src, "\n")}}, "metadata": map[string]any{}, "nbformat": 4, "nbformat_minor": 5}, "", " ")
	cases["load.ipynb"] = nb
	for name, data := range cases {
		path := filepath.Join(dir, name)
		os.WriteFile(path, data, 0o644)
		edits, _, _ := Plan(data, scanFile(t, path), Options{})
		got := Apply(data, edits)
		if want := bytes.Replace(data, []byte("use_auth_token=True"), []byte("token=True"), 1); !bytes.Equal(got, want) {
			t.Errorf("%s:\n%s", name, got)
		}
	}
}

// A file that changes on disk between its read and its replacement is
// left as the other writer made it, and reported; --diff and --check
// (write off) never write.
func TestFixChangedOnDisk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.log")
	tok := rules.Fake("hf_", 34, "fix changed")
	os.WriteFile(path, []byte("token "+tok+"\n"), 0o644)
	all := rules.Default()
	scan := func(p string, data []byte) ([]findings.Finding, error) {
		res := scanner.Scan(context.Background(), &scanner.Contents{Path: p, Data: data}, scanner.Options{Rules: all, Table: all, Jobs: 1})
		return res.Findings, nil
	}
	if out := File(path, scan, Options{}, false, false); out.Err != nil || len(out.Fixed) != 1 || out.Written {
		t.Fatalf("without write: %+v", out)
	}
	if got, _ := os.ReadFile(path); string(got) != "token "+tok+"\n" {
		t.Fatal("written without write")
	}
	meanwhile := []byte("someone else's edit " + tok + "\n")
	changing := func(p string, data []byte) ([]findings.Finding, error) {
		os.WriteFile(path, meanwhile, 0o644)
		return scan(p, data)
	}
	if out := File(path, changing, Options{}, true, false); !errors.Is(out.Err, ErrChangedOnDisk) || out.Written {
		t.Fatalf("a concurrent change: %+v", out)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, meanwhile) {
		t.Errorf("the other writer's bytes were replaced: %q", got)
	}
}
