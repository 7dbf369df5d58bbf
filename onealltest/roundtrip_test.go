package onealltest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/internal/precise"
	"github.com/oneall-go/oneall-go/wrapper"
)

// BenchmarkRoundTrip splits what 10,000 synchronize calls from 32
// goroutines cost at a latency of 10 ms (ideal: 3,200 calls/s) over
// loopback HTTP, in one run:
//
//   - floor: a net/http client and a server that waits as WithLatency does
//     and answers a canned body: what net/http and this machine allow;
//   - fake: the same client and body against the fake: the fake's cost;
//   - sdk: Storage.SynchronizeUser against the fake: the SDK's cost.
//
// go test -run '^$' -bench RoundTrip -benchtime 1x -count 3 ./onealltest
func BenchmarkRoundTrip(b *testing.B) {
	const calls, conc, latency = 10_000, 32, 10 * time.Millisecond
	canned := []byte(`{"response":{"request":{"date":"Mon, 01 Jan 2024 00:00:00 +0000","resource":"/storage/users/user/synchronize.json","status":{"flag":"created","code":201,"info":"The user has been created"}},"result":{"status":{"flag":"success","code":201,"info":"created"},"data":{"user":{"user_token":"0b8d9f2e-3c1a-4f6e-9a7b-2d5c8e1f4a3b","date_creation":"Mon, 01 Jan 2024 00:00:00 +0000","date_last_update":"Mon, 01 Jan 2024 00:00:00 +0000","login":"user1@example.com","externalid":"1","num_logins":0,"identity":{"identity_token":"1c9e0a3f-4d2b-4a7f-8b6c-3e6d9f2a5b4c","name":{"givenName":"Given 1","familyName":"Family"},"emails":[{"value":"user1@example.com"}]}}}}}}`)
	floor := func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		_, _ = io.Copy(io.Discard, r.Body)
		precise.WaitUntil(r.Context(), start.Add(latency/2))
		precise.WaitUntil(r.Context(), start.Add(latency))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(canned)
	}
	body := func(i int) string {
		return fmt.Sprintf(`{"request":{"synchronize":{"identifier":{"field":"login","value":"user%d@example.com"},"user":{"login":"user%[1]d@example.com","externalid":"%[1]d","identity":{"name":{"givenName":"Given %[1]d","familyName":"Family"},"emails":[{"value":"user%[1]d@example.com"}]}}}}}`, i)
	}
	raw := func(url, user, password string) func(i int) error {
		c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}}
		return func(i int) error {
			req, err := http.NewRequest(http.MethodPut, url+"/storage/users/user/synchronize.json", strings.NewReader(body(i)))
			if err != nil {
				return err
			}
			req.SetBasicAuth(user, password)
			req.Header.Set("Content-Type", "application/json")
			resp, err := c.Do(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			if _, err := io.Copy(io.Discard, resp.Body); err != nil {
				return err
			}
			if resp.StatusCode != http.StatusCreated {
				return fmt.Errorf("status %d", resp.StatusCode)
			}
			return nil
		}
	}
	run := func(b *testing.B, call func(i int) error) {
		for range b.N {
			start := time.Now()
			if err := spread(conc, calls, latency, call); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(calls/time.Since(start).Seconds(), "calls/s")
		}
	}
	b.Run("floor", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(floor))
		defer srv.Close()
		run(b, raw(srv.URL, "", ""))
	})
	b.Run("fake", func(b *testing.B) {
		srv := NewServer(WithLatency(latency))
		defer srv.Close()
		run(b, raw(srv.URL, srv.PublicKey, srv.PrivateKey))
	})
	b.Run("sdk", func(b *testing.B) {
		srv := NewServer(WithLatency(latency))
		defer srv.Close()
		c := srv.Client(wrapper.WithHTTPClient(&http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}}))
		run(b, func(i int) error {
			in := api.StorageUserInput{
				Login:      api.Set(fmt.Sprintf("user%d@example.com", i)),
				ExternalID: api.Set(fmt.Sprint(i)),
				Identity: api.Identity{
					Name:   api.IdentityName{GivenName: fmt.Sprintf("Given %d", i), FamilyName: "Family"},
					Emails: []api.Email{{Value: fmt.Sprintf("user%d@example.com", i)}},
				},
			}
			_, err := c.Storage.SynchronizeUser(context.Background(), wrapper.Identifier{Field: wrapper.ByLogin, Value: fmt.Sprintf("user%d@example.com", i)}, in)
			return err
		})
	})
}

// spread calls call(0) ... call(n-1) from conc goroutines, which start
// spread over one latency as an import's first requests are, and returns
// the first error.
func spread(conc, n int, latency time.Duration, call func(i int) error) error {
	var next atomic.Int64
	var first atomic.Pointer[error]
	var wg sync.WaitGroup
	for g := range conc {
		wg.Go(func() {
			time.Sleep(time.Duration(g) * latency / time.Duration(conc))
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				if err := call(int(i)); err != nil {
					first.CompareAndSwap(nil, &err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := first.Load(); err != nil {
		return *err
	}
	return nil
}
