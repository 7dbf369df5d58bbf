package oneall_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const modulePath = "github.com/oneall-go/oneall-go"

// layers places every package of the module, by its path in the module, on
// a layer: a package imports only packages of lower layers, so that the
// arrows point down. The first matching prefix wins; "" is the module's
// root package. A package that matches none fails TestLayers, which then
// asks for a place.
var layers = []struct {
	prefix string // a package path in the module, or a folder ending in "/"
	layer  int
	name   string
}{
	// The import engine and whatever else only the CLI (and the benchmarks
	// of it) use: above the SDK, below the programs.
	{"internal/cli/", 4, "the CLI's engines"},
	// Ground: small helpers of the standard library's kind (jsonscan,
	// precise, ...) and the generators' own code. They import no package of
	// the SDK, so that api and wrapper can import them.
	{"internal/", 0, "ground"},
	{"api", 1, "the generated client"},
	{"wrapper", 2, "the SDK"},
	// login, callbacks and onealltest build on wrapper, side by side: none
	// imports another.
	{"login", 3, "beside the SDK"},
	{"callbacks", 3, "beside the SDK"},
	{"onealltest", 3, "beside the SDK"},
	// Programs and their tests: nothing imports them.
	{"cmd/", 5, "programs"},
	{"examples/", 5, "programs"},
	{"bench", 5, "programs"},
	// The module's root: go:generate directives and the embedded spec
	// (oneall.OpenAPI, which `oneall verify` reads); it imports nothing.
	{"", 0, "ground"},
}

// layerOf returns the layer of the package at rel (its path in the module).
func layerOf(rel string) (int, string, bool) {
	for _, l := range layers {
		if rel == l.prefix || (strings.HasSuffix(l.prefix, "/") && strings.HasPrefix(rel, l.prefix)) ||
			(l.prefix != "" && strings.HasPrefix(rel, l.prefix+"/")) {
			return l.layer, l.name, true
		}
	}
	return 0, "", false
}

// wrongArrows returns, for each package (by its path in the module) and the
// module's packages its non-test files import, every import that does not
// point down, and every package with no layer.
func wrongArrows(imports map[string][]string) []string {
	var bad []string
	for pkg, imps := range imports {
		from, fromName, ok := layerOf(pkg)
		if !ok {
			bad = append(bad, "package "+strconv.Quote(pkg)+" has no layer: add it to layers in layers_test.go")
			continue
		}
		for _, imp := range imps {
			to, toName, ok := layerOf(imp)
			if ok && to < from {
				continue
			}
			bad = append(bad, "package "+strconv.Quote(pkg)+" ("+fromName+", layer "+strconv.Itoa(from)+") imports "+
				strconv.Quote(imp)+" ("+toName+", layer "+strconv.Itoa(to)+"): a package imports only lower layers")
		}
	}
	sort.Strings(bad)
	return slices.Compact(bad) // one line per arrow, however many files draw it
}

// walkModuleFiles calls fn with the path of every file of the module, from
// its root, skipping what the go command skips (directories named with a
// leading "." or "_", testdata, vendor) and other modules.
func walkModuleFiles(fn func(path string) error) error {
	return filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return fn(p)
		}
		name := d.Name()
		if p != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor") {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(p, "go.mod")); p != "." && err == nil {
			return filepath.SkipDir // another module
		}
		return nil
	})
}

// moduleImports reads the imports of every non-test Go file under the
// module's root, whatever its build constraints, and keeps those of the
// module's own packages, by their path in the module.
func moduleImports(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	imports := map[string][]string{}
	err := walkModuleFiles(func(p string) error {
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(p))
		if pkg == "." {
			pkg = ""
		}
		if _, ok := imports[pkg]; !ok {
			imports[pkg] = nil
		}
		for _, is := range f.Imports {
			ip, _ := strconv.Unquote(is.Path.Value)
			switch {
			case ip == modulePath:
				imports[pkg] = append(imports[pkg], "")
			case strings.HasPrefix(ip, modulePath+"/"):
				imports[pkg] = append(imports[pkg], strings.TrimPrefix(ip, modulePath+"/"))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return imports
}

// TestLayers checks that every import between the module's packages points
// down the layers above.
func TestLayers(t *testing.T) {
	imports := moduleImports(t)
	for _, want := range []string{"api", "wrapper", "login", "onealltest", "internal/jsonscan", "cmd/oneall"} {
		if _, ok := imports[want]; !ok {
			t.Fatalf("package %q not found: the walk missed the module's packages (%d found)", want, len(imports))
		}
	}
	for _, b := range wrongArrows(imports) {
		t.Error(b)
	}
}

// TestLayersRefuse makes sure the check fails on the arrows it exists to
// refuse.
func TestLayersRefuse(t *testing.T) {
	for _, tc := range []struct{ pkg, imp string }{
		{"internal/jsonscan", "wrapper"},
		{"internal/precise", "internal/cli/bulkimport"},
		{"api", "wrapper"},
		{"wrapper", "onealltest"},
		{"wrapper", "login"},
		{"wrapper", "cmd/oneall"},
		{"login", "onealltest"},
		{"onealltest", "login"},
		{"internal/cli/bulkimport", "cmd/oneall"},
		{"api", "api"}, // a layer does not import itself
	} {
		if bad := wrongArrows(map[string][]string{tc.pkg: {tc.imp}}); len(bad) != 1 {
			t.Errorf("%s importing %s: got %q, want one wrong arrow", tc.pkg, tc.imp, bad)
		}
	}
	if bad := wrongArrows(map[string][]string{"wrapper": {"api", "internal/jsonscan"}, "cmd/oneall": {"internal/cli/bulkimport", "wrapper"}}); len(bad) != 0 {
		t.Errorf("arrows that point down refused: %q", bad)
	}
	if _, _, ok := layerOf("newpkg"); ok {
		t.Error("a package outside the table got a layer")
	}
}
