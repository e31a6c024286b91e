package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/hfscan/hfscan/reporters"
	"github.com/hfscan/hfscan/scanner"
)

// progressAfter is how long a scan runs before it shows progress: a
// pre-commit run never does.
const progressAfter = time.Second

// progressEvery is how often the line is redrawn.
const progressEvery = 200 * time.Millisecond

// showProgress reports whether a progress line may be drawn on w: only
// on a terminal, never with -q, never in CI (whose logs keep every
// redraw), never when the user asked for no escapes (TERM=dumb).
func showProgress(w io.Writer, quiet bool) bool {
	if quiet || os.Getenv("CI") != "" || os.Getenv("GITHUB_ACTIONS") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(w)
}

// startProgress draws "scanning: N files, SIZE, N findings" on w once the
// scan has run progressAfter, and redraws it until stop, which clears it.
func startProgress(w io.Writer, p *scanner.Progress) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		wait := time.NewTimer(progressAfter)
		defer wait.Stop()
		select {
		case <-done:
			return
		case <-wait.C:
		}
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		for {
			fmt.Fprintf(w, "\rhfscan: scanning… %s, %s, %s\x1b[K", reporters.Plural(int(p.Files.Load()), "file"),
				reporters.ByteSize(p.Bytes.Load()), reporters.Plural(int(p.Findings.Load()), "finding"))
			select {
			case <-done:
				fmt.Fprint(w, "\r\x1b[K") // leave the terminal as it was
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}
