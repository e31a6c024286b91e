package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/hfscan/hfscan/rules"
)

// openPTY opens a pseudo-terminal: the master side the test reads, the
// terminal side the program writes to.
func openPTY(t *testing.T) (master, term *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlock pty: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("pty number: %v", e)
	}
	term, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return master, term
}

// slowScan runs hfscan on standard input that takes 1.5 s to arrive, so
// the scan outlasts the progress delay, with stderr on a terminal or a
// pipe; it returns what stderr received.
func slowScan(t *testing.T, onTerminal bool, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, append(args, "--stdin-filename", "cell.py", "-")...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir(), "TERM=xterm"}, env...)
	in, feed, _ := os.Pipe()
	cmd.Stdin = in
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	var got bytes.Buffer
	read := make(chan struct{})
	if onTerminal {
		master, term := openPTY(t)
		defer master.Close()
		cmd.Stderr = term
		go func() { io.Copy(&got, master); close(read) }() // ends with EIO once the terminal side is closed
		defer term.Close()
	} else {
		cmd.Stderr = &got
		close(read)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in.Close()
	fmt.Fprintf(feed, "token = '%s'\n", rules.Fake("hf_", 34, "progress"))
	time.Sleep(1500 * time.Millisecond)
	feed.Close()
	cmd.Wait()
	if onTerminal {
		cmd.Stderr.(*os.File).Close()
		select {
		case <-read:
		case <-time.After(5 * time.Second):
		}
	}
	if !strings.Contains(stdout.String(), "hf-token") {
		t.Errorf("the finding is missing from the report:\n%s", stdout.String())
	}
	return got.String()
}

// Progress shows on stderr when it is a terminal and the scan runs past a
// second, and is cleared at the end; never in a pipe, with -q, or in CI.
func TestProgressOnTerminal(t *testing.T) {
	got := slowScan(t, true, nil)
	if !strings.Contains(got, "\rhfscan: scanning… 0 files, 0 B, 0 findings\x1b[K") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("on a terminal, stderr got %q", got)
	}
	for name, run := range map[string]func() string{
		"pipe": func() string { return slowScan(t, false, nil) },
		"-q":   func() string { return slowScan(t, true, nil, "-q") },
		"CI":   func() string { return slowScan(t, true, []string{"CI=true"}) },
	} {
		if got := run(); strings.Contains(got, "scanning") || strings.Contains(got, "\x1b[K") {
			t.Errorf("%s: progress shown: %q", name, got)
		}
	}
}
