package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Seeds: every form the real API and its documentation have been seen to
// send (../shared/oneall-api.md, sections 1.4, 1.7, 2 and 3), plus the
// neighbouring malformed forms. Each fuzz target starts from these, so that
// the corpus always covers what OneAll actually sends.
var (
	// Counters, page numbers and status codes: numbers and numeric strings
	// ("num_logins":"64" and "current_page":"1" in real answers).
	realInts = []string{`148`, `"64"`, `"8"`, `"1"`, `12`, `500`, `250`, `63512`, `127`, `0`, `200`, `207`, `401`,
		`"200"`, `64.0`, `6.4e1`, `"064"`, `" 64"`, `"1.5"`, `1.5`, `-1`, `""`, `null`, `true`}
	// is_verified, has_been_used, read_from_cache: booleans and the strings
	// "true"/"false" (`"is_verified":"true"` in the U3 example).
	realBools = []string{`true`, `false`, `"true"`, `"false"`, `"TRUE"`, `"False"`, `"yes"`, `"1"`, `1`, `0`, `""`,
		`null`, `"t"`, `"true "`, `"tru\u0065"`}
	// externalid and accounts[].userid: strings and numbers (45673,
	// 100000002, 1000154211 in the storage examples).
	realStrings = []string{`"extid1"`, `1000154211`, `45673`, `100000002`, `"100000001"`, `"john.doe"`,
		`"john@.doe@example.com"`, `1.5e3`, `-0`, `0.10`, `""`, `null`, `true`, `{}`, `[]`, `"\u00e9\ud800"`}
	// Dates: RFC 1123 with a numeric zone, the documentation's lost "+",
	// one-digit days, and a value the documentation cut short.
	realDates = []string{`"Mon, 06 Oct 2014 11:05:21 +0200"`, `"Mon, 06 Oct 2014 10:26:44  0200"`,
		`"Thu, 25 Aug 2011 17:04:03 +0200"`, `"Tue, 1 Sep 2011 11:01:12 +0200"`, `"Wed, 14 Jan 2011 12:13:00 +0200"`,
		`"Thu, 29 Oct 2015 16:11:57 +0100"`, `"Tue, 06 Jun 2017 14:41:57 +0200"`, `"Wed, 07 Jun 2017 14:4"`,
		`"Thu, 06 Sep 2012 09:35:00 +0200"`, `"14 Jan 2020 12:13"`, `""`, `null`, `0`}
	// Passwords as the storage examples send them.
	realPasswords = []string{`"12345678"`, `"iaaU3WA6kFlR"`, `""`, `null`, `"\u0000"`, `"[REDACTED]"`, `1`, `{}`,
		`"p\"w"`, `"\ud800"`}
	// user.identities: the current array, the 2011 {"identity": [...]}
	// wrapper, and the single-identity wrapper.
	realIdentityLists = []string{
		`[{"identity_token":"34d2fe86-0000-4000-8000-000000000001","provider":"facebook"},` +
			`{"identity_token":"1232fe86-0000-4000-8000-000000000002","provider":"twitter"}]`,
		`{"identity":[{"identity_token":"cd3bd13b-0000-4000-8000-000000000003","provider":"twitter",` +
			`"id":"http://twitter.com/ExampleUser","displayName":"Firstname Lastname","name":{"formatted":"Firstname Lastname"},` +
			`"gender":"male","utcOffset":"2:00"},{"identity_token":"3ab5257b-0000-4000-8000-000000000004","provider":"facebook",` +
			`"birthday":"01/01/1980","emails":[{"value":"email@example.com","is_verified":"true"}]}]}`,
		`{"identity":{"identity_token":"cd3bd13b-0000-4000-8000-000000000003","provider":"twitter"}}`,
		`{}`, `[]`, `{"identity":null}`, `{"identity":[],"count":1}`,
	}
)

