package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const historyTok = "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"

// historyRepo: commit 1 adds a notebook with a token in cell 2, commit 2
// removes it, commit 3 renames the notebook.
func historyRepo(t *testing.T) string {
	t.Helper()
	repo := gitRepo(t)
	nb := func(line string) []byte { return notebookBytes(t, "# title", "import os\n"+line) }
	os.WriteFile(filepath.Join(repo, "train.ipynb"), nb("login('"+historyTok+"')"), 0o644)
	mustRun(t, repo, "git", "add", "train.ipynb")
	runIn(t, repo, []string{"GIT_AUTHOR_DATE=2024-05-01T10:00:00Z", "GIT_AUTHOR_NAME=Jane", "GIT_AUTHOR_EMAIL=jane@example.com"},
		"git", "commit", "-qm", "one")
	os.WriteFile(filepath.Join(repo, "train.ipynb"), nb("login()"), 0o644)
	mustRun(t, repo, "git", "commit", "-qam", "two")
	mustRun(t, repo, "git", "mv", "train.ipynb", "renamed.ipynb")
	mustRun(t, repo, "git", "commit", "-qm", "three")
	return repo
}

func TestHistoryFindsDeletedToken(t *testing.T) {
	repo := historyRepo(t)
	first := strings.TrimSpace(mustRun(t, repo, "git", "rev-list", "--max-parents=0", "HEAD"))
	r := hfscan(t, repo, "", "-f", "json", "--show-secrets", "--history")
	rep := jsonReport(t, r)
	if r.code != 1 || len(rep.Findings) != 1 {
		t.Fatalf("exit %d, findings %+v, errors %+v", r.code, rep.Findings, rep.Errors)
	}
	f := rep.Findings[0]
	line, col := rawPositionOf(t, mustRun(t, repo, "git", "show", first+":train.ipynb"), historyTok)
	if f.Path != "train.ipynb" || f.Line != line || f.Column != col || f.Notebook == nil || *f.Notebook.Cell != 2 {
		t.Errorf("finding at %s:%d:%d cell %v, want train.ipynb:%d:%d cell 2", f.Path, f.Line, f.Column, f.Notebook, line, col)
	}
	var raw struct {
		Findings []struct {
			Commit struct {
				SHA    string `json:"sha"`
				Author string `json:"author"`
				Email  string `json:"email"`
				Date   string `json:"date"`
				InHead bool   `json:"in_head"`
			} `json:"commit"`
		} `json:"findings"`
	}
	decode(t, r.stdout, &raw)
	c := raw.Findings[0].Commit
	if c.SHA != first || c.Author != "Jane" || c.Email != "jane@example.com" || !strings.HasPrefix(c.Date, "2024-05-01") || c.InHead {
		t.Errorf("commit %+v, want %s by Jane, not in HEAD", c, first)
	}
	// The work tree holds nothing.
	if r := hfscan(t, repo, "", "-f", "json", "."); len(jsonReport(t, r).Findings) != 0 {
		t.Errorf("work tree scan found: %s", r.stdout)
	}
	// Text says where it came from.
	text := hfscan(t, repo, "", "--history", "--color", "never").stdout
	if !strings.Contains(text, "introduced in "+first[:7]+" (2024-05-01, Jane) — removed since") {
		t.Errorf("text report:\n%s", text)
	}
}

func TestHistoryRangeAndBaseline(t *testing.T) {
	repo := historyRepo(t)
	// The last commit only renamed: its range added nothing.
	if rep := jsonReport(t, hfscan(t, repo, "", "-f", "json", "--range", "HEAD~1..HEAD")); len(rep.Findings) != 0 {
		t.Errorf("--range HEAD~1..HEAD: %+v", rep.Findings)
	}
	// A new commit with a token: its range finds only it, and it is in HEAD.
	other := strings.Replace(historyTok, "AbQw", "ZxCv", 1)
	os.WriteFile(filepath.Join(repo, "new.py"), []byte("login('"+other+"')\n"), 0o644)
	mustRun(t, repo, "git", "add", "new.py")
	mustRun(t, repo, "git", "commit", "-qm", "four")
	r := hfscan(t, repo, "", "-f", "json", "--range", "HEAD~1..HEAD")
	var raw struct {
		Findings []struct {
			Path   string `json:"path"`
			Commit struct {
				InHead bool `json:"in_head"`
			} `json:"commit"`
		} `json:"findings"`
	}
	decode(t, r.stdout, &raw)
	if len(raw.Findings) != 1 || raw.Findings[0].Path != "new.py" || !raw.Findings[0].Commit.InHead {
		t.Fatalf("--range for commit four: %s", r.stdout)
	}
	// Baselines work across history scans.
	hfscan(t, repo, "", "-f", "json", "-o", filepath.Join(t.TempDir(), "x.json"), "--history")
	base := filepath.Join(t.TempDir(), "base.json")
	hfscan(t, repo, "", "-f", "json", "-o", base, "--history")
	if r := hfscan(t, repo, "", "--history", "--baseline", base); r.code != 0 {
		t.Errorf("baselined history: exit %d\n%s", r.code, r.stdout)
	}
	// SARIF of a history scan validates and names the repository.
	sarif := hfscan(t, repo, "", "-f", "sarif", "--history").stdout
	validateSARIF(t, sarif)
	if !strings.Contains(sarif, `"versionControlProvenance"`) || !strings.Contains(sarif, `"commit"`) {
		t.Errorf("SARIF lacks provenance or commit:\n%s", sarif)
	}
	for _, bad := range [][]string{{"--history", "--staged"}, {"--since", "HEAD", "--range", "A..B"}, {"--range", "HEAD"}, {"--since", "--all"}} {
		if r := hfscan(t, repo, "", bad...); r.code != 2 {
			t.Errorf("%v: exit %d", bad, r.code)
		}
	}
}

