package main

// Words for the mistakes a new user makes: a typo in a command, a password
// given as a flag, an --addr without a host, a 401 that could be either the
// site's keys or a user's password.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// unknownCommand is the usage error for an unknown subcommand of cmd, with
// the commands of cmd that look like it.
func unknownCommand(cmd *cobra.Command, arg string) error {
	msg := fmt.Sprintf("unknown command %q for %q", arg, cmd.CommandPath())
	// The closest commands only: one edit away, else two (cobra's default
	// distance); "lst" is list, not get.
	var s []string
	for d := 1; d <= 2 && len(s) == 0; d++ {
		cmd.SuggestionsMinimumDistance = d
		s = cmd.SuggestionsFor(arg)
	}
	if len(s) > 0 {
		quoted := make([]string, len(s))
		for i, name := range s {
			quoted[i] = strconv.Quote(name)
		}
		msg += "; did you mean " + strings.Join(quoted, " or ") + "?"
	}
	return &usageError{msg: msg}
}

// noSubcommand is the Args of a command whose arguments can only be
// subcommands (cobra.NoArgs, with suggestions).
func noSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return unknownCommand(cmd, args[0])
	}
	return nil
}

// flagError explains a flag error where a plain "unknown flag" would leave
// the user guessing: a password is never a flag.
func flagError(cmd *cobra.Command, err error) error {
	if err.Error() == "unknown flag: --password" && cmd.Flags().Lookup("password-stdin") != nil {
		return usagef("%v: a password is never taken from a flag (any user of the machine can read a process's arguments); give it on the first line of standard input with --password-stdin, or in %s",
			err, envPassword)
	}
	return err
}

// errorWords puts the mistake behind an error into words, for the one line
// the command prints. Both mistakes below are a 401 from OneAll.
func errorWords(err error) string {
	msg := oneLine(err)
	switch {
	case errors.Is(err, wrapper.ErrInvalidCredentials):
		return "the user's password is wrong (the site's keys are fine): " + msg
	case errors.Is(err, wrapper.ErrUnauthorized):
		return msg + "; the site's API keys (" + envPublicKey + ", " + envPrivateKey + ") are missing or wrong"
	}
	return msg
}

// flagSynonyms pairs the two spellings of a flag: the hand-written lists
// say --per-page and --order, the generated ones --entries-per-page and
// --order-direction (the query parameters' names); a hand-written delete is
// confirmed with --yes, a generated one with --confirm-deletion. A command
// that calls acceptSynonyms (the lists and the generated commands) takes
// the other spelling of the flags it has.
var flagSynonyms = map[string]string{
	"per-page": "entries-per-page", "entries-per-page": "per-page",
	"order": "order-direction", "order-direction": "order",
	"confirm-deletion": "yes",
}

// alsoSpelled is what a flag's usage adds about its other spelling.
func alsoSpelled(name string) string {
	if other, ok := flagSynonyms[name]; ok {
		return " (or --" + other + ")"
	}
	return ""
}

// acceptSynonyms makes cmd take the other spelling of each flag it has,
// once its flags are added.
func acceptSynonyms(cmd *cobra.Command) {
	fs := cmd.Flags()
	has := map[string]bool{}
	fs.VisitAll(func(f *pflag.Flag) { has[f.Name] = true })
	fs.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if !has[name] {
			for n, other := range flagSynonyms {
				if other == name && has[n] {
					return pflag.NormalizedName(n) // --yes is --confirm-deletion
				}
			}
		}
		return pflag.NormalizedName(name)
	})
}

// addrForms is the usage of --addr.
const addrForms = "HOST:PORT (127.0.0.1:8080) or a bare PORT (8080, on 127.0.0.1)"

// listenAddr reads fake serve's --addr: HOST:PORT, or a bare port on the
// loopback address 127.0.0.1.
func listenAddr(s string) (string, error) {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		host, port = "127.0.0.1", s
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 || port[0] == '+' || strings.ContainsAny(host, "/ ") {
		return "", usagef("--addr %q: want %s", s, addrForms)
	}
	return net.JoinHostPort(host, port), nil
}

// loopbackWarning is the warning for a server that listens on bound, as
// --addr typed says, when that is not a loopback address; "" otherwise. It
// names the address typed: for 0.0.0.0 the system reports [::].
func loopbackWarning(typed string, bound net.Addr) string {
	if h, _, _ := net.SplitHostPort(bound.String()); net.ParseIP(h).IsLoopback() {
		return ""
	}
	where := typed
	if h, _, _ := net.SplitHostPort(typed); h == "" {
		where += " (every interface)"
	}
	return fmt.Sprintf("oneall: warning: --addr %s is not a loopback address: the fake speaks plain http, which the SDK accepts only on loopback", where)
}

// fakeLogin gives the embedded fake of --fake something to show in the
// connection and SSO commands: a social login of the first seeded account
// (a connection, not yet read) and a Single Sign-On session of it.
func fakeLogin(ctx context.Context, srv *onealltest.Server) error {
	var acc onealltest.Account
	for _, provider := range []string{"google", "facebook", "twitter"} {
		if accs := srv.Accounts(provider); len(accs) > 0 {
			acc = accs[0]
			break
		}
	}
	if acc.IdentityToken == "" {
		return nil // nothing seeded
	}
	if _, err := srv.Connect(onealltest.ConnectRequest{IdentityToken: acc.IdentityToken, CallbackURI: "http://127.0.0.1/callback"}); err != nil {
		return fmt.Errorf("--fake: a seeded login: %w", err)
	}
	if _, err := srv.Client().SSO.Start(ctx, acc.IdentityToken, nil); err != nil {
		return fmt.Errorf("--fake: a seeded SSO session: %w", err)
	}
	return nil
}
