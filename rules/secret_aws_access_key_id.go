package rules

import "strings"

// awsAccessKeyIdRule is the aws-access-key-id rule, with its samples.
func awsAccessKeyIdRule() *Rule {
	aws := FakeFrom("AKIA", Base32AWS, 16, "aws key id")
	return secret(&Rule{
		ID:          "aws-access-key-id",
		Title:       "AWS access key ID",
		Description: "An AWS access key ID (AKIA…, ASIA…) is written in the file; its secret access key is usually beside it.",
		EnvVar:      "AWS_ACCESS_KEY_ID",
		Help: secretHelp("An AWS access key ID (and most likely its secret access key)",
			"deactivate and delete the access key in the IAM console (<https://console.aws.amazon.com/iam/home#/security_credentials>) and check CloudTrail for its use.",
			"AWS_ACCESS_KEY_ID") + "\nPrefer short-lived credentials (IAM roles, `aws sso login`) over access keys in notebooks.\n",
		Keywords:  []string{"AKIA", "ASIA", "ABIA", "ACCA", "A3T"},
		AtKeyword: true,
		Pattern:   `(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}`,
		Bounded:   true,
		Prefixes:  []string{"AKIA", "ASIA", "ABIA", "ACCA"},
		Validators: []Validator{notPlaceholder("AKIA", "ASIA", "ABIA", "ACCA", "A3T"), {
			Name: "not-aws-example", Accept: func(s string) bool { return !strings.HasSuffix(s, "EXAMPLE") },
		}},
		Precision: "high",
		Tags:      []string{"aws"},
		Samples: Samples{
			True: []string{
				`aws_access_key_id = "` + aws + `"`,
				`AWS_ACCESS_KEY_ID=` + aws,
			},
			False: []string{
				`aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"`,
				`id = "` + aws + `Z"`,
				`id = "` + strings.ToLower(aws) + `"`,
				`AKIA_PATH = "/tmp"`,
			},
		},
	})
}
