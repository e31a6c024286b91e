package scanner

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/hfscan/hfscan/findings"

	"github.com/hfscan/hfscan/rules"
	codepkg "github.com/hfscan/hfscan/scanner/code"
)

// Options control one scan, whatever its source.
type Options struct {
	Rules []*rules.Rule
	// Table is every rule, enabled or not: the ids an ignore marker may
	// name; the result carries it for reports, which redact what any
	// secret rule takes for a secret. Nil means Rules.
	Table       []*rules.Rule
	Jobs        int   // workers; 0 means one per CPU
	MaxFileSize int64 // larger files are skipped; 0 means no limit
	Stdin       io.Reader
	// OnRead, when set, is told the size of every file read, from the
	// workers concurrently (the command sizes its memory limit with it).
	OnRead func(size int)
	// Now measures the run; nil means time.Now. Tests and reproducible
	// builds pass a fixed clock so reports are byte-identical.
	Now func() time.Time
	// Progress, when set, counts the work as it is done, for a progress
	// line on a terminal.
	Progress *Progress
	// NoPartCache reads every notebook part in full, even one already
	// seen clean in this scan (see partCache): for the tests that show
	// the cache changes no finding.
	NoPartCache bool
}

// Progress is how far a scan has got: files scanned, their bytes, the
// findings so far. The workers add to it as they go; anyone may read it.
type Progress struct {
	Files, Bytes, Findings atomic.Int64
}

func (p *Progress) add(o *fileOutcome) {
	if p != nil && o.scanned {
		p.Files.Add(1)
		p.Bytes.Add(o.bytes)
		p.Findings.Add(int64(len(o.findings)))
	}
}

// StdinPath is the PATH that means standard input.
const StdinPath = findings.StdinPath

// fileOutcome is what became of one path.
type fileOutcome struct {
	path     string
	skipped  findings.SkipReason
	size     int64 // for a too-large file, what counted against the limit
	err      error // why it could not be read; reported without the path it names
	notices  []string
	findings []findings.Finding
	scanned  bool
	notebook bool
	bytes    int64
}

// Scan scans what src sends and returns the findings in a fixed order,
// whatever the number of workers. Problems with single files are in
// Result.Errors; the rest is still scanned. When ctx is done the scan
// stops early, and an error says so.
func Scan(ctx context.Context, src Source, opts Options) *findings.Result {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	jobsN := opts.Jobs
	if jobsN <= 0 {
		jobsN = runtime.NumCPU()
	}
	// A walk sends paths, which cost nothing to queue: a deep queue lets the
	// walker run ahead instead of waking up for every file a worker takes.
	// History and staged jobs carry file contents, so their queue stays
	// short and memory stays bound by the workers.
	depth := 4096
	if _, ok := src.(contentSource); ok {
		depth = 4 * jobsN
	}
	jobs := make(chan job, depth)
	newResult := func() *findings.Result { return findings.New(opts.Rules) }
	res := newResult()
	res.Table = opts.Table
	// The source starts sending at once, on another core, while the
	// matcher is built: the walk's first folders cost the run nothing.
	sendCtx, stopSending := context.WithCancel(ctx)
	defer stopSending()
	sent := make(chan struct{})
	var reported sync.Mutex // a source may report from several goroutines (history's parallel reads)
	go func() {
		defer close(sent)
		src.send(&sink{ctx: sendCtx, jobs: jobs, report: func(o fileOutcome) {
			reported.Lock()
			addOutcome(res, o)
			reported.Unlock()
		}, maxSize: opts.MaxFileSize})
		close(jobs)
	}()
	m, err := newMatcher(opts.Rules)
	if err != nil {
		stopSending()
		for range jobs { // the source stops at its next job
		}
		<-sent
		res := findings.New(opts.Rules)
		res.Errors = append(res.Errors, findings.FileMessage{Path: ".", Message: err.Error()})
		return res
	}
	if opts.Table != nil {
		m.table = newRuleTable(opts.Table)
	}

	// Each worker adds to a result of its own, merged at the end: no
	// goroutine is woken for each file.
	results := make([]*findings.Result, jobsN)
	var parts *partCache
	if !opts.NoPartCache {
		parts = newPartCache()
	}
	var workers sync.WaitGroup
	for k := range jobsN {
		results[k] = newResult()
		workers.Add(1)
		go func() {
			defer workers.Done()
			fs := &fileScanner{m: m, maxSize: opts.MaxFileSize, stdin: opts.Stdin, onRead: opts.OnRead, parts: parts}
			defer fs.bufMem.release() // outside the heap: no collector frees it
			for j := range jobs {
				if ctx.Err() == nil {
					o := fs.scan(j)
					opts.Progress.add(&o)
					addOutcome(results[k], o)
				}
			}
		}()
	}
	<-sent
	workers.Wait()
	for _, r := range results {
		res.Merge(r)
	}
	res.Sort()
	if err := ctx.Err(); err != nil {
		res.Errors = append(res.Errors, findings.FileMessage{Path: ".", Message: "scan stopped before the end: " + err.Error()})
	} else if f, ok := src.(finisher); ok {
		f.finish(ctx, res)
	}
	res.Stats.Duration = now().Sub(start)
	return res
}

