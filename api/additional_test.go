package api

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// model is shaped like a generated model with additionalProperties.
type model struct {
	Name                 *string                `json:"name,omitempty"`
	Count                *FlexInt               `json:"count,omitempty"`
	Nested               *model                 `json:"nested,omitempty"`
	List                 []model                `json:"list,omitempty"`
	AdditionalProperties map[string]interface{} `json:"-"`
}

var modelFields = newFieldSet("name", "count", "nested", "list")

func (a *model) UnmarshalJSON(b []byte) error {
	type plain model
	return unmarshalAdditional(b, (*plain)(a), modelFields, &a.AdditionalProperties)
}

func (a model) MarshalJSON() ([]byte, error) {
	type plain model
	return marshalAdditional((*plain)(&a), a.AdditionalProperties)
}

func TestAdditionalPropertiesDecodeAndEncode(t *testing.T) {
	in := ` { "name" : "a\"}b", "zeta": {"x":[1,"]",{"y":null}]}, "count":"7", "\u0061lpha":true, "nested":{"name":"n","more":[]},` +
		`"list":[{"count":1,"k":"v"}], "nul":null, "num":-1.5e3 } `
	var m model
	if err := json.Unmarshal([]byte(in), &m); err != nil {
		t.Fatal(err)
	}
	if *m.Name != `a"}b` || *m.Count != 7 || *m.Nested.Name != "n" || *m.List[0].Count != 1 {
		t.Errorf("fields: %+v", m)
	}
	wantExtra := map[string]interface{}{"zeta": map[string]interface{}{"x": []interface{}{1.0, "]", map[string]interface{}{"y": nil}}},
		"alpha": true, "nul": nil, "num": -1500.0}
	if !reflect.DeepEqual(m.AdditionalProperties, wantExtra) {
		t.Errorf("extra = %#v\nwant %#v", m.AdditionalProperties, wantExtra)
	}
	if !reflect.DeepEqual(m.Nested.AdditionalProperties, map[string]interface{}{"more": []interface{}{}}) {
		t.Errorf("nested extra = %#v", m.Nested.AdditionalProperties)
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"alpha":true,"count":7,"list":[{"count":1,"k":"v"}],"name":"a\"}b","nested":{"more":[],"name":"n"},` +
		`"nul":null,"num":-1500,"zeta":{"x":[1,"]",{"y":null}]}}`
	if string(out) != want {
		t.Errorf("encoded\n%s\nwant\n%s", out, want)
	}
}

func TestAdditionalPropertiesEdgeCases(t *testing.T) {
	var m model
	m.AdditionalProperties = map[string]interface{}{"keep": 1.0}
	for _, in := range []string{`null`, `{}`, `{"name":"x"}`, `{"NAME":"y"}`} {
		if err := json.Unmarshal([]byte(in), &m); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
	}
	// No unknown member: the extras are left as they were; a key that
	// encoding/json matches to a field case-insensitively is that field.
	if *m.Name != "y" || !reflect.DeepEqual(m.AdditionalProperties, map[string]interface{}{"keep": 1.0}) {
		t.Errorf("got %+v", m)
	}
	for _, in := range []string{`[]`, `1`, `"x"`, `{"count":"x"}`, `{"name":1}`, `{`, `{"a":}`} {
		var m model
		if err := json.Unmarshal([]byte(in), &m); err == nil {
			t.Errorf("%s decoded", in)
		}
		if err := m.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("UnmarshalJSON(%s) succeeded", in)
		}
	}
	// An extra member named like a field replaces it (nil sends null).
	n := "field"
	out, err := json.Marshal(model{Name: &n, AdditionalProperties: map[string]interface{}{"name": nil, "b": 2}})
	if err != nil || string(out) != `{"b":2,"name":null}` {
		t.Errorf("encoded %s, %v", out, err)
	}
	out, err = json.Marshal(model{AdditionalProperties: map[string]interface{}{"b": 2, "a": 1}})
	if err != nil || string(out) != `{"a":1,"b":2}` {
		t.Errorf("encoded %s, %v", out, err)
	}
}

// FuzzAdditionalProperties checks the hand-written member scanner against
// encoding/json: the members it finds are exactly the ones encoding/json
// sees, and what decodes encodes to a form that is stable.
func FuzzAdditionalProperties(f *testing.F) {
	addSeeds(f, realDocuments, []string{`{"name":"a","x":{"y":["\"",{}]},"count":"1"}`, ` {"\u006eame":1 , "k\"":[] } `,
		`{"nested":{"nested":{"z":1}},"list":[{"q":"\\"}]}`, `{"Name":"x","NAME":"y"}`, `{"":0}`})
	f.Fuzz(func(t *testing.T, data []byte) {
		var m model
		err := m.UnmarshalJSON(data)
		var ref map[string]json.RawMessage
		refErr := json.Unmarshal(data, &ref)
		if err != nil {
			return
		}
		if refErr == nil {
			want := map[string]interface{}{}
			for k, raw := range ref {
				if modelFields.has([]byte(k)) {
					continue
				}
				var v interface{}
				if err := json.Unmarshal(raw, &v); err != nil {
					t.Fatalf("reference: %v", err)
				}
				want[k] = v
			}
			got := m.AdditionalProperties
			if got == nil {
				got = map[string]interface{}{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: extra members %#v, encoding/json sees %#v", data, got, want)
			}
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("%q decoded but does not encode: %v", data, err)
		}
		var back model
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q → %s: %v", data, out, err)
		}
		again, err := json.Marshal(back)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("%q → %s → %s, %v", data, out, again, err)
		}
	})
}
