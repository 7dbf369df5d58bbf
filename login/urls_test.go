package login

import (
	"errors"
	"net/url"
	"testing"

	"github.com/oneall-go/oneall-go/wrapper"
)

func TestDirectConnectURLs(t *testing.T) {
	const user = "b456365a-d259-47c6-a72a-0f012f9dab84"
	cb := "https://shop.example/oneall/callback?login_state=1.abc&redirect_to=%2Fcart"
	real, err := wrapper.New("mysite", "pub", "priv")
	if err != nil {
		t.Fatal(err)
	}
	fake, err := wrapper.New("", "pub", "priv", wrapper.WithBaseURL("http://127.0.0.1:8080/base/"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		build     func(*wrapper.Client) (string, error)
		base      *wrapper.Client
		path      string
		wantQuery url.Values
	}{
		{"login", func(c *wrapper.Client) (string, error) { return LoginURL(c, "google", cb) }, real,
			"https://mysite.api.oneall.com/socialize/connect/direct/google/",
			url.Values{"service": {"social_login"}, "callback_uri": {cb}}},
		{"login on the fake", func(c *wrapper.Client) (string, error) { return LoginURL(c, "windowslive", cb) }, fake,
			"http://127.0.0.1:8080/base/socialize/connect/direct/windowslive/",
			url.Values{"service": {"social_login"}, "callback_uri": {cb}}},
		{"link", func(c *wrapper.Client) (string, error) { return LinkURL(c, "twitter", cb, user) }, real,
			"https://mysite.api.oneall.com/socialize/connect/direct/twitter/",
			url.Values{"service": {"social_link"}, "action": {"link_identity"}, "user_token": {user}, "callback_uri": {cb}}},
		{"unlink", func(c *wrapper.Client) (string, error) { return UnlinkURL(c, "twitter", cb, user) }, fake,
			"http://127.0.0.1:8080/base/socialize/connect/direct/twitter/",
			url.Values{"service": {"social_link"}, "action": {"unlink_identity"}, "user_token": {user}, "callback_uri": {cb}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.build(tc.base)
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			u.RawQuery = ""
			if u.String() != tc.path || q.Encode() != tc.wantQuery.Encode() {
				t.Errorf("%s\nwant %s?%s", got, tc.path, tc.wantQuery.Encode())
			}
		})
	}
	if got := LibraryURL(real); got != "https://mysite.api.oneall.com/socialize/library.js" {
		t.Errorf("library = %s", got)
	}
	if got := LibraryURL(fake); got != "http://127.0.0.1:8080/base/socialize/library.js" {
		t.Errorf("library on the fake = %s", got)
	}
	for _, bad := range []func() (string, error){
		func() (string, error) { return LoginURL(real, "Google", cb) },
		func() (string, error) { return LoginURL(real, "../users", cb) },
		func() (string, error) { return LoginURL(real, "", cb) },
		func() (string, error) { return LoginURL(real, "google", "/relative") },
		func() (string, error) { return LoginURL(nil, "google", cb) },
		func() (string, error) { return LinkURL(real, "google", cb, "") },
		func() (string, error) { return UnlinkURL(real, "google", cb, "not-a-uuid") },
	} {
		if u, err := bad(); !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("%q, %v; want ErrInvalidInput", u, err)
		}
	}
}
