package wrapper

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

const connectionToken = "8875cb47-9b2e-40f9-8ae0-8428c06937a9"

// The three generations of the answer, as openapi.yaml quotes them.
const (
	connection2011 = `{"connection":{"connection_token":"` + connectionToken + `","date":"Thu, 25 Aug 2011 13:35:40 +0200","plugin":"social_link"},` +
		`"user":{"user_token":"` + userToken + `","identity":{"identity_token":"` + identityToken + `","provider":"twitter","displayName":"Firstname Lastname"}}}`
	connection2012 = `{"action":"authenticate_user","plugin":{"key":"social_login","data":{"action":"login","operation":"user_profile_read","reason":"user_authenticated","status":"success"}},` +
		`"connection":{"connection_token":"foobar","date":"Fri, 19 Oct 2012 23:47:23 +0200"},` +
		`"user":{"uuid":"1","user_token":"user-token","identity":{"identity_token":"identity-token","provider":"google","emails":[{"value":"till@example.com","is_verified":true}]}}}`
	connection2016 = `{"action":"authenticate_user","plugin":{"key":"social_login","data":{"action":"login","operation":"user_profile_read","reason":"user_authenticated","status":"success"}},` +
		`"connection":{"connection_token":"` + connectionToken + `","date_creation":"Sun, 04 Sep 2016 10:06:37 +0200","callback_uri":"http://dev.example/callback","status":"succeeded"},` +
		`"user":{"uuid":"` + userToken + `","user_token":"` + userToken + `","identity":{"identity_token":"` + identityToken + `","provider":"facebook",` +
		`"source":{"name":"Facebook","key":"facebook","access_token":{"key":"FB-ACCESS-S3CRET"}}},` +
		`"identities":[{"identity_token":"` + identityToken + `","provider":"facebook"},{"identity_token":"` + identityToken2 + `","provider":"twitter"}]}}`
)

func TestConnectionsGetGenerations(t *testing.T) {
	for _, tc := range []struct {
		name, data               string
		outcome                  Outcome
		service, status, reason  string
		user, identity, provider string
		identities               int
		callbackURI              string
	}{
		{"2011 documentation", connection2011, OutcomeLink, ServiceSocialLink, "", "", userToken, identityToken, "twitter", 0, ""},
		{"2012 Google", connection2012, OutcomeLogin, ServiceSocialLogin, "success", ReasonUserAuthenticated, "user-token", "identity-token", "google", 0, ""},
		{"2016 Facebook", connection2016, OutcomeLogin, ServiceSocialLogin, "success", ReasonUserAuthenticated, userToken, identityToken, "facebook", 2, "http://dev.example/callback"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.handle("/connections/"+connectionToken+".json", expect{method: "GET"}, 200, ok(200, "/connections/x.json", tc.data))
			c, err := f.client.Connections.Get(context.Background(), connectionToken)
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(c.Token, c.Outcome, c.Service, c.Status, c.Reason, c.UserToken, c.CallbackURI, len(c.Identities))
			want := fmt.Sprint(connectionToken, tc.outcome, tc.service, tc.status, tc.reason, tc.user, tc.callbackURI, tc.identities)
			if got != want {
				t.Errorf("connection = %s, want %s", got, want)
			}
			if c.Identity == nil || c.Identity.IdentityToken != tc.identity || c.Identity.Provider != tc.provider {
				t.Errorf("identity = %+v", c.Identity)
			}
		})
	}
}

func TestConnectionsOutcomes(t *testing.T) {
	for _, tc := range []struct {
		service, action string
		want            Outcome
	}{
		{"social_login", "login", OutcomeLogin},
		{"social_login", "", OutcomeLogin},
		{"social_link", "link_identity", OutcomeLink},
		{"social_link", "unlink_identity", OutcomeUnlink},
		{"social_link", "", OutcomeLink},
		{"single_sign_on", "login", OutcomeSingleSignOn},
		{"", "", OutcomeUnknown},
		{"something_new", "", OutcomeUnknown},
	} {
		if got := outcomeOf(tc.service, tc.action); got != tc.want {
			t.Errorf("outcomeOf(%q, %q) = %q, want %q", tc.service, tc.action, got, tc.want)
		}
	}
}

