package scanner

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner/code"
)

// codeKind says how a text is read as code, if at all.
type codeKind uint8

const (
	notCode codeKind = iota
	pythonCode
	cellCode // notebook code cell: Python with IPython lines
	shellCode
)

// codeKindOfPath is how a plain file is read by the practice rules.
func codeKindOfPath(p string) codeKind {
	switch strings.ToLower(path.Ext(p)) { // the extension alone: no path copied
	case ".py", ".pyw":
		return pythonCode
	case ".ipy":
		return cellCode
	case ".sh", ".bash", ".zsh":
		return shellCode
	}
	return notCode
}

// codeCtx is one code text, tokenized once for all practice detectors.
type codeCtx struct {
	src  []byte
	kind codeKind
	// text is the copy of src that toks were read from ("" when toks
	// are not those of the last reset): the constant folding of a cell
	// that the practice rules read reuses its tokens.
	text    string
	toks    []code.Token
	shell   [][]code.Word // every shell command: ! lines, %%bash cells, .sh files
	magics  []code.Token
	strVars map[string]string // name = "literal" assignments
	closer  []int             // for an opening bracket, its closing one
	open    []int             // scratch for matching brackets
	hits    []textMatch
	rule    *rules.Rule
}

// tokensOf returns the tokens of src read as mode: those of the last reset
// when it read this very text as a cell (the practice rules and the
// constant folding of one cell share them), else src tokenized anew into
// c's storage, which leaves c's other lists behind until the next reset.
func (c *codeCtx) tokensOf(src []byte, mode code.Mode) []code.Token {
	if mode == code.Cell && c.kind == cellCode && c.text != "" && c.text == string(src) {
		return c.toks
	}
	c.toks = code.TokenizeInto(c.toks[:0], string(src), mode)
	c.text = ""
	return c.toks
}

// reset reads src into c, reusing c's storage: one context serves one
// worker from cell to cell.
func (c *codeCtx) reset(src []byte, kind codeKind) {
	c.src, c.kind = src, kind
	c.shell, c.magics, c.hits, c.rule = c.shell[:0], c.magics[:0], nil, nil
	if c.strVars == nil {
		c.strVars = map[string]string{}
	}
	clear(c.strVars)
	text := string(src) // one copy: every token's text is a substring of it
	c.text = text
	if kind == shellCode {
		c.text = ""
		c.toks, c.closer = c.toks[:0], c.closer[:0]
		c.shell = code.ShellCommands(text, 0, len(text))
		return
	}
	mode := code.PythonFile
	if kind == cellCode {
		mode = code.Cell
	}
	c.toks = code.TokenizeInto(c.toks[:0], text, mode)
	c.closer = slices.Grow(c.closer[:0], len(c.toks))[:len(c.toks)]
	open := c.open[:0]
	for i, t := range c.toks {
		c.closer[i] = len(c.toks) // unclosed: runs to the end
		if t.Kind != code.Op {
			continue
		}
		switch t.Text {
		case "(", "[", "{":
			open = append(open, i)
		case ")", "]", "}":
			if n := len(open); n > 0 {
				c.closer[open[n-1]] = i
				open = open[:n-1]
			}
		}
	}
	for i, t := range c.toks {
		switch t.Kind {
		case code.Shell:
			c.shell = append(c.shell, code.ShellCommands(text, t.Start, t.End)...)
		case code.Magic:
			c.magics = append(c.magics, t)
		case code.Name:
			if c.stmtStart(i) && c.isOp(i+1, "=") && c.literal(i+2) != nil && c.endsStmt(i+3) {
				c.strVars[t.Text] = c.literal(i + 2).Value
			}
		}
	}
	c.open = open
}

// practiceDetector is the code of one practice rule.
type practiceDetector struct {
	id     rules.Detector
	detect func(*codeCtx)
	// mayFire, for a detector that has one, is a cheap test on the raw
	// text that is false only when the detector surely finds nothing:
	// the text is then never tokenized for it.
	mayFire func(t *Text, kind codeKind, hits ruleBits) bool
}

// detectors holds the code of every practice rule, in the order of
// rules.Detector, one entry per value (the two declarations below do not
// compile otherwise; a test checks the order).
var detectors = [...]practiceDetector{
	{id: rules.DetectNone},
	{id: rules.DetectHardcodedEnv, detect: (*codeCtx).hardcodedEnv},
	{id: rules.DetectHardcodedArg, detect: (*codeCtx).hardcodedArg, mayFire: argMayFire},
	{id: rules.DetectPlaintextFile, detect: (*codeCtx).plaintextFile},
	{id: rules.DetectPrinted, detect: (*codeCtx).printed, mayFire: printedMayFire},
	{id: rules.DetectSetAccessToken, detect: (*codeCtx).setAccessToken},
	{id: rules.DetectUseAuthToken, detect: (*codeCtx).useAuthToken},
	{id: rules.DetectGenericCredential, detect: (*codeCtx).genericCredential, mayFire: genericMayFire},
}

var (
	_ [len(detectors) - int(rules.NumDetectors)]struct{} // no more entries than detectors
	_ [int(rules.NumDetectors) - len(detectors)]struct{} // and no fewer
)

// argMayFire rules out cells that only hardcoded-token-arg's keywords
// brought here: notebook_login() is in most Hugging Face notebooks and
// never takes a literal, and tokenizer.pad_token = … assigns no argument.
// The detector needs a credential keyword argument by its own name
// (token=, api_key=…), a login-like call by its own name, a Bearer string
// or a --token flag.
func argMayFire(t *Text, _ codeKind, _ ruleBits) bool {
	src := t.Data
	// Every credential keyword ends in token or key: both are found at
	// their k, far rarer in code than the t that starts every "tokenizer".
	for q := 0; ; q++ {
		i := bytes.IndexByte(src[q:], 'k')
		if i < 0 {
			break
		}
		q += i
		if credentialArgEndsAt(src, q-2, "token") || credentialArgEndsAt(src, q, "key") {
			return true
		}
	}
	for _, call := range credCallWords {
		for at := 0; ; at++ {
			i := indexByRareByte(src[at:], call)
			if i < 0 {
				break
			}
			at += i
			if at == 0 || !code.IsWordByte(src[at-1]) {
				return true
			}
		}
	}
	return bytes.Contains(src, []byte("--token")) || containsFold(src, "bearer")
}

