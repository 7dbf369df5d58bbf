package onealltest

import (
	"net/http"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// identityEntry is an identity in a list, as OneAll lists them.
type identityEntry struct {
	UserToken      string        `json:"user_token"`
	IdentityToken  string        `json:"identity_token"`
	Provider       string        `json:"provider"`
	DateCreation   api.Timestamp `json:"date_creation"`
	DateLastUpdate api.Timestamp `json:"date_last_update"`
}

// identityRef is an identity in a user's list of identities.
type identityRef struct {
	IdentityToken string `json:"identity_token"`
	Provider      string `json:"provider"`
}

// full returns the complete identity, as read identity returns it. The
// result shares memory with the state: encode it under the lock.
func (id *identity) full() api.Identity {
	out := id.profile
	out.IdentityToken = id.token
	out.UserToken = id.user.token
	out.Provider = id.provider
	out.DateCreation = api.Timestamp{Time: id.created}
	out.DateLastUpdate = api.Timestamp{Time: id.updated}
	out.Source = id.source()
	if id.provider == providerStorage && id.user.externalid != "" {
		out.ID = "/external/" + id.user.externalid
	}
	return out
}

// source is the identity's source node, with its access token.
func (id *identity) source() api.IdentitySource {
	src := api.IdentitySource{Name: providerFor(id.provider).name, Key: id.provider}
	if id.access.key != "" {
		at := api.AccessToken{Key: id.access.key}
		if id.access.secret != "" {
			at.Secret = id.access.secret
		}
		if !id.access.expires.IsZero() {
			at.DateExpiration = api.Timestamp{Time: id.access.expires}
		}
		src.AccessToken = at
	}
	return src
}

func refsOf(ids []*identity) []identityRef {
	out := make([]identityRef, len(ids))
	for i, id := range ids {
		out[i] = identityRef{IdentityToken: id.token, Provider: id.provider}
	}
	return out
}

// GET /identities.json
func (s *Server) listIdentities(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	all := s.st.identityList
	pos, pg := p.window(len(all))
	page := list[identityEntry]{Pagination: pg, Count: len(pos), Entries: make([]identityEntry, len(pos))}
	for i, j := range pos {
		id := all[j]
		page.Entries[i] = identityEntry{
			UserToken:      id.user.token,
			IdentityToken:  id.token,
			Provider:       id.provider,
			DateCreation:   api.Timestamp{Time: id.created},
			DateLastUpdate: api.Timestamp{Time: id.updated},
		}
	}
	return c.ok(http.StatusOK, map[string]any{"identities": page}, nil)
}

// GET /identities/{identity_token}.json
func (s *Server) getIdentity(c *call) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	id := s.st.identities[c.token]
	if id == nil {
		return c.noIdentity()
	}
	return c.ok(http.StatusOK, api.IdentityData{Identity: id.full()}, nil)
}

// DELETE /identities/{identity_token}.json?confirm_deletion=true
func (s *Server) deleteIdentity(c *call) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.st.identities[c.token]
	if id == nil {
		return c.noIdentity()
	}
	// What OneAll's Node SDK reads on identity.del: result.data.identity.
	deleted := api.Identity{IdentityToken: id.token, Provider: id.provider, UserToken: id.user.token}
	s.st.removeIdentity(id)
	s.st.changes++
	return c.reply(http.StatusOK, "success", infoOK, &envelopeResult{
		Status: resultStatus(infoIdentityDeleted),
		Data:   api.IdentityData{Identity: deleted},
	})
}

