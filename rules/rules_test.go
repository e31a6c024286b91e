package rules

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

var idShape = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestTableIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Default() {
		if !idShape.MatchString(r.ID) || seen[r.ID] {
			t.Errorf("rule id %q: malformed or repeated", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Description == "" || r.Help == "" {
			t.Errorf("%s: title, description and help are all required", r.ID)
		}
		if len(r.Keywords) == 0 {
			t.Errorf("%s: no keywords: the prefilter could never select it", r.ID)
		}
		// The scanner walks a cell's lines as one stretch of raw JSON and
		// parts of a notebook end to end, split by NUL: a keyword holding
		// a quote, a backslash or a NUL could be missed or span two texts.
		for _, k := range append(slices.Clone(r.Keywords), r.Requires...) {
			if strings.ContainsAny(k, "\x00\"\\") {
				t.Errorf("%s: keyword %q holds a quote, backslash or NUL", r.ID, k)
			}
		}
		if r.Level < Note || r.Level > Error {
			t.Errorf("%s: bad level %d", r.ID, r.Level)
		}
		if r.SecuritySeverity <= 0 || r.SecuritySeverity > 10 || r.Precision == "" {
			t.Errorf("%s: SARIF severity/precision missing", r.ID)
		}
		if len(r.Samples.True) == 0 || len(r.Samples.False) == 0 {
			t.Errorf("%s: needs samples both ways", r.ID)
		}
		// Reports print a fix line per finding: a practice rule says it,
		// a secret rule's is made of its variable and revoke link.
		if r.Kind == Practice && (r.Fix == "" || strings.Contains(r.Fix, "\n")) {
			t.Errorf("%s: a practice rule needs a one-line Fix", r.ID)
		}
		if r.Kind == Secret && r.Revoke != "" && !strings.HasPrefix(r.Revoke, "https://") {
			t.Errorf("%s: revoke link %q", r.ID, r.Revoke)
		}
		// hfscan fix makes code read a secret from EnvVar; the help must
		// tell a person the same name.
		// An OAuth token or a private key is read from no variable.
		noVar := r.ID == "private-key" || r.ID == "hf-oauth-token"
		if r.Kind == Secret && noVar != (r.EnvVar == "") || r.EnvVar != "" && (!envVarShape.MatchString(r.EnvVar) || !strings.Contains(r.Help, "`"+r.EnvVar+"`")) {
			t.Errorf("%s: EnvVar %q missing, malformed or not named in the help", r.ID, r.EnvVar)
		}
	}
}

var envVarShape = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// Patterns are compiled on first use, by the scan: every one must compile
// (regexp.MustCompile would stop a scan at the first text that asks for it).
func TestPatternsCompile(t *testing.T) {
	for _, r := range Default() {
		if r.Pattern == "" {
			continue
		}
		if _, err := regexp.Compile(r.Pattern); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
	}
}

// TestSecretSamples runs the secret rules' samples as plain text; the
// scanner's tests run every rule's samples in notebooks and code too.
func TestSecretSamples(t *testing.T) {
	for _, r := range Default() {
		if r.Kind != Secret {
			if r.Detector == DetectNone || r.Pattern != "" {
				t.Errorf("%s: a practice rule has a detector and no pattern", r.ID)
			}
			continue
		}
		for _, s := range r.Samples.True {
			if len(r.FindAll([]byte(s))) == 0 {
				t.Errorf("%s: missed true sample %q", r.ID, s)
			}
			if !containsKeyword(r, s) {
				t.Errorf("%s: true sample %q holds no keyword, the prefilter would drop it", r.ID, s)
			}
		}
		for _, s := range r.Samples.False {
			if m := r.FindAll([]byte(s)); len(m) != 0 {
				t.Errorf("%s: false sample %q matched %q", r.ID, s, m[0].Secret)
			}
		}
	}
}

func containsKeyword(r *Rule, s string) bool {
	for _, k := range r.Keywords {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// Real tokens must never be lost to the placeholder filter: random bodies
// in the shape providers issue them all pass.
func TestPlaceholderKeepsRandomTokens(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	const alnum = letters + "0123456789"
	for _, c := range []struct {
		alphabet string
		n        int
	}{{letters, 34}, {alnum, 34}, {Hex, 32}, {Hex, 40}, {Base64URL, 48}} {
		alphabet := c.alphabet
		for i := 0; i < 50000; i++ {
			b := make([]byte, c.n)
			for j := range b {
				b[j] = alphabet[rng.IntN(len(alphabet))]
			}
			if IsPlaceholder(string(b)) {
				t.Fatalf("random token body %q taken for a placeholder", b)
			}
		}
	}
}

func TestPlaceholderCatchesFillers(t *testing.T) {
	for _, body := range []string{
		strings.Repeat("x", 34), strings.Repeat("X", 34), strings.Repeat("a", 34),
		"abcdefghijklmnopqrstuvwxyzABCDEFGH", "1234567890abcdefghijklmnopqrstuvwx",
		"YOURTOKENHEREYOURTOKENHEREYOURTOK", "ExampleExampleExampleExampleExamp",
		"ababababababababababababababababab", "yourhftokengoeshereplease12345678",
		"PlaceholderPlaceholderPlaceholder", "", "mytokenhereAbCdQwZxPlMnRtYuIoPaSd",
	} {
		if !IsPlaceholder(body) {
			t.Errorf("%q not taken for a placeholder", body)
		}
	}
}

func TestRedact(t *testing.T) {
	r := Default()[0]
	tok := Fake("hf_", 34, "redact")
	got := r.Redact(tok)
	if want := "hf_…" + tok[len(tok)-4:]; got != want {
		t.Fatalf("Redact = %q, want %q", got, want)
	}
	if strings.Contains(got, tok[3:10]) {
		t.Fatalf("redaction leaks the body: %q", got)
	}
}

func TestFakeIsStableAndValid(t *testing.T) {
	a, b := Fake("hf_", 34, "x"), Fake("hf_", 34, "x")
	if a != b || len(a) != 37 || Fake("hf_", 34, "y") == a {
		t.Fatalf("Fake not deterministic per seed: %q %q", a, b)
	}
	if len(Default()[0].FindAll([]byte(a))) != 1 {
		t.Fatalf("Fake token %q not found by hf-token", a)
	}
}

func TestParseLevel(t *testing.T) {
	for s, want := range map[string]Level{"error": Error, "Warning": Warning, "note": Note} {
		if got, err := ParseLevel(s); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseLevel("fatal"); err == nil {
		t.Error("ParseLevel accepted fatal")
	}
}

func TestTokenNames(t *testing.T) {
	for _, n := range []string{"hf_token", "HF_TOKEN", "hfToken", "access_token", "api_key", "openai_api_key",
		"apiKey", "HUGGINGFACEHUB_API_TOKEN", "my_hf_token", "auth_token"} {
		if !IsTokenName(n) {
			t.Errorf("%s not taken for a credential name", n)
		}
	}
	for _, n := range []string{"token", "placeholder_token", "tokenizer", "tokens", "pad_token", "eos_token", "max_tokens", "num_tokens",
		"token_ids", "special_token", "key", "keys", "TOKENIZERS_PARALLELISM", "LANGFUSE_PUBLIC_KEY"} {
		if IsTokenName(n) {
			t.Errorf("%s taken for a credential name", n)
		}
	}
	for _, v := range []string{"HF_TOKEN", "OPENAI_API_KEY", "LANGFUSE_SECRET_KEY", "MY_SERVICE_TOKEN"} {
		if !IsTokenEnvVar(v) {
			t.Errorf("%s not a token env var", v)
		}
	}
	for _, v := range []string{"TOKENIZERS_PARALLELISM", "HF_HOME", "HF_HUB_DISABLE_IMPLICIT_TOKEN", "LANGFUSE_PUBLIC_KEY", "hf_token"} {
		if IsTokenEnvVar(v) {
			t.Errorf("%s taken for a token env var", v)
		}
	}
}

func TestTokenPaths(t *testing.T) {
	for _, p := range []string{"/content/drive/My Drive/huggingface_token.txt", "~/.cache/huggingface/token", "secrets.json",
		"api_key.txt", "hf_token", "HF-TOKEN.txt", "credentials.json"} {
		if !IsTokenPath(p) {
			t.Errorf("%s not taken for a credential file", p)
		}
	}
	for _, p := range []string{"tokenizer.json", "token_identifier.txt", "special_tokens_map.json", "README.md", "keys.txt", "token_path"} {
		if IsTokenPath(p) {
			t.Errorf("%s taken for a credential file", p)
		}
	}
}

// TestAtKeywordFindsWhatTheFullSearchFinds checks the claim of every
// AtKeyword rule: trying the pattern only at its keywords finds exactly
// what a search of every byte finds, on each sample alone, on all samples
// of all rules run together (so one rule's text surrounds another's), and
// with the samples scattered in random text.
func TestAtKeywordFindsWhatTheFullSearchFinds(t *testing.T) {
	var all []string
	for _, r := range Default() {
		all = append(all, r.Samples.True...)
		all = append(all, r.Samples.False...)
	}
	rng := rand.New(rand.NewPCG(11, 12))
	const noise = "AKIAhf_wandb WANDB_KEY=username\"key\": 0123456789abcdef ABCDEFGHIJKLMNOPQRSTUVWXYZ234567\n"
	texts := append([]string{strings.Join(all, "\n"), strings.Join(all, ""), strings.Join(all, " ")}, all...)
	for range 200 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			for range rng.IntN(40) {
				b.WriteByte(noise[rng.IntN(len(noise))])
			}
			b.WriteString(all[rng.IntN(len(all))])
		}
		texts = append(texts, b.String())
	}
	// Every keyword in every sample's place, so each alternative of a
	// pattern (ASIA as well as AKIA) is tried.
	for _, r := range Default() {
		for _, sample := range r.Samples.True {
			for _, k1 := range r.Keywords {
				if !strings.Contains(sample, k1) {
					continue
				}
				for _, k2 := range r.Keywords {
					texts = append(texts, strings.Replace(sample, k1, k2, 1), "x "+strings.Replace(sample, k1, k2, 1))
				}
			}
		}
	}
	anchored := 0
	for _, r := range Default() {
		if !r.AtKeyword {
			continue
		}
		anchored++
		if r.patterns().anchored == nil {
			t.Errorf("%s: AtKeyword but not compiled anchored", r.ID)
			continue
		}
		for _, text := range texts {
			full := r.Regexp().FindAllSubmatchIndex([]byte(text), -1)
			got := r.FindAll([]byte(text))
			want := r.accepted([]byte(text), full, nil)
			if !slices.Equal(got, want) {
				t.Fatalf("%s on %q:\nat keywords %v\nfull search %v", r.ID, text, got, want)
			}
			if atKeywords := r.locs([]byte(text)); !slices.EqualFunc(atKeywords, full, slices.Equal) {
				t.Fatalf("%s on %q: shapes at keywords %v, full search %v", r.ID, text, atKeywords, full)
			}
		}
	}
	if anchored == 0 {
		t.Fatal("no rule is AtKeyword: the test checks nothing")
	}
}

// maxMatchLen bounds what an anchored pattern can read from a keyword's
// place: a bound too small would cut matches (the differential test above
// would see it on the real rules); these cases pin the rules of the sum.
func TestMaxMatchLen(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    int
	}{
		{`AKIA[A-Z2-7]{16}`, 20},
		{`(?:A3T[A-Z0-9]|AKIA|ASIA)[A-Z2-7]{16}`, 20},
		{`hf_[A-Za-z]{34}\b`, 37},
		{`x?y{2,5}`, 6},
		{`(?i)ab`, 8},     // a folded letter may be a longer character
		{`é[a-z]`, 5},     // é: any non-ASCII character counts four bytes
		{`[^a]b`, 5},      // the class takes non-ASCII characters
		{`.{3}`, 12},      // any character: four bytes each
		{`sk-[a-z]+`, -1}, // no bound
		{`a*`, -1},
		{`a{2,}`, -1},
		{`^$`, 0},
	} {
		re, err := syntax.Parse(c.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := maxMatchLen(re.Simplify()); got != c.want {
			t.Errorf("%s: %d, want %d", c.pattern, got, c.want)
		}
	}
}

// A match must not end where the window cut the text: the window reaches
// one byte past the longest match, so that \b sees the byte that follows.
func TestAtKeywordWindowSeesTheNextByte(t *testing.T) {
	r := (&Rule{ID: "t", Keywords: []string{"AKIA"}, AtKeyword: true, Pattern: `AKIA[A-Z]{4}\b`}).Compile()
	for text, want := range map[string]int{"AKIAABCD": 1, "AKIAABCD ": 1, "AKIAABCDE": 0, "x AKIAABCD_": 0, "AKIAABCD.AKIAWXYZ": 2} {
		if got := len(r.FindAll([]byte(text))); got != want {
			t.Errorf("%q: %d matches, want %d", text, got, want)
		}
	}
}

// A pattern with no literal prefix of three bytes or more makes Go's regexp
// try it at every byte of a text; a rule whose matches start at its
// keywords must say so (AtKeyword), or one keyword in a megabyte of prose
// costs tens of milliseconds (ten rules once did). The rules whose pattern
// starts with a literal are searched by it.
func TestUnprefixedPatternsAreAtKeyword(t *testing.T) {
	for _, r := range Default() {
		if r.Pattern == "" || r.AtKeyword {
			continue
		}
		if prefix, _ := r.Regexp().LiteralPrefix(); len(prefix) < 3 {
			t.Errorf("%s: pattern without a literal prefix (%q) and not AtKeyword", r.ID, prefix)
		}
	}
}

// KeywordStartsSecret lets the keyword search pass over a keyword that
// follows a letter, a digit or an underscore. It must say so only where a
// finding at that keyword would start there and be bounded.
func TestKeywordStartsSecret(t *testing.T) {
	byID := map[string]*Rule{}
	for _, r := range Default() {
		byID[r.ID] = r
	}
	for _, c := range []struct {
		rule, keyword string
		want          bool
	}{
		{"hf-token", "hf_", true},
		{"aws-access-key-id", "A3T", true},
		{"elevenlabs-api-key", "sk_", true},                 // the alternative sk_… is the secret
		{"elevenlabs-api-key", "ELEVENLABS_API_KEY", false}, // the secret follows the name
		{"pinecone-api-key", "pcsk_", true},
		{"pinecone-api-key", "pinecone.init(", false},
		{"wandb-api-key", "wandb", false},       // wandb … key = <hex> as well as wandb_v1_…
		{"kaggle-key", "KAGGLE_KEY", false},     // the key follows the name
		{"ngrok-authtoken", "authtoken", false}, // Lead: the match starts before the keyword
		{"openai-api-key", "T3BlbkFJ", false},   // in the middle of the key
		{"hf-token", "sk_", false},              // not the rule's keyword
	} {
		if got := byID[c.rule].KeywordStartsSecret(c.keyword); got != c.want {
			t.Errorf("%s, %q: %v, want %v", c.rule, c.keyword, got, c.want)
		}
	}
	// An alternative that starts with the keyword but holds its secret
	// further on: a word byte before the keyword does not rule it out.
	legacy := (&Rule{ID: "legacy", Kind: Secret, Keywords: []string{"sk_"}, AtKeyword: true, Bounded: true,
		SecretGroup: -1, Pattern: `(sk_[0-9a-f]{8})|sk_legacy=([0-9a-f]{8})`}).Compile()
	if legacy.KeywordStartsSecret("sk_") {
		t.Error("legacy: sk_ starts a match whose secret is its second group")
	}
	// A match that may start before its keyword (Lead) may hold the byte
	// before the keyword in its secret.
	lead := (&Rule{ID: "lead", Kind: Secret, Keywords: []string{"token"}, AtKeyword: true, Lead: 4, Bounded: true,
		Pattern: `(?:add-)?token[0-9]{4}`}).Compile()
	if lead.KeywordStartsSecret("token") {
		t.Error("lead: a match of add-token0000 starts before its keyword")
	}
	for _, r := range syntheticRules() {
		if r.KeywordStartsSecret(r.Keywords[0]) {
			t.Errorf("%s: %q said to start its secret", r.ID, r.Keywords[0])
		}
	}
}

// syntheticRules are rules whose keyword a word byte before it does not
// rule out: one unbounded, one whose secret is a later group.
func syntheticRules() []*Rule {
	return []*Rule{
		(&Rule{ID: "legacy", Kind: Secret, Keywords: []string{"sk_"}, AtKeyword: true, Bounded: true,
			SecretGroup: -1, Pattern: `(sk_[0-9a-f]{8})|sk_legacy=([0-9a-f]{8})`}).Compile(),
		(&Rule{ID: "unbounded", Kind: Secret, Keywords: []string{"tok_"}, AtKeyword: true, Pattern: `tok_[0-9]{4}`}).Compile(),
		(&Rule{ID: "second-group", Kind: Secret, Keywords: []string{"sk-"}, AtKeyword: true, Bounded: true,
			SecretGroup: 2, Pattern: `(sk-)([0-9a-f]{8})`}).Compile(),
		// The literal the second alternative starts with is shorter than
		// the keyword: the rest of the keyword is read on in it.
		(&Rule{ID: "short-literal", Kind: Secret, Keywords: []string{"sk_"}, AtKeyword: true, Bounded: true,
			SecretGroup: -1, Pattern: `(sk_[0-9a-f]{8})|s[kK]_legacy=([0-9a-f]{8})`}).Compile(),
	}
}

// The keyword search passes over a keyword that KeywordStartsSecret names
// when it follows a word byte: then the rule must find nothing there. Every
// sample, with every keyword of its rule glued to a letter, a digit or an
// underscore before it, and random texts made of them.
func TestKeywordStartsSecretHidesNoFinding(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	table := append(Default(), syntheticRules()...)
	var samples []string
	for _, r := range table {
		samples = append(samples, r.Samples.True...)
		samples = append(samples, r.Samples.False...)
	}
	samples = append(samples, "sk_legacy=0123abcd", "sk_0123abcd", "tok_1234", "sk-0123abcd")
	checked := 0
	for _, r := range table {
		var passed []string
		for _, k := range r.Keywords {
			if r.KeywordStartsSecret(k) {
				passed = append(passed, k)
			}
		}
		if len(passed) < len(r.Keywords) {
			continue // a keyword not passed over still brings the rule in
		}
		texts := slices.Clone(samples)
		for range 300 {
			texts = append(texts, samples[rng.IntN(len(samples))]+" "+samples[rng.IntN(len(samples))])
		}
		for _, text := range texts {
			for _, glue := range []string{"x", "0", "_"} {
				glued := text
				for _, k := range passed {
					glued = strings.ReplaceAll(glued, k, glue+k)
				}
				// Only where every keyword follows a word byte, and no
				// backslash (an escape the rules read decoded) is near.
				if strings.Contains(glued, `\`) || !everyKeywordGlued(glued, passed) {
					continue
				}
				if ms := r.FindAll([]byte(glued)); len(ms) > 0 {
					t.Errorf("%s finds %q in %q, where every keyword follows a word byte", r.ID, ms[0].Secret, glued)
				}
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d texts checked", checked)
	}
}

// everyKeywordGlued reports whether every place one of words starts in
// text follows a letter, a digit or an underscore.
func everyKeywordGlued(text string, words []string) bool {
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			if i+j == 0 || !isWordByte(text[i+j-1]) {
				return false
			}
			i += j + 1
		}
	}
	return true
}

// lastWords reads an ASCII name from its end; it must split it as
// nameWords does (snake_case, camelCase, digits, runs of capitals).
func TestLastWordsAgreesWithNameWords(t *testing.T) {
	parts := []string{"hf", "Hf", "HF", "token", "Token", "TOKEN", "api", "Key", "_", "__", "2", "x", "aB", "Ab", "\u00e9", "\u212a"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		var b strings.Builder
		for range rng.IntN(5) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		name := b.String()
		words := nameWords(name)
		var wantLast, wantPrev string
		if len(words) > 0 {
			wantLast = words[len(words)-1]
		}
		if len(words) > 1 {
			wantPrev = words[len(words)-2]
		}
		last, prev, n := lastWords(name)
		if last != wantLast || prev != wantPrev || n != min(len(words), 2) {
			t.Fatalf("lastWords(%q) = %q, %q, %d; nameWords %q", name, last, prev, n, words)
		}
	}
}
