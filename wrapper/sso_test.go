package wrapper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"
)

const ssoSessionToken = "6ee8ab5e-2f1b-4c3d-9e8f-0a1b2c3d4e5f"

func ssoSessionJSON(identity string) string {
	return `{"sso_session_token":"` + ssoSessionToken + `","user_token":"` + userToken + `","identity_token":"` + identity + `",` +
		`"top_realm":"vegetables","sub_realm":"carrot","data":"https://www.example.com","num_cookies_set":"0",` +
		`"date_creation":"Tue, 02 May 2017 15:20:01  0100","date_expiration":"Wed, 03 May 2017 15:20:01  0100"}`
}

func TestSSOStart(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts *SSOSessionOptions
		body string
	}{
		{"defaults", nil, `{"request":{}}`},
		{"everything", &SSOSessionOptions{TopRealm: "vegetables", SubRealm: "carrot", Lifetime: 90*time.Minute + 500*time.Millisecond, Data: "https://www.example.com"},
			`{"request":{"sso_session":{"top_realm":"vegetables","sub_realm":"carrot","lifetime":5400,"data":"https://www.example.com"}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.handle("/sso/sessions/identities/"+identityToken+".json", expect{method: "PUT", body: tc.body}, 201,
				ok(201, "/sso/sessions/identities/x.json", `{"sso_session":`+ssoSessionJSON(identityToken)+`}`))
			s, err := f.client.SSO.Start(context.Background(), identityToken, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if s.SSOSessionToken != ssoSessionToken || s.DateExpiration.Day() != 3 || s.NumCookiesSet.Int() != 0 {
				t.Errorf("session = %+v", s)
			}
		})
	}
}

// OneAll answers some 2xx with flags other than success ("scheduled" with
// 201 elsewhere in its API): only "error" is a failure.
func TestSSOStartAcceptsOtherSuccessFlags(t *testing.T) {
	f := setup(t)
	body := `{"response":{"request":{"status":{"flag":"scheduled","code":201,"info":"Your request has been received and scheduled to be processed"}},` +
		`"result":{"data":{"sso_session":` + ssoSessionJSON(identityToken) + `}}}}`
	f.handle("/sso/sessions/identities/"+identityToken+".json", expect{method: "PUT", body: `{"request":{}}`}, 201, body)
	if _, err := f.client.SSO.Start(context.Background(), identityToken, nil); err != nil {
		t.Fatal(err)
	}
}

func TestSSOStartErrors(t *testing.T) {
	f := setup(t)
	f.handle("/sso/sessions/identities/"+identityToken+".json", expect{method: "PUT", body: `{"request":{}}`}, 404,
		fail(404, "No identity has been found for the specified identity_token"))
	if _, err := f.client.SSO.Start(context.Background(), identityToken, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown identity: %v; want ErrNotFound (the caller recreates the user)", err)
	}
	for _, tc := range []struct {
		token string
		opts  *SSOSessionOptions
	}{
		{"nope", nil},
		{identityToken, &SSOSessionOptions{Lifetime: -time.Second}},
		{identityToken, &SSOSessionOptions{Lifetime: time.Millisecond}},
	} {
		if _, err := f.client.SSO.Start(context.Background(), tc.token, tc.opts); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Start(%q, %+v) = %v; want ErrInvalidInput", tc.token, tc.opts, err)
		}
	}
	if n := f.hitCount("PUT", "/sso/sessions/identities/"+identityToken+".json"); n != 1 {
		t.Errorf("%d requests sent; invalid input must send none", n)
	}
}

func TestSSOReadAndDelete(t *testing.T) {
	f := setup(t)
	confirm := url.Values{"confirm_deletion": {"true"}}
	deleted := `{"response":{"request":{"status":{"flag":"success","code":200,"info":"The single sign-on session for this identity has successfully been removed"}}}}`
	f.mux.HandleFunc("/sso/sessions/identities/"+identityToken+".json", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "GET" {
			checkRequest(t, r, expect{method: "GET"})
			fmt.Fprint(w, ok(200, "/x.json", `{"sso_session":`+ssoSessionJSON(identityToken)+`}`))
			return
		}
		checkRequest(t, r, expect{method: "DELETE", query: confirm})
		fmt.Fprint(w, deleted)
	})
	f.mux.HandleFunc("/sso/sessions/"+ssoSessionToken+".json", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "GET" {
			checkRequest(t, r, expect{method: "GET"})
			fmt.Fprint(w, ok(200, "/x.json", `{"sso_session":`+ssoSessionJSON(identityToken2)+`}`))
			return
		}
		checkRequest(t, r, expect{method: "DELETE", query: confirm})
		fmt.Fprint(w, deleted)
	})
	ctx := context.Background()
	s, err := f.client.SSO.GetForIdentity(ctx, identityToken)
	if err != nil || s.IdentityToken != identityToken || s.Data != "https://www.example.com" {
		t.Errorf("GetForIdentity = %+v, %v", s, err)
	}
	s, err = f.client.SSO.Get(ctx, ssoSessionToken)
	if err != nil || s.IdentityToken != identityToken2 || s.TopRealm != "vegetables" {
		t.Errorf("Get = %+v, %v", s, err)
	}
	if err := f.client.SSO.DestroyForIdentity(ctx, identityToken); err != nil {
		t.Error(err)
	}
	if err := f.client.SSO.Delete(ctx, ssoSessionToken); err != nil {
		t.Error(err)
	}
	for _, err := range []error{f.client.SSO.Delete(ctx, "x"), f.client.SSO.DestroyForIdentity(ctx, "")} {
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%v; want ErrInvalidInput", err)
		}
	}
}

func TestSSOListAndAll(t *testing.T) {
	f := setup(t)
	f.handle("/sso/sessions.json", expect{method: "GET", query: url.Values{"entries_per_page": {"500"}, "page": {"1"}}}, 200,
		ok(200, "/sso/sessions.json", `{"sso_sessions":{`+pagination(1, 1, 500, 1)+`,"count":1,"entries":[`+ssoSessionJSON(identityToken)+`]}}`))
	n := 0
	for s, err := range f.client.SSO.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if s.SSOSessionToken != ssoSessionToken {
			t.Errorf("session = %+v", s)
		}
		n++
	}
	if n != 1 {
		t.Errorf("%d sessions, want 1", n)
	}
}
