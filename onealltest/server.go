package onealltest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/oneall-go/oneall-go/internal/precise"
	"github.com/oneall-go/oneall-go/wrapper"
)

// maxLoggedRequests bounds the request log: past it, the oldest half is
// dropped. RequestCount is exact whatever the log holds.
const maxLoggedRequests = 100_000

// Server is an in-memory OneAll API of one site, served over HTTP on a
// loopback port. It is safe for concurrent use.
//
// A Server starts empty: add users with Seed, AddUser, AddIdentity and
// AddStorageUser, or through the API (Import, the cloud storage endpoints).
// Its clock is logical, so that everything it answers is deterministic: it
// starts at 2024-01-01 00:00:00 +0000 and advances one minute for every
// change of state (see Now).
type Server struct {
	// URL is the base URL of the server, such as http://127.0.0.1:41235,
	// without a trailing slash, set when it starts. Pass it to
	// wrapper.WithBaseURL (or use Client or ClientOptions).
	URL string
	// PublicKey and PrivateKey are the site's API keys: random UUIDs unless
	// WithKeys gave them. Requests must carry them as HTTP Basic credentials.
	PublicKey, PrivateKey string

	passwordCost int
	addr         string // where Start listens
	httpServer   *http.Server
	served       chan struct{} // closed when httpServer.Serve returns
	handler      http.Handler
	// testHookServe, set by tests before the server starts, runs when a
	// request arrives.
	testHookServe func()

	// life is held shared by every request being served and exclusively by
	// Close, which thereby waits for them.
	life   sync.RWMutex
	closed bool
	once   sync.Once
	// deliveries bounds the pingbacks and video callbacks being POSTed:
	// Close ends them rather than wait for an endpoint that hangs.
	deliveries     context.Context
	stopDeliveries context.CancelFunc

	// ticks is the logical clock: minutes since epoch.
	ticks atomic.Int64

	mu sync.RWMutex // guards st
	st state

	latency atomic.Int64 // time.Duration added to every request
	// testPingbackTimeout, set by tests, replaces pingbackTimeout when > 0.
	testPingbackTimeout atomic.Int64

	faultsOn atomic.Bool
	fmu      sync.Mutex // guards faults
	faults   faultState

	lmu    sync.Mutex // guards the request log
	log    []RequestRecord
	counts map[string]int // "METHOD path" -> requests received
}

// TB is the part of testing.TB that New uses; *testing.T and *testing.B
// satisfy it. onealltest does not import package testing, so that a program
// built with it (a fake for another language's tests) does not link the
// test framework.
type TB interface {
	Helper()
	Cleanup(func())
	Failed() bool
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Log(args ...any)
}

// New starts a server on a random loopback port for the test t and closes
// it when the test ends (t.Cleanup). An invalid option or a failure to
// listen fails the test. When the test fails, the requests the server
// received last are logged.
//
// New is the constructor for tests; NewUnstarted and Start serve programs
// without a testing.TB.
func New(t TB, opts ...Option) *Server {
	t.Helper()
	s, err := newUnstarted(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		t.Fatalf("onealltest: cannot listen on %s: %v", s.addr, err)
	}
	s.StartListener(ln)
	t.Cleanup(func() {
		s.Close()
		if t.Failed() {
			s.logRequests(t)
		}
	})
	return s
}

// NewServer starts a server on a random loopback port (or WithAddr's) and
// returns it; Close it when done. It panics if an option is invalid or if
// it cannot listen, like httptest.NewServer. In a test, New closes the
// server by itself.
func NewServer(opts ...Option) *Server {
	s := NewUnstarted(opts...)
	s.Start()
	return s
}

// NewUnstarted returns a server that does not listen yet, as
// httptest.NewUnstartedServer does: it can be seeded and its Handler used
// at once; Start or StartListener makes it listen and sets URL. It panics
// if an option is invalid.
func NewUnstarted(opts ...Option) *Server {
	s, err := newUnstarted(opts)
	if err != nil {
		panic(err.Error())
	}
	return s
}

