package onealltest_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// faultsOf returns the faults of the logged requests, in order.
func faultsOf(log []onealltest.RequestRecord) []onealltest.FaultKind {
	out := make([]onealltest.FaultKind, len(log))
	for i, r := range log {
		out[i] = r.Fault
	}
	return out
}

func TestFault429IsRetried(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.Seed(1)
	srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault429}})
	_, err := srv.Client(wrapper.WithRetries(2)).Identities.List(t.Context(), nil)
	if !errors.Is(err, wrapper.ErrRateLimited) {
		t.Fatalf("error %v, want ErrRateLimited", err)
	}
	var apiErr *wrapper.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 ||
		apiErr.Info != "You have send too many requests in a given amount of time" {
		t.Fatalf("error %#v", err)
	}
	if n := srv.RequestCount(http.MethodGet, "/identities.json"); n != 3 {
		t.Fatalf("%d attempts, want 3 (1 + 2 retries)", n)
	}
	for _, r := range srv.Requests() {
		if r.Fault != onealltest.Fault429 || r.Status != 429 {
			t.Fatalf("logged %+v", r)
		}
	}
}

func TestFaultRetryAfter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind             onealltest.FaultKind
		retryAfter       time.Duration
		header, headerMs string
	}{
		{onealltest.Fault429, 0, "0", "10"}, // the default: milliseconds
		{onealltest.Fault503, 0, "0", "10"},
		{onealltest.Fault429, 1500 * time.Millisecond, "1", "1500"},
		{onealltest.Fault503, 3 * time.Second, "3", "3000"},
		{onealltest.Fault429, 1500 * time.Microsecond, "0", "2"},
		{onealltest.Fault429, -1, "0", "0"},
		{onealltest.Fault500, time.Second, "", ""},
	} {
		srv := newServer(t)
		srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{tc.kind}, RetryAfter: tc.retryAfter})
		r := do(t, srv, http.MethodGet, "/identities.json", "")
		if got, gotMs := r.header.Get("Retry-After"), r.header.Get("Retry-After-Ms"); got != tc.header || gotMs != tc.headerMs {
			t.Errorf("%s with RetryAfter %v: Retry-After %q and Retry-After-Ms %q, want %q and %q",
				tc.kind, tc.retryAfter, got, gotMs, tc.header, tc.headerMs)
		}
	}
}

func TestEachFaultKindThroughTheWrapper(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind     onealltest.FaultKind
		class    error // nil: a transport error, not an *APIError
		attempts int   // with WithRetries(2)
		status   int
	}{
		{onealltest.Fault429, wrapper.ErrRateLimited, 3, 429},
		{onealltest.Fault500, wrapper.ErrServer, 3, 500}, // a GET is idempotent: a 500 is retried
		{onealltest.Fault502, wrapper.ErrServer, 3, 502},
		{onealltest.Fault503, wrapper.ErrServer, 3, 503},
		{onealltest.FaultHTML, wrapper.ErrServer, 3, 502},
		{onealltest.FaultReset, nil, 3, 0},
		{onealltest.FaultTruncated, nil, 3, 500},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			srv.Seed(1)
			token := identities(t, srv.Client())[0].IdentityToken
			srv.ResetRequests()
			srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{tc.kind}, RetryAfter: -1})
			// A transport of its own: net/http replays a GET once by itself
			// when a reused keep-alive connection is reset, which would add
			// an attempt to the count.
			hc := &http.Client{Transport: &http.Transport{}}
			c := srv.Client(wrapper.WithRetries(2), fastRetries, wrapper.WithHTTPClient(hc))
			_, err := c.Identities.Get(t.Context(), token)
			if err == nil {
				t.Fatal("no error")
			}
			var apiErr *wrapper.APIError
			isAPI := errors.As(err, &apiErr)
			if tc.class != nil && (!errors.Is(err, tc.class) || !isAPI || apiErr.StatusCode != tc.status) {
				t.Fatalf("error %v, want %v with status %d", err, tc.class, tc.status)
			}
			if tc.class == nil && isAPI {
				t.Fatalf("error %v, want a transport error", err)
			}
			if tc.kind == onealltest.FaultHTML && string(apiErr.Body[:6]) != "<html>" {
				t.Fatalf("HTML body %q", apiErr.Body)
			}
			log := srv.Requests()
			if len(log) != tc.attempts {
				t.Fatalf("%d attempts, want %d", len(log), tc.attempts)
			}
			for _, r := range log {
				if r.Fault != tc.kind || r.Status != tc.status {
					t.Fatalf("logged %+v", r)
				}
			}
		})
	}
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.Seed(1)
	srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.FaultLatency}, Latency: 60 * time.Millisecond})
	start := time.Now()
	if _, err := srv.Client().Identities.List(t.Context(), nil); err != nil {
		t.Fatalf("a latency fault must not fail: %v", err)
	}
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("answered in %v", d)
	}
	if r := srv.Requests()[0]; r.Fault != onealltest.FaultLatency || r.Status != 200 || r.Duration < 60*time.Millisecond {
		t.Fatalf("logged %+v", r)
	}
}

