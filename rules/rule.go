// Package rules holds hfscan's rule table: what each rule looks for, how it
// is reported, and the samples that prove it finds what it should and
// nothing else.
package rules

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Level is how serious a finding is. The order matters: a higher level is
// worse, so --fail-on compares levels numerically.
type Level int

const (
	Note Level = iota + 1
	Warning
	Error
)

func (l Level) String() string {
	switch l {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("level(%d)", int(l))
}

// ParseLevel reads a level name as written on the command line.
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(s) {
	case "note":
		return Note, nil
	case "warning":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("unknown level %q (want error, warning or note)", s)
}

// Kind says how a rule matches.
type Kind int

const (
	// Secret rules match a credential's own format in any text.
	Secret Kind = iota
	// Practice rules match insecure code (Python, shell, IPython lines)
	// read as tokens; they never run on prose, markdown or outputs.
	Practice
)

func (k Kind) String() string {
	if k == Practice {
		return "practice"
	}
	return "secret"
}

// Detector names a practice detector by typed value, never by string: the
// scanner's table of detector code has exactly NumDetectors entries, one
// per value, or it does not compile.
type Detector uint8

const (
	DetectNone Detector = iota // a secret rule: its pattern finds it
	DetectHardcodedEnv
	DetectHardcodedArg
	DetectPlaintextFile
	DetectPrinted
	DetectSetAccessToken
	DetectUseAuthToken
	DetectGenericCredential
	NumDetectors
)

// Rule is one entry of the table. Rules are data: the scanner knows nothing
// about any particular provider, it only runs what a Rule says.
type Rule struct {
	ID    string
	Kind  Kind
	Level Level
	// Title is the one-line summary used as the finding message and as
	// SARIF shortDescription.
	Title string
	// Description is a paragraph saying why this matters (SARIF fullDescription).
	Description string
	// Help is markdown with the fix, shown in SARIF and in --list-rules docs.
	Help string
	// EnvVar names the environment variable (and Colab secret) the
	// provider's libraries and docs read this credential from: what
	// "hfscan fix" makes code read instead of the literal. Empty when
	// there is none (a private key).
	EnvVar string
	// Revoke is where the credential is revoked or rotated (a Secret
	// rule: the first link of its help; "" when there is none).
	Revoke string
	// Fix is one line saying what to do about a finding (a Practice rule;
	// reports write a secret's from EnvVar and Revoke).
	Fix string
	// Keywords are plain byte strings; a text that holds none of them is
	// never matched against Pattern. Matching is case-sensitive.
	Keywords []string
	// Requires, when set, must also be present (any one of them): a second
	// gate for practice rules whose keywords are common words.
	Requires []string
	// Pattern (RE2 syntax, as Go's regexp reads it) finds candidates of a
	// Secret rule; SecretGroup names the submatch that is the secret itself
	// (0 for the whole match, -1 for the first group that took part, for
	// patterns with alternative contexts). It is compiled on first use
	// (Regexp): most runs of a pre-commit hook need two or three of the
	// rules, and compiling them all was most of hfscan's start-up.
	Pattern     string
	SecretGroup int
	// AtKeyword says every match of Pattern starts at one of Keywords, or
	// at most Lead bytes before one. Pattern is then tried only there,
	// anchored, instead of at every byte: a pattern with no literal prefix
	// (AKIA|ASIA|…) costs a regexp step per byte of a long text, and
	// base64 pasted into markdown or HTML makes texts of megabytes. A test
	// checks that both ways find the same matches in every sample.
	AtKeyword bool
	Lead      int
	compiled  *compiledPattern // set by Compile; filled on first use
	// keyPrefix, set by Compile, is what all Keywords start with (AKIA,
	// ASIA… all start A): one search for it finds every keyword's place.
	// keyNext marks the bytes that follow it in some keyword (all bytes
	// when a keyword is the prefix itself): most of the prefix's places
	// are then passed over on one byte, without comparing each keyword.
	keyPrefix string
	keyNext   [4]uint64
	// keyWords and keyMasks are each keyword's first eight bytes as a
	// little-endian word, and which of its bytes the keyword fills.
	keyWords, keyMasks []uint64
	// Bounded secrets must not touch [A-Za-z0-9_] (nor any byte of
	// BoundExtra) on either side, so a longer identifier that merely
	// contains the pattern is not reported.
	Bounded    bool
	BoundExtra string
	// Prefixes are the known, non-secret starts of the secret kept on
	// redaction; the longest that matches is kept.
	Prefixes []string
	// Detector is the code check in the scanner that runs a Practice rule
	// (DetectNone for a Secret rule). The scanner holds one entry of code
	// per Detector, which the compiler counts.
	Detector Detector
	// Validators all must accept a candidate secret for it to be reported.
	Validators []Validator
	// Tags, Precision and SecuritySeverity feed SARIF (GitHub code scanning
	// sorts alerts by security-severity).
	Tags             []string
	Precision        string
	SecuritySeverity float64
	// Samples are run by the tests, in plain text and in every place a
	// notebook can hold them.
	Samples Samples
}

// IsCredential reports whether r's findings are credentials to revoke:
// every Secret rule, and the generic credential rule.
func (r *Rule) IsCredential() bool {
	return r.Kind == Secret || r.Detector == DetectGenericCredential
}

// Samples are texts a rule must find (True) and must not find (False).
type Samples struct {
	True  []string
	False []string
}

// Validator says whether a candidate secret is worth reporting.
type Validator struct {
	Name   string
	Accept func(secret string) bool
}

// Match is one accepted secret in a text, as byte offsets into that text.
type Match struct {
	Start, End int
	Secret     string
}

// compiledPattern is a rule's Pattern compiled, once, by the first worker
// that needs it; anchored is set for an AtKeyword rule.
type compiledPattern struct {
	// re is the pattern as written: FindAll's and Shapes' search when the
	// rule is not AtKeyword, and Regexp's. An AtKeyword rule's scan and
	// snippets need only anchored, so each is compiled on its own first use.
	reOnce, anchoredOnce sync.Once
	re, anchored         *regexp.Regexp
	// window is how many bytes from a keyword's place the anchored
	// pattern can read: its longest match and one byte more, for an
	// assertion (\b, $) at the match's end; 0 when a match has no bound.
	window int
}

// Compile prepares what FindAll needs beyond Pattern; the rule table calls
// it once for each rule, before any scan shares the rule between workers.
// The pattern itself is compiled on first use.
func (r *Rule) Compile() *Rule {
	if r.Pattern != "" {
		r.compiled = &compiledPattern{}
	}
	if len(r.Keywords) > 0 {
		r.keyPrefix = r.Keywords[0]
		for _, k := range r.Keywords[1:] {
			n := 0
			for n < len(k) && n < len(r.keyPrefix) && k[n] == r.keyPrefix[n] {
				n++
			}
			r.keyPrefix = r.keyPrefix[:n]
		}
		r.keyWords, r.keyMasks = make([]uint64, len(r.Keywords)), make([]uint64, len(r.Keywords))
		for i, k := range r.Keywords {
			var head [8]byte
			n := copy(head[:], k)
			r.keyWords[i], r.keyMasks[i] = binary.LittleEndian.Uint64(head[:]), ^uint64(0)>>(64-8*n)
			if n := len(r.keyPrefix); n < len(k) {
				r.keyNext[k[n]/64] |= 1 << (k[n] % 64)
			} else {
				r.keyNext = [4]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
			}
		}
	}
	return r
}

// keywordAt reports whether one of the rule's keywords starts b, which
// starts with keyPrefix. In a megabyte of DNA (A, C, G, T) the AWS key
// prefix A stands at every fourth byte; its keywords are seldom there.
func (r *Rule) keywordAt(b []byte) bool {
	if n := len(r.keyPrefix); n < len(b) && r.keyNext[b[n]/64]&(1<<(b[n]%64)) == 0 {
		return false
	}
	if len(b) >= 8 {
		// Each keyword's first eight bytes against b's, as one word:
		// no call to compare memory for the keywords that differ there.
		w := binary.LittleEndian.Uint64(b)
		for i, k := range r.Keywords {
			if w&r.keyMasks[i] == r.keyWords[i] && (len(k) <= 8 || string(b[8:min(len(k), len(b))]) == k[8:]) {
				return true
			}
		}
		return false
	}
	for _, k := range r.Keywords {
		if len(b) >= len(k) && string(b[:len(k)]) == k {
			return true
		}
	}
	return false
}

// Regexp is the rule's Pattern, compiled (nil when it has none). A pattern
// that does not compile is a defect of the table, which the tests find.
func (r *Rule) Regexp() *regexp.Regexp {
	if r.Pattern == "" {
		return nil
	}
	c := r.compiledOrPanic()
	c.reOnce.Do(func() { c.re = regexp.MustCompile(r.Pattern) })
	return c.re
}

// patterns compiles the anchored pattern of an AtKeyword rule, or the
// pattern of another, the first time it is asked for.
func (r *Rule) patterns() *compiledPattern {
	c := r.compiledOrPanic()
	if !r.AtKeyword {
		r.Regexp()
		return c
	}
	c.anchoredOnce.Do(func() {
		c.anchored = regexp.MustCompile(`^(?:` + r.Pattern + `)`)
		if re, err := syntax.Parse(r.Pattern, syntax.Perl); err == nil {
			if n := maxMatchLen(re.Simplify()); n >= 0 {
				c.window = n + 1
			}
		}
	})
	return c
}

func (r *Rule) compiledOrPanic() *compiledPattern {
	if r.compiled == nil {
		panic("rules: rule " + r.ID + " used before Compile")
	}
	return r.compiled
}

// maxMatchLen is the most bytes a match of re can span, or -1 when it has
// no bound (a star, a plus, a repeat without a maximum). A character that
// is not ASCII counts utf8.UTFMax bytes: case folding can change a
// character's length.
func maxMatchLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0
	case syntax.OpLiteral:
		n := 0
		for _, c := range re.Rune {
			n += runeMaxLen(c, re.Flags&syntax.FoldCase != 0)
		}
		return n
	case syntax.OpCharClass:
		n := 1
		for _, c := range re.Rune {
			n = max(n, runeMaxLen(c, false))
		}
		return n
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return utf8.UTFMax
	case syntax.OpCapture, syntax.OpQuest:
		return maxMatchLen(re.Sub[0])
	case syntax.OpRepeat:
		if re.Max < 0 {
			return -1
		}
		if n := maxMatchLen(re.Sub[0]); n >= 0 {
			return n * re.Max
		}
		return -1
	case syntax.OpConcat, syntax.OpAlternate:
		total := 0
		for _, sub := range re.Sub {
			n := maxMatchLen(sub)
			if n < 0 {
				return -1
			}
			if re.Op == syntax.OpConcat {
				total += n
			} else {
				total = max(total, n)
			}
		}
		return total
	}
	return -1 // star, plus, and anything else: no bound assumed
}

