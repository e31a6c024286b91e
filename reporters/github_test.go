package reporters

import "testing"

// GitHub's runner unescapes %25, %0D, %0A in messages and also %3A, %2C
// in properties; anything else would end the command early.
func TestGitHubEscaping(t *testing.T) {
	if got, want := escapeData("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
	if got, want := escapeProperty("dir,x/100%:y\n"), "dir%2Cx/100%25%3Ay%0A"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
}
