//go:build !unix

package remote

import "os/exec"

// killGroup leaves cmd as it is: where there are no process groups,
// the context kills git itself.
func killGroup(*exec.Cmd) {}
