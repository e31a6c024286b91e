package scanner

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hfscan/hfscan/findings"
)

// gitEnv is the environment of every git hfscan runs: a partial clone's
// missing objects are never fetched, so a scan stays offline.
func gitEnv() []string {
	return append(os.Environ(), "GIT_NO_LAZY_FETCH=1")
}

// git runs a git command in dir and returns its standard output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}

// staged sends the staged (index) version of every added, copied,
// modified or renamed file under the PATHs, named relative to the
// repository root. Contents come from one `git cat-file --batch` process,
// so the work tree is never read: a token fixed in the file but still
// staged is still found.
func (w *walker) staged(paths []string) {
	fail := func(path string, err error) { w.report(fileOutcome{path: path, err: err}) }
	cwd, err := os.Getwd()
	if err != nil {
		fail(".", err)
		return
	}
	out, err := git(cwd, "rev-parse", "--show-toplevel")
	if err != nil {
		fail(".", fmt.Errorf("--staged needs a git repository: %w", err))
		return
	}
	top := strings.TrimSpace(string(out))
	var under []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err == nil {
			abs, err = filepath.EvalSymlinks(abs)
		}
		if err != nil {
			fail(displayPath(p), errors.New(errorMessage(err)))
			continue
		}
		rel, err := filepath.Rel(top, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			fail(displayPath(p), fmt.Errorf("not inside the repository %s", top))
			continue
		}
		under = append(under, filepath.ToSlash(rel))
	}
	if len(under) == 0 {
		return
	}
	// --raw gives each staged blob's id, so names are never sent to
	// cat-file (a name may hold a newline). Every change that leaves
	// content behind counts: added, copied, modified, renamed, and a type
	// change (a symlink replaced by a file holding a token).
	out, err = git(top, "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=ACMRT")
	if err != nil {
		fail(".", err)
		return
	}
	var objects []gitObject
	fields := strings.Split(string(out), "\x00")
	for i := 0; i+1 < len(fields); i += 2 {
		meta, name := strings.Fields(fields[i]), fields[i+1]
		if len(meta) != 5 || !isUnder(name, under) {
			continue
		}
		mode, blob := meta[1], meta[3]
		if mode == "120000" || mode == "160000" || strings.Trim(blob, "0") == "" {
			continue // a symlink or a submodule: no file content of its own
		}
		if w.exclude.IgnoredWithParents(name, false) {
			continue
		}
		ignored, err := w.ownIgnored(top, name)
		if err != nil {
			fail(name, err)
			continue
		}
		if !ignored {
			objects = append(objects, gitObject{name: blob, path: name})
		}
	}
	if len(objects) == 0 {
		return
	}
	if err := w.catFiles(top, objects); err != nil {
		fail(".", err)
	}
}

func isUnder(name string, under []string) bool {
	for _, u := range under {
		if u == "." || name == u || strings.HasPrefix(name, u+"/") {
			return true
		}
	}
	return false
}

// missingBlobError is a blob a git source names that the repository does
// not hold (a partial clone, a damaged pack).
type missingBlobError struct{ blob string }

func (e *missingBlobError) Error() string {
	return "blob " + e.blob + " is missing from the repository (a partial clone or a damaged pack): not scanned"
}

// gitObject is a blob to scan: its name for cat-file (":path" for the
// index, a blob id for history) and the path it is reported at.
type gitObject struct {
	name, path string
}

// catFiles streams objects through one git cat-file --batch process into
// the workers.
func (w *walker) catFiles(top string, objects []gitObject, config ...string) error {
	maxSize := w.maxSize
	cmd := exec.Command("git", append(config, "cat-file", "--batch")...)
	cmd.Dir = top
	cmd.Env = gitEnv()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git cat-file: %w", err)
	}
	go func() {
		bw := bufio.NewWriter(stdin)
		for _, o := range objects {
			fmt.Fprintf(bw, "%s\n", o.name)
		}
		bw.Flush()
		stdin.Close()
	}()
	br := bufio.NewReaderSize(stdout, 64<<10)
	for _, o := range objects {
		f := o.path
		header, err := br.ReadString('\n')
		if err != nil {
			cmd.Wait()
			return fmt.Errorf("git cat-file: %w", err)
		}
		fields := strings.Fields(header)
		if len(fields) == 2 && fields[1] == "missing" {
			// Named by its id, a blob that is not there is a partial
			// clone's or a damaged repository's: not scanned, and said.
			w.report(fileOutcome{path: f, err: &missingBlobError{blob: fields[0]}})
			continue
		}
		if len(fields) != 3 {
			continue
		}
		size, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			cmd.Wait()
			return fmt.Errorf("git cat-file: bad header %q", header)
		}
		if limit := readLimit(f, maxSize); limit > 0 && size > limit || fields[1] != "blob" {
			if _, err := io.CopyN(io.Discard, br, size+1); err != nil {
				return fmt.Errorf("git cat-file: %w", err)
			}
			if fields[1] == "blob" {
				w.report(fileOutcome{path: f, skipped: findings.SkipTooLarge, size: size})
			}
			continue
		}
		content := make([]byte, size+1) // with the newline git adds
		if _, err := io.ReadFull(br, content); err != nil {
			cmd.Wait()
			return fmt.Errorf("git cat-file: %w", err)
		}
		if !w.send(job{path: f, content: content[:size], blob: fields[0]}) {
			cmd.Process.Kill()
			cmd.Wait()
			return nil // stopped: the scan says so
		}
	}
	return cmd.Wait()
}
