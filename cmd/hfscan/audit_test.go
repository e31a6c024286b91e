package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// TestDistinctSecrets builds 30 notebooks sharing 4 distinct tokens in
// 60 places: the JSON report lists 4 secrets with the right counts, the
// text summary says 4 tokens in the right number of files, and every
// format gives each finding the same secret id.
func TestDistinctSecrets(t *testing.T) {
	dir := t.TempDir()
	toks := make([]string, 4)
	for i := range toks {
		toks[i] = rules.Fake("hf_", 34, fmt.Sprint("audit ", i))
	}
	places := map[string]int{}            // token → places
	files := map[string]map[string]bool{} // token → files
	for n := range 30 {
		a, b := toks[n%4], toks[(n*3+1)%4]
		if n%5 == 4 {
			b = a // the same token twice in one notebook
		}
		// two places per notebook: a code cell and an output
		nb := notebookBytes(t, "hf_token = '"+a+"'")
		nb = []byte(strings.Replace(string(nb), `"outputs": []`, `"outputs": [{"output_type": "stream", "name": "stdout", "text": ["saved `+b+`\n"]}]`, 1))
		name := fmt.Sprintf("nb%02d.ipynb", n)
		os.WriteFile(filepath.Join(dir, name), nb, 0o644)
		for _, tok := range []string{a, b} {
			places[tok]++
			if files[tok] == nil {
				files[tok] = map[string]bool{}
			}
			files[tok][name] = true
		}
	}
	rep := hfscan(t, dir, "", "-f", "json", "--show-secrets", ".")
	var got struct {
		Findings []struct {
			Path     string
			Line     int
			Column   int
			Secret   string
			SecretID *string `json:"secret_id"`
		}
		Secrets []struct {
			ID     string
			RuleID string `json:"rule_id"`
			Secret string
			Places int
			Files  int
			Paths  []string
		}
	}
	if err := json.Unmarshal([]byte(rep.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) != 60 || len(got.Secrets) != 4 {
		t.Fatalf("%d findings, %d secrets; want 60 and 4", len(got.Findings), len(got.Secrets))
	}
	idOf := map[string]string{} // token → id
	for _, s := range got.Secrets {
		idOf[s.Secret] = s.ID
		if s.RuleID != "hf-token" || s.Places != places[s.Secret] || s.Files != len(files[s.Secret]) || len(s.Paths) != s.Files || strings.Contains(s.ID, s.Secret[3:10]) {
			t.Errorf("secret %s: %+v, want %d places in %d files", s.ID, s, places[s.Secret], len(files[s.Secret]))
		}
	}
	byPlace := map[string]string{} // path:line:col → id
	for _, f := range got.Findings {
		if f.SecretID == nil || *f.SecretID != idOf[f.Secret] {
			t.Fatalf("finding %s:%d has secret_id %v, want %s", f.Path, f.Line, f.SecretID, idOf[f.Secret])
		}
		byPlace[fmt.Sprintf("%s:%d:%d", f.Path, f.Line, f.Column)] = *f.SecretID
	}

	text := hfscan(t, dir, "", "--color", "never", ".")
	if !strings.Contains(text.stdout, "4 distinct tokens in 30 files — revoke each:") {
		t.Errorf("text summary:\n%s", text.stdout)
	}
	for tok, id := range idOf {
		line := regexp.MustCompile(`(?m)^  ` + id + `  hf-token  hf_…\S+  (\d+) places in (\d+) files: `).FindStringSubmatch(text.stdout)
		if line == nil || line[1] != fmt.Sprint(places[tok]) || line[2] != fmt.Sprint(len(files[tok])) {
			t.Errorf("the text summary's line for %s: %v", id, line)
		}
	}
	// Text: each finding's block names its token.
	block := regexp.MustCompile(`(?m)^(\S+:\d+:\d+): error \[hf-token\][^\n]*\n(?:    [^\n]*\n)*?    token ([0-9a-f]{16})`)
	textIDs := map[string]string{}
	for _, m := range block.FindAllStringSubmatch(text.stdout, -1) {
		textIDs[m[1]] = m[2]
	}
	// SARIF: properties.secretId; GitHub annotations: "token ID" in the message.
	sarif := hfscan(t, dir, "", "-f", "sarif", ".")
	var s struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
				Properties struct {
					SecretID string `json:"secretId"`
				}
			}
		}
	}
	json.Unmarshal([]byte(sarif.stdout), &s)
	sarifIDs := map[string]string{}
	for _, r := range s.Runs[0].Results {
		l := r.Locations[0].PhysicalLocation
		sarifIDs[fmt.Sprintf("%s:%d:%d", l.ArtifactLocation.URI, l.Region.StartLine, l.Region.StartColumn)] = r.Properties.SecretID
	}
	gh := hfscan(t, dir, "", "-f", "github", ".")
	ghIDs := map[string]string{}
	for _, m := range regexp.MustCompile(`file=(\S+?),line=(\d+),col=(\d+),.*; token ([0-9a-f]{16})`).FindAllStringSubmatch(gh.stdout, -1) {
		ghIDs[m[1]+":"+m[2]+":"+m[3]] = m[4]
	}
	for place, id := range byPlace {
		if textIDs[place] != id || sarifIDs[place] != id || ghIDs[place] != id {
			t.Errorf("%s: JSON %s, text %s, SARIF %s, GitHub %s", place, id, textIDs[place], sarifIDs[place], ghIDs[place])
		}
	}
}

