package wrapper

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

const identityJSON = `{"identity_token":"` + identityToken + `","user_token":"` + userToken + `","provider":"twitter",` +
	`"displayName":"John","date_last_update":"Tue, 02 May 2017 15:27:08  0200","emails":[{"value":"j@example.com","is_verified":"true"}],` +
	`"accounts":[{"domain":"twitter.com","userid":12345}],"futureField":{"x":1}}`

func TestIdentitiesList(t *testing.T) {
	f := setup(t)
	f.handle("/identities.json", expect{method: "GET", query: url.Values{"page": {"2"}, "entries_per_page": {"50"}, "order_direction": {"desc"}}},
		200, ok(200, "/identities.json", `{"identities":{`+pagination(2, 3, 50, 101)+`,"count":1,"entries":[`+identityJSON+`]}}`))
	p, err := f.client.Identities.List(context.Background(), &ListOptions{Page: 2, EntriesPerPage: 50, Order: "desc"})
	if err != nil {
		t.Fatal(err)
	}
	if p.CurrentPage != 2 || p.TotalPages != 3 || p.TotalEntries != 101 || p.EntriesPerPage != 50 || !p.HasNext() {
		t.Errorf("page = %+v", p)
	}
	if len(p.Entries) != 1 || p.Entries[0].IdentityToken != identityToken || p.Entries[0].Provider != "twitter" {
		t.Fatalf("entries = %+v", p.Entries)
	}
}

func TestIdentitiesListDefaultsSendNoQuery(t *testing.T) {
	f := setup(t)
	f.handle("/identities.json", expect{method: "GET"}, 200, ok(200, "/identities.json", `{"identities":{"count":0}}`))
	p, err := f.client.Identities.List(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entries) != 0 || p.HasNext() {
		t.Errorf("page = %+v", p)
	}
}

func TestIdentitiesGetDecodesDrift(t *testing.T) {
	f := setup(t)
	f.handle("/identities/"+identityToken+".json", expect{method: "GET"}, 200, ok(200, "/identities/x.json", `{"identity":`+identityJSON+`}`))
	id, err := f.client.Identities.Get(context.Background(), identityToken)
	if err != nil {
		t.Fatal(err)
	}
	if id.DisplayName != "John" || !id.Emails[0].IsVerified.Bool() || id.Accounts[0].UserID.String() != "12345" {
		t.Errorf("identity = %+v", id)
	}
	if _, off := id.DateLastUpdate.Zone(); off != 2*3600 {
		t.Errorf("date_last_update zone offset = %d, want +0200", off)
	}
	if _, kept := id.AdditionalProperties["futureField"]; !kept {
		t.Error("an unknown field was dropped")
	}
}

func TestIdentitiesDelete(t *testing.T) {
	f := setup(t)
	f.handle("/identities/"+identityToken+".json", expect{method: "DELETE", query: url.Values{"confirm_deletion": {"true"}}},
		200, `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"status":{"flag":"success","code":200,"info":"deleted"},`+
			`"data":{"identity":{"identity_token":"`+identityToken+`","provider":"twitter","user_token":"`+userToken+`"}}}}}`)
	id, err := f.client.Identities.Delete(context.Background(), identityToken)
	if err != nil {
		t.Fatal(err)
	}
	if id.IdentityToken != identityToken || id.Provider != "twitter" || id.UserToken != userToken {
		t.Errorf("deleted identity = %+v", id)
	}
}

// An answer without the deleted identity still reports the deletion, which
// has happened: the identity carries the token that was asked for.
func TestIdentitiesDeleteWithoutPayload(t *testing.T) {
	f := setup(t)
	f.handle("/identities/"+identityToken+".json", expect{method: "DELETE", query: url.Values{"confirm_deletion": {"true"}}},
		200, `{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"status":{"flag":"success","code":200,"info":"deleted"}}}}`)
	id, err := f.client.Identities.Delete(context.Background(), identityToken)
	if err != nil {
		t.Fatal(err)
	}
	if id.IdentityToken != identityToken || id.Provider != "" {
		t.Errorf("deleted identity = %+v", id)
	}
}