// addOutcome adds what became of one path to r.
func addOutcome(r *findings.Result, o fileOutcome) {
	if o.skipped != "" {
		r.Skipped = append(r.Skipped, findings.Skipped{Path: o.path, Reason: o.skipped, Size: o.size})
	}
	if o.err != nil {
		r.Errors = append(r.Errors, findings.FileMessage{Path: o.path, Message: errorMessage(o.err)})
	}
	for _, n := range o.notices {
		r.Notices = append(r.Notices, findings.FileMessage{Path: o.path, Message: n})
	}
	if o.scanned {
		r.Stats.Files++
		r.Stats.Bytes += o.bytes
		if o.notebook {
			r.Stats.Notebooks++
		}
	}
	r.Findings = append(r.Findings, o.findings...)
}

// fileScanner is one worker's state; buf is reused from file to file.
type fileScanner struct {
	m       *matcher
	maxSize int64
	stdin   io.Reader
	onRead  func(int)
	buf     []byte
	bufMem  bigMem // buf's memory, while buf is in it
	json    jsonTape
	nb      nbCollector
	code    codeCtx
	scratch Text // decoded notebook parts; cloned only when a rule matches
	batch   keywordBatch
	marks   []ruleBits   // keyword marks by notebook part
	utf     []byte       // a UTF-16 or UTF-32 file, decoded
	seams   []byte       // the joins between a part's strings
	parts   *partCache   // clean notebook parts, shared by the scan's workers; nil: none
	lookups []partLookup // by notebook part: what the cache said before the keyword search
}

const binarySniffLen = 8 << 10

// isBinary is git's test — a NUL byte in the first 8 KiB — applied after
// a leading run of NUL bytes: a log cut by logrotate's copytruncate while
// its writer kept its offset starts with a hole of NULs and is text after
// it. A file of nothing but NULs is binary.
func isBinary(data []byte) bool {
	lead := 0
	for lead < len(data) && data[lead] == 0 {
		lead++
	}
	if lead == len(data) {
		return lead > 0
	}
	rest := data[lead:]
	return bytes.IndexByte(rest[:min(len(rest), binarySniffLen)], 0) >= 0
}

// errNotRegular is a path that turned out, once open, not to be a regular
// file (a FIFO that replaced it after the walk).
var errNotRegular = errors.New(string(findings.SkipNotRegular))

func (fs *fileScanner) scan(j job) fileOutcome {
	out := fileOutcome{path: j.path}
	data, size, err := fs.read(j)
	switch {
	case errors.Is(err, errNotRegular):
		out.skipped = findings.SkipNotRegular
		return out
	case err != nil:
		out.err = err
		return out
	case data == nil:
		out.skipped, out.size = findings.SkipTooLarge, size
		return out
	}
	rawSize := int64(len(data))
	if enc := bomEncoding(data); enc != notUTF {
		// UTF-16 and UTF-32 are full of NUL bytes: decoded before the
		// binary test, and scanned as the text they are.
		fs.utf = toUTF8(fs.utf, data, enc)
		data = fs.utf
	}
	switch {
	case isBinary(data):
		out.skipped = findings.SkipBinary
		return out
	}
	if fs.onRead != nil {
		fs.onRead(len(data))
	}
	// The same bytes read the same way hold the same findings: a copy of a
	// file read clean before in this scan holds none.
	how := readingOf(j.path, j.stdin)
	if key, seen := fs.parts.fileSeen(data, how); !seen {
		var oversize int64
		out.findings, out.notices, oversize = fs.scanData(j.path, cmp.Or(j.key, j.path), data, j.stdin)
		if oversize > 0 {
			out.skipped, out.size, out.notices = findings.SkipTooLarge, oversize, nil
			return out
		}
		if len(out.findings) == 0 && len(out.notices) == 0 {
			fs.parts.addFile(data, how, key)
		}
	}
	out.scanned, out.bytes = true, rawSize
	out.notebook = isNotebookPath(j.path)
	for i := range out.findings {
		out.findings[i].Blob = j.blob
	}
	return out
}

