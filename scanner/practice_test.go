package scanner

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hfscan/hfscan/rules"
)

// A detector's mayFire test may skip tokenizing a cell only when the
// detector would find nothing there. Cells are made from every practice
// sample and from cells whose last expression shows a token (the one path
// that needs no print call), alone and in pairs, with the comments, blank
// lines and continuations that move the last line of code around.
func TestMayFireNeverHidesAFinding(t *testing.T) {
	pieces := []string{
		"hf_token", "HF_TOKEN", "apiKey", "ApiKey", "openai_api_key", "CLIENT_SECRET",
		`os.environ["HF_TOKEN"]`, "os.environ[\n    \"HF_TOKEN\"\n]", `userdata.get("HF_TOKEN")`,
		"os.getenv(\n  'GITHUB_PAT')", `os.getenv("GITHUB_PAT")`, "MY_PAT", "x = 1 + \\\n  hf_token", "hf_token  # show it",
		"tokenizer.pad_token_id", "max_new_tokens", "hf_token = userdata.get('HF_TOKEN')",
		`"""` + "\n# a heading\n" + `"""`, "!pip install -q transformers", "%env HF_TOKEN",
		"notebook_login()", "interpreter_login('hf_x')", "login( 'hf_x')", "huggingface_hub.login(\n'hf_x')",
		"f(token  =  'hf_x')", "f(token\n= 'hf_x')", "wandb.login(key='0123')", "HfFolder.save_token('hf_x')",
		"!huggingface-cli login --token hf_x", "!wandb login 0123", "h = {'Authorization': 'BEARER xyz'}",
		"if token == 'x': pass", "api.set_access_token('hf_x')",
		// Names cut out of longer runs, spelled by escapes or quoted in
		// pieces: the prechecks must not take them for something else.
		"tokenizer.pad_token = tokenizer.eos_token", "sorted(xs, key=len)", "print(tokenizer)",
		`print(os.environ["HF_\x54OKEN"])`, `print(os.environ["HF_\124OKEN"])`, `print(os.getenv("HF_\u0054OKEN"))`,
		"print(3hf_token)", "print(\u00e9hf_token)", "print(hf_token\u00e9)", "print(HF_TOKEN\u00e9)", "display(\u00c9HF_TOKEN)",
		"print(api_\u212aey)", "!echo $HF_TOKEN\u00e9", "!printenv \"HF_\"TOKEN", "!echo ${hf_token}", `print(f"{ hf_token = }")`,
		"f(3token='hf_x')", "f(\u00e9token='hf_x')", "f(api_key # the key\n = 'hf_x')", "f(use_auth_token='hf_x')",
		"print(os.environ['CLIENT_SECRET'])", "!echo $MY_SECRET",
		`ApikeY="A0002901B8171Cab`, "API_KEY = 'Zq81Lm02Xc93Vb47Nn\nx = 1", // strings never closed
	}
	for _, r := range rules.Default() {
		if r.Kind == rules.Practice {
			pieces = append(pieces, r.Samples.True...)
			pieces = append(pieces, r.Samples.False...)
		}
	}
	var cells []string
	for _, a := range pieces {
		cells = append(cells, a, a+"\n", a+"\n\n# done\n", "\n"+a)
		for _, b := range pieces {
			cells = append(cells, a+"\n"+b, a+"\n"+b+"\n   \n#x")
		}
	}
	var c codeCtx
	m := mustMatcher(rules.Default())
	checked := 0
	for _, r := range m.rules {
		may := detectors[r.Detector].mayFire
		if may == nil {
			continue
		}
		for _, cell := range cells {
			for _, kind := range []codeKind{cellCode, pythonCode} {
				c.reset([]byte(cell), kind)
				c.rule, c.hits = r, nil
				detectors[r.Detector].detect(&c)
				text := rawText([]byte(cell))
				if len(c.hits) > 0 && !may(text, kind, m.keywords.scan(text.Data)) {
					t.Fatalf("%s: mayFire is false on %q (kind %d), which the detector flags", r.ID, cell, kind)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no detector has a mayFire test: this test checks nothing")
	}
	// And they do skip what they should: a transformers cell with no
	// print, a notebook_login() cell.
	cell := "out = model.generate(**inputs, max_new_tokens=20, pad_token_id=tok.eos_token_id)\nlen(out)"
	if printedMayFire(rawText([]byte(cell)), cellCode, m.keywords.scan([]byte(cell))) || !strings.Contains(cell, "_token") {
		t.Errorf("printedMayFire is true on %q, or the cell lacks the keyword", cell)
	}
	cell = "tokenizer = AutoTokenizer.from_pretrained(name)\nprint(tokenizer.decode(ids))"
	if printedMayFire(rawText([]byte(cell)), cellCode, m.keywords.scan([]byte(cell))) {
		t.Errorf("printedMayFire is true on %q", cell)
	}
	cell = "tokenizer.pad_token = tokenizer.eos_token\nbatch = sorted(xs, key=len)"
	if argMayFire(rawText([]byte(cell)), cellCode, m.keywords.scan([]byte(cell))) {
		t.Errorf("argMayFire is true on %q", cell)
	}
	cell = "from huggingface_hub import notebook_login\nnotebook_login()"
	if argMayFire(rawText([]byte(cell)), cellCode, m.keywords.scan([]byte(cell))) {
		t.Errorf("argMayFire is true on %q", cell)
	}
}

// The prechecks lean on keywords found in a notebook's raw JSON. A word
// spelled with a \u escape is not in the raw bytes, so a cell decoded
// from any such escape is searched again, decoded.
func TestMayFireSeesThroughUnicodeEscapes(t *testing.T) {
	nb := []byte(`{"cells": [{"cell_type": "code", "source": ["hf_token = get()\n", "pr\u0069nt(hf_token)"]}], "metadata": {}}`)
	fs, _ := scanBytes("escaped.ipynb", nb)
	for _, f := range fs {
		if f.Rule.ID == "token-printed" {
			return
		}
	}
	t.Fatalf("no token-printed finding in %s: %v", nb, fs)
}

// Every practice detector sits at its own id and has code; every practice
// rule names one.
func TestDetectorsByTypedID(t *testing.T) {
	for i, d := range detectors {
		if d.id != rules.Detector(i) {
			t.Errorf("entry %d holds detector %d", i, d.id)
		}
		if (d.detect == nil) != (d.id == rules.DetectNone) {
			t.Errorf("detector %d: code %v", d.id, d.detect != nil)
		}
	}
	for _, r := range rules.Default() {
		if (r.Kind == rules.Practice) != (r.Detector != rules.DetectNone) {
			t.Errorf("%s: kind %v, detector %d", r.ID, r.Kind, r.Detector)
		}
	}
}

// namesToken's quick no (the last byte, the suffixes) must never turn
// away a name that IsTokenName or IsTokenEnvVar accepts: names made of
// the words those predicates look at, in every case and order, and every
// variable they list.
func TestNamesTokenAgreesWithThePredicates(t *testing.T) {
	parts := []string{
		"hf", "Hf", "HF", "api", "Api", "API", "my", "open", "token", "Token", "TOKEN", "TOken", "key", "Key", "KEY",
		"apikey", "ApiKey", "APIKEY", "SECRET", "Secret", "PAT", "pat", "ACCESS", "_", "__", "2", "x",
		"\u212aey", "to\u212aen", "\u00e9", "tokenizer", "keys", "PUBLIC", "DISABLE",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	names := slices.Clone(rules.TokenEnvVars)
	for range 200000 {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		names = append(names, b.String())
	}
	accepted := 0
	for _, name := range names {
		want := rules.IsTokenName(name) || rules.IsTokenEnvVar(name)
		if got := namesToken([]byte(name)); got != want {
			t.Fatalf("namesToken(%q) = %v, the predicates say %v", name, got, want)
		}
		if want {
			accepted++
		}
	}
	if accepted < 1000 {
		t.Fatalf("only %d of the names are credentials: the test checks little", accepted)
	}
}

// holdsTokenName skips most names without a call; it must agree with
// trying namesToken on every run of name bytes and on each piece of it
// between non-ASCII bytes.
func TestHoldsTokenNameAgreesWithEveryRun(t *testing.T) {
	parts := []string{"hf_token", "HF_TOKEN", "tokenizer", "api_key", "keys", "MY_SECRET", "GH_PAT", "pad_token_id",
		"x", "_", "__", " ", "(", ".", "=", "'", "\n", "\u00e9", "\u4e2d", "\u212aey", "2", "Token", "TOKEN_", "print"}
	rng := rand.New(rand.NewPCG(3, 4))
	isRun := func(r rune) bool { return r >= utf8.RuneSelf || r < utf8.RuneSelf && nameRunBytes[byte(r)] }
	for range 100000 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		src := b.String()
		want := false
		for _, run := range strings.FieldsFunc(src, func(r rune) bool { return !isRun(r) }) {
			want = want || namesToken([]byte(run))
			for _, piece := range strings.FieldsFunc(run, func(r rune) bool { return r >= utf8.RuneSelf }) {
				want = want || namesToken([]byte(piece))
			}
		}
		if got := holdsTokenName([]byte(src)); got != want {
			t.Fatalf("holdsTokenName(%q) = %v, want %v", src, got, want)
		}
	}
}

// indexByRareByte finds a word by its rarest byte; it must find what
// bytes.Index finds, first occurrence first.
func TestIndexByRareByteAgreesWithIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	words := append(slices.Clone(rules.CredentialCalls), "key", "token", "zz", "a")
	const alphabet = "loginsave_tkerpz"
	for range 20000 {
		b := make([]byte, rng.IntN(60))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		w := words[rng.IntN(len(words))]
		if at := rng.IntN(len(b) + 1); rng.IntN(2) == 0 {
			b = append(b[:at], append([]byte(w), b[at:]...)...)
		}
		if got, want := indexByRareByte(b, newRareWord(w)), bytes.Index(b, []byte(w)); got != want {
			t.Fatalf("indexByRareByte(%q, %q) = %d, want %d", b, w, got, want)
		}
	}
}

// containsFold reads short and long texts two ways; both must find a word
// in any case, anywhere, and nothing else.
func TestContainsFold(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const alphabet = "bBeEaArR_ x"
	for range 20000 {
		b := make([]byte, rng.IntN(150))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		if at := rng.IntN(len(b) + 1); rng.IntN(2) == 0 { // the word, each letter in either case
			w := []byte("bearer")
			for i := range w {
				w[i] &^= byte(rng.IntN(2)) << 5
			}
			b = append(b[:at], append(w, b[at:]...)...)
		}
		want := strings.Contains(strings.ToLower(string(b)), "bearer")
		if got := containsFold(b, "bearer"); got != want {
			t.Fatalf("containsFold(%q, bearer) = %v", b, got)
		}
	}
}
