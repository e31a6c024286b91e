package rules

// assemblyaiApiKeyRule is the assemblyai-api-key rule, with its samples.
func assemblyaiApiKeyRule() *Rule {
	key := FakeFrom("", Hex, 32, "assemblyai")
	names := []string{"ASSEMBLYAI_API_KEY", "ASSEMBLY_AI_API_KEY", "aai.settings.api_key"}
	return secret(&Rule{
		ID:          "assemblyai-api-key",
		Title:       "AssemblyAI API key",
		Description: "An AssemblyAI API key (32 hex digits) is written next to ASSEMBLYAI_API_KEY or aai.settings.api_key.",
		EnvVar:      "ASSEMBLYAI_API_KEY",
		Help: secretHelp("An AssemblyAI API key",
			"reset it in the AssemblyAI dashboard (<https://www.assemblyai.com/app/api-keys>).", "ASSEMBLYAI_API_KEY"),
		Keywords:    names,
		AtKeyword:   true,
		Pattern:     namedKey(names, `[0-9a-f]{32}`),
		SecretGroup: 1,
		Bounded:     true,
		Precision:   "high",
		Tags:        []string{"assemblyai"},
		Samples: Samples{
			True: []string{
				`aai.settings.api_key = "` + key + `"`,
				`ASSEMBLYAI_API_KEY=` + key,
			},
			False: []string{
				`aai.settings.api_key = userdata.get("ASSEMBLYAI_API_KEY")`,
				`ASSEMBLYAI_API_KEY=` + key + `0`,
			},
		},
	})
}
