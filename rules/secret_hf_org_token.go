package rules

// hfOrgTokenRule is the hf-org-token rule, with its samples.
func hfOrgTokenRule() *Rule {
	orgTok := Fake("api_org_", 34, "hf-org-token sample")
	return secret(&Rule{
		ID:    "hf-org-token",
		Title: "Hugging Face organization API token (legacy)",
		Description: "A legacy Hugging Face organization token (api_org_…) is written in the file. " +
			"It acts for a whole organization on the Hub.",
		EnvVar: "HF_TOKEN",
		Help: "A legacy Hugging Face organization API token (`api_org_` followed by 34 letters or " +
			"digits) is stored in this file. Organization tokens are deprecated: replace it with a " +
			"fine-grained user access token scoped to the organization.\n\n" + hfHelp,
		Keywords:  []string{"api_org_"},
		AtKeyword: true,
		Pattern:   `api_org_[A-Za-z0-9]{34}`,
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
	})
}
