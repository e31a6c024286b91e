package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hfscan/hfscan/findings"
)

// maxBody bounds what is read of an answer: whoami and /user answers are a
// few kilobytes; a server that sends more is not trusted with more memory.
const maxBody = 1 << 20

// Client is the HTTP client every verifier uses. It is built for
// untrusted input: redirects are never followed (so the secret never
// reaches a second host), every request has a timeout, a 429 is retried
// after its Retry-After only up to a cap, and no error it returns holds
// the secret. Proxies come from the environment, as Go does.
type Client struct {
	http      *http.Client
	userAgent string
	// MaxWait is the longest Retry-After honoured; Retries how many times
	// a 429 is retried.
	MaxWait time.Duration
	Retries int
}

// NewClient returns a client whose requests name hfscan's version and
// time out after timeout.
func NewClient(version string, timeout time.Duration) *Client {
	if version == "" {
		version = "dev"
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	return &Client{
		http: &http.Client{
			Transport: transport,
			Timeout:   timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		userAgent: "hfscan/" + version + " (+https://github.com/hfscan/hfscan; secret verification)",
		MaxWait:   10 * time.Second,
		Retries:   2,
	}
}

// CheckEndpoint accepts an endpoint a secret may be sent to: HTTPS, or
// plain HTTP to a loopback address (a local test server).
func CheckEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		return nil, fmt.Errorf("endpoint %q: %w", raw, err)
	}
	switch {
	case u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("endpoint %q: want scheme://host[:port][/path]", raw)
	case u.Scheme == "https":
		return u, nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return u, nil
	}
	return nil, fmt.Errorf("endpoint %q: secrets are sent over HTTPS only (plain HTTP only to a loopback address)", raw)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// answer is what a provider said: a status, a bounded body, the headers.
type answer struct {
	status int
	body   []byte
	header http.Header
}

// failure is why a request gave no usable answer.
type failure struct {
	reason findings.VerifyReason
	detail string
}

// do sends one request with the secret as a bearer token (when bearer is
// set) and returns the answer, retrying a 429 as its Retry-After allows.
func (c *Client) do(ctx context.Context, method, target, bearer string, body []byte, header map[string]string) (answer, *failure) {
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
		if err != nil {
			return answer{}, &failure{findings.ReasonNetwork, "bad request URL"}
		}
		req.Header.Set("User-Agent", c.userAgent)
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			return answer{}, transportFailure(ctx, err)
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
		if err != nil {
			return answer{}, transportFailure(ctx, err)
		}
		a := answer{status: resp.StatusCode, body: data, header: resp.Header}
		if a.status != http.StatusTooManyRequests || attempt >= c.Retries {
			return a, nil
		}
		wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now())
		if !ok || wait > c.MaxWait {
			return a, nil
		}
		select {
		case <-ctx.Done():
			return answer{}, &failure{findings.ReasonTimeout, "interrupted while waiting out a rate limit"}
		case <-time.After(wait):
		}
	}
}

// transportFailure names a failed request without its error text, which
// may quote the request.
func transportFailure(ctx context.Context, err error) *failure {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return &failure{findings.ReasonTimeout, "no answer in time"}
	}
	if ctx.Err() != nil {
		return &failure{findings.ReasonTimeout, "interrupted"}
	}
	return &failure{findings.ReasonNetwork, "connection failed"}
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}

// judged is the verification of an answer that is not a 2xx: refused,
// or unknown with the reason.
func judged(a answer) findings.Verification {
	s := a.status
	detail := "HTTP " + strconv.Itoa(s)
	switch {
	case s == http.StatusUnauthorized:
		return findings.Verification{Status: findings.Invalid, Reason: findings.ReasonUnauthorized, Detail: detail}
	case s == http.StatusForbidden && bytes.Contains(bytes.ToLower(a.body), []byte("revoked")):
		return findings.Verification{Status: findings.Invalid, Reason: findings.ReasonRevokedByOrg, Detail: detail}
	case s == http.StatusForbidden:
		return findings.Verification{Status: findings.Unknown, Reason: findings.ReasonForbidden, Detail: detail}
	case s == http.StatusTooManyRequests:
		return findings.Verification{Status: findings.Unknown, Reason: findings.ReasonRateLimited, Detail: detail}
	case s >= 300 && s < 400:
		return findings.Verification{Status: findings.Unknown, Reason: findings.ReasonRedirect, Detail: detail + " (not followed)"}
	case s >= 500:
		return findings.Verification{Status: findings.Unknown, Reason: findings.ReasonServerError, Detail: detail}
	}
	return findings.Verification{Status: findings.Unknown, Reason: findings.ReasonUnexpectedStatus, Detail: detail}
}

func (f *failure) verification() findings.Verification {
	return findings.Verification{Status: findings.Unknown, Reason: f.reason, Detail: f.detail}
}