// credentialArgEndsAt reports whether word stands at i in src and ends a
// credential keyword (token=, api_key=…) followed by = (not ==) or by a
// comment before its = inside a call.
func credentialArgEndsAt(src []byte, i int, word string) bool {
	if i < 0 || !bytes.HasPrefix(src[i:], []byte(word)) {
		return false
	}
	end := i + len(word)
	if end < len(src) && asciiNameBytes[src[end]] == 1 {
		return false // tokenizer, keys: no name ends here
	}
	rest := bytes.TrimLeft(src[end:], " \t\r\n")
	if len(rest) == 0 || rest[0] != '#' && (rest[0] != '=' || len(rest) > 1 && rest[1] == '=') {
		return false
	}
	start := i
	for start > 0 && nameRunBytes[src[start-1]] {
		start--
	}
	return credKW[string(src[start:end])] // not pad_token = …, nor a number or a longer name
}

// rareWord is a word and the index of its byte least frequent in code.
type rareWord struct {
	word string
	k    int
}

func newRareWord(word string) rareWord { return rareWord{word, rarestByte(word)} }

// credCallWords are rules.CredentialCalls, each with its rarest byte.
var credCallWords = func() (out []rareWord) {
	for _, call := range rules.CredentialCalls {
		out = append(out, newRareWord(call))
	}
	return out
}()

// indexByRareByte is bytes.Index for a word whose first byte is common in
// code (the s of save_token): it looks for the word's rarest byte with
// IndexByte, where bytes.Index stops at every s.
func indexByRareByte(src []byte, w rareWord) int {
	word, k := w.word, w.k
	for at := k; at < len(src); at++ {
		i := bytes.IndexByte(src[at:], word[k])
		if i < 0 {
			return -1
		}
		at += i
		if p := at - k; p+len(word) <= len(src) && string(src[p:p+len(word)]) == word {
			return p
		}
	}
	return -1
}

// rarestByte is the index of the byte of word least frequent in code, by
// a ranking of letters from the most frequent.
func rarestByte(word string) int {
	const common = "etaonisrlcdmuph_f.gybwvkxjqz"
	best, rank := 0, -1
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 'A' && c <= 'Z' {
			c |= 0x20
		}
		r := strings.IndexByte(common, c)
		if r < 0 {
			return i // not ranked: rarer than any
		}
		if r > rank {
			best, rank = i, r
		}
	}
	return best
}

// containsFold reports whether src holds word (lower-case ASCII, starting
// with a letter) in any case. In a long text its first letter is found by
// IndexByte, in each case: a loop over every byte cost more than the rest
// of a precheck; a short one (the start of a line) is looped over.
func containsFold(src []byte, word string) bool {
	if len(src) < 64 {
		for i := 0; i+len(word) <= len(src); i++ {
			if src[i]|0x20 == word[0] && bytes.EqualFold(src[i:i+len(word)], []byte(word)) {
				return true
			}
		}
		return false
	}
	for _, first := range [2]byte{word[0], word[0] &^ 0x20} {
		for at := 0; ; at++ {
			i := bytes.IndexByte(src[at:], first)
			if i < 0 {
				break
			}
			at += i
			if at+len(word) <= len(src) && bytes.EqualFold(src[at:at+len(word)], []byte(word)) {
				return true
			}
		}
	}
	return false
}

// printedMayFire rules out most cells that only token-printed's name
// keywords (_token, KEY…) brought here: in Hugging Face code pad_token_id
// and max_new_tokens are everywhere. Without a call that prints, only a
// cell's last expression can show a token: a credential's name alone on
// the last line of code, or a read of a credential variable.
func printedMayFire(t *Text, kind codeKind, hits ruleBits) bool {
	src := t.Data
	if !printedMayShow(t, kind, hits) {
		return false
	}
	// Every way the detector fires names a credential (a variable, an
	// environment variable read, echoed or in an f-string), but a bare
	// %env or printenv, whose names may be quoted in pieces. Hugging Face
	// cells print tokenizers and pad_token_id, not tokens.
	return bytes.Contains(src, []byte("%env")) || bytes.Contains(src, []byte("printenv")) || holdsTokenName(src)
}

// printedMayShow is the first half of printedMayFire: whether the cell
// may print or show anything a token could be in.
func printedMayShow(t *Text, kind codeKind, hits ruleBits) bool {
	src := t.Data
	if hits.hints&hintPrintCall != 0 {
		return true
	}
	if kind == cellCode {
		line, prev := lastCodeLines(src)
		if bytes.HasSuffix(bytes.TrimRight(prev, " \t\r\n"), []byte("\\")) ||
			bytes.Count(line, []byte(")"))+bytes.Count(line, []byte("]"))+bytes.Count(line, []byte("}")) >
				bytes.Count(line, []byte("("))+bytes.Count(line, []byte("["))+bytes.Count(line, []byte("{")) {
			return true // the last expression started on an earlier line
		}
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = bytes.TrimSpace(line[:i])
		}
		// What tokenRef accepts: one name that is a credential's, or a
		// read of the environment or of Colab's secrets.
		if isOneWord(line) {
			if rules.IsTokenName(string(line)) {
				return true
			}
		} else if bytes.Contains(line, []byte("environ")) || bytes.Contains(line, []byte("getenv")) ||
			bytes.Contains(line, []byte("userdata")) {
			return true
		}
	}
	if !t.unicodeEscapes {
		return false // the keyword walk saw every word of the raw bytes
	}
	for _, call := range printCallWords {
		if bytes.Contains(src, []byte(call)) {
			return true
		}
	}
	return false
}

