package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestOptionalEncodesUnsetSetAndNull(t *testing.T) {
	type in struct {
		A Optional[string] `json:"a,omitzero"`
		B Optional[string] `json:"b,omitzero"`
		C Optional[string] `json:"c,omitzero"`
		D Optional[bool]   `json:"d,omitzero"`
		E Optional[string] `json:"e,omitzero"`
	}
	got, err := json.Marshal(in{B: Set("x"), C: Null[string](), D: Set(false), E: Set("")})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"b":"x","c":null,"d":false,"e":""}`; string(got) != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
}

func TestOptionalDecodes(t *testing.T) {
	var v struct {
		A, B, C, D Optional[string]
		E          Optional[bool]
	}
	if err := json.Unmarshal([]byte(`{"A":"x","B":null,"C":42,"E":false}`), &v); err != nil {
		t.Fatal(err)
	}
	if a, ok := v.A.Get(); !ok || a != "x" {
		t.Errorf("A = %q, %v", a, ok)
	}
	if !v.B.IsNull() || v.B.IsSet() || v.B.IsZero() {
		t.Errorf("B = %v, want null", v.B)
	}
	if v.C.Or("") != "42" {
		t.Errorf("C = %v, want the number's text", v.C)
	}
	if !v.D.IsZero() || v.D.Or("none") != "none" {
		t.Errorf("D = %v, want unset", v.D)
	}
	if e, ok := v.E.Get(); !ok || e {
		t.Errorf("E = %v, %v; want Set(false)", e, ok)
	}
	for _, bad := range []string{`{"A":true}`, `{"A":{}}`, `{"E":"yes"}`} {
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("Unmarshal(%s) accepted", bad)
		}
	}
}

func TestOptionalPasswordStaysRedacted(t *testing.T) {
	o := Set(Password("hunter2-secret"))
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("x", "pw", o)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("x", "pw", o)
	printed := fmt.Sprintf("%v %+v %#v %s %q %x", o, o, o, o, o, o) + logs.String()
	if strings.Contains(printed, "hunter2") {
		t.Fatalf("the password leaked: %s", printed)
	}
	if got := fmt.Sprint(Set("ada"), Null[string](), Optional[int]{}); got != "ada null unset" {
		t.Errorf("Sprint = %q", got)
	}
	if b, _ := json.Marshal(o); string(b) != `"hunter2-secret"` {
		t.Errorf("the request body must carry the password, got %s", b)
	}
}

// omitField must agree with the `omitempty,omitzero` tag that the
// generated structs carry, since it stands in for it in the generated
// MarshalJSON of types with additional properties.
func TestOmitFieldAgreesWithTheStructTag(t *testing.T) {
	type probe[T any] struct {
		V T `json:"v,omitempty,omitzero"`
	}
	check := func(name string, v any, tagged []byte) {
		t.Helper()
		if omitted := !bytes.Contains(tagged, []byte(`"v"`)); omitField(v) != omitted {
			t.Errorf("%s: omitField = %v, encoding/json omits: %v (%s)", name, omitField(v), omitted, tagged)
		}
	}
	enc := func(v any) []byte { b, _ := json.Marshal(v); return b }
	for _, s := range []string{"", "x"} {
		check(fmt.Sprintf("string %q", s), s, enc(probe[string]{s}))
	}
	for _, n := range []FlexInt{0, 3} {
		check(fmt.Sprint("FlexInt ", n), n, enc(probe[FlexInt]{n}))
	}
	for _, b := range []FlexBool{false, true} {
		check(fmt.Sprint("FlexBool ", b), b, enc(probe[FlexBool]{b}))
	}
	for _, ts := range []Timestamp{{}, mustTimestamp(t, "Tue, 02 May 2017 15:27:08 +0200")} {
		check("Timestamp "+ts.String(), ts, enc(probe[Timestamp]{ts}))
	}
	for _, l := range [][]Email{nil, {}, {{Value: "a"}}} {
		check(fmt.Sprint("slice ", l), l, enc(probe[[]Email]{l}))
	}
	for _, m := range []map[string]any{nil, {}, {"k": 1}} {
		check(fmt.Sprint("map ", m), m, enc(probe[map[string]any]{m}))
	}
	for _, s := range []IdentityName{{}, {GivenName: "Ada"}} {
		check(fmt.Sprint("struct ", s), s, enc(probe[IdentityName]{s}))
	}
	for _, o := range []Optional[string]{{}, Null[string](), Set("")} {
		check(fmt.Sprint("Optional ", o), o, enc(probe[Optional[string]]{o}))
	}
}

func mustTimestamp(t *testing.T, s string) Timestamp {
	t.Helper()
	ts, err := ParseTimestamp(s)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// A model with additional properties leaves absent fields out, keeps the
// ones given, and sends an additional property given as nil as null: the
// way to remove a profile field in a Replace update.
func TestIdentityEncodesOnlyWhatIsSet(t *testing.T) {
	id := Identity{Gender: "female", Name: IdentityName{GivenName: "Ada"}}
	id.Set("aboutMe", nil)
	got, err := json.Marshal(id)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"aboutMe":null,"gender":"female","name":{"givenName":"Ada"}}`; string(got) != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
	if got, _ := json.Marshal(Identity{}); string(got) != `{}` {
		t.Errorf("zero Identity = %s, want {}", got)
	}
}
