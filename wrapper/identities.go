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
func (s *IdentitiesService) List(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.Identity], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := call[identityListData](ctx, s.c, opts, opListIdentities, nil, func(server string) (*http.Request, error) {
		return api.NewListIdentitiesRequest(server, &api.ListIdentitiesParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
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
func (s *IdentitiesService) All(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.Identity, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.Identity], error) {
		return s.List(ctx, lo, opts...)
	})
}

// Get returns the complete profile of an identity.
func (s *IdentitiesService) Get(ctx context.Context, identityToken string, opts ...Option) (*api.Identity, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	d, err := callPlain[api.IdentityData](ctx, s.c, opts, opGetIdentity, hasIdentity, identityToken)
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
func (s *IdentitiesService) Delete(ctx context.Context, identityToken string, opts ...Option) (*api.Identity, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	d, err := call[api.IdentityData](ctx, s.c, opts, opDeleteIdentity.payloadOptional(), nil, func(server string) (*http.Request, error) {
		return api.NewDeleteIdentityRequest(server, identityToken, &api.DeleteIdentityParams{ConfirmDeletion: true})
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
func (s *IdentitiesService) Relink(ctx context.Context, identityToken, userToken string, opts ...Option) (*api.User, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	if err := checkToken("user_token", userToken); err != nil {
		return nil, err
	}
	var body api.RelinkBody
	body.Request.User.UserToken = userToken
	d, err := call[api.UserData](ctx, s.c, opts, opRelinkIdentity, hasUser, func(server string) (*http.Request, error) {
		return api.NewRelinkIdentityRequest(server, identityToken, body)
	})
	if err != nil {
		return nil, err
	}
	return &d.data.User, nil
}

// Synchronize refreshes an identity from the social network profile and
// returns it. The identity token does not change.
func (s *IdentitiesService) Synchronize(ctx context.Context, identityToken string, so *SynchronizeOptions, opts ...Option) (*api.Identity, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	o := deref(so)
	body := api.SynchronizeIdentityBody{}
	body.Request.Synchronize = api.SynchronizeIdentitySettings{
		UpdateUserData:   api.Set(!o.TokenOnly),
		ForceTokenUpdate: api.Set(o.ForceTokenUpdate),
	}
	d, err := call[api.IdentityData](ctx, s.c, opts, opSynchronizeIdentity, hasIdentity, func(server string) (*http.Request, error) {
		return api.NewSynchronizeIdentityRequest(server, identityToken, body)
	})
	if err != nil {
		return nil, err
	}
	return &d.data.Identity, nil
}

// Contacts returns one page of an identity's social contacts.
func (s *IdentitiesService) Contacts(ctx context.Context, identityToken string, co *ContactsOptions, opts ...Option) (*ContactsPage, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	o := deref(co)
	if err := o.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := o.query()
	params := &api.ListIdentityContactsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order}
	if o.DisableCache {
		params.DisableCache = &o.DisableCache
	}
	d, err := call[api.IdentityContactsData](ctx, s.c, opts, opListIdentityContacts, nil, func(server string) (*http.Request, error) {
		return api.NewListIdentityContactsRequest(server, identityToken, params)
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
func (s *IdentitiesService) AllContacts(ctx context.Context, identityToken string, co *ContactsOptions, opts ...Option) iter.Seq2[api.Contact, error] {
	o := deref(co)
	return paginate(ctx, s.c, opts, o.ListOptions, func(ctx context.Context, lo *ListOptions) (*Page[api.Contact], error) {
		page := o // each fetch its own copy: pages may be fetched at once
		page.ListOptions = *lo
		cp, err := s.Contacts(ctx, identityToken, &page, opts...)
		if err != nil {
			return nil, err
		}
		return &cp.Page, nil
	})
}

// SteamGames returns the games a Steam identity owns, with the time played.
//
// Deprecated: OneAll deprecated this endpoint in favour of its Pull API:
// use Client.Pull.SteamGames.
func (s *IdentitiesService) SteamGames(ctx context.Context, identityToken string, opts ...Option) (*api.SteamGamesData, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	d, err := callPlain[api.SteamGamesData](ctx, s.c, opts, opListSteamGames, nil, identityToken)
	if err != nil {
		return nil, err
	}
	return d.data, nil
}

// YouTubeVideos returns the videos of a YouTube identity.
//
// Deprecated: OneAll deprecated this endpoint in favour of its Pull API:
// use Client.Pull.YouTubeVideos.
func (s *IdentitiesService) YouTubeVideos(ctx context.Context, identityToken string, opts ...Option) (*api.YouTubeVideosData, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	d, err := callPlain[api.YouTubeVideosData](ctx, s.c, opts, opListYouTubeVideos, nil, identityToken)
	if err != nil {
		return nil, err
	}
	return d.data, nil
}

// FacebookPosts returns one page of the posts of a Facebook identity.
//
// Deprecated: OneAll deprecated this endpoint in favour of its Pull API:
// use Client.Pull.FacebookPosts.
func (s *IdentitiesService) FacebookPosts(ctx context.Context, identityToken string, lo *ListOptions, opts ...Option) (*api.FacebookPostsData, error) {
	if err := checkToken("identity_token", identityToken); err != nil {
		return nil, err
	}
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := call[api.FacebookPostsData](ctx, s.c, opts, opListFacebookPosts, nil, func(server string) (*http.Request, error) {
		return api.NewListFacebookPostsRequest(server, identityToken, &api.ListFacebookPostsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	return d.data, nil
}
