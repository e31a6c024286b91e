package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hfscan/hfscan/rules"
)

// browser is headless Chromium (Debian's chromium package, which .ci/run
// installs). Outside CI a test that needs it skips when it is missing.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is missing: .ci/run installs it")
	}
	t.Skip("chromium is not installed")
	return ""
}

// requestLog is an HTTP proxy on 127.0.0.1 that the browser sends all its
// traffic through, loopback included. It serves the pages under test
// itself (the browser asks it for http://127.0.0.1:PORT/NAME) and notes
// every other request: a page's image, script, font or fetch.
type requestLog struct {
	mu    sync.Mutex
	pages map[string][]byte
	urls  []string
}

func (l *requestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if page, ok := l.pages[r.URL.Path]; ok && r.Method == http.MethodGet && strings.HasPrefix(r.Host, "127.0.0.1:") {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
		return
	}
	if !chromiumOwn(r.Host) {
		l.urls = append(l.urls, r.Method+" "+r.Host+r.URL.Path)
	}
	http.Error(w, "no network for a report", http.StatusForbidden)
}

// chromiumOwn: the browser's own background traffic (component updates,
// time and account checks) to Google's hosts, which flags do not all
// switch off. A page that asked such a host would still be caught by the
// static check of TestHTMLReport (no src=, no url(), no http:) and
// blocked by its Content-Security-Policy.
func chromiumOwn(host string) bool {
	host, _, _ = strings.Cut(host, ":")
	for _, suffix := range []string{".google.com", ".googleapis.com", ".gvt1.com", ".gstatic.com"} {
		if strings.HasSuffix(host, suffix) {
			return true
		}
	}
	return false
}

func (l *requestLog) serve(name string, page []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pages == nil {
		l.pages = map[string][]byte{}
	}
	l.pages["/"+name] = page
}

func (l *requestLog) seen() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.urls...)
}

// render opens page (a file) in headless Chromium, served through the
// request log, and returns the DOM once its script has run; with shot set
// it saves a screenshot there instead.
func render(t *testing.T, chromium, page string, proxy *httptest.Server, shot string) string {
	t.Helper()
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(page)
	proxy.Config.Handler.(*requestLog).serve(name, data)
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir=" + t.TempDir(), "--proxy-server=" + proxy.URL, "--proxy-bypass-list=<-loopback>",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
		"--disable-domain-reliability", "--disable-client-side-phishing-detection", "--no-pings",
		"--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication",
		"--virtual-time-budget=3000", "--window-size=1280,1500"}
	if shot != "" {
		args = append(args, "--screenshot="+shot)
	} else {
		args = append(args, "--dump-dom")
	}
	url := proxy.URL + "/" + name // the proxy serves it: http://127.0.0.1:PORT/NAME
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, append(args, url)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	return out.String()
}

