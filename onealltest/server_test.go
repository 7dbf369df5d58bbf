package onealltest_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

func TestSeedIsDeterministic(t *testing.T) {
	a, b := newServer(t), newServer(t)
	a.Seed(12)
	b.Seed(12)
	ia, ib := identities(t, a.Client()), identities(t, b.Client())
	if len(ia) < 12 || len(ia) > 36 {
		t.Fatalf("Seed(12) made %d identities, want 12..36", len(ia))
	}
	ja, _ := json.Marshal(ia)
	jb, _ := json.Marshal(ib)
	if string(ja) != string(jb) {
		t.Fatal("two servers seeded alike list different identities")
	}
	ua := users(t, a.Client())
	if len(ua) != 12 {
		t.Fatalf("%d users, want 12", len(ua))
	}
	for _, u := range ua {
		if n := len(u.Identities); n < 1 || n > 3 {
			t.Errorf("user %s has %d identities, want 1..3", u.UserToken, n)
		}
		if u.NumLogins.Int() < 1 || u.DateLastLogin.IsZero() {
			t.Errorf("user %s has no login statistics", u.UserToken)
		}
	}
	// The rotation of first providers covers every provider-specific endpoint.
	seen := map[string]bool{}
	for _, id := range ia {
		seen[id.Provider] = true
	}
	for _, p := range []string{"facebook", "twitter", "google", "linkedin", "steam", "youtube", "disqus", "github"} {
		if !seen[p] {
			t.Errorf("no %s identity in Seed(12)", p)
		}
	}
	st := a.Stats()
	if st.Users != 12 || st.Identities != len(ia) || st.StorageUsers != 0 {
		t.Errorf("Stats = %+v", st)
	}
	// A full identity has a realistic profile.
	full, err := a.Client().Identities.Get(t.Context(), ia[0].IdentityToken)
	if err != nil {
		t.Fatal(err)
	}
	if full.DisplayName == "" || full.Name.Formatted == "" || len(full.Photos) == 0 || len(full.URLs) == 0 ||
		full.Source.Key == "" || full.Source.AccessToken.Key == "" || full.UserToken == "" || full.DateCreation.IsZero() {
		t.Errorf("identity lacks profile fields: %+v", full)
	}
}