// holdsTokenName reports whether src may hold a name that IsTokenName or
// IsTokenEnvVar accepts, cut out as the tokenizer cuts a name (a run of
// letters, digits, underscores and non-ASCII letters) or as a detector's
// pattern does ($NAME, {NAME}, "NAME": ASCII only, so a piece of such a
// run between non-ASCII bytes).
func holdsTokenName(src []byte) bool {
	// Every name namesToken accepts ends (but for underscores) in n, y or
	// T: runs are tried only where such a byte ends an ASCII run (the
	// whole run, or a piece before a non-ASCII byte), found with two table
	// loads a byte and no branch at each run's end, which no predictor
	// can guess.
	tried := -1 // the start of the last run tried
	for i := 0; i < len(src); i++ {
		next := byte(' ')
		if i+1 < len(src) {
			next = src[i+1]
		}
		if mayEndTokenName[src[i]]&^asciiNameBytes[next] == 0 {
			continue
		}
		start, end := i, i+1
		for start > 0 && nameRunBytes[src[start-1]] {
			start--
		}
		if start == tried {
			continue
		}
		tried = start
		for end < len(src) && nameRunBytes[src[end]] {
			end++
		}
		run := src[start:end]
		if namesToken(run) {
			return true
		}
		for piece := range bytes.FieldsFuncSeq(run, func(r rune) bool { return r >= utf8.RuneSelf }) {
			if len(piece) < len(run) && namesToken(piece) {
				return true
			}
		}
	}
	return false
}

// mayEndTokenName marks (1) the bytes a name or piece namesToken accepts
// may end with: n, y, T or an underscore.
// asciiNameBytes marks (1) the bytes of an ASCII name.
var mayEndTokenName, asciiNameBytes = func() (end, ascii [256]byte) {
	for c := range 256 {
		if code.IsWordByte(byte(c)) {
			ascii[c] = 1
		}
		if c|0x20 == 'n' || c|0x20 == 'y' || c == 'T' || c == '_' {
			end[c] = 1
		}
	}
	return end, ascii
}()

// nameRunBytes are the bytes of a name as the tokenizer or a pattern
// reads one: ASCII letters, digits, underscores and every non-ASCII byte.
var nameRunBytes = func() (set [256]bool) {
	for c := range 256 {
		set[c] = code.IsWordByte(byte(c)) || c >= utf8.RuneSelf
	}
	return set
}()

// namesToken is IsTokenName or IsTokenEnvVar, with a quick no for the
// names that fill Hugging Face code (tokenizer, pad_token_id): every name
// they accept ends, but for underscores, in token or key in any case (the
// last of its words, lower-cased: so its last byte is n or y), SECRET or
// PAT.
func namesToken(name []byte) bool {
	n := bytes.TrimRight(name, "_")
	if len(n) == 0 {
		return false
	}
	if c := n[len(n)-1]; c|0x20 != 'n' && c|0x20 != 'y' && c != 'T' {
		return false // the quickest no, for most names
	}
	if !hasSuffixFold(n, "token") && !hasSuffixFold(n, "key") && !bytes.HasSuffix(n, []byte("SECRET")) &&
		!bytes.HasSuffix(n, []byte("PAT")) && !bytes.Contains(n, []byte("\u212a")) { // the Kelvin sign lower-cases to k
		return false
	}
	s := string(name)
	return rules.IsTokenName(s) || rules.IsTokenEnvVar(s)
}

// hasSuffixFold reports whether b ends with suffix (lower case ASCII) in
// any case.
func hasSuffixFold(b []byte, suffix string) bool {
	return len(b) >= len(suffix) && bytes.EqualFold(b[len(b)-len(suffix):], []byte(suffix))
}

// isOneWord reports whether b could be a single name: name bytes and
// non-ASCII letters only.
func isOneWord(b []byte) bool {
	for _, c := range b {
		if !code.IsWordByte(c) && c < 0x80 {
			return false
		}
	}
	return len(b) > 0
}

// lastCodeLines returns the last line of src that is neither blank nor a
// comment, trimmed, and the raw line just before it.
func lastCodeLines(src []byte) (line, prev []byte) {
	rest := src
	for len(rest) > 0 {
		i := bytes.LastIndexByte(rest[:len(rest)-1], '\n') + 1
		l := bytes.TrimSpace(rest[i:])
		rest = rest[:i]
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		if len(rest) > 0 {
			prev = rest[bytes.LastIndexByte(rest[:len(rest)-1], '\n')+1:]
		}
		return l, prev
	}
	return nil, nil
}

// practice runs the practice rules marked in set over a code text. Hits on
// a literal that a secret rule already reported are dropped: a real secret
// is reported once, as an error.
func (m *matcher) practice(t *Text, kind codeKind, set ruleSet, hits ruleBits, secrets []textMatch, c *codeCtx) []textMatch {
	ready := false
	var out []textMatch
	for ri, on := range set {
		r := m.rules[ri]
		if !on || r.Kind != rules.Practice {
			continue
		}
		d := detectors[r.Detector]
		if d.mayFire != nil && !d.mayFire(t, kind, hits) {
			continue
		}
		if !ready {
			c.reset(t.Data, kind)
			ready = true
		}
		c.rule, c.hits = r, nil
		d.detect(c)
		for _, h := range c.hits {
			if !overlapsSecret(h, secrets) {
				out = append(out, h)
			}
		}
	}
	return withoutPracticeUnderGeneric(out)
}

