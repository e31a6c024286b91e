package verify

import (
	"context"
	"net/http"

	"github.com/hfscan/hfscan/findings"
)

// openAI lists OpenAI's models with a key: the cheapest call that any live
// key may make, and one that costs nothing.
type openAI struct{ models string }

func (o openAI) Verify(ctx context.Context, c *Client, secret string) findings.Verification {
	a, fail := c.do(ctx, http.MethodGet, o.models, secret, nil, nil)
	if fail != nil {
		return fail.verification()
	}
	if a.status < 200 || a.status > 299 {
		return judged(a)
	}
	return findings.Verification{Status: findings.Live}
}
