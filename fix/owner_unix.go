//go:build unix

package fix

import (
	"os"
	"syscall"
)

// keepOwner gives the file at tmp the owner and group of info, where the
// process may (root may; a user may only keep their own group): a fix by
// root of another user's notebook leaves it theirs. Failure is not an
// error: the mode is kept in any case.
func keepOwner(tmp string, info os.FileInfo) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		os.Lchown(tmp, int(st.Uid), int(st.Gid))
	}
}
