package rules

import (
	"regexp"
	"strings"
)

// keepSecretsOut is the fix shared by every secret rule, in the Colab
// guides' terms; envVar is where the credential belongs instead.
func keepSecretsOut(envVar string) string {
	return "2. Never write the new credential into code or a notebook. Read it at run time:\n" +
		"   - in Colab, store it under **Secrets** (the key icon) as `" + envVar + "` and use\n" +
		"     `from google.colab import userdata; key = userdata.get('" + envVar + "')`;\n" +
		"   - in scripts and CI, set the `" + envVar + "` environment variable outside the code and\n" +
		"     read it with `os.environ.get('" + envVar + "')`.\n" +
		"3. Clear the notebook's outputs before saving if a cell ever printed it, and remove it from\n" +
		"   git history: deleting the line does not delete old commits or shared copies.\n"
}

// secretHelp is the help of a secret rule: what leaked, how to revoke it,
// how to keep the next one out of the file.
func secretHelp(what, revoke, envVar string) string {
	return what + " is stored in this file. Anyone who reads the file — a shared notebook, a git " +
		"clone, a Drive copy — can use it as you.\n\n**Fix it**\n\n1. Treat it as leaked: " + revoke +
		" Removing it from the file is not enough once the file was saved, shared or committed.\n" +
		keepSecretsOut(envVar)
}

const hfRevoke = "revoke it at <https://huggingface.co/settings/tokens> (\"Invalidate and refresh\") and create a new one."

// hfHelp is the fix for a Hugging Face token, in the guides' terms.
var hfHelp = "**Fix it**\n\n1. Treat the token as leaked: " + hfRevoke + " Removing it from the file is not " +
	"enough once the file was saved, shared or committed — it is still in old copies, in notebook " +
	"outputs and in git history.\n" +
	"2. Never write the new token into code or a notebook. Read it at run time:\n" +
	"   - in Colab, store it under **Secrets** (the key icon) as `HF_TOKEN` and use\n" +
	"     `from google.colab import userdata; hf_token = userdata.get('HF_TOKEN')`;\n" +
	"   - in Jupyter, run `from huggingface_hub import notebook_login; notebook_login()`;\n" +
	"   - in scripts and CI, set the `HF_TOKEN` environment variable outside the code and pass\n" +
	"     `token=os.environ[\"HF_TOKEN\"]` where a library needs it.\n" +
	"3. Clear the notebook's outputs before saving if a cell ever printed the token.\n"

// practiceFix is how the guides say a token should reach code.
const practiceFix = "**Do this instead**\n\n" +
	"- In Colab: add the token under **Secrets** (the key icon) as `HF_TOKEN`, grant the notebook " +
	"access, and read it with `from google.colab import userdata; hf_token = userdata.get('HF_TOKEN')`.\n" +
	"- In Jupyter: `from huggingface_hub import notebook_login; notebook_login()` stores the token " +
	"outside the notebook.\n" +
	"- In scripts: set `HF_TOKEN` in the environment before the program starts and pass " +
	"`token=os.environ[\"HF_TOKEN\"]` (huggingface_hub also reads `HF_TOKEN` by itself).\n" +
	"- If a real token was ever in this file or its outputs, revoke it at " +
	"<https://huggingface.co/settings/tokens> and create a new one.\n"

// Default returns a fresh copy of the full rule table, in the order rules
// are listed.
func Default() []*Rule {
	return append(secretRules(), practiceRules()...)
}

