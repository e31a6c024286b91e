// Package findings holds what a scan found, as data only: findings with
// their places in the file and in the notebook, where in git history they
// came from, and the files that were skipped, could not be read or earned
// a notice. The engine fills it, and reporters, baselines and every later
// stage read it; it knows nothing of how a scan is done or a report is
// written.
package findings

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hfscan/hfscan/rules"
)

// StdinPath is the path standard input is reported at.
const StdinPath = "-"

// Result is everything one run found, in a deterministic order.
type Result struct {
	Rules []*rules.Rule // the rules that ran, in table order
	// Table is every rule, enabled or not: reports redact what any secret
	// rule takes for a secret. Nil means Rules.
	Table    []*rules.Rule
	Findings []Finding
	Skipped  []Skipped
	Errors   []FileMessage
	Notices  []FileMessage
	Stats    Stats
	// Provenance is set by a history scan.
	Provenance *Provenance
}

// New returns an empty result whose lists are empty, never nil.
func New(ruleSet []*rules.Rule) *Result {
	return &Result{Rules: ruleSet, Findings: []Finding{}, Skipped: []Skipped{}, Errors: []FileMessage{}, Notices: []FileMessage{}}
}

// Finding is one match of one rule.
type Finding struct {
	Rule *rules.Rule
	Path string
	// Line and Column are 1-based, in the raw file; columns count code
	// points. EndColumn is the column just after the match.
	Line, Column, EndLine, EndColumn int
	// Offset and EndOffset are the match's byte span in the raw file, as
	// stored: what a fixer rewrites.
	Offset, EndOffset int
	// StringStart and StringEnd are, in a notebook, the raw byte span of
	// the body (between the quotes) of the JSON string the match starts
	// in; both 0 in other files.
	StringStart, StringEnd int
	Notebook               *NotebookPos // nil for plain files
	// Message is the rule's title, or a more precise one for this finding.
	Message string
	// Secret is the matched secret (or, for a practice rule, the flagged
	// literal) in full; empty when the finding is not about a literal.
	// Reporters print it only with --show-secrets, else as its rule
	// redacts it.
	Secret string
	// Redacted is the safe form of a secret known only so (read back from
	// a report); empty when Secret is known.
	Redacted string
	// Matched is the text at Offset:EndOffset as the rule read it (JSON
	// and other escapes decoded): the secret, a flagged literal or the
	// keyword a practice finding points at. It may hold a secret: it is
	// never printed.
	Matched string
	// Excerpt is the line holding the match (the cell's line in a
	// notebook), cut around it, with the secrets on it marked.
	Excerpt     Excerpt
	Fingerprint string
	// SecretID names the credential itself (SecretID of Secret), the same
	// wherever and however often it was found: reports group by it. Empty
	// for findings that are not about a credential.
	SecretID string
	// Blob is the git blob the finding was read from (--staged, --history).
	Blob string
	// Commit is set for findings in git history (--history).
	Commit *Commit
	// Verification is set for secret findings when --verify asked the
	// provider; nil otherwise.
	Verification *Verification
}

// Excerpt is a line cut around a finding. Its text holds secrets in full;
// Secrets marks them, so a report can show the line redacted.
type Excerpt struct {
	Text          string
	Before, After bool // the line goes on before / after Text
	// Secrets are the secrets and flagged literals that show in Text, by
	// start; a redaction shows each as its rule redacts Value.
	Secrets []ExcerptSecret
	// Redacted says Text was redacted already (read back from a report).
	Redacted bool
	// Match is the bytes of Text the finding covers (as far as Text
	// shows it).
	Match [2]int
	// Above and Below are up to three lines on each side of the match's
	// line in the same text (a cell's source, one output), nearest last
	// and first: the HTML report shows the cell around a finding.
	Above, Below []Excerpt
}

// ExcerptSecret is a secret or flagged literal in an excerpt.
type ExcerptSecret struct {
	Start, End int // the bytes of Text it covers
	Rule       *rules.Rule
	Value      string // the whole secret, which may run past Text
}

// NotebookPos places a finding inside a notebook.
type NotebookPos struct {
	Cell     int    // 1-based; 0 for notebook-level metadata
	CellType string // code, markdown, raw ("" for notebook metadata)
	Part     string // source, output, metadata, attachment
	Output   int    // 1-based output index, 0 when not in an output
	// Key is, for metadata, the JSON path of the string that holds the
	// match: metadata.widgets["application/vnd.jupyter.widget-state+json"].state.…,
	// cells[3].metadata.colab.… (indices from 0, as in the file).
	Key string
	// Line and Column within the text of that part (a cell's source, one
	// output); 1-based, code points.
	Line, Column int
}

// Commit says where a finding in history came from.
type Commit struct {
	SHA, Author, Email string
	Date               string // author date, ISO 8601
	// InHead is true when HEAD still holds the secret (or, for a finding
	// without one, the same blob at the same path).
	InHead bool
	// InHeadHistory is true when the commit is in HEAD's history: a
	// secret not in HEAD was then removed since; otherwise it only ever
	// lived on other refs (a branch, a tag, a stash).
	InHeadHistory bool
}

// Provenance is the repository a history scan read, for SARIF.
type Provenance struct {
	RepositoryURI string // the origin remote, else a file URI of the folder
	Revision      string // HEAD's commit, when there is one
	Branch        string
}