// writeAll makes one call of every state-changing operation.
func writeAll(t *testing.T, c *wrapper.Client, us []api.User) []error {
	ctx := t.Context()
	a, b := us[0].UserToken, us[1].UserToken
	id := us[0].Identities[0].IdentityToken
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	_, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("new")})
	add(err)
	_, err = c.Storage.UpdateUser(ctx, a, api.StorageUserInput{Login: api.Set("upd")}, wrapper.Append)
	add(err)
	_, err = c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: "sync"}, api.StorageUserInput{})
	add(err)
	_, err = c.Users.Import(ctx, wrapper.ImportInput{Provider: "facebook", AccessToken: "tok"})
	add(err)
	_, err = c.Identities.Synchronize(ctx, id, &wrapper.SynchronizeOptions{ForceTokenUpdate: true})
	add(err)
	_, err = c.Identities.Relink(ctx, id, b)
	add(err)
	_, err = c.Identities.Contacts(ctx, id, &wrapper.ContactsOptions{DisableCache: true})
	add(err)
	_, err = c.Identities.Delete(ctx, id)
	add(err)
	_, err = c.Users.Delete(ctx, b)
	add(err)
	return errs
}

func TestFaultsNeverChangeState(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.Seed(8)
	c := srv.Client(wrapper.WithRetries(1), fastRetries)
	us := users(t, c)
	before, snapshot := srv.Stats(), mustJSON(t, users(t, c))
	lossy := []onealltest.FaultKind{onealltest.Fault429, onealltest.Fault500, onealltest.Fault502, onealltest.Fault503,
		onealltest.FaultHTML, onealltest.FaultReset, onealltest.FaultTruncated}
	srv.SetFaults(onealltest.Faults{Seed: 7, Rate: 1, Kinds: lossy, RetryAfter: -1})
	for i, err := range writeAll(t, c, us) {
		if err == nil {
			t.Fatalf("write %d succeeded under faults", i)
		}
	}
	srv.SetFaults(onealltest.Faults{})
	if after := srv.Stats(); after != before {
		t.Fatalf("faults changed the state: %+v -> %+v", before, after)
	}
	if mustJSON(t, users(t, c)) != snapshot {
		t.Fatal("faults changed the users")
	}
	seen := map[onealltest.FaultKind]bool{}
	for _, r := range srv.Requests() {
		seen[r.Fault] = true
	}
	for _, k := range lossy {
		if !seen[k] {
			t.Errorf("fault %s never drawn", k)
		}
	}
}

func TestFaultsAfterWorkDoTheWork(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.Seed(8)
	c := srv.Client(wrapper.WithRetries(3), fastRetries)
	us := users(t, c)
	before := srv.Stats()
	srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault503}, AfterWork: true, RetryAfter: -1})
	for i, err := range writeAll(t, c, us) {
		if !errors.Is(err, wrapper.ErrServer) {
			t.Fatalf("write %d: %v, want the lost answer's ErrServer", i, err)
		}
	}
	srv.SetFaults(onealltest.Faults{})
	after := srv.Stats()
	// Create, synchronize and update make 3 storage users (the update turns a
	// social user into one); create, synchronize and import add 3 users and
	// the user delete removes one.
	if after.StorageUsers != before.StorageUsers+3 || after.Users != before.Users+2 || after.Changes <= before.Changes {
		t.Fatalf("the work was not done: %+v -> %+v", before, after)
	}
	if _, err := c.Storage.LookupUser(t.Context(), wrapper.Lookup{Login: "new"}); err != nil {
		t.Fatalf("the created user is missing: %v", err)
	}
	// The create and the import were not retried: the wrapper never sends them twice.
	if n := srv.RequestCount(http.MethodPost, "/storage/users.json"); n != 1 {
		t.Fatalf("CreateUser sent %d times", n)
	}
	if n := srv.RequestCount(http.MethodPut, "/users.json"); n != 1 {
		t.Fatalf("Import sent %d times", n)
	}
	if n := srv.RequestCount(http.MethodPut, "/identities/*/synchronize.json"); n != 4 {
		t.Fatalf("an idempotent synchronize was tried %d times, want 4", n)
	}
}

