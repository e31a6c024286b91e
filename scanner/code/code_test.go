package code

import (
	"strings"
	"testing"
)

func kinds(toks []Token) string {
	var b strings.Builder
	for _, t := range toks {
		switch t.Kind {
		case Name:
			b.WriteString("N(" + t.Text + ")")
		case String:
			b.WriteString("S(" + t.Str.Value + ")")
		case Number:
			b.WriteString("0")
		case Op:
			b.WriteString(t.Text)
		case Newline:
			b.WriteString(";")
		case Shell:
			b.WriteString("!(" + t.Text + ")")
		case Magic:
			b.WriteString("%(" + t.Text + ")")
		}
	}
	return b.String()
}

func TestTokenize(t *testing.T) {
	for _, c := range []struct {
		src  string
		mode Mode
		want string
	}{
		{`x = "a\"b"  # comment "c"`, PythonFile, `N(x)=S(a\"b);`},
		{"f(a,\n  b=rb'x')\ny", PythonFile, `N(f)(N(a),N(b)=S(x));N(y);`},
		{"s = '''one\n'two'\n'''", PythonFile, "N(s)=S(one\n'two'\n);"},
		{"x = 1 + \\\n  2", PythonFile, "N(x)=0+0;"},
		{"!pip install x\nimport os", Cell, "!(pip install x);N(import)N(os);"},
		{"%env HF_TOKEN=abc\nx", Cell, "%(env HF_TOKEN=abc);N(x);"},
		{"%%bash\necho $HF_TOKEN\n", Cell, "!(echo $HF_TOKEN\n)"},
		{"%%capture\nx = 1", Cell, "N(x)=0;"},
		{"%%writefile a.py\nx = 'hf'", Cell, ""},
		{"files = !ls\nn", Cell, "N(files)=!(ls);N(n);"},
		{"if a == b: pass", PythonFile, "N(if)N(a)==N(b):N(pass);"},
		{"é = 'ü'", PythonFile, "N(é)=S(ü);"},
		{"x = 'unterminated\ny = 2", PythonFile, "N(x)=S(unterminated);N(y)=0;"},
	} {
		if got := kinds(Tokenize(c.src, c.mode)); got != c.want {
			t.Errorf("%q:\n got  %s\n want %s", c.src, got, c.want)
		}
	}
}

func TestFStrings(t *testing.T) {
	toks := Tokenize(`a = f"Bearer {hf_token}"; b = f"{{literal}}"; c = "x{y}"`, PythonFile)
	var lits []*StrLit
	for _, tk := range toks {
		if tk.Kind == String {
			lits = append(lits, tk.Str)
		}
	}
	if len(lits) != 3 || lits[0].Literal() || !lits[1].Literal() || !lits[2].Literal() {
		t.Fatalf("literal-ness wrong: %+v %+v %+v", lits[0], lits[1], lits[2])
	}
	if len(lits[0].Exprs) != 1 || lits[0].Exprs[0] != "hf_token" {
		t.Fatalf("exprs %q", lits[0].Exprs)
	}
}

func TestShellCommands(t *testing.T) {
	src := `export A="x y" B=$C && huggingface-cli login --token 'lit' # note` + "\necho {tok} | cat > out.txt"
	cmds := ShellCommands(src, 0, len(src))
	var got []string
	for _, c := range cmds {
		var ws []string
		for _, w := range c {
			s := w.Value
			if w.Expands {
				s += "$"
			}
			ws = append(ws, s)
		}
		got = append(got, strings.Join(ws, " "))
	}
	want := []string{"export A=x y B=$C$", "huggingface-cli login --token lit", "echo {tok}$", "cat > out.txt"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	for _, c := range cmds {
		for _, w := range c {
			if src[w.Start:w.End] != w.Text {
				t.Fatalf("word %q does not sit at %d:%d", w.Text, w.Start, w.End)
			}
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"x = f'{a!r:>{w}}'", "%%bash\necho $X", "!ls \\\n -l", "'''", "f(\"\\", "%env", "r'\\'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, mode := range []Mode{PythonFile, Cell} {
			for _, tk := range Tokenize(s, mode) {
				if tk.Start < 0 || tk.End > len(s) || tk.Start > tk.End {
					t.Fatalf("token %+v outside the source (len %d)", tk, len(s))
				}
				if tk.Str != nil && (tk.Str.ValueStart < tk.Start || tk.Str.ValueStart+len(tk.Str.Value) > tk.End) {
					t.Fatalf("string value outside its token: %+v", tk)
				}
			}
		}
	})
}

func FuzzShell(f *testing.F) {
	for _, s := range []string{"a='b' \"c$d\" {e} > f", "echo \\", "x=\"", "{{{"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range ShellCommands(s, 0, len(s)) {
			for _, w := range c {
				if w.Start < 0 || w.End > len(s) || w.Start >= w.End || s[w.Start:w.End] != w.Text {
					t.Fatalf("word %+v does not sit in %q", w, s)
				}
			}
		}
	})
}

// BenchmarkTokenize reads a typical transformers cell, as the practice
// rules do for every code cell whose keywords call for them.
func BenchmarkTokenize(b *testing.B) {
	src := strings.Repeat(`from transformers import AutoTokenizer, AutoModelForCausalLM
tokenizer = AutoTokenizer.from_pretrained("gpt2", use_fast=True)
model = AutoModelForCausalLM.from_pretrained("gpt2")  # the small one
inputs = tokenizer("Hello, my dog is cute", return_tensors="pt")
outputs = model.generate(**inputs, max_new_tokens=20, pad_token_id=tokenizer.eos_token_id)
print(f"{len(outputs[0])} tokens:", tokenizer.decode(outputs[0], skip_special_tokens=True))
!pip install -q datasets
`, 20)
	var toks []Token
	b.SetBytes(int64(len(src)))
	for range b.N {
		toks = TokenizeInto(toks[:0], src, Cell)
	}
}
