package scanner

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hfscan/hfscan/rules"
)

// A scan whose context is done stops, and its result says so: a gate
// never passes over what it did not read.
func TestScanStopsWithItsContext(t *testing.T) {
	dir := t.TempDir()
	for i := range 50 {
		os.WriteFile(filepath.Join(dir, strings.Repeat("f", i+1)+".py"), []byte("t = 'hf_hfscanDemoNotARealKeyQzXwVbNmLpRst'\n"), 0o644)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Scan(ctx, &Paths{Paths: []string{dir}}, Options{Rules: rules.Default(), Jobs: 2})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "scan stopped before the end") {
		t.Fatalf("errors %+v", res.Errors)
	}
	if res.Stats.Files == 50 {
		t.Fatal("a stopped scan read everything")
	}
	res = Scan(context.Background(), &Paths{Paths: []string{dir}}, Options{Rules: rules.Default(), Jobs: 2})
	if len(res.Errors) != 0 || len(res.Findings) != 50 {
		t.Fatalf("full scan: %d findings, errors %+v", len(res.Findings), res.Errors)
	}
}
