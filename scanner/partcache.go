package scanner

import (
	"hash/maphash"
	"sync"
)

// partCache remembers the notebook parts that were read in full and held
// nothing: a cell's source, one output, one metadata string, by the hash
// of its raw bytes and how it was read. Versions of a notebook in git
// history share most of their cells, and notebooks of one tree share many
// (translations of a course, copies): a part seen clean once is not
// decoded, matched or tokenized again. Only clean parts are kept — a part
// with a finding is read again wherever it is, so every finding keeps its
// own place and fingerprint. One cache serves a whole scan, shared by the
// workers; it stops growing at maxParts entries, which bounds its memory.
type partCache struct {
	seeds [2]maphash.Seed
	mu    sync.RWMutex
	clean map[partKey]struct{}
}

// partKey is a 128-bit hash (two 64-bit hashes with independent seeds):
// a collision, which would hide a part, is out of reach.
type partKey [2]uint64

// maxParts bounds the cache: about 16 MiB.
const maxParts = 1 << 18

func newPartCache() *partCache {
	return &partCache{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, clean: map[partKey]struct{}{}}
}

// key hashes a part's raw bytes with how it is read (code or not, Python
// or not, a traceback's joined lines, an attachment decoded): the same
// bytes read another way are another part.
func (c *partCache) key(raw []byte, how byte) partKey {
	var k partKey
	for i, seed := range c.seeds {
		var h maphash.Hash
		h.SetSeed(seed)
		h.WriteByte(how)
		h.Write(raw)
		k[i] = h.Sum64()
	}
	return k
}

func (c *partCache) seen(k partKey) bool {
	if c == nil {
		return false
	}
	c.mu.RLock()
	_, ok := c.clean[k]
	c.mu.RUnlock()
	return ok
}

func (c *partCache) add(k partKey) {
	if c == nil {
		return
	}
	c.mu.Lock()
	if len(c.clean) < maxParts {
		c.clean[k] = struct{}{}
	}
	c.mu.Unlock()
}