// realDocuments are whole objects from the documentation's examples, with
// every drifting form at once.
var realDocuments = []string{
	// A full identity (section 3), numbers as strings where OneAll sent them.
	`{"user_token":"15ad071c-6a64-4ce1-a9df-72f506161636","identity_token":"1b93e09a-4cd3-4c5c-9081-2cb1eaa53573",` +
		`"provider":"facebook","id":"http://www.facebook.com/profile.php?id=1234567890",` +
		`"source":{"name":"Facebook","key":"facebook","access_token":{"key":"zgv7iJkW","secret":"T0OzJdw"}},` +
		`"name":{"formatted":"John Doe","givenName":"John","familyName":"Doe","nickName":"jd"},` +
		`"preferredUsername":"johndoe","displayName":"John Doe","birthday":"01/01/1980","gender":"male","utcOffset":"2:00",` +
		`"emails":[{"value":"email@example.com","is_verified":"true"},{"value":"b@example.com","is_verified":true}],` +
		`"urls":[{"value":"http://example.com","type":"personal"}],` +
		`"accounts":[{"domain":"facebook.com","userid":1234567890,"username":"john"},{"domain":"wp","userid":"42"}],` +
		`"photos":[{"value":"http://x/p.jpg","size":"original"},{"value":"http://x/t.jpg","type":"thumbnail"}],` +
		`"addresses":[{"type":"billing","formatted":"1 Main St","streetAddress":"1 Main St","locality":"Town","postalCode":"12345","code":"DE","companyName":"ACME"}],` +
		`"languages":[{"value":"English","proficiency":"native"}],"roles":[{"value":"admin"}],` +
		`"relationship":{"status":"single","interested_in":"friends"},"customData":{"k1":"v1","k2":["a","b"],"k3":{"x":"y"},"n":12345678901234567890},` +
		`"date_creation":"Tue, 02 May 2017 15:27:08  0200","date_last_update":"Tue, 1 Sep 2011 11:01:12 +0200"}`,
	// U3 read user (2011 shape).
	`{"user_token":"2cec711d-ca14-4472-98c8-ca74432bc2d3","date_creation":"Tue, 1 Sep 2011 11:01:12 +0200",` +
		`"date_last_login":"Tue, 13 Sep 2011 01:05:07 +0200","num_logins":"64","identities":` + realIdentityLists[1] + `}`,
	// U1 list entry.
	`{"user_token":"247db8ab-0af5-4a01-8dd1-a9454d76c23e","date_creation":"Wed, 14 Jan 2011 12:13:00 +0200",` +
		`"date_last_login":"Wed, 24 Aug 2011 17:23:00 +0200","num_logins":148,"identities":` + realIdentityLists[0] + `}`,
	// S4 storage lookup.
	`{"user_token":"2eaf5d01-8244-44b9-878d-9e83073c45e0","externalid":1000154211,"login":"john@.doe@example.com",` +
		`"date_creation":"Thu, 29 Oct 2015 16:11:57 +0100","date_last_update":"Thu, 29 Oct 2015 16:11:57 +0100",` +
		`"num_logins":12,"identity":{"identity_token":"a","provider":"storage"}}`,
	`{}`, `null`, `[]`, `{"num_logins":"x"}`, `{"identities":{"identity":1}}`,
}

func addSeeds(f *testing.F, seeds ...[]string) {
	for _, list := range seeds {
		for _, s := range list {
			f.Add([]byte(s))
		}
	}
	for _, s := range malformedJSON {
		f.Add([]byte(s))
	}
}

func FuzzFlexBool(f *testing.F) {
	addSeeds(f, realBools, realInts)
	f.Fuzz(func(t *testing.T, data []byte) {
		v := FlexBool(true)
		err := v.UnmarshalJSON(data)
		if err != nil {
			if !v {
				t.Fatalf("value changed on error")
			}
			if !strings.Contains(err.Error(), "FlexBool") {
				t.Fatalf("error does not name the type: %v", err)
			}
		}
		if json.Valid(data) { // through encoding/json: the same outcome
			w := FlexBool(true)
			if err2 := json.Unmarshal(data, &w); (err2 == nil) != (err == nil) || w != v {
				t.Fatalf("json.Unmarshal(%q) = %v, %v; the method gave %v, %v", data, w, err2, v, err)
			}
		}
		if err != nil {
			return
		}
		out, err := json.Marshal(v)
		if err != nil || (string(out) != "true" && string(out) != "false") {
			t.Fatalf("Marshal(%v) = %s, %v", v, out, err)
		}
		back := !v
		if err := json.Unmarshal(out, &back); err != nil || back != v {
			t.Fatalf("round trip of %q: %s → %v, %v", data, out, back, err)
		}
	})
}

func FuzzFlexString(f *testing.F) {
	addSeeds(f, realStrings, realInts)
	f.Fuzz(func(t *testing.T, data []byte) {
		v := FlexString("keep")
		err := v.UnmarshalJSON(data)
		if err != nil {
			if v != "keep" {
				t.Fatalf("value changed on error: %q", v)
			}
			if !strings.Contains(err.Error(), "FlexString") || len(err.Error()) > 300 {
				t.Fatalf("bad error: %v", err)
			}
		}
		if json.Valid(data) {
			w := FlexString("keep")
			if err2 := json.Unmarshal(data, &w); (err2 == nil) != (err == nil) || w != v {
				t.Fatalf("json.Unmarshal(%q) = %q, %v; the method gave %q, %v", data, w, err2, v, err)
			}
		}
		if err != nil {
			return
		}
		out, err := json.Marshal(v)
		if err != nil || out[0] != '"' {
			t.Fatalf("Marshal(%q) = %s, %v", v, out, err)
		}
		var back FlexString
		if err := json.Unmarshal(out, &back); err != nil || back != v {
			t.Fatalf("round trip of %q: %s → %q, %v; want %q", data, out, back, err, v)
		}
	})
}

