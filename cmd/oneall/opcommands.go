package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/wrapper"
)

// The commands generated from the spec: go generate writes opCommands (in
// opcommands.gen.go), one entry per operation of openapi.yaml, from its
// method, path, parameters, requestBody, deprecated flag and x-oneall
// extension; addOpCommands turns each entry into a command that sends the
// call with wrapper.Client.Do. A hand-written command with the same words
// wins: it knows the operation better (confirmations, paging, typed output).

// opCommand is one operation of the spec, as the CLI offers it.
type opCommand struct {
	OperationID string
	Words       []string // CLI words, e.g. {"shorturls", "get"}
	Summary     string
	Method      string   // "GET"
	Path        string   // "/shorturls/{shorturl_token}.json"
	Args        []opArg  // path parameters, in path order
	Flags       []opFlag // query parameters
	Body        bool     // takes a JSON request body
	BodyExample string   // the spec's example of that body, compact JSON; "" without one
	Payload     string   // member of result.data to print; "" prints result.data
	Idempotent  bool
	Paged       bool // the payload is a page of a list (pagination, entries): --all reads every page
	Deprecated  bool
}

// opArg is a path parameter: a positional argument of the command.
type opArg struct{ Name, Pattern, Description string } // Pattern: the schema's pattern or ""

// opFlag is a query parameter: a flag of the command.
type opFlag struct {
	Name, Type, Description, Default string // Type: "string", "integer" or "boolean"
	Enum                             []string
	Required                         bool
}

// reservedFlags are the names a query parameter's flag cannot take: the
// global flags, --help and --file. Such a parameter's flag is --param-NAME.
var reservedFlags = map[string]bool{
	"help": true, "file": true, "fake": true, "timeout": true, "retries": true,
	"base-url": true, "credentials-file": true,
}

// addOpCommands adds a command under root for every entry of ops whose
// words no command of the tree (hand-written, or added before) has taken,
// creating the groups on its way. An entry under a command that takes no
// subcommands is left out too: that command is hand-written and wins.
func (a *app) addOpCommands(root *cobra.Command, ops []opCommand) {
	for i := range ops {
		op := &ops[i]
		if len(op.Words) == 0 {
			continue
		}
		parent := groupFor(root, op.Words[:len(op.Words)-1])
		if parent == nil || child(parent, op.Words[len(op.Words)-1]) != nil {
			continue
		}
		parent.AddCommand(a.opCommand(op))
	}
}

// groupFor is the group of the words under root, created as needed, or nil
// when one of the words is a command that takes no subcommands.
func groupFor(root *cobra.Command, words []string) *cobra.Command {
	parent := root
	for j, w := range words {
		next := child(parent, w)
		switch {
		case next == nil:
			next = group(&cobra.Command{Use: w, Short: groupText(words[:j+1])})
			parent.AddCommand(next)
		case !next.HasSubCommands() && next.Annotations[takesGenerated] == "":
			return nil // a hand-written leaf: it wins
		}
		parent = next
	}
	return parent
}

// takesGenerated is the annotation of a hand-written command that runs on
// its own and also takes generated subcommands (`oneall site` prints the
// site; `oneall site allowed-domains list` is generated).
const takesGenerated = "oneall:takes-generated"

// child is parent's subcommand named or aliased word, or nil.
func child(parent *cobra.Command, word string) *cobra.Command {
	for _, c := range parent.Commands() {
		if c.Name() == word || c.HasAlias(word) {
			return c
		}
	}
	return nil
}

