package onealltest

import (
	"fmt"
	"path"
	"strings"
	"time"
)

// RequestRecord is one request the server received. It never holds keys,
// passwords or bodies.
type RequestRecord struct {
	// Time is when the request arrived (wall clock, not the logical clock).
	Time time.Time
	// Method, Path and Query are the request's, Query without the "?".
	Method, Path, Query string
	// Operation is the operationId of openapi.yaml that the request was
	// routed to, e.g. "CreateStorageUser", "DirectConnect" for the pages of
	// Direct Connect (see DirectConnect), or "" for an unknown resource.
	Operation string
	// Status is the HTTP status written; 0 when no answer was written (a
	// FaultReset or FaultLost, or a client that went away during
	// WithLatency: before its request was handled in the first half of the
	// latency, after it in the second).
	Status int
	// Fault is the fault injected into this request, or "" for none.
	Fault FaultKind
	// Duration is how long the request took to serve, latency included.
	Duration time.Duration
}

// Requests returns a copy of the log of the requests received, oldest first.
// Past 100,000 requests the oldest half is dropped (RequestCount stays
// exact); ResetRequests empties the log.
func (s *Server) Requests() []RequestRecord {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	return append([]RequestRecord(nil), s.log...)
}

// RequestCount returns how many requests were received for method and
// pathPattern since the start or the last ResetRequests, whatever their
// outcome (faults included). pathPattern is a path such as
// "/storage/users.json" or a path.Match pattern such as
// "/identities/*/link.json"; an empty method matches every method.
func (s *Server) RequestCount(method, pathPattern string) int {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	n := 0
	for key, c := range s.counts {
		m, p, _ := strings.Cut(key, " ")
		if method != "" && m != method {
			continue
		}
		if p == pathPattern {
			n += c
			continue
		}
		if ok, _ := path.Match(pathPattern, p); ok {
			n += c
		}
	}
	return n
}

// logRequests logs the last requests received, for a test that failed.
func (s *Server) logRequests(t TB) {
	const last = 20
	log := s.Requests()
	if len(log) == 0 {
		t.Log("onealltest: the server received no request")
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "onealltest: the last %d of %d requests the server received:", min(last, len(log)), len(log))
	for _, r := range log[max(0, len(log)-last):] {
		fmt.Fprintf(&b, "\n  %s %s", r.Method, r.Path)
		if r.Query != "" {
			b.WriteString("?" + r.Query)
		}
		fmt.Fprintf(&b, " -> %d", r.Status)
		if r.Fault != "" {
			fmt.Fprintf(&b, " (fault %s)", r.Fault)
		}
	}
	t.Log(b.String())
}

// ResetRequests empties the request log and the counts of RequestCount.
func (s *Server) ResetRequests() {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	s.log = nil
	clear(s.counts)
}

// record appends a request to the log.
func (s *Server) record(r RequestRecord) {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	if len(s.log) >= maxLoggedRequests {
		s.log = append(s.log[:0:0], s.log[len(s.log)/2:]...)
	}
	s.log = append(s.log, r)
	s.counts[r.Method+" "+r.Path]++
}
