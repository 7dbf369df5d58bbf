package onealltest_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

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
