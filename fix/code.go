package fix

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner/code"
)

// The imports a rewrite may need, in the order they are added.
const (
	importOS       = "import os"
	importUserdata = "from google.colab import userdata"
	importLogin    = "from huggingface_hub import login"
)

// rewriter plans the edits of one unit of Python code: each literal
// credential becomes the expression that reads it at run time, the way
// the guides say (see package doc), and the imports that expression needs
// are added at the top of the unit when neither it nor an earlier cell of
// the notebook has them.
type rewriter struct {
	u        *unit
	toks     []code.Token
	comments []code.Span
	colab    bool
	earlier  []*unit         // the notebook's code cells before this one
	added    map[string]bool // imports the rewrites of earlier cells add
	imports  []string        // the imports this unit's rewrite adds
	nl       string          // the unit's line ending

	edits  []textEdit
	need   map[string]bool
	claim  [][2]int // text spans an edit already rewrites
	fixed  []*findings.Finding
	manual []Manual
}

func newRewriter(u *unit, colab bool, earlier []*unit, added map[string]bool) *rewriter {
	w := &rewriter{u: u, colab: colab, earlier: earlier, added: added, nl: "\n", need: map[string]bool{}}
	w.toks = u.tokens()
	w.comments = code.Comments(u.text, u.mode)
	if i := strings.IndexByte(u.text, '\n'); i > 0 && u.text[i-1] == '\r' {
		w.nl = "\r\n"
	}
	return w
}

// run plans the fixes of fs, all findings in the unit, and returns the
// unit's text edits.
func (w *rewriter) run(fs []*findings.Finding) []textEdit {
	// set_access_token calls first: they claim the literal they hold.
	slices.SortStableFunc(fs, func(a, b *findings.Finding) int {
		return boolInt(b.Rule.Detector == rules.DetectSetAccessToken) - boolInt(a.Rule.Detector == rules.DetectSetAccessToken)
	})
	for _, f := range fs {
		start, end := w.u.textPos(f.Offset), w.u.textPos(f.EndOffset)
		if start < 0 || end < start {
			w.manual = append(w.manual, Manual{f, ManualCode})
			continue
		}
		if w.claimed(start, end) {
			w.fixed = append(w.fixed, f)
			continue
		}
		var reason ManualReason
		switch f.Rule.Detector {
		case rules.DetectSetAccessToken:
			reason = w.setAccessToken(start, fs)
		case rules.DetectUseAuthToken:
			w.edit(start, end, "token") // Plan checked the bytes are use_auth_token
		case rules.DetectNone, rules.DetectHardcodedEnv, rules.DetectHardcodedArg, rules.DetectGenericCredential:
			reason = w.literal(f, start, end)
		default:
			reason = ManualPractice
		}
		if reason != "" {
			w.manual = append(w.manual, Manual{f, reason})
		} else {
			w.fixed = append(w.fixed, f)
		}
	}
	if len(w.need) > 0 {
		w.addImports()
	}
	return w.edits
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (w *rewriter) edit(start, end int, with string) {
	w.edits = append(w.edits, textEdit{start, end, with})
	w.claim = append(w.claim, [2]int{start, max(end, start+1)})
}

func (w *rewriter) claimed(start, end int) bool {
	for _, c := range w.claim {
		if start < c[1] && c[0] < max(end, start+1) {
			return true
		}
	}
	return false
}

// tok is the i-th token, or a zero token out of range.
func (w *rewriter) tok(i int) code.Token {
	if i < 0 || i >= len(w.toks) {
		return code.Token{Kind: code.Newline}
	}
	return w.toks[i]
}

func (w *rewriter) isOp(i int, ops ...string) bool {
	t := w.tok(i)
	return t.Kind == code.Op && slices.Contains(ops, t.Text)
}

func (w *rewriter) isName(i int, names ...string) bool {
	t := w.tok(i)
	return t.Kind == code.Name && slices.Contains(names, t.Text)
}

// tokenAt is the index of the token holding text position pos, or -1.
func (w *rewriter) tokenAt(pos int) int {
	i, _ := slices.BinarySearchFunc(w.toks, pos, func(t code.Token, pos int) int {
		if t.End <= pos && t.Start < pos || t.End < pos {
			return -1
		}
		if t.Start > pos {
			return 1
		}
		return 0
	})
	if i < len(w.toks) && w.toks[i].Start <= pos && pos < w.toks[i].End {
		return i
	}
	return -1
}

// envRead is the expression that reads variable name at run time.
func (w *rewriter) envRead(name string) string {
	if w.colab {
		w.need[importUserdata] = true
		return "userdata.get('" + name + "')"
	}
	w.need[importOS] = true
	return `os.environ["` + name + `"]`
}

// identifier is compiled on first use: a scan that fixes nothing needs none.
var identifier = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) })

