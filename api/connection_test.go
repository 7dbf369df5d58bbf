package api

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestConnectionPluginForms(t *testing.T) {
	tests := []struct {
		name, in, key, data string // data: Data encoded, "" when empty
	}{
		{"string (2011)", `"social_link"`, "social_link", ""},
		{"object (2012)", `{"key":"social_login","data":{"action":"login","operation":"user_profile_read","reason":"user_authenticated","status":"success"}}`,
			"social_login", `{"action":"login","operation":"user_profile_read","reason":"user_authenticated","status":"success"}`},
		{"old failure", `{"name":"social_link"}`, "social_link", ""},
		{"unknown members kept", `{"key":"single_sign_on","version":2,"data":{"status":"error","extra":[1]}}`, "single_sign_on", `{"extra":[1],"status":"error"}`},
		{"key and name", `{"key":"social_login","name":"old"}`, "social_login", ""},
		{"empty object", `{}`, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p ConnectionPlugin
			if err := json.Unmarshal([]byte(tc.in), &p); err != nil {
				t.Fatal(err)
			}
			if p.Key != tc.key {
				t.Errorf("Key = %q, want %q", p.Key, tc.key)
			}
			data := ""
			if !p.dataIsZero() {
				b, err := json.Marshal(p.Data)
				if err != nil {
					t.Fatal(err)
				}
				data = string(b)
			}
			if data != tc.data {
				t.Errorf("Data = %s, want %s", data, tc.data)
			}
			out, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			if !jsonSame(t, out, []byte(tc.in)) {
				t.Errorf("re-encoded as %s, want the form it came in: %s", out, tc.in)
			}
		})
	}
}

func TestConnectionPluginBuiltInGo(t *testing.T) {
	p := ConnectionPlugin{Key: "social_login"}
	if out, _ := json.Marshal(p); string(out) != `{"key":"social_login"}` {
		t.Errorf("encoded as %s", out)
	}
	if p.IsZero() || !(ConnectionPlugin{}).IsZero() {
		t.Error("IsZero is wrong")
	}
	// A string form that gained data can no longer be a string.
	var s ConnectionPlugin
	if err := json.Unmarshal([]byte(`"social_link"`), &s); err != nil {
		t.Fatal(err)
	}
	s.AdditionalProperties = map[string]any{"x": 1.0}
	if out, _ := json.Marshal(s); string(out) != `{"key":"social_link","x":1}` {
		t.Errorf("encoded as %s", out)
	}
}

func TestConnectionPluginInStruct(t *testing.T) {
	in := `{"action":"authenticate_user","plugin":"social_link","connection":{"connection_token":"t","plugin":{"name":"social_link"}}}`
	var d ConnectionData
	if err := json.Unmarshal([]byte(in), &d); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if !jsonSame(t, out, []byte(in)) {
		t.Errorf("%s re-encoded as %s", in, out)
	}
}

func TestConnectionPluginErrors(t *testing.T) {
	for _, in := range []string{`1`, `true`, `[]`, `{"key":1}`, `{"data":"x"}`, `{"name":[]}`, `not json`, ``, `"a" "b"`} {
		t.Run(in, func(t *testing.T) {
			p := ConnectionPlugin{Key: "kept"}
			err := p.UnmarshalJSON([]byte(in))
			if err == nil {
				t.Fatalf("%s decoded as %+v", in, p)
			}
			if p.Key != "kept" {
				t.Errorf("value changed on error: %+v", p)
			}
			checkErrorMessage(t, err, "ConnectionPlugin", in)
		})
	}
	p := ConnectionPlugin{Key: "kept"}
	if err := p.UnmarshalJSON([]byte(`null`)); err != nil || p.Key != "kept" {
		t.Errorf("null: %v, %+v", err, p)
	}
}

func FuzzConnectionPlugin(f *testing.F) {
	for _, s := range []string{`"social_link"`, `{"key":"social_login","data":{"action":"login"}}`, `{"name":"x"}`, `null`, `{}`, `{"data":null}`, `[1]`, `{"key":"a","z":{"y":[null]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p ConnectionPlugin
		if err := p.UnmarshalJSON(data); err != nil {
			if !strings.Contains(err.Error(), "ConnectionPlugin") {
				t.Fatalf("error does not name the type: %v", err)
			}
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		var back ConnectionPlugin
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("decoding %q → %s: %v", data, out, err)
		}
		again, err := json.Marshal(back)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("round trip %q → %s → %s, %v", data, out, again, err)
		}
	})
}

func jsonSame(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}
