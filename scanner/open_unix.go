//go:build unix

package scanner

import (
	"errors"
	"io"
	"io/fs"
	"syscall"
	"unsafe"
)

// rawFile reads a file through bare system calls. os.File would also try
// to register every file with the runtime's poller, which fails for a
// regular file: one wasted system call per file of the tree.
type rawFile int

func (f rawFile) Read(b []byte) (int, error) {
	for {
		n, err := rawRead(int(f), b)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, errors.New("read: " + err.Error())
		}
		if n == 0 && len(b) > 0 {
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f rawFile) Close() error { return syscall.Close(int(f)) }

// openFile opens path for reading without blocking on a FIFO and says, from
// the open file itself, how large it is and whether it is a regular file.
func openFile(path string) (f io.ReadCloser, size int64, regular bool, err error) {
	var fd int
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, 0, false, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return nil, 0, false, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	return rawFile(fd), st.Size, st.Mode&syscall.S_IFMT == syscall.S_IFREG, nil
}

// rawRead reads without telling the scheduler that the thread is in a
// system call. A read of a file in the page cache takes long enough (a
// millisecond for a few megabytes) that the runtime would hand the
// worker's processor to another thread and then have to get one back:
// hundreds of thread switches a run. The read of a regular file cannot
// wait on anything but the disk, so holding the processor costs nothing.
func rawRead(fd int, b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	n, _, errno := syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}
