package rules

import (
	"regexp"
)

// helpStoreSafely is the common fix for every Hugging Face credential: the
// steps the Colab token guides recommend.
const helpStoreSafely = `**Fix it**

1. Treat the token as leaked: revoke it at <https://huggingface.co/settings/tokens>
   ("Manage" → "Invalidate and refresh") and create a new one. Removing it from
   the file is not enough once the file was saved, shared or committed — it is
   still in old copies, in notebook outputs and in git history.
2. Never write the new token into code or a notebook. Read it at run time:
   - in Colab, store it under **Secrets** (the key icon) as ` + "`HF_TOKEN`" + ` and use
     ` + "`from google.colab import userdata; hf_token = userdata.get('HF_TOKEN')`" + `;
   - in Jupyter, run ` + "`from huggingface_hub import notebook_login; notebook_login()`" + `;
   - in scripts and CI, set the ` + "`HF_TOKEN`" + ` environment variable outside the code and pass
     ` + "`token=os.environ[\"HF_TOKEN\"]`" + ` where a library needs it.
3. Clear the notebook's outputs before saving if a cell ever printed the token.
`

// Default returns a fresh copy of the full rule table, in the order rules
// are listed.
func Default() []*Rule {
	hfTok := Fake("hf_", 34, "hf-token sample")
	orgTok := Fake("api_org_", 34, "hf-org-token sample")
	return []*Rule{
		{
			ID:    "hf-token",
			Level: Error,
			Title: "Hugging Face access token",
			Description: "A Hugging Face user access token (hf_…) is written in the file. " +
				"Whoever reads the file can use the Hub as its owner, with the token's read or write rights.",
			Help: "A Hugging Face user access token (`hf_` followed by 34 letters or digits) is stored " +
				"in this file.\n\n" + helpStoreSafely,
			Keywords:         []string{"hf_"},
			Pattern:          regexp.MustCompile(`hf_[A-Za-z0-9]{34}`),
			Bounded:          true,
			Prefix:           "hf_",
			Validators:       []Validator{notPlaceholder("hf_")},
			Tags:             []string{"security", "secret", "huggingface"},
			Precision:        "very-high",
			SecuritySeverity: 9.0,
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
		},
		{
			ID:    "hf-org-token",
			Level: Error,
			Title: "Hugging Face organization API token (legacy)",
			Description: "A legacy Hugging Face organization token (api_org_…) is written in the file. " +
				"It acts for a whole organization on the Hub.",
			Help: "A legacy Hugging Face organization API token (`api_org_` followed by 34 letters or " +
				"digits) is stored in this file. Organization tokens are deprecated: replace it with a " +
				"fine-grained user access token scoped to the organization.\n\n" + helpStoreSafely,
			Keywords:         []string{"api_org_"},
			Pattern:          regexp.MustCompile(`api_org_[A-Za-z0-9]{34}`),
			Bounded:          true,
			Prefix:           "api_org_",
			Validators:       []Validator{notPlaceholder("api_org_")},
			Tags:             []string{"security", "secret", "huggingface"},
			Precision:        "very-high",
			SecuritySeverity: 9.0,
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
		},
	}
}
