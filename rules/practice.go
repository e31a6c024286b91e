package rules

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// TokenEnvVars are the environment variables that hold credentials: the
// Hugging Face ones first, then the other providers' that sit beside them
// in notebooks. IsTokenEnvVar also accepts names by their suffix.
var TokenEnvVars = []string{
	"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACEHUB_API_TOKEN", "HF_API_TOKEN", "HUGGINGFACE_TOKEN",
	"HF_HUB_TOKEN", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GITHUB_TOKEN", "GH_TOKEN", "WANDB_API_KEY",
	"KAGGLE_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"REPLICATE_API_TOKEN", "GROQ_API_KEY", "LANGCHAIN_API_KEY", "LANGSMITH_API_KEY", "TOGETHER_API_KEY",
	"COHERE_API_KEY", "CO_API_KEY", "MISTRAL_API_KEY", "PINECONE_API_KEY", "PERPLEXITY_API_KEY",
	"COMET_API_KEY", "NEPTUNE_API_TOKEN", "SERPAPI_API_KEY", "TAVILY_API_KEY",
}

// tokenEnvSuffixes make any variable so named a credential.
var tokenEnvSuffixes = []string{"_TOKEN", "_API_KEY", "_APIKEY", "_SECRET_KEY", "_SECRET", "_ACCESS_KEY", "_PAT"}

// IsTokenEnvVar reports whether an environment variable holds a credential.
func IsTokenEnvVar(name string) bool {
	for _, v := range TokenEnvVars {
		if name == v {
			return true
		}
	}
	if name != strings.ToUpper(name) || strings.Contains(name, "PUBLIC") || strings.Contains(name, "DISABLE") {
		return false
	}
	for _, s := range tokenEnvSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// CredentialKeywords are keyword arguments that take a credential.
var CredentialKeywords = []string{
	"token", "use_auth_token", "hf_token", "api_key", "api_token", "access_token", "auth_token",
	"huggingfacehub_api_token", "openai_api_key", "anthropic_api_key", "groq_api_key",
}

// NotCredentialCalls take a token= keyword that is not a credential:
// diffusers' textual inversion names its trigger word "token".
var NotCredentialCalls = []string{"load_textual_inversion"}

// CredentialCalls take a credential as their first positional argument.
var CredentialCalls = []string{"login", "save_token", "set_access_token", "interpreter_login"}

// IsTokenName reports whether a Python name holds a credential: token,
// hf_token, HF_TOKEN, access_token, api_key, openai_api_key… but not the
// vocabulary tokens of a tokenizer (pad_token, eos_token) nor tokens,
// tokenizer, max_tokens.
func IsTokenName(name string) bool {
	if IsTokenEnvVar(name) && !strings.Contains(name, "SECRET") {
		return true
	}
	last, prev, n := lastWords(name)
	switch {
	case n == 0:
		return false
	case last == "token":
		// A bare "token" is as often a tokenizer's vocabulary item.
		return n > 1 && tokenOwners[prev]
	case last == "apikey":
		return true
	case n >= 2 && last == "key" && prev == "api":
		return true
	}
	return false
}

// lastWords returns the last two words of name as nameWords splits it
// (prev is "" when n, the number of words up to two, is below 2). An
// ASCII name is read from its end, with no list of all its words: the
// scanner asks this of every name that ends in token.
func lastWords(name string) (last, prev string, n int) {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			words := nameWords(name)
			n = min(len(words), 2)
			if n > 0 {
				last = words[len(words)-1]
			}
			if n > 1 {
				prev = words[len(words)-2]
			}
			return last, prev, n
		}
	}
	end := len(name)
	for n < 2 {
		for end > 0 && name[end-1] == '_' {
			end--
		}
		if end == 0 {
			break
		}
		start := end - 1
		for ; start > 0; start-- {
			c, before := name[start], name[start-1]
			if before == '_' || c >= 'A' && c <= 'Z' && before >= 'a' && before <= 'z' {
				break
			}
		}
		w := strings.ToLower(name[start:end])
		if n == 0 {
			last = w
		} else {
			prev = w
		}
		n++
		end = start
	}
	return last, prev, n
}