// withoutPracticeUnderGeneric drops the warnings about a literal that the
// generic credential rule reports as an error: one literal, one finding.
func withoutPracticeUnderGeneric(hits []textMatch) []textMatch {
	generic := map[[2]int]bool{}
	for _, h := range hits {
		if h.rule.Detector == rules.DetectGenericCredential {
			generic[[2]int{h.litStart, h.litEnd}] = true
		}
	}
	if len(generic) == 0 {
		return hits
	}
	out := hits[:0]
	for _, h := range hits {
		if h.rule.Detector == rules.DetectGenericCredential || h.litStart < 0 || !generic[[2]int{h.litStart, h.litEnd}] {
			out = append(out, h)
		}
	}
	return out
}

func overlapsSecret(h textMatch, secrets []textMatch) bool {
	if h.litStart < 0 {
		return false
	}
	for _, s := range secrets {
		if s.Start < h.litEnd && s.End > h.litStart {
			return true
		}
	}
	return false
}

// hit reports the token span [start,end); literal says it is about the
// literal text there, which is then redacted like a secret.
func (c *codeCtx) hit(start, end int, literal bool, message string) {
	h := textMatch{rule: c.rule, Match: rules.Match{Start: start, End: end}, litStart: -1, litEnd: -1, message: message}
	if literal {
		h.Secret = string(c.src[start:end])
		h.litStart, h.litEnd = start, end
	}
	c.hits = append(c.hits, h)
}

func (c *codeCtx) hitLiteral(i int) {
	s := c.toks[i].Str
	c.hit(s.ValueStart, s.ValueStart+len(s.Value), true, "")
}

// ---- token helpers ----

func (c *codeCtx) tok(i int) *code.Token {
	if i < 0 || i >= len(c.toks) {
		return nil
	}
	return &c.toks[i]
}

func (c *codeCtx) isName(i int, name string) bool {
	t := c.tok(i)
	return t != nil && t.Kind == code.Name && t.Text == name
}

func (c *codeCtx) isOp(i int, op string) bool {
	t := c.tok(i)
	return t != nil && t.Kind == code.Op && t.Text == op
}

// literal returns the string literal at i if it is fixed text.
func (c *codeCtx) literal(i int) *code.StrLit {
	t := c.tok(i)
	if t == nil || t.Kind != code.String || !t.Str.Literal() {
		return nil
	}
	return t.Str
}

// constString reads tokens [start, end) as a constant string expression —
// literals joined by nothing or by + ('hf_…' + '…', as people split a
// token to get it past push protection) — and returns its value and the
// span from its first literal's value to its last one's end. A single
// literal is the simplest such expression.
func (c *codeCtx) constString(start, end int) (value string, from, to int, ok bool) {
	var b strings.Builder
	for i := start; i < end; i++ {
		if c.toks[i].Kind == code.Newline {
			continue // inside brackets, a call spans lines
		}
		if i > start && c.isOp(i, "+") {
			continue
		}
		lit := c.literal(i)
		if lit == nil {
			return "", 0, 0, false
		}
		if b.Len() == 0 && !ok {
			from = lit.ValueStart
		}
		b.WriteString(lit.Value)
		to, ok = lit.ValueStart+len(lit.Value), true
	}
	return b.String(), from, to, ok
}

func (c *codeCtx) stmtStart(i int) bool {
	p := c.tok(i - 1)
	return p == nil || p.Kind == code.Newline || p.Kind == code.Op && p.Text == ";"
}

func (c *codeCtx) endsStmt(i int) bool {
	t := c.tok(i)
	return t == nil || t.Kind == code.Newline || t.Kind == code.Op && t.Text == ";"
}

// closing returns the index of the bracket closing the one at i.
func (c *codeCtx) closing(i int) int {
	if i < 0 || i >= len(c.closer) {
		return len(c.toks)
	}
	return c.closer[i]
}

// arg is one argument of a call: tokens [start,end), and its keyword.
type arg struct {
	kw         string
	start, end int
}

// args splits the call whose "(" is at open into arguments.
func (c *codeCtx) args(open int) []arg {
	end := c.closing(open)
	var out []arg
	cur := arg{start: open + 1}
	depth := 0
	for j := open + 1; j < end; j++ {
		t := &c.toks[j]
		if t.Kind == code.Newline {
			continue
		}
		if t.Kind == code.Op {
			switch t.Text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			case ",":
				if depth == 0 {
					cur.end = j
					out = append(out, cur)
					cur = arg{start: j + 1}
					continue
				}
			case "=":
				if depth == 0 && j == cur.start+1 && c.toks[cur.start].Kind == code.Name {
					cur.kw = c.toks[cur.start].Text
					cur.start = j + 1
				}
			}
		}
	}
	cur.end = end
	if cur.end > cur.start || cur.kw != "" {
		out = append(out, cur)
	}
	return out
}

// single returns the one token an argument is made of, or -1.
func (a arg) single() int {
	if a.end-a.start == 1 {
		return a.start
	}
	return -1
}

// calls yields every call: the callee's last name at i, "(" at i+1.
func (c *codeCtx) calls(yield func(i int)) {
	for i := range c.toks {
		if c.toks[i].Kind == code.Name && c.isOp(i+1, "(") {
			yield(i)
		}
	}
}

// envKey matches os.environ["KEY"] / environ["KEY"] at i and returns the
// key and the index after "]".
func (c *codeCtx) envKey(i int) (string, int, bool) {
	j := i
	if c.isName(j, "os") && c.isOp(j+1, ".") {
		j += 2
	}
	if !c.isName(j, "environ") || c.isOp(i-1, ".") || !c.isOp(j+1, "[") {
		return "", 0, false
	}
	lit := c.literal(j + 2)
	if lit == nil || !c.isOp(j+3, "]") {
		return "", 0, false
	}
	return lit.Value, j + 4, true
}