// The only errors a Password decoder may give: none quotes the input.
var passwordErrors = map[string]bool{
	"api: cannot decode Password: invalid JSON":                               true,
	"api: cannot decode Password: malformed JSON string":                      true,
	"api: cannot decode Password: expected a JSON string, got a JSON number":  true,
	"api: cannot decode Password: expected a JSON string, got a JSON boolean": true,
	"api: cannot decode Password: expected a JSON string, got a JSON object":  true,
	"api: cannot decode Password: expected a JSON string, got a JSON array":   true,
}

func FuzzPassword(f *testing.F) {
	addSeeds(f, realPasswords)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Password("keep")
		if err := p.UnmarshalJSON(data); err != nil {
			if p != "keep" {
				t.Fatal("value changed on error")
			}
			if !passwordErrors[err.Error()] {
				t.Fatalf("unexpected error text (it must never depend on the input): %q", err)
			}
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		var back Password
		if err := json.Unmarshal(out, &back); err != nil || back != p {
			t.Fatalf("round trip of %q changed the password (%v)", data, err)
		}
		// Every rendering but the wire is independent of the secret.
		if got, want := renderings(p), renderings(Password("other")); got != want {
			t.Fatalf("a rendering depends on the password:\n%s\nwant\n%s", got, want)
		}
	})
}

// renderings prints p in every way a program might log it, except the wire.
func renderings(p Password) string {
	var out bytes.Buffer
	noTime := &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}
	slog.New(slog.NewTextHandler(&out, noTime)).Info("m", "pw", p)
	slog.New(slog.NewJSONHandler(&out, noTime)).Info("m", "pw", p)
	fmt.Fprint(&out, p, &p, []Password{p}, map[string]Password{"k": p})
	fmt.Fprintf(&out, "%v %+v %#v %s %q %x %X %d %10.3s", p, p, p, p, p, p, p, p, p)
	out.WriteString(p.String() + p.GoString())
	return out.String()
}

// FuzzDocuments decodes whole identities and users, as they come inside
// OneAll's answers: every input decodes or is an error, and what decodes
// encodes to a canonical form that is stable from then on.
func FuzzDocuments(f *testing.F) {
	addSeeds(f, realDocuments)
	f.Fuzz(func(t *testing.T, data []byte) {
		canonicalIsStable[Identity](t, data)
		canonicalIsStable[User](t, data)
		canonicalIsStable[StorageUser](t, data)
	})
}

// canonicalIsStable decodes data into a T and checks that its encoding
// decodes and encodes to itself. (The first encoding may differ from data:
// drift forms become canonical, numbers in free-form data become floats.)
func canonicalIsStable[T any](t *testing.T, data []byte) {
	t.Helper()
	var v T
	if json.Unmarshal(data, &v) != nil {
		return
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%T decoded %q but does not encode: %v", v, data, err)
	}
	var back T
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("%T: %q → %s does not decode: %v", v, data, out, err)
	}
	again, err := json.Marshal(back)
	if err != nil || !bytes.Equal(again, out) {
		t.Fatalf("%T: %q → %s → %s, %v", v, data, out, again, err)
	}
}

// FuzzFastPaths checks every fast path against the general code: a leading
// space is JSON white space, which no fast path accepts, so the same input
// with one goes the general way and must decode to the same value (or fail
// too).
func FuzzFastPaths(f *testing.F) {
	addSeeds(f, realInts, realBools, realStrings, realDates, realPasswords,
		[]string{`"-"`, `-0`, `"-0"`, `01`, `"01"`, `123456789012345678`, `"1234567890123456789"`, `"\u0031"`, "\"\x7f\"", `"a\tb"`})
	f.Fuzz(func(t *testing.T, data []byte) {
		slow := append([]byte(" "), data...)
		same := func(name string, fast, general error, eq bool) {
			if (fast == nil) != (general == nil) || (fast == nil && !eq) {
				t.Fatalf("%s: %q decodes differently on the fast path (%v) and the general one (%v)", name, data, fast, general)
			}
		}
		var i1, i2 FlexInt
		e1, e2 := i1.UnmarshalJSON(data), i2.UnmarshalJSON(slow)
		same("FlexInt", e1, e2, i1 == i2)
		var b1, b2 FlexBool
		e1, e2 = b1.UnmarshalJSON(data), b2.UnmarshalJSON(slow)
		same("FlexBool", e1, e2, b1 == b2)
		var s1, s2 FlexString
		e1, e2 = s1.UnmarshalJSON(data), s2.UnmarshalJSON(slow)
		same("FlexString", e1, e2, s1 == s2)
		var p1, p2 Password
		e1, e2 = p1.UnmarshalJSON(data), p2.UnmarshalJSON(slow)
		same("Password", e1, e2, p1 == p2)
		var t1, t2 Timestamp
		e1, e2 = t1.UnmarshalJSON(data), t2.UnmarshalJSON(slow)
		_, o1 := t1.Zone()
		_, o2 := t2.Zone()
		same("Timestamp", e1, e2, t1.Equal(t2.Time) && o1 == o2 && t1.String() == t2.String())
	})
}
