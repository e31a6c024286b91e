package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Lister lists the repositories of a Hub account through the Hub's API:
// GET {Endpoint}/api/{models,datasets,spaces}?author=NAME, following the
// Link headers of its pagination.
type Lister struct {
	Endpoint string
	// Token, when set, is sent as a bearer token — to Endpoint only — so
	// private repositories are listed too.
	Token  string
	Client *http.Client
}

// maxPages bounds a listing: a Hub that links page after page forever
// must not keep the scan from ending.
const maxPages = 10000

// List returns the repositories of owner of the given kinds, in the
// Hub's order, kind after kind.
func (l *Lister) List(ctx context.Context, owner string, kinds []Kind) ([]Repo, error) {
	if !hubName().MatchString(owner) {
		return nil, fmt.Errorf("%q is not a Hub user or organisation name", owner)
	}
	base, err := url.Parse(strings.TrimRight(l.Endpoint, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("Hub endpoint %q is not a URL", l.Endpoint)
	}
	var out []Repo
	for _, kind := range kinds {
		next := base.JoinPath("api", string(kind))
		next.RawQuery = url.Values{"author": {owner}}.Encode()
		for page := 0; next != nil; page++ {
			if page == maxPages {
				return out, fmt.Errorf("listing %s of %s: more than %d pages", kind, owner, maxPages)
			}
			var items []struct {
				ID string `json:"id"`
			}
			link, err := l.get(ctx, next, base, &items)
			for _, it := range items {
				if o, n, ok := strings.Cut(it.ID, "/"); ok && hubName().MatchString(o) && hubName().MatchString(n) {
					out = append(out, HubRepo(kind, it.ID, "", l.Endpoint))
				}
			}
			if err != nil {
				return out, fmt.Errorf("listing %s of %s: %w", kind, owner, err)
			}
			next = link
		}
	}
	return out, nil
}

// get fetches one page into v and returns the next page's URL (nil on the
// last). The next page must be on the endpoint's host: the token goes
// nowhere else.
func (l *Lister) get(ctx context.Context, u, base *url.URL, v any) (*url.URL, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if l.Token != "" {
		req.Header.Set("Authorization", "Bearer "+l.Token)
	}
	client := l.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, errors.New(redactURLError(err.Error(), l.Token))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d from %s", resp.StatusCode, u.Redacted())
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(v); err != nil {
		return nil, fmt.Errorf("the answer is not a list of repositories: %w", err)
	}
	next := nextLink(resp.Header.Values("Link"))
	if next == "" {
		return nil, nil
	}
	nu, err := u.Parse(next)
	if err != nil || nu.Scheme != base.Scheme || nu.Host != base.Host {
		return nil, fmt.Errorf("the next page %q is not on the Hub endpoint", next)
	}
	return nu, nil
}

// nextLink is the rel="next" URL of Link headers (RFC 8288), or "".
func nextLink(headers []string) string {
	for _, h := range headers {
		for _, part := range strings.Split(h, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(part), ";")
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			for _, p := range strings.Split(params, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.TrimSpace(k) == "rel" && strings.Trim(strings.TrimSpace(v), `"`) == "next" {
					return target[1 : len(target)-1]
				}
			}
		}
	}
	return ""
}

// redactURLError keeps a token out of an error message.
func redactURLError(msg, token string) string {
	if token == "" {
		return msg
	}
	return strings.ReplaceAll(msg, token, "***")
}

// HubToken is the token huggingface_hub would use: HF_TOKEN, else the
// token file ($HF_TOKEN_PATH, $HF_HOME/token, ~/.cache/huggingface/token).
func HubToken() string {
	if t := strings.TrimSpace(os.Getenv("HF_TOKEN")); t != "" {
		return t
	}
	path := os.Getenv("HF_TOKEN_PATH")
	if path == "" {
		home := os.Getenv("HF_HOME")
		if home == "" {
			if cache := os.Getenv("XDG_CACHE_HOME"); cache != "" {
				home = filepath.Join(cache, "huggingface")
			} else if h, err := os.UserHomeDir(); err == nil {
				home = filepath.Join(h, ".cache", "huggingface")
			}
		}
		if home == "" {
			return ""
		}
		path = filepath.Join(home, "token")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}