// literal fixes a credential written as a string literal: the finding's
// text [start, end) lies in it.
func (w *rewriter) literal(f *findings.Finding, start, end int) ManualReason {
	for _, c := range w.comments {
		if c.Start <= start && end <= c.End {
			if f.Rule.Kind != rules.Secret {
				return ManualPractice
			}
			w.edit(start, end, Marker(f.Rule)) // a comment is text: the marker, as outside code
			return ""
		}
	}
	// A literal split to get past push protection is one finding from
	// the first piece to the last: both ends must be in string tokens.
	i, k := w.tokenAt(start), w.tokenAt(max(start, end-1))
	if i < 0 || k < 0 || w.toks[i].Kind != code.String || w.toks[k].Kind != code.String {
		return ManualNotLiteral
	}
	lit := w.toks[i].Str
	if strings.ContainsAny(lit.Prefix, "bB") {
		return ManualExpression
	}
	value := f.Secret
	if value == "" {
		value = f.Matched
	}
	// A string that is a statement of its own (a docstring, a note) is
	// text, not a value: the marker, as outside code.
	if w.tok(i-1).Kind == code.Newline && w.tok(i+1).Kind == code.Newline {
		if f.Rule.Kind != rules.Secret {
			return ManualPractice
		}
		w.edit(start, end, Marker(f.Rule))
		return ""
	}
	j0, j1, whole := w.chain(i, value)
	if k != i && (!whole || k > j1) {
		return ManualExpression
	}
	if !whole {
		return w.partial(f, i, start, end)
	}
	// os.environ["X"] = "…" and os.environ.setdefault("X", "…")
	if name, s0, ok := w.environAssign(j0, j1); ok {
		if w.colab {
			w.edit(w.toks[j0].Start, w.toks[j1].End, w.envRead(name))
		} else {
			w.deleteStatement(s0, j1)
		}
		return ""
	}
	// login(token="…"), HfApi(token="…"), login("…"): the library reads
	// the token itself.
	if a0, ok := w.tokenArgument(j0, j1); ok {
		w.removeArgument(a0, j1)
		return ""
	}
	name := f.Rule.EnvVar
	if f.Rule.Kind != rules.Secret {
		name = w.practiceVar(f, j0)
	}
	if name == "" {
		return ManualNoEnvVar
	}
	w.edit(w.toks[j0].Start, w.toks[j1].End, w.envRead(name))
	return ""
}

// chain extends the string token i over the literals joined to it
// (adjacent, or by +) and reports whether their values joined are value:
// then j0..j1 is the whole literal expression. A literal that is value
// by itself, joined to others by + only, is a whole expression too.
func (w *rewriter) chain(i int, value string) (j0, j1 int, whole bool) {
	j0, j1 = i, i
	for {
		switch {
		case w.tok(j0-1).Kind == code.String:
			j0--
			continue
		case w.isOp(j0-1, "+") && w.tok(j0-2).Kind == code.String:
			j0 -= 2
			continue
		}
		break
	}
	for {
		switch {
		case w.tok(j1+1).Kind == code.String:
			j1++
			continue
		case w.isOp(j1+1, "+") && w.tok(j1+2).Kind == code.String:
			j1 += 2
			continue
		}
		break
	}
	var joined strings.Builder
	for k := j0; k <= j1; k++ {
		if t := w.toks[k]; t.Kind == code.String {
			if !t.Str.Literal() || strings.ContainsAny(t.Str.Prefix, "bB") {
				return i, i, false
			}
			joined.WriteString(t.Str.Value)
		}
	}
	if joined.String() == value {
		return j0, j1, true
	}
	if w.toks[i].Str.Value == value && !w.adjacent(i) {
		return i, i, true
	}
	return i, i, false
}

// adjacent reports whether string token i is joined to a neighbour by
// adjacency (implicit concatenation), which a replacement would break.
func (w *rewriter) adjacent(i int) bool {
	return w.tok(i-1).Kind == code.String || w.tok(i+1).Kind == code.String
}

