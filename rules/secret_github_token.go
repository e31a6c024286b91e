package rules

// githubTokenRule is the github-token rule, with its samples.
func githubTokenRule() *Rule {
	ghp := FakeFrom("ghp_", Alnum, 36, "github classic")
	ghs := FakeFrom("ghs_", Alnum, 36, "github app")
	ghPat := FakeFrom("github_pat_", Alnum+"_", 82, "github fine-grained")
	return secret(&Rule{
		ID:          "github-token",
		Title:       "GitHub token",
		Description: "A GitHub personal access token (classic ghp_… or fine-grained github_pat_…), OAuth, app or refresh token is written in the file.",
		EnvVar:      "GITHUB_TOKEN",
		Help: secretHelp("A GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` or `github_pat_`)",
			"revoke it at <https://github.com/settings/tokens> (fine-grained: <https://github.com/settings/personal-access-tokens>) and create a new one with the least scope that works.",
			"GITHUB_TOKEN"),
		Keywords:  []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
		AtKeyword: true,
		Pattern:   `gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}`,
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
	})
}