// PUT /identities/{identity_token}/link.json
func (s *Server) relinkIdentity(c *call) *response {
	var body api.RelinkBody
	if _, bad := c.decodeBody(&body, "request->user", "request", "user"); bad != nil {
		return bad
	}
	if body.Request.User.UserToken == "" {
		return c.bad("request->user->user_token")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.st.identities[c.token]
	if id == nil {
		return c.noIdentity()
	}
	to := s.st.users[body.Request.User.UserToken]
	if to == nil {
		return c.noUser()
	}
	if id.user != to {
		s.st.relink(id, to)
		s.st.changes++
	}
	data := map[string]any{"user": struct {
		UserToken  string        `json:"user_token"`
		Identities []identityRef `json:"identities"`
	}{to.token, refsOf(to.identities)}}
	return c.ok(http.StatusOK, data, resultStatus(infoRelinked))
}

// PUT /identities/{identity_token}/synchronize.json
func (s *Server) synchronizeIdentity(c *call) *response {
	var body api.SynchronizeIdentityBody
	if bad := c.decodeOptional(&body, "request->synchronize"); bad != nil {
		return bad
	}
	st := body.Request.Synchronize
	updateData, force := st.UpdateUserData.Or(true), st.ForceTokenUpdate.Or(false)
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.st.identities[c.token]
	if id == nil {
		return c.noIdentity()
	}
	now := s.tick()
	if id.access.key != "" && (force || id.access.expired(now)) {
		id.access = newAccessToken(s.st.tokens, id.provider, now)
	}
	if updateData && id.network != nil {
		id.profile = *id.network
		id.network = nil
	}
	id.updated = now
	s.st.changes++
	return c.ok(http.StatusOK, api.IdentityData{Identity: id.full()}, nil)
}

// cacheNode is the cache node of provider data read at the given time.
func cacheNode(read time.Time, used bool) api.Cache {
	return api.Cache{
		HasBeenUsed:    api.FlexBool(used),
		DateLastUpdate: api.Timestamp{Time: read},
		DateNextUpdate: api.Timestamp{Time: read.Add(24 * time.Hour)},
	}
}

// notSupported is the answer of a provider endpoint for an identity of
// another network.
func (c *call) notSupported(provider, what string) *response {
	return c.fail(http.StatusForbidden, "The "+what+" cannot be read for identities of the provider "+provider)
}

// GET /identities/{identity_token}/contacts.json
func (s *Server) listIdentityContacts(c *call) *response {
	live, _, bad := c.boolParam("disable_cache")
	if bad != nil {
		return bad
	}
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	defer s.lock(live)()
	id := s.st.identities[c.token]
	if id == nil {
		return c.noIdentity()
	}
	if !providerFor(id.provider).contacts {
		return c.notSupported(id.provider, "contacts")
	}
	status := http.StatusOK
	if live {
		id.contactsCache = s.tick()
		s.st.changes++
		status = http.StatusNonAuthoritativeInfo
	}
	data := map[string]any{
		"cache":    cacheNode(id.contactsCache, !live),
		"contacts": pageOf(contactsFor(id), p),
	}
	return c.ok(status, data, nil)
}

// providerData serves the Steam, YouTube and Facebook endpoints: the data
// of an identity of one provider, with its cache node.
func (s *Server) providerData(c *call, provider, what string, build func(*identity, paging) any) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id := s.st.identities[c.token]
	if id == nil {
		return c.noIdentity()
	}
	if id.provider != provider {
		return c.notSupported(id.provider, what)
	}
	return c.ok(http.StatusOK, build(id, p), nil)
}

// providerCache is the cache node of the Steam, YouTube and Facebook data:
// read from the network at the start of the (logical) day.
func (s *Server) providerCache() api.Cache {
	return cacheNode(s.Now().Truncate(24*time.Hour), true)
}

// GET /identities/{identity_token}/steam/games.json
func (s *Server) listSteamGames(c *call) *response {
	return s.providerData(c, "steam", "Steam games", func(id *identity, p paging) any {
		return map[string]any{
			"cache":       s.providerCache(),
			"steam_games": pageOf(steamGamesFor(id), p),
		}
	})
}

// GET /identities/{identity_token}/youtube/videos.json
func (s *Server) listYouTubeVideos(c *call) *response {
	return s.providerData(c, "youtube", "YouTube videos", func(id *identity, p paging) any {
		return map[string]any{
			"cache":          s.providerCache(),
			"youtube_videos": pageOf(youTubeVideosFor(id), p),
		}
	})
}

// GET /identities/{identity_token}/facebook/posts.json
func (s *Server) listFacebookPosts(c *call) *response {
	return s.providerData(c, "facebook", "Facebook posts", func(id *identity, p paging) any {
		return map[string]any{
			"cache":          s.providerCache(),
			"facebook_posts": pageOf(facebookPostsFor(id), p),
		}
	})
}
