package rules

import "encoding/base64"

// hfOAuthTokenRule is the hf-oauth-token rule, with its samples.
func hfOAuthTokenRule() *Rule {
	b64 := base64.RawURLEncoding.EncodeToString
	// The Hub's OAuth access tokens are hf_oauth_ and a signed JWT
	// (header.payload.signature, EdDSA: a 64-byte signature).
	jws := "hf_oauth_" + b64([]byte(`{"alg":"EdDSA"}`)) + "." +
		b64([]byte(`{"scope":["openid","profile","inference-api"],"aud":"https://huggingface.co","oauthApp":"`+FakeFrom("", Hex, 24, "hf oauth app")+`","sub":"`+FakeFrom("", Hex, 24, "hf oauth sub")+`","exp":1767225600}`)) + "." +
		FakeFrom("", Base64URL, 86, "hf oauth signature")
	return secret(&Rule{
		ID:    "hf-oauth-token",
		Title: "Hugging Face OAuth access token",
		Description: "A Hugging Face OAuth access token (hf_oauth_ and a signed JWT, issued by \"Sign in with Hugging Face\" " +
			"and Spaces OAuth) is written in the file. It acts as the user who signed in, with the scopes they granted.",
		Help: "A Hugging Face OAuth access token (`hf_oauth_eyJ…`) is stored in this file. Anyone who reads the file " +
			"can call the Hub as the user who signed in until the token expires.\n\n**Fix it**\n\n1. Treat it as leaked: " +
			"the user who signed in should revoke the application's access at <https://huggingface.co/settings/connected-applications>; " +
			"an app's owner should rotate its OAuth client secret if that leaked too.\n" +
			"2. Never write an OAuth token into code or a notebook: it belongs in the signed-in session " +
			"(Gradio's `gr.OAuthToken`, the Space's request), read per request.\n" +
			"3. Clear the notebook's outputs before saving if a cell printed it, and remove it from git history.\n",
		Keywords:  []string{"hf_oauth_eyJ"},
		AtKeyword: true,
		// header.payload.signature, each base64url; both JSON parts start eyJ.
		Pattern:    `hf_oauth_eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}`,
		Bounded:    true,
		BoundExtra: "-.",
		Prefixes:   []string{"hf_oauth_"},
		Tags:       []string{"huggingface"},
		Samples: Samples{
			True: []string{
				`os.environ['HF_TOKEN'] = '` + jws + `'`,
				`{"access_token": "` + jws + `", "token_type": "bearer"}`,
				`HF_TOKEN=` + jws,
			},
			False: []string{
				`hf_oauth_scopes: [inference-api]`,
				`hf_oauth_expiration_minutes: 480`,
				`hf_access_token = "hf_oauth_xxxxxxxx"`,
				`token = request.session["hf_oauth_access_token"]`,
			},
		},
	})
}
