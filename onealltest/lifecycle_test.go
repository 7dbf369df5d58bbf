package onealltest_test

import (
	"errors"
	"fmt"
	"net"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// recordingTB is a testing.TB that records what New does with it.
type recordingTB struct {
	testing.TB
	mu       sync.Mutex
	cleanups []func()
	failed   bool
	fatal    string
	logs     []string
}

func (r *recordingTB) Helper() {}
func (r *recordingTB) Cleanup(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups = append(r.cleanups, f)
}
func (r *recordingTB) Failed() bool { return r.failed }
func (r *recordingTB) Log(args ...any) {
	r.logs = append(r.logs, fmt.Sprint(args...))
}

// Fatal records the message and ends the goroutine, as testing.T does.
func (r *recordingTB) Fatal(args ...any) {
	r.fatal = fmt.Sprint(args...)
	r.failed = true
	runtime.Goexit()
}
func (r *recordingTB) Fatalf(format string, args ...any) { r.Fatal(fmt.Sprintf(format, args...)) }

// cleanup runs the recorded cleanups, last first.
func (r *recordingTB) cleanup() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

// inGoroutine runs f in a goroutine of its own, so that Fatal may end it.
func inGoroutine(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

func TestNewClosesWithTheTest(t *testing.T) {
	rec := &recordingTB{TB: t}
	var srv *onealltest.Server
	inGoroutine(func() { srv = onealltest.New(rec) })
	if rec.fatal != "" || len(rec.cleanups) != 1 {
		t.Fatalf("New: fatal %q, %d cleanups", rec.fatal, len(rec.cleanups))
	}
	srv.Seed(1)
	if _, err := srv.Client().Users.List(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	rec.cleanup()
	if len(rec.logs) != 0 {
		t.Errorf("a passing test got logs: %q", rec.logs)
	}
	c := srv.Client(wrapper.WithRetries(0))
	if _, err := c.Users.List(t.Context(), nil); !errors.Is(err, wrapper.ErrNetwork) {
		t.Fatalf("after the test's cleanup the server still answers: %v", err)
	}
}

func TestNewLogsRequestsWhenTheTestFails(t *testing.T) {
	rec := &recordingTB{TB: t}
	var srv *onealltest.Server
	inGoroutine(func() { srv = onealltest.New(rec) })
	srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault503}, Paths: []string{"/users.json"}})
	_, _ = srv.Client(wrapper.WithRetries(0)).Users.List(t.Context(), &wrapper.ListOptions{Page: 2})
	_, _ = srv.Client().Identities.List(t.Context(), nil)
	rec.failed = true
	rec.cleanup()
	if len(rec.logs) != 1 {
		t.Fatalf("logs %q, want one", rec.logs)
	}
	for _, want := range []string{"GET /users.json?page=2 -> 503 (fault 503)", "GET /identities.json -> 200"} {
		if !strings.Contains(rec.logs[0], want) {
			t.Errorf("log %q lacks %q", rec.logs[0], want)
		}
	}
}

func TestNewFailsTheTestOnABadOption(t *testing.T) {
	for name, opt := range map[string]onealltest.Option{
		"option": onealltest.WithLatency(-1),
		"listen": onealltest.WithAddr("256.0.0.1:0"),
	} {
		rec := &recordingTB{TB: t}
		inGoroutine(func() { onealltest.New(rec, opt) })
		if !rec.failed || !strings.HasPrefix(rec.fatal, "onealltest: ") {
			t.Errorf("%s: failed %v, message %q", name, rec.failed, rec.fatal)
		}
		rec.cleanup()
	}
}

func TestNewUnstarted(t *testing.T) {
	srv := onealltest.NewUnstarted(onealltest.WithKeys("pub", "priv"))
	defer srv.Close()
	if srv.URL != "" {
		t.Fatalf("URL %q before Start", srv.URL)
	}
	// Seeded and served through its Handler before it listens.
	tokens := srv.Seed(2)
	hts := httptest.NewServer(srv.Handler())
	defer hts.Close()
	c, err := wrapper.New("", "pub", "priv", wrapper.WithBaseURL(hts.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.Get(t.Context(), tokens[1]); err != nil {
		t.Fatal(err)
	}
	mustPanic(t, "Client before Start", func() { srv.Client() })

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.StartListener(ln)
	if srv.URL != "http://"+ln.Addr().String() {
		t.Fatalf("URL %q, listener on %s", srv.URL, ln.Addr())
	}
	if _, err := srv.Client().Users.Get(t.Context(), tokens[0]); err != nil {
		t.Fatal(err)
	}
	mustPanic(t, "a second Start", srv.Start)
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s did not panic", what)
		}
	}()
	f()
}
