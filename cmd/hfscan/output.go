package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// reportFile is where -o writes, settled before the scan starts, so a
// destination that cannot be written fails at once (exit 2) instead of
// after the scan, with the findings lost.
//
// Only a regular file or a new path is replaced atomically (a temporary
// file in the same folder, renamed into place). Anything else — a device
// such as /dev/null, a FIFO, a process substitution's /dev/fd/N — is
// opened and written in place: renaming over it would destroy it (as root,
// /dev/null for the whole machine).
type reportFile struct {
	target  string   // the path renamed into place; "" when written in place
	inPlace *os.File // the open destination when it is not replaced
	mode    fs.FileMode
	keep    bool // an existing report keeps its mode
}

// openReport checks the -o destination. private (--show-secrets) makes a
// new report readable by its owner only, and drops an existing report's
// group and other bits.
func openReport(path string, private bool) (*reportFile, error) {
	target := path
	info, err := os.Lstat(path)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		// The link stays; what it points at is the report. A link to a
		// regular file (or to nothing yet) is replaced there, atomically.
		resolved, rerr := filepath.EvalSymlinks(path)
		switch {
		case rerr == nil:
			target = resolved
			info, err = os.Lstat(resolved)
		default:
			return openInPlace(path)
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		mode := fs.FileMode(0o666) // the umask applies at create time
		if private {
			mode = 0o600
		}
		rf := &reportFile{target: target, mode: mode}
		return rf, rf.probe()
	case err != nil:
		return nil, fmt.Errorf("-o %s: %w", path, unwrapPath(err))
	case info.IsDir():
		return nil, fmt.Errorf("-o %s: is a directory", path)
	case info.Mode().IsRegular():
		mode := info.Mode().Perm()
		if private {
			mode &^= 0o077
		}
		rf := &reportFile{target: target, mode: mode, keep: true}
		return rf, rf.probe()
	}
	return openInPlace(path)
}

func openInPlace(path string) (*reportFile, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("-o %s: %w", path, unwrapPath(err))
	}
	return &reportFile{inPlace: f}, nil
}

// probe makes sure a temporary file can be created beside the target,
// which is what writing it will take.
func (rf *reportFile) probe() error {
	f, err := rf.createTemp()
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// createTemp makes a new file beside the target. It is created with the
// report's mode, so the umask applies as it does to any new file, and a
// report with secrets in it is never readable by others, not even for an
// instant.
func (rf *reportFile) createTemp() (*os.File, error) {
	dir, base := filepath.Split(rf.target)
	if dir == "" {
		dir = "."
	}
	perm := rf.mode
	if rf.keep {
		perm = 0o600 // set to the kept mode before the rename
	}
	for range 100 {
		var r [6]byte
		rand.Read(r[:])
		name := filepath.Join(dir, "."+base+".tmp"+hex.EncodeToString(r[:]))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("-o %s: cannot write in %s: %w", rf.target, dir, unwrapPath(err))
		}
		return f, nil
	}
	return nil, fmt.Errorf("-o %s: cannot make a temporary file in %s", rf.target, dir)
}

// write writes the report through fill.
func (rf *reportFile) write(fill func(io.Writer) error) error {
	if rf.inPlace != nil {
		err := fill(rf.inPlace)
		if cerr := rf.inPlace.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write report %s: %w", rf.inPlace.Name(), unwrapPath(err))
		}
		return nil
	}
	tmp, err := rf.createTemp()
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	err = fill(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && rf.keep {
		err = os.Chmod(tmp.Name(), rf.mode)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), rf.target)
	}
	if err != nil {
		return fmt.Errorf("write report %s: %w", rf.target, unwrapPath(err))
	}
	return nil
}

// close releases a destination that will not be written after all.
func (rf *reportFile) close() {
	if rf != nil && rf.inPlace != nil {
		rf.inPlace.Close()
	}
}

// unwrapPath drops the path from an *fs.PathError: the message names it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
