package rules

// hfTokenRule is the hf-token rule, with its samples.
func hfTokenRule() *Rule {
	hfTok := Fake("hf_", 34, "hf-token sample")
	return secret(&Rule{
		ID:    "hf-token",
		Title: "Hugging Face access token",
		Description: "A Hugging Face user access token (hf_…) is written in the file. " +
			"Whoever reads the file can use the Hub as its owner, with the token's read or write rights.",
		EnvVar: "HF_TOKEN",
		Help: "A Hugging Face user access token (`hf_` followed by 34 letters or digits) is stored " +
			"in this file.\n\n" + hfHelp,
		Keywords:  []string{"hf_"},
		AtKeyword: true,
		Pattern:   `hf_[A-Za-z0-9]{34}`,
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
	})
}
