package rules

import "regexp"

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
	return []*Rule{
		hfTokenRule(),
		hfOrgTokenRule(),
		hfOAuthTokenRule(),
		openaiApiKeyRule(),
		anthropicApiKeyRule(),
		githubTokenRule(),
		awsAccessKeyIdRule(),
		googleApiKeyRule(),
		wandbApiKeyRule(),
		kaggleKeyRule(),
		privateKeyRule(),
		replicateApiTokenRule(),
		groqApiKeyRule(),
		langsmithApiKeyRule(),
		togetherApiKeyRule(),
		perplexityApiKeyRule(),
		openrouterApiKeyRule(),
		xaiApiKeyRule(),
		tavilyApiKeyRule(),
		pineconeApiKeyRule(),
		langfuseSecretKeyRule(),
		awsSecretAccessKeyRule(),
		ngrokAuthtokenRule(),
		mistralApiKeyRule(),
		cohereApiKeyRule(),
		deepseekApiKeyRule(),
		openaiCompatibleApiKeyRule(),
		fireworksApiKeyRule(),
		elevenlabsApiKeyRule(),
		assemblyaiApiKeyRule(),
		deepgramApiKeyRule(),
		cometApiKeyRule(),
		neptuneApiTokenRule(),
	}
}

// secret completes a secret rule with what every one has: its kind and
// level, the placeholder filter, precision, severity and tags.
// helpLink is a link in a rule's help: <https://…>.
var helpLink = regexp.MustCompile(`<(https://[^>\s]+)>`)

func secret(r *Rule) *Rule {
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
	if m := helpLink.FindStringSubmatch(r.Help); m != nil {
		r.Revoke = m[1]
	}
	return r.Compile()
}
