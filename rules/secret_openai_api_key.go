package rules

import "strings"

// openaiApiKeyRule is the openai-api-key rule, with its samples.
func openaiApiKeyRule() *Rule {
	openaiProj := FakeFrom("sk-proj-", Base64URL, 74, "openai proj a") + "T3BlbkFJ" + FakeFrom("", Base64URL, 74, "openai proj b")
	openaiSvc := FakeFrom("sk-svcacct-", Base64URL, 58, "openai svc a") + "T3BlbkFJ" + FakeFrom("", Base64URL, 58, "openai svc b")
	openaiAdmin := FakeFrom("sk-admin-", Base64URL, 58, "openai admin a") + "T3BlbkFJ" + FakeFrom("", Base64URL, 58, "openai admin b")
	openaiLegacy := FakeFrom("sk-", Alnum, 20, "openai legacy a") + "T3BlbkFJ" + FakeFrom("", Alnum, 20, "openai legacy b")
	openaiNone := FakeFrom("sk-None-", Alnum, 20, "openai none a") + "T3BlbkFJ" + FakeFrom("", Alnum, 20, "openai none b")
	openaiProjShort := FakeFrom("sk-proj-", Alnum, 20, "openai proj short a") + "T3BlbkFJ" + FakeFrom("", Alnum, 20, "openai proj short b")
	return secret(&Rule{
		ID:          "openai-api-key",
		Title:       "OpenAI API key",
		Description: "An OpenAI API key (project, service-account, admin, user or legacy key) is written in the file.",
		EnvVar:      "OPENAI_API_KEY",
		Help: secretHelp("An OpenAI API key (`sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`, `sk-None-…` or a legacy `sk-…` key)",
			"delete the key at <https://platform.openai.com/api-keys> (admin keys: <https://platform.openai.com/settings/organization/admin-keys>) and create a new one.",
			"OPENAI_API_KEY"),
		Keywords: []string{"T3BlbkFJ"},
		// Every shape OpenAI has issued carries T3BlbkFJ ("OpenAI" in
		// base64) between two runs of 20 to 74 characters: project,
		// service-account, admin and user (sk-None-) keys, and legacy keys.
		Pattern: `sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}` +
			`|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}`,
		Bounded: true, BoundExtra: "-",
		Prefixes: []string{"sk-", "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-None-"},
		Tags:     []string{"openai"},
		Samples: Samples{
			True: []string{
				`os.environ["OPENAI_API_KEY"] = "` + openaiProj + `"`,
				`client = OpenAI(api_key="` + openaiSvc + `")`,
				`OPENAI_ADMIN_KEY=` + openaiAdmin,
				`openai.api_key = '` + openaiLegacy + `'`,
				`client = OpenAI(api_key="` + openaiNone + `")`,
				`OPENAI_API_KEY=` + openaiProjShort,
			},
			False: []string{
				`os.environ["OPENAI_API_KEY"] = "sk-..."`,
				`OPENAI_API_KEY = "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`,
				`key = "` + strings.Replace(openaiLegacy, "T3BlbkFJ", "T3BlbkFK", 1) + `"`,
				`key = "` + openaiLegacy + `-x"`,
				`sk-learn is scikit-learn`,
				`OPENAI_API_KEY="sk-None-"`,
				`key = "sk-None-` + FakeFrom("", Alnum, 19, "openai none short") + `T3BlbkFJ` + FakeFrom("", Alnum, 20, "openai none b") + `"`,
			},
		},
	})
}