// readingOf is how a file's name (and, for standard input, its content)
// says to read it, for the content cache: as a notebook, as which code,
// with which comments. Everything else a scan does with a file depends on
// its bytes alone.
func readingOf(path string, sniff bool) uint32 {
	var how uint32
	if isNotebookPath(path) {
		how |= 1
	}
	if sniff {
		how |= 2
	}
	how |= uint32(codeKindOfPath(path))<<2 | uint32(commentStyleOfPath(path))<<5
	return how << 9 // above fileHow
}

func isNotebookPath(p string) bool {
	const ext = ".ipynb"
	return len(p) >= len(ext) && strings.EqualFold(p[len(p)-len(ext):], ext)
}

// notebookReadFactor is how much larger than --max-file-size a notebook
// may be on disk and still be read: its base64 images do not count
// against the limit, and only a parse tells how much of it they are.
const notebookReadFactor = 8

// readLimit is the most bytes read of a file at path: the size limit, or
// for a notebook notebookReadFactor times it. 0 means no limit.
func readLimit(path string, maxSize int64) int64 {
	if maxSize > 0 && isNotebookPath(path) {
		return maxSize * notebookReadFactor
	}
	return maxSize
}

// scanData matches the rules against one file's bytes. key is the path
// fingerprints are made of (see job.key). sniff lets content that looks
// like a notebook be parsed as one whatever its name (stdin).
// oversize, when not 0, says the file holds more to scan than the size
// limit (a notebook: less its base64 images), and nothing was matched.
func (fs *fileScanner) scanData(path, key string, data []byte, sniff bool) (found []findings.Finding, notices []string, oversize int64) {
	var texts []scannedText
	if isNotebookPath(path) || sniff && looksLikeNotebook(data) {
		var nbNotice string
		texts, nbNotice, oversize = fs.notebookTexts(data)
		if oversize > 0 {
			return nil, nil, oversize
		}
		if isNotebookPath(path) && nbNotice != "" {
			notices = append(notices, nbNotice)
		}
	}
	if texts == nil {
		if fs.maxSize > 0 && int64(len(data)) > fs.maxSize {
			return nil, nil, int64(len(data))
		}
		kind := codeKindOfPath(path)
		t := rawText(data)
		if bytes.IndexByte(data, 0x1b) >= 0 {
			// Terminal colour codes (a saved log, captured output) are
			// read past, as in notebook outputs: "\x1b[32mhf_…" is a
			// token even though "m" touches it.
			t = t.stripANSI()
		}
		var ms []textMatch
		set := fs.m.newSet()
		hits, found := fs.m.candidates(t.Data, kind != notCode, set)
		if found {
			ms = fs.m.match(t, set)
			if kind != notCode {
				ms = append(ms, fs.m.practice(t, kind, set, hits, ms, &fs.code)...)
			}
		}
		texts = []scannedText{{text: t, matches: ms, comments: commentStyleOfPath(path)}}
		if v := fs.escapeView(&texts[0]); v != nil {
			texts = append(texts, *v)
		}
		if (kind == pythonCode || kind == cellCode) && fs.m.secretHit(hits) {
			mode := codepkg.PythonFile
			if kind == cellCode {
				mode = codepkg.Cell
			}
			views := fs.foldedViews(&texts[0], mode)
			texts[0].matches = withoutPracticeOver(texts[0].matches, views)
			texts = append(texts, views...)
		}
	}
	found, unknown := findingsOf(path, key, data, texts, fs.m.table)
	for _, id := range unknown {
		notices = append(notices, fmt.Sprintf("%s[%s] names no rule; see hfscan --list-rules", ignoreMarker, id))
	}
	return found, notices, 0
}

