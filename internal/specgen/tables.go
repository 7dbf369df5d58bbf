package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// writeWrapperOps writes the wrapper's metadata of every operation: one
// variable op<operationId> each, which the typed methods pass to call.
func writeWrapperOps(b *bytes.Buffer, _ *openapi3.T, ops []op) error {
	goHeader(b, "wrapper")
	fmt.Fprintf(b, "// What openapi.yaml says of each operation, for the typed methods: its\n")
	fmt.Fprintf(b, "// method and path, whether it may be sent again (x-oneall.retry), and the\n")
	fmt.Fprintf(b, "// member of result.data that is its payload (x-oneall.payload); plain says\n")
	fmt.Fprintf(b, "// that its request is its method and path alone (see plainRequest).\n")
	fmt.Fprintf(b, "var (\n")
	for _, o := range ops {
		replay := "idempotent"
		if o.x.Retry == "once" {
			replay = "sendOnce"
		}
		fmt.Fprintf(b, "\top%s = &opInfo{id: %q, method: %q, path: %q, replay: %s, payload: %q, plain: %v}\n",
			o.OperationID, o.OperationID, o.method, o.path, replay, o.x.Payload, o.plain())
	}
	fmt.Fprintf(b, ")\n\n")
	fmt.Fprintf(b, "// operations lists every operation of the spec.\n")
	fmt.Fprintf(b, "var operations = []*opInfo{\n")
	for _, o := range ops {
		fmt.Fprintf(b, "\top%s,\n", o.OperationID)
	}
	fmt.Fprintf(b, "}\n")
	return nil
}

// writeWrapperBuilders writes, for the wrapper's test, the generated
// request builder of each plain operation, called with its path parameters
// in order: the wrapper's own builder must make the same requests.
func writeWrapperBuilders(b *bytes.Buffer, _ *openapi3.T, ops []op) error {
	goHeader(b, "wrapper")
	fmt.Fprintf(b, "import (\n\t\"net/http\"\n\n\t\"github.com/oneall-go/oneall-go/api\"\n)\n\n")
	fmt.Fprintf(b, "// generatedBuilders maps each plain operation to its generated request\n")
	fmt.Fprintf(b, "// builder, called with the path parameters p in order.\n")
	fmt.Fprintf(b, "var generatedBuilders = map[string]func(server string, p []string) (*http.Request, error){\n")
	for _, o := range ops {
		if !o.plain() {
			continue
		}
		args := []string{"server"}
		for i := range o.in(openapi3.ParameterInPath) {
			args = append(args, fmt.Sprintf("p[%d]", i))
		}
		fmt.Fprintf(b, "\t%q: func(server string, p []string) (*http.Request, error) {\n\t\treturn api.New%sRequest(%s)\n\t},\n",
			o.OperationID, o.OperationID, strings.Join(args, ", "))
	}
	fmt.Fprintf(b, "}\n")
	return nil
}

// writeCommands writes the CLI's table of operations, of the type opCommand
// that cmd/oneall/opcommands.go declares.
func writeCommands(b *bytes.Buffer, _ *openapi3.T, ops []op) error {
	goHeader(b, "main")
	fmt.Fprintf(b, "// opCommands is every operation of openapi.yaml, for the CLI's commands.\n")
	fmt.Fprintf(b, "var opCommands = []opCommand{\n")
	for _, o := range ops {
		fmt.Fprintf(b, "\t{\n\t\tOperationID: %q,\n\t\tWords: %#v,\n\t\tSummary: %q,\n", o.OperationID, strings.Fields(o.x.CLI), o.Summary)
		fmt.Fprintf(b, "\t\tMethod: %q,\n\t\tPath: %q,\n", o.method, o.path)
		if ps := o.in(openapi3.ParameterInPath); len(ps) > 0 {
			fmt.Fprintf(b, "\t\tArgs: []opArg{\n")
			for _, p := range ps {
				fmt.Fprintf(b, "\t\t\t{Name: %q, Pattern: %q, Description: %q},\n", p.Name, schemaOf(p).Pattern, oneLine(p.Description))
			}
			fmt.Fprintf(b, "\t\t},\n")
		}
		if ps := o.in(openapi3.ParameterInQuery); len(ps) > 0 {
			fmt.Fprintf(b, "\t\tFlags: []opFlag{\n")
			for _, p := range ps {
				s := schemaOf(p)
				fmt.Fprintf(b, "\t\t\t{Name: %q, Type: %q, Description: %q, Default: %q", p.Name, typeOf(p), oneLine(p.Description), defaultOf(s))
				if e := enumOf(s); len(e) > 0 {
					fmt.Fprintf(b, ", Enum: %#v", e)
				}
				if p.Required {
					fmt.Fprintf(b, ", Required: true")
				}
				fmt.Fprintf(b, "},\n")
			}
			fmt.Fprintf(b, "\t\t},\n")
		}
		if o.RequestBody != nil {
			fmt.Fprintf(b, "\t\tBody: true,\n\t\tBodyExample: %q,\n", o.requestExample())
		}
		if o.x.Payload != "" {
			fmt.Fprintf(b, "\t\tPayload: %q,\n", o.x.Payload)
		}
		if o.x.Retry == "idempotent" {
			fmt.Fprintf(b, "\t\tIdempotent: true,\n")
		}
		if o.method == "GET" && o.paged() && slices.ContainsFunc(o.in(openapi3.ParameterInQuery), func(p *openapi3.Parameter) bool { return p.Name == "page" }) {
			fmt.Fprintf(b, "\t\tPaged: true,\n")
		}
		if o.Deprecated {
			fmt.Fprintf(b, "\t\tDeprecated: true,\n")
		}
		fmt.Fprintf(b, "\t},\n")
	}
	fmt.Fprintf(b, "}\n")
	return nil
}

