package rules

import "strings"

// privateKeyRule is the private-key rule, with its samples.
func privateKeyRule() *Rule {
	pemBody := FakeFrom("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", Base64Text, 64, "pem 1") + "\n" + FakeFrom("", Base64Text, 64, "pem 2") + "\n" + FakeFrom("", Base64Text, 40, "pem 3") + "=="
	pem := "-----BEGIN PRIVATE KEY-----\n" + pemBody + "\n-----END PRIVATE KEY-----"
	rsa := "-----BEGIN RSA PRIVATE KEY-----\n" + pemBody + "\n-----END RSA PRIVATE KEY-----"
	return secret(&Rule{
		ID:          "private-key",
		Title:       "Private key",
		Description: "A PEM private key block (RSA, EC, OpenSSH, PKCS#8…) is written in the file.",
		Help: "A private key is stored in this file.\n\n**Fix it**\n\n1. Treat the key pair as compromised: " +
			"remove the public key wherever it grants access (servers' `authorized_keys`, deploy keys, " +
			"certificates) and make a new pair.\n2. Keep the new private key in a file outside the " +
			"repository or notebook, or in a secret manager (Colab **Secrets**), and load it at run time.\n",
		Keywords: []string{"PRIVATE KEY"},
		Pattern:  `-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s\\:,.-]{64,}?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----`,
		Prefixes: []string{"-----BEGIN "},
		Validators: []Validator{{Name: "has-key-body", Accept: func(s string) bool {
			body := s[strings.Index(s, "KEY-----")+8 : strings.LastIndex(s, "-----END")]
			return !IsPlaceholder(strings.Join(strings.Fields(strings.ReplaceAll(body, `\n`, " ")), ""))
		}}},
		Tags: []string{"private-key"},
		Samples: Samples{
			True: []string{pem, rsa, `key = "` + strings.ReplaceAll(rsa, "\n", `\n`) + `"`},
			False: []string{
				"-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
				"-----BEGIN PUBLIC KEY-----\n" + pemBody + "\n-----END PUBLIC KEY-----",
				"-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("A", 64) + "\n-----END PRIVATE KEY-----",
			},
		},
	})
}
