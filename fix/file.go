package fix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/reporters"
)

// Why a file was left as it was.
var (
	ErrNotRegular    = errors.New("not a regular file (a symlink, device or folder is never replaced)")
	ErrChangedOnDisk = errors.New("changed on disk while it was being fixed; run fix again")
	ErrBrokenResult  = errors.New("the fixed notebook would not be valid JSON; left as it was")
)

// Outcome is what fixing one file did, or would do.
type Outcome struct {
	Path  string
	Edits []Edit
	// Fixed are the findings the edits take care of; Manual what is left
	// to a person — in the file as it is now, or, once Written, as it was
	// written.
	Fixed  []*findings.Finding
	Manual []Manual
	// Diff is a unified diff of the change, secrets redacted ("" when
	// nothing changes).
	Diff string
	// Written says the file was replaced; Backup names the copy kept.
	Written bool
	Backup  string
	Err     error
}

// BackupSuffix ends the name of the copy --backup keeps: PATH.hfscan-backup.
const BackupSuffix = ".hfscan-backup"

// Scanner scans the bytes of one file as if read at path.
type Scanner func(path string, data []byte) ([]findings.Finding, error)

// File fixes one file: it reads it, scans those bytes, plans the fix, and
// — when write is set and the file did not change meanwhile — replaces it
// atomically, keeping its mode; backup keeps a copy beside it first
// (PATH.hfscan-backup, never overwritten). Without write nothing is
// written: the outcome says what would change.
func File(path string, scan Scanner, opts Options, write, backup bool) Outcome {
	out := Outcome{Path: path}
	info, err := os.Lstat(path)
	if err != nil {
		out.Err = err
		return out
	}
	if !info.Mode().IsRegular() {
		out.Err = ErrNotRegular
		return out
	}
	before, err := os.ReadFile(path)
	if err != nil {
		out.Err = err
		return out
	}
	fs, err := scan(path, before)
	if err != nil {
		out.Err = err
		return out
	}
	out.Edits, out.Fixed, out.Manual = Plan(before, fs, opts)
	if len(out.Edits) == 0 {
		return out
	}
	fixed := Apply(before, out.Edits)
	if strings.EqualFold(filepath.Ext(path), ".ipynb") && json.Valid(before) && !json.Valid(fixed) {
		out.Err = ErrBrokenResult
		return out
	}
	// What is left is what a scan of the result still finds.
	after, err := scan(path, fixed)
	if err != nil {
		out.Err = err
		return out
	}
	out.Diff = redactedDiff(path, before, fs, fixed, after)
	if !write {
		return out
	}
	if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, before) {
		out.Err = ErrChangedOnDisk
		return out
	}
	if backup {
		out.Backup = path + BackupSuffix
		if err := writeNew(out.Backup, before, info.Mode().Perm()); err != nil {
			out.Err = fmt.Errorf("backup: %w", err)
			return out
		}
	}
	if err := replace(path, fixed, info); err != nil {
		out.Err = err
		return out
	}
	out.Written = true
	_, _, out.Manual = Plan(fixed, after, opts)
	return out
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// replace writes data to a temporary file beside path and renames it over
// path: a reader sees the old file or the new one, never half of one. The
// new file gets the old one's mode and, where possible, owner.
func replace(path string, data []byte, info os.FileInfo) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".hfscan-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(name, info.Mode().Perm()); err != nil {
		return err
	}
	keepOwner(name, info)
	return os.Rename(name, path)
}

// redactedDiff is the unified diff of a fix with every secret redacted
// on both sides: those the first scan found in before, those the second
// finds in after.
func redactedDiff(path string, before []byte, was []findings.Finding, after []byte, is []findings.Finding) string {
	a := Apply(before, redactions(before, was))
	b := Apply(after, redactions(after, is))
	diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(a)), B: difflib.SplitLines(string(b)),
		FromFile: reporters.TermPath("a/" + filepath.ToSlash(path)), ToFile: reporters.TermPath("b/" + filepath.ToSlash(path)), Context: 3,
	})
	return diff
}

// redactions are the edits that redact the secrets of fs in data.
func redactions(data []byte, fs []findings.Finding) []Edit {
	var out []Edit
	for i := range fs {
		if f := &fs[i]; f.Secret != "" && f.Offset >= 0 && f.Offset < f.EndOffset && f.EndOffset <= len(data) {
			out = append(out, Edit{Start: f.Offset, End: f.EndOffset, With: f.Rule.Redact(f.Secret), Finding: f})
		}
	}
	return merge(out, nil)
}

// merge is two sorted edit lists as one, without overlaps.
func merge(x, y []Edit) []Edit {
	all := append(append([]Edit(nil), x...), y...)
	sortEdits(all)
	kept := all[:0]
	for _, e := range all {
		if len(kept) > 0 && e.Start < kept[len(kept)-1].End {
			continue
		}
		kept = append(kept, e)
	}
	return kept
}
