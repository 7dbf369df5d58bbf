package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// The commands of a social login's APIs: connections, Single Sign-On
// sessions, the site, ping and the providers.

func (a *app) connectionsCommand() *cobra.Command {
	cmd := group(&cobra.Command{
		Use:     "connections",
		Aliases: []string{"connection"},
		Short:   "Read connections: the logins, links and unlinks of social network accounts",
	})
	cmd.AddCommand(a.connectionsList(), a.connectionsGet())
	return cmd
}

func (a *app) connectionsList() *cobra.Command {
	return listCommand(a, "List the site's connections (GET /connections.json)", func(c *wrapper.Client) (pageFunc[api.Connection], allFunc[api.Connection]) {
		return c.Connections.List, c.Connections.All
	}, nil)
}

// connectionJSON is how a redeemed connection is printed.
type connectionJSON struct {
	ConnectionToken string         `json:"connection_token"`
	Outcome         string         `json:"outcome"`
	Service         string         `json:"service,omitempty"`
	Status          string         `json:"status,omitempty"`
	Reason          string         `json:"reason,omitempty"`
	UserToken       string         `json:"user_token,omitempty"`
	CallbackURI     string         `json:"callback_uri,omitempty"`
	Identity        *api.Identity  `json:"identity,omitempty"`
	Identities      []api.Identity `json:"identities,omitempty"`
}

func (a *app) connectionsGet() *cobra.Command {
	return &cobra.Command{
		Use:   "get CONNECTION_TOKEN",
		Short: "Redeem a connection token: who logged in, linked or unlinked (GET /connections/{connection_token}.json)",
		Long: `Redeem a connection token, as a login callback does: what happened (outcome
login, link_identity, unlink_identity or single_sign_on) and who (the user token
and the identity). The identity holds the person's access token at the network.
OneAll may let a token be read only once (the fake does): redeeming it here
takes it from the site's callback.`,
		Args: exactArgs("CONNECTION_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) {
				conn, err := c.Connections.Get(cmd.Context(), args[0])
				if err != nil {
					return nil, err
				}
				return connectionJSON{
					ConnectionToken: conn.Token, Outcome: string(conn.Outcome), Service: conn.Service,
					Status: conn.Status, Reason: conn.Reason, UserToken: conn.UserToken, CallbackURI: conn.CallbackURI,
					Identity: conn.Identity, Identities: conn.Identities,
				}, nil
			})
		},
	}
}

func (a *app) ssoCommand() *cobra.Command {
	cmd := group(&cobra.Command{
		Use:   "sso",
		Short: "Start, read and end Single Sign-On sessions",
	})
	cmd.AddCommand(a.ssoList(), a.ssoGet(), a.ssoDelete(), a.ssoStart(), a.ssoGetForIdentity(), a.ssoDestroyForIdentity())
	return cmd
}

func (a *app) ssoList() *cobra.Command {
	return listCommand(a, "List the site's Single Sign-On sessions (GET /sso/sessions.json)", func(c *wrapper.Client) (pageFunc[api.SSOSession], allFunc[api.SSOSession]) {
		return c.SSO.List, c.SSO.All
	}, nil)
}

func (a *app) ssoGet() *cobra.Command {
	return &cobra.Command{
		Use:   "get SSO_SESSION_TOKEN",
		Short: "Read a Single Sign-On session (GET /sso/sessions/{sso_session_token}.json)",
		Args:  exactArgs("SSO_SESSION_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.SSO.Get(cmd.Context(), args[0]) })
		},
	}
}

// deletedJSON is what a deletion that answers nothing prints.
type deletedJSON struct {
	Deleted bool   `json:"deleted"`
	Token   string `json:"token"`
}

func (a *app) ssoDelete() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete SSO_SESSION_TOKEN --yes",
		Short: "Delete a Single Sign-On session (DELETE /sso/sessions/{sso_session_token}.json)",
		Args:  exactArgs("SSO_SESSION_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !yes {
				return usagef("deleting session %s logs its person out of every site: add --yes", args[0])
			}
			return a.printResult(func(c *wrapper.Client) (any, error) {
				return deletedJSON{Deleted: true, Token: args[0]}, c.SSO.Delete(cmd.Context(), args[0])
			})
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm the deletion")
	return cmd
}

func (a *app) ssoStart() *cobra.Command {
	var o wrapper.SSOSessionOptions
	cmd := &cobra.Command{
		Use:   "start IDENTITY_TOKEN [--top-realm R] [--sub-realm R] [--lifetime 8h] [--data D]",
		Short: "Start a Single Sign-On session for an identity (PUT /sso/sessions/identities/{identity_token}.json)",
		Long: `Start a Single Sign-On session for an identity, usually the cloud storage
identity of a user who just logged in. OneAll ends the identity's earlier
session. Without --lifetime the session lives OneAll's default, 24 hours.`,
		Args: exactArgs("IDENTITY_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.SSO.Start(cmd.Context(), args[0], &o) })
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.TopRealm, "top-realm", "", "the sites that recognise the session (top realm)")
	f.StringVar(&o.SubRealm, "sub-realm", "", "narrows --top-realm")
	f.DurationVar(&o.Lifetime, "lifetime", 0, "how long the session lives, whole seconds (default: OneAll's, 24h)")
	f.StringVar(&o.Data, "data", "", "data kept with the session, e.g. the site's URL")
	return cmd
}

func (a *app) ssoGetForIdentity() *cobra.Command {
	return &cobra.Command{
		Use:   "get-for-identity IDENTITY_TOKEN",
		Short: "Read the Single Sign-On session of an identity (GET /sso/sessions/identities/{identity_token}.json)",
		Args:  exactArgs("IDENTITY_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.SSO.GetForIdentity(cmd.Context(), args[0]) })
		},
	}
}

func (a *app) ssoDestroyForIdentity() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "destroy-for-identity IDENTITY_TOKEN --yes",
		Short: "End the Single Sign-On session of an identity: log out everywhere (DELETE /sso/sessions/identities/{identity_token}.json)",
		Args:  exactArgs("IDENTITY_TOKEN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !yes {
				return usagef("ending the session of identity %s logs its person out of every site: add --yes", args[0])
			}
			return a.printResult(func(c *wrapper.Client) (any, error) {
				return deletedJSON{Deleted: true, Token: args[0]}, c.SSO.DestroyForIdentity(cmd.Context(), args[0])
			})
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm the deletion")
	return cmd
}

func (a *app) siteCommand() *cobra.Command {
	return &cobra.Command{
		Use:         "site",
		Short:       "Read the site's details, such as whether its plan has Single Sign-On (GET /site.json)",
		Annotations: map[string]string{takesGenerated: "yes"},
		Args:        exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) { return c.Site.Get(cmd.Context()) })
		},
	}
}

// pingJSON is what a working ping prints.
type pingJSON struct {
	OK       bool   `json:"ok"`
	Duration string `json:"duration"`
}

func (a *app) pingCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "ping",
		Short: "Check the subdomain and the keys (GET /tools/ping.json): exit 0 when they work, 3 when OneAll refuses them",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) {
				start := time.Now()
				if err := c.Tools.Ping(cmd.Context()); err != nil {
					return nil, err
				}
				return pingJSON{OK: true, Duration: time.Since(start).Round(time.Millisecond).String()}, nil
			})
		},
	}
}

func (a *app) providersCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "providers",
		Short: "List the social networks OneAll supports (GET /providers.json)",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.printResult(func(c *wrapper.Client) (any, error) {
				l, err := c.Providers.List(cmd.Context())
				if l == nil {
					l = []api.Provider{}
				}
				return l, err
			})
		},
	}
}
