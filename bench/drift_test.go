package bench

import (
	"context"
	"sync/atomic"
	"testing"

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
	tok := token('b', 0)
	for _, call := range []struct {
		name string
		do   func(context.Context, *wrapper.Client) error
	}{
		{"GetIdentity", func(ctx context.Context, c *wrapper.Client) error {
			_, err := c.Identities.Get(ctx, tok)
			return err
		}},
		{"ListIdentities500", func(ctx context.Context, c *wrapper.Client) error {
			_, err := c.Identities.List(ctx, &wrapper.ListOptions{EntriesPerPage: 500})
			return err
		}},
	} {
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