// Text and GitHub annotations carry a fix line per finding; --explain
// prints a rule's help (golden); an unknown rule is a usage error.
func TestFixLinesAndExplain(t *testing.T) {
	root := untrackedCopy(t, "testdata/demo")
	gh := hfscan(t, root, "", "-f", "github", "testdata/demo")
	for _, line := range strings.Split(strings.TrimSpace(gh.stdout), "\n") {
		if strings.HasPrefix(line, "::error file=") && !strings.Contains(line, " — fix: ") {
			t.Errorf("annotation without a fix: %s", line)
		}
	}
	// The revocation page is the rule table's: the test names no host.
	var revoke string
	for _, r := range rules.Default() {
		if r.ID == "hf-token" {
			revoke = r.Revoke
		}
	}
	text := hfscan(t, root, "", "--color", "never", "testdata/demo")
	if n, m := strings.Count(text.stdout, "\n    fix: "), strings.Count(text.stdout, "\n    | "); n != m || n == 0 || revoke == "" ||
		!strings.Contains(text.stdout, "What to do (hfscan --explain RULE for the full help):\n") ||
		!strings.Contains(text.stdout, "\n  hf-token: revoke it at "+revoke+" and create a new one; keep the new one in Colab Secrets or the HF_TOKEN environment variable") {
		t.Errorf("%d fix lines for %d findings:\n%s", n, m, text.stdout)
	}
	if q := hfscan(t, root, "", "-q", "--color", "never", "testdata/demo"); strings.Contains(q.stdout, "fix: ") || strings.Contains(q.stdout, "What to do") ||
		strings.Count(q.stdout, "\n    | ") != strings.Count(text.stdout, "\n    | ") {
		t.Errorf("-q: help printed or findings lost:\n%s", q.stdout)
	}
	r := hfscan(t, "", "", "--explain", "hf-token")
	golden := filepath.Join(repoRoot, "testdata", "golden", "explain-hf-token.txt")
	if *update {
		os.WriteFile(golden, []byte(r.stdout), 0o644)
	}
	if want, _ := os.ReadFile(golden); r.code != 0 || r.stdout != string(want) {
		t.Errorf("--explain hf-token: exit %d, differs from %s:\n%s", r.code, golden, r.stdout)
	}
	if r := hfscan(t, "", "", "--explain", "no-such-rule"); r.code != 2 || !strings.Contains(r.stderr, `no rule "no-such-rule"`) {
		t.Errorf("--explain of an unknown rule: exit %d\n%s", r.code, r.stderr)
	}
}

// A token in metadata is placed by its key path, exactly, in JSON, SARIF
// and text: notebook metadata, widget state, a cell's metadata.
func TestMetadataKeyPaths(t *testing.T) {
	dir := t.TempDir()
	a, b, c := rules.Fake("hf_", 34, "key a"), rules.Fake("hf_", 34, "key b"), rules.Fake("hf_", 34, "key c")
	nb := `{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# hi"]},
  {"cell_type": "code", "execution_count": null, "metadata": {"colab": {"id": "x1", "note": "token ` + a + `"}}, "outputs": [], "source": ["x = 1"]}],
 "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {"4f3a9c": {"model_name": "TextModel",
   "state": {"value": "` + b + `", "layout": "IPY_MODEL_1"}}}}}, "colab": {"private outputs": ["` + c + `"]}},
 "nbformat": 4, "nbformat_minor": 5}`
	os.WriteFile(filepath.Join(dir, "w.ipynb"), []byte(nb), 0o644)
	want := map[string]string{ // token → key path
		a: `cells[1].metadata.colab.note`,
		b: `metadata.widgets["application/vnd.jupyter.widget-state+json"].state["4f3a9c"].state.value`,
		c: `metadata.colab["private outputs"][0]`,
	}
	rep := hfscan(t, dir, "", "-f", "json", "--show-secrets", "w.ipynb")
	var got struct {
		Findings []struct {
			Secret   string
			Notebook struct{ Key *string }
		}
	}
	json.Unmarshal([]byte(rep.stdout), &got)
	if len(got.Findings) != 3 {
		t.Fatalf("%d findings:\n%s", len(got.Findings), rep.stdout)
	}
	for _, f := range got.Findings {
		if f.Notebook.Key == nil || *f.Notebook.Key != want[f.Secret] {
			t.Errorf("JSON key of %s…: %v, want %s", f.Secret[:6], f.Notebook.Key, want[f.Secret])
		}
	}
	sarif := hfscan(t, dir, "", "-f", "sarif", "w.ipynb")
	text := hfscan(t, dir, "", "--color", "never", "w.ipynb")
	for _, k := range want {
		quoted, _ := json.Marshal(k)
		if !strings.Contains(sarif.stdout, `"key": `+string(quoted)) || !strings.Contains(text.stdout, ", "+k+", line 1, column ") {
			t.Errorf("key %s missing from SARIF or text:\n%s", k, text.stdout)
		}
	}
}