// writeSpecTestOps writes api's test tables: every operation as "METHOD
// path", and the generated parser and body model of each.
func writeSpecTestOps(b *bytes.Buffer, _ *openapi3.T, ops []op) error {
	goHeader(b, "api_test")
	fmt.Fprintf(b, "import (\n\t\"net/http\"\n\n\t\"github.com/oneall-go/oneall-go/api\"\n)\n\n")
	fmt.Fprintf(b, "// wantOperations is every operation of openapi.yaml, as METHOD path.\n")
	fmt.Fprintf(b, "var wantOperations = []string{\n")
	for _, o := range ops {
		fmt.Fprintf(b, "\t%q,\n", o.method+" "+o.path)
	}
	fmt.Fprintf(b, "}\n\n")
	fmt.Fprintf(b, "// parsers maps each operationId to the generated parser that picks the model\n")
	fmt.Fprintf(b, "// for a status code: the examples are decoded by exactly the types users get.\n")
	fmt.Fprintf(b, "var parsers = map[string]func(*http.Response) (any, error){\n")
	for _, o := range ops {
		fmt.Fprintf(b, "\t%q: func(r *http.Response) (any, error) { return api.Parse%sResponse(r) },\n", o.OperationID, o.OperationID)
	}
	fmt.Fprintf(b, "}\n\n")
	fmt.Fprintf(b, "// requestBodies maps each operationId with a body to a new generated body model.\n")
	fmt.Fprintf(b, "var requestBodies = map[string]func() any{\n")
	for _, o := range ops {
		if o.RequestBody != nil {
			fmt.Fprintf(b, "\t%q: func() any { return new(api.%sJSONRequestBody) },\n", o.OperationID, o.OperationID)
		}
	}
	fmt.Fprintf(b, "}\n")
	return nil
}

// writeContractOps writes the contract test's table: each operation with
// what makes a valid request of it (its required query parameters and the
// first example of its body) and its documented success status.
func writeContractOps(b *bytes.Buffer, _ *openapi3.T, ops []op) error {
	goHeader(b, "onealltest")
	fmt.Fprintf(b, "// specOperations is every operation of openapi.yaml, as the contract test\n")
	fmt.Fprintf(b, "// needs it: a valid request is the path with its parameters filled in, the\n")
	fmt.Fprintf(b, "// query, and the body.\n")
	fmt.Fprintf(b, "var specOperations = []specOperation{\n")
	for _, o := range ops {
		var query []string
		for _, p := range o.in(openapi3.ParameterInQuery) {
			if p.Required {
				query = append(query, p.Name+"="+exampleValue(p))
			}
		}
		var params []string
		for _, p := range o.in(openapi3.ParameterInPath) {
			params = append(params, p.Name)
		}
		fmt.Fprintf(b, "\t{id: %q, method: %q, path: %q, params: %s, query: %q, body: %q, success: %d, noAuth: %v},\n",
			o.OperationID, o.method, o.path, stringsLiteral(params), strings.Join(query, "&"), o.requestExample(), o.successStatus(), o.noAuth)
	}
	fmt.Fprintf(b, "}\n")
	return nil
}

// stringsLiteral is a []string literal, or nil.
func stringsLiteral(ss []string) string {
	if len(ss) == 0 {
		return "nil"
	}
	return fmt.Sprintf("%#v", ss)
}

// exampleValue is a valid value of a required query parameter.
func exampleValue(p *openapi3.Parameter) string {
	s := schemaOf(p)
	switch {
	case typeOf(p) == "boolean":
		return "true"
	case len(s.Enum) > 0:
		return enumOf(s)[0]
	case s.Default != nil:
		return defaultOf(s)
	case s.Min != nil:
		return fmt.Sprint(*s.Min)
	case s.Example != nil:
		return fmt.Sprint(s.Example)
	}
	return "x"
}

// oneLine joins a description's lines.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
