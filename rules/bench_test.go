package rules

import "testing"

// BenchmarkDefault builds the rule table, as every run does at start-up:
// patterns compiled and samples drawn.
func BenchmarkDefault(b *testing.B) {
	for range b.N {
		Default()
	}
}