// runeMaxLen is how many bytes c takes in UTF-8, at most utf8.UTFMax when
// it may match a character of another case.
func runeMaxLen(c rune, fold bool) int {
	if c < utf8.RuneSelf && !fold {
		return 1
	}
	return utf8.UTFMax
}

// KeywordStartsSecret reports whether every secret r finds at keyword k
// starts where k starts, and must not follow a letter, a digit or an
// underscore (Bounded): then k right after one starts no finding, and a
// keyword search may pass over it — "mask_" is no ElevenLabs key, a run
// of DNA no AWS key ID. It reads the pattern: with the whole match the
// secret, every match starts at a keyword (AtKeyword, no Lead); else each
// alternative of the pattern that can match text starting with k must
// begin with the secret's group. False is always safe: a keyword not in
// the pattern right after a group's "(" is not analysed at all, as every
// run builds its matcher from these answers.
func (r *Rule) KeywordStartsSecret(k string) bool {
	if !r.Bounded || !r.AtKeyword || r.Lead != 0 || r.Pattern == "" || !slices.Contains(r.Keywords, k) {
		return false
	}
	if r.SecretGroup == 0 {
		return true
	}
	if !strings.Contains(r.Pattern, "("+regexp.QuoteMeta(k)) {
		return false
	}
	re, err := syntax.Parse(r.Pattern, syntax.Perl)
	if err != nil {
		return false
	}
	alts := []*syntax.Regexp{re}
	if re.Op == syntax.OpAlternate {
		alts = re.Sub
	}
	for _, alt := range alts {
		if mayStartWith(alt, k) && !beginsWithGroup(alt, r.SecretGroup) {
			return false
		}
	}
	return true
}

