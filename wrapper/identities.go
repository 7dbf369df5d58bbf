package wrapper

import (
	"context"
	"iter"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
)

// IdentitiesService reads, relinks, synchronizes and deletes the social
// network profiles (identities) of the site's users.
type IdentitiesService struct{ c *Client }

// SynchronizeOptions changes what Synchronize refreshes. The zero value is
// OneAll's default: refresh the access token if it expired, and the profile.
type SynchronizeOptions struct {
	// TokenOnly refreshes the access token but not the profile data
	// (update_user_data=false).
	TokenOnly bool
	// ForceTokenUpdate refreshes the access token even if it has not expired.
	ForceTokenUpdate bool
}

// ContactsOptions selects a page of an identity's contacts.
type ContactsOptions struct {
	ListOptions
	// DisableCache reads the contacts live from the social network instead
	// of OneAll's daily cache.
	DisableCache bool
}

// ContactsPage is a page of contacts with the freshness of OneAll's cache.
type ContactsPage struct {
	Page[api.Contact]
	// Cache says when OneAll read the contacts from the social network.
	Cache api.Cache
	// Live is true when OneAll read them live (HTTP 203) rather than from its cache.
	Live bool
}

// List returns one page of the site's identities.
func (s *IdentitiesService) List(ctx context.Context, opts *ListOptions) (*Page[api.Identity], error) {
	if err := opts.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := opts.query()
	op := operation{method: http.MethodGet, path: "/identities.json", idempotent: true}
	d, err := call[identityListData](ctx, s.c, op, hasIdentities, func(ctx context.Context) (*http.Response, error) {
		return s.c.api.ListIdentities(ctx, &api.ListIdentitiesParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	l := d.data.Identities
	return newPage(l.Entries, l.Pagination), nil
}

// All iterates over every identity of the site, fetching pages of 500 as it
// goes. It stops fetching as soon as the loop breaks; a failure is yielded
// once, as the last element.
func (s *IdentitiesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[api.Identity, error] {
	return paginate(ctx, deref(opts), s.List)
}

// Get returns the complete profile of an identity.
func (s *IdentitiesService) Get(ctx context.Context, identityToken string) (*api.Identity, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	op := operation{method: http.MethodGet, path: "/identities/" + identityToken + ".json", idempotent: true}
	d, err := call[api.IdentityData](ctx, s.c, op, hasIdentity, func(ctx context.Context) (*http.Response, error) {
		return s.c.api.GetIdentity(ctx, identityToken)
	})
	if err != nil {
		return nil, err
	}
	return &d.data.Identity, nil
}

// Delete deletes an identity at once (it sends confirm_deletion=true) and
// returns what was removed: the identity's token, provider and the token of
// the user that owned it, as Users.Delete returns the deleted user. The
// deletion has happened even if OneAll's answer leaves the identity out;
// then only IdentityToken is filled in.
func (s *IdentitiesService) Delete(ctx context.Context, identityToken string) (*api.Identity, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	op := operation{method: http.MethodDelete, path: "/identities/" + identityToken + ".json", idempotent: true}
	d, err := call[api.IdentityData](ctx, s.c, op, nil, func(ctx context.Context) (*http.Response, error) {
		return s.c.api.DeleteIdentity(ctx, identityToken, &api.DeleteIdentityParams{ConfirmDeletion: true})
	})
	if err != nil {
		return nil, err
	}
	id := api.Identity{IdentityToken: identityToken}
	if d.data != nil && d.data.Identity.IdentityToken != "" {
		id = d.data.Identity
	}
	return &id, nil
}

// Relink moves an identity to another user and returns that user with its
// updated identities.
func (s *IdentitiesService) Relink(ctx context.Context, identityToken, userToken string) (*api.User, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	if err := checkToken("user_token", userToken); err != nil {
		return nil, err
	}
	var body api.RelinkBody
	body.Request.User.UserToken = userToken
	op := operation{method: http.MethodPut, path: "/identities/" + identityToken + "/link.json", idempotent: true}
	d, err := call[api.UserData](ctx, s.c, op, hasUser, func(ctx context.Context) (*http.Response, error) {
		return s.c.api.RelinkIdentity(ctx, identityToken, body)
	})
	if err != nil {
		return nil, err
	}
	return &d.data.User, nil
}

// Synchronize refreshes an identity from the social network profile and
// returns it. The identity token does not change.
func (s *IdentitiesService) Synchronize(ctx context.Context, identityToken string, opts *SynchronizeOptions) (*api.Identity, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	o := deref(opts)
	body := api.SynchronizeIdentityBody{}
	body.Request.Synchronize = api.SynchronizeIdentitySettings{
		UpdateUserData:   api.Set(!o.TokenOnly),
		ForceTokenUpdate: api.Set(o.ForceTokenUpdate),
	}
	op := operation{method: http.MethodPut, path: "/identities/" + identityToken + "/synchronize.json", idempotent: true}
	d, err := call[api.IdentityData](ctx, s.c, op, hasIdentity, func(ctx context.Context) (*http.Response, error) {
		return s.c.api.SynchronizeIdentity(ctx, identityToken, body)
	})
	if err != nil {
		return nil, err
	}
	return &d.data.Identity, nil
}

// Contacts returns one page of an identity's social contacts.
func (s *IdentitiesService) Contacts(ctx context.Context, identityToken string, opts *ContactsOptions) (*ContactsPage, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	o := deref(opts)
	if err := o.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := o.query()
	params := &api.ListIdentityContactsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order}
	if o.DisableCache {
		params.DisableCache = &o.DisableCache
	}
	op := operation{method: http.MethodGet, path: "/identities/" + identityToken + "/contacts.json", idempotent: true}
	d, err := call[api.IdentityContactsData](ctx, s.c, op, anyData[api.IdentityContactsData], func(ctx context.Context) (*http.Response, error) {
		return s.c.api.ListIdentityContacts(ctx, identityToken, params)
	})
	if err != nil {
		return nil, err
	}
	l := d.data.Contacts
	return &ContactsPage{
		Page:  *newPage(l.Entries, l.Pagination),
		Cache: d.data.Cache,
		Live:  d.status == http.StatusNonAuthoritativeInfo,
	}, nil
}

// AllContacts iterates over every contact of an identity, page by page.
func (s *IdentitiesService) AllContacts(ctx context.Context, identityToken string, opts *ContactsOptions) iter.Seq2[api.Contact, error] {
	o := deref(opts)
	return paginate(ctx, o.ListOptions, func(ctx context.Context, lo *ListOptions) (*Page[api.Contact], error) {
		o.ListOptions = *lo
		cp, err := s.Contacts(ctx, identityToken, &o)
		if err != nil {
			return nil, err
		}
		return &cp.Page, nil
	})
}

// SteamGames returns the games a Steam identity owns, with the time played.
//
// Deprecated: OneAll deprecated this endpoint in favour of its Pull API.
func (s *IdentitiesService) SteamGames(ctx context.Context, identityToken string) (*api.SteamGamesData, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	op := operation{method: http.MethodGet, path: "/identities/" + identityToken + "/steam/games.json", idempotent: true}
	d, err := call[api.SteamGamesData](ctx, s.c, op, anyData[api.SteamGamesData], func(ctx context.Context) (*http.Response, error) {
		return s.c.api.ListSteamGames(ctx, identityToken)
	})
	if err != nil {
		return nil, err
	}
	return d.data, nil
}

// YouTubeVideos returns the videos of a YouTube identity.
//
// Deprecated: OneAll deprecated this endpoint in favour of its Pull API.
func (s *IdentitiesService) YouTubeVideos(ctx context.Context, identityToken string) (*api.YouTubeVideosData, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	op := operation{method: http.MethodGet, path: "/identities/" + identityToken + "/youtube/videos.json", idempotent: true}
	d, err := call[api.YouTubeVideosData](ctx, s.c, op, anyData[api.YouTubeVideosData], func(ctx context.Context) (*http.Response, error) {
		return s.c.api.ListYouTubeVideos(ctx, identityToken)
	})
	if err != nil {
		return nil, err
	}
	return d.data, nil
}

// FacebookPosts returns one page of the posts of a Facebook identity.
//
// Deprecated: OneAll deprecated this endpoint in favour of its Pull API.
func (s *IdentitiesService) FacebookPosts(ctx context.Context, identityToken string, opts *ListOptions) (*api.FacebookPostsData, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	if err := opts.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := opts.query()
	op := operation{method: http.MethodGet, path: "/identities/" + identityToken + "/facebook/posts.json", idempotent: true}
	d, err := call[api.FacebookPostsData](ctx, s.c, op, anyData[api.FacebookPostsData], func(ctx context.Context) (*http.Response, error) {
		return s.c.api.ListFacebookPosts(ctx, identityToken, &api.ListFacebookPostsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	return d.data, nil
}

// call sends op with retries and decodes the answer's payload.
func call[D any](ctx context.Context, c *Client, op operation, need check[D], send func(context.Context) (*http.Response, error)) (*decoded[D], error) {
	ans, err := c.do(ctx, op, send)
	if err != nil {
		return nil, err
	}
	return decode[D](op, ans, need)
}
