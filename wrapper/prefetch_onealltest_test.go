package wrapper_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// tokens collects the identity tokens that All yields, up to limit (0: all).
func tokens(t *testing.T, c *wrapper.Client, limit int, opts ...wrapper.Option) []string {
	t.Helper()
	var got []string
	for id, err := range c.Identities.All(t.Context(), &wrapper.ListOptions{EntriesPerPage: 50}, opts...) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, id.IdentityToken)
		if len(got) == limit {
			break
		}
	}
	return got
}

func TestWithPrefetchYieldsWhatSequentialYields(t *testing.T) {
	srv := onealltest.NewServer(onealltest.WithLatency(time.Millisecond))
	defer srv.Close()
	srv.Seed(600) // some 1,200 identities: 24 pages of 50
	sequential := tokens(t, srv.Client(), 0)
	if len(sequential) < 1000 {
		t.Fatalf("only %d identities", len(sequential))
	}
	perCall := tokens(t, srv.Client(), 0, wrapper.WithPrefetch(4))
	clientWide := tokens(t, srv.Client(wrapper.WithPrefetch(3)), 0)
	if !slices.Equal(perCall, sequential) || !slices.Equal(clientWide, sequential) {
		t.Errorf("with prefetch: %d and %d identities, not the %d of the sequential walk in its order",
			len(perCall), len(clientWide), len(sequential))
	}
	// A call may also turn a client's prefetch off.
	if off := tokens(t, srv.Client(wrapper.WithPrefetch(3)), 0, wrapper.WithPrefetch(0)); !slices.Equal(off, sequential) {
		t.Errorf("WithPrefetch(0) per call: %d identities", len(off))
	}
}

func TestWithPrefetchStopsFetchingWhenTheLoopBreaks(t *testing.T) {
	srv := onealltest.NewServer(onealltest.WithLatency(5 * time.Millisecond))
	defer srv.Close()
	srv.Seed(600)
	ignore := goleak.IgnoreCurrent() // the server's own goroutines
	before := srv.RequestCount("GET", "/identities.json")
	tr := &http.Transport{}
	if got := tokens(t, srv.Client(wrapper.WithHTTPClient(&http.Client{Transport: tr})), 75, wrapper.WithPrefetch(4)); len(got) != 75 {
		t.Fatalf("%d identities", len(got))
	}
	// 75 entries are on pages 1 and 2; at most 4 more were fetched ahead.
	if n := srv.RequestCount("GET", "/identities.json") - before; n > 2+4 {
		t.Errorf("%d pages requested for 75 entries with 4 ahead", n)
	}
	// Idle keep-alive connections stay in the transport's pool for the
	// next call; once they are closed, nothing the walk started is left.
	tr.CloseIdleConnections()
	goleak.VerifyNone(t, ignore)
}

func TestWithPrefetchRefusesABadCount(t *testing.T) {
	srv := onealltest.NewServer()
	defer srv.Close()
	for _, n := range []int{-1, wrapper.MaxPrefetch + 1} {
		var errs []error
		for _, err := range srv.Client().Identities.All(t.Context(), nil, wrapper.WithPrefetch(n)) {
			errs = append(errs, err)
		}
		if len(errs) != 1 || !errors.Is(errs[0], wrapper.ErrInvalidInput) {
			t.Errorf("WithPrefetch(%d): yielded %v, want one ErrInvalidInput", n, errs)
		}
	}
	if _, err := wrapper.New("", "pub", "priv", wrapper.WithBaseURL(srv.URL), wrapper.WithPrefetch(-1)); !errors.Is(err, wrapper.ErrInvalidInput) {
		t.Errorf("New with WithPrefetch(-1): %v", err)
	}
	if n := srv.RequestCount("GET", "/identities.json"); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