// read loads a whole file into the worker's buffer. A file on disk is
// opened without blocking and checked again once open (openFile), so a
// FIFO that replaced a file after the walk is never read. A file over its
// read limit is not read: data is nil and size is its size.
func (fs *fileScanner) read(j job) (data []byte, size int64, err error) {
	if j.content != nil {
		return j.content, 0, nil
	}
	limit := readLimit(j.path, fs.maxSize)
	var r io.Reader
	want := -1 // bytes the file holds, when known: no extra read for EOF
	if j.stdin {
		r = fs.stdin
		if r == nil {
			r = os.Stdin
		}
	} else {
		f, size, regular, err := openFile(j.osPath)
		if err != nil {
			return nil, 0, err
		}
		defer f.Close()
		if !regular {
			return nil, 0, errNotRegular
		}
		if limit > 0 && size > limit {
			return nil, size, nil
		}
		// Sized once for most notebooks: pages the buffer does not
		// use are never touched, while each doubling was a copy into
		// fresh pages. Small files (a pre-commit run) are read into
		// 256 KiB of the heap; the first larger one moves the buffer to
		// 4 MiB or more of huge pages (bigMem).
		if need := int(size) + 512; cap(fs.buf) < need {
			n := max(need, 2*cap(fs.buf), smallReadBuf)
			if n > smallReadBuf {
				n = max(n, 4<<20)
			}
			fs.buf = fs.bufMem.bytes(n)
		}
		want = int(size)
		r = f
	}
	buf := fs.buf[:cap(fs.buf)]
	n := 0
	for {
		if n == len(buf) {
			if limit > 0 && int64(n) > limit {
				return nil, int64(n), nil
			}
			buf = append(buf, make([]byte, max(len(buf), 64<<10))...)
			buf = buf[:cap(buf)]
		}
		k, err := r.Read(buf[n:])
		n += k
		if err == io.EOF || want > 0 && n >= want {
			break
		}
		if err != nil {
			return nil, 0, err
		}
	}
	fs.buf = buf
	if limit > 0 && int64(n) > limit {
		return nil, int64(n), nil
	}
	return buf[:n], 0, nil
}

// smallReadBuf is a worker's first read buffer, for files that fit it.
const smallReadBuf = 256 << 10

func looksLikeNotebook(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && bytes.Contains(data, []byte(`"nbformat"`))
}

// scannedText is one text and what the rules found in it.
type scannedText struct {
	text    *Text
	nb      *findings.NotebookPos // nil for a plain file
	escaped bool                  // text is decoded JSON: raw ends must step over escapes
	matches []textMatch
	// comments is how the text writes comments, where an ignore marker
	// counts; noComments for outputs, markdown and metadata.
	comments commentStyle
	// strings are, in a notebook, the raw spans of the JSON string bodies
	// the text was decoded from, in order.
	strings [][2]int
	// folded marks a view of a constant string expression: its pieces sit
	// apart in the parent, so a match's end is found from its last byte.
	folded bool
	// parent is set for an escape view (Text.unescaped): text's anchors
	// then lead to offsets in parent, whose own lead to the file, and
	// positions in the cell, comments and ignore markers are parent's.
	parent *Text
}

// matchKey is a match by rule and place in its text.
type matchKey struct {
	rule  *rules.Rule
	start int
}

// matchedAt is what a text's own matches found: a view of the text (its
// escapes decoded, its split literals joined) reports only the rest.
func matchedAt(ms []textMatch) map[matchKey]bool {
	had := make(map[matchKey]bool, len(ms))
	for _, m := range ms {
		had[matchKey{m.rule, m.Start}] = true
	}
	return had
}

