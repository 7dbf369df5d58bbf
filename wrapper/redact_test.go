package wrapper

import (
	"bytes"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
)

// holdsSecret reports whether t holds, at any depth, one of api's secret
// types (a Password, a social access token).
func holdsSecret(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Named:
		if o := t.Obj(); o.Pkg() != nil && o.Pkg().Path() == "github.com/oneall-go/oneall-go/api" {
			switch o.Name() {
			case "Password", "AccessToken", "ImportAccessToken", "ImportIDToken":
				return true
			}
		}
		return holdsSecret(t.Underlying(), seen)
	case *types.Pointer:
		return holdsSecret(t.Elem(), seen)
	case *types.Slice:
		return holdsSecret(t.Elem(), seen)
	case *types.Array:
		return holdsSecret(t.Elem(), seen)
	case *types.Map:
		return holdsSecret(t.Key(), seen) || holdsSecret(t.Elem(), seen)
	case *types.Struct:
		for i := range t.NumFields() {
			if holdsSecret(t.Field(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// Every exported type of wrapper and login that holds an identity (so an
// access token) or a password logs redacted in slog, as a value and as a
// pointer: a new one fails here until it gets a LogValue.
func TestEveryTypeHoldingASecretIsALogValuer(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks wrapper and login from source")
	}
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	for _, path := range []string{"github.com/oneall-go/oneall-go/wrapper", "github.com/oneall-go/oneall-go/login"} {
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range pkg.Scope().Names() {
			tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
			if !ok || !tn.Exported() || tn.IsAlias() {
				continue
			}
			if !holdsSecret(tn.Type(), map[types.Type]bool{}) {
				continue
			}
			if _, iface := tn.Type().Underlying().(*types.Interface); iface {
				continue
			}
			ms := types.NewMethodSet(tn.Type()) // the value's methods
			if ms.Lookup(tn.Pkg(), "LogValue") == nil && ms.Lookup(nil, "LogValue") == nil {
				t.Errorf("%s.%s holds a secret and has no LogValue (on its value)", pkg.Name(), name)
			}
		}
	}
}

// The wrapper's results that hold an identity never log its access token,
// as a value or a pointer, with the JSON or the text handler; fmt prints it
// redacted too (api's AccessToken formats itself so).
func TestResultsLogAccessTokensRedacted(t *testing.T) {
	const planted = "PLANTED-tok-31d9"
	id := api.Identity{IdentityToken: "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573", DisplayName: "Ada"}
	id.Source.AccessToken = api.AccessToken{Key: planted, Secret: planted}
	var cd api.ConnectionData
	cd.User.Identity = id
	values := map[string]any{
		"Page":         Page[api.Identity]{Entries: []api.Identity{id}},
		"SyncResult":   SyncResult{User: api.StorageUser{Identity: id}},
		"ImportResult": ImportResult{User: api.User{Identity: id}},
		"Connection":   *newConnection("c", &cd),
	}
	for name, v := range values {
		ptr := reflect.New(reflect.TypeOf(v))
		ptr.Elem().Set(reflect.ValueOf(v))
		var out bytes.Buffer
		for _, h := range []slog.Handler{slog.NewJSONHandler(&out, nil), slog.NewTextHandler(&out, nil)} {
			slog.New(h).Info("value", "v", v, "p", ptr.Interface())
		}
		fmt.Fprintf(&out, "%v %+v %#v\n", v, v, v)
		if strings.Contains(out.String(), planted) {
			t.Errorf("%s: printed as\n%s", name, out.String())
		}
	}
}
