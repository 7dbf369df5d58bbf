package wrapper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// headerEcho answers Get with an identity and records the X-Trace header of
// every request it receives.
func headerEcho(f *fixture) *sync.Map {
	var seen sync.Map // X-Trace value -> count (*atomic.Int32)
	f.mux.HandleFunc("/identities/"+identityToken+".json", func(w http.ResponseWriter, r *http.Request) {
		v, _ := seen.LoadOrStore(r.Header.Get("X-Trace"), new(atomic.Int32))
		v.(*atomic.Int32).Add(1)
		fmt.Fprint(w, ok(200, "/x", `{"identity":{"identity_token":"`+identityToken+`"}}`))
	})
	return &seen
}

func TestPerCallOptionsApplyToThatCallOnly(t *testing.T) {
	var logs bytes.Buffer
	f := setup(t, WithHeader("X-Trace", "client"))
	seen := headerEcho(f)
	ctx := context.Background()
	callLogger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if _, err := f.client.Identities.Get(ctx, identityToken, WithHeader("X-Trace", "call"), WithLogger(callLogger)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.Identities.Get(ctx, identityToken); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"client", "call"} {
		if n, ok := seen.Load(v); !ok || n.(*atomic.Int32).Load() != 1 {
			t.Errorf("X-Trace %q: not seen once", v)
		}
	}
	if strings.Count(logs.String(), "oneall: request") != 1 {
		t.Errorf("the call's logger logged:\n%s", logs.String())
	}

	// Retries for one call.
	n := sequence(f, "/users/"+userToken+".json", nil, 503, 503, 503, 200)
	if _, err := f.client.Users.Get(ctx, userToken, WithRetries(0)); !errors.Is(err, ErrServer) || n.Load() != 1 {
		t.Errorf("WithRetries(0) for one call: %v after %d requests", err, n.Load())
	}
	n.Store(0)
	if _, err := f.client.Users.Get(ctx, userToken, WithRetries(5)); err != nil || n.Load() != 4 {
		t.Errorf("WithRetries(5) for one call: %v after %d requests", err, n.Load())
	}
	if f.client.call.retries != 2 {
		t.Errorf("the client's retries changed to %d", f.client.call.retries)
	}
}

func TestPerCallTimeout(t *testing.T) {
	f := setup(t, WithRetries(0))
	f.mux.HandleFunc("/identities/"+identityToken+".json", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	start := time.Now()
	_, err := f.client.Identities.Get(context.Background(), identityToken, WithTimeout(20*time.Millisecond))
	if !errors.Is(err, ErrNetwork) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a timeout", err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("the call's timeout was not used: %v", d)
	}
}

func TestBadPerCallOptionSendsNothing(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	for name, o := range map[string]Option{
		"retries":  WithRetries(-1),
		"timeout":  WithTimeout(0),
		"backoff":  WithBackoff(time.Second, time.Millisecond),
		"header":   WithHeader("Authorization", "Basic x"),
		"bad name": WithHeader("X Trace", "1"),
	} {
		if _, err := f.client.Identities.Get(ctx, identityToken, o); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: err = %v, want ErrInvalidInput", name, err)
		}
		if c, err := f.client.With(o); c != nil || !errors.Is(err, ErrInvalidInput) {
			t.Errorf("With(%s) = %v, %v", name, c, err)
		}
		for _, err := range f.client.Identities.All(ctx, nil, o) {
			if !errors.Is(err, ErrInvalidInput) {
				t.Errorf("All with %s: %v", name, err)
			}
		}
	}
	// A nil option is ignored, as in New.
	if _, err := f.client.With(nil); err != nil {
		t.Errorf("With(nil): %v", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.hits) != 0 {
		t.Errorf("requests were sent: %v", f.hits)
	}
}

func TestWithHeaderRefusesWhatTheClientSets(t *testing.T) {
	const secret = "S3CRET-TOKEN"
	for _, tc := range []struct{ key, value string }{
		{"authorization", "Basic " + secret},
		{"User-Agent", secret},
		{"Host", secret},
		{"Content-Type", "text/plain"},
		{"Accept-Encoding", "br"},
		{"X-Trace", secret + "\r\nX-Injected: 1"},
		{"", secret},
		{"X:Trace", secret},
	} {
		_, err := New("site", "p", "q", WithHeader(tc.key, tc.value))
		if !errors.Is(err, ErrInvalidInput) || strings.Contains(err.Error(), secret) {
			t.Errorf("WithHeader(%q, ...) = %v; want ErrInvalidInput without the value", tc.key, err)
		}
	}
}