// IsTokenPath reports whether a file path or name says the file holds a
// credential: huggingface_token.txt, ~/.cache/huggingface/token,
// secrets.json, api_key.txt — but not tokenizer.json or
// token_identifier.txt.
func IsTokenPath(p string) bool {
	var words []string
	for _, w := range pathWords().FindAllString(p, -1) {
		words = append(words, strings.ToLower(w))
	}
	for i, w := range words {
		switch w {
		case "secret", "secrets", "apikey", "credential", "credentials", "password":
			return true
		case "key":
			if i > 0 && words[i-1] == "api" {
				return true
			}
		case "token":
			if i > 0 && tokenOwners[words[i-1]] {
				return true
			}
		}
	}
	base := p[strings.LastIndexAny(p, `/\`)+1:]
	if dot := strings.IndexByte(base, '.'); dot > 0 {
		base = base[:dot]
	}
	return strings.EqualFold(base, "token")
}

// pathWords is compiled on first use, as the rules' patterns are.
var pathWords = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[A-Z]+[a-z]*|[a-z]+|[0-9]+`) })

// tokenOwners are words that, before "token", make it a credential.
var tokenOwners = map[string]bool{
	"hf": true, "hub": true, "huggingface": true, "face": true, "api": true, "access": true,
	"auth": true, "bearer": true, "user": true, "write": true, "read": true, "org": true,
	"personal": true, "github": true, "gh": true, "wandb": true, "openai": true, "login": true,
	"my": true, "your": true, "secret": true, "hugging": true, "private": true, "inference": true,
}

// nameWords splits snake_case and camelCase into lower-case words.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = nil
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case r == '_':
			flush()
		case r >= 'A' && r <= 'Z' && i > 0 && rs[i-1] >= 'a' && rs[i-1] <= 'z':
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

