package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// A fixCase is one thing hfscan fix knows how to do, as the cells of a
// notebook; {TOK} stands for the case's fake token. Each case is written
// in every form (fixForms) under testdata/fix/CASE/before, and
// testdata/fix/CASE/after holds what hfscan fix makes of it.
type fixCase struct {
	name  string
	colab bool
	flags []string
	cells []fixCell
	// tok makes the fake token; nil for a Hugging Face token
	tok func(seed string) string
}

type fixCell struct {
	kind    string // code, markdown
	source  string
	outputs []string // stream texts
}

var fixCases = []fixCase{
	{name: "env-assign", cells: []fixCell{{kind: "code", source: "import os\nos.environ[\"HF_TOKEN\"] = \"{TOK}\"\nfrom huggingface_hub import whoami\nprint(whoami()[\"name\"])"}}},
	{name: "env-assign-last-line", cells: []fixCell{{kind: "code", source: "!pip install -q huggingface_hub\nimport os\nos.environ['HF_TOKEN'] = '{TOK}'"}}},
	{name: "login", cells: []fixCell{
		{kind: "code", source: "from huggingface_hub import login\nlogin(token=\"{TOK}\")"},
		{kind: "code", source: "login(\"{TOK}\", add_to_git_credential=True)"}}},
	{name: "hfapi", cells: []fixCell{{kind: "code", source: "from huggingface_hub import HfApi\napi = HfApi(token=\"{TOK}\")\napi.whoami()"}}},
	{name: "variable", cells: []fixCell{
		{kind: "markdown", source: "# Load a private model"},
		{kind: "code", source: "from transformers import AutoModel\n\nhf_token = \"{TOK}\"\nmodel = AutoModel.from_pretrained(\"org/private\", token=hf_token)"}}},
	{name: "other-provider", tok: func(seed string) string {
		return rules.FakeFrom("sk-proj-", rules.Base64URL, 74, seed+" a") + "T3BlbkFJ" + rules.FakeFrom("", rules.Base64URL, 74, seed+" b")
	}, cells: []fixCell{{kind: "code", source: "from openai import OpenAI\nclient = OpenAI(api_key=\"{TOK}\")"}}},
	{name: "generic-credential", tok: func(seed string) string { return rules.FakeFrom("", rules.Alnum, 32, seed) },
		cells: []fixCell{{kind: "code", source: "import requests\nWEATHER_API_KEY = \"{TOK}\"\nr = requests.get(url, params={\"appid\": WEATHER_API_KEY})"}}},
	{name: "split-literal", cells: []fixCell{{kind: "code", source: "import os\nos.environ[\"HF_TOKEN\"] = \"{TOK:0:12}\" + \"{TOK:12:}\"\nprint(\"ok\")"}}},
	{name: "set-access-token", cells: []fixCell{
		{kind: "code", source: "from huggingface_hub import HfApi\napi = HfApi()"},
		{kind: "code", source: "api.set_access_token(\"{TOK}\")\napi.whoami()"}}},
	{name: "use-auth-token", cells: []fixCell{{kind: "code", source: "from transformers import pipeline\npipe = pipeline(\"text-classification\", model=\"org/private\",\n                use_auth_token=\"{TOK}\")"}}},
	{name: "bearer", cells: []fixCell{{kind: "code", source: "import requests\nheaders = {\"Authorization\": \"Bearer {TOK}\"}\nr = requests.get(url, headers=headers)"}}},
	{name: "comment", cells: []fixCell{{kind: "code", source: "# my token: {TOK}\nfrom huggingface_hub import notebook_login\nnotebook_login()"}}},
	{name: "outputs", cells: []fixCell{
		{kind: "markdown", source: "Token: {TOK} (do not share)"},
		{kind: "code", source: "from huggingface_hub import whoami\nprint(whoami())", outputs: []string{"logged in\n", "token {TOK} saved to /root/.cache\n"}}}},
	{name: "clear-outputs", flags: []string{"--clear-outputs"}, cells: []fixCell{
		{kind: "code", source: "print(\"step 1\")", outputs: []string{"step 1\n"}},
		{kind: "code", source: "!huggingface-cli whoami", outputs: []string{"token {TOK} is valid\n", "user: alice\n"}}}},
	{name: "drive-file", cells: []fixCell{{kind: "code", source: "token_path = '/content/drive/My Drive/hf_token.txt'\nwith open(token_path, 'w') as f:\n    f.write('{TOK}')"}}},
}

