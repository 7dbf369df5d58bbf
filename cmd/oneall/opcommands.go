package main

// The CLI's table of operations (opcommands.gen.go, written by
// internal/specgen from openapi.yaml) is of these types. Branch cli-do
// supplies the generic command builder that reads it; this file only
// declares the types so that the table compiles on its own.

// opCommand is one operation of openapi.yaml, for a CLI command.
type opCommand struct {
	OperationID string
	Words       []string // CLI words, e.g. {"shorturls", "get"}
	Summary     string
	Method      string   // "GET"
	Path        string   // "/shorturls/{shorturl_token}.json"
	Args        []opArg  // path parameters, in path order
	Flags       []opFlag // query parameters
	Body        bool     // takes a JSON request body
	Payload     string   // member of result.data to print; "" prints result.data
	Idempotent  bool
	Deprecated  bool
}

// opArg is a path parameter. Pattern: the schema's pattern or "".
type opArg struct{ Name, Pattern, Description string }

// opFlag is a query parameter: Name is its name on the wire (docs/api.md
// shows it as the flag --name with "-" for "_").
type opFlag struct {
	Name, Type, Description, Default string // Type: "string", "integer" or "boolean"
	Enum                             []string
	Required                         bool
}

// buildsGenericCommands says whether the CLI builds commands from
// opCommands. It is false on branch spec-table, which only generates the
// table: TestDocsNameRealCommands then accepts a documented command that
// is not built yet. Branch cli-do's opcommands.go replaces this file; the
// test's exception goes with it.
const buildsGenericCommands = false
