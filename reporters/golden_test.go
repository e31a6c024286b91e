package reporters

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/rules"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata/")

// fixedResult is a result with one of every kind of thing a report shows:
// a secret in a file and in a notebook output, a practice finding with and
// without a literal, a finding from history, skipped files, an error, a
// notice and the repository's provenance.
func fixedResult(t testing.TB) *findings.Result {
	t.Helper()
	byID := map[string]*rules.Rule{}
	table := rules.Default()
	for _, r := range table {
		byID[r.ID] = r
	}
	rule := func(id string) *rules.Rule {
		r, ok := byID[id]
		if !ok {
			t.Fatalf("no rule %s", id)
		}
		return r
	}
	tok := rules.Fake("hf_", 34, "reporters golden")
	// ex is an excerpt whose text is before+secret+after, the secret marked.
	ex := func(before, secret, after string, r *rules.Rule) findings.Excerpt {
		e := findings.Excerpt{Text: before + secret + after}
		if secret != "" {
			e.Secrets = []findings.ExcerptSecret{{Start: len(before), End: len(before) + len(secret), Rule: r, Value: secret}}
		}
		return e
	}
	hf, arg, gh := rule("hf-token"), rule("hardcoded-token-arg"), rule("github-token")
	ghTok := rules.FakeFrom("ghp_", rules.Alnum, 36, "reporters golden github")
	// --verify's answers: one for the token however often it was found.
	live := &findings.Verification{Status: findings.Live, Owner: "alice", OwnerType: "user", TokenName: "ci", Role: "fineGrained",
		CanWrite: true, Scopes: []findings.VerifyScope{{Entity: "org:acme", Permissions: []string{"repo.content.read", "repo.write"}}},
		Orgs: []findings.VerifyOrg{{Name: "acme", Role: "admin"}}}
	res := findings.New(table)
	res.Findings = []findings.Finding{
		{Rule: hf, Path: ".env", Line: 3, Column: 10, EndLine: 3, EndColumn: 47,
			Message: "Hugging Face access token", Secret: tok,
			Excerpt: ex("HF_TOKEN=", tok, "", hf), Fingerprint: "0123456789abcdef0123456789abcdef", Verification: live},
		{Rule: hf, Path: "nb/train.ipynb", Line: 57, Column: 14, EndLine: 57, EndColumn: 51,
			Notebook: &findings.NotebookPos{Cell: 4, CellType: "code", Part: "output", Output: 2, Line: 2, Column: 9},
			Message:  "Hugging Face access token", Secret: tok,
			Excerpt: ex("token: ", tok, "", hf), Fingerprint: "fedcba9876543210fedcba9876543210", Verification: live},
		{Rule: gh, Path: "deploy.sh", Line: 4, Column: 14, EndLine: 4, EndColumn: 54,
			Message: "GitHub token", Secret: ghTok, Excerpt: ex("GITHUB_TOKEN=", ghTok, "", gh), Fingerprint: "1234123412341234abcdabcdabcdabcd",
			Verification: &findings.Verification{Status: findings.Invalid, Reason: findings.ReasonUnauthorized, Detail: "HTTP 401"}},
		{Rule: arg, Path: "nb/train.ipynb", Line: 60, Column: 20, EndLine: 60, EndColumn: 30,
			Notebook: &findings.NotebookPos{Cell: 5, CellType: "code", Part: "source", Line: 1, Column: 7},
			Message:  "Credential passed as a literal", Secret: "not-a-real",
			Excerpt: ex(`login("`, "not-a-real", `")`, arg), Fingerprint: "00112233445566778899aabbccddeeff"},
		{Rule: rule("token-printed"), Path: "scripts/run,1.py", Line: 2, Column: 1, EndLine: 2, EndColumn: 6,
			Message: "Token printed to the output", Excerpt: ex("print(hf_token)", "", "", nil),
			Fingerprint: "ffeeddccbbaa99887766554433221100"},
		{Rule: hf, Path: "old.py", Line: 1, Column: 6, EndLine: 1, EndColumn: 43,
			Message: "Hugging Face access token", Secret: tok,
			Excerpt: ex("t = '", tok, "'", hf), Fingerprint: "aaaabbbbccccddddeeeeffff00001111",
			Commit: &findings.Commit{SHA: "3651f78aa6f3b9b1c1a1e6ad1f1e2d3c4b5a6978", Author: "Jane", Email: "jane@example.com",
				Date: "2024-05-01T10:00:00Z", InHeadHistory: true}, Verification: live},
	}
	for i := range res.Findings {
		if f := &res.Findings[i]; f.Secret != "" && f.Rule.IsCredential() {
			f.SecretID = findings.SecretID(f.Secret) // as the engine names them
		}
	}
	// A metadata finding names its key.
	res.Findings = append(res.Findings, findings.Finding{Rule: hf, Path: "nb/widgets.ipynb", Line: 1, Column: 300, EndLine: 1, EndColumn: 337,
		Notebook: &findings.NotebookPos{Part: "metadata", Key: `metadata.widgets["application/vnd.jupyter.widget-state+json"].state.a1b2.state.value`, Line: 1, Column: 12},
		Message:  "Hugging Face access token", Secret: tok, SecretID: findings.SecretID(tok),
		Excerpt: ex("token ", tok, "", hf), Fingerprint: "99998888777766665555444433332222"})
	res.Skipped = []findings.Skipped{
		{Path: "big.ipynb", Reason: findings.SkipTooLarge, Size: 80 << 20},
		{Path: "weights.bin", Reason: findings.SkipBinary},
	}
	res.Errors = []findings.FileMessage{{Path: "locked.py", Message: "open: permission denied"}}
	res.Notices = []findings.FileMessage{{Path: "broken.ipynb", Message: "not a valid notebook (invalid JSON); scanned as plain text"}}
	res.Stats = findings.Stats{Files: 12, Notebooks: 3, Bytes: 123456, Duration: 42 * time.Millisecond, Baselined: 1}
	res.Provenance = &findings.Provenance{RepositoryURI: "https://127.0.0.1/alice/demo.git", Revision: "3651f78aa6f3b9b1c1a1e6ad1f1e2d3c4b5a6978", Branch: "main"}
	return res
}

