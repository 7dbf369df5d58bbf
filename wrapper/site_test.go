package wrapper

import (
	"context"
	"errors"
	"testing"
)

func TestToolsPing(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   error
	}{
		{"the keys work", 200, `{"response":{"request":{"status":{"flag":"success","code":200}}}}`, nil},
		{"wrong keys", 401, fail(401, "Authentication credentials are missing or incorrect: http://docs.oneall.com/api/basic/authentication/"), ErrUnauthorized},
		{"wrong subdomain", 404, fail(404, "The URI requested is invalid or the resource does not exist"), ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.handle("/tools/ping.json", expect{method: "GET"}, tc.status, tc.body)
			if err := f.client.Tools.Ping(context.Background()); !errors.Is(err, tc.want) && !(err == nil && tc.want == nil) {
				t.Errorf("Ping = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSiteGet(t *testing.T) {
	f := setup(t)
	f.handle("/site.json", expect{method: "GET"}, 200, ok(200, "/site.json",
		`{"site":{"name":"Shop","subscription_plan":{"key":"pro","features":{"has_single_signon":"true","has_storage":true}}}}`))
	s, err := f.client.Site.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !s.SubscriptionPlan.Features.HasSingleSignon.Bool() || s.AdditionalProperties["name"] != "Shop" ||
		s.SubscriptionPlan.Features.AdditionalProperties["has_storage"] != true {
		t.Errorf("site = %+v", s)
	}
}

func TestProvidersList(t *testing.T) {
	f := setup(t)
	f.handle("/providers.json", expect{method: "GET"}, 200, ok(200, "/providers.json",
		`{"providers":{"count":2,"entries":[{"key":"facebook","name":"Facebook","is_configured":true},{"key":"twitter","name":"Twitter"}]}}`))
	ps, err := f.client.Providers.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Key != "facebook" || ps[1].Name != "Twitter" || ps[0].AdditionalProperties["is_configured"] != true {
		t.Errorf("providers = %+v", ps)
	}
	f2 := setup(t)
	f2.handle("/providers.json", expect{method: "GET"}, 200, ok(200, "/providers.json", `{"other":{}}`))
	if _, err := f2.client.Providers.List(context.Background()); !errors.Is(err, ErrUnexpectedResponse) {
		t.Errorf("an answer without providers: %v", err)
	}
}
