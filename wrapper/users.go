package wrapper

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"log/slog"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
)

// UsersService reads, imports and deletes the site's users, each owning one
// or more identities.
type UsersService struct{ c *Client }

// UserContactsOptions selects how a user's contacts are read.
type UserContactsOptions struct {
	// DisableCache reads every network live instead of OneAll's 24-hour cache.
	DisableCache bool
}

// UserContacts are the contacts of each of a user's identities.
type UserContacts struct {
	// Entries holds one sub-result per identity; check each Contacts.Status.
	Entries []api.IdentityContacts
	// Partial is true when OneAll answered 207: some networks failed.
	Partial bool
}

// ImportInput describes a social network profile to import with
// PUT /users.json (Users.Import). Give an access token (with its secret for
// OAuth 1 networks) or an IDToken.
type ImportInput struct {
	// Provider is the social network's key, e.g. "facebook".
	Provider string
	// AccessToken and AccessTokenSecret are the user's token at the network.
	AccessToken, AccessTokenSecret string
	// IDToken is an external token (JWT) instead of an access token.
	IDToken string
	// UserToken links the imported profile to this existing user, if set.
	UserToken string
}

// String hides the tokens.
func (i ImportInput) String() string {
	return "wrapper.ImportInput{Provider: " + i.Provider + ", UserToken: " + i.UserToken + ", tokens: [REDACTED]}"
}

// GoString hides the tokens from %#v too.
func (i ImportInput) GoString() string { return i.String() }

// Format hides the tokens from every fmt verb.
func (i ImportInput) Format(f fmt.State, verb rune) { fmt.Fprint(f, i.String()) }

// LogValue hides the tokens from slog.
func (i ImportInput) LogValue() slog.Value { return slog.StringValue(i.String()) }

// MarshalJSON hides the tokens from JSON (slog's JSON handler, say).
func (i ImportInput) MarshalJSON() ([]byte, error) { return json.Marshal(i.String()) }

// ImportResult is the imported user and whether it is new.
type ImportResult struct {
	// User is the imported user, with the identity made from the token.
	User api.User
	// Created is true when OneAll created a new user (HTTP 201).
	Created bool
}

// List returns one page of the site's users; lo.Filters narrows it.
func (s *UsersService) List(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.User], error) {
	if err := lo.validate(true); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	params := &api.ListUsersParams{Page: page, EntriesPerPage: perPage, OrderDirection: order}
	if lo != nil && lo.Filters != "" {
		params.Filters = &lo.Filters
	}
	d, err := call[userListData](ctx, s.c, opts, opListUsers, nil, func(server string) (*http.Request, error) {
		return api.NewListUsersRequest(server, params)
	})
	if err != nil {
		return nil, err
	}
	l := d.data.Users
	return newPage(l.Entries, l.Pagination), nil
}

// All iterates over every user of the site, fetching pages of 500 as it goes.
func (s *UsersService) All(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.User, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.User], error) {
		return s.List(ctx, lo, opts...)
	})
}

// Get returns a user with the complete profiles of its identities.
func (s *UsersService) Get(ctx context.Context, userToken string, opts ...Option) (*api.User, error) {
	if err := checkToken("user_token", userToken); err != nil {
		return nil, err
	}
	d, err := callPlain[api.UserData](ctx, s.c, opts, opGetUser, hasUser, userToken)
	if err != nil {
		return nil, err
	}
	return &d.data.User, nil
}

// Delete deletes a user and all its identities, definitively, and returns
// what was removed. The social network profiles are untouched.
func (s *UsersService) Delete(ctx context.Context, userToken string, opts ...Option) (*api.User, error) {
	if err := checkToken("user_token", userToken); err != nil {
		return nil, err
	}
	d, err := call[api.UserData](ctx, s.c, opts, opDeleteUser, hasUser, func(server string) (*http.Request, error) {
		return api.NewDeleteUserRequest(server, userToken, &api.DeleteUserParams{ConfirmDeletion: true})
	})
	if err != nil {
		return nil, err
	}
	return &d.data.User, nil
}

// Contacts reads the contacts of every identity of a user. When some
// networks fail OneAll answers 207: the result is Partial, not an error.
func (s *UsersService) Contacts(ctx context.Context, userToken string, uo *UserContactsOptions, opts ...Option) (*UserContacts, error) {
	if err := checkToken("user_token", userToken); err != nil {
		return nil, err
	}
	o := deref(uo)
	params := &api.ListUserContactsParams{}
	if o.DisableCache {
		params.DisableCache = &o.DisableCache
	}
	d, err := call[api.UserContactsData](ctx, s.c, opts, opListUserContacts, nil, func(server string) (*http.Request, error) {
		return api.NewListUserContactsRequest(server, userToken, params)
	})
	if err != nil {
		return nil, err
	}
	return &UserContacts{Entries: d.data.Identities.Entries, Partial: d.status == http.StatusMultiStatus}, nil
}

// Import creates a user from a social network access token (or updates the
// user that already has that profile). It is never sent twice: a failure
// after the request may have reached OneAll is returned, not retried.
func (s *UsersService) Import(ctx context.Context, in ImportInput, opts ...Option) (*ImportResult, error) {
	if in.Provider == "" {
		return nil, invalidInput("provider", "is empty")
	}
	if (in.AccessToken == "") == (in.IDToken == "") {
		return nil, invalidInput("access token", "give exactly one of AccessToken and IDToken")
	}
	if in.AccessTokenSecret != "" && in.AccessToken == "" {
		return nil, invalidInput("access token secret", "needs an AccessToken")
	}
	var body api.ImportUserBody
	u := &body.Request.User
	if in.UserToken != "" {
		if err := checkToken("user_token", in.UserToken); err != nil {
			return nil, err
		}
		u.UserToken = in.UserToken
	}
	u.Identity.Source.Key = in.Provider
	if in.AccessToken != "" {
		u.Identity.Source.AccessToken = api.ImportAccessToken{Key: in.AccessToken, Secret: in.AccessTokenSecret}
	} else {
		u.Identity.Source.IDToken = api.ImportIDToken{Value: in.IDToken}
	}
	d, err := call[api.UserData](ctx, s.c, opts, opImportUser, hasUser, func(server string) (*http.Request, error) {
		return api.NewImportUserRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	return &ImportResult{User: d.data.User, Created: d.status == http.StatusCreated}, nil
}