func TestCreateIsSentOnceUnderEveryFault(t *testing.T) {
	t.Parallel()
	for _, k := range onealltest.FaultKinds() {
		for _, afterWork := range []bool{false, true} {
			srv := newServer(t)
			srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{k}, AfterWork: afterWork, RetryAfter: -1})
			c := srv.Client(wrapper.WithRetries(5), fastRetries)
			_, err := c.Storage.CreateUser(t.Context(), api.StorageUserInput{Login: api.Set("once")})
			if n := srv.RequestCount(http.MethodPost, "/storage/users.json"); n != 1 {
				t.Fatalf("%s (after work %v): CreateUser sent %d times", k, afterWork, n)
			}
			created := srv.Stats().StorageUsers == 1
			switch {
			case k == onealltest.FaultLatency:
				if err != nil || !created {
					t.Fatalf("latency: %v, created %v", err, created)
				}
			case err == nil:
				t.Fatalf("%s: CreateUser succeeded", k)
			case k == onealltest.FaultLost:
				if !created {
					t.Fatalf("lost (after work %v): the work was not done", afterWork)
				}
			case created != afterWork:
				t.Fatalf("%s (after work %v): created = %v", k, afterWork, created)
			}
			srv.Close()
		}
	}
}

func TestFaultsAreReproducible(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) []onealltest.FaultKind {
		srv := newServer(t)
		srv.Seed(2)
		srv.SetFaults(onealltest.Faults{Seed: seed, Rate: 0.5, RetryAfter: -1,
			Kinds: []onealltest.FaultKind{onealltest.Fault429, onealltest.Fault500, onealltest.FaultHTML, onealltest.FaultLatency}, Latency: time.Millisecond})
		c := srv.Client(wrapper.WithRetries(0))
		for range 40 {
			_, _ = c.Users.List(t.Context(), nil)
		}
		return faultsOf(srv.Requests())
	}
	a, b, other := run(42), run(42), run(43)
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different faults:\n%v\n%v", a, b)
	}
	if slices.Equal(a, other) {
		t.Fatal("another seed gave the same faults")
	}
	faulted := 0
	for _, k := range a {
		if k != "" {
			faulted++
		}
	}
	if faulted < 10 || faulted > 30 {
		t.Fatalf("%d of 40 requests faulted at rate 0.5", faulted)
	}
}

func TestFaultPathsFilter(t *testing.T) {
	t.Parallel()
	srv := newServer(t, onealltest.WithFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.Fault500},
		Paths: []string{"POST /storage/users.json", "/identities/*/link.json"}}))
	srv.Seed(2)
	c := srv.Client()
	us := users(t, c)
	if _, err := c.Storage.SynchronizeUser(t.Context(), wrapper.Identifier{Field: wrapper.ByLogin, Value: "x"}, api.StorageUserInput{}); err != nil {
		t.Fatalf("an unfiltered path got a fault: %v", err)
	}
	if _, err := c.Storage.CreateUser(t.Context(), api.StorageUserInput{}); !errors.Is(err, wrapper.ErrServer) {
		t.Fatalf("filtered create: %v", err)
	}
	if _, err := c.Identities.Relink(t.Context(), us[0].Identities[0].IdentityToken, us[1].UserToken); !errors.Is(err, wrapper.ErrServer) {
		t.Fatalf("filtered relink: %v", err)
	}
}

func TestFaultsValidate(t *testing.T) {
	for _, f := range []onealltest.Faults{
		{Rate: -0.1}, {Rate: 1.5}, {Kinds: []onealltest.FaultKind{"404"}}, {Latency: -1}, {Paths: []string{"/a/["}},
	} {
		if f.Validate() == nil {
			t.Errorf("%+v accepted", f)
		}
	}
	if k, err := onealltest.ParseFaultKind(" HTML "); err != nil || k != onealltest.FaultHTML {
		t.Fatalf("ParseFaultKind: %v %v", k, err)
	}
	if _, err := onealltest.ParseFaultKind("teapot"); err == nil {
		t.Fatal("ParseFaultKind accepted teapot")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("SetFaults accepted an invalid rate")
		}
	}()
	srv := newServer(t)
	srv.SetFaults(onealltest.Faults{Rate: 2})
}

func TestLostFaultDoesTheWorkAndLosesTheAnswer(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetFaults(onealltest.Faults{Rate: 1, Kinds: []onealltest.FaultKind{onealltest.FaultLost}})
	c := srv.Client(wrapper.WithRetries(0))
	_, err := c.Storage.SynchronizeUser(t.Context(), wrapper.Identifier{Field: wrapper.ByLogin, Value: "lost@example.com"}, api.StorageUserInput{})
	if !errors.Is(err, wrapper.ErrNetwork) || !wrapper.IsRetryable(err) {
		t.Fatalf("err %v, want a retryable network error", err)
	}
	if n := srv.Stats().StorageUsers; n != 1 {
		t.Fatalf("%d storage users: the work was not done", n)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Fault != onealltest.FaultLost || reqs[0].Status != 0 {
		t.Fatalf("request log %+v", reqs)
	}
	srv.SetFaults(onealltest.Faults{})
	res, err := c.Storage.SynchronizeUser(t.Context(), wrapper.Identifier{Field: wrapper.ByLogin, Value: "lost@example.com"}, api.StorageUserInput{})
	if err != nil || res.Created {
		t.Fatalf("the retry: %+v, %v; want the user found (updated)", res, err)
	}
}
