package reporters

import (
	"os/exec"
	"strings"
	"testing"
)

// Reporters read findings, never the engine: a report can be written from
// a saved result without scanning, and the engine holds no formatting.
func TestReportersDoNotImportTheEngine(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/hfscan/hfscan/scanner") {
			t.Errorf("reporters depend on %s", pkg)
		}
	}
}