// Options that fix the client's connection or name are not Options: a
// call or With cannot take them.
func TestClientWideOptionsAreNotPerCall(t *testing.T) {
	option := reflect.TypeFor[Option]()
	for name, fn := range map[string]any{"WithBaseURL": WithBaseURL, "WithHTTPClient": WithHTTPClient, "WithAppInfo": WithAppInfo} {
		if out := reflect.TypeOf(fn).Out(0); out == option || out != reflect.TypeFor[ClientOption]() {
			t.Errorf("%s returns %v, want ClientOption only", name, out)
		}
	}
	for name, fn := range map[string]any{"WithRetries": WithRetries, "WithBackoff": WithBackoff, "WithTimeout": WithTimeout, "WithHeader": WithHeader, "WithLogger": WithLogger} {
		if out := reflect.TypeOf(fn).Out(0); out != option {
			t.Errorf("%s returns %v, want Option", name, out)
		}
	}
}

func TestWithMakesACheapCopy(t *testing.T) {
	f := setup(t, WithHeader("X-Trace", "client"))
	seen := headerEcho(f)
	c2, err := f.client.With(WithHeader("X-Trace", "copy"), WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	if c2.conn != f.client.conn || c2.conn.hc != f.client.conn.hc {
		t.Error("the copy does not share the client's connection")
	}
	if c2.Identities.c != c2 || c2.Users.c != c2 || c2.Storage.c != c2 {
		t.Error("the copy's services call the original client")
	}
	ctx := context.Background()
	c2.Identities.Get(ctx, identityToken)
	f.client.Identities.Get(ctx, identityToken)
	c3, _ := c2.With(WithHeader("X-Other", "1"))
	c3.Identities.Get(ctx, identityToken) // still X-Trace: copy
	for v, want := range map[string]int32{"client": 1, "copy": 2} {
		if n, ok := seen.Load(v); !ok || n.(*atomic.Int32).Load() != want {
			t.Errorf("X-Trace %q seen %v times, want %d", v, n, want)
		}
	}
	if f.client.call.retries != 2 || c2.call.retries != 0 || c3.call.retries != 0 {
		t.Errorf("retries: client %d, copy %d, copy of copy %d", f.client.call.retries, c2.call.retries, c3.call.retries)
	}
}

// Options given to one call, on many goroutines at once, never reach
// another call nor change the client (run with -race).
func TestPerCallOptionsDoNotLeakAcrossGoroutines(t *testing.T) {
	f := setup(t, WithHeader("X-Trace", "client"))
	var wrong atomic.Int32
	f.mux.HandleFunc("/identities/"+identityToken+".json", func(w http.ResponseWriter, r *http.Request) {
		if got, want := r.Header.Get("X-Trace"), r.Header.Get("X-Want"); got != want {
			wrong.Add(1)
		}
		fmt.Fprint(w, ok(200, "/x", `{"identity":{"identity_token":"`+identityToken+`"}}`))
	})
	before := f.client.call
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 20 {
				ctx := context.Background()
				var err error
				switch want := fmt.Sprintf("g%d-%d", g, i); i % 3 {
				case 0:
					_, err = f.client.Identities.Get(ctx, identityToken, WithHeader("X-Trace", want), WithHeader("X-Want", want), WithRetries(i))
				case 1:
					var c *Client
					if c, err = f.client.With(WithHeader("X-Trace", want), WithTimeout(time.Minute)); err == nil {
						_, err = c.Identities.Get(ctx, identityToken, WithHeader("X-Want", want))
					}
				default:
					_, err = f.client.Identities.Get(ctx, identityToken, WithHeader("X-Want", "client"))
				}
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if wrong.Load() != 0 {
		t.Errorf("%d requests carried another call's header", wrong.Load())
	}
	after := f.client.call
	if after.retries != before.retries || after.timeout != before.timeout || !reflect.DeepEqual(after.header, before.header) {
		t.Errorf("the client changed: %+v -> %+v", before, after)
	}
}