// opCommand makes the command of one operation.
func (a *app) opCommand(op *opCommand) *cobra.Command {
	names := make([]string, len(op.Args))
	for i, arg := range op.Args {
		names[i] = argName(arg.Name)
	}
	use := strings.Join(append([]string{op.Words[len(op.Words)-1]}, names...), " ")
	if op.Body {
		use += " --file FILE"
	}
	short := strings.TrimSpace(fmt.Sprintf("%s (%s %s)", strings.TrimSuffix(strings.TrimSpace(op.Summary), "."), op.Method, op.Path))
	if op.Deprecated {
		short = "(deprecated by OneAll) " + short
	}
	var file string
	var all bool
	flags := make([]*opFlagValue, len(op.Flags))
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Long:  opLong(op, short, names),
		Args:  exactArgs(names...),
		RunE: func(cmd *cobra.Command, args []string) error {
			target, err := opTarget(op, args, names, flags)
			if err != nil {
				return err
			}
			var body any
			if op.Body {
				raw, err := a.readBody(file)
				if err != nil {
					return err
				}
				if err := checkEnvelope(op, raw, file); err != nil {
					return err
				}
				body = raw
			}
			if all {
				return a.sendOpAll(cmd, op, target)
			}
			return a.sendOp(cmd, op, target, body)
		},
	}
	if op.Deprecated {
		// cobra prints this warning through the command's output: stderr,
		// so that stdout stays the JSON result.
		cmd.Deprecated = "OneAll deprecated " + op.OperationID + " (see docs/api.md for what replaces it)"
		cmd.SetOut(a.stderr)
	}
	if op.Body {
		cmd.Flags().StringVar(&file, "file", "", fmt.Sprintf("the JSON request body, sent as is ('-' reads standard input; at most %d MiB)", maxBodySize>>20))
		_ = cmd.MarkFlagFilename("file", "json")
	}
	for i := range op.Flags {
		flags[i] = addOpFlag(cmd, &op.Flags[i])
	}
	if op.Paged {
		cmd.Flags().BoolVar(&all, "all", false, "stream every entry of every page from --page on, one JSON object per line")
	}
	acceptSynonyms(cmd)
	return cmd
}

// argName is the name of a path parameter as an argument: SHORTURL_TOKEN.
func argName(name string) string {
	return strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// opLong is the help text: what the command sends, its arguments and what
// it prints.
func opLong(op *opCommand, short string, names []string) string {
	var b strings.Builder
	b.WriteString(short + ".\n")
	if len(op.Args) > 0 {
		b.WriteString("\nArguments:\n")
		width := 0
		for _, n := range names {
			width = max(width, len(n))
		}
		for i, arg := range op.Args {
			if d := strings.TrimSpace(arg.Description); d != "" {
				fmt.Fprintf(&b, "  %-*s  %s", width, names[i], d)
			} else {
				fmt.Fprintf(&b, "  %s", names[i])
			}
			if arg.Pattern != "" {
				fmt.Fprintf(&b, " (must match %s)", arg.Pattern)
			}
			b.WriteString("\n")
		}
	}
	if op.Body {
		fmt.Fprintf(&b, "\nThe request body is read from --file (or standard input with --file -), at\nmost %d MiB of JSON, and sent as is: write OneAll's whole body, its\n{\"request\": ...} envelope included.\n", maxBodySize>>20)
		if op.BodyExample != "" {
			b.WriteString("\nFor example (openapi.yaml's example):\n\n" + indentJSON(op.BodyExample) + "\n")
		}
	}
	what := "result.data"
	if op.Payload != "" {
		what = "result.data." + op.Payload
	}
	fmt.Fprintf(&b, "\nPrints %s of OneAll's answer as JSON (nothing when the answer has none).\nOperation %s, generated from openapi.yaml.", what, op.OperationID)
	return b.String()
}

// indentJSON indents a compact JSON example for the help, two spaces in;
// what does not indent is shown as it is.
func indentJSON(compact string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(compact), "  ", "  "); err != nil {
		return "  " + compact
	}
	return "  " + b.String()
}

// opFlagValue holds what a query parameter's flag was given.
type opFlagValue struct {
	spec *opFlag
	name string // the flag's name
	str  string
	num  int64
	on   bool
	set  func() bool
}

// addOpFlag adds the flag of a query parameter, typed as its schema.
func addOpFlag(cmd *cobra.Command, f *opFlag) *opFlagValue {
	v := &opFlagValue{spec: f, name: flagName(f.Name)}
	// pflag takes a word in backquotes for the value's name ("--language
	// en"): the spec's Markdown quotes become plain ones.
	usage := strings.ReplaceAll(f.Description, "`", `"`)
	if f.Required {
		usage += " (required)"
	}
	if len(f.Enum) > 0 {
		usage += " (one of " + strings.Join(f.Enum, ", ") + ")"
	}
	if f.Default != "" {
		usage += " (default: OneAll's, " + f.Default + ")"
	}
	if v.name != f.Name {
		usage += " (query parameter " + f.Name + ")"
	}
	usage += alsoSpelled(v.name)
	fs := cmd.Flags()
	switch f.Type {
	case "integer":
		fs.Int64Var(&v.num, v.name, 0, usage)
	case "boolean":
		fs.BoolVar(&v.on, v.name, false, usage)
	default:
		fs.StringVar(&v.str, v.name, "", usage)
	}
	if len(f.Enum) > 0 {
		_ = cmd.RegisterFlagCompletionFunc(v.name, cobra.FixedCompletions(f.Enum, cobra.ShellCompDirectiveNoFileComp))
	}
	if f.Required {
		_ = cmd.MarkFlagRequired(v.name)
	}
	v.set = func() bool { return fs.Changed(v.name) }
	return v
}