func practiceRules() []*Rule {
	practice := func(r *Rule) *Rule {
		r.Kind = Practice
		if r.Precision == "" {
			r.Precision = "high"
		}
		r.Tags = append([]string{"security", "practice"}, r.Tags...)
		return r
	}
	return []*Rule{
		practice(&Rule{
			ID:       "hardcoded-token-env",
			Fix:      "set the variable outside the code (Colab Secrets, the shell, CI secrets), not in it — hfscan fix removes the assignment",
			Detector: DetectHardcodedEnv,
			Level:    Warning,
			Title:    "Token hard-coded into an environment variable",
			Description: "A string literal is assigned to a credential environment variable (HF_TOKEN, OPENAI_API_KEY, …) " +
				"in code, so the token is saved with the notebook or script.",
			Help: "A literal is assigned to a credential environment variable in code " +
				"(`os.environ[\"HF_TOKEN\"] = \"…\"`, `%env HF_TOKEN=…`, `export HF_TOKEN=…`). The guides call this " +
				"\"not recommended\": the token is then stored in the `.ipynb` or script and travels with every copy.\n\n" +
				practiceFix,
			Keywords:         []string{"environ", "putenv", "env ", "export "},
			Requires:         []string{"TOKEN", "KEY", "SECRET", "_PAT"},
			SecuritySeverity: 7.5,
			Samples: Samples{
				True: []string{
					`os.environ["HF_TOKEN"] = "your_hugging_face_token_here"`,
					`os.environ['HF_TOKEN'] = 'hf_your_token_here'`,
					`os.environ.setdefault("OPENAI_API_KEY", "sk-...")`,
					`from os import environ` + "\n" + `environ["HUGGINGFACEHUB_API_TOKEN"] = "paste-here"`,
					`%env HF_TOKEN=hf_...`,
					`!export HF_TOKEN=hf_...`,
					`os.environ.update({"HF_TOKEN": "xyz123"})`,
				},
				False: []string{
					`os.environ["HF_TOKEN"] = userdata.get('HF_TOKEN')`,
					`os.environ["HF_TOKEN"] = hf_token`,
					`hf_token = os.environ.get('HF_TOKEN')`,
					`os.environ["TOKENIZERS_PARALLELISM"] = "false"`,
					`os.environ["AZURE_API_KEY"] = ""`,
					`# os.environ["HF_TOKEN"] = "hf_..."`,
					`"""Set os.environ["HF_TOKEN"] = "hf_..." before running."""`,
					`os.environ["HF_TOKEN"] = f"{prefix}{key}"`,
					`%env HF_TOKEN=$SECRET`,
				},
			},
		}),
		practice(&Rule{
			ID:       "hardcoded-token-arg",
			Fix:      "pass no token (the libraries read HF_TOKEN) or read it at run time — hfscan fix rewrites the call",
			Detector: DetectHardcodedArg,
			Level:    Warning,
			Title:    "Token passed as a literal",
			Description: "A string literal is passed where a credential goes (login(\"…\"), token=\"…\", " +
				"Authorization: Bearer …, huggingface-cli login --token …), so the token is saved with the code.",
			Help: "A credential is written as a literal in a call: `login(\"…\")`, `HfApi(token=\"…\")`, " +
				"`from_pretrained(…, token=\"…\")`, an `Authorization: Bearer …` header, " +
				"`huggingface-cli login --token …`. The guides say: don't store tokens in `.ipynb` files.\n\n" + practiceFix,
			Keywords:         []string{"token=", "token =", "key=", "key =", "login", "save_token", "Bearer", "bearer", "--token"},
			SecuritySeverity: 7.5,
			Samples: Samples{
				True: []string{
					`from huggingface_hub import login` + "\n" + `login("your_token_here")`,
					`api = HfApi(token="hf_...")`,
					`model = AutoModel.from_pretrained("org/private", token="hf_xxx")`,
					`hf_hub_download(repo_id="x/y", filename="a.bin",` + "\n" + `    token="my-token")`,
					`headers = {"Authorization": "Bearer hf_..."}`,
					`!huggingface-cli login --token hf_...`,
					`client = OpenAI(api_key="sk-...")`,
				},
				False: []string{
					`login()`,
					`notebook_login()`,
					`login(token=os.environ["HF_TOKEN"])`,
					`api = HfApi(token=hf_token)`,
					`headers = {"Authorization": f"Bearer {hf_token}"}`,
					`headers = {"Authorization": "Bearer " + hf_token}`,
					`model = AutoModel.from_pretrained("gpt2", token=True)`,
					`tokenizer("hello", return_tensors="pt")`,
					`!huggingface-cli login --token $HF_TOKEN`,
					`!huggingface-cli login --token {hf_token}`,
					`# login("hf_...")`,
				},
			},
		}),
		practice(&Rule{
			ID:       "token-plaintext-file",
			Fix:      "do not write the token to a file: keep it in Colab Secrets (userdata.get('HF_TOKEN')) or the environment",
			Detector: DetectPlaintextFile,
			Level:    Warning,
			Title:    "Token written to a plain file",
			Description: "A token is written to a plain file (open(…, 'w').write(token), Path.write_text(token)); " +
				"on /content/drive/ it is stored in clear on Google Drive.",
			Help: "A token is written to a plain-text file. Option A of the first guide stores the token in " +
				"`/content/drive/My Drive/…` this way: anyone the Drive folder is shared with, and every " +
				"sync and backup, gets it in clear.\n\n" + practiceFix,
			Keywords:         []string{"write"},
			Requires:         []string{"open(", "write_text"},
			SecuritySeverity: 6.5,
			Samples: Samples{
				True: []string{
					"token_path = '/content/drive/My Drive/huggingface_token.txt'\nwith open(token_path, 'w') as file:\n    file.write('your_hugging_face_token_here')",
					`open("/content/drive/MyDrive/hf.txt", "w").write(hf_token)`,
					`Path("~/.cache/token").write_text(os.environ["HF_TOKEN"])`,
					"f = open('secrets.txt', 'a')\nf.write(api_key)",
				},
				False: []string{
					"with open(token_path, 'r') as file:\n    hf_token = file.read().strip()",
					"with open('out.txt', 'w') as f:\n    f.write(text)",
					"with open('tokenizer.json', 'w') as f:\n    f.write(json.dumps(vocab))",
					`Path("README.md").write_text(card)`,
				},
			},
		}),
		practice(&Rule{
			ID:       "token-printed",
			Fix:      "print only whether a token is set, and clear the outputs that show one",
			Detector: DetectPrinted,
			Level:    Warning,
			Title:    "Token sent to the output",
			Description: "A token is printed or displayed (print(hf_token), !echo $HF_TOKEN, %env); " +
				"outputs are saved into the notebook file.",
			Help: "A token is written to the cell output. Notebook outputs are saved into the `.ipynb`, so the " +
				"token is stored with the notebook even when the code reads it safely.\n\nPrint only that " +
				"a token is set (`print(\"HF_TOKEN set:\", bool(hf_token))`), and clear outputs that show one.\n\n" +
				practiceFix,
			Keywords:         []string{"print", "display", "echo", "%env", "printenv", "_token", "_key", "TOKEN", "KEY"},
			Requires:         []string{"_token", "_TOKEN", "Token", "TOKEN", "_key", "_KEY", "KEY", "apikey", "apiKey", "%env"},
			SecuritySeverity: 5.5,
			Samples: Samples{
				True: []string{
					`print(hf_token)`,
					`print(os.environ["HF_TOKEN"])`,
					`print(f"Using token {hf_token}")`,
					`print("token:", os.getenv("OPENAI_API_KEY"))`,
					`!echo $HF_TOKEN`,
					`%env`,
					`%env HF_TOKEN`,
				},
				False: []string{
					`print(tokenizer.pad_token)`,
					`print(len(hf_token))`,
					`print("HF_TOKEN set:", bool(hf_token))`,
					`print(response.json())`,
					`print(tokens)`,
					`!echo $HOME`,
					`# print(hf_token)`,
				},
			},
		}),
		practice(&Rule{
			ID:          "deprecated-set-access-token",
			Fix:         "call login() once, or pass token= to the call that needs it — hfscan fix rewrites the call",
			Detector:    DetectSetAccessToken,
			Level:       Note,
			Title:       "HfApi.set_access_token was removed",
			Description: "HfApi().set_access_token(…) was removed from huggingface_hub; the call fails on current versions.",
			Help: "`HfApi.set_access_token` was deprecated and then removed from `huggingface_hub`. Use " +
				"`login()` / `notebook_login()` once, or pass `token=` to the call that needs it " +
				"(`HfApi(token=os.environ[\"HF_TOKEN\"])`).\n\n" + practiceFix,
			Keywords:         []string{"set_access_token"},
			Precision:        "very-high",
			SecuritySeverity: 2.0,
			Samples: Samples{
				True:  []string{"api = HfApi()\napi.set_access_token(os.environ[\"HF_TOKEN\"])", `HfApi().set_access_token(tok)`},
				False: []string{`# api.set_access_token(token)`, `login(token=os.environ["HF_TOKEN"])`, `x = "api.set_access_token(t)"`},
			},
		}),
		practice(&Rule{
			ID:          "deprecated-use-auth-token",
			Fix:         "write token= instead — hfscan fix renames it",
			Detector:    DetectUseAuthToken,
			Level:       Note,
			Title:       "use_auth_token= is deprecated",
			Description: "The use_auth_token= keyword is deprecated in transformers, datasets and huggingface_hub; use token=.",
			Help: "`use_auth_token=` is deprecated (and removed in recent releases) in `transformers`, " +
				"`datasets`, `diffusers` and `huggingface_hub`. Pass `token=` instead — or nothing, after " +
				"`login()`, since the libraries read the stored token and `HF_TOKEN` themselves.\n\n" + practiceFix,
			Keywords:         []string{"use_auth_token"},
			Precision:        "very-high",
			SecuritySeverity: 2.0,
			Samples: Samples{
				True: []string{
					"pipe = pipeline(\"text-classification\", model=\"distilbert-base-uncased-finetuned-sst-2-english\",\n                use_auth_token=hf_token)",
					`ds = load_dataset("org/private", use_auth_token=True)`,
				},
				False: []string{
					`ds = load_dataset("org/private", token=True)`,
					`# use_auth_token=True`,
					`"""use_auth_token=True is deprecated"""`,
					`if use_auth_token == True: pass`,
				},
			},
		}),
		genericCredentialRule(practice),
	}
}

