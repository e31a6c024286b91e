package reporters

import (
	"fmt"
	"strings"

	"github.com/hfscan/hfscan/findings"
)

// jsonVerification is a finding's verification in the JSON report
// (null without --verify).
type jsonVerification struct {
	Status    string      `json:"status"`
	Reason    string      `json:"reason,omitempty"`
	Detail    string      `json:"detail,omitempty"`
	Owner     string      `json:"owner,omitempty"`
	OwnerType string      `json:"owner_type,omitempty"`
	TokenName string      `json:"token_name,omitempty"`
	Role      string      `json:"role,omitempty"`
	CanWrite  bool        `json:"can_write"`
	Scopes    []jsonScope `json:"scopes,omitempty"`
	Orgs      []jsonOrg   `json:"orgs,omitempty"`
}

type jsonScope struct {
	Entity      string   `json:"entity"`
	Permissions []string `json:"permissions"`
}

type jsonOrg struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
}

func verificationJSON(v *findings.Verification) *jsonVerification {
	if v == nil {
		return nil
	}
	j := &jsonVerification{Status: string(v.Status), Reason: string(v.Reason), Detail: v.Detail, Owner: v.Owner,
		OwnerType: v.OwnerType, TokenName: v.TokenName, Role: v.Role, CanWrite: v.CanWrite}
	for _, s := range v.Scopes {
		j.Scopes = append(j.Scopes, jsonScope{Entity: s.Entity, Permissions: s.Permissions})
	}
	for _, o := range v.Orgs {
		j.Orgs = append(j.Orgs, jsonOrg{Name: o.Name, Role: o.Role})
	}
	return j
}

func verificationOf(j *jsonVerification) *findings.Verification {
	if j == nil {
		return nil
	}
	v := &findings.Verification{Status: findings.VerifyStatus(j.Status), Reason: findings.VerifyReason(j.Reason), Detail: j.Detail,
		Owner: j.Owner, OwnerType: j.OwnerType, TokenName: j.TokenName, Role: j.Role, CanWrite: j.CanWrite}
	for _, s := range j.Scopes {
		v.Scopes = append(v.Scopes, findings.VerifyScope{Entity: s.Entity, Permissions: s.Permissions})
	}
	for _, o := range j.Orgs {
		v.Orgs = append(v.Orgs, findings.VerifyOrg{Name: o.Name, Role: o.Role})
	}
	return v
}

// verificationWords says a verification in words, the same in every
// report: "live write token 'train' of user alice, member of acme (admin)".
func verificationWords(v *findings.Verification) string {
	switch v.Status {
	case findings.Live:
		var b strings.Builder
		b.WriteString("live")
		switch v.Role {
		case "":
		case "fineGrained":
			b.WriteString(" fine-grained")
		default:
			b.WriteString(" " + v.Role)
		}
		b.WriteString(" token")
		if v.TokenName != "" {
			fmt.Fprintf(&b, " '%s'", v.TokenName)
		}
		if v.Owner != "" {
			owner := v.OwnerType
			if owner == "" {
				owner = "account"
			}
			fmt.Fprintf(&b, " of %s %s", owner, v.Owner)
		}
		var orgs []string
		for _, o := range v.Orgs {
			if o.Role != "" {
				orgs = append(orgs, o.Name+" ("+o.Role+")")
			} else {
				orgs = append(orgs, o.Name)
			}
		}
		if len(orgs) > 0 {
			b.WriteString(", member of " + strings.Join(orgs, ", "))
		}
		if v.CanWrite {
			b.WriteString("; it can write: revoke it first")
		}
		return b.String()
	case findings.Unchecked:
		return "not verified (hfscan has no verifier for this provider)"
	}
	why := string(v.Reason)
	if v.Detail != "" {
		why += ", " + v.Detail
	}
	return string(v.Status) + " (" + why + ")"
}
