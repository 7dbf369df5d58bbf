package oneall_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// An Example whose "// Output:" comment is not the start of its own comment
// group (a comment line right above it) compiles but never runs, and go test
// says nothing: every Example with such a line must be one that go test
// runs and checks.
func TestExamplesWithOutputRun(t *testing.T) {
	checked := 0
	err := walkModuleFiles(func(p string) error {
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		runs := map[string]bool{}
		for _, ex := range doc.Examples(f) {
			runs["Example"+ex.Name] = ex.Output != "" || ex.EmptyOutput
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || !strings.HasPrefix(fn.Name.Name, "Example") || fn.Recv != nil {
				continue
			}
			checked++
			if saysOutput(f, fn) && !runs[fn.Name.Name] {
				t.Errorf("%s: %s has an Output: comment that go test does not see, so it never runs: start the comment group with it", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("found %d examples: the walk missed the module's test files", checked)
	}
}

// saysOutput reports whether a comment inside fn has a line starting with
// "Output:" or "Unordered output:".
func saysOutput(f *ast.File, fn *ast.FuncDecl) bool {
	for _, g := range f.Comments {
		if g.Pos() < fn.Body.Lbrace || g.End() > fn.Body.Rbrace {
			continue
		}
		for _, c := range g.List {
			text := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
			if strings.HasPrefix(text, "Output:") || strings.HasPrefix(text, "Unordered output:") {
				return true
			}
		}
	}
	return false
}
