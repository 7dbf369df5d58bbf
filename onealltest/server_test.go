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

func TestRelink(t *testing.T) {
	srv := newServer(t)
	srv.Seed(4)
	c := srv.Client()
	ctx := t.Context()
	us := users(t, c)
	from, to := us[0], us[1]
	moved := from.Identities[0]
	token := moved.IdentityToken

	u, err := c.Identities.Relink(ctx, token, to.UserToken)
	if err != nil {
		t.Fatal(err)
	}
	if u.UserToken != to.UserToken {
		t.Fatalf("relink answered user %s, want the new owner %s", u.UserToken, to.UserToken)
	}
	var got []string
	for _, id := range u.Identities {
		got = append(got, id.IdentityToken+"/"+id.Provider)
	}
	var want []string
	for _, id := range to.Identities {
		want = append(want, id.IdentityToken+"/"+id.Provider)
	}
	want = append(want, token+"/"+moved.Provider)
	if !slices.Equal(got, want) {
		t.Fatalf("relink answered identities %v, want %v", got, want)
	}

	// The identity belongs to exactly one user: the new one.
	id, err := c.Identities.Get(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if id.UserToken != to.UserToken {
		t.Fatalf("identity owned by %s after relink", id.UserToken)
	}
	old, err := c.Users.Get(ctx, from.UserToken)
	if err != nil {
		t.Fatalf("the old owner must be kept, even without identities: %v", err)
	}
	for _, id := range old.Identities {
		if id.IdentityToken == token {
			t.Fatal("the old owner still lists the moved identity")
		}
	}
	if n := srv.Stats().Identities; n != len(identities(t, c)) {
		t.Fatalf("Stats.Identities = %d", n)
	}

	// Unknown identity, unknown user.
	const unknown = "00000000-0000-4000-8000-000000000000"
	_, err = c.Identities.Relink(ctx, unknown, to.UserToken)
	assertAPIError(t, err, wrapper.ErrNotFound, "No identity has been found for the specified identity_token")
	_, err = c.Identities.Relink(ctx, token, unknown)
	assertAPIError(t, err, wrapper.ErrNotFound, "No user has been found for the specified user_token")
}

// assertAPIError checks the class and the info of an *wrapper.APIError.
func assertAPIError(t *testing.T, err, class error, info string) {
	t.Helper()
	if !errors.Is(err, class) {
		t.Fatalf("error %v, want %v", err, class)
	}
	var apiErr *wrapper.APIError
	if !errors.As(err, &apiErr) || (info != "" && apiErr.Info != info) {
		t.Fatalf("error %v, want info %q", err, info)
	}
}

func TestDeleteUserCascades(t *testing.T) {
	srv := newServer(t)
	srv.Seed(3)
	c := srv.Client()
	ctx := t.Context()
	before := srv.Stats()
	u := users(t, c)[1]

	removed, err := c.Users.Delete(ctx, u.UserToken)
	if err != nil {
		t.Fatal(err)
	}
	if removed.UserToken != u.UserToken || len(removed.Identities) != len(u.Identities) {
		t.Fatalf("delete answered %+v", removed)
	}
	_, err = c.Users.Get(ctx, u.UserToken)
	assertAPIError(t, err, wrapper.ErrNotFound, "No user has been found for the specified user_token")
	for _, id := range u.Identities {
		_, err := c.Identities.Get(ctx, id.IdentityToken)
		assertAPIError(t, err, wrapper.ErrNotFound, "No identity has been found for the specified identity_token")
	}
	after := srv.Stats()
	if after.Users != before.Users-1 || after.Identities != before.Identities-len(u.Identities) {
		t.Fatalf("Stats %+v after deleting a user with %d identities from %+v", after, len(u.Identities), before)
	}
	if len(identities(t, c)) != after.Identities {
		t.Fatal("the identities list still shows deleted identities")
	}
	_, err = c.Users.Delete(ctx, u.UserToken)
	assertAPIError(t, err, wrapper.ErrNotFound, "")

	// The user delete answer names OneAll's result status.
	v := users(t, c)[0]
	r := do(t, srv, http.MethodDelete, "/users/"+v.UserToken+".json?confirm_deletion=true", "")
	wantStatus(t, r, http.StatusOK, "")
	if rs := r.env.Response.Result.Status; rs == nil || rs.Info != "The specified user has been removed successfully" {
		t.Fatalf("result status %s", r.body)
	}
}

func TestDeleteIdentity(t *testing.T) {
	srv := newServer(t)
	srv.Seed(2)
	c := srv.Client()
	ctx := t.Context()
	id := identities(t, c)[0]
	deleted, err := c.Identities.Delete(ctx, id.IdentityToken)
	if err != nil {
		t.Fatal(err)
	}
	if deleted.IdentityToken != id.IdentityToken || deleted.Provider != id.Provider || deleted.UserToken != id.UserToken {
		t.Errorf("deleted = %+v, want the token, provider and user token of %+v", deleted, id)
	}
	_, err = c.Identities.Get(ctx, id.IdentityToken)
	assertAPIError(t, err, wrapper.ErrNotFound, "")
	if _, err := c.Users.Get(ctx, id.UserToken); err != nil {
		t.Fatalf("deleting its identity deleted the user: %v", err)
	}
	_, err = c.Identities.Delete(ctx, id.IdentityToken)
	assertAPIError(t, err, wrapper.ErrNotFound, "")
}

func TestDeleteNeedsConfirmation(t *testing.T) {
	srv := newServer(t)
	srv.Seed(2)
	c := srv.Client()
	u := users(t, c)[0]
	id := u.Identities[0].IdentityToken
	before := srv.Stats()
	for _, q := range []string{"", "?confirm_deletion=false", "?confirm_deletion=yes"} {
		wantStatus(t, do(t, srv, http.MethodDelete, "/users/"+u.UserToken+".json"+q, ""), http.StatusBadRequest, "confirm_deletion=true")
		wantStatus(t, do(t, srv, http.MethodDelete, "/identities/"+id+".json"+q, ""), http.StatusBadRequest, "confirm_deletion=true")
	}
	if after := srv.Stats(); after != before {
		t.Fatalf("a refused delete changed the state: %+v -> %+v", before, after)
	}
}

func TestSynchronizeIdentity(t *testing.T) {
	srv := newServer(t)
	srv.Seed(3)
	c := srv.Client()
	ctx := t.Context()
	token := identityOf(t, c, "facebook").IdentityToken
	orig, err := c.Identities.Get(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	key := func(id *api.Identity) string { return id.Source.AccessToken.Key }

	// Default: the token has not expired, so only the data and the date change.
	s1, err := c.Identities.Synchronize(ctx, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s1.IdentityToken != token || key(s1) != key(orig) || !s1.DateLastUpdate.After(orig.DateLastUpdate.Time) ||
		!s1.DateCreation.Equal(orig.DateCreation.Time) || !s1.DateLastUpdate.Equal(srv.Now()) {
		t.Fatalf("synchronize: token %s key %s->%s date %v->%v", s1.IdentityToken, key(orig), key(s1), orig.DateLastUpdate, s1.DateLastUpdate)
	}

	// force_token_update refreshes the access token.
	s2, err := c.Identities.Synchronize(ctx, token, &wrapper.SynchronizeOptions{ForceTokenUpdate: true})
	if err != nil {
		t.Fatal(err)
	}
	if key(s2) == key(s1) || !s2.Source.AccessToken.DateExpiration.After(srv.Now()) {
		t.Fatal("force_token_update did not refresh the access token")
	}

	// The network profile changes; OneAll sees it only when it updates the user data.
	if err := srv.UpdateNetworkProfile(token, func(p *api.Identity) { p.DisplayName = "Renamed At Network" }); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Identities.Get(ctx, token); got.DisplayName == "Renamed At Network" {
		t.Fatal("the network change showed before a synchronize")
	}
	s3, err := c.Identities.Synchronize(ctx, token, &wrapper.SynchronizeOptions{TokenOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if s3.DisplayName == "Renamed At Network" || key(s3) != key(s2) || !s3.DateLastUpdate.After(s2.DateLastUpdate.Time) {
		t.Fatal("update_user_data=false changed the profile or an unexpired token")
	}
	s4, err := c.Identities.Synchronize(ctx, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s4.DisplayName != "Renamed At Network" {
		t.Fatalf("update_user_data=true did not read the network profile: %q", s4.DisplayName)
	}

	// An expired token is refreshed without force_token_update.
	if err := srv.ExpireAccessToken(token); err != nil {
		t.Fatal(err)
	}
	s5, err := c.Identities.Synchronize(ctx, token, &wrapper.SynchronizeOptions{TokenOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if key(s5) == key(s4) {
		t.Fatal("an expired access token was not refreshed")
	}

	// The body is optional, with or without a content type; booleans must be booleans.
	path := "/identities/" + token + "/synchronize.json"
	wantStatus(t, do(t, srv, http.MethodPut, path, ""), http.StatusOK, "")
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{}}`), http.StatusOK, "")
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{"synchronize":{"update_user_data":false}}}`, jsonType), http.StatusOK, "")
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{"synchronize":{"update_user_data":"false"}}}`), http.StatusBadRequest,
		"[request->synchronize->update_user_data]")
	_, err = c.Identities.Synchronize(ctx, "00000000-0000-4000-8000-000000000000", nil)
	assertAPIError(t, err, wrapper.ErrNotFound, "No identity has been found for the specified identity_token")
	if err := srv.UpdateNetworkProfile("nope", func(*api.Identity) {}); err == nil {
		t.Fatal("UpdateNetworkProfile accepted an unknown token")
	}
}

func TestIdentityContacts(t *testing.T) {
	srv := newServer(t)
	srv.Seed(8)
	c := srv.Client()
	ctx := t.Context()
	token := identityOf(t, c, "facebook").IdentityToken

	cached, err := c.Identities.Contacts(ctx, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cached.Live || !cached.Cache.HasBeenUsed.Bool() ||
		cached.TotalEntries < 3 || len(cached.Entries) != cached.TotalEntries {
		t.Fatalf("cached contacts = %+v", cached)
	}
	live, err := c.Identities.Contacts(ctx, token, &wrapper.ContactsOptions{DisableCache: true})
	if err != nil {
		t.Fatal(err)
	}
	if !live.Live || live.Cache.HasBeenUsed.Bool() || !live.Cache.DateLastUpdate.After(cached.Cache.DateLastUpdate.Time) {
		t.Fatalf("disable_cache: live=%v cache=%+v", live.Live, live.Cache)
	}
	again, err := c.Identities.Contacts(ctx, token, &wrapper.ContactsOptions{ListOptions: wrapper.ListOptions{EntriesPerPage: 2, Page: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if again.Live || !again.Cache.DateLastUpdate.Equal(live.Cache.DateLastUpdate.Time) {
		t.Fatal("the live read did not update the cache")
	}
	if len(again.Entries) != 2 || again.CurrentPage != 2 || again.Entries[0].DisplayName != cached.Entries[2].DisplayName {
		t.Fatal("contacts are not paged in a stable order")
	}
	// Networks without contacts refuse.
	_, err = c.Identities.Contacts(ctx, identityOf(t, c, "steam").IdentityToken, nil)
	assertAPIError(t, err, wrapper.ErrForbidden, "")
	wantStatus(t, do(t, srv, http.MethodGet, "/identities/"+token+"/contacts.json?disable_cache=maybe", ""), http.StatusBadRequest, "disable_cache")
}

func TestUserContacts(t *testing.T) {
	srv := newServer(t)
	srv.Seed(8)
	c := srv.Client()
	ctx := t.Context()
	var full, partial bool
	for _, u := range users(t, c) {
		res, err := c.Users.Contacts(ctx, u.UserToken, nil)
		if err != nil {
			t.Fatal(err)
		}
		failing := 0
		for _, e := range res.Entries {
			if e.Contacts.Status.Flag == "" {
				t.Fatalf("entry without status: %+v", e)
			}
			switch e.Contacts.Status.Flag {
			case "error":
				failing++
			case "success":
				if e.Contacts.Count.Int() != len(e.Contacts.Entries) || !e.Contacts.ReadFromCache.Bool() {
					t.Fatalf("bad sub-result %+v", e.Contacts)
				}
			}
		}
		if len(res.Entries) != len(u.Identities) || res.Partial != (failing > 0) {
			t.Fatalf("user %s: %d entries, partial %v, %d failing", u.UserToken, len(res.Entries), res.Partial, failing)
		}
		full = full || !res.Partial
		partial = partial || res.Partial
	}
	if !full || !partial {
		t.Fatal("Seed(8) should give users with 200 and users with 207 contacts")
	}
	res, err := c.Users.Contacts(ctx, users(t, c)[0].UserToken, &wrapper.UserContactsOptions{DisableCache: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Entries {
		if e.Contacts.ReadFromCache.Bool() {
			t.Fatal("disable_cache read from the cache")
		}
	}
	_, err = c.Users.Contacts(ctx, "00000000-0000-4000-8000-000000000000", nil)
	assertAPIError(t, err, wrapper.ErrNotFound, "")
}

func TestProviderData(t *testing.T) {
	a, b := newServer(t), newServer(t)
	a.Seed(8)
	b.Seed(8)
	ca, cb := a.Client(), b.Client()
	ctx := t.Context()
	steam := identityOf(t, ca, "steam").IdentityToken
	youtube := identityOf(t, ca, "youtube").IdentityToken
	facebook := identityOf(t, ca, "facebook").IdentityToken

	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	games, err := ca.Identities.SteamGames(ctx, steam)
	if err != nil {
		t.Fatal(err)
	}
	if games.Cache.DateNextUpdate.IsZero() || len(games.SteamGames.Entries) == 0 ||
		games.SteamGames.Count.Int() != len(games.SteamGames.Entries) {
		t.Fatalf("steam games = %+v", games)
	}
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	same, _ := cb.Identities.SteamGames(ctx, steam)
	if ja, jb := mustJSON(t, games), mustJSON(t, same); ja != jb {
		t.Fatal("provider data is not deterministic")
	}
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	videos, err := ca.Identities.YouTubeVideos(ctx, youtube)
	if err != nil {
		t.Fatal(err)
	}
	if videos.Cache.DateLastUpdate.IsZero() || len(videos.YouTubeVideos.Entries) == 0 || videos.YouTubeVideos.Entries[0].URL == "" {
		t.Fatalf("youtube videos = %+v", videos)
	}
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	posts, err := ca.Identities.FacebookPosts(ctx, facebook, &wrapper.ListOptions{EntriesPerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	if posts.Cache.DateLastUpdate.IsZero() || len(posts.FacebookPosts.Entries) != 1 ||
		posts.FacebookPosts.Pagination.TotalEntries.Int() < 2 {
		t.Fatalf("facebook posts = %+v", posts)
	}
	// Another network's identity is refused.
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = ca.Identities.SteamGames(ctx, facebook)
	assertAPIError(t, err, wrapper.ErrForbidden, "")
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = ca.Identities.YouTubeVideos(ctx, steam)
	assertAPIError(t, err, wrapper.ErrForbidden, "")
	//lint:ignore SA1019 OneAll deprecated the endpoint but still serves it
	_, err = ca.Identities.FacebookPosts(ctx, youtube, nil)
	assertAPIError(t, err, wrapper.ErrForbidden, "")
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportUser(t *testing.T) {
	srv := newServer(t)
	srv.Seed(2)
	c := srv.Client()
	ctx := t.Context()
	in := wrapper.ImportInput{Provider: "twitter", AccessToken: "1234-abc", AccessTokenSecret: "s3cret"}
	first, err := c.Users.Import(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Created || first.User.Identity.Provider != "twitter" {
		t.Fatalf("first import = %+v", first)
	}
	again, err := c.Users.Import(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if again.Created || again.User.UserToken != first.User.UserToken ||
		again.User.Identity.IdentityToken != first.User.Identity.IdentityToken ||
		again.User.Identity.DisplayName != first.User.Identity.DisplayName {
		t.Fatalf("importing the same token again: %+v", again)
	}
	// Another token of a network: a new identity, linked to an existing user when asked.
	owner := users(t, c)[0]
	linked, err := c.Users.Import(ctx, wrapper.ImportInput{Provider: "google", IDToken: "eyJhbGciOi.example.jwt", UserToken: owner.UserToken})
	if err != nil {
		t.Fatal(err)
	}
	if !linked.Created || linked.User.UserToken != owner.UserToken {
		t.Fatalf("import with user_token = %+v", linked)
	}
	got, _ := c.Users.Get(ctx, owner.UserToken)
	if len(got.Identities) != len(owner.Identities)+1 {
		t.Fatal("the imported identity was not linked to the user")
	}
	_, err = c.Users.Import(ctx, wrapper.ImportInput{Provider: "google", AccessToken: "x", UserToken: "00000000-0000-4000-8000-000000000000"})
	assertAPIError(t, err, wrapper.ErrNotFound, "No user has been found for the specified user_token")
	_, err = c.Users.Import(ctx, wrapper.ImportInput{Provider: "myspace", AccessToken: "x"})
	assertAPIError(t, err, wrapper.ErrBadRequest, "The request cannot be processed. Please verify the format of the [request->user->identity->source->key] node.")
}

func TestStorageCreate(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	ctx := t.Context()
	a, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("alice"), Password: api.Password("pw-a"),
		Identity: api.Identity{Name: api.IdentityName{GivenName: "Alice"}, CustomData: map[string]any{"plan": "gold"}}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Storage.CreateUser(ctx, api.StorageUserInput{})
	if err != nil {
		t.Fatal(err)
	}
	if a.ExternalID != "100000001" || b.ExternalID != "100000002" {
		t.Fatalf("externalids %v, %v: want the sequence from 100000001", a.ExternalID, b.ExternalID)
	}
	if a.UserToken == "" || a.Identity.Provider != "storage" || a.Identity.CustomData["plan"] != "gold" ||
		a.Identity.ID != "/external/100000001" || a.NumLogins.Int() != 0 {
		t.Fatalf("created user = %+v", a)
	}
	// Storage users are users of the site, with one storage identity.
	u, err := c.Users.Get(ctx, a.UserToken)
	if err != nil || len(u.Identities) != 1 || u.Identities[0].Provider != "storage" {
		t.Fatalf("storage user as a site user: %+v, %v", u, err)
	}
	// An externalid given as a number is stored as a string, and skipped by the sequence.
	r := do(t, srv, http.MethodPost, "/storage/users.json", `{"request":{"user":{"externalid":100000003}}}`)
	wantStatus(t, r, http.StatusCreated, "")
	if !strings.Contains(string(r.body), `"externalid":"100000003"`) {
		t.Fatalf("numeric externalid: %s", r.body)
	}
	d, err := c.Storage.CreateUser(ctx, api.StorageUserInput{})
	if err != nil || string(d.ExternalID) != "100000004" {
		t.Fatalf("the sequence did not skip a taken externalid: %v %v", d.ExternalID, err)
	}
	// Login and externalid are unique.
	_, err = c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("alice")})
	assertAPIError(t, err, wrapper.ErrConflict, "The login is already used by another user")
	_, err = c.Storage.CreateUser(ctx, api.StorageUserInput{ExternalID: api.Set("100000002")})
	assertAPIError(t, err, wrapper.ErrConflict, "The externalid is already used by another user")
	if st := srv.Stats(); st.StorageUsers != 4 || st.Users != 4 || st.Identities != 4 {
		t.Fatalf("Stats = %+v", st)
	}
	// The password is never returned.
	if strings.Contains(string(r.body), "password") {
		t.Fatal("an answer mentions the password")
	}
}

func TestStorageLookup(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	ctx := t.Context()
	u, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("john"), Password: api.Password("correct horse battery staple, and more than seventy-two bytes of it, to pass bcrypt's limit")})
	if err != nil {
		t.Fatal(err)
	}
	ext := string(u.ExternalID)
	const pw = "correct horse battery staple, and more than seventy-two bytes of it, to pass bcrypt's limit"
	for _, l := range []wrapper.Lookup{
		{Login: "john", Password: pw},
		{ExternalID: ext, Password: pw},
		{UserToken: u.UserToken},
		{UserToken: u.UserToken, Login: "john", ExternalID: ext, Password: pw},
	} {
		got, err := c.Storage.LookupUser(ctx, l)
		if err != nil || got.UserToken != u.UserToken {
			t.Fatalf("lookup %v: %v, %v", l, got, err)
		}
	}
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "john", Password: api.Password(pw[:72])})
	assertAPIError(t, err, wrapper.ErrInvalidCredentials, "Invalid Credentials")
	if errors.Is(err, wrapper.ErrUnauthorized) {
		t.Fatal("a wrong password looks like wrong API keys")
	}
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "nobody", Password: pw})
	assertAPIError(t, err, wrapper.ErrNotFound, "No User found")
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "john", ExternalID: "1"})
	assertAPIError(t, err, wrapper.ErrNotFound, "No User found")
	wantStatus(t, do(t, srv, http.MethodPost, "/storage/users/user/lookup.json", `{"request":{"user":{}}}`), http.StatusBadRequest, "[request->user]")
	// Passwords are kept as sent, spaces included.
	if _, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("spaced"), Password: api.Password(" pw ")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "spaced", Password: " pw "}); err != nil {
		t.Fatalf("a password with spaces: %v", err)
	}
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "spaced", Password: "pw"})
	assertAPIError(t, err, wrapper.ErrInvalidCredentials, "")
	// A user created without a password never authenticates with one.
	if _, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("nopw")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "nopw", Password: ""})
	if err != nil {
		t.Fatalf("lookup without password: %v", err)
	}
	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "nopw", Password: "guess"})
	assertAPIError(t, err, wrapper.ErrInvalidCredentials, "")
}

func TestStorageSynchronize(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	ctx := t.Context()
	created, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: "max"},
		api.StorageUserInput{Password: api.Password("pw"), Identity: api.Identity{Gender: "male"}})
	if err != nil {
		t.Fatal(err)
	}
	if !created.Created || created.User.Login != "max" || string(created.User.ExternalID) != "100000001" {
		t.Fatalf("first synchronize = %+v", created.User)
	}
	updated, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: "max"},
		api.StorageUserInput{Identity: api.Identity{DisplayName: "Max"}})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Created || updated.User.UserToken != created.User.UserToken || updated.User.Identity.Gender != "male" ||
		updated.User.Identity.DisplayName != "Max" || !updated.User.DateLastUpdate.After(created.User.DateLastUpdate.Time) {
		t.Fatalf("second synchronize = %+v", updated.User)
	}
	byExt, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByExternalID, Value: "100000001"}, api.StorageUserInput{Login: api.Set("maxi")})
	if err != nil || byExt.Created || byExt.User.Login != "maxi" {
		t.Fatalf("synchronize by externalid: %+v %v", byExt, err)
	}
	byToken, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByUserToken, Value: created.User.UserToken}, api.StorageUserInput{})
	if err != nil || byToken.Created {
		t.Fatalf("synchronize by user_token: %+v %v", byToken, err)
	}
	newExt, err := c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByExternalID, Value: "ext-7"}, api.StorageUserInput{})
	if err != nil || !newExt.Created || string(newExt.User.ExternalID) != "ext-7" {
		t.Fatalf("synchronize creating by externalid: %+v %v", newExt, err)
	}
	_, err = c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByUserToken, Value: "00000000-0000-4000-8000-000000000000"}, api.StorageUserInput{})
	assertAPIError(t, err, wrapper.ErrNotFound, "")
	_, err = c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByExternalID, Value: "ext-7"}, api.StorageUserInput{Login: api.Set("maxi")})
	assertAPIError(t, err, wrapper.ErrConflict, "The login is already used by another user")
	if _, err := c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "maxi", Password: "pw"}); err != nil {
		t.Fatalf("the synchronized password does not authenticate: %v", err)
	}
	wantStatus(t, do(t, srv, http.MethodPut, "/storage/users/user/synchronize.json",
		`{"request":{"synchronize":{"identifier":{"field":"email","value":"x"},"user":{}}}}`), http.StatusBadRequest, "[request->synchronize->identifier->field]")
}

func TestStorageUpdate(t *testing.T) {
	srv := newServer(t)
	srv.Seed(1)
	c := srv.Client()
	ctx := t.Context()
	email := func(v string) api.Email { return api.Email{Value: v} }
	u, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("ann"), Identity: api.Identity{
		Name: api.IdentityName{GivenName: "Ann", FamilyName: "Lee"}, Gender: "female",
		Emails: []api.Email{email("a@example.com")}, CustomData: map[string]any{"k": "v", "n": map[string]any{"x": "1", "y": "2"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	values := func(es []api.Email) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Value)
		}
		return out
	}

	// Replace: given values replace, lists replace, null values remove, nested objects merge.
	r1, err := c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{Identity: api.Identity{
		Name: api.IdentityName{GivenName: "Anna"}, Emails: []api.Email{email("b@example.com")},
		CustomData:           map[string]any{"n": map[string]any{"y": "3"}},
		AdditionalProperties: map[string]any{"gender": nil}, // sent as null: removes the gender
	}}, wrapper.Replace)
	if err != nil {
		t.Fatal(err)
	}
	id := r1.Identity
	if id.Name.GivenName != "Anna" || id.Name.FamilyName != "Lee" || id.Gender != "" ||
		!slices.Equal(values(id.Emails), []string{"b@example.com"}) || id.CustomData["k"] != "v" ||
		mustJSON(t, id.CustomData["n"]) != `{"x":"1","y":"3"}` || !r1.DateLastUpdate.After(u.DateLastUpdate.Time) {
		t.Fatalf("replace update = %s", mustJSON(t, r1))
	}
	// Append: lists grow, blank values are ignored.
	r2, err := c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{Login: api.Set(""), Identity: api.Identity{
		Emails: []api.Email{email("c@example.com")}, DisplayName: "", Note: "hi",
	}}, wrapper.Append)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(values(r2.Identity.Emails), []string{"b@example.com", "c@example.com"}) || r2.Login != "ann" || r2.Identity.Note != "hi" {
		t.Fatalf("append update = %s", mustJSON(t, r2))
	}
	// Null removes in replace mode (the wrapper cannot send null; plain HTTP can).
	r := do(t, srv, http.MethodPut, "/storage/users/"+u.UserToken+".json", `{"request":{"update_mode":"replace","user":{"login":null,"identity":{"note":null,"customData":{"k":null}}}}}`)
	wantStatus(t, r, http.StatusOK, "")
	if strings.Contains(string(r.body), `"login"`) || strings.Contains(string(r.body), `"note"`) || strings.Contains(string(r.body), `"k"`) {
		t.Fatalf("null did not remove: %s", r.body)
	}
	// The login is free again, so another user may take it; uniqueness holds on update.
	other, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("ann")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{Login: api.Set("ann")}, wrapper.Replace)
	assertAPIError(t, err, wrapper.ErrConflict, "The login is already used by another user")
	_, err = c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{ExternalID: api.Set(string(other.ExternalID))}, wrapper.Replace)
	assertAPIError(t, err, wrapper.ErrConflict, "The externalid is already used by another user")
	// A password set by update authenticates.
	if _, err := c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{Password: api.Password("new-pw")}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Storage.LookupUser(ctx, wrapper.Lookup{UserToken: u.UserToken, Password: "new-pw"}); err != nil {
		t.Fatal(err)
	}
	// A social user gets a storage identity on its first update: 201, then 200.
	social := users(t, c)[0]
	path := "/storage/users/" + social.UserToken + ".json"
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{"user":{"identity":{"note":"x"}}}}`), http.StatusCreated, "")
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{"user":{"identity":{"note":"y"}}}}`), http.StatusOK, "")
	_, err = c.Storage.UpdateUser(ctx, "00000000-0000-4000-8000-000000000000", api.StorageUserInput{}, "")
	assertAPIError(t, err, wrapper.ErrNotFound, "No user has been found for the specified user_token")
	wantStatus(t, do(t, srv, http.MethodPut, path, `{"request":{"update_mode":"merge","user":{}}}`), http.StatusBadRequest, "[request->update_mode]")
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
	wantStatus(t, do(t, srv, http.MethodGet, "/sharing/messages.json", ""), http.StatusNotFound, "")
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
