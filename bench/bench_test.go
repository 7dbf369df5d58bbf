package bench

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

// The three clients are benchmarked side by side, in one run, against one
// server: compare them with benchstat (see the README). Each sub-benchmark
// makes one call per iteration, sequentially, over a kept-alive connection.

func BenchmarkGetIdentity(b *testing.B) {
	names, cs := clients(newServer(b).URL)
	tok := token('b', 0)
	for _, name := range names {
		c := cs[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.getIdentity(b.Context(), tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkListIdentities500(b *testing.B) {
	names, cs := clients(newServer(b).URL)
	for _, name := range names {
		c := cs[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if l, err := c.listIdentities(b.Context()); err != nil || len(l) != 500 {
					b.Fatal(len(l), err)
				}
			}
		})
	}
}

func BenchmarkSynchronizeStorageUser(b *testing.B) {
	names, cs := clients(newServer(b).URL)
	in := mustDecode[api.StorageUserInput](syncInputJSON)
	for _, name := range names {
		c := cs[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.synchronizeUser(b.Context(), syncLogin, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The three clients decode the same answers into the same values: the
// benchmarks compare equal work.
func TestClientsAgree(t *testing.T) {
	names, cs := clients(newServer(t).URL)
	ctx := t.Context()
	in := mustDecode[api.StorageUserInput](syncInputJSON)
	var want [3][]byte
	for i, name := range names {
		c := cs[name]
		id, err := c.getIdentity(ctx, token('b', 0))
		if err != nil {
			t.Fatalf("%s: get: %v", name, err)
		}
		list, err := c.listIdentities(ctx)
		if err != nil || len(list) != 500 {
			t.Fatalf("%s: list: %d entries, %v", name, len(list), err)
		}
		user, err := c.synchronizeUser(ctx, syncLogin, in)
		if err != nil {
			t.Fatalf("%s: synchronize: %v", name, err)
		}
		got := [3][]byte{mustEncode(t, id), mustEncode(t, list), mustEncode(t, user)}
		if i == 0 {
			want = got
			// Every field of the payloads arrived (nothing dropped).
			if len(got[0]) < 2800 || len(got[1]) < 500*2800 {
				t.Fatalf("%s: decoded identity is %d bytes, page %d", name, len(got[0]), len(got[1]))
			}
			continue
		}
		for k, what := range []string{"identity", "page", "storage user"} {
			if !bytes.Equal(got[k], want[k]) {
				t.Errorf("%s decodes the %s differently from %s:\n%s\nwant\n%s", name, what, names[0], got[k], want[k])
			}
		}
	}
}

func mustEncode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
