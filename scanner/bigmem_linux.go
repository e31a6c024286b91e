//go:build linux

package scanner

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on the platforms Go
// runs Linux on with them (x86-64, arm64 with 4 KiB pages).
const hugePage = 2 << 20

// mapHuge maps n bytes or more, aligned on a huge page, and asks the
// kernel to back them with huge pages (MADV_HUGEPAGE: with transparent huge
// pages in "madvise" mode, the common default, only such memory gets them).
// The kernel falls back to small pages when it has no huge one to give.
func mapHuge(n int) (mapping, b []byte, ok bool) {
	size := (n + hugePage - 1) &^ (hugePage - 1)
	mapping, err := syscall.Mmap(-1, 0, size+hugePage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil, nil, false
	}
	skip := int(-uintptr(unsafe.Pointer(unsafe.SliceData(mapping))) & (hugePage - 1))
	b = mapping[skip : skip+size : skip+size]
	syscall.Madvise(b, syscall.MADV_HUGEPAGE) // advice: without it, small pages
	return mapping, b[:n], true
}

func unmapHuge(mapping []byte) { syscall.Munmap(mapping) }
