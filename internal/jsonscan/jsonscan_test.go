package jsonscan

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
)

func members(data string) map[string]string {
	got := map[string]string{}
	EachMember([]byte(data), func(k, v []byte) bool {
		got[string(k)] = string(v)
		return true
	})
	return got
}

func TestEachMember(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]string
	}{
		{`{"a":1,"b":"x,}","c":{"d":[1,{"e":"]"}]},"f":null, "g" : true }`,
			map[string]string{"a": "1", "b": `"x,}"`, "c": `{"d":[1,{"e":"]"}]}`, "f": "null", "g": "true"}},
		{` { "k\"q" : "v\\" } `, map[string]string{`k\"q`: `"v\\"`}},
		{`{}`, map[string]string{}},
		{`[1,2]`, map[string]string{}},
		{`"s"`, map[string]string{}},
		{``, map[string]string{}},
	} {
		if got := members(tc.in); !maps.Equal(got, tc.want) {
			t.Errorf("EachMember(%s) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestEachMemberStops(t *testing.T) {
	n := 0
	EachMember([]byte(`{"a":1,"b":2,"c":3}`), func(k, v []byte) bool { n++; return string(k) != "b" })
	if n != 2 {
		t.Fatalf("f called %d times after returning false at the second member, want 2", n)
	}
}

// EachNamed finds what encoding/json would: escaped keys unescaped, the
// last of duplicates, case folded only when asked.
func TestEachNamed(t *testing.T) {
	data := []byte(`{"user":1,"us\u0065r":2,"USER":3,"users":4}`)
	for _, tc := range []struct {
		fold bool
		want []string
	}{
		{false, []string{"1", "2"}},
		{true, []string{"1", "2", "3"}},
	} {
		var got []string
		EachNamed(data, "user", tc.fold, func(v []byte) { got = append(got, string(v)) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("fold %v: %v, want %v", tc.fold, got, tc.want)
		}
	}
	var s struct{ User int }
	if err := json.Unmarshal(data, &s); err != nil || s.User != 3 {
		t.Fatalf("encoding/json keeps %d (%v): the folded case above must end with it", s.User, err)
	}
}

// FuzzEachMember: never a panic on any input, and on a valid object the
// members are the ones encoding/json sees.
func FuzzEachMember(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":"`, `{"a`, `{"a":`, `{"a":{"b":[`, `{"a":1,`, `{"\u0041":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := map[string]json.RawMessage{}
		EachMember(data, func(k, v []byte) bool {
			var key string
			if json.Unmarshal(append(append([]byte{'"'}, k...), '"'), &key) != nil {
				key = string(k)
			}
			got[key] = v
			return true
		})
		var want map[string]json.RawMessage
		if json.Unmarshal(data, &want) != nil || want == nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d members, encoding/json has %d", data, len(got), len(want))
		}
		for k, v := range want {
			if g, ok := got[k]; !ok || !json.Valid(g) || string(compact(t, g)) != string(compact(t, v)) {
				t.Fatalf("%q: member %q = %q, encoding/json has %q", data, k, g, v)
			}
		}
	})
}

func compact(t *testing.T, v []byte) []byte {
	var out []byte
	if b, err := json.Marshal(json.RawMessage(v)); err == nil {
		out = b
	} else {
		t.Fatalf("compacting %q: %v", v, err)
	}
	return out
}
