package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hfscan/hfscan/rules"
)

// TestFixCLI runs hfscan fix as a user would: --check and --diff write
// nothing, fix replaces the secrets outside code, rewrites the code that
// held them and nothing else, keeps the file's mode and a backup on
// request, leaves .env files, shell scripts and symlinks alone, and a
// second run changes nothing.
func TestFixCLI(t *testing.T) {
	tok := rules.Fake("hf_", 34, "fix cli")
	dir := t.TempDir()
	nb := notebookBytes(t, "from huggingface_hub import login\nlogin('"+tok+"')")
	// put the token in the cell's output too, as a run would have
	nb = bytes.Replace(nb, []byte(`"outputs": []`), []byte(`"outputs": [{"output_type": "stream", "name": "stdout", "text": ["saved `+tok+`\n"]}]`), 1)
	files := map[string][]byte{
		"nb.ipynb": nb,
		"train.py": []byte("login('" + tok + "')\n"),
		"train.sh": []byte("huggingface-cli login --token " + tok + "\n"),
		".env":     []byte("HF_TOKEN=" + tok + "\n"),
		"run.log":  []byte("step 1\r\ntoken=" + tok + "\r\nstep 2\r\n"),
	}
	for name, data := range files {
		os.WriteFile(filepath.Join(dir, name), data, 0o600)
	}
	os.Symlink("nb.ipynb", filepath.Join(dir, "link.ipynb"))
	old := time.Now().Add(-time.Hour)
	for name := range files {
		os.Chtimes(filepath.Join(dir, name), old, old)
	}
	unchanged := func(when string) {
		t.Helper()
		for name, data := range files {
			got, _ := os.ReadFile(filepath.Join(dir, name))
			info, _ := os.Stat(filepath.Join(dir, name))
			if !bytes.Equal(got, data) || !info.ModTime().Equal(old) {
				t.Errorf("%s: %s was written", when, name)
			}
		}
	}

	if r := hfscan(t, dir, "", "fix", "--check", "nb.ipynb", "train.py", ".env", "run.log"); r.code != 1 || !strings.Contains(r.stdout, "nb.ipynb: would fix 2 findings") {
		t.Errorf("--check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	unchanged("--check")
	d := hfscan(t, dir, "", "fix", "--diff", "nb.ipynb", "run.log")
	if !strings.Contains(d.stdout, "+++ b/run.log") || !strings.Contains(d.stdout, "+token=<hf-token removed by hfscan>") ||
		!strings.Contains(d.stdout, `+   "outputs": [{"output_type": "stream", "name": "stdout", "text": ["saved <hf-token removed by hfscan>\n"]}],`) || strings.Contains(d.stdout, tok) {
		t.Errorf("--diff:\n%s", d.stdout)
	}
	unchanged("--diff")

	r := hfscan(t, dir, "", "fix", "--backup", "nb.ipynb", "train.py", "train.sh", ".env", "run.log", "link.ipynb")
	if r.code != 2 || !strings.Contains(r.stderr, "link.ipynb: not a regular file") || strings.Contains(r.stdout+r.stderr, tok) {
		t.Errorf("fix: exit %d (want 2 for the symlink)\n%s%s", r.code, r.stdout, r.stderr)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "nb.ipynb"))
	want := bytes.Replace(files["nb.ipynb"], []byte("saved "+tok), []byte("saved <hf-token removed by hfscan>"), 1)
	want = bytes.Replace(want, []byte("login('"+tok+"')"), []byte("login()"), 1)
	if !bytes.Equal(got, want) {
		t.Errorf("the notebook changed beyond its output and call:\n%s", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "train.py")); string(got) != "login()\n" {
		t.Errorf("train.py: %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "run.log")); string(got) != "step 1\r\ntoken=<hf-token removed by hfscan>\r\nstep 2\r\n" {
		t.Errorf("run.log: %q", got)
	}
	for _, name := range []string{"train.sh", ".env"} {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(got, files[name]) {
			t.Errorf("%s was edited", name)
		}
	}
	if info, _ := os.Stat(filepath.Join(dir, "nb.ipynb")); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", info.Mode().Perm())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "nb.ipynb.hfscan-backup")); !bytes.Equal(b, files["nb.ipynb"]) {
		t.Error("the backup is not the original")
	}
	if !strings.Contains(r.stdout, "train.sh:1:31: hf-token: left for you (code in a language") || !strings.Contains(r.stdout, ".env:1:10: hf-token: left for you (.env") ||
		!strings.Contains(r.stdout, "revoke them") {
		t.Errorf("fix output:\n%s", r.stdout)
	}
	// A second run changes nothing, and never touches the backup.
	before, _ := os.ReadFile(filepath.Join(dir, "nb.ipynb"))
	again := hfscan(t, dir, "", "fix", ".")
	after, _ := os.ReadFile(filepath.Join(dir, "nb.ipynb"))
	b, _ := os.ReadFile(filepath.Join(dir, "nb.ipynb.hfscan-backup"))
	if !bytes.Equal(before, after) || !bytes.Equal(b, files["nb.ipynb"]) || strings.Contains(again.stdout, "fixed") {
		t.Errorf("second run:\n%s", again.stdout)
	}
	if r := hfscan(t, dir, "", "fix", "-f", "json", "."); r.code != 2 {
		t.Errorf("fix -f json: exit %d", r.code)
	}
}

// A file fix cannot read is reported (exit 2) and the others are still
// fixed; run as an unprivileged user, where permissions hold in CI too.
func TestFixUnreadableFile(t *testing.T) {
	dir := nobodyDir(t)
	os.Chmod(dir, 0o777) // fix writes its temporary file beside the one it replaces
	tok := rules.Fake("hf_", 34, "fix unreadable")
	os.WriteFile(filepath.Join(dir, "ok.log"), []byte("token "+tok+"\n"), 0o666)
	os.WriteFile(filepath.Join(dir, "locked.log"), []byte("token "+tok+"\n"), 0o000)
	os.Chmod(filepath.Join(dir, "locked.log"), 0o000)
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "fix", ".")
	cmd.Dir = dir
	asNobody(cmd)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(stderr.String(), "locked.log") || !strings.Contains(stderr.String(), "permission denied") {
		t.Fatalf("exit %v, want 2 naming locked.log\n%s%s", err, stdout.String(), stderr.String())
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "ok.log")); string(got) != "token <hf-token removed by hfscan>\n" {
		t.Errorf("ok.log was not fixed: %q", got)
	}
}

