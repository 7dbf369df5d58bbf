package main

import (
	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

func (a *app) identitiesCommand() *cobra.Command {
	cmd := group(&cobra.Command{
		Use:     "identities",
		Aliases: []string{"identity"},
		Short:   "Read, synchronize, relink and delete social identities",
	})
	cmd.AddCommand(
		a.identitiesList(), a.identitiesGet(), a.identitiesDelete(), a.identitiesRelink(), a.identitiesSync(),
		a.identitiesContacts(), a.identitiesSteamGames(), a.identitiesYouTubeVideos(), a.identitiesFacebookPosts(),
	)
	return cmd
}

func (a *app) identitiesList() *cobra.Command {
	return listCommand(a, "List the site's identities (GET /identities.json)", func(c *wrapper.Client) (pageFunc[api.Identity], allFunc[api.Identity]) {
		return c.Identities.List, c.Identities.All
	}, nil)
}

func (a *app) identitiesGet() *cobra.Command {
	return &cobra.Command{
		Use:   "get IDENTITY_TOKEN",
		Short: "Read an identity (GET /identities/{identity_token}.json)",
		Args:  exactArgs("IDENTITY_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.Identities.Get(cmd.Context(), args[0]) })
		},
	}
}

func (a *app) identitiesDelete() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete IDENTITY_TOKEN --yes",
		Short: "Delete an identity at once (DELETE /identities/{identity_token}.json)",
		Args:  exactArgs("IDENTITY_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !yes {
				return usagef("deleting identity %s cannot be undone: add --yes", args[0])
			}
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.Identities.Delete(cmd.Context(), args[0]) })
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm the deletion")
	return cmd
}

func (a *app) identitiesRelink() *cobra.Command {
	return &cobra.Command{
		Use:   "relink IDENTITY_TOKEN USER_TOKEN",
		Short: "Move an identity to another user (PUT /identities/{identity_token}/link.json)",
		Args:  exactArgs("IDENTITY_TOKEN", "USER_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.Identities.Relink(cmd.Context(), args[0], args[1]) })
		},
	}
}

func (a *app) identitiesSync() *cobra.Command {
	var o wrapper.SynchronizeOptions
	cmd := &cobra.Command{
		Use:   "sync IDENTITY_TOKEN",
		Short: "Refresh an identity from the social network (PUT /identities/{identity_token}/synchronize.json)",
		Args:  exactArgs("IDENTITY_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.Identities.Synchronize(cmd.Context(), args[0], &o) })
		},
	}
	cmd.Flags().BoolVar(&o.TokenOnly, "token-only", false, "refresh the access token but not the profile data")
	cmd.Flags().BoolVar(&o.ForceTokenUpdate, "force-token-update", false, "refresh the access token even if it has not expired")
	return cmd
}

// contactsPageJSON is how a page of an identity's contacts is printed.
type contactsPageJSON struct {
	pageJSON[api.Contact]
	Cache api.Cache `json:"cache,omitzero"`
	Live  bool      `json:"live"`
}

func (a *app) identitiesContacts() *cobra.Command {
	var l listFlags
	var disableCache bool
	cmd := &cobra.Command{
		Use:   "contacts IDENTITY_TOKEN",
		Short: "List an identity's social contacts (GET /identities/{identity_token}/contacts.json)",
		Args:  exactArgs("IDENTITY_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			o := &wrapper.ContactsOptions{ListOptions: *l.options(), DisableCache: disableCache}
			if l.all {
				return stream(a, c.Identities.AllContacts(cmd.Context(), args[0], o))
			}
			p, err := c.Identities.Contacts(cmd.Context(), args[0], o)
			if err != nil {
				return err
			}
			return a.printJSON(contactsPageJSON{pageJSON: pageOf(&p.Page), Cache: p.Cache, Live: p.Live})
		},
	}
	l.add(cmd, true)
	cmd.Flags().BoolVar(&disableCache, "disable-cache", false, "read the contacts live from the social network")
	return cmd
}

func (a *app) identitiesSteamGames() *cobra.Command {
	return &cobra.Command{
		Use:   "steam-games IDENTITY_TOKEN",
		Short: "List the games of a Steam identity (deprecated by OneAll)",
		Args:  exactArgs("IDENTITY_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) {
				//lint:ignore SA1019 the CLI covers every operation
				return c.Identities.SteamGames(cmd.Context(), args[0])
			})
		},
	}
}

func (a *app) identitiesYouTubeVideos() *cobra.Command {
	return &cobra.Command{
		Use:   "youtube-videos IDENTITY_TOKEN",
		Short: "List the videos of a YouTube identity (deprecated by OneAll)",
		Args:  exactArgs("IDENTITY_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) {
				//lint:ignore SA1019 the CLI covers every operation
				return c.Identities.YouTubeVideos(cmd.Context(), args[0])
			})
		},
	}
}

func (a *app) identitiesFacebookPosts() *cobra.Command {
	var l listFlags
	cmd := &cobra.Command{
		Use:   "facebook-posts IDENTITY_TOKEN",
		Short: "List the posts of a Facebook identity (deprecated by OneAll)",
		Args:  exactArgs("IDENTITY_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) {
				//lint:ignore SA1019 the CLI covers every operation
				return c.Identities.FacebookPosts(cmd.Context(), args[0], l.options())
			})
		},
	}
	l.add(cmd, false)
	return cmd
}
