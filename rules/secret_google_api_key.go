package rules

// googleApiKeyRule is the google-api-key rule, with its samples.
func googleApiKeyRule() *Rule {
	google := FakeFrom("AIza", Base64URL, 35, "google api key")
	return secret(&Rule{
		ID:          "google-api-key",
		Title:       "Google API key",
		Description: "A Google API key (AIza…), as used for Gemini, Maps and other Google Cloud APIs, is written in the file.",
		EnvVar:      "GOOGLE_API_KEY",
		Help: secretHelp("A Google API key (`AIza…`; Gemini / AI Studio keys have this form)",
			"delete or regenerate it at <https://console.cloud.google.com/apis/credentials> (Gemini keys: <https://aistudio.google.com/app/apikey>) and restrict the new key to the APIs it needs.",
			"GOOGLE_API_KEY"),
		Keywords:   []string{"AIza"},
		AtKeyword:  true,
		Pattern:    `AIza[0-9A-Za-z_-]{35}`,
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
	})
}
