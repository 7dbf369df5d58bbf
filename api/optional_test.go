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

// %v of a model prints values, not addresses.
func TestModelsPrintValues(t *testing.T) {
	u := User{UserToken: "t-1", NumLogins: 64, Identities: UserIdentities{{Provider: "twitter", Name: IdentityName{GivenName: "Ada"}}}}
	got := fmt.Sprintf("%v %+v", u, u)
	for _, want := range []string{"t-1", "64", "twitter", "Ada"} {
		if !strings.Contains(got, want) {
			t.Errorf("%%v of a user lacks %q: %s", want, got)
		}
	}
	if strings.Contains(got, "0x") {
		t.Errorf("%%v of a user prints an address: %s", got)
	}
}
