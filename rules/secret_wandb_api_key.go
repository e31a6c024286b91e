package rules

// wandbApiKeyRule is the wandb-api-key rule, with its samples.
func wandbApiKeyRule() *Rule {
	wandb := FakeFrom("", Hex, 40, "wandb key")
	wandbV1 := FakeFrom("wandb_v1_", Alnum, 27, "wandb v1 a") + "_" + FakeFrom("", Alnum, 49, "wandb v1 b")
	return secret(&Rule{
		ID:          "wandb-api-key",
		Title:       "Weights & Biases API key",
		Description: "A Weights & Biases API key is written in the file: a new-style wandb_v1_… key anywhere, or a 40-hex key next to wandb.login or WANDB_API_KEY.",
		EnvVar:      "WANDB_API_KEY",
		Help: secretHelp("A Weights & Biases API key",
			"delete it at <https://wandb.ai/settings> (API keys) and create a new one.",
			"WANDB_API_KEY") + "\n`wandb login` without a key prompts for it and stores it in `~/.netrc`, outside the notebook.\n",
		Keywords:  []string{"wandb", "WANDB", "Wandb"},
		AtKeyword: true,
		Pattern: `(?i:wandb)[A-Za-z0-9_.'"\[\]( ]{0,30}?(?i:key)['"]?\s*\]?\s*[=:,]\s*['"]?([0-9a-f]{40})` +
			`|wandb\s+login\s+(?:--relogin\s+)?['"]?([0-9a-f]{40})` +
			// New-style keys (86 characters) stand alone, wherever they are.
			`|(wandb_v1_[A-Za-z0-9]{27}_[A-Za-z0-9]{49})`,
		SecretGroup: -1,
		Bounded:     true,
		Prefixes:    []string{"wandb_v1_"},
		Precision:   "high",
		Tags:        []string{"wandb"},
		Samples: Samples{
			True: []string{
				`wandb.login(key="` + wandb + `")`,
				`os.environ["WANDB_API_KEY"] = "` + wandb + `"`,
				`WANDB_API_KEY=` + wandb,
				`!wandb login ` + wandb,
				`os.environ["WANDB_API_KEY"] = "` + wandbV1 + `"`,
				`wandb.login(key="` + wandbV1 + `")`,
				`key = "` + wandbV1 + `"`,
			},
			False: []string{
				`wandb.login(key=os.environ["WANDB_API_KEY"])`,
				`run_id = "` + wandb + `"`,
				`wandb.login(key="0123456789abcdef0123456789abcdef01234567")`,
				`wandb.login(key="` + wandb + `0")`,
				`WANDB_API_KEY=wandb_v1_xxxxx`,
				`k = "` + wandbV1 + `9"`,
				`k = "` + wandbV1[:len(wandbV1)-1] + `"`,
			},
		},
	})
}
