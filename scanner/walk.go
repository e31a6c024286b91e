package scanner

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/scanner/ignore"
)

// job is one file to scan.
type job struct {
	path   string // as reported: slash-separated, as the user named it
	osPath string
	stdin  bool
	// content, when not nil, is the file's bytes, read already (from the
	// git index for --staged, from history for --history).
	content []byte
	blob    string // the git blob id, for --staged and --history
	// key is the path fingerprints hash, the same however the path was
	// typed: relative to the git work tree's root, else to the scan root
	// (a named file outside a work tree: to the current folder). Empty
	// means path.
	key string
}

// walker turns the command-line PATHs into jobs.
type walker struct {
	*sink
	noGitignore bool
	exclude     *ignore.Matcher // --exclude, relative to each PATH
	// own caches the .hfscanignore patterns of folders, for files named
	// on the command line or staged.
	own map[string]*ignore.Matcher
	// keyBase is the walk root's path from its git work tree's root (""
	// outside a work tree, or at its root): what job.key starts with.
	keyBase string
	// root is the walk root; inWorkTree says it is in a git work tree,
	// where tracked files are scanned whatever .gitignore says. tracked
	// lists them (and the folders holding them), read from git the first
	// time .gitignore leaves something out.
	root       string
	inWorkTree bool
	tracked    map[string]bool
}

// ownIgnoreName is the user's own list of what hfscan should not scan. It
// applies to every file, named or met in a walk; .gitignore applies only
// to what a walk meets (a file named or staged is one git tracks).
const ownIgnoreName = ".hfscanignore"

// ownIgnored reports whether the .hfscanignore files from root down to the
// folder of rel (slash-separated, relative to root) leave rel out, with
// git's rules: a folder left out leaves out everything in it.
func (w *walker) ownIgnored(root, rel string) (bool, error) {
	if w.noGitignore {
		return false, nil
	}
	if w.own == nil {
		w.own = map[string]*ignore.Matcher{}
	}
	var level *ignore.Matcher
	dir := ""
	for {
		key := root + "\x00" + dir
		m, ok := w.own[key]
		if !ok {
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(dir), ownIgnoreName))
			if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
				return false, fmt.Errorf("read %s: %w", path.Join(dir, ownIgnoreName), err)
			}
			m = level.With(ignore.Parse(b, dir))
			w.own[key] = m
		}
		level = m
		rest := rel
		if dir != "" {
			rest = rel[len(dir)+1:]
		}
		next := strings.IndexByte(rest, '/')
		if next < 0 {
			return level.Ignored(rel, false), nil
		}
		dir = rel[:len(rel)-len(rest)+next]
		if level.Ignored(dir, true) {
			return true, nil
		}
	}
}

// workTreeOf is the root of the git work tree that holds the absolute
// folder dir (the nearest folder at or above it with a .git entry), or "".
func workTreeOf(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// ownRoot is the folder whose .hfscanignore governs a named file: the git
// work tree holding it, else the current folder when the file is under it,
// else the file's own folder. rel is the file's path from there.
func ownRoot(p string) (root, rel string, err error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", "", err
	}
	root = workTreeOf(filepath.Dir(abs))
	if root == "" {
		root = filepath.Dir(abs)
		if cwd, err := os.Getwd(); err == nil {
			if r, err := filepath.Rel(cwd, abs); err == nil && !strings.HasPrefix(r, "..") {
				root = cwd
			}
		}
	}
	r, err := filepath.Rel(root, abs)
	if err != nil {
		return "", "", err
	}
	return root, filepath.ToSlash(r), nil
}

// ignoreLevel is what the ignore files say inside one folder: .gitignore
// (which git applies to untracked files only) and .hfscanignore (the
// user's own, for every file), each holding the patterns of the folder and
// of every folder above it.
type ignoreLevel struct {
	git, own *ignore.Matcher
	// underIgnored is set inside a folder that .gitignore leaves out but
	// that holds tracked files: only those are scanned there.
	underIgnored bool
}