// SecretID is the stable name of a credential in reports: a hash, from
// which the credential cannot be read back (credentials are long and
// random), so the same token has the same id in every file, format and
// run.
func SecretID(secret string) string {
	sum := sha256.Sum256([]byte("hfscan secret id\x00" + secret))
	return hex.EncodeToString(sum[:8])
}

// IsEnvFile reports whether path is a .env file (.env, .env.local,
// prod.env): where secrets are meant to live, so never edited, and
// advised on differently.
func IsEnvFile(path string) bool {
	base := strings.ToLower(filepath.Base(path))
	return base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env")
}

// SkipReason is why a file was found but deliberately not scanned.
type SkipReason string

const (
	SkipBinary     SkipReason = "binary"
	SkipTooLarge   SkipReason = "too-large"
	SkipNotRegular SkipReason = "not-regular"
)

// Skipped is a file that was found but deliberately not scanned.
type Skipped struct {
	Path   string
	Reason SkipReason
	// Size is, for SkipTooLarge, what counted against the limit: the file's
	// size, or a notebook's less its base64 images (0 when not known).
	Size int64
}

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

// KeepVerified drops the verified secret findings whose state is not in
// keep (--results): a gate that should fail only on live secrets keeps
// Live (and Unknown). Findings without a verification — practice
// findings — stay.
func (r *Result) KeepVerified(keep map[VerifyStatus]bool) {
	kept := r.Findings[:0]
	for _, f := range r.Findings {
		if f.Verification == nil || keep[f.Verification.Status] {
			kept = append(kept, f)
		}
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

// Merge adds what another part of the scan found.
func (r *Result) Merge(o *Result) {
	r.Findings = append(r.Findings, o.Findings...)
	r.Skipped = append(r.Skipped, o.Skipped...)
	r.Errors = append(r.Errors, o.Errors...)
	r.Notices = append(r.Notices, o.Notices...)
	r.Stats.Files += o.Stats.Files
	r.Stats.Bytes += o.Stats.Bytes
	r.Stats.Notebooks += o.Stats.Notebooks
}

// Sort puts everything in the report's fixed order: findings by path,
// line, column and rule; messages and skipped files by path.
func (r *Result) Sort() {
	slices.SortFunc(r.Findings, func(a, b Finding) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), strings.Compare(a.Rule.ID, b.Rule.ID))
	})
	byPath := func(a, b FileMessage) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Message, b.Message))
	}
	slices.SortFunc(r.Errors, byPath)
	slices.SortFunc(r.Notices, byPath)
	slices.SortFunc(r.Skipped, func(a, b Skipped) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(string(a.Reason), string(b.Reason)))
	})
}

// VerifyStatus is what asking a secret's provider said about it.
type VerifyStatus string

const (
	// Live: the provider accepted the secret (2xx).
	Live VerifyStatus = "live"
	// Invalid: the provider refused it (401, or revoked by an
	// organization).
	Invalid VerifyStatus = "invalid"
	// Unknown: no answer that says either (rate limit, server error,
	// timeout, network failure, an unexpected answer); Reason says which.
	Unknown VerifyStatus = "unknown"
	// Unchecked: hfscan has no verifier for the secret's provider.
	Unchecked VerifyStatus = "unchecked"
)

// VerifyReason says why a secret is invalid or unknown.
type VerifyReason string

const (
	ReasonUnauthorized     VerifyReason = "unauthorized"      // 401
	ReasonRevokedByOrg     VerifyReason = "revoked-by-org"    // 403 saying so
	ReasonForbidden        VerifyReason = "forbidden"         // another 403
	ReasonRateLimited      VerifyReason = "rate-limited"      // 429, Retry-After too long or retries spent
	ReasonServerError      VerifyReason = "server-error"      // 5xx
	ReasonRedirect         VerifyReason = "redirect"          // 3xx: never followed with the secret
	ReasonUnexpectedStatus VerifyReason = "unexpected-status" // any other status
	ReasonBadResponse      VerifyReason = "bad-response"      // 2xx with a body that does not parse
	ReasonTimeout          VerifyReason = "timeout"
	ReasonNetwork          VerifyReason = "network" // DNS, TLS, connection
	ReasonNoVerifier       VerifyReason = "no-verifier"
)

// Verification is what --verify learned about a finding's secret. The
// owner's e-mail address is never part of it.
type Verification struct {
	Status VerifyStatus
	Reason VerifyReason // empty when live
	// Detail adds to Reason in words ("HTTP 503"); it never holds the secret.
	Detail string
	// Owner is the account the secret acts as; OwnerType "user" or "org".
	Owner, OwnerType string
	// TokenName and Role are the token's name and role as the provider
	// calls them (Hugging Face: read, write, fineGrained).
	TokenName, Role string
	// Scopes are a fine-grained token's permissions, per entity.
	Scopes []VerifyScope
	// Orgs are the organizations the owner belongs to, with their role.
	Orgs []VerifyOrg
	// CanWrite says the secret can change something (a write token, or a
	// fine-grained one with a write permission): worse than a read token.
	CanWrite bool
}

// VerifyScope is one entity a fine-grained token may act on, and how.
type VerifyScope struct {
	Entity      string // "global", "user:alice", "org:acme", "model:acme/bert"
	Permissions []string
}

// VerifyOrg is an organization the owner of a live token belongs to.
type VerifyOrg struct {
	Name, Role string
}
