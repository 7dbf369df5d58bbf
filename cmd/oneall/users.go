package main

import (
	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

func (a *app) usersCommand() *cobra.Command {
	cmd := group(&cobra.Command{
		Use:     "users",
		Aliases: []string{"user"},
		Short:   "Read, import and delete users",
	})
	cmd.AddCommand(a.usersList(), a.usersGet(), a.usersDelete(), a.usersContacts(), a.usersImport())
	return cmd
}

func (a *app) usersList() *cobra.Command {
	var filters string
	cmd := listCommand(a, "List the site's users (GET /users.json)", func(c *wrapper.Client) (pageFunc[api.User], allFunc[api.User]) {
		return c.Users.List, c.Users.All
	}, func(o *wrapper.ListOptions) { o.Filters = filters })
	cmd.Flags().StringVar(&filters, "filters", "", `narrow the list, e.g. "date_last_login:gt:2023-05-01"`)
	return cmd
}

func (a *app) usersGet() *cobra.Command {
	return &cobra.Command{
		Use:   "get USER_TOKEN",
		Short: "Read a user and its identities (GET /users/{user_token}.json)",
		Args:  exactArgs("USER_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.Users.Get(cmd.Context(), args[0]) })
		},
	}
}

func (a *app) usersDelete() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete USER_TOKEN --yes",
		Short: "Delete a user and all its identities (DELETE /users/{user_token}.json)",
		Args:  exactArgs("USER_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !yes {
				return usagef("deleting user %s and its identities cannot be undone: add --yes", args[0])
			}
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.Users.Delete(cmd.Context(), args[0]) })
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm the deletion")
	return cmd
}

// userContactsJSON is how a user's contacts are printed.
type userContactsJSON struct {
	// Partial is true when some networks failed (HTTP 207).
	Partial bool                   `json:"partial"`
	Entries []api.IdentityContacts `json:"entries"`
}

func (a *app) usersContacts() *cobra.Command {
	var o wrapper.UserContactsOptions
	cmd := &cobra.Command{
		Use:   "contacts USER_TOKEN",
		Short: "Read the contacts of every identity of a user (GET /users/{user_token}/contacts.json)",
		Args:  exactArgs("USER_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			uc, err := c.Users.Contacts(cmd.Context(), args[0], &o)
			if err != nil {
				return err
			}
			entries := uc.Entries
			if entries == nil {
				entries = []api.IdentityContacts{}
			}
			return a.printJSON(userContactsJSON{Partial: uc.Partial, Entries: entries})
		},
	}
	cmd.Flags().BoolVar(&o.DisableCache, "disable-cache", false, "read every network live instead of OneAll's cache")
	return cmd
}

// resultJSON is a user with whether it was created.
type resultJSON[U any] struct {
	Created bool `json:"created"`
	User    U    `json:"user"`
}

func (a *app) usersImport() *cobra.Command {
	var in wrapper.ImportInput
	var accessStdin, idStdin bool
	cmd := &cobra.Command{
		Use:   "import --provider P (--access-token-stdin | --id-token-stdin) [--user-token USER_TOKEN]",
		Short: "Create (or update) a user from a social network token (PUT /users.json)",
		Long: `Create a user from a social network access token, or update the user that
already has that profile. Tokens are secrets: they are read from standard input,
never from flags. With --access-token-stdin the first line is the access token
and an optional second line its secret (OAuth 1 networks); with --id-token-stdin
the only line is the ID token (a JWT).`,
		Example: `  printf '%s\n' "$FB_TOKEN" | oneall users import --provider facebook --access-token-stdin`,
		Args:    exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case in.Provider == "":
				return usagef("--provider is required")
			case accessStdin == idStdin:
				return usagef("give exactly one of --access-token-stdin and --id-token-stdin")
			case accessStdin:
				lines, err := a.readStdinLines("--access-token-stdin", 2)
				if err != nil {
					return err
				}
				in.AccessToken = lines[0]
				if len(lines) == 2 {
					in.AccessTokenSecret = lines[1]
				}
			default:
				lines, err := a.readStdinLines("--id-token-stdin", 1)
				if err != nil {
					return err
				}
				in.IDToken = lines[0]
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			res, err := c.Users.Import(cmd.Context(), in)
			if err != nil {
				return err
			}
			return a.printJSON(resultJSON[api.User]{Created: res.Created, User: res.User})
		},
	}
	f := cmd.Flags()
	f.StringVar(&in.Provider, "provider", "", "the social network's key, e.g. facebook")
	f.BoolVar(&accessStdin, "access-token-stdin", false, "read the access token (and a secret on a second line) from standard input")
	f.BoolVar(&idStdin, "id-token-stdin", false, "read an ID token (JWT) from standard input")
	f.StringVar(&in.UserToken, "user-token", "", "link the profile to this existing user")
	return cmd
}
