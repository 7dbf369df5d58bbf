package onealltest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

func TestWithLatency(t *testing.T) {
	t.Parallel()
	srv := newServer(t, onealltest.WithLatency(40*time.Millisecond))
	start := time.Now()
	if _, err := srv.Client().Users.List(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatalf("answered in %v", d)
	}
	// A caller that gives up in the first half: nothing is handled.
	srv.SetLatency(time.Minute)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	_, err := srv.Client(wrapper.WithRetries(0)).Storage.CreateUser(ctx, api.StorageUserInput{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v", err)
	}
	srv.Close() // waits for the dropped request to be logged
	log := srv.Requests()
	if last := log[len(log)-1]; last.Operation != "CreateStorageUser" || last.Status != 0 || srv.Stats().StorageUsers != 0 {
		t.Fatalf("a cancelled request was handled: %+v", last)
	}
}

// TestLatencyHalvesAroundTheHandling: with a latency of d, a request is
// handled after d/2 and answered after d, so its effect is there before its
// answer; a client that goes away in the second half finds it done.
func TestLatencyHalvesAroundTheHandling(t *testing.T) {
	t.Parallel()
	const d = time.Second
	srv := newServer(t, onealltest.WithLatency(d))
	start := time.Now()
	answered := make(chan time.Duration, 1)
	go func() {
		_, err := srv.Client(wrapper.WithRetries(0)).Storage.CreateUser(context.Background(), api.StorageUserInput{Login: api.Set("first")})
		if err != nil {
			t.Error(err)
		}
		answered <- time.Since(start)
	}()
	for srv.Stats().StorageUsers == 0 {
		time.Sleep(2 * time.Millisecond)
	}
	handled := time.Since(start)
	took := <-answered
	if handled < d/2 || handled > d*3/4 || took < d {
		t.Fatalf("handled after %v, answered after %v: want handled from %v (well before the answer), answered from %v", handled, took, d/2, d)
	}

	// Gone in the second half: handled, no answer.
	ctx, cancel := context.WithTimeout(t.Context(), d*7/10)
	defer cancel()
	_, err := srv.Client(wrapper.WithRetries(0)).Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("second")})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v", err)
	}
	srv.Close() // waits for the request to be logged
	log := srv.Requests()
	if last := log[len(log)-1]; last.Status != 0 || srv.Stats().StorageUsers != 2 {
		t.Fatalf("a request whose client left after its handling: logged %+v, %d users", last, srv.Stats().StorageUsers)
	}
}
