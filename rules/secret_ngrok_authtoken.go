package rules

// ngrokAuthtokenRule is the ngrok-authtoken rule, with its samples.
func ngrokAuthtokenRule() *Rule {
	tok := FakeFrom("2", Alnum, 26, "ngrok a") + "_" + FakeFrom("", Alnum, 21, "ngrok b")
	return secret(&Rule{
		ID:          "ngrok-authtoken",
		Title:       "ngrok authtoken",
		Description: "An ngrok authtoken is written next to ngrok config add-authtoken, ngrok.set_auth_token or NGROK_AUTHTOKEN.",
		EnvVar:      "NGROK_AUTHTOKEN",
		Help: secretHelp("An ngrok authtoken",
			"reset it at <https://dashboard.ngrok.com/get-started/your-authtoken> (or delete the credential under Tunnels → Authtokens).",
			"NGROK_AUTHTOKEN") + "\nColab notebooks that tunnel a web app with pyngrok leak it most often: read it with `userdata.get('NGROK_AUTHTOKEN')`.\n",
		Keywords:  []string{"authtoken", "AUTHTOKEN", "auth_token"},
		AtKeyword: true,
		Lead:      4, // add-authtoken, set_auth_token: four bytes before their keyword
		// ngrok authtoken TOKEN, ngrok config add-authtoken TOKEN,
		// ngrok.set_auth_token("TOKEN"), NGROK_AUTHTOKEN=TOKEN,
		// conf.get_default().auth_token = "TOKEN".
		Pattern:     `(?:add-authtoken|authtoken|AUTHTOKEN|set_auth_token|auth_token)['"]?\s*[=(:]?\s*['"]?([0-9A-Za-z]{25,28}_[0-9A-Za-z]{19,23})`,
		SecretGroup: 1,
		Bounded:     true,
		Precision:   "high",
		Tags:        []string{"ngrok"},
		Samples: Samples{
			True: []string{
				`!ngrok config add-authtoken ` + tok,
				`ngrok.set_auth_token("` + tok + `")`,
				`NGROK_AUTHTOKEN=` + tok,
				`conf.get_default().auth_token = "` + tok + `"`,
			},
			False: []string{
				`ngrok config add-authtoken YOUR_AUTHTOKEN_HERE`,
				`ngrok.set_auth_token(userdata.get("NGROK_AUTHTOKEN"))`,
				`ngrok config add-authtoken 2bXzYOURTOKENHEREabc123`,
				`NGROK_AUTHTOKEN=` + tok + `_x`,
			},
		},
	})
}