// fixForms are the files each case is written as.
var fixForms = []string{"pretty.ipynb", "minified.ipynb", "nbformat3.ipynb", "crlf.py"}

// token is the case's fake token.
func (c fixCase) token() string {
	if c.tok == nil {
		return rules.Fake("hf_", 34, "fix golden "+c.name)
	}
	return c.tok("fix golden " + c.name)
}

// text is s with {TOK} (or {TOK:A:B}, a slice of it) filled in.
func (c fixCase) text(s string) string {
	tok := c.token()
	for {
		i := strings.Index(s, "{TOK")
		if i < 0 {
			return s
		}
		j := i + strings.IndexByte(s[i:], '}')
		var a, b int
		switch n, _ := fmt.Sscanf(s[i:j], "{TOK:%d:%d", &a, &b); n {
		case 0:
			s = s[:i] + tok + s[j+1:]
		case 1:
			s = s[:i] + tok[a:] + s[j+1:]
		default:
			s = s[:i] + tok[a:b] + s[j+1:]
		}
	}
}

// file is the case written as form.
func (c fixCase) file(t *testing.T, form string) []byte {
	lines := func(s string) []string {
		out := strings.SplitAfter(s, "\n")
		if out[len(out)-1] == "" {
			out = out[:len(out)-1]
		}
		return out
	}
	if form == "crlf.py" {
		var code []string
		for _, cell := range c.cells {
			if cell.kind == "code" {
				code = append(code, c.text(cell.source))
			}
		}
		return []byte(strings.ReplaceAll(strings.Join(code, "\n\n")+"\n", "\n", "\r\n"))
	}
	v3 := form == "nbformat3.ipynb"
	var cells []any
	for i, cell := range c.cells {
		out := map[string]any{"cell_type": cell.kind, "metadata": map[string]any{}}
		src := lines(c.text(cell.source))
		if v3 {
			out["input"], out["language"], out["collapsed"] = src, "python", false
			if cell.kind != "code" {
				delete(out, "input")
				delete(out, "language")
				delete(out, "collapsed")
				out["source"] = src
			}
		} else {
			out["source"] = src
		}
		if cell.kind == "code" {
			var outs []any
			for _, text := range cell.outputs {
				o := map[string]any{"output_type": "stream", "name": "stdout", "text": lines(c.text(text))}
				if v3 {
					delete(o, "name")
					o["stream"] = "stdout"
				}
				outs = append(outs, o)
			}
			if outs == nil {
				outs = []any{}
			}
			out["outputs"] = outs
			if v3 {
				out["prompt_number"] = i + 1
			} else {
				out["execution_count"] = i + 1
			}
		}
		cells = append(cells, out)
	}
	meta := map[string]any{"kernelspec": map[string]any{"display_name": "Python 3", "language": "python", "name": "python3"}}
	if c.colab {
		meta["colab"] = map[string]any{"provenance": []any{}}
	}
	nb := map[string]any{"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}
	if v3 {
		meta["name"] = c.name
		nb = map[string]any{"metadata": meta, "nbformat": 3, "nbformat_minor": 0, "worksheets": []any{map[string]any{"cells": cells, "metadata": map[string]any{}}}}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if form == "pretty.ipynb" || v3 {
		enc.SetIndent("", " ") // Jupyter's layout
	}
	if err := enc.Encode(nb); err != nil {
		t.Fatal(err)
	}
	if form == "minified.ipynb" {
		return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	}
	return b.Bytes()
}

// allFixCases are the cases, each also as a Colab notebook (the .py form
// only once: a script is never Colab).
func allFixCases() []fixCase {
	var out []fixCase
	for _, c := range fixCases {
		out = append(out, c)
		colab := c
		colab.name, colab.colab = c.name+"-colab", true
		out = append(out, colab)
	}
	return out
}

// TestFixGolden runs hfscan fix on every case in every form and compares
// the result, byte for byte, with testdata/fix/CASE/after; fixing the
// result again changes nothing, and what fix leaves is only what the case
// leaves to a person. go test ./cmd/hfscan -update writes the befores
// from the cases and the afters from hfscan fix (read them before
// committing: they are the reference).
func TestFixGolden(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "fix")
	if *update {
		os.RemoveAll(root)
	}
	for _, c := range allFixCases() {
		for _, form := range fixForms {
			if c.colab && strings.HasSuffix(form, ".py") {
				continue
			}
			t.Run(c.name+"/"+form, func(t *testing.T) {
				before := filepath.Join(root, c.name, "before", form)
				after := filepath.Join(root, c.name, "after", form)
				if *update {
					os.MkdirAll(filepath.Dir(before), 0o755)
					os.MkdirAll(filepath.Dir(after), 0o755)
					os.WriteFile(before, c.file(t, form), 0o644)
				}
				data, err := os.ReadFile(before)
				if err != nil {
					t.Fatalf("%v (go test ./cmd/hfscan -update writes it)", err)
				}
				if !bytes.Equal(data, c.file(t, form)) {
					t.Fatalf("%s is not what the case makes (go test ./cmd/hfscan -update)", before)
				}
				dir := t.TempDir()
				os.WriteFile(filepath.Join(dir, form), data, 0o644)
				r := hfscan(t, dir, "", append(append([]string{"fix"}, c.flags...), form)...)
				got, _ := os.ReadFile(filepath.Join(dir, form))
				if *update {
					os.WriteFile(after, got, 0o644)
				}
				want, err := os.ReadFile(after)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("hfscan fix %s gives (want %s):\n%s", form, after, got)
				}
				manual := c.name == "drive-file" || c.name == "drive-file-colab"
				if wantCode := map[bool]int{false: 0, true: 1}[manual]; r.code != wantCode || strings.Contains(r.stdout+r.stderr, c.token()) {
					t.Errorf("exit %d, want %d\n%s%s", r.code, wantCode, r.stdout, r.stderr)
				}
				again := hfscan(t, dir, "", append([]string{"fix", "--check"}, c.flags...)...)
				if again2, _ := os.ReadFile(filepath.Join(dir, form)); !bytes.Equal(again2, got) || strings.Contains(again.stdout, "would fix") {
					t.Errorf("a second fix would change more:\n%s", again.stdout)
				}
				if manual && !slices.ContainsFunc(strings.Split(r.stdout, "\n"), func(l string) bool {
					return strings.Contains(l, "token-plaintext-file: left for you (fix does not rewrite this practice")
				}) {
					t.Errorf("writing the token to Drive is not left for a person:\n%s", r.stdout)
				}
			})
		}
	}
}

