package scanner

import (
	"time"

	"github.com/hfscan/hfscan/rules"
)

// Result is everything one run found, in a deterministic order.
type Result struct {
	Rules    []*rules.Rule // the rules that ran, in table order
	Findings []Finding
	Skipped  []Skipped
	Errors   []FileMessage
	Notices  []FileMessage
	Stats    Stats
	// Provenance is set by a history scan.
	Provenance *Provenance
}

// Finding is one match of one rule.
type Finding struct {
	Rule *rules.Rule
	Path string
	// Line and Column are 1-based, in the raw file; columns count code
	// points. EndColumn is the column just after the match.
	Line, Column, EndLine, EndColumn int
	Notebook                         *NotebookPos // nil for plain files
	// Message is the rule's title, or a more precise one for this finding.
	Message string
	// Secret is the matched secret (or, for a practice rule, the flagged
	// literal) in full; empty when the finding is not about a literal.
	// Reporters print it only with --show-secrets; Redacted is the safe form.
	Secret   string
	Redacted string
	// Snippet is the line holding the match (the cell line for notebooks),
	// shortened around the match, with every secret on it redacted.
	Snippet string
	// SnippetFull is the same line with the secrets left in, for
	// --show-secrets.
	SnippetFull string
	Fingerprint string
	// Commit is set for findings in git history (--history).
	Commit *Commit

	matched string // the text at the finding, for its fingerprint
	ignored bool   // an hfscan:ignore comment on its line covers it
	blob    string // the git blob it was found in
}

// NotebookPos places a finding inside a notebook.
type NotebookPos struct {
	Cell     int    // 1-based; 0 for notebook-level metadata
	CellType string // code, markdown, raw ("" for notebook metadata)
	Part     string // source, output, metadata, attachment
	Output   int    // 1-based output index, 0 when not in an output
	// Line and Column within the text of that part (a cell's source, one
	// output); 1-based, code points.
	Line, Column int
}

// Skipped is a file that was found but deliberately not scanned.
type Skipped struct {
	Path   string
	Reason string // SkipBinary, SkipTooLarge, SkipNotRegular
	// Size is, for SkipTooLarge, what counted against the limit: the file's
	// size, or a notebook's less its base64 images (0 when not known).
	Size int64
}

// Why a file was not scanned.
const (
	SkipBinary     = "binary"
	SkipTooLarge   = "too-large"
	SkipNotRegular = "not-regular"
)

// FileMessage is an error or notice about one path.
type FileMessage struct {
	Path    string
	Message string
}

// Stats counts what was read.
type Stats struct {
	Files     int // files scanned
	Notebooks int // of those, .ipynb files
	Bytes     int64
	Duration  time.Duration
	// Baselined counts findings dropped because the baseline holds them.
	Baselined int
}

// ApplyBaseline drops the findings whose fingerprint is in known and
// counts them as baselined.
func (r *Result) ApplyBaseline(known map[string]bool) {
	kept := r.Findings[:0]
	for _, f := range r.Findings {
		if known[f.Fingerprint] {
			r.Stats.Baselined++
			continue
		}
		kept = append(kept, f)
	}
	r.Findings = kept
}

// Count returns how many findings there are at each level.
func (r *Result) Count() map[rules.Level]int {
	n := map[rules.Level]int{}
	for _, f := range r.Findings {
		n[f.Rule.Level]++
	}
	return n
}