// mayStartWith reports whether re may match text that starts with k: false
// only when every literal re must start with differs from k's start. It
// reads the syntax tree, with nothing compiled: every run asks it.
func mayStartWith(re *syntax.Regexp, k string) bool {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return true
		}
		lit := string(re.Rune)
		return strings.HasPrefix(k, lit) || strings.HasPrefix(lit, k)
	case syntax.OpCapture:
		return mayStartWith(re.Sub[0], k)
	case syntax.OpConcat:
		if len(re.Sub) == 0 {
			return true
		}
		first := re.Sub[0]
		if first.Op == syntax.OpLiteral && first.Flags&syntax.FoldCase == 0 && len(re.Sub) > 1 {
			// The literal, then the rest on what is left of k.
			lit := string(first.Rune)
			if strings.HasPrefix(k, lit) {
				return mayStartWith(&syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[1:]}, k[len(lit):])
			}
		}
		return mayStartWith(first, k)
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if mayStartWith(sub, k) {
				return true
			}
		}
		return false
	}
	return true
}

// beginsWithGroup reports whether re starts with capture group g (with g
// -1: any group, as the first that takes part is then the secret).
func beginsWithGroup(re *syntax.Regexp, g int) bool {
	if re.Op == syntax.OpConcat && len(re.Sub) > 0 {
		re = re.Sub[0]
	}
	return re.Op == syntax.OpCapture && (g < 0 || re.Cap == g)
}