func secretRules() []*Rule {
	hfTok := Fake("hf_", 34, "hf-token sample")
	orgTok := Fake("api_org_", 34, "hf-org-token sample")
	openaiProj := FakeFrom("sk-proj-", Base64URL, 74, "openai proj a") + "T3BlbkFJ" + FakeFrom("", Base64URL, 74, "openai proj b")
	openaiSvc := FakeFrom("sk-svcacct-", Base64URL, 58, "openai svc a") + "T3BlbkFJ" + FakeFrom("", Base64URL, 58, "openai svc b")
	openaiAdmin := FakeFrom("sk-admin-", Base64URL, 58, "openai admin a") + "T3BlbkFJ" + FakeFrom("", Base64URL, 58, "openai admin b")
	openaiLegacy := FakeFrom("sk-", Alnum, 20, "openai legacy a") + "T3BlbkFJ" + FakeFrom("", Alnum, 20, "openai legacy b")
	anthropic := FakeFrom("sk-ant-api03-", Base64URL, 93, "anthropic") + "AA"
	anthropicAdmin := FakeFrom("sk-ant-admin01-", Base64URL, 93, "anthropic admin") + "AA"
	ghp := FakeFrom("ghp_", Alnum, 36, "github classic")
	ghs := FakeFrom("ghs_", Alnum, 36, "github app")
	ghPat := FakeFrom("github_pat_", Alnum+"_", 82, "github fine-grained")
	aws := FakeFrom("AKIA", Base32AWS, 16, "aws key id")
	google := FakeFrom("AIza", Base64URL, 35, "google api key")
	wandb := FakeFrom("", Hex, 40, "wandb key")
	kaggle := FakeFrom("", Hex, 32, "kaggle key")
	pemBody := FakeFrom("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", Base64Text, 64, "pem 1") + "\n" + FakeFrom("", Base64Text, 64, "pem 2") + "\n" + FakeFrom("", Base64Text, 40, "pem 3") + "=="
	pem := "-----BEGIN PRIVATE KEY-----\n" + pemBody + "\n-----END PRIVATE KEY-----"
	rsa := "-----BEGIN RSA PRIVATE KEY-----\n" + pemBody + "\n-----END RSA PRIVATE KEY-----"
	replicate := FakeFrom("r8_", Alnum, 37, "replicate")
	groq := FakeFrom("gsk_", Alnum, 48, "groq")
	langsmith := FakeFrom("lsv2_pt_", Hex, 32, "langsmith a") + "_" + FakeFrom("", Hex, 10, "langsmith b")
	together := FakeFrom("tgp_v1_", Base64URL, 43, "together")
	pplx := FakeFrom("pplx-", Alnum, 48, "perplexity")

	secret := func(r *Rule) *Rule {
		r.Kind = Secret
		r.Level = Error
		if r.Validators == nil {
			r.Validators = []Validator{notPlaceholder(r.Prefixes...)}
		}
		if r.Precision == "" {
			r.Precision = "very-high"
		}
		if r.SecuritySeverity == 0 {
			r.SecuritySeverity = 9.0
		}
		r.Tags = append([]string{"security", "secret"}, r.Tags...)
		return r.Compile()
	}
	return []*Rule{
		secret(&Rule{
			ID:    "hf-token",
			Title: "Hugging Face access token",
			Description: "A Hugging Face user access token (hf_…) is written in the file. " +
				"Whoever reads the file can use the Hub as its owner, with the token's read or write rights.",
			Help: "A Hugging Face user access token (`hf_` followed by 34 letters or digits) is stored " +
				"in this file.\n\n" + hfHelp,
			Keywords:  []string{"hf_"},
			AtKeyword: true,
			Pattern:   regexp.MustCompile(`hf_[A-Za-z0-9]{34}`),
			Bounded:   true,
			Prefixes:  []string{"hf_"},
			Tags:      []string{"huggingface"},
			Samples: Samples{
				True: []string{
					hfTok,
					`os.environ["HF_TOKEN"] = "` + hfTok + `"`,
					`login(token='` + hfTok + `')`,
					`HF_TOKEN=` + hfTok,
					`headers = {"Authorization": "Bearer ` + hfTok + `"}`,
					`!huggingface-cli login --token ` + hfTok,
					`print(f"token: {'` + hfTok + `'}")`,
					`x = "\n` + hfTok + `"`,
				},
				False: []string{
					`os.environ["HF_TOKEN"] = "hf_..."`,
					`os.environ['HF_TOKEN'] = 'hf_your_token_here'`,
					`file.write('your_hugging_face_token_here')`,
					`Copy the token (starts with ` + "`hf_...`" + `)`,
					`HF_TOKEN = "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`,
					`HF_TOKEN = "hf_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"`,
					`HF_TOKEN = "hf_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"`,
					`HF_TOKEN = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH"`,
					`HF_TOKEN = "hf_YOURTOKENHEREYOURTOKENHEREYOURTOK"`,
					`HF_TOKEN = "hf_ExampleExampleExampleExampleExamp"`,
					`x = "` + hfTok + `Q"`,
					`x = "` + hfTok[:len(hfTok)-1] + `"`,
					`x = "` + hfTok + `_v2"`,
					`name = "my` + hfTok + `"`,
					`HF_` + hfTok[3:],
					`from huggingface_hub import hf_hub_download`,
				},
			},
		}),
		secret(&Rule{
			ID:    "hf-org-token",
			Title: "Hugging Face organization API token (legacy)",
			Description: "A legacy Hugging Face organization token (api_org_…) is written in the file. " +
				"It acts for a whole organization on the Hub.",
			Help: "A legacy Hugging Face organization API token (`api_org_` followed by 34 letters or " +
				"digits) is stored in this file. Organization tokens are deprecated: replace it with a " +
				"fine-grained user access token scoped to the organization.\n\n" + hfHelp,
			Keywords:  []string{"api_org_"},
			AtKeyword: true,
			Pattern:   regexp.MustCompile(`api_org_[A-Za-z0-9]{34}`),
			Bounded:   true,
			Prefixes:  []string{"api_org_"},
			Tags:      []string{"huggingface"},
			Samples: Samples{
				True: []string{
					orgTok,
					`HUGGINGFACE_ORG_TOKEN=` + orgTok,
					`api = HfApi(token="` + orgTok + `")`,
				},
				False: []string{
					`token = "api_org_..."`,
					`token = "api_org_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`,
					`token = "api_org_your_org_token"`,
					`x = "` + orgTok + `9"`,
					`x = "my` + orgTok + `"`,
					`x = "` + orgTok[:len(orgTok)-1] + `"`,
				},
			},
		}),
		secret(&Rule{
			ID:          "openai-api-key",
			Title:       "OpenAI API key",
			Description: "An OpenAI API key (project, service-account, admin or legacy user key) is written in the file.",
			Help: secretHelp("An OpenAI API key (`sk-proj-…`, `sk-svcacct-…`, `sk-admin-…` or a legacy `sk-…` key)",
				"delete the key at <https://platform.openai.com/api-keys> (admin keys: <https://platform.openai.com/settings/organization/admin-keys>) and create a new one.",
				"OPENAI_API_KEY"),
			Keywords: []string{"T3BlbkFJ"},
			Pattern: regexp.MustCompile(`sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})` +
				`|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}`),
			Bounded: true, BoundExtra: "-",
			Prefixes: []string{"sk-", "sk-proj-", "sk-svcacct-", "sk-admin-"},
			Tags:     []string{"openai"},
			Samples: Samples{
				True: []string{
					`os.environ["OPENAI_API_KEY"] = "` + openaiProj + `"`,
					`client = OpenAI(api_key="` + openaiSvc + `")`,
					`OPENAI_ADMIN_KEY=` + openaiAdmin,
					`openai.api_key = '` + openaiLegacy + `'`,
				},
				False: []string{
					`os.environ["OPENAI_API_KEY"] = "sk-..."`,
					`OPENAI_API_KEY = "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`,
					`key = "` + strings.Replace(openaiLegacy, "T3BlbkFJ", "T3BlbkFK", 1) + `"`,
					`key = "` + openaiLegacy + `-x"`,
					`sk-learn is scikit-learn`,
				},
			},
		}),
		secret(&Rule{
			ID:          "anthropic-api-key",
			Title:       "Anthropic API key",
			Description: "An Anthropic API key (sk-ant-api03-… or an admin key) is written in the file.",
			Help: secretHelp("An Anthropic API key (`sk-ant-api03-…` or `sk-ant-admin01-…`)",
				"delete the key at <https://console.anthropic.com/settings/keys> and create a new one.",
				"ANTHROPIC_API_KEY"),
			Keywords:  []string{"sk-ant-api03-", "sk-ant-admin01-"},
			AtKeyword: true,
			Pattern:   regexp.MustCompile(`sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA`),
			Bounded:   true, BoundExtra: "-",
			Prefixes: []string{"sk-ant-api03-", "sk-ant-admin01-"},
			Tags:     []string{"anthropic"},
			Samples: Samples{
				True: []string{
					`client = anthropic.Anthropic(api_key="` + anthropic + `")`,
					`ANTHROPIC_ADMIN_KEY=` + anthropicAdmin,
				},
				False: []string{
					`ANTHROPIC_API_KEY="sk-ant-api03-..."`,
					`key = "` + anthropic[:len(anthropic)-2] + `BB"`,
					`key = "` + anthropic[:60] + `AA"`,
				},
			},
		}),
		secret(&Rule{
			ID:          "github-token",
			Title:       "GitHub token",
			Description: "A GitHub personal access token (classic ghp_… or fine-grained github_pat_…), OAuth, app or refresh token is written in the file.",
			Help: secretHelp("A GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` or `github_pat_`)",
				"revoke it at <https://github.com/settings/tokens> (fine-grained: <https://github.com/settings/personal-access-tokens>) and create a new one with the least scope that works.",
				"GITHUB_TOKEN"),
			Keywords:  []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
			AtKeyword: true,
			Pattern:   regexp.MustCompile(`gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}`),
			Bounded:   true,
			Prefixes:  []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
			Tags:      []string{"github"},
			Samples: Samples{
				True: []string{
					`!git clone https://` + ghp + `@github.com/jane/private.git`,
					`GITHUB_TOKEN=` + ghPat,
					`token: ` + ghs,
				},
				False: []string{
					`GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
					`t = "` + ghp + `x"`,
					`t = "` + ghp[:len(ghp)-1] + `"`,
					`ghx_` + ghp[4:],
				},
			},
		}),
		secret(&Rule{
			ID:          "aws-access-key-id",
			Title:       "AWS access key ID",
			Description: "An AWS access key ID (AKIA…, ASIA…) is written in the file; its secret access key is usually beside it.",
			Help: secretHelp("An AWS access key ID (and most likely its secret access key)",
				"deactivate and delete the access key in the IAM console (<https://console.aws.amazon.com/iam/home#/security_credentials>) and check CloudTrail for its use.",
				"AWS_ACCESS_KEY_ID") + "\nPrefer short-lived credentials (IAM roles, `aws sso login`) over access keys in notebooks.\n",
			Keywords:  []string{"AKIA", "ASIA", "ABIA", "ACCA", "A3T"},
			AtKeyword: true,
			Pattern:   regexp.MustCompile(`(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}`),
			Bounded:   true,
			Prefixes:  []string{"AKIA", "ASIA", "ABIA", "ACCA"},
			Validators: []Validator{notPlaceholder("AKIA", "ASIA", "ABIA", "ACCA", "A3T"), {
				Name: "not-aws-example", Accept: func(s string) bool { return !strings.HasSuffix(s, "EXAMPLE") },
			}},
			Precision: "high",
			Tags:      []string{"aws"},
			Samples: Samples{
				True: []string{
					`aws_access_key_id = "` + aws + `"`,
					`AWS_ACCESS_KEY_ID=` + aws,
				},
				False: []string{
					`aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"`,
					`id = "` + aws + `Z"`,
					`id = "` + strings.ToLower(aws) + `"`,
					`AKIA_PATH = "/tmp"`,
				},
			},
		}),
		secret(&Rule{
			ID:          "google-api-key",
			Title:       "Google API key",
			Description: "A Google API key (AIza…), as used for Gemini, Maps and other Google Cloud APIs, is written in the file.",
			Help: secretHelp("A Google API key (`AIza…`; Gemini / AI Studio keys have this form)",
				"delete or regenerate it at <https://console.cloud.google.com/apis/credentials> (Gemini keys: <https://aistudio.google.com/app/apikey>) and restrict the new key to the APIs it needs.",
				"GOOGLE_API_KEY"),
			Keywords:   []string{"AIza"},
			AtKeyword:  true,
			Pattern:    regexp.MustCompile(`AIza[0-9A-Za-z_-]{35}`),
			Bounded:    true,
			BoundExtra: "-",
			Prefixes:   []string{"AIza"},
			Precision:  "high",
			Tags:       []string{"google"},
			Samples: Samples{
				True: []string{
					`genai.configure(api_key="` + google + `")`,
					`GOOGLE_API_KEY=` + google,
				},
				False: []string{
					`GOOGLE_API_KEY="AIza..."`,
					`k = "` + google + `x"`,
					`k = "` + google[:len(google)-1] + `"`,
				},
			},
		}),
		secret(&Rule{
			ID:          "wandb-api-key",
			Title:       "Weights & Biases API key",
			Description: "A Weights & Biases API key (40 hex characters) is written next to wandb.login or WANDB_API_KEY.",
			Help: secretHelp("A Weights & Biases API key",
				"delete it at <https://wandb.ai/settings> (API keys) and create a new one.",
				"WANDB_API_KEY") + "\n`wandb login` without a key prompts for it and stores it in `~/.netrc`, outside the notebook.\n",
			Keywords:  []string{"wandb", "WANDB", "Wandb"},
			AtKeyword: true,
			Pattern: regexp.MustCompile(`(?i:wandb)[A-Za-z0-9_.'"\[\]( ]{0,30}?(?i:key)['"]?\s*\]?\s*[=:,]\s*['"]?([0-9a-f]{40})` +
				`|wandb\s+login\s+(?:--relogin\s+)?['"]?([0-9a-f]{40})`),
			SecretGroup: -1,
			Bounded:     true,
			Precision:   "high",
			Tags:        []string{"wandb"},
			Samples: Samples{
				True: []string{
					`wandb.login(key="` + wandb + `")`,
					`os.environ["WANDB_API_KEY"] = "` + wandb + `"`,
					`WANDB_API_KEY=` + wandb,
					`!wandb login ` + wandb,
				},
				False: []string{
					`wandb.login(key=os.environ["WANDB_API_KEY"])`,
					`run_id = "` + wandb + `"`,
					`wandb.login(key="0123456789abcdef0123456789abcdef01234567")`,
					`wandb.login(key="` + wandb + `0")`,
				},
			},
		}),
		secret(&Rule{
			ID:          "kaggle-key",
			Title:       "Kaggle API key",
			Description: "A Kaggle API key (the key of kaggle.json, or KAGGLE_KEY) is written in the file.",
			Help: secretHelp("A Kaggle API key",
				"expire it at <https://www.kaggle.com/settings> (API → \"Expire API Token\") and create a new one.",
				"KAGGLE_KEY") + "\nIn Colab, keep `KAGGLE_USERNAME` and `KAGGLE_KEY` in **Secrets**; never write `kaggle.json` from a cell.\n",
			Keywords:  []string{"KAGGLE_KEY", "username"},
			AtKeyword: true,
			Lead:      1, // the quote before "username"
			Pattern: regexp.MustCompile(`KAGGLE_KEY['"]?\s*\]?\s*[=:,]\s*['"]?([0-9a-f]{32})` +
				`|['"]username['"]\s*:\s*['"][^'"\n]*['"]\s*,\s*['"]key['"]\s*:\s*['"]([0-9a-f]{32})`),
			SecretGroup: -1,
			Bounded:     true,
			Precision:   "high",
			Tags:        []string{"kaggle"},
			Samples: Samples{
				True: []string{
					`{"username":"jane","key":"` + kaggle + `"}`,
					`!echo '{"username": "jane", "key": "` + kaggle + `"}' > ~/.kaggle/kaggle.json`,
					`os.environ['KAGGLE_KEY'] = '` + kaggle + `'`,
					`KAGGLE_KEY=` + kaggle,
				},
				False: []string{
					`{"username":"jane","key":"YOUR_KAGGLE_KEY"}`,
					`md5 = "` + kaggle + `"`,
					`KAGGLE_KEY=` + kaggle + `ff`,
				},
			},
		}),
		secret(&Rule{
			ID:          "private-key",
			Title:       "Private key",
			Description: "A PEM private key block (RSA, EC, OpenSSH, PKCS#8…) is written in the file.",
			Help: "A private key is stored in this file.\n\n**Fix it**\n\n1. Treat the key pair as compromised: " +
				"remove the public key wherever it grants access (servers' `authorized_keys`, deploy keys, " +
				"certificates) and make a new pair.\n2. Keep the new private key in a file outside the " +
				"repository or notebook, or in a secret manager (Colab **Secrets**), and load it at run time.\n",
			Keywords: []string{"PRIVATE KEY"},
			Pattern:  regexp.MustCompile(`-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s\\:,.-]{64,}?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----`),
			Prefixes: []string{"-----BEGIN "},
			Validators: []Validator{{Name: "has-key-body", Accept: func(s string) bool {
				body := s[strings.Index(s, "KEY-----")+8 : strings.LastIndex(s, "-----END")]
				return !IsPlaceholder(strings.Join(strings.Fields(strings.ReplaceAll(body, `\n`, " ")), ""))
			}}},
			Tags: []string{"private-key"},
			Samples: Samples{
				True: []string{pem, rsa, `key = "` + strings.ReplaceAll(rsa, "\n", `\n`) + `"`},
				False: []string{
					"-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
					"-----BEGIN PUBLIC KEY-----\n" + pemBody + "\n-----END PUBLIC KEY-----",
					"-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("A", 64) + "\n-----END PRIVATE KEY-----",
				},
			},
		}),
		secret(&Rule{
			ID:          "replicate-api-token",
			Title:       "Replicate API token",
			Description: "A Replicate API token (r8_…) is written in the file.",
			Help: secretHelp("A Replicate API token (`r8_…`)",
				"delete it at <https://replicate.com/account/api-tokens> and create a new one.", "REPLICATE_API_TOKEN"),
			Keywords:  []string{"r8_"},
			AtKeyword: true,
			Pattern:   regexp.MustCompile(`r8_[A-Za-z0-9]{37}`),
			Bounded:   true,
			Prefixes:  []string{"r8_"},
			Tags:      []string{"replicate"},
			Samples: Samples{
				True:  []string{`os.environ["REPLICATE_API_TOKEN"] = "` + replicate + `"`},
				False: []string{`REPLICATE_API_TOKEN="r8_..."`, `t = "` + replicate + `x"`, `ar8_` + replicate[3:]},
			},
		}),
		secret(&Rule{
			ID:          "groq-api-key",
			Title:       "Groq API key",
			Description: "A Groq API key (gsk_…) is written in the file.",
			Help: secretHelp("A Groq API key (`gsk_…`)",
				"delete it at <https://console.groq.com/keys> and create a new one.", "GROQ_API_KEY"),
			Keywords:  []string{"gsk_"},
			AtKeyword: true,
			Pattern:   regexp.MustCompile(`gsk_[A-Za-z0-9]{48}`),
			Bounded:   true,
			Prefixes:  []string{"gsk_"},
			Tags:      []string{"groq"},
			Samples: Samples{
				True:  []string{`client = Groq(api_key="` + groq + `")`},
				False: []string{`GROQ_API_KEY=gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `k = "` + groq + `9"`},
			},
		}),
		secret(&Rule{
			ID:          "langsmith-api-key",
			Title:       "LangSmith API key",
			Description: "A LangSmith personal access token or service key (lsv2_pt_…, lsv2_sk_…) is written in the file.",
			Help: secretHelp("A LangSmith API key (`lsv2_pt_…` or `lsv2_sk_…`)",
				"delete it at <https://smith.langchain.com/settings> (API Keys) and create a new one.", "LANGSMITH_API_KEY"),
			Keywords:  []string{"lsv2_pt_", "lsv2_sk_"},
			AtKeyword: true,
			Pattern:   regexp.MustCompile(`lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}`),
			Bounded:   true,
			Prefixes:  []string{"lsv2_pt_", "lsv2_sk_"},
			Tags:      []string{"langsmith"},
			Samples: Samples{
				True:  []string{`os.environ["LANGCHAIN_API_KEY"] = "` + langsmith + `"`},
				False: []string{`LANGCHAIN_API_KEY=ls__0123456789abcdef0123456789abcdef`, `k = "lsv2_xx_` + langsmith[8:] + `"`},
			},
		}),
		secret(&Rule{
			ID:          "together-api-key",
			Title:       "Together AI API key",
			Description: "A Together AI API key (tgp_v1_…) is written in the file.",
			Help: secretHelp("A Together AI API key (`tgp_v1_…`)",
				"delete it at <https://api.together.ai/settings/api-keys> and create a new one.", "TOGETHER_API_KEY"),
			Keywords:  []string{"tgp_v1_"},
			AtKeyword: true,
			Pattern:   regexp.MustCompile(`tgp_v1_[A-Za-z0-9_-]{43}`),
			Bounded:   true, BoundExtra: "-",
			Prefixes: []string{"tgp_v1_"},
			Tags:     []string{"together"},
			Samples: Samples{
				True:  []string{`client = Together(api_key="` + together + `")`},
				False: []string{`TOGETHER_API_KEY="tgp_v1_..."`, `k = "` + together + `-x"`},
			},
		}),
		secret(&Rule{
			ID:          "perplexity-api-key",
			Title:       "Perplexity API key",
			Description: "A Perplexity API key (pplx-…) is written in the file.",
			Help: secretHelp("A Perplexity API key (`pplx-…`)",
				"delete it at <https://www.perplexity.ai/settings/api> and create a new one.", "PERPLEXITY_API_KEY"),
			Keywords:  []string{"pplx-"},
			AtKeyword: true,
			Pattern:   regexp.MustCompile(`pplx-[A-Za-z0-9]{48}`),
			Bounded:   true, BoundExtra: "-",
			Prefixes: []string{"pplx-"},
			Tags:     []string{"perplexity"},
			Samples: Samples{
				True:  []string{`PERPLEXITY_API_KEY=` + pplx},
				False: []string{`PERPLEXITY_API_KEY="pplx-..."`, `k = "` + pplx + `Z"`},
			},
		}),
	}
}
