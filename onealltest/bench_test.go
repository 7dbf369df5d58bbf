package onealltest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// benchClient has enough idle connections for parallel benchmarks.
func benchClient(srv *onealltest.Server) *wrapper.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 256
	return srv.Client(wrapper.WithHTTPClient(&http.Client{Transport: tr}))
}

// BenchmarkGetIdentity measures requests per second through the wrapper:
// go test -run ^$ -bench . -cpu 2 ./onealltest/ (client and server share
// the CPUs, so the server alone serves more).
func BenchmarkGetIdentity(b *testing.B) {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.Seed(1000)
	c := benchClient(srv)
	page, err := c.Identities.List(b.Context(), &wrapper.ListOptions{EntriesPerPage: 500})
	if err != nil {
		b.Fatal(err)
	}
	tokens := make([]string, len(page.Entries))
	for i, id := range page.Entries {
		tokens[i] = id.IdentityToken
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := c.Identities.Get(b.Context(), tokens[i%len(tokens)]); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkListUsers measures pages of 50 users with their identities.
func BenchmarkListUsers(b *testing.B) {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.Seed(1000)
	c := benchClient(srv)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := c.Users.List(b.Context(), &wrapper.ListOptions{Page: 1 + i%20, EntriesPerPage: 50}); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkStorageLookup measures password checks at bcrypt.MinCost.
func BenchmarkStorageLookup(b *testing.B) {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := benchClient(srv)
	if _, err := c.Storage.CreateUser(b.Context(), api.StorageUserInput{Login: api.Set("bench"), Password: api.Password("pw")}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Storage.LookupUser(b.Context(), wrapper.Lookup{Login: "bench", Password: "pw"}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkHandler measures the server alone: srv.Handler() called without
// a network, one goroutine per CPU.
func BenchmarkHandler(b *testing.B) {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.Seed(1000)
	var tokens []string
	for id, err := range srv.Client().Identities.All(b.Context(), nil) {
		if err != nil {
			b.Fatal(err)
		}
		tokens = append(tokens, id.IdentityToken)
	}
	h := srv.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, "/identities/"+tokens[i%len(tokens)]+".json", nil)
			req.SetBasicAuth(srv.PublicKey, srv.PrivateKey)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Errorf("status %d", rec.Code)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkHandlerSynchronize measures the server alone on what an import
// sends: a synchronize by login that creates a user with a small profile,
// srv.Handler() called without a network from one goroutine.
func BenchmarkHandlerSynchronize(b *testing.B) {
	srv := onealltest.NewServer()
	defer srv.Close()
	h := srv.Handler()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		body := fmt.Sprintf(`{"request":{"synchronize":{"identifier":{"field":"login","value":"user%d@example.com"},"user":{"login":"user%[1]d@example.com","externalid":"%[1]d","identity":{"name":{"givenName":"Given %[1]d","familyName":"Family"},"emails":[{"value":"user%[1]d@example.com"}]}}}}}`, i)
		req := httptest.NewRequest(http.MethodPut, "/storage/users/user/synchronize.json", strings.NewReader(body))
		req.SetBasicAuth(srv.PublicKey, srv.PrivateKey)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		i++
	}
}
