package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// RevokeBatch is how many tokens one revocation request carries.
const RevokeBatch = 100

// Revoke asks the Hub to revoke leaked user access tokens through its
// public endpoint, POST {endpoint}/api/credentials/revoke with
// {"credentials": […]}: no authentication, anyone who finds a token may
// report it, and the Hub e-mails each owner. It cannot be undone. Tokens
// go in batches of RevokeBatch; it returns how many were accepted and
// the first refusal.
func Revoke(ctx context.Context, c *Client, endpoint string, tokens []string) (int, error) {
	u, err := CheckEndpoint(endpoint)
	if err != nil {
		return 0, err
	}
	target := u.String() + "/api/credentials/revoke"
	done := 0
	for start := 0; start < len(tokens); start += RevokeBatch {
		batch := tokens[start:min(start+RevokeBatch, len(tokens))]
		body, err := json.Marshal(map[string][]string{"credentials": batch})
		if err != nil {
			return done, err
		}
		a, fail := c.do(ctx, http.MethodPost, target, "", body, nil)
		if fail != nil {
			return done, fmt.Errorf("revoke: %s (%s)", fail.reason, fail.detail)
		}
		if a.status < 200 || a.status > 299 {
			return done, fmt.Errorf("revoke: the Hub answered HTTP %d", a.status)
		}
		done += len(batch)
	}
	return done, nil
}
