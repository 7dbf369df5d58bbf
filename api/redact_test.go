package api

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"maps"
	"path/filepath"
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

// Every type of this package that holds a secret (a Password, or a social
// network's access token: AccessToken, ImportAccessToken, ImportIDToken), at
// any depth, declares a LogValue: a new one (a change to openapi.yaml) fails
// here until it gets one in redact_models.go. The client's raw *Response
// types, which keep the answer's bytes, are left out (see redact.go). And
// every type holding a Password has a planted test in withPassword.
func TestEveryModelHoldingASecretLogsRedacted(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]ast.Expr{}
	logValue := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok && !ts.Assign.IsValid() {
						if _, iface := ts.Type.(*ast.InterfaceType); !iface {
							types[ts.Name.Name] = ts.Type
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && d.Name.Name == "LogValue" {
					if id, ok := d.Recv.List[0].Type.(*ast.Ident); ok {
						logValue[id.Name] = true
					}
				}
			}
		}
	}
	// holdsType reports whether e names a type in holds (field names are not
	// types: they are skipped).
	holdsType := func(holds map[string]bool, e ast.Expr) bool {
		found := false
		var look func(n ast.Node) bool
		look = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Field:
				ast.Inspect(n.Type, look)
				return false
			case *ast.Ident:
				found = found || holds[n.Name]
			}
			return !found
		}
		ast.Inspect(e, look)
		return found
	}
	closure := func(roots ...string) map[string]bool {
		holds := map[string]bool{}
		for _, r := range roots {
			holds[r] = true
		}
		for changed := true; changed; {
			changed = false
			for name, e := range types {
				if !holds[name] && holdsType(holds, e) {
					holds[name], changed = true, true
				}
			}
		}
		return holds
	}
	rawResponse := func(name string) bool {
		st, ok := types[name].(*ast.StructType)
		if !ok {
			return false
		}
		for _, f := range st.Fields.List {
			for _, n := range f.Names {
				if n.Name == "HTTPResponse" {
					return true
				}
			}
		}
		return false
	}
	var missing []string
	for name := range closure("Password", "AccessToken", "ImportAccessToken", "ImportIDToken") {
		if !logValue[name] && !rawResponse(name) && ast.IsExported(name) {
			missing = append(missing, name)
		}
	}
	if slices.Sort(missing); len(missing) > 0 {
		t.Errorf("types holding a secret without a LogValue: %v", missing)
	}
	var pw []string
	for name := range closure("Password") {
		if name != "Password" && !rawResponse(name) && ast.IsExported(name) {
			pw = append(pw, name)
		}
	}
	if got, want := slices.Sorted(slices.Values(pw)), slices.Sorted(maps.Keys(withPassword)); !slices.Equal(got, want) {
		t.Errorf("types holding a Password: %v; with a planted test: %v", got, want)
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
