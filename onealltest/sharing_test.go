package onealltest

import (
	"errors"
	"net/http"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// publisher is a user with two Twitter identities, a Facebook one and a
// Steam one (Steam cannot publish).
func publisher(t *testing.T, srv *Server) (user, tw1, tw2, fb, steam string) {
	t.Helper()
	user = srv.AddUser(User{})
	tw1 = srv.AddIdentity(user, "twitter", api.Identity{})
	tw2 = srv.AddIdentity(user, "twitter", api.Identity{})
	fb = srv.AddIdentity(user, "facebook", api.Identity{})
	steam = srv.AddIdentity(user, "steam", api.Identity{})
	return
}

// A message published for a user records one publication per identity and
// provider asked for; with tracking each has a short URL of the link,
// listed with the site's short URLs.
func TestPublishForUser(t *testing.T) {
	srv := New(t)
	c := srv.Client()
	ctx := t.Context()
	user, tw1, tw2, _, _ := publisher(t, srv)

	res, err := c.Sharing.Publish(ctx, wrapper.ForUser(user, "twitter"), wrapper.Message{
		Text: "Our shop is open", Link: &wrapper.Link{URL: "https://shop.example/", Name: "Shop"}, Tracking: true,
		Uploads: []wrapper.Upload{{Name: "i.png", Data: []byte("\x89PNG")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Message
	if res.Partial || m.Parts.Text.Body != "Our shop is open" || m.Parts.Link.Name != "Shop" || len(m.Publications.Entries) != 2 {
		t.Fatalf("result = %+v", res)
	}
	for i, want := range []string{tw1, tw2} {
		p := m.Publications.Entries[i]
		if p.IdentityToken != want || p.UserToken != user || p.Provider != "twitter" || p.Status.Code.Int() != 200 ||
			p.Shorturls.Count.Int() != 1 || p.Shorturls.Entries[0].OriginalURL != "https://shop.example/" {
			t.Errorf("publication %d = %+v", i, p)
		}
	}
	if got := listedShortURLs(t, srv); len(got) != 2 {
		t.Errorf("short URLs of the publications: %v", got)
	}
	read, err := c.Sharing.GetMessage(ctx, m.SharingMessageToken)
	if err != nil || len(read.Publications.Entries) != 2 || !read.DateLastPublished.Equal(m.DateCreation.Time) {
		t.Fatalf("read %+v, %v", read, err)
	}

	// Re-published for the user on Facebook, Steam and LinkedIn: Facebook
	// publishes, Steam cannot, the user has no LinkedIn identity (207, each
	// publication says why, in the order of the providers asked for).
	again, err := c.Sharing.Republish(ctx, m.SharingMessageToken, wrapper.ForUser(user, "facebook", "steam", "linkedin"))
	if err != nil {
		t.Fatal(err)
	}
	pubs := again.Message.Publications.Entries
	if !again.Partial || len(pubs) != 5 || pubs[2].Provider != "facebook" || pubs[2].Status.Flag != "success" ||
		pubs[3].Provider != "steam" || pubs[3].Status.Code.Int() != 403 || pubs[4].Provider != "linkedin" || pubs[4].Status.Code.Int() != 404 {
		t.Fatalf("republished = %+v", again)
	}
	if !again.Message.DateLastPublished.After(m.DateCreation.Time) {
		t.Errorf("date_last_published did not move: %v", again.Message.DateLastPublished)
	}

	var listed []string
	for msg, err := range c.Sharing.AllMessages(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, msg.SharingMessageToken)
	}
	if len(listed) != 1 || listed[0] != m.SharingMessageToken {
		t.Errorf("listed %v", listed)
	}
	if err := c.Sharing.DeleteMessage(ctx, m.SharingMessageToken); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Sharing.GetMessage(ctx, m.SharingMessageToken); !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("read after delete: %v", err)
	}
}

// Unknown providers, users and identities, and identities that cannot
// publish, get OneAll's errors and store nothing.
func TestPublishErrors(t *testing.T) {
	srv := New(t)
	c := srv.Client()
	ctx := t.Context()
	user, tw, _, _, steam := publisher(t, srv)
	const unknown = "00000000-0000-4000-8000-000000000000"
	msg := wrapper.Message{Text: "hi"}
	for _, tc := range []struct {
		to   wrapper.Audience
		want error
	}{
		{wrapper.ForUser(user, "myspace"), wrapper.ErrBadRequest},
		{wrapper.ForUser(unknown, "twitter"), wrapper.ErrNotFound},
		{wrapper.ForIdentity(unknown), wrapper.ErrNotFound},
		{wrapper.ForIdentity(steam), wrapper.ErrForbidden},
		{wrapper.ForUser(user, "steam", "linkedin"), wrapper.ErrForbidden},
	} {
		if _, err := c.Sharing.Publish(ctx, tc.to, msg); !errors.Is(err, tc.want) {
			t.Errorf("Publish(%+v): %v, want %v", tc.to, err, tc.want)
		}
	}
	if page, err := c.Sharing.ListMessages(ctx, nil); err != nil || len(page.Entries) != 0 {
		t.Fatalf("messages after failures: %+v, %v", page, err)
	}
	// One identity, no tracking: no short URL.
	res, err := c.Sharing.Publish(ctx, wrapper.ForIdentity(tw), wrapper.Message{PictureURL: "https://cdn.example/p.png"})
	if err != nil || len(res.Message.Publications.Entries) != 1 || res.Message.Publications.Entries[0].Shorturls.Entries != nil {
		t.Fatalf("publish for one identity: %+v, %v", res, err)
	}
	_, err = c.Sharing.Republish(ctx, unknown, wrapper.ForIdentity(tw))
	if !errors.Is(err, wrapper.ErrNotFound) {
		t.Errorf("republish of an unknown message: %v", err)
	}
}

// The fake checks what the wrapper checks: empty messages, bad uploads,
// providers sent as a string (a third-party client's mistake).
func TestPublishBadBodies(t *testing.T) {
	srv := New(t)
	user, _, _, _, _ := publisher(t, srv)
	k := &contract{t: t, srv: srv, url: srv.URL}
	for _, body := range []string{
		`{"request":{"sharing_message":{"publish_for_user":{"user_token":"` + user + `","providers":["twitter"]},"parts":{}}}}`,
		`{"request":{"sharing_message":{"publish_for_user":{"user_token":"` + user + `","providers":"twitter"},"parts":{"text":{"body":"x"}}}}}`,
		`{"request":{"sharing_message":{"parts":{"text":{"body":"x"}}}}}`,
		`{"request":{"sharing_message":{"publish_for_user":{"user_token":"` + user + `","providers":["twitter"]},"parts":{"uploads":[{"name":"a","data":"%%%"}]}}}}`,
		`{"request":{"sharing_message":{"publish_for_user":{"user_token":"` + user + `","providers":["twitter"]},"parts":{"text":{"body":"x"},"flags":{"enable_tracking":2}}}}}`,
		`{"request":{"sharing_message":{"publish_for_user":{"user_token":"` + user + `","providers":["twitter"]},"parts":{"link":{"url":"javascript:alert(1)"}}}}}`,
	} {
		k.expect(http.StatusBadRequest, "POST", "/sharing/messages.json", body)
	}
	// PHP's SDK sends the flag as 0/1, a C# client as a boolean.
	k.expect(http.StatusOK, "POST", "/sharing/messages.json",
		`{"request":{"sharing_message":{"publish_for_user":{"user_token":"`+user+`","providers":["twitter"]},"parts":{"text":{"body":"x"},"flags":{"enable_tracking":true}}}}}`)
}