// envRead matches an expression that reads a credential variable:
// os.environ["K"], os.environ.get("K"), os.getenv("K"), userdata.get("K").
// It returns the index after the expression.
func (c *codeCtx) envRead(i int) (int, bool) {
	if key, end, ok := c.envKey(i); ok {
		return end, rules.IsTokenEnvVar(key)
	}
	j := i
	for c.tok(j) != nil && c.toks[j].Kind == code.Name && c.isOp(j+1, ".") {
		j += 2
	}
	t := c.tok(j)
	if t == nil || t.Kind != code.Name || j == i || !c.isOp(j+1, "(") {
		return 0, false
	}
	recv := c.toks[j-2].Text
	if !(t.Text == "get" && (recv == "environ" || recv == "userdata") || t.Text == "getenv" && recv == "os") {
		return 0, false
	}
	lit := c.literal(j + 2)
	if lit == nil {
		return 0, false
	}
	return c.closing(j+1) + 1, rules.IsTokenEnvVar(lit.Value)
}

// tokenRef reports whether tokens [start,end) are exactly a credential:
// a credential-named variable or a read of a credential variable.
func (c *codeCtx) tokenRef(start, end int) bool {
	if end-start == 1 && c.toks[start].Kind == code.Name {
		return rules.IsTokenName(c.toks[start].Text)
	}
	e, ok := c.envRead(start)
	return ok && e == end
}

// The detectors' patterns are compiled on first use (sync.OnceValue), like
// the rules' own: at package start-up every run paid for them, a run on a
// few files seldom needs them.
var fExprName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=?\s*(?:![rsa])?\s*(?::[^}]*)?$`)
})
var fExprEnv = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:environ\s*\[\s*|environ\.get\(\s*|getenv\(\s*|userdata\.get\(\s*)['"]([A-Za-z0-9_]+)['"]`)
})

// fStringShowsToken reports whether an f-string interpolates a credential.
func fStringShowsToken(s *code.StrLit) bool {
	if !s.IsF() {
		return false
	}
	for _, e := range s.Exprs {
		if m := fExprName().FindStringSubmatch(e); m != nil && rules.IsTokenName(m[1]) {
			return true
		}
		if m := fExprEnv().FindStringSubmatch(e); m != nil && rules.IsTokenEnvVar(m[1]) {
			if !strings.Contains(e, "(") || strings.HasPrefix(strings.TrimSpace(e), "os.") || strings.HasPrefix(strings.TrimSpace(e), "userdata") {
				return true
			}
		}
	}
	return false
}

// literalValue reports whether a literal is a value worth flagging: not
// empty and not a switch such as "1" or "false".
func literalValue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "0", "1", "true", "false", "yes", "no", "none", "null":
		return false
	}
	return true
}

// ---- hardcoded-token-env ----

func (c *codeCtx) hardcodedEnv() {
	for i := range c.toks {
		if key, j, ok := c.envKey(i); ok && c.isOp(j, "=") {
			end := j + 1
			for !c.endsStmt(end) {
				end++
			}
			if val, from, to, ok := c.constString(j+1, end); ok && rules.IsTokenEnvVar(key) && literalValue(val) {
				c.hit(from, to, true, "")
			}
			continue
		}
		t := &c.toks[i]
		if t.Kind != code.Name || !c.isOp(i+1, "(") || !c.isOp(i-1, ".") {
			continue
		}
		recv := c.tok(i - 2)
		if recv == nil {
			continue
		}
		switch {
		case t.Text == "setdefault" && recv.Text == "environ", t.Text == "putenv" && recv.Text == "os":
			as := c.args(i + 1)
			if len(as) >= 2 && as[0].kw == "" && as[1].kw == "" {
				k, v := as[0].single(), as[1].single()
				if k >= 0 && v >= 0 && c.literal(k) != nil && c.literal(v) != nil &&
					rules.IsTokenEnvVar(c.literal(k).Value) && literalValue(c.literal(v).Value) {
					c.hitLiteral(v)
				}
			}
		case t.Text == "update" && recv.Text == "environ":
			for _, a := range c.args(i + 1) {
				if a.kw != "" {
					if v := a.single(); v >= 0 && rules.IsTokenEnvVar(a.kw) && c.literal(v) != nil && literalValue(c.literal(v).Value) {
						c.hitLiteral(v)
					}
					continue
				}
				if c.isOp(a.start, "{") {
					for j := a.start + 1; j+2 < a.end; j++ {
						if k := c.literal(j); k != nil && c.isOp(j+1, ":") && c.literal(j+2) != nil &&
							rules.IsTokenEnvVar(k.Value) && literalValue(c.literal(j+2).Value) {
							c.hitLiteral(j + 2)
						}
					}
				}
			}
		}
	}
	for _, m := range c.magics {
		name, value, at, ok := c.envMagic(m)
		if ok && value != "" && rules.IsTokenEnvVar(name) && !strings.ContainsAny(value, "${") && literalValue(value) {
			c.hit(at, at+len(value), true, "")
		}
	}
	for _, cmd := range c.shell {
		for k, w := range cmd {
			if k == 0 && w.Value == "export" {
				continue
			}
			name, _, ok := strings.Cut(w.Text, "=")
			if !ok || w.Op {
				break // past the assignments that prefix a command
			}
			value := w.Text[len(name)+1:]
			unq := strings.Trim(value, `"'`)
			if rules.IsTokenEnvVar(name) && !w.Expands && literalValue(unq) {
				start := w.Start + len(name) + 1 + strings.Index(value, unq)
				c.hit(start, start+len(unq), true, "")
			}
		}
	}
}