var flagUnsafe = regexp.MustCompile(`[^a-z0-9-]+`)

// flagName is a query parameter's flag: entries_per_page is
// --entries-per-page; a name the CLI already uses gets "param-" before it.
func flagName(param string) string {
	n := strings.Trim(flagUnsafe.ReplaceAllString(strings.ToLower(strings.ReplaceAll(param, "_", "-")), "-"), "-")
	if n == "" || reservedFlags[n] {
		n = "param-" + n
	}
	return n
}

// value is the query value the flag was given, checked against the enum.
func (v *opFlagValue) value() (string, error) {
	var s string
	switch v.spec.Type {
	case "integer":
		s = strconv.FormatInt(v.num, 10)
	case "boolean":
		s = strconv.FormatBool(v.on)
	default:
		s = v.str
	}
	if len(v.spec.Enum) > 0 && !slices.Contains(v.spec.Enum, s) {
		return "", usagef("--%s must be one of %s, got %q", v.name, strings.Join(v.spec.Enum, ", "), s)
	}
	return s, nil
}

// opTarget is the path and query of the call: every argument checked
// against its pattern and escaped, every flag given checked. Nothing is
// sent when one is wrong.
func opTarget(op *opCommand, args, names []string, flags []*opFlagValue) (string, error) {
	p := op.Path
	for i, arg := range op.Args {
		v := args[i]
		switch {
		case v == "":
			return "", usagef("%s is empty", names[i])
		case v == "." || v == "..":
			return "", usagef("%s cannot be %q", names[i], v)
		case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }):
			return "", usagef("%s contains a control character", names[i])
		}
		if arg.Pattern != "" {
			re, err := regexp.Compile(arg.Pattern)
			if err != nil {
				return "", fmt.Errorf("%s: the spec's pattern for %s does not compile: %v", op.OperationID, arg.Name, err)
			}
			if !re.MatchString(v) {
				return "", usagef("%s %q does not have the form OneAll gives it (%s)", names[i], truncate(v, 64), arg.Pattern)
			}
		}
		p = strings.Replace(p, "{"+arg.Name+"}", url.PathEscape(v), 1)
	}
	if strings.ContainsAny(p, "{}") {
		return "", fmt.Errorf("%s: the path %s has a parameter the command has no argument for", op.OperationID, op.Path)
	}
	q := url.Values{}
	for _, f := range flags {
		if !f.set() {
			continue // OneAll's default
		}
		s, err := f.value()
		if err != nil {
			return "", err
		}
		q.Set(f.spec.Name, s)
	}
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// sendOp sends the call and prints its payload.
func (a *app) sendOp(cmd *cobra.Command, op *opCommand, target string, body any) error {
	c, err := a.client()
	if err != nil {
		return err
	}
	var data json.RawMessage
	if err := c.Do(cmd.Context(), op.Method, target, body, &data, wrapper.WithIdempotent(op.Idempotent)); err != nil {
		return err
	}
	if len(data) == 0 {
		return nil
	}
	if op.Payload == "" {
		return a.printJSON(data)
	}
	member, ok := memberOf(data, op.Payload)
	if !ok {
		// OneAll did the call, but its answer is not what the spec says.
		return fmt.Errorf("%s %s: %w: the answer has no result.data.%s", op.Method, op.Path, wrapper.ErrUnexpectedResponse, op.Payload)
	}
	return a.printJSON(member)
}

// memberOf is the member name of the JSON object data, matched as
// encoding/json matches keys (an exact match first, else any case).
func memberOf(data json.RawMessage, name string) (json.RawMessage, bool) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		return nil, false
	}
	if v, ok := obj[name]; ok {
		return v, true
	}
	for k, v := range obj {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}
