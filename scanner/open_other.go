//go:build !unix

package scanner

import (
	"io"
	"os"
	"syscall"
)

// openFile opens path for reading without blocking on a FIFO and says, from
// the open file itself, how large it is and whether it is a regular file.
func openFile(path string) (f io.ReadCloser, size int64, regular bool, err error) {
	file, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, false, err
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, 0, false, err
	}
	return file, info.Size(), info.Mode().IsRegular(), nil
}