// escapeView matches the secret rules once more in st's text with its
// escapes decoded, where a token after "\u0027" or "%3D", or spelled
// "\u0068f_…", stands whole. Matches st already has at the same place are
// not repeated. It returns nil when there is nothing new.
func (fs *fileScanner) escapeView(st *scannedText) *scannedText {
	v := st.text.unescaped()
	if v == nil {
		return nil
	}
	set := fs.m.newSet()
	if _, found := fs.m.candidates(v.Data, false, set); !found {
		return nil
	}
	had := matchedAt(st.matches)
	var ms []textMatch
	for _, m := range fs.m.match(v, set) {
		if !had[matchKey{m.rule, v.Raw(m.Start)}] {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return nil
	}
	return &scannedText{text: v, parent: st.text, nb: st.nb, escaped: st.escaped, matches: ms, comments: st.comments, strings: st.strings}
}

// notebookTexts parses data as a notebook and matches every part whose raw
// strings hold a keyword. On a file that is not a notebook it returns nil
// and a notice saying why.
func (fs *fileScanner) notebookTexts(data []byte) ([]scannedText, string, int64) {
	err := fs.json.parse(data)
	var parts []nbPart
	if err == nil {
		parts, err = fs.nb.collect(&fs.json)
	}
	if err != nil {
		return nil, fmt.Sprintf("not a valid notebook (%v); scanned as plain text", err), 0
	}
	if scanned := int64(len(data)) - fs.nb.binaryBytes; fs.maxSize > 0 && scanned > fs.maxSize {
		return nil, "", scanned
	}
	texts := []scannedText{}
	python := notebookIsPython(&fs.json)
	pset := fs.m.newSet()
	marks := fs.partMarks(data, parts, python)
	for i := range parts {
		p := &parts[i]
		code := python && fs.nb.isCode(p.pos)
		key, keyed := fs.lookups[i].key, fs.lookups[i].state
		if keyed == partSeenClean {
			continue // read clean before, in this scan: it holds nothing here
		}
		var t *Text
		mark := marks[i]
		if p.base64 {
			// Its raw bytes are base64: keywords are sought once decoded.
			if t = p.text(&fs.json, &fs.scratch); t == nil {
				continue
			}
			mark = fs.m.keywords.scan(t.Data)
		}
		if !mark.any() || !fs.m.mark(mark, code, pset) {
			if keyed == partKeyed {
				fs.parts.add(key) // no rule can match it
			}
			continue
		}
		// A part read clean before, in this scan, holds nothing here.
		if fs.parts != nil && keyed == partNotKeyed {
			key = fs.partKey(p, p.raw(&fs.json), python)
			if fs.parts.seen(key) {
				continue
			}
		}
		if t == nil {
			t = p.text(&fs.json, &fs.scratch)
		}
		ms := fs.m.match(t, pset)
		if code {
			ms = append(ms, fs.m.practice(t, cellCode, pset, marks[i], ms, &fs.code)...)
		}
		pos := fs.nb.notebookPos(p.pos)
		style := noComments
		if fs.nb.isCode(p.pos) {
			style = cellComments
			if !python {
				style = hashComments // R, Julia, shell kernels
			}
		}
		st := scannedText{text: t, nb: &pos, escaped: true, matches: ms, comments: style}
		v := fs.escapeView(&st)
		if (len(ms) > 0 || v != nil) && p.pos.part == partMetadata {
			pos.Key = fs.json.path(p.first) // where in the metadata, for a person
		}
		if len(ms) > 0 || v != nil {
			st.text = t.clone()
			for _, tok := range fs.json.toks[p.first:p.last] {
				st.strings = append(st.strings, [2]int{int(tok.start), int(tok.end)})
			}
			texts = append(texts, st)
		}
		if v != nil {
			v.parent, v.strings = st.text, st.strings
			texts = append(texts, *v)
		}
		if code && fs.m.secretHit(mark) {
			if len(ms) == 0 && v == nil {
				st.text = t.clone() // the parent of the views
				for _, tok := range fs.json.toks[p.first:p.last] {
					st.strings = append(st.strings, [2]int{int(tok.start), int(tok.end)})
				}
			}
			views := fs.foldedViews(&st, codepkg.Cell)
			for k := len(texts) - 1; k >= 0 && len(views) > 0; k-- {
				if texts[k].text == st.text && texts[k].parent == nil { // the cell's own matches
					texts[k].matches = withoutPracticeOver(texts[k].matches, views)
					break
				}
			}
			texts = append(texts, views...)
			if len(views) > 0 {
				continue // not clean
			}
		}
		if len(ms) == 0 && v == nil {
			fs.parts.add(key)
		}
	}
	return texts, "", 0
}

// partMarks returns the keyword marks of each part's raw bytes, from its
// first string to its last: the quotes, commas and indents between a
// cell's lines cost less than a walk per line, and no keyword holds a
// quote. Parts are walked in batches; one too long for a batch alone.
// A part of minCachedPart bytes or more is first looked up in the scan's
// part cache (fs.lookups says what came of it): one read clean before is
// not walked at all.
func (fs *fileScanner) partMarks(data []byte, parts []nbPart, python bool) []ruleBits {
	kw := fs.m.keywords
	fs.marks = slices.Grow(fs.marks[:0], len(parts))[:len(parts)]
	clear(fs.marks)
	fs.lookups = slices.Grow(fs.lookups[:0], len(parts))[:len(parts)]
	clear(fs.lookups)
	for i := range parts {
		p := &parts[i]
		span := p.raw(&fs.json)
		if fs.parts != nil && len(span) >= minCachedPart {
			l := &fs.lookups[i]
			l.key, l.state = fs.partKey(p, span, python), partKeyed
			if fs.parts.seen(l.key) {
				l.state = partSeenClean
				continue
			}
		}
		if len(span) >= maxBatch/2 {
			fs.marks[i] = kw.scan(span)
			continue
		}
		fs.batch.add(kw, span, i, fs.marks)
	}
	fs.batch.flush(kw, fs.marks)
	// Jupyter joins a cell's list of strings with nothing between them, so
	// a keyword may start in one string and end in the next, where the raw
	// bytes hold `", "` in its middle: the seams are walked on their own.
	for i := range parts {
		if p := &parts[i]; p.seams && !p.lines && fs.lookups[i].state != partSeenClean {
			fs.marks[i].or(fs.seamMarks(data, p))
		}
	}
	return fs.marks
}

// partKey is the part cache's key of part p, whose raw bytes are raw.
func (fs *fileScanner) partKey(p *nbPart, raw []byte, python bool) partKey {
	return fs.parts.key(raw, p.how(python, fs.nb.isCode(p.pos)))
}

// partLookup is what the part cache said of a part before its keyword
// search, and the key it was asked with.
type partLookup struct {
	key   partKey
	state partKeyState
}

// partKeyState is the outcome of a partLookup.
type partKeyState uint8

const (
	partNotKeyed  partKeyState = iota // too short to look up first
	partKeyed                         // looked up with key; not seen before
	partSeenClean                     // read clean before, in this scan
)

// seamMarks returns the keyword marks of the joins between a part's
// strings: the end of each string and the start of the next, back to back,
// as long as a keyword less one byte on each side.
func (fs *fileScanner) seamMarks(data []byte, p *nbPart) ruleBits {
	toks, kw := fs.json.toks, fs.m.keywords
	k := int32(kw.maxLen - 1)
	if k <= 0 {
		return ruleBits{}
	}
	buf := fs.seams[:0]
	for s := p.first; s+1 < p.last; s++ {
		a, b := toks[s], toks[s+1]
		if endsInNewline(data[a.start:a.end]) {
			continue // Jupyter's lines: no keyword runs across a newline
		}
		buf = append(buf, data[max(a.start, a.end-k):a.end]...)
		buf = append(buf, data[b.start:min(b.end, b.start+k)]...)
		buf = append(buf, 0) // no keyword holds a NUL
	}
	fs.seams = buf
	if len(buf) == 0 {
		return ruleBits{}
	}
	return kw.scan(buf)
}

// endsInNewline reports whether a raw JSON string body ends with the
// escape \n (not an escaped backslash followed by n).
func endsInNewline(body []byte) bool {
	n := len(body)
	if n < 2 || body[n-1] != 'n' {
		return false
	}
	slashes := 0
	for i := n - 2; i >= 0 && body[i] == '\\'; i-- {
		slashes++
	}
	return slashes%2 == 1
}

// findingsOf turns matches into findings with raw-file positions, snippets
// and fingerprints, marking those an ignore comment silences; unknown are
// the rule ids that ignore comments name but no rule has. Its work is
// linear in the text plus the findings: a file of a hundred thousand
// findings on one line costs no more per finding than one.
// hit is a finding on its way out, with what only the engine needs.
type hit struct {
	findings.Finding
	ignored bool // an hfscan:ignore comment on its line covers it
}

func findingsOf(path, key string, data []byte, texts []scannedText, table *ruleTable) (found []findings.Finding, unknown []string) {
	var out []hit
	var raw *columns
	for _, st := range texts {
		if len(st.matches) == 0 {
			continue
		}
		if raw == nil {
			raw = newColumns(data)
		}
		slices.SortFunc(st.matches, func(a, b textMatch) int { return cmp.Compare(a.Start, b.Start) })
		columnsOf := func(t *Text) *columns {
			if len(t.Data) == len(data) && &t.Data[0] == &data[0] {
				return raw
			}
			return newColumns(t.Data)
		}
		// base is the text positions in the cell and comments belong to:
		// the text itself, or the one an escape view was made of.
		base, toBase := st.text, func(off int) int { return off }
		if st.parent != nil {
			base, toBase = st.parent, st.text.Raw
		}
		text := columnsOf(st.text)
		baseCols := text // the lines of the text itself, unless it is a view of another
		if st.parent != nil {
			baseCols = columnsOf(base)
		}
		lits := newLitIndex(st.matches)
		var marks map[int][]ignoreMark // by the offset of their line
		if st.comments != noComments && bytes.Contains(base.Data, []byte(ignoreMarker)) {
			marks = map[int][]ignoreMark{}
			all := ignoreMarks(base.Data, st.comments)
			for _, m := range all {
				marks[m.line] = append(marks[m.line], m)
			}
			for _, id := range table.unknownIDs(all) {
				if !slices.Contains(unknown, id) {
					unknown = append(unknown, id)
				}
			}
		}
		for _, mt := range st.matches {
			start, end := toBase(mt.Start), toBase(mt.End)
			if st.folded && mt.End > mt.Start {
				end = toBase(mt.End-1) + 1
			}
			rawStart := base.Raw(start)
			rawEnd := rawStart
			if st.escaped {
				rawEnd = rawEndOf(base, data, start, end)
			} else if end > start {
				rawEnd = base.Raw(end-1) + 1
			}
			f := hit{Finding: findings.Finding{
				Rule:      mt.rule,
				Path:      path,
				Offset:    rawStart,
				EndOffset: rawEnd,
				Message:   cmp.Or(mt.message, mt.rule.Title),
				Secret:    mt.Secret,
				Excerpt:   excerpt(text, lits, mt.Match),
				Matched:   string(st.text.Data[mt.Start:mt.End]),
			}}
			if st.folded {
				// The line as written, the expression from its first
				// literal to its last character marked as the secret.
				span := textMatch{rule: mt.rule, Match: rules.Match{Start: start, End: end}, litStart: start, litEnd: end}
				f.Excerpt = excerpt(baseCols, newLitIndex([]textMatch{span}), span.Match)
			}
			for _, m := range marks[baseCols.lineStart(start)] {
				f.ignored = f.ignored || m.silences(mt.rule.ID)
			}
			if k, _ := slices.BinarySearchFunc(st.strings, rawStart, func(s [2]int, off int) int { return cmp.Compare(s[1], off) }); k < len(st.strings) {
				f.StringStart, f.StringEnd = st.strings[k][0], st.strings[k][1]
			}
			f.Line, f.Column = raw.at(rawStart)
			f.EndLine, f.EndColumn = raw.at(rawEnd)
			if st.nb != nil {
				pos := *st.nb
				pos.Line, pos.Column = baseCols.at(start)
				f.Notebook = &pos
			}
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), strings.Compare(a.Rule.ID, b.Rule.ID))
	})
	seen := map[string]int{}
	for i := range out {
		f := &out[i]
		n := f.Rule.ID + "\x00" + f.Matched
		f.Fingerprint = fingerprint(f.Rule.ID, key, f.Matched, seen[n])
		seen[n]++
		if f.Secret != "" && f.Rule.IsCredential() {
			f.SecretID = findings.SecretID(f.Secret)
		}
	}
	// Silenced findings go only now: they still count in the numbering
	// of repeats, so silencing one does not change the others'
	// fingerprints.
	for _, f := range out {
		if !f.ignored {
			found = append(found, f.Finding)
		}
	}
	return found, unknown
}

