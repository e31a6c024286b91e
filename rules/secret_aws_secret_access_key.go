package rules

import "strings"

// awsSecretAccessKeyRule is the aws-secret-access-key rule, with its
// samples.
func awsSecretAccessKeyRule() *Rule {
	key := FakeFrom("", Base64Text, 40, "aws secret")
	return secret(&Rule{
		ID:          "aws-secret-access-key",
		Title:       "AWS secret access key",
		Description: "An AWS secret access key (40 characters) is written next to aws_secret_access_key or SecretAccessKey.",
		EnvVar:      "AWS_SECRET_ACCESS_KEY",
		Help: secretHelp("An AWS secret access key",
			"deactivate and delete the access key in the IAM console (<https://console.aws.amazon.com/iam/home#/security_credentials>) and check CloudTrail for its use.",
			"AWS_SECRET_ACCESS_KEY"),
		Keywords:  []string{"secret_access_key", "SECRET_ACCESS_KEY", "SecretAccessKey"},
		AtKeyword: true,
		// The name (aws_secret_access_key=, "SecretAccessKey": , the
		// AWS_SECRET_ACCESS_KEY variable) and then the 40-character key.
		Pattern:     `(?:secret_access_key|SECRET_ACCESS_KEY|SecretAccessKey)['"]?\s*[=:,]\s*['"]?([A-Za-z0-9/+]{40})`,
		SecretGroup: 1,
		Bounded:     true, BoundExtra: "/+",
		Validators: []Validator{notPlaceholder(), {
			// AWS's documentation example, wJalrXUtnFEMI/…EXAMPLEKEY.
			Name: "not-aws-example", Accept: func(s string) bool { return !strings.Contains(s, "EXAMPLE") },
		}},
		Precision: "high",
		Tags:      []string{"aws"},
		Samples: Samples{
			True: []string{
				`s3 = boto3.client("s3", aws_access_key_id="AKIA` + FakeFrom("", Base32AWS, 16, "aws id for secret") + `", aws_secret_access_key="` + key + `")`,
				`AWS_SECRET_ACCESS_KEY=` + key,
				`{"AccessKeyId": "x", "SecretAccessKey": "` + key + `"}`,
				`aws_secret_access_key = ` + key,
			},
			False: []string{
				`aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"]`,
				`AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,
				`line = "AWS_SECRET_ACCESS_KEY=` + key + `A"`,
				`AWS_SECRET_ACCESS_KEY="<your secret access key here>"`,
			},
		},
	})
}