// FindAll returns the accepted matches of r in text, in order.
func (r *Rule) FindAll(text []byte) []Match {
	if r.Pattern == "" {
		return nil
	}
	return r.accepted(text, r.locs(text), nil)
}

// locs returns the submatch locations of the pattern in text, in order, as
// FindAllSubmatchIndex gives them: for an AtKeyword rule found with the
// anchored pattern at its keywords only.
func (r *Rule) locs(text []byte) [][]int {
	c := r.patterns()
	if !r.AtKeyword {
		return c.re.FindAllSubmatchIndex(text, -1)
	}
	return r.locsAtKeywords(text, c.anchored)
}

// locsAtKeywords finds what Pattern.FindAllSubmatchIndex would, for a
// pattern whose matches all start at a keyword (less Lead bytes): it tries
// the anchored pattern at each such start in order, and goes on after
// each match, as FindAll does.
func (r *Rule) locsAtKeywords(text []byte, anchored *regexp.Regexp) [][]int {
	var starts []int
	add := func(at int) {
		for s := max(0, at-r.Lead); s <= at; s++ {
			starts = append(starts, s)
		}
	}
	// One pass for the prefix every keyword shares, not one per keyword:
	// five passes over a megabyte of pasted base64 for AWS otherwise.
	probes := r.Keywords
	if r.keyPrefix != "" {
		probes = []string{r.keyPrefix}
	}
	for _, probe := range probes {
		p := []byte(probe)
		for at := 0; ; at++ {
			i := bytes.Index(text[at:], p)
			if i < 0 {
				break
			}
			at += i
			if r.keyPrefix == "" || r.keywordAt(text[at:]) {
				add(at)
			}
		}
	}
	slices.Sort(starts)
	var locs [][]int
	next := 0
	for _, s := range slices.Compact(starts) {
		if s < next {
			continue
		}
		// The pattern reads no further than its window: on that, not on
		// the megabytes that may follow, the matcher is a backtracker over
		// a few bytes instead of an automaton over all of them.
		end := len(text)
		if w := r.compiled.window; w > 0 {
			end = min(end, s+w)
		}
		loc := anchored.FindSubmatchIndex(text[s:end])
		if loc == nil {
			continue
		}
		for i := range loc {
			if loc[i] >= 0 {
				loc[i] += s
			}
		}
		locs = append(locs, loc)
		next = loc[1]
	}
	return locs
}