// History that looks complete but is not: a shallow clone says so, and a
// repository with a missing blob scans what it can and names each
// missing blob as an error.
func TestHistoryShallowAndMissingObjects(t *testing.T) {
	repo := historyRepo(t)
	clone := filepath.Join(t.TempDir(), "clone")
	mustRun(t, repo, "git", "clone", "-q", "--depth", "1", "file://"+repo, clone)
	r := hfscan(t, clone, "", "-f", "json", "--history")
	rep := jsonReport(t, r)
	if len(rep.Notices) != 1 || !strings.Contains(rep.Notices[0].Message, "shallow clone: commits before the shallow boundary") {
		t.Errorf("shallow clone: notices %+v", rep.Notices)
	}
	if r := hfscan(t, clone, "", "--history", "--color", "never"); !strings.Contains(r.stdout, "notice: .: shallow clone") {
		t.Errorf("shallow clone, text:\n%s", r.stdout)
	}

	// Delete one loose blob: the other file's token is still found.
	os.WriteFile(filepath.Join(repo, "other.py"), []byte("t = '"+fakeTok+"'\n"), 0o644)
	os.WriteFile(filepath.Join(repo, "lost.txt"), []byte("lost\n"), 0o644)
	mustRun(t, repo, "git", "add", "other.py", "lost.txt")
	mustRun(t, repo, "git", "commit", "-qm", "four")
	blob := strings.TrimSpace(mustRun(t, repo, "git", "rev-parse", "HEAD:lost.txt"))
	if err := os.Remove(filepath.Join(repo, ".git", "objects", blob[:2], blob[2:])); err != nil {
		t.Fatal(err)
	}
	r = hfscan(t, repo, "", "-f", "json", "--history")
	rep = jsonReport(t, r)
	paths := map[string]bool{}
	for _, f := range rep.Findings {
		paths[f.Path] = true
	}
	if r.code != 2 || !paths["other.py"] || !paths["train.ipynb"] {
		t.Errorf("damaged repository: exit %d, findings %+v", r.code, rep.Findings)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Path != "lost.txt" || !strings.Contains(rep.Errors[0].Message, "blob "+blob+" is missing") {
		t.Errorf("errors %+v, want lost.txt's blob %s missing", rep.Errors, blob)
	}
}

// A token that only ever lived on another branch is not "removed since":
// it was never in HEAD's history.
func TestHistoryProvenanceOfOtherBranches(t *testing.T) {
	repo := historyRepo(t)
	mustRun(t, repo, "git", "checkout", "-q", "-b", "feature")
	os.WriteFile(filepath.Join(repo, "feature.py"), []byte("t = '"+fakeTok+"'\n"), 0o644)
	mustRun(t, repo, "git", "add", "feature.py")
	mustRun(t, repo, "git", "commit", "-qm", "feature")
	mustRun(t, repo, "git", "checkout", "-q", "main")
	text := hfscan(t, repo, "", "--history", "--color", "never").stdout
	for _, want := range []string{"feature.py:1:6: error [hf-token]", "— never in HEAD's history (only on other branches or refs)", "— removed since"} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	var raw struct {
		Findings []struct {
			Path   string
			Commit struct {
				InHead        bool `json:"in_head"`
				InHeadHistory bool `json:"in_head_history"`
			}
		}
	}
	decode(t, hfscan(t, repo, "", "-f", "json", "--history").stdout, &raw)
	for _, f := range raw.Findings {
		if want := f.Path == "train.ipynb"; f.Commit.InHeadHistory != want || f.Commit.InHead {
			t.Errorf("%s: commit %+v, want in_head_history %v", f.Path, f.Commit, want)
		}
	}
}

// git lists each blob once, at one path: a blob committed at an excluded
// path and at another is still scanned, at the other. Names with
// newlines read right (git's output is read NUL-separated).
func TestHistoryPathsOfABlob(t *testing.T) {
	repo := gitRepo(t)
	leak := []byte("t = '" + fakeTok + "'\n")
	os.MkdirAll(filepath.Join(repo, "a_fixtures"), 0o755)
	os.MkdirAll(filepath.Join(repo, "src"), 0o755)
	os.WriteFile(filepath.Join(repo, "a_fixtures", "x.py"), leak, 0o644)
	os.WriteFile(filepath.Join(repo, "src", "x.py"), leak, 0o644)
	odd := "a\nb.env"
	os.WriteFile(filepath.Join(repo, odd), []byte("HF_TOKEN="+historyTok+"\n"), 0o644)
	mustRun(t, repo, "git", "add", ".")
	mustRun(t, repo, "git", "commit", "-qm", "one")
	rep := jsonReport(t, hfscan(t, repo, "", "-f", "json", "--history", "--exclude", "a_fixtures/"))
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Path)
	}
	if !equalStrings(got, []string{odd, "src/x.py"}) {
		t.Fatalf("findings at %q, want %q and src/x.py", got, odd)
	}
}