func TestAuthentication(t *testing.T) {
	srv := newServer(t, onealltest.WithKeys("pub-key", "priv-key"))
	srv.Seed(1)
	if srv.PublicKey != "pub-key" || srv.PrivateKey != "priv-key" {
		t.Fatal("WithKeys ignored")
	}
	const authInfo = "Authentication credentials are missing or incorrect: http://docs.oneall.com/api/basic/authentication/"
	for _, path := range []string{"/identities.json", "/users.json", "/storage/users/user/lookup.json", "/no/such/path.json"} {
		wantStatus(t, do(t, srv, http.MethodGet, path, "", noAuth), http.StatusUnauthorized, authInfo)
		wantStatus(t, do(t, srv, http.MethodGet, path, "", badAuth), http.StatusUnauthorized, authInfo)
	}
	bad, err := wrapper.New("", "pub-key", "wrong", wrapper.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Identities.List(t.Context(), nil); !errors.Is(err, wrapper.ErrUnauthorized) {
		t.Fatalf("wrong keys: %v, want ErrUnauthorized", err)
	}
	// Import is the only operation allowed without credentials; wrong ones are still refused.
	body := `{"request":{"user":{"identity":{"source":{"key":"facebook","access_token":{"key":"tok"}}}}}}`
	wantStatus(t, do(t, srv, http.MethodPut, "/users.json", body, noAuth), http.StatusCreated, "")
	wantStatus(t, do(t, srv, http.MethodPut, "/users.json", body, badAuth), http.StatusUnauthorized, authInfo)
}

func TestRandomKeys(t *testing.T) {
	a, b := newServer(t), newServer(t)
	if a.PublicKey == b.PublicKey || a.PrivateKey == b.PrivateKey || a.PublicKey == a.PrivateKey {
		t.Fatal("keys are not random")
	}
}

func TestPagination(t *testing.T) {
	srv := newServer(t)
	srv.Seed(25)
	c := srv.Client()
	ctx := t.Context()
	all := identities(t, c)
	total := len(all)
	for i := 1; i < total; i++ {
		if !all[i].DateCreation.After(all[i-1].DateCreation.Time) {
			t.Fatalf("identities not in creation order at %d", i)
		}
	}

	// Default page: 250 entries, page 1, ascending.
	p, err := c.Identities.List(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.EntriesPerPage != 250 || p.CurrentPage != 1 || p.TotalPages != 1 || p.TotalEntries != total || len(p.Entries) != total {
		t.Fatalf("default page = %+v", p)
	}

	// Pages of 7, both directions.
	for _, order := range []string{"asc", "desc"} {
		var got []string
		pages := (total + 6) / 7
		for n := 1; n <= pages; n++ {
			p, err := c.Identities.List(ctx, &wrapper.ListOptions{Page: n, EntriesPerPage: 7, Order: order})
			if err != nil {
				t.Fatal(err)
			}
			want := min(7, total-(n-1)*7)
			if p.CurrentPage != n || p.TotalPages != pages || p.TotalEntries != total || p.EntriesPerPage != 7 || len(p.Entries) != want {
				t.Fatalf("%s page %d = {current %d, pages %d, total %d, per %d, %d entries}, want %d entries of %d pages",
					order, n, p.CurrentPage, p.TotalPages, p.TotalEntries, p.EntriesPerPage, len(p.Entries), want, pages)
			}
			for _, id := range p.Entries {
				got = append(got, id.IdentityToken)
			}
		}
		var want []string
		for _, id := range all {
			want = append(want, id.IdentityToken)
		}
		if order == "desc" {
			slices.Reverse(want)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s pages do not list every identity once in order", order)
		}
	}

	// Past the last page: no entries, the pagination node still right.
	r := do(t, srv, http.MethodGet, "/identities.json?page=99&entries_per_page=10&order_direction=desc", "")
	wantStatus(t, r, http.StatusOK, "")
	var data struct {
		Identities struct {
			Pagination map[string]any `json:"pagination"`
			Count      *int           `json:"count"`
			Entries    []any          `json:"entries"`
		} `json:"identities"`
	}
	if err := json.Unmarshal(r.env.Response.Result.Data, &data); err != nil {
		t.Fatal(err)
	}
	pg := data.Identities.Pagination
	if data.Identities.Count == nil || *data.Identities.Count != 0 || data.Identities.Entries == nil || len(data.Identities.Entries) != 0 ||
		pg["current_page"] != 99.0 || pg["total_pages"] != float64((total+9)/10) || pg["entries_per_page"] != 10.0 ||
		pg["total_entries"] != float64(total) || pg["order"].(map[string]any)["direction"] != "desc" {
		t.Fatalf("past the last page: %s", r.env.Response.Result.Data)
	}

	// The users list pages the same way, and its entries carry their identities.
	up, err := c.Users.List(ctx, &wrapper.ListOptions{Page: 3, EntriesPerPage: 10, Order: "desc"})
	if err != nil {
		t.Fatal(err)
	}
	if up.TotalEntries != 25 || up.TotalPages != 3 || len(up.Entries) != 5 {
		t.Fatalf("users page 3 = %+v", up)
	}
	for _, u := range up.Entries {
		if len(u.Identities) == 0 {
			t.Errorf("user %s listed without identities", u.UserToken)
		}
	}

	// Out-of-range parameters are refused, naming the parameter and the
	// limits of openapi.yaml.
	const (
		page    = "The parameter page must be an integer of at least 1"
		perPage = "The parameter entries_per_page must be an integer between 1 and 500"
		order   = "The parameter order_direction must be asc or desc"
	)
	for q, info := range map[string]string{
		"page=0": page, "page=x": page, "entries_per_page=0": perPage,
		"entries_per_page=501": perPage, "order_direction=up": order,
	} {
		for _, path := range []string{"/identities.json?", "/users.json?"} {
			wantStatus(t, do(t, srv, http.MethodGet, path+q, ""), http.StatusBadRequest, info)
		}
	}
	wantStatus(t, do(t, srv, http.MethodGet, "/identities.json?entries_per_page=500", ""), http.StatusOK, "")
}

func TestUsersFilter(t *testing.T) {
	srv := newServer(t)
	srv.Seed(10)
	c := srv.Client()
	all := users(t, c)
	cut := all[4].DateCreation.Time
	p, err := c.Users.List(t.Context(), &wrapper.ListOptions{Filters: "date_creation:gt:" + cut.Format("2006-01-02 15:04:05")})
	if err != nil {
		t.Fatal(err)
	}
	if p.TotalEntries != 5 || p.Entries[0].UserToken != all[5].UserToken {
		t.Fatalf("filtered list = %d entries, want the last 5", p.TotalEntries)
	}
	wantStatus(t, do(t, srv, http.MethodGet, "/users.json?filters=num_logins:gt:3", ""), http.StatusBadRequest, "filters")
}

func TestRequestBodies(t *testing.T) {
	srv := newServer(t)
	srv.Seed(2)
	c := srv.Client()
	us := users(t, c)
	id := us[0].Identities[0].IdentityToken
	link := "/identities/" + id + "/link.json"
	body := `{"request":{"user":{"user_token":"` + us[1].UserToken + `"}}}`
	// With or without Content-Type: application/json, as the real API.
	r := do(t, srv, http.MethodPut, link, body)
	wantStatus(t, r, http.StatusOK, "Your request has been processed successfully")
	if rs := r.env.Response.Result.Status; rs == nil || rs.Info != "The identity has successfully been linked to the specified user" {
		t.Fatalf("relink result status: %s", r.body)
	}
	wantStatus(t, do(t, srv, http.MethodPut, link, body, jsonType), http.StatusOK, "")
	wantStatus(t, do(t, srv, http.MethodPut, link, body, func(r *http.Request) {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}), http.StatusOK, "")
	// Malformed or wrongly shaped bodies name the node at fault.
	for b, node := range map[string]string{
		``:                                      "[request]",
		`{"request":`:                           "[request]",
		`[1,2]`:                                 "[request]",
		`{"request":{"user":5}}`:                "[request->user]",
		`{"request":{"user":{}}}`:               "[request->user->user_token]",
		`{"request":{"user":{"user_token":1}}}`: "[request->user->user_token]",
		body + `{}`:                             "[request]",
	} {
		wantStatus(t, do(t, srv, http.MethodPut, link, b), http.StatusBadRequest, "Please verify the format of the "+node+" node.")
	}
	wantStatus(t, do(t, srv, http.MethodPost, "/storage/users.json", `{"request":{"user":{"identity":{"emails":"x"}}}}`),
		http.StatusBadRequest, "[request->user->identity->emails]")
	// Unknown resources and tokens.
	wantStatus(t, do(t, srv, http.MethodGet, "/no/such/resource.json", ""), http.StatusNotFound, "") // (was /sharing/messages.json, served since issue 17)
	wantStatus(t, do(t, srv, http.MethodPost, "/identities.json", ""), http.StatusNotFound, "")
	wantStatus(t, do(t, srv, http.MethodGet, "/identities/not-a-uuid.json", ""), http.StatusNotFound, "No identity has been found for the specified identity_token")
	wantStatus(t, do(t, srv, http.MethodGet, "/users/not-a-uuid.json", ""), http.StatusNotFound, "No user has been found for the specified user_token")
}

func TestRequestLog(t *testing.T) {
	srv := newServer(t)
	srv.Seed(1)
	c := srv.Client()
	id := identities(t, c)[0]
	if _, err := c.Identities.Get(t.Context(), id.IdentityToken); err != nil {
		t.Fatal(err)
	}
	_, _ = c.Storage.LookupUser(t.Context(), wrapper.Lookup{Login: "x", Password: "hunter2"})
	if n := srv.RequestCount(http.MethodGet, "/identities/*.json"); n != 1 {
		t.Fatalf("RequestCount(GET, /identities/*.json) = %d", n)
	}
	if n := srv.RequestCount("", "/identities.json"); n != 1 {
		t.Fatalf("RequestCount(\"\", /identities.json) = %d", n)
	}
	log := srv.Requests()
	if len(log) != 3 || log[1].Operation != "GetIdentity" || log[1].Status != 200 || log[2].Status != 404 ||
		log[2].Operation != "LookupStorageUser" || log[0].Query != "page=1&entries_per_page=500" {
		t.Fatalf("log = %+v", log)
	}
	if strings.Contains(mustJSON(t, log), "hunter2") || strings.Contains(mustJSON(t, log), srv.PrivateKey) {
		t.Fatal("the log holds a secret")
	}
	srv.ResetRequests()
	if len(srv.Requests()) != 0 || srv.RequestCount("", "*") != 0 {
		t.Fatal("ResetRequests kept requests")
	}
}

func TestConcurrentUse(t *testing.T) {
	srv := newServer(t)
	srv.Seed(20)
	c := srv.Client()
	ctx := t.Context()
	us := users(t, c)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Go(func() {
			for i := range 15 {
				var err error
				switch (g + i) % 6 {
				case 0:
					_, err = c.Identities.List(ctx, &wrapper.ListOptions{EntriesPerPage: 5, Page: 1 + i%4})
				case 1:
					_, err = c.Users.Get(ctx, us[(g*3+i)%len(us)].UserToken)
				case 2:
					login := "user-" + string(rune('a'+g)) + "-" + string(rune('a'+i))
					_, err = c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set(login), Password: api.Password("pw")})
				case 3:
					_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "user-a-c", Password: "pw"})
					if errors.Is(err, wrapper.ErrNotFound) {
						err = nil
					}
				case 4:
					u := us[(g+i)%len(us)]
					if len(u.Identities) > 0 {
						_, err = c.Identities.Synchronize(ctx, u.Identities[0].IdentityToken, nil)
					}
				case 5:
					_, err = c.Identities.Contacts(ctx, us[0].Identities[0].IdentityToken, &wrapper.ContactsOptions{DisableCache: i%2 == 0})
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Creation dates stay strictly increasing under concurrency.
	all := identities(t, c)
	for i := 1; i < len(all); i++ {
		if !all[i].DateCreation.After(all[i-1].DateCreation.Time) {
			t.Fatalf("identities out of order at %d", i)
		}
	}
}
