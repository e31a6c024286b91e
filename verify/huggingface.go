package verify

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/hfscan/hfscan/findings"
)

// huggingFace asks the Hub's whoami-v2 about a token, as huggingface_hub
// does, and reads who owns it and what it may do.
type huggingFace struct{ whoami string }

// whoamiV2 is the part of the Hub's whoami-v2 answer hfscan reads. It has
// no field for the e-mail address: that is never stored or printed.
type whoamiV2 struct {
	Type string `json:"type"`
	Name string `json:"name"`
	Orgs []struct {
		Name      string `json:"name"`
		RoleInOrg string `json:"roleInOrg"`
	} `json:"orgs"`
	Auth struct {
		Type        string `json:"type"`
		AccessToken *struct {
			DisplayName string `json:"displayName"`
			Role        string `json:"role"`
			FineGrained *struct {
				Global []string `json:"global"`
				Scoped []struct {
					Entity struct {
						Type string `json:"type"`
						Name string `json:"name"`
					} `json:"entity"`
					Permissions []string `json:"permissions"`
				} `json:"scoped"`
			} `json:"fineGrained"`
		} `json:"accessToken"`
	} `json:"auth"`
}

func (h huggingFace) Verify(ctx context.Context, c *Client, secret string) findings.Verification {
	a, fail := c.do(ctx, http.MethodGet, h.whoami, secret, nil, nil)
	if fail != nil {
		return fail.verification()
	}
	if a.status < 200 || a.status > 299 {
		return judged(a)
	}
	var w whoamiV2
	if err := json.Unmarshal(a.body, &w); err != nil || w.Name == "" {
		return findings.Verification{Status: findings.Unknown, Reason: findings.ReasonBadResponse, Detail: "whoami-v2 answer without an owner"}
	}
	v := findings.Verification{Status: findings.Live, Owner: w.Name, OwnerType: w.Type}
	for _, o := range w.Orgs {
		v.Orgs = append(v.Orgs, findings.VerifyOrg{Name: o.Name, Role: o.RoleInOrg})
	}
	if t := w.Auth.AccessToken; t != nil {
		v.TokenName, v.Role = t.DisplayName, t.Role
		v.CanWrite = t.Role == "write" || t.Role == "admin"
		if fg := t.FineGrained; fg != nil {
			if len(fg.Global) > 0 {
				v.Scopes = append(v.Scopes, findings.VerifyScope{Entity: "global", Permissions: fg.Global})
			}
			for _, s := range fg.Scoped {
				v.Scopes = append(v.Scopes, findings.VerifyScope{Entity: s.Entity.Type + ":" + s.Entity.Name, Permissions: s.Permissions})
			}
			for _, s := range v.Scopes {
				for _, p := range s.Permissions {
					v.CanWrite = v.CanWrite || strings.HasSuffix(p, ".write") || strings.HasSuffix(p, ".manage")
				}
			}
		}
	} else if w.Auth.Type != "" {
		v.Role = w.Auth.Type // an OAuth token: its scopes are not in whoami
	}
	return v
}
