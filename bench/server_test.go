package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

const (
	publicKey  = "0b8e1c1a-6d3a-4d5e-8f7a-111111111111"
	privateKey = "5d2f8b2c-9e1a-4c3b-a7d6-222222222222"
)

// newServer answers the three benchmarked operations with fixed payloads,
// the same bytes for every client, so that the server's share of the time
// is the same for all three. It checks the credentials (a client that
// forgets them must not look fast) and sets Content-Length, as OneAll does.
func newServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	answers := map[string][]byte{
		"GET /identities/" + token('b', 0) + ".json": getIdentityAnswer(),
		"GET /identities.json":                       listIdentitiesAnswer(),
		"PUT /storage/users/user/synchronize.json":   syncAnswer(),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			_, _ = io.Copy(io.Discard, r.Body)
		}
		if user, pass, ok := r.BasicAuth(); !ok || user != publicKey || pass != privateKey {
			http.Error(w, "no credentials", http.StatusUnauthorized)
			return
		}
		body, ok := answers[r.Method+" "+r.URL.Path]
		if !ok {
			http.Error(w, "unknown operation "+r.Method+" "+r.URL.Path, http.StatusNotFound)
			return
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/json; charset=utf-8"}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		_, _ = w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	return srv
}
