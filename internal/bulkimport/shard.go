package bulkimport

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/oneall-go/oneall-go/wrapper"
)

// Shard selects the part of an input that one machine imports: the rows
// whose identifier hashes (FNV-1a, 64 bits) to Index modulo Count. The zero
// value, like 0/1, keeps every row.
type Shard struct {
	// Index is the shard's number, from 0 to Count-1.
	Index int
	// Count is how many shards the input is split into; 0 or 1 means none.
	Count int
}

// ParseShard reads "i/n" with 0 <= i < n.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("%w: shard must be i/n with 0 <= i < n, got %q", wrapper.ErrInvalidInput, s)
	}
	return Shard{Index: i, Count: n}, nil
}

// String is "i/n".
func (s Shard) String() string {
	if s.Count <= 1 {
		return "0/1"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Keeps reports whether the row with this identifier value belongs to the
// shard. The hash is stable across runs, machines and versions.
func (s Shard) Keeps(id string) bool {
	if s.Count <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()%uint64(s.Count) == uint64(s.Index)
}

// first reports whether this is shard 0, which alone reports the rows that
// have no identifier (so that they are reported once).
func (s Shard) first() bool { return s.Count <= 1 || s.Index == 0 }