// rawEndOf is the raw offset just after the last character of a match in
// decoded text, stepping over that character's escape if it had one.
func rawEndOf(t *Text, data []byte, start, end int) int {
	_, size := utf8.DecodeLastRune(t.Data[start:end])
	r := t.Raw(end - size)
	if r >= len(data) {
		return len(data)
	}
	if data[r] == '\\' {
		_, n := decodeEscape(data[r:])
		return r + n
	}
	if data[r] == '%' && r+2 < len(data) && unhex(data[r+1]) >= 0 && unhex(data[r+2]) >= 0 {
		return r + 3
	}
	_, n := utf8.DecodeRune(data[r:])
	return r + n
}

// fingerprint identifies a finding across runs without its position, so a
// baseline survives lines moving and cells being reordered; n tells apart
// repeats of the same secret in one file. It is a hash: the secret cannot
// be read back from it.
func fingerprint(ruleID, path, secret string, n int) string {
	sum := sha256.Sum256([]byte(ruleID + "\x00" + path + "\x00" + secret + "\x00" + strconv.Itoa(n)))
	return hex.EncodeToString(sum[:16])
}

// snippetContext is how many bytes of the line are kept on each side of a
// match, so a minified one-line file does not print megabytes.
const snippetContext = 60

// litIndex holds a text's redactable spans (secrets and flagged literals)
// by start, with the running maximum of their ends, so the few near a
// finding are found without walking them all.
type litIndex struct {
	spans  []textMatch
	maxEnd []int
}

