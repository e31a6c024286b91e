package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// needTool skips a test when an outside tool is missing, except in CI,
// where .ci/run installs it and its absence is a failure.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
}

func runIn(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s %v did not finish within %v", name, args, runDeadline)
	}
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out), code
}

func mustRun(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	out, code := runIn(t, dir, nil, name, args...)
	if code != 0 {
		t.Fatalf("%s %v: exit %d\n%s", name, args, code, out)
	}
	return out
}

func gitRepo(t *testing.T) string {
	t.Helper()
	needTool(t, "git")
	dir := t.TempDir()
	mustRun(t, dir, "git", "init", "-q", "-b", "main")
	mustRun(t, dir, "git", "config", "user.email", "test@example.com")
	mustRun(t, dir, "git", "config", "user.name", "Test")
	mustRun(t, dir, "git", "config", "commit.gpgsign", "false")
	return dir
}

const fakeTok = "hf_hfscanDemoNotARealKeyQzXwVbNmLpRst"

func TestStagedScansTheIndex(t *testing.T) {
	repo := gitRepo(t)
	os.MkdirAll(filepath.Join(repo, "src"), 0o755)
	p := filepath.Join(repo, "src", "train.py")
	os.WriteFile(p, []byte("import os\n\nlogin('"+fakeTok+"')\n"), 0o644)
	mustRun(t, repo, "git", "add", "src/train.py")
	// Fixed in the work tree, not staged: the commit would still hold it.
	os.WriteFile(p, []byte("import os\n\nlogin()\n"), 0o644)

	rep := jsonReport(t, hfscan(t, repo, "", "-f", "json", "--staged"))
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "src/train.py" || rep.Findings[0].Line != 3 || rep.Findings[0].RuleID != "hf-token" {
		t.Fatalf("--staged: %+v, errors %+v", rep.Findings, rep.Errors)
	}
	if rep := jsonReport(t, hfscan(t, repo, "", "-f", "json", ".")); len(rep.Findings) != 0 {
		t.Fatalf("the work tree is clean, yet: %+v", rep.Findings)
	}
	// From a subfolder, paths stay as in the repository.
	rep = jsonReport(t, hfscan(t, filepath.Join(repo, "src"), "", "-f", "json", "--staged"))
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "src/train.py" {
		t.Fatalf("--staged from src/: %+v", rep.Findings)
	}
	// Outside a repository it is an error, not a silent pass.
	if r := hfscan(t, t.TempDir(), "", "--staged"); r.code != 2 {
		t.Fatalf("--staged outside git: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func notebookBytes(t *testing.T, cells ...string) []byte {
	t.Helper()
	var cs []any
	for _, src := range cells {
		cs = append(cs, map[string]any{"cell_type": "code", "metadata": map[string]any{}, "outputs": []any{},
			"execution_count": nil, "source": strings.SplitAfter(src, "\n")})
	}
	b, err := json.MarshalIndent(map[string]any{"cells": cs, "metadata": map[string]any{}, "nbformat": 4, "nbformat_minor": 5}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBaselineWorkflow(t *testing.T) {
	dir := t.TempDir()
	other := "hf_hfscanDemoNotARealKeyPlOkMnIjUhYgT"
	cellA := "import os\nos.environ['HF_TOKEN'] = '" + fakeTok + "'"
	cellB := "print('hello')\nprint(hf_token)"
	os.WriteFile(filepath.Join(dir, "nb.ipynb"), notebookBytes(t, cellA, cellB), 0o644)
	os.WriteFile(filepath.Join(dir, "train.py"), []byte("login('"+other+"')\n"), 0o644)
	first := hfscan(t, dir, "", "-f", "json", "-o", "baseline.json", ".")
	if first.code != 1 {
		t.Fatalf("first scan: exit %d\n%s", first.code, first.stderr)
	}
	base := jsonReport(t, runResult{stdout: readFile(t, filepath.Join(dir, "baseline.json"))})
	if len(base.Findings) != 3 {
		t.Fatalf("baseline holds %d findings, want 3: %+v", len(base.Findings), base.Findings)
	}
	// Ten lines on top of the script; the notebook's cells swapped.
	os.WriteFile(filepath.Join(dir, "train.py"), []byte(strings.Repeat("# note\n", 10)+"login('"+other+"')\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "nb.ipynb"), notebookBytes(t, cellB, cellA), 0o644)
	r := hfscan(t, dir, "", "-f", "json", "--baseline", "baseline.json", "--exclude", "baseline.json", ".")
	if rep := jsonReport(t, r); r.code != 0 || len(rep.Findings) != 0 {
		t.Fatalf("moved findings not baselined: exit %d %+v", r.code, rep.Findings)
	}
	if !strings.Contains(r.stderr, "3 baselined") {
		t.Errorf("summary does not count baselined findings: %q", r.stderr)
	}
	// A new token is reported, and only it.
	os.WriteFile(filepath.Join(dir, "new.py"), []byte("x = 1\nt = '"+strings.Replace(fakeTok, "Qz", "Wq", 1)+"'\n"), 0o644)
	r = hfscan(t, dir, "", "-f", "json", "--baseline", "baseline.json", ".")
	rep := jsonReport(t, r)
	if r.code != 1 || len(rep.Findings) != 1 || rep.Findings[0].Path != "new.py" {
		t.Fatalf("new token: exit %d, %+v", r.code, rep.Findings)
	}
	// A baseline that cannot be read is a usage error.
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{not json"), 0o644)
	if r := hfscan(t, dir, "", "--baseline", "bad.json", "."); r.code != 2 || !strings.Contains(r.stderr, "bad.json") {
		t.Fatalf("bad baseline: exit %d %q", r.code, r.stderr)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var workflowCommand = regexp.MustCompile(`^::(error|warning|notice) ([^:]*)::(.*)$`)

// unescapeGitHub reverses the runner's escaping of workflow commands.
func unescapeGitHub(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

func TestGitHubAnnotations(t *testing.T) {
	dir := t.TempDir()
	name := "100%,odd:name.py"
	os.WriteFile(filepath.Join(dir, name), []byte("\n\tlogin('"+fakeTok+"')\n"), 0o644)
	r := hfscan(t, dir, "", "-f", "github", ".")
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if r.code != 1 || len(lines) != 1 {
		t.Fatalf("exit %d, %d lines:\n%s", r.code, len(lines), r.stdout)
	}
	m := workflowCommand.FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("not a workflow command: %q", lines[0])
	}
	props := map[string]string{}
	for _, kv := range strings.Split(m[2], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			t.Fatalf("bad property %q in %q", kv, lines[0])
		}
		props[k] = unescapeGitHub(v)
	}
	want := map[string]string{"file": name, "line": "2", "col": "9", "endLine": "2", "endColumn": "46",
		"title": "hfscan hf-token: Hugging Face access token"}
	for k, v := range want {
		if props[k] != v {
			t.Errorf("property %s = %q, want %q", k, props[k], v)
		}
	}
	if m[1] != "error" || !strings.Contains(unescapeGitHub(m[3]), "hf_…pRst") || strings.Contains(r.stdout, fakeTok) {
		t.Errorf("level %s, message %q", m[1], m[3])
	}
	// The summary is on stderr; stdout holds only commands.
	if !strings.Contains(r.stderr, "1 finding") {
		t.Errorf("no summary on stderr: %q", r.stderr)
	}
}

func TestMachineFormatsKeepStdoutClean(t *testing.T) {
	for _, format := range []string{"json", "sarif"} {
		r := hfscanEnv(t, "", "", nil, "-f", format, "testdata/demo")
		var v any
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
			t.Errorf("%s: stdout is not only JSON: %v", format, err)
		}
		if !strings.Contains(r.stderr, "findings (") || !strings.Contains(r.stderr, "scanned ") {
			t.Errorf("%s: no summary on stderr: %q", format, r.stderr)
		}
		if q := hfscan(t, "", "", "-q", "-f", format, "testdata/demo"); q.stderr != "" {
			t.Errorf("%s -q: stderr %q", format, q.stderr)
		}
	}
}

// The pre-commit framework, as a user sets it up: a repository whose
// .pre-commit-config.yaml points at this checkout. A staged file named
// like an option sits beside the leak: it must not turn the gate off.
func TestPreCommitHook(t *testing.T) {
	needTool(t, "pre-commit")
	head := strings.TrimSpace(mustRun(t, repoRoot, "git", "rev-parse", "HEAD"))
	cache := filepath.Join(t.TempDir(), "cache") // one hook build for both cases
	for _, tc := range []struct{ name, hookArgs, want string }{
		{"default args", "", "exit code: 1"},
		// Arguments overridden without the closing "--": hfscan itself
		// refuses the option that is also a file.
		{"args without --", "        args: [--quiet]\n", `is an option and also a file here`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo := gitRepo(t)
			config := "repos:\n  - repo: " + repoRoot + "\n    rev: " + head + "\n    hooks:\n      - id: hfscan\n" + tc.hookArgs
			os.WriteFile(filepath.Join(repo, ".pre-commit-config.yaml"), []byte(config), 0o644)
			env := []string{"PRE_COMMIT_HOME=" + cache, "NO_COLOR=1"}
			if out, code := runIn(t, repo, env, "pre-commit", "install"); code != 0 {
				t.Fatalf("pre-commit install: %s", out)
			}
			mustRun(t, repo, "git", "add", ".pre-commit-config.yaml")
			os.WriteFile(filepath.Join(repo, "--fail-on=never"), []byte("x\n"), 0o644)
			os.WriteFile(filepath.Join(repo, "--show-secrets"), []byte("x\n"), 0o644)
			os.WriteFile(filepath.Join(repo, "leak.ipynb"), notebookBytes(t, "from huggingface_hub import login\nlogin('"+fakeTok+"')"), 0o644)
			mustRun(t, repo, "git", "add", "--", "--fail-on=never", "--show-secrets", "leak.ipynb")
			out, code := runIn(t, repo, env, "git", "commit", "-m", "add notebook")
			if code == 0 || strings.Contains(out, "Passed") {
				t.Fatalf("commit with a token was accepted:\n%s", out)
			}
			if !strings.Contains(out, tc.want) {
				t.Fatalf("the refusal does not say %q:\n%s", tc.want, out)
			}
			if tc.hookArgs == "" && (!strings.Contains(out, "leak.ipynb:") || !strings.Contains(out, "[hf-token]") || !strings.Contains(out, "hf_…pRst")) {
				t.Fatalf("the refusal does not show the finding:\n%s", out)
			}
			if strings.Contains(out, fakeTok) {
				t.Fatalf("the hook printed the token in full:\n%s", out)
			}
			if tc.hookArgs != "" {
				return
			}
			os.WriteFile(filepath.Join(repo, "leak.ipynb"), notebookBytes(t, "from huggingface_hub import notebook_login\nnotebook_login()"), 0o644)
			mustRun(t, repo, "git", "add", "leak.ipynb")
			if out, code := runIn(t, repo, env, "git", "commit", "-m", "clean notebook"); code != 0 {
				t.Fatalf("clean commit refused:\n%s", out)
			}
		})
	}
}

// actionScript returns the shell script of action.yml's "Run hfscan" step.
func actionScript(t *testing.T) string {
	t.Helper()
	text := readFile(t, filepath.Join(repoRoot, "action.yml"))
	_, after, ok := strings.Cut(text, "- name: Run hfscan")
	if !ok {
		t.Fatal("action.yml has no Run hfscan step")
	}
	_, body, ok := strings.Cut(after, "run: |\n")
	if !ok {
		t.Fatal("Run hfscan step has no run block")
	}
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		if !strings.HasPrefix(l, "        ") && strings.TrimSpace(l) != "" {
			break
		}
		lines = append(lines, strings.TrimPrefix(l, "        "))
	}
	return strings.Join(lines, "\n")
}

// The composite action's script, run as the runner would with the inputs
// in its environment, against the hfscan under test.
func TestActionScript(t *testing.T) {
	needTool(t, "bash")
	gopath := t.TempDir()
	os.MkdirAll(filepath.Join(gopath, "bin"), 0o755)
	b, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(gopath, "bin", "hfscan"), b, 0o755)
	script := actionScript(t)
	run := func(env ...string) (string, int) {
		return runIn(t, repoRoot, append([]string{"GOPATH=" + gopath, "GOFLAGS=", "SOURCE_DATE_EPOCH=0"}, env...), "bash", "-c", script)
	}
	out, code := run("HFSCAN_PATHS=testdata/demo testdata/guides/setup.sh", "HFSCAN_FORMAT=github", "HFSCAN_FAIL_ON=error")
	if code != 1 || !strings.Contains(out, "::error file=testdata/demo/.env,line=3") || !strings.Contains(out, "::warning file=testdata/guides/setup.sh") {
		t.Fatalf("annotations run: exit %d\n%s", code, out)
	}
	sarif := filepath.Join(t.TempDir(), "hfscan.sarif")
	out, code = run("HFSCAN_PATHS=testdata/demo", "HFSCAN_FORMAT=sarif", "HFSCAN_FAIL_ON=never", "HFSCAN_OUTPUT="+sarif)
	if code != 0 || !strings.Contains(readFile(t, sarif), `"version": "2.1.0"`) {
		t.Fatalf("sarif run: exit %d\n%s", code, out)
	}
}
