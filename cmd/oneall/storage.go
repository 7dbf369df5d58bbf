package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/internal/cli/bulkimport"
	"github.com/oneall-go/oneall-go/wrapper"
)

func (a *app) storageCommand() *cobra.Command {
	cmd := group(&cobra.Command{
		Use:   "storage",
		Short: "Manage users in OneAll's User Cloud Storage",
		Long: `Manage users in OneAll's User Cloud Storage.

create, update and sync take the user as JSON in the shape of
api.StorageUserInput (--data FILE, or - for standard input), e.g.

  {"login": "ann@example.com", "externalid": "42",
   "identity": {"name": {"givenName": "Ann"}, "emails": [{"value": "ann@example.com"}]}}

or with --login and --externalid. lookup finds a user by --login, --externalid
or --user-token (it has no --data). import reads many users from a JSON Lines
or CSV file. Passwords are read from standard input (--password-stdin) or from
ONEALL_USER_PASSWORD, never from flags.`,
	})
	cmd.AddCommand(a.storageCreate(), a.storageUpdate(), a.storageSync(), a.storageLookup(), a.storageImport())
	return cmd
}

// userFlags build an api.StorageUserInput.
type userFlags struct {
	data          string
	login         string
	externalID    string
	passwordStdin bool
}

func (u *userFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&u.data, "data", "", "the user as JSON (api.StorageUserInput), from FILE or - for standard input")
	f.StringVar(&u.login, "login", "", "the user's login (overrides --data)")
	f.StringVar(&u.externalID, "externalid", "", "your identifier of the user (overrides --data)")
	f.BoolVar(&u.passwordStdin, "password-stdin", false, "read the user's password from the first line of standard input (else ONEALL_USER_PASSWORD, if set)")
	_ = cmd.MarkFlagFilename("data", "json")
}

// input assembles the user. It reads --data, then the flags, then the
// password.
func (u *userFlags) input(a *app) (api.StorageUserInput, error) {
	var in api.StorageUserInput
	if u.data != "" {
		var r io.Reader
		if u.data == "-" {
			if a.stdinUsed != "" {
				return in, usagef("--data - and %s cannot both read standard input", a.stdinUsed)
			}
			if u.passwordStdin {
				return in, usagef("--data - and --password-stdin cannot both read standard input")
			}
			a.stdinUsed = "--data -"
			r = a.stdin
		} else {
			f, err := os.Open(u.data)
			if err != nil {
				return in, usagef("--data: %v", err)
			}
			defer f.Close()
			r = f
		}
		b, err := io.ReadAll(io.LimitReader(r, 1<<20))
		if err != nil {
			return in, fmt.Errorf("--data: %w", err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			return in, usagef("--data: not a user (api.StorageUserInput): %s", bulkimport.JSONErrorText(err))
		}
	}
	if u.login != "" {
		in.Login = api.Set(u.login)
	}
	if u.externalID != "" {
		in.ExternalID = api.Set(u.externalID)
	}
	pw, err := u.password(a)
	if err != nil {
		return in, err
	}
	if pw != "" {
		in.Password = pw
	}
	return in, nil
}

// password reads the password from standard input or the environment; ""
// when neither gives one.
func (u *userFlags) password(a *app) (api.Password, error) {
	if u.passwordStdin {
		lines, err := a.readStdinLines("--password-stdin", 1)
		if err != nil {
			return "", err
		}
		return api.Password(lines[0]), nil
	}
	return api.Password(a.getenv(envPassword)), nil
}

func (a *app) storageCreate() *cobra.Command {
	var u userFlags
	cmd := &cobra.Command{
		Use:   "create (--data FILE | --login L [--externalid E]) [--password-stdin]",
		Short: "Create a cloud storage user (POST /storage/users.json)",
		Example: `  printf '%s\n' "$PASSWORD" | oneall storage create --login ann@example.com --password-stdin
  oneall storage create --data ann.json`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			in, err := u.input(a)
			if err != nil {
				return err
			}
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.Storage.CreateUser(cmd.Context(), in) })
		},
	}
	u.add(cmd)
	return cmd
}

