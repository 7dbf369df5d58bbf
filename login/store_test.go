package login

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Two instances of an application behind a load balancer share one Store:
// a state spent on one is refused on the other.
func TestStoreIsSharedByInstances(t *testing.T) {
	shared := NewMemoryStore()
	srv, a := site(t, WithState(stateKey, 0), WithStore(shared))
	b, err := New(srv.Client(wrapper.WithRetries(0)), WithState(stateKey, 0), WithStore(shared), WithLogger(discard))
	if err != nil {
		t.Fatal(err)
	}
	uri, cookie := begin(t, a, "https://shop.example/cb")
	first, _ := srv.Connect(onealltest.ConnectRequest{Provider: "google", CallbackURI: uri})
	if _, err := a.Handle(t.Context(), httptest.NewRecorder(), callback(uri, first, cookie)); err != nil {
		t.Fatal(err)
	}
	second, _ := srv.Connect(onealltest.ConnectRequest{Provider: "google", CallbackURI: uri})
	if _, err := b.Handle(t.Context(), httptest.NewRecorder(), callback(uri, second, cookie)); !errors.Is(err, ErrInvalidState) {
		t.Errorf("the spent state on the other instance: %v", err)
	}
}

type failingStore struct{}

func (failingStore) Add(context.Context, string, int64, time.Time) (int64, error) {
	return 0, errors.New("redis: connection refused")
}

// A store that fails refuses the callback, before anything is sent.
func TestStoreFailureFailsClosed(t *testing.T) {
	srv, cb := site(t, WithState(stateKey, 0), WithStore(failingStore{}))
	uri, cookie := begin(t, cb, "https://shop.example/cb")
	token, _ := srv.Connect(onealltest.ConnectRequest{Provider: "google", CallbackURI: uri})
	srv.ResetRequests()
	_, err := cb.Handle(t.Context(), httptest.NewRecorder(), callback(uri, token, cookie))
	if !errors.Is(err, ErrStateStore) || statusOf(err) != http.StatusServiceUnavailable {
		t.Errorf("a failing store: %v (status %d)", err, statusOf(err))
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached OneAll", n)
	}
	if _, err := New(srv.Client(), WithState(stateKey, 0), WithStore(nil)); !errors.Is(err, wrapper.ErrInvalidInput) {
		t.Errorf("WithStore(nil): %v", err)
	}
}

// The memory store counts atomically and forgets what expired.
func TestMemoryStore(t *testing.T) {
	s := NewMemoryStore().(*memoryStore)
	now := time.Unix(1_000_000, 0)
	s.now = func() time.Time { return now }
	until := now.Add(time.Minute)
	for want := int64(1); want <= 3; want++ {
		if n, _ := s.Add(t.Context(), "k", 1, until); n != want {
			t.Fatalf("Add = %d, want %d", n, want)
		}
	}
	now = until.Add(time.Second)
	if n, _ := s.Add(t.Context(), "k", 1, now.Add(time.Minute)); n != 1 {
		t.Errorf("an expired counter counts on: %d", n)
	}
	for i := range sweepEvery {
		s.Add(t.Context(), string(rune('a'+i%26))+"x", 1, now)
	}
	now = now.Add(2 * time.Minute)
	s.Add(t.Context(), "last", 1, now.Add(time.Minute))
	for i := 0; i < sweepEvery; i++ {
		s.Add(t.Context(), "last", 0, now.Add(time.Minute))
	}
	if len(s.m) != 1 {
		t.Errorf("%d counters kept; want the live one only", len(s.m))
	}
}
