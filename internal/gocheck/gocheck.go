// Package gocheck type-checks Go snippets from documentation and program
// output against the packages of this module, for tests: a snippet that
// stops compiling (a renamed field, a pointer that became a value) fails a
// test instead of misleading a reader.
//
// A snippet is a whole file (it starts with a package clause), a file
// without its package clause and imports (it declares functions), or a
// list of statements, which is wrapped in a function whose parameters are
// the variables the document names. Imports are added from the qualifiers
// the snippet uses.
package gocheck

import (
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
)

// Checker type-checks snippets.
type Checker struct {
	imports map[string]string
	params  string
	stubs   string
	fset    *token.FileSet
	imp     types.Importer
}

// Error is a syntax or type error at a line of a snippet (from 1).
type Error struct {
	Line int
	Msg  string
}

func (e Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// New returns a Checker. imports maps the package names a snippet may use
// without importing them to their paths; params is the parameter list
// (without parentheses) of the function that wraps a list of statements;
// stubs, if not empty, is a file of package snippet that declares what
// snippets call as the reader's own code. New runs `go list -export` once,
// from the current directory, to find the packages' export data.
func New(imports map[string]string, params, stubs string) (*Checker, error) {
	paths := make([]string, 0, len(imports))
	for _, p := range imports {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	cmd := exec.Command("go", append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}"}, paths...)...)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("go list -export: %v: %s", err, ee.Stderr)
		}
		return nil, fmt.Errorf("go list -export: %v", err)
	}
	exports := map[string]string{}
	for line := range strings.Lines(string(out)) {
		if path, file, ok := strings.Cut(strings.TrimSpace(line), "="); ok && file != "" {
			exports[path] = file
		}
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %q: add it to the checker's imports", path)
		}
		return os.Open(file)
	})
	return &Checker{imports: imports, params: params, stubs: stubs, fset: fset, imp: imp}, nil
}

var topLevelFunc = regexp.MustCompile(`(?m)^func `)

// Check returns the errors of a snippet, with lines counted in the snippet.
// In a list of statements a variable declared for the reader and not used
// again is no error (only that soft error is forgiven, and only there).
func (c *Checker) Check(code string) []Error {
	if strings.HasPrefix(strings.TrimSpace(code), "package ") {
		return c.check(code, 0, false, false)
	}
	fragment := !topLevelFunc.MatchString(code)
	body, head := code, ""
	if fragment {
		head = "func snippet(" + c.params + ") {\n"
		body = head + code + "\n}\n"
	}
	var b strings.Builder
	b.WriteString("package snippet\n\nimport (\n")
	for _, name := range c.usedPackages("package snippet\n" + body) {
		fmt.Fprintf(&b, "\t%q\n", c.imports[name])
	}
	b.WriteString(")\n\n")
	offset := strings.Count(b.String()+head, "\n")
	b.WriteString(body)
	return c.check(b.String(), offset, fragment, c.stubs != "")
}

// usedPackages lists the known package names that src uses as the
// qualifier of a selector (comments do not count). A file that does not
// parse uses none: its syntax error is reported when it is checked.
func (c *Checker) usedPackages(src string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				if _, known := c.imports[id.Name]; known {
					used[id.Name] = true
				}
			}
		}
		return true
	})
	names := make([]string, 0, len(used))
	for name := range used {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func (c *Checker) check(src string, offset int, fragment, stubs bool) []Error {
	rel := func(line int) int { return line - offset }
	f, err := parser.ParseFile(c.fset, "snippet.go", src, 0)
	if err != nil {
		var list scanner.ErrorList
		if errors.As(err, &list) {
			var errs []Error
			for _, e := range list {
				errs = append(errs, Error{rel(e.Pos.Line), e.Msg})
			}
			return errs
		}
		return []Error{{1, err.Error()}}
	}
	files := []*ast.File{f}
	if stubs {
		sf, err := parser.ParseFile(c.fset, "stubs.go", c.stubs, 0)
		if err != nil {
			return []Error{{0, "the stubs do not parse: " + err.Error()}}
		}
		files = append(files, sf)
	}
	var errs []Error
	conf := types.Config{Importer: c.imp, Error: func(err error) {
		var e types.Error
		if !errors.As(err, &e) {
			errs = append(errs, Error{0, err.Error()})
			return
		}
		if fragment && e.Soft && strings.Contains(e.Msg, "declared and not used") {
			return
		}
		pos := c.fset.Position(e.Pos)
		if pos.Filename != "snippet.go" {
			errs = append(errs, Error{0, pos.Filename + ": " + e.Msg})
			return
		}
		errs = append(errs, Error{rel(pos.Line), e.Msg})
	}}
	_, _ = conf.Check("snippet", c.fset, files, nil)
	return errs
}
