package wrapper

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

// driftLog records what a drift handler was given.
type driftLog struct {
	mu sync.Mutex
	d  []Drift
}

func (l *driftLog) add(d Drift) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.d = append(l.d, d)
}

func (l *driftLog) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, d := range l.d {
		out = append(out, strings.TrimSpace(d.OperationID+" "+d.Operation+" "+d.Path+" "+d.Type))
	}
	slices.Sort(out)
	return out
}

// An answer's unknown members are reported once per operation and path,
// whether the model keeps them (Identity is open) or drops them (Email,
// Pagination and the envelope are closed), at every depth, with their JSON
// type and never their value.
func TestDriftHandlerReportsUnknownMembersOnce(t *testing.T) {
	var log driftLog
	f := setup(t, WithDriftHandler(log.add))
	ident := strings.Replace(identityJSON, `"is_verified":"true"`, `"is_verified":"true","primary":true`, 1)
	ident = strings.Replace(ident, `"futureField":{"x":1}`, `"futureField":{"x":1},"secret_sauce":"S3CRET"`, 1)
	two := `{"identities":{` + pagination(1, 1, 2, 2) + `,"count":2,"entries":[` + ident + `,` + ident + `]}}`
	body := strings.Replace(ok(200, "/identities.json", two), `"request":{`, `"request":{"took_ms":3,`, 1)
	f.handle("/identities.json", expect{method: "GET"}, 200, body)
	f.handle("/identities/"+identityToken+".json", expect{method: "GET"}, 200, ok(200, "/identities/x.json", `{"identity":`+ident+`}`))
	for range 3 { // the second and third answers add nothing new
		if _, err := f.client.Identities.List(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.client.Identities.Get(context.Background(), identityToken); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"GetIdentity GET /identities/{token}.json response.result.data.identity.emails[].primary boolean",
		"GetIdentity GET /identities/{token}.json response.result.data.identity.futureField object",
		"GetIdentity GET /identities/{token}.json response.result.data.identity.secret_sauce string",
		"ListIdentities GET /identities.json response.request.took_ms number",
		"ListIdentities GET /identities.json response.result.data.identities.entries[].emails[].primary boolean",
		"ListIdentities GET /identities.json response.result.data.identities.entries[].futureField object",
		"ListIdentities GET /identities.json response.result.data.identities.entries[].secret_sauce string",
	}
	if got := log.lines(); !slices.Equal(got, want) {
		t.Errorf("drift:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, d := range log.d {
		if strings.Contains(fmt.Sprintf("%+v", d), "S3CRET") {
			t.Errorf("a value leaked: %+v", d)
		}
	}
}

// Known members, matched as encoding/json matches them (case-insensitively),
// free-form objects (customData, a Ping's map) and an error answer report
// nothing; nor does a client without the option, or with a nil handler.
func TestDriftHandlerQuiet(t *testing.T) {
	var log driftLog
	f := setup(t, WithDriftHandler(log.add))
	ident := `{"identity_token":"` + identityToken + `","Provider":"storage","customData":{"anything":{"goes":1}}}`
	f.handle("/identities/"+identityToken+".json", expect{method: "GET"}, 200, ok(200, "/identities/x.json", `{"identity":`+ident+`}`))
	f.handle("/tools/ping.json", expect{method: "GET"}, 200, ok(200, "/tools/ping.json", `{"whatever":1}`))
	f.handle("/users/"+userToken+".json", expect{method: "GET"}, 404, fail(404, "no such user"))
	if _, err := f.client.Identities.Get(context.Background(), identityToken); err != nil {
		t.Fatal(err)
	}
	if err := f.client.Tools.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.Users.Get(context.Background(), userToken); err == nil {
		t.Fatal("want an error")
	}
	if got := log.lines(); len(got) != 0 {
		t.Errorf("drift reported: %v", got)
	}
	off, err := f.client.With(WithDriftHandler(nil))
	if err != nil {
		t.Fatal(err)
	}
	if off.call.drift != nil {
		t.Error("WithDriftHandler(nil) left a handler")
	}
}

// Past MaxDriftPaths distinct paths, nothing more is remembered or reported.
func TestDriftHandlerBounded(t *testing.T) {
	var log driftLog
	f := setup(t, WithDriftHandler(log.add))
	var b strings.Builder
	b.WriteString(`{"identity_token":"` + identityToken + `"`)
	for i := range MaxDriftPaths + 50 {
		fmt.Fprintf(&b, `,"m%d":1`, i)
	}
	b.WriteString("}")
	f.handle("/identities/"+identityToken+".json", expect{method: "GET"}, 200, ok(200, "/identities/x.json", `{"identity":`+b.String()+`}`))
	for range 2 {
		if _, err := f.client.Identities.Get(context.Background(), identityToken); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(log.lines()); n != MaxDriftPaths {
		t.Errorf("%d reports, want %d", n, MaxDriftPaths)
	}
}

func TestTokenless(t *testing.T) {
	for in, want := range map[string]string{
		"/identities.json": "/identities.json",
		"/identities/" + identityToken + "/steam/games.json":  "/identities/{token}/steam/games.json",
		"/sso/sessions/identities/" + identityToken + ".json": "/sso/sessions/identities/{token}.json",
		"/storage/users/user/lookup.json":                     "/storage/users/user/lookup.json",
		"/users/" + url.PathEscape("a b") + ".json":           "/users/{token}.json",
	} {
		if got := tokenless(in); got != want {
			t.Errorf("tokenless(%q) = %q, want %q", in, got, want)
		}
	}
}