// envMagic reads "%env NAME=value", "%env NAME value", "%set_env NAME value"
// and "%env NAME"; at is where value starts.
func (c *codeCtx) envMagic(m code.Token) (name, value string, at int, ok bool) {
	text := m.Text
	cmd, rest, _ := strings.Cut(text, " ")
	if cmd != "env" && cmd != "set_env" {
		return "", "", 0, false
	}
	rest = strings.TrimRight(rest, " \t\r\n")
	restAt := m.Start + len(cmd) + 1
	trimmed := strings.TrimLeft(rest, " \t")
	restAt += len(rest) - len(trimmed)
	if trimmed == "" {
		return "", "", m.Start, true
	}
	if i := strings.IndexAny(trimmed, "= "); i >= 0 {
		name = trimmed[:i]
		v := strings.TrimLeft(trimmed[i+1:], " =")
		return name, v, restAt + len(trimmed) - len(v), true
	}
	return trimmed, "", restAt, true
}

// ---- hardcoded-token-arg ----

var bearerLiteral = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(?:authorization:\s*)?bearer\s+([^\s{}%$]+)\s*$`)
})

// credKW, credCall and notCred are the rule table's lists as sets, built
// once: read-only after start-up, shared by the workers.
var credKW, credCall, notCred = setOf(rules.CredentialKeywords), setOf(rules.CredentialCalls), setOf(rules.NotCredentialCalls)

func setOf(words []string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	return set
}

func (c *codeCtx) hardcodedArg() {
	c.calls(func(i int) {
		callee := c.toks[i].Text
		if notCred[callee] {
			return
		}
		for n, a := range c.args(i + 1) {
			val, from, to, ok := c.constString(a.start, a.end)
			if !ok || !literalValue(val) {
				continue
			}
			if a.kw != "" && (credKW[a.kw] || a.kw == "key" && callee == "login") ||
				a.kw == "" && n == 0 && credCall[callee] {
				c.hit(from, to, true, "")
			}
		}
	})
	for i, t := range c.toks {
		if t.Kind == code.String && t.Str.Literal() && bearerLiteral().MatchString(t.Str.Value) {
			c.hitLiteral(i)
		}
	}
	for _, cmd := range c.shell {
		c.shellCredential(cmd)
	}
}

func (c *codeCtx) shellCredential(cmd []code.Word) {
	prog := ""
	if len(cmd) > 0 {
		prog = cmd[0].Value[strings.LastIndexByte(cmd[0].Value, '/')+1:]
	}
	isLogin := false
	for _, w := range cmd {
		isLogin = isLogin || w.Value == "login"
	}
	for k, w := range cmd {
		switch {
		case (prog == "huggingface-cli" || prog == "hf") && isLogin && w.Value == "--token" && k+1 < len(cmd):
			c.shellLiteral(cmd[k+1])
		case (prog == "huggingface-cli" || prog == "hf") && isLogin && strings.HasPrefix(w.Value, "--token="):
			c.shellLiteral(code.Word{Start: w.Start + len("--token="), End: w.End, Value: w.Value[len("--token="):], Expands: w.Expands})
		case prog == "wandb" && k >= 2 && cmd[1].Value == "login" && !strings.HasPrefix(w.Value, "-"):
			c.shellLiteral(w)
		case k > 0 && !w.Expands && bearerLiteral().MatchString(w.Value):
			c.shellLiteral(w)
		}
	}
}

func (c *codeCtx) shellLiteral(w code.Word) {
	if w.Expands || w.Op || !literalValue(w.Value) {
		return
	}
	start, end := w.Start, w.End
	if end-start >= 2 && (c.src[start] == '"' || c.src[start] == '\'') && c.src[end-1] == c.src[start] {
		start, end = start+1, end-1
	}
	c.hit(start, end, true, "")
}

// ---- token-plaintext-file ----

// fileTarget is what a writable file handle points at.
type fileTarget struct {
	tokenish, drive bool
}

// target describes the path argument of open() or Path().
func (c *codeCtx) target(a arg) fileTarget {
	var text string
	if v := a.single(); v >= 0 {
		switch t := c.toks[v]; t.Kind {
		case code.String:
			text = t.Str.Value
		case code.Name:
			if s, ok := c.strVars[t.Text]; ok {
				text = s
			}
			if rules.IsTokenPath(t.Text) {
				return fileTarget{tokenish: true, drive: strings.Contains(text, "/content/drive")}
			}
		}
	}
	return fileTarget{tokenish: rules.IsTokenPath(text), drive: strings.Contains(text, "/content/drive")}
}

// writesToken reports whether the argument written is a credential.
func (c *codeCtx) writesToken(a arg) bool {
	if c.tokenRef(a.start, a.end) {
		return true
	}
	if v := a.single(); v >= 0 && c.toks[v].Kind == code.String {
		return fStringShowsToken(c.toks[v].Str) || c.toks[v].Str.Literal() && rules.IsTokenPath(c.toks[v].Str.Value)
	}
	return false
}

func (c *codeCtx) plaintextFile() {
	handles := map[string]fileTarget{}
	report := func(at int, t fileTarget, a arg) {
		if v := a.single(); v >= 0 && c.literal(v) != nil && !mayBeCredential(c.literal(v).Value) {
			return // "hello", "y\n": text, not a credential, whatever the file is called
		}
		msg := ""
		if t.drive {
			msg = "Token written to a plain file on Google Drive"
		}
		tok := &c.toks[at]
		c.hit(tok.Start, tok.End, false, msg)
		if v := a.single(); v >= 0 && c.literal(v) != nil {
			// A real secret written here is reported by its secret rule.
			s := c.literal(v)
			c.hits[len(c.hits)-1].litStart, c.hits[len(c.hits)-1].litEnd = s.ValueStart, s.ValueStart+len(s.Value)
		}
	}
	c.calls(func(i int) {
		name := c.toks[i].Text
		switch {
		case name == "open" && (!c.isOp(i-1, ".") || c.isName(i-2, "io")):
			as := c.args(i + 1)
			if len(as) < 2 || !writeMode(c, as) {
				return
			}
			t := c.target(as[0])
			end := c.closing(i + 1)
			switch {
			case c.isName(end+1, "as") && c.tok(end+2) != nil && c.toks[end+2].Kind == code.Name:
				handles[c.toks[end+2].Text] = t
			case c.isOp(end+1, ".") && (c.isName(end+2, "write") || c.isName(end+2, "writelines")) && c.isOp(end+3, "("):
				if wa := c.args(end + 3); len(wa) > 0 && (t.tokenish || c.writesToken(wa[0])) {
					report(end+2, t, wa[0])
				}
			case c.isOp(i-1, "=") && c.tok(i-2) != nil && c.toks[i-2].Kind == code.Name:
				handles[c.toks[i-2].Text] = t
			}
		case (name == "write" || name == "writelines") && c.isOp(i-1, "."):
			recv := c.tok(i - 2)
			if recv == nil || recv.Kind != code.Name {
				return
			}
			t, ok := handles[recv.Text]
			if !ok {
				return
			}
			if wa := c.args(i + 1); len(wa) > 0 && (t.tokenish || c.writesToken(wa[0])) {
				report(i, t, wa[0])
			}
		case name == "write_text" && c.isOp(i-1, "."):
			wa := c.args(i + 1)
			if len(wa) == 0 {
				return
			}
			t := fileTarget{}
			if r := c.tok(i - 2); r != nil && r.Kind == code.Op && r.Text == ")" {
				// Path("…").write_text(…): find the Path( call.
				for j := i - 3; j >= 0; j-- {
					if c.isOp(j, "(") && c.closing(j) == i-2 {
						if as := c.args(j); len(as) > 0 {
							t = c.target(as[0])
						}
						break
					}
				}
			} else if r != nil && r.Kind == code.Name {
				t = c.target(arg{start: i - 2, end: i - 1})
			}
			if t.tokenish || c.writesToken(wa[0]) {
				report(i, t, wa[0])
			}
		}
	})
}

// mayBeCredential reports whether a literal written to a file could be a
// credential: not a short text, a plain word or a sentence. The guides'
// placeholder (your_hugging_face_token_here) and real tokens can.
func mayBeCredential(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 8 {
		return false
	}
	plain := true // letters, and spaces between words
	for _, r := range s {
		plain = plain && (r == ' ' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}
	return !plain
}

// writeMode reports whether open()'s mode writes.
func writeMode(c *codeCtx, as []arg) bool {
	for n, a := range as {
		if a.kw == "mode" || a.kw == "" && n == 1 {
			if v := a.single(); v >= 0 && c.literal(v) != nil {
				return strings.ContainsAny(c.literal(v).Value, "wax")
			}
		}
	}
	return false
}

// ---- token-printed ----

var printCalls = map[string]bool{"print": true, "display": true, "pprint": true}
var shellVar = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\}`)
})