func newLitIndex(matches []textMatch) litIndex {
	var x litIndex
	for _, m := range matches {
		if m.litStart >= 0 {
			x.spans = append(x.spans, m)
		}
	}
	slices.SortFunc(x.spans, func(a, b textMatch) int { return cmp.Compare(a.litStart, b.litStart) })
	end := 0
	for _, m := range x.spans {
		end = max(end, m.litEnd)
		x.maxEnd = append(x.maxEnd, end)
	}
	return x
}

// overlapping returns the spans that reach into [lo, hi), by start.
func (x litIndex) overlapping(lo, hi int) []textMatch {
	k, _ := slices.BinarySearchFunc(x.spans, hi, func(m textMatch, hi int) int { return cmp.Compare(m.litStart, hi) })
	j := k
	for j > 0 && x.maxEnd[j-1] > lo {
		j--
	}
	var out []textMatch
	for _, m := range x.spans[j:k] {
		if m.litEnd > lo {
			out = append(out, m)
		}
	}
	return out
}

// excerpt is the line of text holding m, cut around it, never through a
// secret, with the secrets and flagged literals on it marked for the
// reports to redact; and the contextLines lines above and below it, cut
// the same way from their start.
func excerpt(text *columns, lits litIndex, m rules.Match) findings.Excerpt {
	li := text.line(m.Start)
	e, from := excerptOf(text, lits, li, m.Start-snippetContext, max(m.End, m.Start)+snippetContext)
	e.Match = [2]int{min(max(m.Start-from, 0), len(e.Text)), min(max(m.End-from, 0), len(e.Text))}
	for k := max(0, li-contextLines); k < li; k++ {
		e.Above = append(e.Above, contextLine(text, lits, k))
	}
	for k := li + 1; k < li+1+contextLines && text.hasLine(k); k++ {
		if text.startOf(k) == len(text.b) {
			break // the empty "line" after a final line break
		}
		e.Below = append(e.Below, contextLine(text, lits, k))
	}
	return e
}