// accepted turns submatch locations into the matches that pass the
// boundary check and the validators, appended to out.
func (r *Rule) accepted(text []byte, locs [][]int, out []Match) []Match {
	for _, loc := range locs {
		start, end, ok := r.secretSpan(loc)
		if !ok {
			continue
		}
		if r.Bounded && !r.bounded(text, start, end) {
			continue
		}
		secret := string(text[start:end])
		if !r.accepts(secret) {
			continue
		}
		out = append(out, Match{Start: start, End: end, Secret: secret})
	}
	return out
}

func (r *Rule) accepts(secret string) bool {
	for _, v := range r.Validators {
		if !v.Accept(secret) {
			return false
		}
	}
	return true
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func (r *Rule) joins(b byte) bool {
	return isWordByte(b) || strings.IndexByte(r.BoundExtra, b) >= 0
}

// bounded reports whether text[start:end] stands alone. A JSON or C escape
// such as \n right before the secret counts as a boundary: in a raw .json
// file "\nhf_…" holds a token after a newline, not an identifier ending in n.
func (r *Rule) bounded(text []byte, start, end int) bool {
	if end < len(text) && r.joins(text[end]) {
		return false
	}
	if start == 0 || !r.joins(text[start-1]) {
		return true
	}
	if start >= 2 && text[start-2] == '\\' && strings.IndexByte("nrtbf", text[start-1]) >= 0 {
		return true
	}
	return false
}

// Shapes returns the spans of text that the rule's pattern takes for a
// secret, before the boundary and validator checks: what a snippet must
// not show in full. Found as FindAll finds its matches (the pattern as
// written is not compiled for a report's snippets).
func (r *Rule) Shapes(text []byte) [][2]int {
	var out [][2]int
	for _, loc := range r.locs(text) {
		if start, end, ok := r.secretSpan(loc); ok {
			out = append(out, [2]int{start, end})
		}
	}
	return out
}

// secretSpan is where the secret of one match stands: its SecretGroup's
// submatch, or with SecretGroup -1 the first group that took part; false
// when that group took no part.
func (r *Rule) secretSpan(loc []int) (start, end int, ok bool) {
	g := r.SecretGroup
	if g < 0 {
		for g = 1; 2*g < len(loc) && loc[2*g] < 0; g++ {
		}
		if 2*g >= len(loc) {
			return 0, 0, false
		}
	}
	return loc[2*g], loc[2*g+1], loc[2*g] >= 0
}

// Redact keeps the rule's known prefix and the last four characters.
func (r *Rule) Redact(secret string) string {
	prefix := r.prefixOf(secret)
	rest := []rune(secret[len(prefix):])
	if len(rest) <= 8 {
		return prefix + "…"
	}
	return prefix + "…" + string(rest[len(rest)-4:])
}

func (r *Rule) prefixOf(secret string) string {
	best := ""
	for _, p := range r.Prefixes {
		if len(p) > len(best) && strings.HasPrefix(secret, p) {
			best = p
		}
	}
	return best
}