// TestFormatsGolden writes the fixed result in every format, with and
// without --show-secrets, and compares each with its golden file
// (go test ./reporters -update rewrites them).
func TestFormatsGolden(t *testing.T) {
	for _, format := range Formats() {
		for _, show := range []bool{false, true} {
			name := format
			if show {
				name += "-show-secrets"
			}
			t.Run(name, func(t *testing.T) {
				rep, err := New(format, Options{Version: "1.2.3", ShowSecrets: show})
				if err != nil {
					t.Fatal(err)
				}
				var out bytes.Buffer
				if err := rep.Report(&out, fixedResult(t)); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", name+".golden")
				if *update {
					if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (go test ./reporters -update writes it)", err)
				}
				if !bytes.Equal(out.Bytes(), want) {
					t.Errorf("%s differs from %s:\n%s", name, golden, out.String())
				}
				tok := fixedResult(t).Findings[0].Secret
				if !show && bytes.Contains(out.Bytes(), []byte(tok)) {
					t.Errorf("%s prints the secret in full", name)
				}
			})
		}
	}
}

// A saved JSON report reads back into the result it was written from.
func TestJSONReadsBack(t *testing.T) {
	want := fixedResult(t)
	var out bytes.Buffer
	if err := (&JSON{Options: Options{Version: "1.2.3", ShowSecrets: true}}).Report(&out, want); err != nil {
		t.Fatal(err)
	}
	got, full, err := ReadJSON(&out, rules.Default())
	if err != nil || !full {
		t.Fatalf("read back: full %v, %v", full, err)
	}
	var a, b bytes.Buffer
	for _, pair := range []struct {
		res *findings.Result
		buf *bytes.Buffer
	}{{want, &a}, {got, &b}} {
		if err := (&SARIF{Options: Options{Version: "1.2.3"}}).Report(pair.buf, pair.res); err != nil {
			t.Fatal(err)
		}
	}
	if a.String() != b.String() {
		t.Errorf("the result read back gives another SARIF:\n%s\n---\n%s", b.String(), a.String())
	}
}