func TestIdentitiesRelink(t *testing.T) {
	f := setup(t)
	f.handle("/identities/"+identityToken+"/link.json", expect{method: "PUT", body: `{"request":{"user":{"user_token":"` + userToken2 + `"}}}`},
		200, ok(200, "/link.json", `{"user":{"user_token":"`+userToken2+`","identities":[{"identity_token":"`+identityToken+`","provider":"twitter"},{"identity_token":"`+identityToken2+`","provider":"facebook"}]}}`))
	u, err := f.client.Identities.Relink(context.Background(), identityToken, userToken2)
	if err != nil {
		t.Fatal(err)
	}
	if u.UserToken != userToken2 || len(u.Identities) != 2 || u.Identities[1].IdentityToken != identityToken2 {
		t.Errorf("user = %+v", u)
	}
}

func TestIdentitiesSynchronize(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts *SynchronizeOptions
		body string
	}{
		{"defaults", nil, `{"request":{"synchronize":{"update_user_data":true,"force_token_update":false}}}`},
		{"token only, forced", &SynchronizeOptions{TokenOnly: true, ForceTokenUpdate: true}, `{"request":{"synchronize":{"update_user_data":false,"force_token_update":true}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.handle("/identities/"+identityToken+"/synchronize.json", expect{method: "PUT", body: tc.body}, 200, ok(200, "/s.json", `{"identity":`+identityJSON+`}`))
			id, err := f.client.Identities.Synchronize(context.Background(), identityToken, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if id.IdentityToken != identityToken {
				t.Errorf("identity = %+v", id)
			}
		})
	}
}

func TestIdentitiesContacts(t *testing.T) {
	f := setup(t)
	f.handle("/identities/"+identityToken+"/contacts.json",
		expect{method: "GET", query: url.Values{"disable_cache": {"true"}, "entries_per_page": {"10"}}},
		http.StatusNonAuthoritativeInfo, ok(203, "/c.json", `{"cache":{"has_been_used":"false","date_last_update":"Tue, 06 Jun 2017 14:41:57 +0200"},`+
			`"contacts":{`+pagination(1, 1, 10, 1)+`,"count":1,"entries":[{"name":{"formatted":"Jane"},"profileUrl":"http://x"}]}}`))
	p, err := f.client.Identities.Contacts(context.Background(), identityToken, &ContactsOptions{ListOptions: ListOptions{EntriesPerPage: 10}, DisableCache: true})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Live || p.Cache.HasBeenUsed.Bool() || len(p.Entries) != 1 || p.Entries[0].Name.Formatted != "Jane" {
		t.Errorf("contacts = %+v", p)
	}
}

func TestIdentitiesProviderData(t *testing.T) {
	f := setup(t)
	cache := `"cache":{"has_been_used":true}`
	f.handle("/identities/"+identityToken+"/steam/games.json", expect{method: "GET"}, 200,
		ok(200, "/g.json", `{`+cache+`,"steam_games":{"count":1,"entries":[{"game_id":440,"name":"TF2","playtime_forever":"12"}]}}`))
	f.handle("/identities/"+identityToken+"/youtube/videos.json", expect{method: "GET"}, 200,
		ok(200, "/v.json", `{`+cache+`,"youtube_videos":{"count":1,"entries":[{"video_id":"abc","title":"T"}]}}`))
	f.handle("/identities/"+identityToken+"/facebook/posts.json", expect{method: "GET", query: url.Values{"page": {"3"}}}, 200,
		ok(200, "/p.json", `{`+cache+`,"facebook_posts":{"count":1,"entries":[{"post_id":"1_2","message":"hi"}]}}`))
	ctx := context.Background()
	games, err := f.client.Identities.SteamGames(ctx, identityToken)
	if err != nil || games.SteamGames.Entries[0].GameID.String() != "440" || games.SteamGames.Entries[0].PlaytimeForever.Int() != 12 {
		t.Errorf("steam = %+v, %v", games, err)
	}
	videos, err := f.client.Identities.YouTubeVideos(ctx, identityToken)
	if err != nil || videos.YouTubeVideos.Entries[0].VideoID != "abc" {
		t.Errorf("youtube = %+v, %v", videos, err)
	}
	posts, err := f.client.Identities.FacebookPosts(ctx, identityToken, &ListOptions{Page: 3})
	if err != nil || posts.FacebookPosts.Entries[0].Message != "hi" || !posts.Cache.HasBeenUsed.Bool() {
		t.Errorf("facebook = %+v, %v", posts, err)
	}
}
