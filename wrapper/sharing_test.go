package wrapper

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"testing"
)

const (
	sharingMessageToken = "328ef915-da13-4b58-83f6-6a35af3b08c0"
	sharingMessageJSON  = `{"sharing_message":{"sharing_message_token":"` + sharingMessageToken + `","date_creation":"Tue, 20 Dec 2011 17:26:59 +0100",` +
		`"publications":{"count":1,"entries":[{"provider":"twitter","status":{"flag":"error","code":403,"message":"no"}}]}}}`
)

// The body is the documented one, with the flag as OneAll's examples send it.
func TestPublishBody(t *testing.T) {
	f := setup(t)
	f.handle("/sharing/messages.json", expect{method: "POST", body: `{"request":{"sharing_message":{` +
		`"publish_for_user":{"user_token":"` + userToken + `","providers":["facebook","twitter"]},` +
		`"parts":{"text":{"body":"Hi"},"picture":{"url":"https://cdn.example/p.png"},` +
		`"link":{"url":"https://www.oneall.com/","name":"oneall.com"},"uploads":[{"name":"i.png","data":"aGk="}],"flags":{"enable_tracking":1}}}}}`}, 207,
		ok(207, "/sharing/messages.json", sharingMessageJSON))
	res, err := f.client.Sharing.Publish(context.Background(), ForUser(userToken, "facebook", "twitter"), Message{
		Text: "Hi", PictureURL: "https://cdn.example/p.png", Link: &Link{URL: "https://www.oneall.com/", Name: "oneall.com"},
		Uploads: []Upload{{Name: "i.png", Data: []byte("hi")}}, Tracking: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Partial || res.Message.Publications.Entries[0].Status.Message != "no" {
		t.Errorf("result = %+v", res)
	}
}

func TestPublishForIdentityAndRepublish(t *testing.T) {
	f := setup(t)
	f.handle("/sharing/messages.json", expect{method: "POST", body: `{"request":{"sharing_message":{` +
		`"publish_for_identity":{"identity_token":"` + identityToken + `"},"parts":{"text":{"body":"Hi"},"flags":{"enable_tracking":0}}}}}`}, 200,
		ok(200, "/sharing/messages.json", sharingMessageJSON))
	f.handle("/sharing/messages/"+sharingMessageToken+".json", expect{method: "POST", body: `{"request":{"sharing_message":{` +
		`"publish_for_user":{"user_token":"` + userToken + `","providers":["linkedin"]}}}}`}, 503, fail(503, "busy"))
	ctx := context.Background()
	if res, err := f.client.Sharing.Publish(ctx, ForIdentity(identityToken), Message{Text: "Hi"}); err != nil || res.Partial {
		t.Fatalf("%+v, %v", res, err)
	}
	// Sent once: a second publication would post twice.
	if _, err := f.client.Sharing.Republish(ctx, sharingMessageToken, ForUser(userToken, "linkedin")); !errors.Is(err, ErrServer) {
		t.Fatalf("republish: %v", err)
	}
	if n := f.hitCount("POST", "/sharing/messages/"+sharingMessageToken+".json"); n != 1 {
		t.Errorf("republish sent %d times", n)
	}
}

// An empty message, a bad audience and oversized uploads are refused
// before anything is sent.
func TestPublishBadInputSendsNothing(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	big := bytes.Repeat([]byte{1}, MaxUploadBytes/2+1)
	for name, tc := range map[string]struct {
		to Audience
		m  Message
	}{
		"empty message":      {ForUser(userToken, "twitter"), Message{Tracking: true}},
		"no audience":        {Audience{}, Message{Text: "x"}},
		"no provider":        {ForUser(userToken), Message{Text: "x"}},
		"provider twice":     {ForUser(userToken, "twitter", "twitter"), Message{Text: "x"}},
		"bad provider":       {ForUser(userToken, "Twit ter"), Message{Text: "x"}},
		"bad user token":     {ForUser("../users", "twitter"), Message{Text: "x"}},
		"bad identity token": {ForIdentity("x"), Message{Text: "x"}},
		"bad picture":        {ForIdentity(identityToken), Message{PictureURL: "p.png"}},
		"bad link":           {ForIdentity(identityToken), Message{Link: &Link{Name: "no URL"}}},
		"too many uploads":   {ForIdentity(identityToken), Message{Uploads: make([]Upload, MaxUploads+1)}},
		"uploads too large":  {ForIdentity(identityToken), Message{Uploads: []Upload{{Name: "a", Data: big}, {Name: "b", Data: big}}}},
		"empty upload":       {ForIdentity(identityToken), Message{Uploads: []Upload{{Name: "a"}}}},
		"upload path":        {ForIdentity(identityToken), Message{Uploads: []Upload{{Name: "../a", Data: []byte("x")}}}},
		"invalid UTF-8":      {ForIdentity(identityToken), Message{Text: "\xff"}},
	} {
		if _, err := f.client.Sharing.Publish(ctx, tc.to, tc.m); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := f.client.Sharing.Republish(ctx, "nope", ForIdentity(identityToken)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("republish with a bad token: %v", err)
	}
	if err := f.client.Sharing.DeleteMessage(ctx, ""); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("delete with no token: %v", err)
	}
	if len(f.hits) != 0 {
		t.Errorf("requests were sent: %v", f.hits)
	}
}

// The page URL is sent encoded (OneAll's PHP SDK does not encode it).
func TestGetPageByURLEncodes(t *testing.T) {
	f := setup(t)
	f.handle("/sharing/pages/page.json", expect{method: "GET", query: url.Values{"page_url": {"https://shop.example/?a=1&b=2"}}}, 200,
		ok(200, "/sharing/pages/page.json", `{"sharing_page":{"sharing_page_token":"023f93e0-2968-47f4-a6d7-e77d232a2125","num_times_shared":"3","targets":[{"key":"twitter","num_times_shared":3}]}}`))
	p, err := f.client.Sharing.GetPageByURL(context.Background(), "https://shop.example/?a=1&b=2", nil)
	if err != nil || p.NumTimesShared.Int() != 3 || p.Targets[0].Key != "twitter" {
		t.Fatalf("%+v, %v", p, err)
	}
	for _, bad := range []string{"", "https://a.example/\n"} {
		if _, err := f.client.Sharing.GetPageByURL(context.Background(), bad, nil); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("GetPageByURL(%q): %v", bad, err)
		}
	}
}
