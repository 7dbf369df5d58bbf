package onealltest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultKind is a kind of failure that Faults injects.
type FaultKind string

// The kinds of faults. 429 and 5xx answers are OneAll JSON error envelopes,
// like the real API's; the others are what proxies and networks do.
const (
	// Fault429 answers 429 Too Many Requests with Retry-After (see
	// Faults.RetryAfter).
	Fault429 FaultKind = "429"
	// Fault500 answers 500 Internal Server Error.
	Fault500 FaultKind = "500"
	// Fault502 answers 502 Bad Gateway (OneAll: technical problems or maintenance).
	Fault502 FaultKind = "502"
	// Fault503 answers 503 Service Unavailable with Retry-After (see
	// Faults.RetryAfter).
	Fault503 FaultKind = "503"
	// FaultHTML answers a proxy's HTML error page (502, text/html) instead of JSON.
	FaultHTML FaultKind = "html"
	// FaultReset closes the connection (TCP reset) without answering.
	FaultReset FaultKind = "reset"
	// FaultTruncated sends the headers with the full Content-Length, then
	// half of the body, then closes the connection.
	FaultTruncated FaultKind = "truncate"
	// FaultLatency delays the request by Faults.Latency, then serves it
	// normally. It is the only kind that does not lose the answer.
	FaultLatency FaultKind = "latency"
	// FaultLost handles the request, with all its effects, then closes the
	// connection (TCP reset) without answering: the work was done, the
	// answer lost, as when a proxy gives up on a request the API finished.
	// It always does the work; Faults.AfterWork does the same for the other
	// kinds.
	FaultLost FaultKind = "lost"
)

// allFaultKinds lists every kind, in the order FaultKinds returns them.
var allFaultKinds = []FaultKind{Fault429, Fault500, Fault502, Fault503, FaultHTML, FaultReset, FaultTruncated, FaultLatency, FaultLost}

// FaultKinds returns every kind of fault, in a fixed order.
func FaultKinds() []FaultKind { return slices.Clone(allFaultKinds) }

