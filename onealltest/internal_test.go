package onealltest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

func TestPasswordsAreSlowHashes(t *testing.T) {
	for _, cost := range []int{bcrypt.MinCost, bcrypt.MinCost + 2} {
		srv := NewServer(WithPasswordCost(cost))
		u, err := srv.Client().Storage.CreateUser(t.Context(), api.StorageUserInput{Login: api.Set("a"), Password: "s3cret-password"})
		if err != nil {
			t.Fatal(err)
		}
		srv.mu.RLock()
		hash := srv.st.users[u.UserToken].passwordHash
		srv.mu.RUnlock()
		if got, err := bcrypt.Cost(hash); err != nil || got != cost {
			t.Fatalf("stored %q: cost %d, %v; want a bcrypt hash of cost %d", hash, got, err, cost)
		}
		if bytes.Contains(hash, []byte("s3cret")) {
			t.Fatal("the hash holds the password")
		}
		if _, err := srv.Client().Storage.LookupUser(t.Context(), wrapper.Lookup{Login: "a", Password: "s3cret-password"}); err != nil {
			t.Fatal(err)
		}
		srv.Close()
	}
}

func TestInvalidOptionsPanic(t *testing.T) {
	for name, opt := range map[string]Option{
		"cost":    WithPasswordCost(99),
		"keys":    WithKeys("a:b", "c"),
		"latency": WithLatency(-1),
		"faults":  WithFaults(Faults{Rate: 2}),
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: NewServer accepted an invalid option", name)
				}
			}()
			NewServer(opt).Close()
		}()
	}
}

func TestWithAddr(t *testing.T) {
	srv := NewServer(WithAddr(":0"))
	defer srv.Close()
	srv.Seed(1)
	if _, err := srv.Client().Users.List(t.Context(), nil); err != nil {
		t.Fatalf("%s: %v", srv.URL, err)
	}
}

func TestClosedServerAnswers503(t *testing.T) {
	srv := NewServer()
	srv.Close()
	srv.Close() // twice is fine
	c, err := wrapper.New("", srv.PublicKey, srv.PrivateKey, wrapper.WithBaseURL(srv.URL), wrapper.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.List(t.Context(), nil); err == nil {
		t.Fatal("a closed server answered")
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/users.json", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("Handler after Close: %d", rec.Code)
	}
}

// serving returns a server from NewUnstarted whose requests, when they
// arrive, tell the channel.
func serving(opts ...Option) (*Server, chan struct{}) {
	arrived := make(chan struct{}, 16)
	srv := NewUnstarted(opts...)
	srv.testHookServe = func() { arrived <- struct{}{} }
	srv.Start()
	return srv, arrived
}

func TestShutdownWaitsForRequestsInFlight(t *testing.T) {
	srv, arrived := serving(WithLatency(100 * time.Millisecond))
	srv.Seed(1)
	answered := make(chan error, 1)
	go func() {
		_, err := srv.Client(wrapper.WithRetries(0)).Users.List(context.Background(), nil)
		answered <- err
	}()
	<-arrived
	if err := srv.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := <-answered; err != nil {
		t.Fatalf("a request in flight during Shutdown failed: %v", err)
	}
	if n := srv.RequestCount("GET", "/users.json"); n != 1 {
		t.Fatalf("%d requests logged", n)
	}
	if _, err := srv.Client(wrapper.WithRetries(0)).Users.List(t.Context(), nil); !errors.Is(err, wrapper.ErrNetwork) {
		t.Fatalf("after Shutdown: %v", err)
	}
	srv.Close() // after Shutdown is fine
}

func TestShutdownGivesUpWithTheContext(t *testing.T) {
	srv, arrived := serving(WithLatency(time.Minute))
	defer srv.Close()
	go func() {
		_, _ = srv.Client(wrapper.WithRetries(0)).Users.List(context.Background(), nil)
	}()
	<-arrived
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := srv.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown with a request stuck for a minute: %v", err)
	}
}