func TestConnectionsLinkedToAnotherUser(t *testing.T) {
	f := setup(t)
	body := `{"response":{"request":{"status":{"flag":"error","code":400,"info":"The identity is already linked to another user"}},` +
		`"result":{"status":{"flag":"error","code":400,"info":"The identity is already linked to another user"},"data":` +
		`{"plugin":{"key":"social_link","data":{"action":"link_identity","reason":"identity_is_linked_to_another_user","status":"error"}},` +
		`"user":{"user_token":"` + userToken2 + `","identity":{"identity_token":"` + identityToken + `","provider":"twitter",` +
		`"source":{"key":"twitter","access_token":{"key":"TW-ACCESS-S3CRET","secret":"TW-SECRET-S3CRET"}}}}}}}}`
	f.handle("/connections/"+connectionToken+".json", expect{method: "GET"}, 400, body)
	c, err := f.client.Connections.Get(context.Background(), connectionToken)
	if c != nil || !errors.Is(err, ErrIdentityLinkedToAnotherUser) || !errors.Is(err, ErrBadRequest) {
		t.Fatalf("Get = %v, %v; want ErrIdentityLinkedToAnotherUser and ErrBadRequest", c, err)
	}
	if errors.Is(err, ErrNotAuthenticated) {
		t.Error("a refused link is not a failed authentication")
	}
	var ce *ConnectionError
	if !errors.As(err, &ce) {
		t.Fatalf("%T is not a *ConnectionError", err)
	}
	if ce.Connection.Outcome != OutcomeLink || ce.Connection.UserToken != userToken2 || ce.Connection.Identity.IdentityToken != identityToken {
		t.Errorf("connection kept = %+v", ce.Connection)
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 400 || ae.Body != nil {
		t.Errorf("APIError = %+v; want status 400 and no raw body (it holds access tokens)", ae)
	}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("refused", "connection", ce.Connection, "err", err)
	for _, s := range []string{err.Error(), fmt.Sprintf("%v %+v %#v %v %+v %#v", err, ae, err, ce.Connection, ce.Connection, ce.Connection), logged.String()} {
		if strings.Contains(s, "S3CRET") {
			t.Errorf("an access token leaked: %s", s)
		}
	}
	// The connection token redeems the login: the Connection prints and
	// logs only its start.
	var connLog strings.Builder
	slog.New(slog.NewJSONHandler(&connLog, nil)).Info("refused", "connection", ce.Connection, "value", *ce.Connection)
	for _, s := range []string{fmt.Sprintf("%v %+v %#v %s", ce.Connection, ce.Connection, ce.Connection, ce.Connection), connLog.String()} {
		if strings.Contains(s, connectionToken) {
			t.Errorf("the connection token leaked: %s", s)
		}
	}
	if f.hitCount("GET", "/connections/"+connectionToken+".json") != 1 {
		t.Error("a 400 was retried")
	}
}

func TestConnectionsNotAuthenticated(t *testing.T) {
	f := setup(t)
	body := `{"response":{"request":{"status":{"flag":"success","code":200}},` +
		`"result":{"status":{"flag":"error","code":401,"info":"The user did not authenticate successfully"},"data":{"plugin":{"name":"social_link"}}}}}`
	f.handle("/connections/"+connectionToken+".json", expect{method: "GET"}, 200, body)
	_, err := f.client.Connections.Get(context.Background(), connectionToken)
	if !errors.Is(err, ErrNotAuthenticated) || errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v; want ErrNotAuthenticated and not ErrUnauthorized (the keys are fine)", err)
	}
	var ce *ConnectionError
	if !errors.As(err, &ce) || ce.Connection.Service != ServiceSocialLink || ce.Connection.Outcome != OutcomeLink {
		t.Errorf("connection kept = %+v", ce)
	}
	if !strings.Contains(err.Error(), "did not authenticate") {
		t.Errorf("error text %q", err)
	}
}

func TestConnectionsGetErrors(t *testing.T) {
	t.Run("unknown token", func(t *testing.T) {
		f := setup(t)
		f.handle("/connections/"+connectionToken+".json", expect{method: "GET"}, 404, fail(404, "No connection has been found for the specified connection_token"))
		_, err := f.client.Connections.Get(context.Background(), connectionToken)
		var ce *ConnectionError
		if !errors.Is(err, ErrNotFound) || errors.As(err, &ce) {
			t.Errorf("err = %v (%T); want a plain ErrNotFound", err, err)
		}
	})
	t.Run("a success without user", func(t *testing.T) {
		f := setup(t)
		f.handle("/connections/"+connectionToken+".json", expect{method: "GET"}, 200, ok(200, "/c.json", `{"plugin":{"key":"social_login"}}`))
		_, err := f.client.Connections.Get(context.Background(), connectionToken)
		if !errors.Is(err, ErrUnexpectedResponse) {
			t.Errorf("err = %v; want ErrUnexpectedResponse", err)
		}
	})
	t.Run("not a UUID", func(t *testing.T) {
		f := setup(t)
		for _, tok := range []string{"", "foobar", "../users", connectionToken + "x"} {
			if _, err := f.client.Connections.Get(context.Background(), tok); !errors.Is(err, ErrInvalidInput) {
				t.Errorf("Get(%q) = %v; want ErrInvalidInput", tok, err)
			}
		}
	})
}

