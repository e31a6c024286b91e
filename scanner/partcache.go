package scanner

import (
	"math/rand/v2"
	"sync"

	"github.com/zeebo/xxh3"
)

// partCache remembers what a scan read and found nothing in: whole files,
// and notebook parts (a cell's source, one output, one metadata string),
// by the hash of their bytes and how they were read. Notebooks of one tree
// share many parts and whole files (translations of a course, copies): on
// the shared corpus 16% of the bytes are files read before and 23% of the
// bytes of notebook parts repeat a part of 1 KiB or more read before;
// versions of a notebook in git history share most of their cells. What
// was read clean once is not parsed, searched for keywords, decoded,
// matched or tokenized again. Only clean reads are kept — a file or part
// with a finding is read again wherever it is, so every finding keeps its
// own place and fingerprint. One cache serves a whole scan, shared by the
// workers; it stops growing at maxParts entries, which bounds its memory.
type partCache struct {
	seed   uint64
	shards [partShards]partShard
	// sizes holds the sizes of the clean files kept: a file of another
	// size is not hashed before it is read.
	sizesMu sync.Mutex
	sizes   map[int]struct{}
}

// partShards splits the cache so that workers asking at once seldom wait
// on the same lock.
const partShards = 16

type partShard struct {
	mu sync.Mutex
	// clean is keyed by the low word of the hash (a map of uint64 keys is
	// the runtime's fast path; a 32-byte key cost more to look up than the
	// keyword search it saves) and holds the rest of the key, which must
	// match too. Of two keys that share a low word only the first is kept.
	clean map[uint64]partKeyRest
	_     [40]byte // a cache line of its own: no false sharing between shards
}

// partKeyRest is a partKey less the low word of its hash.
type partKeyRest struct{ lenHow, hi uint64 }

// partKey is a read's length and how it was read, and a 128-bit hash of
// its bytes (XXH3, seeded at random for each scan). Two different texts
// of the same length read the same way share a key by accident with odds
// of about one in 2^128 — a part is never hidden by chance. XXH3 is not a
// keyed hash: someone who can write files into the scanned tree could
// craft a clean file and a leaking one that share a key under some seeds,
// but that someone can as well silence hfscan with an ignore comment. It
// hashes at tens of gigabytes a second, where Go's maphash was the
// largest cost of the cache.
type partKey struct {
	lenHow uint64
	hash   xxh3.Uint128
}

// maxParts bounds the cache: about 16 MiB.
const maxParts = 1 << 18

// minCachedPart is the smallest part whose hash is looked up before its
// keyword search. A lookup in a map of some megabytes waits on memory: for
// a shorter part it costs more than searching it (measured on the corpus:
// 256 bytes 3% slower than 1 KiB; on a real history 1.3% faster). A
// shorter part is looked up only where a keyword stands in it.
const minCachedPart = 1024

// fileHow marks the reads of whole files, apart from every part's.
const fileHow = 1 << 8

func newPartCache() *partCache {
	c := &partCache{seed: rand.Uint64(), sizes: map[int]struct{}{}}
	for i := range c.shards {
		c.shards[i].clean = map[uint64]partKeyRest{}
	}
	return c
}

// key hashes bytes with how they are read (for a part: code or not,
// Python or not, a traceback's joined lines, an attachment decoded; for a
// file: fileHow and how its name says to read it): the same bytes read
// another way are another entry.
func (c *partCache) key(raw []byte, how uint32) partKey {
	return partKey{lenHow: uint64(len(raw)) | uint64(how)<<40, hash: xxh3.Hash128Seed(raw, c.seed)}
}

// shard picks a shard by the high word, so that the low word, the map's
// key, spreads over all of each shard's buckets.
func (c *partCache) shard(k partKey) *partShard { return &c.shards[k.hash.Hi%partShards] }

func (c *partCache) seen(k partKey) bool {
	if c == nil {
		return false
	}
	s := c.shard(k)
	s.mu.Lock()
	rest, ok := s.clean[k.hash.Lo]
	s.mu.Unlock()
	return ok && rest == partKeyRest{k.lenHow, k.hash.Hi}
}

func (c *partCache) add(k partKey) {
	if c == nil {
		return
	}
	s := c.shard(k)
	s.mu.Lock()
	if _, taken := s.clean[k.hash.Lo]; !taken && len(s.clean) < maxParts/partShards {
		s.clean[k.hash.Lo] = partKeyRest{k.lenHow, k.hash.Hi}
	}
	s.mu.Unlock()
}

// fileSeen reports whether a file of these bytes, read as how says, was
// read clean before; the key it returns is for addFile.
func (c *partCache) fileSeen(data []byte, how uint32) (partKey, bool) {
	if c == nil {
		return partKey{}, false
	}
	c.sizesMu.Lock()
	_, maybe := c.sizes[len(data)]
	c.sizesMu.Unlock()
	if !maybe {
		return partKey{}, false
	}
	k := c.key(data, fileHow|how)
	return k, c.seen(k)
}

// addFile keeps a file read clean. key is what fileSeen returned, or the
// zero key when it hashed nothing.
func (c *partCache) addFile(data []byte, how uint32, key partKey) {
	if c == nil {
		return
	}
	if key == (partKey{}) {
		key = c.key(data, fileHow|how)
	}
	c.add(key)
	c.sizesMu.Lock()
	if len(c.sizes) < maxParts { // bounded like the entries
		c.sizes[len(data)] = struct{}{}
	}
	c.sizesMu.Unlock()
}
