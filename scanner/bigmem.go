package scanner

// bigMem holds the memory of one of a worker's large buffers (the file
// read), replaced only when a larger one is needed. Where the system has
// transparent huge pages (Linux), memory of hugePageMin or more is mapped
// apart from Go's heap and asked for huge pages: a buffer of megabytes is
// then touched through a few page faults instead of one every 4 KiB. On
// this project's virtual machine a page fault is dear — the read buffers
// alone took 1,400 of a corpus scan's 5,500 faults, and mapping them so
// saved about 5% of its CPU time. The memory holds bytes only, never a Go
// pointer, which the collector would not see there, and it is given back
// by release: no collector frees it.
type bigMem struct {
	mapping []byte // the whole mapping, to release; nil for heap memory
}

// hugePageMin is the smallest buffer worth a mapping of its own.
const hugePageMin = 1 << 20

// bytes returns n bytes of zeroed memory, releasing what m held before:
// the caller must keep no slice of it.
func (m *bigMem) bytes(n int) []byte {
	m.release()
	if n >= hugePageMin {
		if mapping, b, ok := mapHuge(n); ok {
			m.mapping = mapping
			return b
		}
	}
	return make([]byte, n)
}

func (m *bigMem) release() {
	if m.mapping != nil {
		unmapHuge(m.mapping)
		m.mapping = nil
	}
}