// An error is what applications log: its text never carries the connection
// token, which could still be redeemed, whatever failed; APIError.Resource
// keeps the whole path for programs.
func TestConnectionErrorsDoNotPrintTheToken(t *testing.T) {
	check := func(t *testing.T, err error) {
		t.Helper()
		if err == nil {
			t.Fatal("no error")
		}
		for _, text := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			if strings.Contains(text, connectionToken) || strings.Contains(text, connectionToken[9:]) {
				t.Errorf("the error prints the connection token: %s", text)
			}
		}
	}
	t.Run("404", func(t *testing.T) {
		f := setup(t)
		f.handle("/connections/"+connectionToken+".json", expect{method: "GET"}, 404, fail(404, "No connection has been found for the specified connection_token"))
		_, err := f.client.Connections.Get(context.Background(), connectionToken)
		check(t, err)
		var ae *APIError
		if !errors.As(err, &ae) || ae.Resource != "/connections/"+connectionToken+".json" {
			t.Errorf("APIError.Resource = %+v; want the whole path", ae)
		}
		if !strings.Contains(err.Error(), "/connections/") || !strings.Contains(err.Error(), "404") {
			t.Errorf("error text %q no longer names the resource and status", err)
		}
	})
	t.Run("not an envelope", func(t *testing.T) {
		f := setup(t)
		f.handle("/connections/"+connectionToken+".json", expect{method: "GET"}, 502, "<html>bad gateway</html>")
		_, err := f.client.Connections.Get(context.Background(), connectionToken, WithRetries(0))
		check(t, err)
	})
	t.Run("no server", func(t *testing.T) {
		c, err := New("", "pub", "priv", WithBaseURL("http://127.0.0.1:1"), WithRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Connections.Get(context.Background(), connectionToken)
		check(t, err)
	})
}

func TestConnectionsListAndAll(t *testing.T) {
	f := setup(t)
	entry := func(tok string) string {
		return `{"connection_token":"` + tok + `","callback_uri":"https://example.com/cb","status":"succeeded","date_creation":"Mon, 06 Oct 2014 10:20:11 +0200"}`
	}
	f.mux.HandleFunc("/connections.json", func(w http.ResponseWriter, r *http.Request) {
		checkRequest(t, r, expect{method: "GET", query: url.Values{"entries_per_page": {"500"}, "page": {r.URL.Query().Get("page")}}})
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("page") == "1" {
			fmt.Fprint(w, ok(200, "/connections.json", `{"connections":{`+pagination(1, 2, 500, 2)+`,"count":1,"entries":[`+entry(connectionToken)+`]}}`))
			return
		}
		fmt.Fprint(w, ok(200, "/connections.json", `{"connections":{`+pagination(2, 2, 500, 2)+`,"count":1,"entries":[`+entry(identityToken)+`]}}`))
	})
	var got []string
	for c, err := range f.client.Connections.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.ConnectionToken+" "+c.Status)
	}
	if want := []string{connectionToken + " succeeded", identityToken + " succeeded"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("All = %q, want %q", got, want)
	}

	p, err := f.client.Connections.List(context.Background(), &ListOptions{Page: 1, EntriesPerPage: 500})
	if err != nil || len(p.Entries) != 1 || !p.HasNext() {
		t.Errorf("List = %+v, %v", p, err)
	}
	if _, err := f.client.Connections.List(context.Background(), &ListOptions{Filters: "x"}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("filters accepted: %v", err)
	}
}

// The payload type of a connection keeps unknown members, so nothing OneAll
// adds later is lost on the way to the application.
func TestConnectionKeepsUnknownMembers(t *testing.T) {
	f := setup(t)
	f.handle("/connections/"+connectionToken+".json", expect{method: "GET"}, 200,
		ok(200, "/c.json", `{"plugin":{"key":"social_login"},"newThing":1,"user":{"user_token":"`+userToken+`"}}`))
	c, err := f.client.Connections.Get(context.Background(), connectionToken)
	if err != nil {
		t.Fatal(err)
	}
	if _, kept := c.Data.AdditionalProperties["newThing"]; !kept || c.Identity != nil {
		t.Errorf("data = %+v, identity %v", c.Data, c.Identity)
	}
	var _ api.ConnectionData = c.Data
}