func newUnstarted(opts []Option) (*Server, error) {
	cfg := config{passwordCost: bcrypt.MinCost, addr: "127.0.0.1:0"}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.publicKey == "" && cfg.privateKey == "" {
		cfg.publicKey, cfg.privateKey = randomUUID(), randomUUID()
	}
	if cfg.publicKey == "" || cfg.privateKey == "" || strings.ContainsRune(cfg.publicKey, ':') {
		return nil, errors.New("onealltest: WithKeys: both keys must be non-empty and the public key must not contain ':'")
	}
	if cfg.passwordCost < bcrypt.MinCost || cfg.passwordCost > bcrypt.MaxCost {
		return nil, fmt.Errorf("onealltest: WithPasswordCost: %d is not a bcrypt cost (%d..%d)", cfg.passwordCost, bcrypt.MinCost, bcrypt.MaxCost)
	}
	if cfg.latency < 0 {
		return nil, errors.New("onealltest: WithLatency: negative duration")
	}
	if err := cfg.faults.Validate(); err != nil {
		return nil, err
	}
	s := &Server{
		PublicKey:    cfg.publicKey,
		PrivateKey:   cfg.privateKey,
		passwordCost: cfg.passwordCost,
		addr:         cfg.addr,
		counts:       make(map[string]int),
	}
	s.st.init()
	s.deliveries, s.stopDeliveries = context.WithCancel(context.Background())
	s.latency.Store(int64(cfg.latency))
	s.setFaults(cfg.faults)
	s.handler = s.withSocialize(http.HandlerFunc(s.serveHTTP))
	return s, nil
}

// Start makes a server from NewUnstarted listen on a random loopback port
// (or on WithAddr's address) and sets URL. It panics if it cannot listen or
// if the server was already started, like httptest.Server.Start.
func (s *Server) Start() {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		panic(fmt.Sprintf("onealltest: cannot listen on %s: %v", s.addr, err))
	}
	s.StartListener(ln)
}

// StartListener makes a server from NewUnstarted serve on ln, which it then
// owns (Close and Shutdown close it), and sets URL from ln's address. It
// panics if the server was already started.
func (s *Server) StartListener(ln net.Listener) {
	if s.httpServer != nil {
		panic("onealltest: the server was already started")
	}
	s.URL = "http://" + urlHost(ln.Addr())
	s.httpServer = &http.Server{Handler: s.handler, ReadHeaderTimeout: 30 * time.Second}
	s.served = make(chan struct{})
	go func() {
		defer close(s.served)
		_ = s.httpServer.Serve(ln) // ErrServerClosed after Close or Shutdown
	}()
}

// urlHost names a listener's address in a URL; an unspecified address
// (":8080") is reached through the IPv4 loopback.
func urlHost(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		return fmt.Sprintf("127.0.0.1:%d", tcp.Port)
	}
	return tcp.String()
}

// Close stops the server at once: it closes the listener and every
// connection, ends the pingbacks and video callbacks being delivered
// (later ones are dropped), then waits for the requests being handled to
// finish. Later
// requests to Handler get a 503. Close may be called more than once, and
// after Shutdown.
func (s *Server) Close() {
	s.once.Do(func() {
		s.stopDeliveries() // a request that delivers ends at once
		if s.httpServer != nil {
			s.httpServer.Close()
			<-s.served
		}
		s.life.Lock()
		s.closed = true
		s.life.Unlock()
	})
}

// Shutdown stops the server gracefully, as http.Server.Shutdown does: it
// closes the listener, then waits for the requests in flight to be answered
// and their connections to be idle. If ctx ends first, Shutdown returns its
// error and leaves the rest to Close. Afterwards the server is closed as by
// Close.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.httpServer != nil {
		if err := s.httpServer.Shutdown(ctx); err != nil {
			return err
		}
	}
	s.Close()
	return nil
}

// Handler returns the server as an http.Handler, with its authentication,
// latency, faults and request log, to mount it elsewhere (under a prefix,
// use http.StripPrefix). FaultReset and FaultTruncated need a real
// connection: under an httptest.ResponseRecorder they panic with
// http.ErrAbortHandler, as net/http expects.
func (s *Server) Handler() http.Handler { return s.handler }