// fix --history writes every distinct secret of the work tree and of git
// history into a replacements file for git filter-repo: mode 0600,
// outside the work tree, its path printed.
func TestFixHistoryReplacements(t *testing.T) {
	repo := historyRepo(t) // historyTok lives only in an old commit
	now := rules.Fake("hf_", 34, "fix history now")
	os.WriteFile(filepath.Join(repo, "log.txt"), []byte("saved "+now+"\n"), 0o644)
	r := hfscan(t, repo, "", "fix", "--history")
	m := regexp.MustCompile(`(?m)^(\S+) written \(mode 0600\) with the 2 distinct secrets`).FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil || !strings.Contains(r.stdout, "git filter-repo --replace-text "+m[1]) || strings.Contains(r.stdout+r.stderr, now) {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	path := m[1]
	t.Cleanup(func() { os.Remove(path) })
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 || strings.HasPrefix(path, repo) {
		t.Fatalf("replacements file %s: %v %v", path, info, err)
	}
	got, _ := os.ReadFile(path)
	want := []string{now + "==><hf-token removed by hfscan>", historyTok + "==><hf-token removed by hfscan>"}
	if lines := strings.Split(strings.TrimSpace(string(got)), "\n"); !sameSet(lines, want) {
		t.Errorf("replacements:\n%s", got)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// The fixed file keeps its owner and group: root fixing a user's notebook
// leaves it the user's (as root, the file is first given to nobody).
func TestFixKeepsOwner(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.log")
	os.WriteFile(path, []byte("token "+rules.Fake("hf_", 34, "fix owner")+"\n"), 0o640)
	if os.Geteuid() == 0 {
		if err := os.Chown(path, 65534, 65534); err != nil {
			t.Fatal(err)
		}
	}
	owner := func() (uint32, uint32) {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		st := info.Sys().(*syscall.Stat_t)
		return st.Uid, st.Gid
	}
	uid, gid := owner()
	if r := hfscan(t, dir, "", "fix", "run.log"); r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if u, g := owner(); u != uid || g != gid {
		t.Errorf("owner %d:%d became %d:%d", uid, gid, u, g)
	}
}