// genericCredentialRule finds keys that have no format of their own (a
// weather or market-data API key): a literal that looks like a credential,
// assigned in code to a target named for one. Both halves must hold, and
// the literal must pass the placeholder filter and an entropy floor, so
// that commit SHAs, ids, model names and revisions — assigned to targets
// named otherwise — stay silent.
func genericCredentialRule(practice func(*Rule) *Rule) *Rule {
	weather := FakeFrom("", Alnum, 32, "generic weather")
	market := FakeFrom("", Hex, 32, "generic market")
	pass := FakeFrom("", Base64URL, 20, "generic password")
	return practice(&Rule{
		ID:       "generic-credential",
		Fix:      "revoke or rotate it at its provider and read it from an environment variable — hfscan fix rewrites the code",
		Detector: DetectGenericCredential,
		Level:    Error,
		Title:    "Hard-coded credential",
		Description: "A literal that looks like a key (long, random, no spaces) is assigned in code to a credential: " +
			"a *_API_KEY, *_SECRET or *_TOKEN variable, an api_key=, secret= or password= argument, a dict entry so named.",
		Help: "A credential of a provider without a format of its own is written in the code. Anyone who reads the " +
			"file can use it as you.\n\n**Fix it**\n\n1. Treat it as leaked: revoke or rotate it at the provider.\n" +
			keepSecretsOut("THE_API_KEY"),
		// Names of credentials; the detector then asks the literal.
		// Narrow on purpose: "key" and "token" stand in nearly every
		// notebook's widget state and tokenizer code.
		Keywords: []string{"KEY", "_key", "apikey", "ApiKey", "SECRET", "secret", "Secret", "_TOKEN", "_token", "_PAT",
			"PASSWORD", "password", "passwd"},
		Precision:        "medium",
		SecuritySeverity: 8.0,
		Samples: Samples{
			True: []string{
				`WEATHER_API_KEY = "` + weather + `"`,
				`client = MarketClient(api_key="` + market + `")`,
				`db = connect(user="admin", password="` + pass + `")`,
				`config = {"api_secret": "` + weather + `"}`,
			},
			False: []string{
				`WEATHER_API_KEY = "your_api_key_here"`,
				`WEATHER_API_KEY = os.environ["WEATHER_API_KEY"]`,
				`revision = "` + market + `"`,
				`tokenizer.pad_token = tokenizer.eos_token`,
				`API_KEY = "sk-..."`,
				`password = "password123"`,
				`SECRET_KEY = "django-insecure-change-me"`,
				`api_key = "https://example.com/api/v1/keys"`,
				`model_id = "sentence-transformers/all-MiniLM-L6-v2"`,
				`# WEATHER_API_KEY = "` + weather + `"`,
			},
		},
	})
}
