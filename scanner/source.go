package scanner

import (
	"context"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/scanner/ignore"
)

// Source is where a scan's files come from. A source sends each file to
// the scan — its path and its bytes or a way to read them, and for git its
// blob — and reports what it skips or cannot read; the engine reads,
// matches and reports. The work tree with named files and standard input
// (Paths), the git index (Staged) and git history (History) are sources;
// a new one (a remote repository, an archive) is a new type in this file's
// manner, and no change to the engine.
type Source interface {
	send(s *sink)
}

// finisher is a source with work to do on the finished result (history
// names the commit of each finding); it reports its own errors in r.
type finisher interface {
	finish(ctx context.Context, r *findings.Result)
}

// contentSource is a source whose jobs carry file contents (read from
// git): its queue stays short, so memory stays bound by the workers.
type contentSource interface {
	carriesContents()
}

// sink is what a source sends to: the engine's job queue and result.
type sink struct {
	ctx     context.Context
	jobs    chan<- job
	report  func(fileOutcome) // skipped files, errors and notices
	maxSize int64             // --max-file-size, for sources that can skip before reading
}

// send queues a job; false when the scan was stopped.
func (s *sink) send(j job) bool {
	select {
	case s.jobs <- j:
		return true
	case <-s.ctx.Done():
		return false
	}
}

// stopped reports whether the scan was stopped (interrupt, deadline).
func (s *sink) stopped() bool { return s.ctx.Err() != nil }

// Paths is the work tree: every file below each directory PATH, each file
// PATH itself, and standard input for "-".
type Paths struct {
	Paths       []string
	Exclude     []string // gitignore-syntax patterns, relative to each PATH
	NoGitignore bool
	// StdinName, when set, is the path standard input is reported and
	// read as (its extension decides notebook or code), in place of "-".
	StdinName string
}

func (p *Paths) send(s *sink) {
	w := newWalker(s, p.Exclude, p.NoGitignore)
	for _, path := range p.Paths {
		if s.stopped() {
			return
		}
		if path == StdinPath {
			name := p.StdinName
			if name == "" {
				name = StdinPath
			}
			s.send(job{path: name, stdin: true})
			continue
		}
		w.walk(path)
	}
}

// Contents is one file's bytes, scanned as if read at Path (its name
// decides notebook or code): hfscan fix scans the bytes it read, and the
// bytes it is about to write, this way.
type Contents struct {
	Path string
	Data []byte
}

func (c *Contents) carriesContents() {}

func (c *Contents) send(s *sink) {
	s.send(job{path: c.Path, osPath: c.Path, content: c.Data})
}

// Staged is the git index: the staged version of every staged file under
// the PATHs (default: the current folder), for a plain git hook.
type Staged struct {
	Paths       []string
	Exclude     []string
	NoGitignore bool
}

func (st *Staged) carriesContents() {}

func (st *Staged) send(s *sink) {
	paths := st.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	newWalker(s, st.Exclude, st.NoGitignore).staged(paths)
}

// History is git history: every blob reachable from Revs (rev-list
// arguments: --all, A..B, --all ^REV) in the repository holding Repo, each
// read once whatever the number of commits holding it. Its findings name
// the commit that brought them.
type History struct {
	Repo    string // a folder inside the repository
	Revs    []string
	Exclude []string

	index *historyIndex // what send learnt, for finish
}

func (h *History) carriesContents() {}

func (h *History) send(s *sink) {
	h.index = newWalker(s, h.Exclude, true).history(h)
}

func (h *History) finish(_ context.Context, r *findings.Result) {
	r.Provenance = provenance(h)
	if err := attributeHistory(h, r, h.index); err != nil {
		r.Errors = append(r.Errors, findings.FileMessage{Path: displayPath(h.Repo), Message: err.Error()})
		r.Sort()
	}
}

func newWalker(s *sink, exclude []string, noGitignore bool) *walker {
	w := &walker{sink: s, noGitignore: noGitignore}
	if len(exclude) > 0 {
		w.exclude = ignore.FromLines(exclude, "")
	}
	return w
}
