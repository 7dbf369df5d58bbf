package bench

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/wrapper"
)

// What WithDriftHandler costs, side by side in one run against one server:
// a client without the option ("none", as before it existed), with it off
// (a nil handler) and on. The answers carry the members an answer of
// OneAll may carry that the models do not know, so "on" reports them once
// and then looks them up on every call.
func BenchmarkDrift(b *testing.B) {
	base := newServer(b).URL
	var reported atomic.Int64
	modes := []struct {
		name string
		opts []wrapper.ClientOption
	}{
		{"none", nil},
		{"off", []wrapper.ClientOption{wrapper.WithDriftHandler(nil)}},
		{"on", []wrapper.ClientOption{wrapper.WithDriftHandler(func(wrapper.Drift) { reported.Add(1) })}},
	}
	for _, call := range driftCalls() {
		for _, m := range modes {
			c, err := wrapper.New("", publicKey, privateKey, append([]wrapper.ClientOption{wrapper.WithBaseURL(base)}, m.opts...)...)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(call.name+"/"+m.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := call.do(b.Context(), c); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	b.Logf("drift reported %d times", reported.Load())
}

// BenchmarkDriftInterleaved makes the calls of BenchmarkDrift's three
// clients in turn within each iteration and reports each client's time per
// call (ns/none, ns/off, ns/on): on a machine whose load changes from one
// second to the next, the three then share the same conditions, which
// separate sub-benchmarks do not.
func BenchmarkDriftInterleaved(b *testing.B) {
	base := newServer(b).URL
	names := []string{"none", "off", "on"}
	clients := make([]*wrapper.Client, len(names))
	for i, opts := range [][]wrapper.ClientOption{nil, {wrapper.WithDriftHandler(nil)}, {wrapper.WithDriftHandler(func(wrapper.Drift) {})}} {
		c, err := wrapper.New("", publicKey, privateKey, append([]wrapper.ClientOption{wrapper.WithBaseURL(base)}, opts...)...)
		if err != nil {
			b.Fatal(err)
		}
		clients[i] = c
	}
	for _, call := range driftCalls() {
		b.Run(call.name, func(b *testing.B) {
			spent := make([]time.Duration, len(clients))
			n := 0
			for b.Loop() {
				for i, c := range clients {
					start := time.Now()
					if err := call.do(b.Context(), c); err != nil {
						b.Fatal(err)
					}
					spent[i] += time.Since(start)
				}
				n++
			}
			for i, name := range names {
				b.ReportMetric(float64(spent[i].Nanoseconds())/float64(n), "ns/"+name)
			}
		})
	}
}

// driftCall is one call the drift benchmarks make.
type driftCall struct {
	name string
	do   func(context.Context, *wrapper.Client) error
}

// driftCalls are the calls the drift benchmarks make: one identity, and a
// page of 500.
func driftCalls() []driftCall {
	tok := token('b', 0)
	return []driftCall{
		{"GetIdentity", func(ctx context.Context, c *wrapper.Client) error {
			_, err := c.Identities.Get(ctx, tok)
			return err
		}},
		{"ListIdentities500", func(ctx context.Context, c *wrapper.Client) error {
			_, err := c.Identities.List(ctx, &wrapper.ListOptions{EntriesPerPage: 500})
			return err
		}},
	}
}
