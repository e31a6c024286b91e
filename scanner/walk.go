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

	ignore "github.com/sabhiram/go-gitignore"
)

// ignoreFileNames are read in every directory of a walk, in this order.
var ignoreFileNames = []string{".gitignore", ".hfscanignore"}

// job is one file to scan.
type job struct {
	path   string // as reported: slash-separated, as the user named it
	osPath string
	stdin  bool
	// content, when not nil, is the file's bytes, read already (from the
	// git index for --staged, from history for --history).
	content []byte
	blob    string // the git blob id, for --staged and --history
}

// walker turns the command-line PATHs into jobs.
type walker struct {
	noGitignore bool
	exclude     *ignore.GitIgnore // --exclude, relative to each PATH
	jobs        chan<- job
	report      func(fileOutcome) // skipped files and errors found while walking
}

// rebaseIgnoreLine rewrites a pattern read from dir/.gitignore so that it
// means the same thing relative to the walk root. All ignore files of a
// branch are then compiled into one list, where later (deeper) lines win as
// they do in git, negations included.
func rebaseIgnoreLine(line, dir string) string {
	t := strings.TrimSpace(strings.TrimRight(line, "\r"))
	if t == "" || t[0] == '#' {
		return ""
	}
	neg := ""
	if t[0] == '!' {
		neg, t = "!", t[1:]
	}
	switch {
	case dir == "":
		return neg + t
	case strings.HasPrefix(t, "/"):
		return neg + "/" + dir + t
	case strings.Contains(strings.TrimSuffix(t, "/"), "/"):
		return neg + "/" + dir + "/" + t
	default:
		return neg + "/" + dir + "/**/" + t
	}
}

// ignoreLevel is what applies inside one directory: the compiled patterns
// of its own and every parent's ignore files.
type ignoreLevel struct {
	lines   []string
	matcher *ignore.GitIgnore
}

// with adds the ignore files among a directory's entries; only those the
// listing shows are opened, not two failing opens per directory.
func (l *ignoreLevel) with(dirOS, dirRel string, entries []os.DirEntry) (*ignoreLevel, error) {
	var added []string
	for _, name := range ignoreFileNames {
		// ReadDir sorts the entries by name.
		if _, listed := slices.BinarySearchFunc(entries, name, func(e os.DirEntry, n string) int {
			return strings.Compare(e.Name(), n)
		}); !listed {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dirOS, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return l, fmt.Errorf("read %s: %w", name, err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if r := rebaseIgnoreLine(line, dirRel); r != "" {
				added = append(added, r)
			}
		}
	}
	if len(added) == 0 {
		return l, nil
	}
	lines := append(append([]string(nil), l.lines...), added...)
	return &ignoreLevel{lines: lines, matcher: ignore.CompileIgnoreLines(lines...)}, nil
}

func (l *ignoreLevel) ignores(rel string) bool {
	return l.matcher != nil && l.matcher.MatchesPath(rel)
}

// walk sends every file below the PATH root to w.jobs.
func (w *walker) walk(root string) {
	info, err := os.Stat(root)
	if err != nil {
		w.report(fileOutcome{path: displayPath(root), err: errorMessage(err)})
		return
	}
	if !info.IsDir() {
		w.file(root, info.Mode())
		return
	}
	w.dir(root, "", &ignoreLevel{})
}

// file handles a PATH that names a file: it is scanned even when an ignore
// file lists it (the user asked for it), but --exclude still applies.
func (w *walker) file(p string, mode fs.FileMode) {
	shown := displayPath(p)
	if w.exclude != nil && w.exclude.MatchesPath(shown) {
		return
	}
	if !mode.IsRegular() {
		w.report(fileOutcome{path: shown, skipped: SkipNotRegular})
		return
	}
	w.jobs <- job{path: shown, osPath: p}
}

func (w *walker) dir(dirOS, dirRel string, level *ignoreLevel) {
	entries, err := os.ReadDir(dirOS)
	if err != nil {
		w.report(fileOutcome{path: displayPath(dirOS), err: errorMessage(err)})
		return
	}
	if !w.noGitignore {
		if level, err = level.with(dirOS, dirRel, entries); err != nil {
			w.report(fileOutcome{path: displayPath(dirOS), err: err.Error()})
		}
	}
	for _, e := range entries {
		name := e.Name()
		rel := path.Join(dirRel, name)
		childOS := filepath.Join(dirOS, name)
		isDir := e.IsDir()
		if isDir && name == ".git" {
			continue
		}
		match := rel
		if isDir {
			match += "/"
		}
		if w.exclude != nil && w.exclude.MatchesPath(match) {
			continue
		}
		if !w.noGitignore && level.ignores(match) {
			continue
		}
		switch t := e.Type(); {
		case isDir:
			w.dir(childOS, rel, level)
		case t&fs.ModeSymlink != 0:
			// Not followed while walking: a link may point out of the tree
			// or round in a loop.
		case t.IsRegular():
			w.jobs <- job{path: displayPath(childOS), osPath: childOS}
		default:
			w.report(fileOutcome{path: displayPath(childOS), skipped: SkipNotRegular})
		}
	}
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