func (a *app) storageUpdate() *cobra.Command {
	var u userFlags
	var mode string
	cmd := &cobra.Command{
		Use:   "update USER_TOKEN (--data FILE | --login L | --externalid E) [--mode replace|append] [--password-stdin]",
		Short: "Update a cloud storage user (PUT /storage/users/{user_token}.json)",
		Args:  exactArgs("USER_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if mode != string(wrapper.Replace) && mode != string(wrapper.Append) {
				return usagef("--mode must be replace or append, got %q", mode)
			}
			in, err := u.input(a)
			if err != nil {
				return err
			}
			return a.printResult(func(c *wrapper.Client) (any, error) {
				return c.Storage.UpdateUser(cmd.Context(), args[0], in, wrapper.UpdateMode(mode))
			})
		},
	}
	u.add(cmd)
	cmd.Flags().StringVar(&mode, "mode", string(wrapper.Replace), "replace: given values replace stored ones; append: lists are appended, blanks ignored")
	_ = cmd.RegisterFlagCompletionFunc("mode", cobra.FixedCompletions([]string{"replace", "append"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// parseIdentifier reads FIELD=VALUE.
func parseIdentifier(s string) (wrapper.Identifier, error) {
	field, value, ok := strings.Cut(s, "=")
	switch wrapper.IdentifierField(field) {
	case wrapper.ByLogin, wrapper.ByExternalID, wrapper.ByUserToken:
	default:
		ok = false
	}
	if !ok || value == "" {
		return wrapper.Identifier{}, usagef("--identifier must be login=VALUE, externalid=VALUE or user_token=VALUE, got %q", s)
	}
	return wrapper.Identifier{Field: wrapper.IdentifierField(field), Value: value}, nil
}

func (a *app) storageSync() *cobra.Command {
	var u userFlags
	var ident string
	cmd := &cobra.Command{
		Use:   "sync --identifier FIELD=VALUE [--data FILE | --login L | --externalid E] [--password-stdin]",
		Short: "Update the user that matches, or create it (PUT /storage/users/user/synchronize.json)",
		Example: `  oneall storage sync --identifier login=ann@example.com --data ann.json
  printf '%s\n' "$PASSWORD" | oneall storage sync --identifier externalid=42 --login ann@example.com --password-stdin`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			id, err := parseIdentifier(ident)
			if err != nil {
				return err
			}
			in, err := u.input(a)
			if err != nil {
				return err
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			res, err := c.Storage.SynchronizeUser(cmd.Context(), id, in)
			if err != nil {
				return err
			}
			return a.printJSON(resultJSON[api.StorageUser]{Created: res.Created, User: res.User})
		},
	}
	u.add(cmd)
	cmd.Flags().StringVar(&ident, "identifier", "", "the user to update: login=VALUE, externalid=VALUE or user_token=VALUE")
	_ = cmd.MarkFlagRequired("identifier")
	return cmd
}

func (a *app) storageLookup() *cobra.Command {
	var l wrapper.Lookup
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:   "lookup (--login L | --externalid E | --user-token T) [--password-stdin]",
		Short: "Find a user and, with a password, authenticate it (POST /storage/users/user/lookup.json)",
		Long: `Find the user that matches every given field. With a password (from
--password-stdin or ONEALL_USER_PASSWORD) the password is checked too: a wrong
one exits with code 3 and "invalid user credentials".`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			u := userFlags{passwordStdin: passwordStdin}
			pw, err := u.password(a)
			if err != nil {
				return err
			}
			l.Password = pw
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.Storage.LookupUser(cmd.Context(), l) })
		},
	}
	f := cmd.Flags()
	f.StringVar(&l.Login, "login", "", "the user's login")
	f.StringVar(&l.ExternalID, "externalid", "", "the user's externalid")
	f.StringVar(&l.UserToken, "user-token", "", "the user's token")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the password to check from the first line of standard input (else ONEALL_USER_PASSWORD, if set)")
	cmd.MarkFlagsOneRequired("login", "externalid", "user-token")
	return cmd
}
