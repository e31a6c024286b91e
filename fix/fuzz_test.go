package fix

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzFix runs the fixer on random notebooks and Python files, seeded
// with the golden cases: it must never panic, a notebook that was JSON
// stays JSON, and fixing the result changes nothing more.
func FuzzFix(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "testdata", "fix", "*", "before", "*"))
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data, filepath.Ext(s) == ".py")
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, py bool) {
		name := "f.ipynb"
		if py {
			name = "f.py"
		}
		edits, _, _ := Plan(data, scanBytes(t, name, data), Options{ClearOutputs: len(data)%2 == 0})
		for i := 1; i < len(edits); i++ {
			if edits[i].Start < edits[i-1].End {
				t.Fatalf("edits overlap: %+v %+v", edits[i-1], edits[i])
			}
		}
		fixed := Apply(data, edits)
		if !py && json.Valid(data) && !json.Valid(fixed) {
			t.Fatalf("the fix broke the JSON:\n%s\n→\n%s", data, fixed)
		}
		if more, _, _ := Plan(fixed, scanBytes(t, name, fixed), Options{}); !py && json.Valid(data) && len(more) > 0 {
			t.Fatalf("a second fix would change more:\n%s\n→\n%s\n%+v", data, fixed, more)
		}
	})
}