// ClientOptions returns the wrapper options that Client uses: the server's
// URL as base URL and a backoff of 1 to 10 milliseconds, so that retries
// (after faults, see Faults) take milliseconds instead of seconds. Pass
// them, with the server's keys, to code that builds its own client:
//
//	c, err := wrapper.New("", srv.PublicKey, srv.PrivateKey, srv.ClientOptions()...)
func (s *Server) ClientOptions() []wrapper.ClientOption {
	return []wrapper.ClientOption{
		wrapper.WithBaseURL(s.URL),
		wrapper.WithBackoff(time.Millisecond, 10*time.Millisecond),
	}
}

// Client returns a wrapper client for this server: wrapper.New with the
// server's keys and ClientOptions, then opts (which may override them). It
// panics if the server was not started or an option is invalid, a
// programming error in the test.
func (s *Server) Client(opts ...wrapper.ClientOption) *wrapper.Client {
	if s.URL == "" {
		panic("onealltest: Client: the server was not started (call Start)")
	}
	c, err := wrapper.New("", s.PublicKey, s.PrivateKey, append(s.ClientOptions(), opts...)...)
	if err != nil {
		panic("onealltest: Client: " + err.Error())
	}
	return c
}

// SetLatency changes the time every request takes (see WithLatency).
func (s *Server) SetLatency(d time.Duration) {
	if d < 0 {
		panic("onealltest: SetLatency: negative duration")
	}
	s.latency.Store(int64(d))
}

// Now returns the server's logical clock: 2024-01-01 00:00:00 +0000 plus one
// minute per creation and per update so far. Creation and update dates come
// from it, so they are deterministic and strictly increasing, and so is the
// date of every answer.
func (s *Server) Now() time.Time {
	return epoch.Add(time.Duration(s.ticks.Load()) * tickStep)
}

// tick advances the clock by one step and returns the new time. Callers hold
// s.mu for writing, so that creation order and creation dates agree.
func (s *Server) tick() time.Time {
	return epoch.Add(time.Duration(s.ticks.Add(1)) * tickStep)
}

// serveHTTP is the server's handler: lifetime, log, latency, faults, then
// the API itself.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.life.RLock()
	defer s.life.RUnlock()
	if s.testHookServe != nil {
		s.testHookServe()
	}
	start := time.Now()
	rec := RequestRecord{Time: start, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery}
	c := s.newCall(r)
	rec.Operation = c.op.id
	// commit logs the request before its answer is written, so that a
	// client that got an answer always finds its request in the log.
	logged := false
	commit := func(status int) {
		if logged {
			return
		}
		logged = true
		rec.Status = status
		rec.Duration = time.Since(start)
		s.record(rec)
	}
	// No answer (a client gone during latency); also runs when a fault
	// aborts the handler with http.ErrAbortHandler after committing.
	defer commit(0)
	if s.closed {
		resp := c.fail(http.StatusServiceUnavailable, "The test server has been closed")
		commit(resp.status)
		resp.write(w)
		return
	}
	// Reading the whole body first also lets net/http notice a client that
	// goes away during the latency below.
	c.body, c.bodyErr = readBody(r, bodyLimit(c.op.id))
	c.body = phpEmptyAsObjects(c.op.id, c.body)
	// The latency is a network's: half of it before the request is
	// handled, the rest before its answer leaves (see WithLatency).
	d := time.Duration(s.latency.Load())
	if d > 0 && !precise.WaitUntil(r.Context(), start.Add(d/2)) {
		return
	}
	f := s.drawFault(r.Method, r.URL.Path)
	rec.Fault = f.kind
	if f.kind == FaultLatency {
		if !precise.WaitUntil(r.Context(), time.Now().Add(f.latency)) {
			return
		}
		d += f.latency
		f.kind = ""
	}
	var resp *response
	if f.kind == "" || f.afterWork || f.kind == FaultLost {
		resp = s.serve(c)
	}
	if d > 0 && !precise.WaitUntil(r.Context(), start.Add(d)) {
		return // handled, but the client is gone: no answer
	}
	if f.kind == "" {
		commit(resp.status)
		resp.write(w)
		return
	}
	s.writeFault(w, c, f, resp, commit)
}

// randomUUID returns a random version 4 UUID from crypto/rand, for keys.
func randomUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("onealltest: crypto/rand: " + err.Error())
	}
	return formatUUID(b)
}