func (c *codeCtx) printed() {
	c.calls(func(i int) {
		if !printCalls[c.toks[i].Text] {
			return
		}
		for _, a := range c.args(i + 1) {
			if a.kw != "" {
				continue
			}
			c.printedArg(a)
		}
	})
	if c.kind == cellCode {
		// The last expression of a cell is displayed in its output.
		end := len(c.toks)
		for end > 0 && c.toks[end-1].Kind == code.Newline {
			end--
		}
		start := end
		for start > 0 && c.toks[start-1].Kind != code.Newline {
			start--
		}
		if start < end && c.tokenRef(start, end) {
			c.hit(c.toks[start].Start, c.toks[end-1].End, false, "")
		}
	}
	for _, m := range c.magics {
		if name, value, _, ok := c.envMagic(m); ok && value == "" && (name == "" || rules.IsTokenEnvVar(name)) {
			c.hit(m.Start-1, m.End, false, "")
		}
	}
	for _, cmd := range c.shell {
		if len(cmd) == 0 {
			continue
		}
		switch cmd[0].Value {
		case "echo", "printf":
			for _, w := range cmd[1:] {
				if w.Op {
					break
				}
				for _, m := range shellVar().FindAllStringSubmatch(w.Text, -1) {
					if rules.IsTokenEnvVar(m[1]) || m[2] != "" && rules.IsTokenName(m[2]) {
						c.hit(w.Start, w.End, false, "")
						break
					}
				}
			}
		case "printenv":
			for _, w := range cmd[1:] {
				if rules.IsTokenEnvVar(w.Value) {
					c.hit(w.Start, w.End, false, "")
				}
			}
		}
	}
}

func (c *codeCtx) printedArg(a arg) {
	if a.end <= a.start {
		return
	}
	if c.tokenRef(a.start, a.end) {
		c.hit(c.toks[a.start].Start, c.toks[a.end-1].End, false, "")
		return
	}
	concat := false
	for j := a.start; j < a.end; j++ {
		concat = concat || c.isOp(j, "+")
	}
	for j := a.start; j < a.end; j++ {
		t := &c.toks[j]
		switch {
		case t.Kind == code.String && fStringShowsToken(t.Str):
			c.hit(t.Start, t.End, false, "")
			return
		case concat && t.Kind == code.Name && rules.IsTokenName(t.Text) && !c.isOp(j-1, ".") &&
			!c.isOp(j+1, ".") && !c.isOp(j+1, "[") && !c.isOp(j+1, "("):
			c.hit(t.Start, t.End, false, "")
			return
		}
	}
}

// ---- deprecated APIs ----