// with adds the ignore files among a directory's entries; only those the
// listing shows are opened, not two failing opens per directory. dirRel
// is the directory relative to the walk root.
func (l ignoreLevel) with(dirOS, dirRel string, entries []os.DirEntry) (ignoreLevel, error) {
	for _, name := range []string{".gitignore", ownIgnoreName} {
		// ReadDir sorts the entries by name.
		i, listed := slices.BinarySearchFunc(entries, name, func(e os.DirEntry, n string) int {
			return strings.Compare(e.Name(), n)
		})
		if !listed || entries[i].Type()&fs.ModeSymlink != 0 {
			continue // git does not follow a symlinked ignore file either
		}
		b, err := os.ReadFile(filepath.Join(dirOS, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return l, fmt.Errorf("read %s: %w", name, err)
		}
		if name == ownIgnoreName {
			l.own = l.own.With(ignore.Parse(b, dirRel))
		} else {
			l.git = l.git.With(ignore.Parse(b, dirRel))
		}
	}
	return l, nil
}

// walk sends every file below the PATH root to w.jobs.
func (w *walker) walk(root string) {
	info, err := os.Stat(root)
	if err != nil {
		w.report(fileOutcome{path: displayPath(root), err: err})
		return
	}
	if !info.IsDir() {
		w.file(root, info.Mode())
		return
	}
	w.keyBase, w.root, w.inWorkTree, w.tracked = "", root, false, nil
	if abs, err := filepath.Abs(root); err == nil {
		if top := workTreeOf(abs); top != "" {
			w.inWorkTree = true
			if rel, err := filepath.Rel(top, abs); err == nil && rel != "." {
				w.keyBase = filepath.ToSlash(rel)
			}
		}
	}
	w.dir(filepath.Clean(root), "", ignoreLevel{})
}

// file handles a PATH that names a file: it is scanned even when a
// .gitignore lists it (the user asked for it, and git tracks it), but
// --exclude and .hfscanignore still apply.
func (w *walker) file(p string, mode fs.FileMode) {
	shown := displayPath(p)
	if w.exclude.IgnoredWithParents(strings.TrimPrefix(shown, "./"), false) {
		return
	}
	root, rel, err := ownRoot(p)
	if err == nil {
		var ignored bool
		ignored, err = w.ownIgnored(root, rel)
		if ignored {
			return
		}
	}
	if err != nil {
		w.report(fileOutcome{path: shown, err: err})
		return
	}
	if !mode.IsRegular() {
		w.report(fileOutcome{path: shown, skipped: findings.SkipNotRegular})
		return
	}
	w.send(job{path: shown, osPath: p, key: rel})
}

func (w *walker) dir(dirOS, dirRel string, level ignoreLevel) {
	entries, err := os.ReadDir(dirOS)
	if err != nil {
		w.report(fileOutcome{path: displayPath(dirOS), err: err})
		return
	}
	if !w.noGitignore {
		if level, err = level.with(dirOS, dirRel, entries); err != nil {
			w.report(fileOutcome{path: displayPath(dirOS), err: err})
		}
	}
	for _, e := range entries {
		if w.stopped() {
			return
		}
		name := e.Name()
		rel := joinClean(dirRel, name, '/')
		childOS := joinClean(dirOS, name, filepath.Separator)
		isDir := e.IsDir()
		if isDir && name == ".git" {
			// Never entered, but its config is read: "git clone
			// https://user:hf_…@huggingface.co/…" keeps the token there,
			// one of the commonest leaks.
			w.gitConfig(childOS, path.Join(rel, "config"))
			continue
		}
		if w.exclude.Ignored(rel, isDir) || !w.noGitignore && level.own.Ignored(rel, isDir) {
			continue
		}
		child := level
		if !w.noGitignore && (level.underIgnored || level.git.Ignored(rel, isDir)) {
			// Git's ignore rules are for untracked files: what git
			// tracks is scanned whatever .gitignore says.
			if !w.isTracked(rel) {
				continue
			}
			child.underIgnored = true
		}
		switch t := e.Type(); {
		case isDir:
			w.dir(childOS, rel, child)
		case t&fs.ModeSymlink != 0:
			// Not followed while walking: a link may point out of the tree
			// or round in a loop.
		case t.IsRegular():
			w.send(job{path: filepath.ToSlash(childOS), osPath: childOS, key: joinClean(w.keyBase, rel, '/')})
		default:
			w.report(fileOutcome{path: displayPath(childOS), skipped: findings.SkipNotRegular})
		}
	}
}

// gitConfig sends a repository's .git/config, the one file of .git that
// is scanned.
func (w *walker) gitConfig(gitDirOS, rel string) {
	if w.exclude.Ignored(rel, false) {
		return
	}
	p := filepath.Join(gitDirOS, "config")
	info, err := os.Lstat(p)
	if err != nil || !info.Mode().IsRegular() {
		return // a bare worktree link or no config: nothing of its own to read
	}
	w.send(job{path: displayPath(p), osPath: p, key: path.Join(w.keyBase, rel)})
}

// isTracked reports whether git tracks the file rel (relative to the walk
// root), or, for a folder, any file in it. Outside a work tree nothing is.
// Git is asked once per walk, and only when .gitignore leaves something
// out.
func (w *walker) isTracked(rel string) bool {
	if !w.inWorkTree {
		return false
	}
	if w.tracked == nil {
		w.tracked = map[string]bool{}
		out, err := git(w.root, "ls-files", "-z", "--cached")
		if err != nil {
			w.report(fileOutcome{path: displayPath(w.root), notices: []string{"cannot list tracked files (" + err.Error() + "); .gitignore applies to every file"}})
		}
		for _, name := range strings.Split(string(out), "\x00") {
			for name != "" && name != "." && !w.tracked[name] {
				w.tracked[name] = true
				name = path.Dir(name)
			}
		}
	}
	return w.tracked[rel]
}

// joinClean is filepath.Join(dir, name) (or path.Join, with '/') for a
// clean dir and a name read from it — no separator in it, never "." or
// "..": the same result, without cleaning the whole path once more for
// every file of a walk.
func joinClean(dir, name string, sep byte) string {
	switch {
	case dir == "" || dir == ".":
		return name
	case dir[len(dir)-1] == sep: // the root, "/"
		return dir + name
	}
	return dir + string(sep) + name
}

// displayPath is how a file is named in reports: slash-separated, relative
// when the PATH was relative, absolute when it was absolute.
func displayPath(p string) string {
	return filepath.ToSlash(filepath.Clean(p))
}

// errorMessage drops the path from an *fs.PathError: reports name the path
// in their own field.
func errorMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}