// contextLines is how many lines of the same text an excerpt keeps on
// each side of the match's line: a notebook's cell around a finding, for
// the HTML report.
const contextLines = 3

// contextLine is line li of text, from its start, as long as a snippet.
func contextLine(text *columns, lits litIndex, li int) findings.Excerpt {
	start := text.startOf(li)
	e, _ := excerptOf(text, lits, li, start, start+2*snippetContext)
	return e
}

// excerptOf is line li of text cut to [ws, we) (clamped to the line,
// widened so no secret is cut, on rune boundaries), its secrets marked,
// and where in text the cut starts.
func excerptOf(text *columns, lits litIndex, li, ws, we int) (findings.Excerpt, int) {
	b := text.b
	lineStart, lineEnd := text.startOf(li), len(b)
	if text.hasLine(li + 1) {
		lineEnd = text.startOf(li + 1)
	}
	for lineEnd > lineStart && (b[lineEnd-1] == '\n' || b[lineEnd-1] == '\r') {
		lineEnd--
	}
	ws, we = max(lineStart, ws), max(min(lineEnd, we), lineStart)
	for _, o := range lits.overlapping(ws, we) { // never cut through a secret
		if o.litStart < ws {
			ws = max(o.litStart, lineStart)
		}
		if o.litEnd > we {
			we = min(o.litEnd, lineEnd)
		}
	}
	for ws > lineStart && !utf8.RuneStart(b[ws]) {
		ws--
	}
	for we < lineEnd && !utf8.RuneStart(b[we]) {
		we++
	}
	e := findings.Excerpt{Text: string(b[ws:we]), Before: ws > lineStart, After: we < lineEnd}
	for _, o := range lits.overlapping(ws, we) {
		e.Secrets = append(e.Secrets, findings.ExcerptSecret{Start: max(o.litStart, ws) - ws, End: min(o.litEnd, we) - ws,
			Rule: o.rule, Value: string(b[o.litStart:o.litEnd])})
	}
	return e, ws
}
