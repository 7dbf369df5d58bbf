package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/oneall-go/oneall-go/internal/cli/bulkimport"
	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // anything else: failed import rows, an interrupt, a local I/O error
	exitUsage   = 2 // bad arguments, flags or input; missing credentials
	exitAPI     = 3 // OneAll answered with an error
	exitNetwork = 4 // no answer: connection, TLS, timeout
	// exitDrift (5, verify.go): verify found answers that differ from the spec.
)

// app is one run of the command: its streams, environment and global flags.
type app struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string

	// global flags
	baseURL   string
	credsFile string
	fake      bool
	timeout   time.Duration
	retries   int
	// showSecrets prints social access tokens as OneAll sent them;
	// otherwise they are [REDACTED] in every result printed.
	showSecrets bool

	// started is set when a command's own code starts: an error before it
	// is a usage error from cobra (unknown flag, wrong number of arguments).
	started bool
	// stdinUsed names the flag that already reads standard input.
	stdinUsed string
	fakeSrv   *onealltest.Server
}

// usageError is a mistake in the command line or its input.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// run executes the command line args and returns the process exit code.
// Tests call it in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := &app{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if a.fakeSrv != nil {
		a.fakeSrv.Close()
	}
	if err == nil {
		return exitOK
	}
	code := exitCode(err, a.started)
	msg := errorWords(err)
	if code == exitUsage && cmd != nil {
		msg += fmt.Sprintf(" (see '%s --help')", cmd.CommandPath())
	}
	fmt.Fprintf(stderr, "oneall: %s\n", msg)
	return code
}

// exitCode classifies an error.
func exitCode(err error, started bool) int {
	var ue *usageError
	var apiErr *wrapper.APIError
	var drift *driftError
	switch {
	case errors.As(err, &drift):
		return exitDrift
	case !started, errors.As(err, &ue), errors.Is(err, wrapper.ErrInvalidInput), errors.Is(err, bulkimport.ErrUsage):
		return exitUsage
	case errors.Is(err, context.Canceled):
		return exitFailure
	case errors.As(err, &apiErr), errors.Is(err, wrapper.ErrUnexpectedResponse), errors.Is(err, errStop):
		return exitAPI
	case errors.Is(err, wrapper.ErrNetwork), errors.Is(err, context.DeadlineExceeded):
		return exitNetwork
	}
	return exitFailure
}

// oneLine is an error's message on one line, without the repeated prefix,
// and with control characters shown as escapes: a message may carry text
// from a server, which must not drive the terminal.
func oneLine(err error) string {
	msg := err.Error()
	for strings.HasPrefix(msg, "oneall: ") {
		msg = strings.TrimPrefix(msg, "oneall: ")
	}
	return escapeControls(strings.Join(strings.Fields(msg), " "))
}

