//go:build !linux

package scanner

// mapHuge is Linux's: elsewhere a large buffer is Go heap memory.
func mapHuge(int) (mapping, b []byte, ok bool) { return nil, nil, false }

func unmapHuge([]byte) {}
