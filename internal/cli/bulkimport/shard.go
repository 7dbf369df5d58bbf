package bulkimport

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// JobIndexEnv is the environment variable a Kubernetes Indexed Job sets to
// the index of each of its pods: `--shard auto/N` reads it.
const JobIndexEnv = "JOB_COMPLETION_INDEX"

// Shard selects the part of an input that one machine imports: the rows
// whose identifier hashes (FNV-1a, 64 bits) to Index modulo Count. The zero
// value, like 0/1, keeps every row.
type Shard struct {
	// Index is the shard's number, from 0 to Count-1.
	Index int
	// Count is how many shards the input is split into; 0 or 1 means none.
	Count int
}

// ParseShard reads "i/n" with 0 <= i < n, or "auto/n", whose i is the
// value of JOB_COMPLETION_INDEX in getenv (set by a Kubernetes Indexed Job
// with completions n).
func ParseShard(s string, getenv func(string) string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(b)
	if !ok || err != nil || n < 1 {
		return Shard{}, usagef("shard must be i/n with 0 <= i < n, or auto/n, got %q", truncate(s, 40))
	}
	if a == "auto" {
		v := ""
		if getenv != nil {
			v = getenv(JobIndexEnv)
		}
		if v == "" {
			return Shard{}, usagef("--shard auto/%d reads the shard's index from %s, which is not set (a Kubernetes Indexed Job sets it in each pod)", n, JobIndexEnv)
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= n {
			return Shard{}, usagef("--shard auto/%d: %s is %q, want 0 to %d (the Job's completions must be %d)", n, JobIndexEnv, truncate(v, 20), n-1, n)
		}
		return Shard{Index: i, Count: n}, nil
	}
	i, err := strconv.Atoi(a)
	if err != nil || i < 0 || i >= n {
		return Shard{}, usagef("shard must be i/n with 0 <= i < n, or auto/n, got %q", truncate(s, 40))
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
