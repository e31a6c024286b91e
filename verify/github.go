package verify

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/hfscan/hfscan/findings"
)

// gitHub asks GitHub's /user about a token: the account it acts as and,
// for a classic token, its OAuth scopes.
type gitHub struct{ user string }

func (g gitHub) Verify(ctx context.Context, c *Client, secret string) findings.Verification {
	a, fail := c.do(ctx, http.MethodGet, g.user, secret, nil, map[string]string{
		"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
	})
	if fail != nil {
		return fail.verification()
	}
	if a.status < 200 || a.status > 299 {
		return judged(a)
	}
	var u struct {
		Login string `json:"login"`
		Type  string `json:"type"`
	}
	if err := json.Unmarshal(a.body, &u); err != nil || u.Login == "" {
		return findings.Verification{Status: findings.Unknown, Reason: findings.ReasonBadResponse, Detail: "/user answer without a login"}
	}
	v := findings.Verification{Status: findings.Live, Owner: u.Login, OwnerType: strings.ToLower(u.Type)}
	if scopes := a.header.Get("X-OAuth-Scopes"); scopes != "" {
		var perms []string
		for _, s := range strings.Split(scopes, ",") {
			s = strings.TrimSpace(s)
			perms = append(perms, s)
			v.CanWrite = v.CanWrite || s == "repo" || s == "public_repo" || strings.HasPrefix(s, "write:") || strings.HasPrefix(s, "admin:") || s == "workflow"
		}
		v.Scopes = []findings.VerifyScope{{Entity: "global", Permissions: perms}}
	}
	return v
}