// partial fixes a secret that is part of a literal ("Bearer hf_…"): the
// literal is split around the expression that reads it,
// ("Bearer " + os.environ["HF_TOKEN"]), when the literal is plain enough
// to split.
func (w *rewriter) partial(f *findings.Finding, i, start, end int) ManualReason {
	t := w.toks[i]
	lit := t.Str
	if f.Rule.Kind != rules.Secret || f.Rule.EnvVar == "" || w.adjacent(i) || lit.IsF() ||
		strings.ContainsAny(lit.Prefix, "bBrR") || strings.Contains(lit.Value, `\`) ||
		start < lit.ValueStart || end > lit.ValueStart+len(lit.Value) || w.u.text[start:end] != f.Secret {
		return ManualExpression
	}
	quoteLen := lit.ValueStart - t.Start - len(lit.Prefix)
	open := w.u.text[t.Start:lit.ValueStart]
	closing := w.u.text[lit.ValueStart-quoteLen : lit.ValueStart]
	var parts []string
	if head := w.u.text[lit.ValueStart:start]; head != "" {
		parts = append(parts, open+head+closing)
	}
	parts = append(parts, w.envRead(f.Rule.EnvVar))
	if tail := w.u.text[end : lit.ValueStart+len(lit.Value)]; tail != "" {
		parts = append(parts, open+tail+closing)
	}
	expr := strings.Join(parts, " + ")
	// Parentheses unless the literal stands alone between separators.
	if !(w.isOp(i-1, "(", ",", "=", "[", "{", ":") || w.tok(i-1).Kind == code.Newline) ||
		!(w.isOp(i+1, ")", ",", "]", "}") || w.tok(i+1).Kind == code.Newline) {
		expr = "(" + expr + ")"
	}
	w.edit(t.Start, t.End, expr)
	return ""
}

// environAssign recognises a statement that puts the literal j0..j1 into
// the environment — os.environ["X"] = …, environ["X"] = …,
// os.environ.setdefault("X", …) — and returns X and the statement's first
// token.
func (w *rewriter) environAssign(j0, j1 int) (string, int, bool) {
	key := func(k int) (string, bool) {
		t := w.tok(k)
		if t.Kind != code.String || !t.Str.Literal() || !identifier().MatchString(t.Str.Value) {
			return "", false
		}
		return t.Str.Value, true
	}
	stmtStart := func(k int) (int, bool) { // the environ name at k, os. before it
		if !w.isName(k, "environ") {
			return 0, false
		}
		if w.isOp(k-1, ".") && w.isName(k-2, "os") {
			k -= 2
		}
		return k, w.tok(k-1).Kind == code.Newline
	}
	if w.tok(j1+1).Kind == code.Newline && w.isOp(j0-1, "=") && w.isOp(j0-2, "]") && w.isOp(j0-4, "[") {
		if name, ok := key(j0 - 3); ok {
			if s0, ok := stmtStart(j0 - 5); ok {
				return name, s0, true
			}
		}
	}
	if w.isOp(j1+1, ")") && w.tok(j1+2).Kind == code.Newline && w.isOp(j0-1, ",") && w.isOp(j0-3, "(") &&
		w.isName(j0-4, "setdefault") && w.isOp(j0-5, ".") {
		if name, ok := key(j0 - 2); ok {
			if s0, ok := stmtStart(j0 - 6); ok {
				return name, s0, true
			}
		}
	}
	return "", 0, false
}

// tokenArgument recognises the literal j0..j1 as the token argument of a
// call that finds the token itself once it is gone: login(token=…) or
// login(…) first, HfApi(token=…). It returns the argument's first token.
func (w *rewriter) tokenArgument(j0, j1 int) (int, bool) {
	if !w.isOp(j1+1, ")", ",") {
		return 0, false
	}
	if w.isOp(j0-1, "(") && w.isName(j0-2, "login") {
		return j0, true
	}
	if w.isOp(j0-1, "=") && w.isName(j0-2, "token") && w.isOp(j0-3, "(", ",") {
		if open := w.callOpen(j0 - 3); open > 0 && w.isName(open-1, "login", "HfApi") {
			return j0 - 2, true
		}
	}
	return 0, false
}

// callOpen is the index of the "(" that the argument separator or
// bracket at k belongs to, or -1.
func (w *rewriter) callOpen(k int) int {
	depth := 0
	for ; k >= 0; k-- {
		t := w.toks[k]
		if t.Kind == code.Newline {
			return -1
		}
		if t.Kind != code.Op {
			continue
		}
		switch t.Text {
		case ")", "]", "}":
			depth++
		case "(", "[", "{":
			if depth == 0 {
				if t.Text == "(" {
					return k
				}
				return -1
			}
			depth--
		}
	}
	return -1
}

// removeArgument takes the call argument a0..a1 out, with one comma.
func (w *rewriter) removeArgument(a0, a1 int) {
	switch {
	case w.isOp(a0-1, "(") && w.isOp(a1+1, ")"): // the only argument
		w.edit(w.toks[a0-1].End, w.toks[a1+1].Start, "")
	case w.isOp(a1+1, ",") && !w.isOp(a1+2, ")"): // followed by another
		w.edit(w.toks[a0].Start, w.toks[a1+2].Start, "")
	default: // the last, after a comma (a trailing comma goes too)
		end := w.toks[a1].End
		if w.isOp(a1+1, ",") {
			end = w.toks[a1+1].End
		}
		w.edit(w.toks[a0-1].Start, end, "")
	}
}

// practiceVar names the variable a flagged practice literal is read from:
// a Hugging Face token for token=, else the credential's own name for a
// generic credential (WEATHER_API_KEY = "…", api_key="…").
func (w *rewriter) practiceVar(f *findings.Finding, j0 int) string {
	target := ""
	switch {
	case w.isOp(j0-1, "=", ":") && w.tok(j0-2).Kind == code.Name:
		target = w.tok(j0 - 2).Text
	case w.isOp(j0-1, ":") && w.tok(j0-2).Kind == code.String && w.tok(j0-2).Str.Literal():
		target = w.tok(j0 - 2).Str.Value
	}
	if w.isOp(j0-1, "=") && (target == "token" || target == "use_auth_token" || target == "hf_token") {
		return "HF_TOKEN"
	}
	if f.Rule.Detector == rules.DetectGenericCredential && identifier().MatchString(target) {
		return strings.ToUpper(target)
	}
	return ""
}

// lineStart is the start of the line holding pos; lineEnd the end of the
// line holding pos, after its line break.
func (w *rewriter) lineStart(pos int) int { return strings.LastIndexByte(w.u.text[:pos], '\n') + 1 }

func (w *rewriter) lineEnd(pos int) int {
	if i := strings.IndexByte(w.u.text[pos:], '\n'); i >= 0 {
		return pos + i + 1
	}
	return len(w.u.text)
}

func indentOf(line string) string { return line[:len(line)-len(strings.TrimLeft(line, " \t"))] }

// deleteStatement removes the statement s0..s1 with its line(s), and
// nothing else: no comment or blank line around it, no line break of the
// line before (a cell may then end with one, which Jupyter reads the
// same). A statement that shares its line becomes pass, and so does the
// only statement of a block.
func (w *rewriter) deleteStatement(s0, s1 int) {
	start, end := w.lineStart(w.toks[s0].Start), w.lineEnd(w.toks[s1].End)
	if strings.TrimSpace(w.u.text[start:w.toks[s0].Start]) != "" {
		w.edit(w.toks[s0].Start, w.toks[s1].End, "pass")
		return
	}
	indent := indentOf(w.u.text[start:])
	nextIndent := ""
	if n := s1 + 2; n < len(w.toks) {
		nextIndent = indentOf(w.u.text[w.lineStart(w.toks[n].Start):])
	}
	if indent != "" && w.isOp(s0-2, ":") && len(nextIndent) < len(indent) {
		w.edit(w.toks[s0].Start, w.toks[s1].End, "pass")
		return
	}
	w.edit(start, end, "")
}

// setAccessToken rewrites X.set_access_token(ARGS), a statement of its
// own, as login(token=ARGS) — as login() when ARGS is the literal token.
func (w *rewriter) setAccessToken(pos int, fs []*findings.Finding) ManualReason {
	i := w.tokenAt(pos)
	if i < 0 || !w.isName(i, "set_access_token") || !w.isOp(i-1, ".") || !w.isOp(i+1, "(") {
		return ManualExpression
	}
	// the receiver: a name, or a call HfApi(…)
	r := i - 2
	if w.isOp(r, ")") {
		depth := 0
		for ; r >= 0; r-- {
			if w.isOp(r, ")") {
				depth++
			} else if w.isOp(r, "(") {
				if depth--; depth == 0 {
					break
				}
			}
		}
		r--
	}
	if w.tok(r).Kind != code.Name || w.tok(r-1).Kind != code.Newline {
		return ManualExpression
	}
	close := i + 1
	for depth := 0; close < len(w.toks); close++ {
		if w.isOp(close, "(", "[", "{") {
			depth++
		} else if w.isOp(close, ")", "]", "}") {
			if depth--; depth == 0 {
				break
			}
		}
	}
	if close >= len(w.toks) || w.tok(close+1).Kind != code.Newline {
		return ManualExpression
	}
	args := strings.TrimSpace(w.u.text[w.toks[i+1].End:w.toks[close].Start])
	call := "login(token=" + args + ")"
	literals, others := 0, 0
	for k := i + 2; k < close; k++ {
		switch {
		case w.toks[k].Kind == code.String:
			literals++
		case !w.isOp(k, "+"):
			others++
		}
	}
	switch {
	case literals > 0 && others == 0: // the token itself: login() finds it
		call = "login()"
	case slices.ContainsFunc(fs, func(f *findings.Finding) bool {
		p := w.u.textPos(f.Offset)
		return f.Rule.Kind == rules.Secret && w.toks[i+1].End <= p && p < w.toks[close].Start
	}):
		return ManualExpression // a secret inside an expression: a person decides
	}
	w.need[importLogin] = true
	w.edit(w.toks[r].Start, w.toks[close].End, call)
	return ""
}

// addImports puts the imports the rewrites need, and neither this unit
// nor an earlier cell has, at the top of the unit: after a %% cell magic,
// a docstring, from __future__ imports and the imports already there.
func (w *rewriter) addImports() {
	var lines []string
	for _, imp := range []string{importOS, importUserdata, importLogin} {
		if !w.need[imp] || hasImport(w.toks, imp) {
			continue
		}
		present := w.added[imp]
		for _, e := range w.earlier {
			present = present || hasImport(e.tokens(), imp)
		}
		if !present {
			lines = append(lines, imp)
		}
	}
	if len(lines) == 0 {
		return
	}
	w.imports = lines
	at := w.importPlace()
	block := strings.Join(lines, w.nl) + w.nl
	if at == len(w.u.text) && at > 0 && !strings.HasSuffix(w.u.text, "\n") {
		block = w.nl + strings.Join(lines, w.nl)
	}
	w.edits = append(w.edits, textEdit{at, at, block})
}

// importPlace is where new imports go.
func (w *rewriter) importPlace() int {
	at := 0
	if w.u.mode == code.Cell && strings.HasPrefix(strings.TrimLeft(w.u.text, " \t\r\n"), "%%") {
		at = w.lineEnd(strings.Index(w.u.text, "%%"))
	}
	first := true
	for i := 0; i < len(w.toks); {
		t := w.toks[i]
		if t.Start < at || t.Kind == code.Newline {
			i++
			continue
		}
		end := i
		for end < len(w.toks) && w.toks[end].Kind != code.Newline {
			end++
		}
		docstring := first && t.Kind == code.String && end == i+1
		imp := (w.isName(i, "import", "from")) && indentOf(w.u.text[w.lineStart(t.Start):]) == ""
		// !pip install and %magics stay before the imports they enable
		ipython := t.Kind == code.Shell || t.Kind == code.Magic
		first = false
		if !docstring && !imp && !ipython {
			if at > 0 { // right after what was skipped
				return at
			}
			return w.lineStart(t.Start) // after leading comments
		}
		at = w.lineEnd(w.toks[end-1].End)
		i = end
	}
	return at
}

// hasImport reports whether the unit imports what imp imports, at the
// top level and under its own name.
func hasImport(toks []code.Token, imp string) bool {
	fields := strings.Fields(imp)
	for i := 0; i < len(toks); i++ {
		if i > 0 && toks[i-1].Kind != code.Newline || toks[i].Kind != code.Name {
			continue
		}
		end := i
		for end < len(toks) && toks[end].Kind != code.Newline {
			end++
		}
		stmt := toks[i:end]
		text := func(k int) string {
			if k < len(stmt) {
				return stmt[k].Text
			}
			return ""
		}
		switch {
		case fields[0] == "import" && text(0) == "import":
			for k := 1; k < len(stmt); k++ {
				if text(k) == fields[1] && text(k-1) != "." && text(k+1) != "." && text(k+1) != "as" {
					return true
				}
			}
		case fields[0] == "from" && text(0) == "from":
			var module strings.Builder
			k := 1
			for ; k < len(stmt) && text(k) != "import"; k++ {
				module.WriteString(text(k))
			}
			if module.String() != fields[1] {
				continue
			}
			for k++; k < len(stmt); k++ {
				if text(k) == "*" || text(k) == fields[3] && text(k+1) != "as" {
					return true
				}
			}
		}
		i = end
	}
	return false
}
