package api

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// withPassword builds every model that holds a Password, with pw planted in
// it at its depth.
var withPassword = map[string]func(pw Password) any{
	"StorageUserInput": func(pw Password) any {
		return StorageUserInput{Login: Set("ada"), Password: pw, Identity: Identity{DisplayName: "Ada"}}
	},
	"StorageLookup": func(pw Password) any { return StorageLookup{Login: "ada", Password: pw} },
	"CreateStorageUserBody": func(pw Password) any {
		var b CreateStorageUserBody
		b.Request.User = StorageUserInput{Login: Set("ada"), Password: pw}
		return b
	},
	"UpdateStorageUserBody": func(pw Password) any {
		var b UpdateStorageUserBody
		b.Request.UpdateMode = "replace"
		b.Request.User = StorageUserInput{Login: Set("ada"), Password: pw}
		return b
	},
	"SynchronizeStorageUserBody": func(pw Password) any {
		var b SynchronizeStorageUserBody
		b.Request.Synchronize.Identifier = StorageIdentifier{Field: "login", Value: "ada"}
		b.Request.Synchronize.User = StorageUserInput{Login: Set("ada"), Password: pw}
		return b
	},
	"LookupStorageUserBody": func(pw Password) any {
		var b LookupStorageUserBody
		b.Request.User = StorageLookup{Login: "ada", Password: pw}
		return b
	},
}

// Every generated struct that holds a Password, at any depth, is in
// withPassword: a new one (a change to openapi.yaml) fails here until it
// gets a LogValue. (Aliases such as CreateStorageUserJSONRequestBody share
// their type's methods.)
func TestEveryModelHoldingAPasswordIsListed(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "api.gen.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	structs := map[string]ast.Expr{}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				if st, ok := ts.Type.(*ast.StructType); ok && !ts.Assign.IsValid() {
					structs[ts.Name.Name] = st
				}
			}
		}
	}
	holds := map[string]bool{"Password": true}
	mentions := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && holds[id.Name] {
				found = true
			}
			return !found
		})
		return found
	}
	for changed := true; changed; {
		changed = false
		for name, e := range structs {
			if !holds[name] && mentions(e) {
				holds[name], changed = true, true
			}
		}
	}
	delete(holds, "Password")
	got, want := slices.Sorted(maps.Keys(holds)), slices.Sorted(maps.Keys(withPassword))
	if !slices.Equal(got, want) {
		t.Errorf("types holding a Password: %v; listed (with a LogValue): %v", got, want)
	}
}

// A password planted in any of these models never shows in slog's JSON or
// text output, as a value, a pointer or inside a group, while the wire
// encoding still carries it.
func TestPasswordsAreRedactedInSlogAtAnyDepth(t *testing.T) {
	const planted = "PLANTED-pw-8c1f"
	for name, build := range withPassword {
		v := build(Password(planted))
		if _, ok := v.(slog.LogValuer); !ok {
			t.Errorf("%s does not implement slog.LogValuer", name)
			continue
		}
		wire, err := json.Marshal(v)
		if err != nil || !bytes.Contains(wire, []byte(`"password":"`+planted+`"`)) {
			t.Errorf("%s: the wire encoding lost the password: %s, %v", name, wire, err)
		}
		var out bytes.Buffer
		for _, h := range []slog.Handler{slog.NewJSONHandler(&out, nil), slog.NewTextHandler(&out, nil)} {
			l := slog.New(h)
			l.Info("value", "v", v)
			ptr := reflect.New(reflect.TypeOf(v))
			ptr.Elem().Set(reflect.ValueOf(v))
			l.Info("pointer", slog.Any("p", ptr.Interface()))
			l.Info("group", slog.Group("g", slog.Any("v", v)))
			l.With("w", v).Info("with")
		}
		if strings.Contains(out.String(), planted) || strings.Count(out.String(), "[REDACTED]") != 8 || !strings.Contains(out.String(), "ada") {
			t.Errorf("%s: logged as\n%s", name, out.String())
		}
		// An empty password stays out of the log, as it stays off the wire.
		out.Reset()
		slog.New(slog.NewJSONHandler(&out, nil)).Info("empty", "v", build(""))
		if strings.Contains(out.String(), "password") {
			t.Errorf("%s: an empty password logged as %s", name, out.String())
		}
	}
}