// escapeControls shows control characters (ESC, CSI, BEL...) as Go escapes.
func escapeControls(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unicode.IsControl(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "oneall",
		Short: "The OneAll REST API from the command line",
		Long: `oneall calls every operation of OneAll's API that openapi.yaml
describes: identities, users, User Cloud Storage, connections, Single
Sign-On, the site, providers, short URLs, sharing and its analytics, Push,
Pull, search, LoudVoice comments and exports. "oneall verify" checks your
site's answers against that spec.

Run with no arguments and no credentials, it starts an embedded fake OneAll
server and tours the SDK. Every other command talks to the site named by the
environment:

  ONEALL_SUBDOMAIN     the site's subdomain (<subdomain>.api.oneall.com)
  ONEALL_PUBLIC_KEY    the site's public API key
  ONEALL_PRIVATE_KEY   the site's private API key
  ONEALL_BASE_URL      another base URL, e.g. a proxy or "oneall fake serve"

or by --credentials-file FILE (KEY=VALUE lines with those names). Keys are
never taken from flags: process lists are readable. --fake runs a command
against an embedded fake server instead, seeded with 20 users, one social
login (a connection not yet read) and one Single Sign-On session; it starts
afresh for every command, so what a command changes is gone for the next.
"oneall fake serve" keeps state across commands: run it, export the line it
prints, and drop --fake.

Results are JSON on stdout (--all: one entry per line). Errors go to stderr;
the exit code is 0 on success, 2 for a usage error, 3 for an error answered
by OneAll, 4 for a network error or timeout, 5 when verify finds answers
that differ from the spec, 1 for anything else.`,
		Example: `  oneall                                   # the tour, on an embedded fake server
  oneall --fake identities list --per-page 3
  export ONEALL_SUBDOMAIN=mysite ONEALL_PUBLIC_KEY=... ONEALL_PRIVATE_KEY=...
  oneall users list --all | jq -r .user_token
  oneall storage import users.csv --identifier login --concurrency 16`,
		Args:          noSubcommand,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if a.haveCredentials() && !a.fake {
				return cmd.Help()
			}
			return a.tour(cmd.Context())
		},
	}
	f := root.PersistentFlags()
	f.StringVar(&a.baseURL, "base-url", "", "send requests to this base URL instead of https://<subdomain>.api.oneall.com (or ONEALL_BASE_URL)")
	f.StringVar(&a.credsFile, "credentials-file", "", "read ONEALL_SUBDOMAIN, ONEALL_PUBLIC_KEY, ONEALL_PRIVATE_KEY (and ONEALL_BASE_URL) from this KEY=VALUE file")
	f.BoolVar(&a.fake, "fake", false, "run against an embedded fake OneAll server, seeded with test data and a login; fresh for every command (oneall fake serve keeps state)")
	f.DurationVar(&a.timeout, "timeout", wrapper.DefaultTimeout, "time limit of each attempt of a request")
	f.IntVar(&a.retries, "retries", wrapper.DefaultRetries, "retries of a request after a rate limit, a 500/502/503/504 or a connection error")
	f.BoolVar(&a.showSecrets, "show-secrets", false, "print social access tokens (and id tokens) as OneAll sends them; without it they are [REDACTED]")
	_ = root.MarkPersistentFlagFilename("credentials-file")
	root.SetFlagErrorFunc(flagError)

	root.AddCommand(a.identitiesCommand(), a.usersCommand(), a.storageCommand(),
		a.connectionsCommand(), a.ssoCommand(), a.siteCommand(), a.pingCommand(), a.providersCommand(),
		a.fakeCommand(), a.tourCommand(), a.verifyCommand())
	a.addOpCommands(root, opCommands) // after the hand-written ones: they win
	markStarted(root, &a.started)
	return root
}

// markStarted wraps every RunE of the tree so that a.started tells cobra's
// own errors (usage) from the commands' errors.
func markStarted(c *cobra.Command, started *bool) {
	if c.RunE != nil {
		runE := c.RunE
		c.RunE = func(cmd *cobra.Command, args []string) error {
			*started = true
			return runE(cmd, args)
		}
	}
	for _, sub := range c.Commands() {
		markStarted(sub, started)
	}
}

// stderrIsTerminal reports whether progress may be drawn on stderr.
func (a *app) stderrIsTerminal() bool {
	f, ok := a.stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// readStdinLine reads the first line of standard input for flag, once:
// passwords and tokens come this way, never from flag values.
func (a *app) readStdinLines(flag string, max int) ([]string, error) {
	if a.stdinUsed != "" {
		return nil, usagef("%s and %s cannot both read standard input", a.stdinUsed, flag)
	}
	a.stdinUsed = flag
	b, err := io.ReadAll(io.LimitReader(a.stdin, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("%s: reading standard input: %w", flag, err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\r\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], "\r")
	}
	if len(lines) == 0 || lines[0] == "" {
		return nil, usagef("%s: standard input is empty", flag)
	}
	if len(lines) > max {
		return nil, usagef("%s: standard input has %d lines, expected at most %d", flag, len(lines), max)
	}
	return lines, nil
}