func (c *codeCtx) setAccessToken() {
	for i, t := range c.toks {
		if t.Kind == code.Name && t.Text == "set_access_token" && c.isOp(i-1, ".") && c.isOp(i+1, "(") {
			c.hit(t.Start, t.End, false, "")
		}
	}
}

func (c *codeCtx) useAuthToken() {
	for i, t := range c.toks {
		if t.Kind == code.Name && t.Text == "use_auth_token" && c.isOp(i+1, "=") && (c.isOp(i-1, "(") || c.isOp(i-1, ",")) {
			c.hit(t.Start, t.End, false, "")
		}
	}
}

// ---- generic-credential ----

// genericCredential reports a literal that looks like a key assigned to a
// target named for a credential: NAME = "…" (a variable, an attribute or
// a keyword argument), "name": "…" in a dict, os.environ["NAME"] = "…".
func (c *codeCtx) genericCredential() {
	check := func(name string, lit int) {
		if s := c.literal(lit); s != nil && credentialTarget(name) && credentialLiteral(s.Value) {
			c.hitLiteral(lit)
		}
	}
	for i := range c.toks {
		t := &c.toks[i]
		switch {
		case t.Kind == code.Name && c.isOp(i+1, "=") && c.endsValue(i+3):
			check(t.Text, i+2)
		case t.Kind == code.String && c.isOp(i+1, ":") && c.literal(i) != nil && c.endsValue(i+3):
			check(c.literal(i).Value, i+2)
		}
		if key, j, ok := c.envKey(i); ok && c.isOp(j, "=") && c.endsValue(j+2) {
			check(key, j+1)
		}
	}
}

// endsValue reports whether a value ends at token i: the end of the
// statement, of an argument, of a dict entry.
func (c *codeCtx) endsValue(i int) bool {
	t := c.tok(i)
	if t == nil || t.Kind == code.Newline {
		return true
	}
	return t.Kind == code.Op && (t.Text == "," || t.Text == ")" || t.Text == "}" || t.Text == "]" || t.Text == ";")
}

// credentialNames are what a credential's name ends with (lower case).
var credentialNames = []string{
	"api_key", "apikey", "api_secret", "secret_key", "client_secret", "app_secret", "consumer_secret",
	"access_token", "auth_token", "api_token", "bearer_token", "refresh_token", "access_key",
	"private_key", "password", "passwd", "secret",
}

// credentialTarget reports whether a name is a credential's: an upper-case
// variable such as WEATHER_API_KEY, or a name ending in api_key, secret,
// password and the like.
func credentialTarget(name string) bool {
	if rules.IsTokenEnvVar(name) {
		return true
	}
	n := strings.ToLower(name)
	for _, s := range credentialNames {
		if n == s || strings.HasSuffix(n, "_"+s) || s == "apikey" && strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

// credentialLiteral reports whether a literal looks like a key: 16 to 200
// characters of a key's alphabet, letters and digits both, not a URL or a
// path, not a placeholder, and random enough (3.5 bits a character, 3.2
// for hex).
func credentialLiteral(s string) bool {
	if len(s) < 16 || len(s) > 200 || strings.Contains(s, "://") || s[0] == '/' || s[0] == '.' {
		return false
	}
	digit, letter, hex := false, false, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letter = true
			hex = hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')
		case strings.IndexByte("_-.=+/:~", c) >= 0:
			hex = false
		default:
			return false // a space, a quote, a brace: text, not a key
		}
	}
	if !digit || !letter || rules.IsPlaceholder(s) || rules.IsPublicCredential(s) {
		return false
	}
	floor := 3.5
	if hex {
		floor = 3.2
	}
	return rules.Entropy(s) >= floor
}

// genericMayFire rules out texts where the detector surely finds nothing:
// no quoted literal that credentialLiteral accepts, on a line whose text
// before it names a credential (key, secret, token, password). The cell is
// then not tokenized for it — most cells hold long literals (URLs, model
// names, paths), few of them keys. It jumps from quote to quote; a quote
// left open at the end of a line or of the text counts as closed there, as
// the tokenizer reads a string that is never closed.
func genericMayFire(t *Text, _ codeKind, _ ruleBits) bool {
	d := t.Data
	lineStart, open := 0, -1
	for i, c := range d {
		switch quoteOrNewline[c] {
		case 0:
			continue
		case '\n':
			if open >= 0 && i-open > 16 && mayBeKey(d, lineStart, open, i) {
				return true
			}
			lineStart, open = i+1, -1
			continue
		}
		if open >= 0 && i-open > 16 && mayBeKey(d, lineStart, open, i) {
			return true
		}
		open = i
	}
	return open >= 0 && mayBeKey(d, lineStart, open, len(d))
}

// mayBeKey reports whether d[open+1:end], quoted at open on the line that
// starts at lineStart, is a literal genericCredential may flag.
func mayBeKey(d []byte, lineStart, open, end int) bool {
	return end-open-1 >= 16 && allKeyBytes(d[open+1:end]) && namesCredential(d[lineStart:open]) &&
		credentialLiteral(string(d[open+1:end]))
}

// quoteOrNewline marks the bytes genericMayFire stops at: one loop over a
// table, where bytes.IndexAny paid a call (and built its set) at every
// quote and line.
var quoteOrNewline = [256]byte{'"': '"', '\'': '\'', '\n': '\n'}

// keyBytes are the bytes a key is made of.
var keyBytes = func() (set [256]bool) {
	for _, c := range []byte("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-.=+/:~") {
		set[c] = true
	}
	return set
}()

func allKeyBytes(b []byte) bool {
	for _, c := range b {
		if !keyBytes[c] {
			return false
		}
	}
	return true
}

// namesCredential reports whether the text before a literal names a
// credential, in any case.
func namesCredential(b []byte) bool {
	for _, w := range []string{"key", "secret", "token", "passw"} {
		if containsFold(b, w) {
			return true
		}
	}
	return false
}
