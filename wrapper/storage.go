package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
)

// StorageService manages users in OneAll's User Cloud Storage, a hosted
// user database with hashed passwords (a feature the site must have).
type StorageService struct{ c *Client }

// UpdateMode says how UpdateUser merges the given data.
type UpdateMode string

const (
	// Replace (the default) overwrites given values, removes values given as
	// null (api.Null, or a profile field set to nil with Identity.Set), and
	// replaces lists. Fields left unset are not sent and stay as they are.
	Replace UpdateMode = "replace"
	// Append ignores null or blank values and adds given list elements after
	// the stored ones.
	Append UpdateMode = "append"
)

// IdentifierField is the field SynchronizeUser finds a user by.
type IdentifierField string

const (
	// ByUserToken finds the user by its OneAll user token.
	ByUserToken IdentifierField = "user_token"
	// ByExternalID finds the user by your own identifier (externalid).
	ByExternalID IdentifierField = "externalid"
	// ByLogin finds the user by its login.
	ByLogin IdentifierField = "login"
)

// Identifier names the user that SynchronizeUser updates (or creates).
type Identifier struct {
	// Field is what Value is: ByUserToken, ByExternalID or ByLogin.
	Field IdentifierField
	// Value is the user's token, externalid or login.
	Value string
}

// SyncResult is the synchronized user and whether it was created.
//
// Its tags let the answer's result.data decode straight into it.
type SyncResult struct {
	// User is the user as OneAll stored it.
	User api.StorageUser `json:"user"`
	// Created is true when no user matched and a new one was created (201).
	Created bool `json:"-"`
}

// Lookup finds a user by every field that is set; with a Password it also
// checks the user's password.
type Lookup struct {
	// UserToken, ExternalID and Login select the user; empty ones are not sent.
	UserToken, ExternalID, Login string
	// Password is checked against the stored hash; it is never printed.
	// It is the type of api.StorageUserInput's Password: one variable
	// serves both.
	Password api.Password
}

// String hides the password.
func (l Lookup) String() string {
	pw := ""
	if l.Password != "" {
		pw = "[REDACTED]"
	}
	return fmt.Sprintf("wrapper.Lookup{UserToken: %q, ExternalID: %q, Login: %q, Password: %q}", l.UserToken, l.ExternalID, l.Login, pw)
}

// GoString hides the password from %#v too.
func (l Lookup) GoString() string { return l.String() }

// Format hides the password from every fmt verb.
func (l Lookup) Format(f fmt.State, verb rune) { fmt.Fprint(f, l.String()) }

// LogValue hides the password from slog.
func (l Lookup) LogValue() slog.Value { return slog.StringValue(l.String()) }

// MarshalJSON hides the password from JSON (slog's JSON handler, say): the
// request body is built from the fields, never from this.
func (l Lookup) MarshalJSON() ([]byte, error) { return json.Marshal(l.String()) }

// CreateUser creates a user and returns it with its new user_token (and an
// externalid from OneAll's sequence if none was given). It is never sent
// twice: a failure after the request may have reached OneAll is returned.
func (s *StorageService) CreateUser(ctx context.Context, in api.StorageUserInput, opts ...Option) (*api.StorageUser, error) {
	var body api.CreateStorageUserBody
	body.Request.User = in
	d, err := call[api.StorageUserData](ctx, s.c, opts, opCreateStorageUser, hasStorageUser, func(server string) (*http.Request, error) {
		return api.NewCreateStorageUserRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	return &d.data.User, nil
}

// UpdateUser changes a user's login data and storage identity. An empty mode
// is Replace. Only what in sets is sent:
//
//	profile := api.Identity{DisplayName: "Ada L."}
//	profile.Set("gender", nil) // sent as null: Replace removes the gender
//	in := api.StorageUserInput{Login: api.Set("ada"), ExternalID: api.Null[string](), Identity: profile}
//	u, err := c.Storage.UpdateUser(ctx, userToken, in, wrapper.Replace)
//
// Append updates are not retried once they may have reached
// OneAll, since a second one would append the lists twice.
func (s *StorageService) UpdateUser(ctx context.Context, userToken string, in api.StorageUserInput, mode UpdateMode, opts ...Option) (*api.StorageUser, error) {
	if err := checkToken("user_token", userToken); err != nil {
		return nil, err
	}
	if mode == "" {
		mode = Replace
	}
	if mode != Replace && mode != Append {
		return nil, invalidInput("update_mode", "must be %q or %q, got %q", Replace, Append, truncate(string(mode), 32))
	}
	var body api.UpdateStorageUserBody
	body.Request.UpdateMode = api.UpdateStorageUserBodyRequestUpdateMode(mode)
	body.Request.User = in
	d, err := call[api.StorageUserData](ctx, s.c, opts, opUpdateStorageUser.withReplay(replay(mode == Replace)), hasStorageUser, func(server string) (*http.Request, error) {
		return api.NewUpdateStorageUserRequest(server, userToken, body)
	})
	if err != nil {
		return nil, err
	}
	return &d.data.User, nil
}

// SynchronizeUser updates the user that id names, or creates it when none
// matches (an upsert). Only the fields set in in are changed.
func (s *StorageService) SynchronizeUser(ctx context.Context, id Identifier, in api.StorageUserInput, opts ...Option) (*SyncResult, error) {
	switch id.Field {
	case ByUserToken:
		if err := checkToken("identifier.value", id.Value); err != nil {
			return nil, err
		}
	case ByExternalID, ByLogin:
		if id.Value == "" {
			return nil, invalidInput("identifier.value", "is empty")
		}
	default:
		return nil, invalidInput("identifier.field", "must be %q, %q or %q, got %q", ByUserToken, ByExternalID, ByLogin, truncate(string(id.Field), 32))
	}
	var body api.SynchronizeStorageUserBody
	body.Request.Synchronize.Identifier = api.StorageIdentifier{Field: api.StorageIdentifierField(id.Field), Value: api.FlexString(id.Value)}
	body.Request.Synchronize.User = in
	d, err := call[SyncResult](ctx, s.c, opts, opSynchronizeStorageUser, hasSyncUser, func(server string) (*http.Request, error) {
		return api.NewSynchronizeStorageUserRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	d.data.Created = d.status == http.StatusCreated
	return d.data, nil
}

// LookupUser finds the user matching every field set in l and, with a
// password, authenticates it. A wrong password is ErrInvalidCredentials, no
// matching user ErrNotFound.
func (s *StorageService) LookupUser(ctx context.Context, l Lookup, opts ...Option) (*api.StorageUser, error) {
	if l.UserToken == "" && l.ExternalID == "" && l.Login == "" {
		return nil, invalidInput("lookup", "give at least one of UserToken, ExternalID and Login")
	}
	var body api.LookupStorageUserBody
	u := &body.Request.User
	if l.UserToken != "" {
		if err := checkToken("user_token", l.UserToken); err != nil {
			return nil, err
		}
		u.UserToken = l.UserToken
	}
	u.ExternalID = api.FlexString(l.ExternalID)
	u.Login = l.Login
	u.Password = l.Password // empty ones are not sent (omitzero)
	// A lookup changes nothing, so the POST may be retried.
	d, err := call[api.StorageUserData](ctx, s.c, opts, opLookupStorageUser, hasStorageUser, func(server string) (*http.Request, error) {
		return api.NewLookupStorageUserRequest(server, body)
	})
	if err != nil {
		var e *APIError
		if errors.As(err, &e) && e.kind == ErrUnauthorized && !isCredentialsInfo(e.Info) {
			e.kind = ErrInvalidCredentials
		}
		return nil, err
	}
	return &d.data.User, nil
}
