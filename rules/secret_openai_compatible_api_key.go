package rules

import (
	"strings"
)

// openaiCompatibleApiKeyRule is the openai-compatible-api-key rule, with
// its samples.
func openaiCompatibleApiKeyRule() *Rule {
	gateway := FakeFrom("sk-", Alnum, 48, "openai-compatible gateway")
	qwen := FakeFrom("sk-", Hex, 32, "openai-compatible qwen")
	names := []string{"OPENAI_API_KEY", "openai_api_key", "openai.api_key", "OpenAI(", "AsyncOpenAI("}
	// Keys with a rule of their own, written where an OpenAI key goes.
	owned := []string{"sk-proj-", "sk-svcacct-", "sk-admin-", "sk-None-", "sk-ant-", "sk-or-", "sk-lf-"}
	return secret(&Rule{
		ID:    "openai-compatible-api-key",
		Title: "API key of an OpenAI-compatible service",
		Description: "An sk- key that is not OpenAI's own (no T3BlbkFJ marker) is written where an OpenAI key goes: " +
			"the key of a gateway, a proxy or another provider reached through the OpenAI client (DeepSeek, Qwen, Moonshot, one-api, LiteLLM…).",
		EnvVar: "OPENAI_API_KEY",
		Help: secretHelp("The API key of an OpenAI-compatible service (`sk-…` given to the OpenAI client with a custom `base_url`)",
			"delete it in the console of the service the client's `base_url` points at, and create a new one.", "OPENAI_API_KEY"),
		Keywords:    names,
		AtKeyword:   true,
		Pattern:     namedKey(names, `sk-[A-Za-z0-9_-]{20,100}`),
		SecretGroup: 1,
		Bounded:     true, BoundExtra: "-",
		Prefixes: []string{"sk-"},
		Validators: []Validator{notPlaceholder("sk-"), hasDigit(), {
			Name: "not-an-owned-shape", Accept: func(s string) bool {
				for _, p := range owned {
					if strings.HasPrefix(s, p) {
						return false
					}
				}
				return !strings.Contains(s, "T3BlbkFJ")
			},
		}},
		Precision: "high",
		Tags:      []string{"openai-compatible"},
		Samples: Samples{
			True: []string{
				`client = OpenAI(api_key="` + gateway + `", base_url="https://api.example-gateway.com/v1")`,
				`OPENAI_API_KEY=` + qwen,
				`llm = ChatOpenAI(model="qwen-plus", openai_api_key="` + qwen + `", openai_api_base="https://dashscope.aliyuncs.com/compatible-mode/v1")`,
			},
			False: []string{
				`client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])`,
				`OPENAI_API_KEY="sk-your-openai-api-key-here"`,
				`OPENAI_API_KEY=sk-...`,
				`OPENAI_API_KEY=sk-or-v1-` + FakeFrom("", Hex, 64, "openai-compatible openrouter"),
			},
		},
	})
}