// ParseFaultKind returns the kind named s ("429", "500", "502", "503",
// "html", "reset", "truncate", "latency" or "lost"), e.g. for a
// command-line flag.
func ParseFaultKind(s string) (FaultKind, error) {
	k := FaultKind(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(allFaultKinds, k) {
		return "", fmt.Errorf("onealltest: unknown fault kind %q (want one of %s)", s, kindList())
	}
	return k, nil
}

func kindList() string {
	names := make([]string, len(allFaultKinds))
	for i, k := range allFaultKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// Faults makes a share of the requests fail, to test what callers do with
// rate limits, server errors, proxies and broken connections.
//
// Which requests fail is drawn from a random source seeded with Seed and
// consulted in the order requests arrive, so a given sequence of requests
// always gets the same faults. Each request that passes the Paths filter
// makes one draw (two when it gets a fault).
//
// A fault never changes state by itself. Without AfterWork a faulted request
// is not handled at all; with AfterWork it is handled first (with all its
// effects) and its answer is then lost to the fault, as when a proxy times
// out after the API did the work. Both matter for retries: the first may be
// retried safely, the second must never be, for a create.
//
// The zero value injects nothing.
type Faults struct {
	// Seed seeds the random source that picks the faulted requests and
	// their kinds.
	Seed uint64
	// Rate is the share of requests that get a fault, from 0 (none) to 1
	// (all).
	Rate float64
	// Kinds are the kinds to draw from, each equally likely; empty means
	// all of them.
	Kinds []FaultKind
	// RetryAfter is the wait that 429 and 503 faults ask for, so that a
	// test stays fast: Retry-After-Ms carries it in milliseconds, and
	// Retry-After in whole seconds rounded down, as HTTP has no finer unit
	// (a wait under a second is "0": retry at once, after the client's own
	// backoff). 0 means 10ms; a negative value sends "0" in both.
	RetryAfter time.Duration
	// Latency is the delay of FaultLatency; 0 means 100ms.
	Latency time.Duration
	// AfterWork handles a faulted request before losing its answer (see
	// above). It has no effect on FaultLatency.
	AfterWork bool
	// Paths, when not empty, limits faults to the requests that match one
	// of its patterns: "[METHOD ]path", where path is a path.Match pattern,
	// e.g. "POST /storage/users.json" or "/identities/*/link.json".
	Paths []string
}

// Validate reports whether f is usable: a rate within 0..1, known kinds,
// valid path patterns and no negative latency.
func (f Faults) Validate() error {
	if math.IsNaN(f.Rate) || f.Rate < 0 || f.Rate > 1 {
		return fmt.Errorf("onealltest: invalid Faults: Rate must be within 0..1, got %v", f.Rate)
	}
	for _, k := range f.Kinds {
		if !slices.Contains(allFaultKinds, k) {
			return fmt.Errorf("onealltest: invalid Faults: unknown fault kind %q (want one of %s)", k, kindList())
		}
	}
	if f.Latency < 0 {
		return errors.New("onealltest: invalid Faults: Latency must not be negative")
	}
	for _, p := range f.Paths {
		_, pat := splitFaultPath(p)
		if _, err := path.Match(pat, "/"); err != nil {
			return fmt.Errorf("onealltest: invalid Faults: bad path pattern %q: %v", p, err)
		}
	}
	return nil
}

// splitFaultPath splits "[METHOD ]pattern".
func splitFaultPath(p string) (method, pattern string) {
	if m, rest, ok := strings.Cut(strings.TrimSpace(p), " "); ok {
		return strings.ToUpper(m), strings.TrimSpace(rest)
	}
	return "", strings.TrimSpace(p)
}

// matches reports whether a request falls under the Paths filter.
func (f *Faults) matches(method, urlPath string) bool {
	if len(f.Paths) == 0 {
		return true
	}
	for _, p := range f.Paths {
		m, pat := splitFaultPath(p)
		if m != "" && m != method {
			continue
		}
		if ok, _ := path.Match(pat, urlPath); ok {
			return true
		}
	}
	return false
}

// faultState is the current Faults with its random source.
type faultState struct {
	f   Faults
	rng *rand.Rand
}

// SetFaults replaces the faults and reseeds their random source with
// f.Seed, so the requests that follow get a reproducible sequence of faults.
// SetFaults(Faults{}) turns faults off. It panics if f is invalid (see
// Faults.Validate).
func (s *Server) SetFaults(f Faults) {
	if err := f.Validate(); err != nil {
		panic(err.Error())
	}
	s.setFaults(f)
}

func (s *Server) setFaults(f Faults) {
	f.Kinds = slices.Clone(f.Kinds)
	f.Paths = slices.Clone(f.Paths)
	if len(f.Kinds) == 0 {
		f.Kinds = slices.Clone(allFaultKinds)
	}
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults = faultState{f: f, rng: rand.New(rand.NewPCG(f.Seed, 0x6f6e65616c6c))}
	s.faultsOn.Store(f.Rate > 0)
}

// defaultRetryAfter is the wait of 429 and 503 faults unless
// Faults.RetryAfter says otherwise: milliseconds, to keep tests fast.
const defaultRetryAfter = 10 * time.Millisecond

// drawn is the fault drawn for one request, with the settings it needs.
type drawn struct {
	kind       FaultKind
	afterWork  bool
	latency    time.Duration
	retryAfter time.Duration
}

// drawFault decides whether a request gets a fault, and which.
func (s *Server) drawFault(method, urlPath string) drawn {
	if !s.faultsOn.Load() {
		return drawn{}
	}
	s.fmu.Lock()
	defer s.fmu.Unlock()
	f := &s.faults.f
	if f.Rate <= 0 || !f.matches(method, urlPath) {
		return drawn{}
	}
	if s.faults.rng.Float64() >= f.Rate {
		return drawn{}
	}
	d := drawn{kind: f.Kinds[s.faults.rng.IntN(len(f.Kinds))], afterWork: f.AfterWork, latency: f.Latency}
	if d.latency == 0 {
		d.latency = 100 * time.Millisecond
	}
	switch {
	case f.RetryAfter == 0:
		d.retryAfter = defaultRetryAfter
	case f.RetryAfter > 0:
		d.retryAfter = f.RetryAfter
	}
	return d
}

// htmlErrorPage is what a reverse proxy answers when the API behind it fails.
const htmlErrorPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`

// writeFault answers a faulted request. done is the request's own answer
// when it was handled first (AfterWork), nil otherwise; commit logs the
// request before anything reaches the client.
func (s *Server) writeFault(w http.ResponseWriter, c *call, f drawn, done *response, commit func(status int)) {
	var resp *response
	switch f.kind {
	case Fault429:
		resp = c.fail(http.StatusTooManyRequests, info429)
		resp.retryAfter = &f.retryAfter
	case Fault500:
		resp = c.fail(http.StatusInternalServerError, info500)
	case Fault502:
		resp = c.fail(http.StatusBadGateway, info502)
	case Fault503:
		resp = c.fail(http.StatusServiceUnavailable, info503)
		resp.retryAfter = &f.retryAfter
	case FaultHTML:
		resp = &response{status: http.StatusBadGateway, contentType: "text/html", body: []byte(htmlErrorPage)}
	case FaultReset, FaultLost:
		commit(0)
		resetConnection(w)
		return
	case FaultTruncated:
		resp = done
		if resp == nil {
			resp = c.fail(http.StatusInternalServerError, info500)
		}
		commit(resp.status)
		h := w.Header()
		h.Set("Content-Type", resp.contentTypeOrJSON())
		h.Set("Content-Length", strconv.Itoa(len(resp.body)))
		w.WriteHeader(resp.status)
		_, _ = w.Write(resp.body[:len(resp.body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler)
	}
	commit(resp.status)
	resp.write(w)
}

// resetConnection closes the client's connection without an answer, with a
// TCP reset when it can. Without a connection to take over it aborts the
// handler, which net/http turns into a closed connection.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
