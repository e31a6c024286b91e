package rules

// kaggleKeyRule is the kaggle-key rule, with its samples.
func kaggleKeyRule() *Rule {
	kaggle := FakeFrom("", Hex, 32, "kaggle key")
	return secret(&Rule{
		ID:          "kaggle-key",
		Title:       "Kaggle API key",
		Description: "A Kaggle API key (the key of kaggle.json, or KAGGLE_KEY) is written in the file.",
		EnvVar:      "KAGGLE_KEY",
		Help: secretHelp("A Kaggle API key",
			"expire it at <https://www.kaggle.com/settings> (API → \"Expire API Token\") and create a new one.",
			"KAGGLE_KEY") + "\nIn Colab, keep `KAGGLE_USERNAME` and `KAGGLE_KEY` in **Secrets**; never write `kaggle.json` from a cell.\n",
		Keywords:  []string{"KAGGLE_KEY", "username"},
		AtKeyword: true,
		Lead:      1, // the quote before "username"
		Pattern: `KAGGLE_KEY['"]?\s*\]?\s*[=:,]\s*['"]?([0-9a-f]{32})` +
			`|['"]username['"]\s*:\s*['"][^'"\n]*['"]\s*,\s*['"]key['"]\s*:\s*['"]([0-9a-f]{32})`,
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
	})
}