// TestFixDemo fixes the demo (testdata/demo, the guides' code as a user
// saved it): the diff is testdata/golden/fix-demo.diff, reviewed as what
// a person would write by hand, and a scan of the fixed notebooks and
// script reports no error; what is left is listed for a person (the
// .env file, the token written to Drive, the token printed).
func TestFixDemo(t *testing.T) {
	dir := t.TempDir()
	demo := filepath.Join("..", "..", "testdata", "demo")
	entries, _ := os.ReadDir(demo)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(demo, e.Name()))
		os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644)
	}
	d := hfscan(t, dir, "", "fix", "--diff", ".")
	golden := filepath.Join("..", "..", "testdata", "golden", "fix-demo.diff")
	if *update {
		os.WriteFile(golden, []byte(d.stdout), 0o644)
	}
	if want, _ := os.ReadFile(golden); d.stdout != string(want) {
		t.Errorf("hfscan fix --diff on the demo differs from %s (go test ./cmd/hfscan -update):\n%s", golden, d.stdout)
	}
	r := hfscan(t, dir, "", "fix", ".")
	if r.code != 1 || !strings.Contains(r.stdout, ".env:3:14: hf-org-token: left for you") || !strings.Contains(r.stdout, "token-plaintext-file: left for you") {
		t.Errorf("fix: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "--fail-on", "never", "."))
	for _, f := range rep.Findings {
		if f.Level == "error" && f.Path != ".env" {
			t.Errorf("after fix: %s:%d: %s", f.Path, f.Line, f.RuleID)
		}
	}
}