// TestHTMLReport renders an audit of notebooks with tokens in code,
// outputs, markdown and metadata — and hostile HTML in cells — in
// headless Chromium: every finding and every distinct token is on the
// page, no secret is in the file in full, a <script> in a cell shows as
// text, the page's own script ran (the filter count), and the page asks
// the network for nothing. The screenshot is the README's (-update).
func TestHTMLReport(t *testing.T) {
	chromium := browser(t)
	proxy := httptest.NewServer(&requestLog{})
	defer proxy.Close()
	log := proxy.Config.Handler.(*requestLog)

	// The log catches a page's requests: a control page that loads an
	// image from a loopback address is seen through it.
	control := filepath.Join(t.TempDir(), "control.html")
	os.WriteFile(control, []byte(`<!DOCTYPE html><img src="/probe.png"><img src="http://127.0.0.1:8/far.png">`), 0o644)
	render(t, chromium, control, proxy, "")
	if seen := strings.Join(log.seen(), "\n"); !strings.Contains(seen, "/probe.png") || !strings.Contains(seen, "127.0.0.1:8/far.png") {
		t.Fatalf("the request log did not see the control page's image: %v", seen)
	}
	before := len(log.seen())

	dir := t.TempDir()
	toks := []string{rules.Fake("hf_", 34, "html a"), rules.Fake("hf_", 34, "html b"), rules.Fake("hf_", 34, "html c")}
	for n := range 6 {
		a, b := toks[n%3], toks[(n+1)%3]
		src := "html = \"<script>alert(1)</script>\"\nhf_token = '" + a + "'\nprint('<img src=x onerror=alert(2)>')"
		nb := notebookBytes(t, src)
		nb = []byte(strings.Replace(string(nb), `"outputs": []`, `"outputs": [{"output_type": "stream", "name": "stdout", "text": ["<b>saved</b> `+b+`\n"]}]`, 1))
		nb = []byte(strings.Replace(string(nb), `"metadata": {},`, `"metadata": {"colab": {"note": "</textarea><script>alert(3)</script> `+a+`"}},`, 1))
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("nb%d.ipynb", n)), nb, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# Notes\n<script>alert(4)</script>\ntoken: "+toks[0]+"\n"), 0o644)
	page := filepath.Join(t.TempDir(), "audit.html")
	if r := hfscan(t, dir, "", "-f", "html", "-o", page, "."); r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	html, _ := os.ReadFile(page)
	for _, tok := range toks {
		if bytes.Contains(html, []byte(tok)) || bytes.Contains(html, []byte(tok[3:])) {
			t.Errorf("the page holds a token in full")
		}
	}
	// No element that loads anything, no source attribute, no CSS url().
	if bytes.Contains(html, []byte("http://")) || regexp.MustCompile(`(?i)<(img|link|iframe|object|embed|video|audio|source)\b|<[a-z][^>]*\ssrc=|url\(`).Match(html) {
		t.Errorf("the page could load something")
	}
	rep := jsonReport(t, hfscan(t, dir, "", "-f", "json", "."))
	var ids struct {
		Secrets []struct{ ID string }
	}
	json.Unmarshal([]byte(hfscan(t, dir, "", "-f", "json", ".").stdout), &ids)

	dom := render(t, chromium, page, proxy, "")
	if n := strings.Count(dom, `<article class="finding`); n != len(rep.Findings) {
		t.Errorf("%d findings on the page, %d in the report", n, len(rep.Findings))
	}
	for _, f := range rep.Findings {
		if !strings.Contains(dom, `data-fingerprint="`+f.Fingerprint+`"`) {
			t.Errorf("finding %s:%d is not on the page", f.Path, f.Line)
		}
	}
	if len(ids.Secrets) != 3 {
		t.Fatalf("%d distinct secrets, want 3", len(ids.Secrets))
	}
	for _, s := range ids.Secrets {
		if !strings.Contains(dom, `id="token-`+s.ID+`"`) {
			t.Errorf("token %s is not in the table", s.ID)
		}
	}
	for _, hostile := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;", "&lt;script&gt;alert(4)&lt;/script&gt;"} {
		if !strings.Contains(dom, hostile) {
			t.Errorf("%s does not show as text", hostile)
		}
	}
	if regexp.MustCompile(`<script>alert|<img|onerror="|<textarea|<b>saved`).MatchString(dom) {
		t.Error("cell text became markup")
	}
	if want := fmt.Sprintf("%d of %d findings shown", len(rep.Findings), len(rep.Findings)); !strings.Contains(dom, want) {
		t.Errorf("the page's script did not run (no %q)", want)
	}
	if seen := log.seen(); len(seen) != before {
		t.Errorf("the page made requests: %v", seen[before:])
	}

	// A saved JSON report renders the same page, without the files.
	saved := filepath.Join(t.TempDir(), "audit.json")
	os.WriteFile(saved, []byte(hfscan(t, dir, "", "-f", "json", ".").stdout), 0o644)
	again := filepath.Join(t.TempDir(), "again.html")
	hfscan(t, t.TempDir(), "", "--from-json", saved, "-f", "html", "-o", again)
	if a, _ := os.ReadFile(again); strings.Count(string(a), `<article class="finding`) != len(rep.Findings) ||
		strings.Count(string(a), "<mark>") != strings.Count(string(html), "<mark>") || !bytes.Contains(a, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Errorf("--from-json renders another page:\n%s", a)
	}

	// The README's screenshot: the demo's audit.
	demo := filepath.Join(t.TempDir(), "demo.html")
	hfscan(t, untrackedCopy(t, "testdata/demo"), "", "-f", "html", "-o", demo, "testdata/demo")
	shot := filepath.Join(t.TempDir(), "audit.png")
	if *update {
		shot = filepath.Join(repoRoot, "docs", "html-report.png")
		os.MkdirAll(filepath.Dir(shot), 0o755)
	}
	render(t, chromium, demo, proxy, shot)
	if png, err := os.ReadFile(shot); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("no screenshot: %v", err)
	}
}

// TestHTMLReportAtScale renders 1,000 findings: the file stays small
// enough to mail and open, and Chromium loads all of it.
func TestHTMLReportAtScale(t *testing.T) {
	chromium := browser(t)
	proxy := httptest.NewServer(&requestLog{})
	defer proxy.Close()
	dir := t.TempDir()
	for n := range 100 {
		var cells []string
		for k := range 10 {
			cells = append(cells, fmt.Sprintf("x = %d\nhf_token = '%s'\nprint(x)", k, rules.Fake("hf_", 34, fmt.Sprint("scale ", n, " ", k))))
		}
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("nb%03d.ipynb", n)), notebookBytes(t, cells...), 0o644)
	}
	page := filepath.Join(t.TempDir(), "audit.html")
	if r := hfscan(t, dir, "", "-f", "html", "-o", page, "."); r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	info, _ := os.Stat(page)
	if info.Size() > 4<<20 {
		t.Errorf("1,000 findings make a %d-byte page", info.Size())
	}
	t.Logf("1,000 findings: %d KiB", info.Size()>>10)
	dom := render(t, chromium, page, proxy, "")
	if !strings.Contains(dom, "1000 of 1000 findings shown") || strings.Count(dom, `<article class="finding`) != 1000 {
		t.Errorf("the page did not load whole")
	}
}
