package main

import (
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

func TestIdentities(t *testing.T) {
	srv, env := site(t, 8)

	p := decode[pageJSON[api.Identity]](t, cli(t, env, "", "identities", "list", "--per-page", "2", "--page", "2", "--order", "desc").ok(t))
	if p.CurrentPage != 2 || len(p.Entries) != 2 || p.EntriesPerPage != 2 || p.TotalEntries < 8 {
		t.Fatalf("page: %+v", p)
	}
	all := jsonLines[api.Identity](t, cli(t, env, "", "identities", "list", "--all").ok(t))
	if len(all) != p.TotalEntries {
		t.Fatalf("--all streamed %d identities, the site has %d", len(all), p.TotalEntries)
	}

	fb := identityOf(t, env, "facebook")
	token := fb.IdentityToken
	got := decode[api.Identity](t, cli(t, env, "", "identities", "get", token).ok(t))
	if got.IdentityToken != token || got.UserToken == "" {
		t.Fatalf("get: %+v", got)
	}
	synced := decode[api.Identity](t, cli(t, env, "", "identities", "sync", token, "--force-token-update").ok(t))
	if synced.IdentityToken != token {
		t.Errorf("sync: %+v", synced)
	}
	if srv.RequestCount("PUT", "/identities/"+token+"/synchronize.json") != 1 {
		t.Error("sync sent no synchronize request")
	}

	// relink to the owner of another identity
	var other string
	for _, id := range all {
		if id.UserToken != got.UserToken {
			other = id.UserToken
			break
		}
	}
	u := decode[api.User](t, cli(t, env, "", "identities", "relink", token, other).ok(t))
	if u.UserToken != other || !hasIdentity(&u, token) {
		t.Errorf("relink: %+v", u)
	}

	cp := decode[contactsPageJSON](t, cli(t, env, "", "identities", "contacts", token, "--per-page", "5").ok(t))
	if cp.TotalEntries == 0 || len(cp.Entries) == 0 {
		t.Errorf("contacts: %+v", cp)
	}
	contacts := jsonLines[api.Contact](t, cli(t, env, "", "identities", "contacts", token, "--all", "--disable-cache").ok(t))
	if len(contacts) != cp.TotalEntries {
		t.Errorf("contacts --all: %d, want %d", len(contacts), cp.TotalEntries)
	}
	posts := decode[map[string]any](t, cli(t, env, "", "identities", "facebook-posts", token, "--per-page", "2").ok(t))
	if posts["facebook_posts"] == nil {
		t.Errorf("facebook-posts: %v", posts)
	}
	steam := identityOf(t, env, "steam")
	games := decode[map[string]any](t, cli(t, env, "", "identities", "steam-games", steam.IdentityToken).ok(t))
	if games["steam_games"] == nil {
		t.Errorf("steam-games: %v", games)
	}
	yt := identityOf(t, env, "youtube")
	videos := decode[map[string]any](t, cli(t, env, "", "identities", "youtube-videos", yt.IdentityToken).ok(t))
	if videos["youtube_videos"] == nil {
		t.Errorf("youtube-videos: %v", videos)
	}
	cli(t, env, "", "identities", "steam-games", token).fails(t, exitAPI, "")

	del := decode[api.Identity](t, cli(t, env, "", "identities", "delete", token, "--yes").ok(t))
	if del.IdentityToken != token || del.Provider == "" || del.UserToken == "" {
		t.Errorf("delete: %v", del)
	}
	cli(t, env, "", "identities", "get", token).fails(t, exitAPI, "404")
}
