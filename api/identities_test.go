package api

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestUserIdentitiesDecode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		tokens  []string // identity_token of each identity
		encoded string
	}{
		{"array", `[{"identity_token":"a","provider":"facebook"},{"identity_token":"b"}]`, []string{"a", "b"},
			`[{"identity_token":"a","provider":"facebook"},{"identity_token":"b"}]`},
		{"empty array", `[]`, []string{}, `[]`},
		{"legacy array", `{"identity":[{"identity_token":"a","provider":"twitter"}]}`, []string{"a"},
			`[{"identity_token":"a","provider":"twitter"}]`},
		{"legacy empty array", `{"identity":[]}`, []string{}, `[]`},
		{"legacy single object", `{"identity":{"identity_token":"a","provider":"google"}}`, []string{"a"},
			`[{"identity_token":"a","provider":"google"}]`},
		{"legacy null", `{"identity":null}`, []string{}, `[]`},
		{"empty object", `{}`, []string{}, `[]`},
		{"whitespace", " \n[ {\"identity_token\" : \"a\"} ]\t", []string{"a"}, `[{"identity_token":"a"}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var u UserIdentities
			if err := json.Unmarshal([]byte(tc.in), &u); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if u == nil {
				t.Fatal("decoded slice is nil")
			}
			got := []string{}
			for _, id := range u {
				if id.IdentityToken == "" {
					t.Fatalf("identity without token: %+v", id)
				}
				got = append(got, id.IdentityToken)
			}
			if !reflect.DeepEqual(got, tc.tokens) {
				t.Fatalf("tokens = %q, want %q", got, tc.tokens)
			}
			out, err := json.Marshal(u)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tc.encoded {
				t.Fatalf("Marshal = %s, want %s", out, tc.encoded)
			}
		})
	}
}

func TestUserIdentitiesNull(t *testing.T) {
	tok := "keep"
	u := UserIdentities{{IdentityToken: tok}}
	if err := json.Unmarshal([]byte(`null`), &u); err != nil || len(u) != 1 {
		t.Fatalf("null: %v, %v; want unchanged", u, err)
	}
	var s struct {
		Identities UserIdentities `json:"identities"`
	}
	if err := json.Unmarshal([]byte(`{"identities":null}`), &s); err != nil || s.Identities != nil {
		t.Fatalf("null field: %v, %v", s.Identities, err)
	}
	if out, _ := json.Marshal(s); string(out) != `{"identities":null}` {
		t.Fatalf("nil slice = %s", out)
	}
	if err := json.Unmarshal([]byte(`{"identities":{"identity":{"provider":"x","identity_token":"t"}}}`), &s); err != nil ||
		len(s.Identities) != 1 || s.Identities[0].Provider != "x" {
		t.Fatalf("nested legacy: %+v, %v", s.Identities, err)
	}
}

func TestUserIdentitiesErrors(t *testing.T) {
	bad := []string{
		`"abc"`, `1`, `true`, `""`,
		`[1]`, `["a"]`, `[[]]`, `[{"identity_token":1}]`, `[{"provider":true}]`,
		`{"identity":"a"}`, `{"identity":1}`, `{"identity":true}`, `{"identity":[1]}`, `{"identity":{"identity_token":5}}`,
		`{"identity_token":"a"}`, `{"identity":[],"other":1}`, `{"Identity":[]}`, `{"identities":[]}`,
		`{"a":1,"b":2,"c":3,"d":4,"e":5}`,
		`[{"identity_token":"a"}`, `{"identity":[{"identity_token":"a"}]`, `{"identity":`,
	}
	bad = append(bad, malformedJSON...)
	tok := "keep"
	for _, in := range bad {
		t.Run(in, func(t *testing.T) {
			u := UserIdentities{{IdentityToken: tok}}
			err := u.UnmarshalJSON([]byte(in))
			if err == nil {
				t.Fatalf("UnmarshalJSON(%q) = %+v, want error", in, u)
			}
			if len(u) != 1 || u[0].IdentityToken != tok {
				t.Errorf("value changed on error: %+v", u)
			}
			checkErrorMessage(t, err, "UserIdentities", in)
		})
	}
}

func FuzzUserIdentities(f *testing.F) {
	addSeeds(f, realIdentityLists)
	for _, s := range []string{
		`[]`, `{}`, `null`, `[{"identity_token":"a","provider":"facebook"}]`, `{"identity":[{"identity_token":"a"}]}`,
		`{"identity":{"identity_token":"a"}}`, `{"identity":null}`, `{"identity":1}`, `"x"`, `[{"identity_token":"\u00e9\ud800"}]`,
		`[{"provider":null}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var u UserIdentities
		if err := u.UnmarshalJSON(data); err != nil {
			if u != nil {
				t.Fatalf("value changed on error: %+v", u)
			}
			if !strings.Contains(err.Error(), "UserIdentities") {
				t.Fatalf("error does not name the type: %v", err)
			}
			return
		}
		out, err := json.Marshal(u)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		var back UserIdentities
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("decoding %q → %s: %v", data, out, err)
		}
		// Compare through the canonical encoding: Identity may hold values
		// (times with zone names, sub-second times, free-form maps) whose
		// Go representation legitimately changes on the first round trip.
		if (back == nil) != (u == nil) || len(back) != len(u) {
			t.Fatalf("round trip %q → %s → %d identities, want %d", data, out, len(back), len(u))
		}
		again, err := json.Marshal(back)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("round trip %q → %s → %s, %v", data, out, again, err)
		}
	})
}
