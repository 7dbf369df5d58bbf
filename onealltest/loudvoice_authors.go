package onealltest

import (
	"net/http"
	"slices"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

type lvAuthor struct {
	token, reference, identityToken            string
	name, email, description, picture, website string
	numComments                                int
	lastComment                                time.Time // zero: none
	created, updated                           time.Time
}

// lvAuthorNode is an author as the API shows it; absent values are null
// (date_last_comment is left out until the author comments).
type lvAuthorNode struct {
	AuthorToken     string         `json:"author_token"`
	AuthorReference *string        `json:"author_reference"`
	IdentityToken   *string        `json:"identity_token"`
	Name            *string        `json:"name"`
	Email           *string        `json:"email"`
	Description     *string        `json:"description"`
	PictureURL      *string        `json:"picture_url"`
	WebsiteURL      *string        `json:"website_url"`
	NumComments     int            `json:"num_comments"`
	DateLastComment *api.Timestamp `json:"date_last_comment,omitempty"`
	DateCreation    api.Timestamp  `json:"date_creation"`
	DateLastUpdate  api.Timestamp  `json:"date_last_update"`
}

func (a *lvAuthor) node() lvAuthorNode {
	n := lvAuthorNode{
		AuthorToken: a.token, AuthorReference: orNull(a.reference), IdentityToken: orNull(a.identityToken),
		Name: orNull(a.name), Email: orNull(a.email), Description: orNull(a.description),
		PictureURL: orNull(a.picture), WebsiteURL: orNull(a.website), NumComments: a.numComments,
		DateCreation: api.Timestamp{Time: a.created}, DateLastUpdate: api.Timestamp{Time: a.updated},
	}
	if !a.lastComment.IsZero() {
		n.DateLastComment = &api.Timestamp{Time: a.lastComment}
	}
	return n
}

// lvAuthorIn is the author node of a request: nil is "not sent".
type lvAuthorIn struct {
	AuthorToken     *string       `json:"author_token"`
	IdentityToken   *string       `json:"identity_token"`
	AuthorReference *string       `json:"author_reference"`
	AllowCreateNew  *api.FlexBool `json:"allow_create_new"`
	Name            *string       `json:"name"`
	Email           *string       `json:"email"`
	Description     *string       `json:"description"`
	PictureURL      *string       `json:"picture_url"`
	WebsiteURL      *string       `json:"website_url"`
}

func (in *lvAuthorIn) apply(a *lvAuthor) {
	set(&a.reference, in.AuthorReference)
	set(&a.name, in.Name)
	set(&a.email, in.Email)
	set(&a.description, in.Description)
	set(&a.picture, in.PictureURL)
	set(&a.website, in.WebsiteURL)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// newAuthor stores a new author described by in.
func (s *Server) newAuthor(in *lvAuthorIn) *lvAuthor {
	now := s.tick()
	a := &lvAuthor{token: uuidFrom(s.st.tokens), created: now, updated: now}
	in.apply(a)
	lv := s.st.loudvoice()
	lv.authors[a.token] = a
	lv.authorList = append(lv.authorList, a)
	return a
}

func (lv *lvState) authorWhere(match func(*lvAuthor) bool) *lvAuthor {
	if i := slices.IndexFunc(lv.authorList, match); i >= 0 {
		return lv.authorList[i]
	}
	return nil
}

// commentAuthor finds or creates the author of a new comment: by token
// (404 if unknown), by identity, by reference, or as a guest by name and
// email; a comment without any of them is a 400.
func (s *Server) commentAuthor(c *call, in *lvAuthorIn) (*lvAuthor, *response) {
	if in == nil {
		return nil, c.bad("request->comment->author")
	}
	lv := s.st.loudvoice()
	switch {
	case str(in.AuthorToken) != "":
		if a := lv.authors[*in.AuthorToken]; a != nil {
			return a, nil
		}
		return nil, c.fail(http.StatusNotFound, infoNoAuthor)
	case str(in.IdentityToken) != "":
		id := s.st.identities[*in.IdentityToken]
		if id == nil {
			return nil, c.noIdentity()
		}
		if a := lv.authorWhere(func(a *lvAuthor) bool { return a.identityToken == id.token }); a != nil {
			return a, nil
		}
		a := s.newAuthor(in)
		a.identityToken, a.name = id.token, id.profile.DisplayName
		return a, nil
	case str(in.AuthorReference) != "":
		if a := lv.authorWhere(func(a *lvAuthor) bool { return a.reference == *in.AuthorReference }); a != nil {
			return a, nil
		}
		return s.newAuthor(in), nil
	case str(in.Name) != "" && str(in.Email) != "":
		return s.newAuthor(in), nil // a guest
	}
	return nil, c.bad("request->comment->author")
}

// decodeAuthor reads {"request":{"author":{...}}}.
func (c *call) decodeAuthor() (lvAuthorIn, *response) {
	var body struct {
		Request struct {
			Author lvAuthorIn `json:"author"`
		} `json:"request"`
	}
	_, bad := c.decodeBody(&body, "request->author", "request", "author")
	return body.Request.Author, bad
}

// POST /loudvoice/authors.json: 201. "The value [of author_reference] must
// be unique amongst all authors" (documentation): a taken one is a 409 (the
// status is the fake's choice). An identity_token links the author to the
// identity, whose name it takes unless one is given.
func (s *Server) createAuthor(c *call) *response {
	in, bad := c.decodeAuthor()
	if bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.loudvoice().referenceTaken(str(in.AuthorReference), nil) {
		return c.fail(http.StatusConflict, infoAuthorReferenceTaken)
	}
	var id *identity
	if t := str(in.IdentityToken); t != "" {
		if id = s.st.identities[t]; id == nil {
			return c.noIdentity()
		}
	}
	a := s.newAuthor(&in)
	if id != nil {
		a.identityToken = id.token
		if a.name == "" {
			a.name = id.profile.DisplayName
		}
	}
	s.st.changes++
	return c.ok(http.StatusCreated, map[string]any{"author": a.node()}, nil)
}

// referenceTaken reports whether an author other than except has ref.
func (lv *lvState) referenceTaken(ref string, except *lvAuthor) bool {
	return ref != "" && lv.authorWhere(func(a *lvAuthor) bool { return a.reference == ref && a != except }) != nil
}

// GET /loudvoice/authors.json
func (s *Server) listAuthors(c *call) *response {
	return lvList(s, c, "authors", func(lv *lvState) []*lvAuthor { return lv.authorList }, (*lvAuthor).node)
}

// pathAuthor is the author of the path, or a 404.
func (s *Server) pathAuthor(c *call) (*lvAuthor, *response) {
	a := s.st.loudvoice().authors[c.token]
	if a == nil {
		return nil, c.fail(http.StatusNotFound, infoNoAuthor)
	}
	return a, nil
}

// GET /loudvoice/authors/{author_token}.json
func (s *Server) getAuthor(c *call) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, bad := s.pathAuthor(c)
	if bad != nil {
		return bad
	}
	return c.ok(http.StatusOK, map[string]any{"author": a.node()}, nil)
}

// GET /loudvoice/authors/author.json?author_reference=
func (s *Server) getAuthorByReference(c *call) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, bad := s.referencedAuthor(c)
	if bad != nil {
		return bad
	}
	return c.ok(http.StatusOK, map[string]any{"author": a.node()}, nil)
}

// referencedAuthor is the author of the author_reference parameter, or a 400
// or 404.
func (s *Server) referencedAuthor(c *call) (*lvAuthor, *response) {
	ref, bad := c.reference("author_reference")
	if bad != nil {
		return nil, bad
	}
	a := s.st.loudvoice().authorWhere(func(a *lvAuthor) bool { return a.reference == ref })
	if a == nil {
		return nil, c.fail(http.StatusNotFound, infoNoAuthorReference)
	}
	return a, nil
}

// PUT /loudvoice/authors/{author_token}.json
func (s *Server) updateAuthor(c *call) *response {
	return s.updateAuthorFound(c, s.pathAuthor)
}

// PUT /loudvoice/authors/author.json?author_reference=
func (s *Server) updateAuthorByReference(c *call) *response {
	return s.updateAuthorFound(c, s.referencedAuthor)
}

// updateAuthorFound updates the author that find finds.
func (s *Server) updateAuthorFound(c *call, find func(*call) (*lvAuthor, *response)) *response {
	in, bad := c.decodeAuthor()
	if bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, bad := find(c)
	if bad != nil {
		return bad
	}
	if s.st.loudvoice().referenceTaken(str(in.AuthorReference), a) {
		return c.fail(http.StatusConflict, infoAuthorReferenceTaken)
	}
	in.apply(a)
	a.updated = s.tick()
	s.st.changes++
	return c.ok(http.StatusOK, map[string]any{"author": a.node()}, nil)
}

// DELETE /loudvoice/authors/{author_token}.json: the author, their sessions
// and votes; their comments stay, without author.
func (s *Server) deleteAuthor(c *call) *response {
	return s.deleteAuthorFound(c, s.pathAuthor)
}

// DELETE /loudvoice/authors/author.json?author_reference=
func (s *Server) deleteAuthorByReference(c *call) *response {
	return s.deleteAuthorFound(c, s.referencedAuthor)
}

// deleteAuthorFound deletes the author that find finds, their sessions and
// votes; their comments stay, without author.
func (s *Server) deleteAuthorFound(c *call, find func(*call) (*lvAuthor, *response)) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, bad := find(c)
	if bad != nil {
		return bad
	}
	lv := s.st.loudvoice()
	for _, cm := range lv.commentList {
		if cm.author == a {
			cm.author = nil
		}
	}
	for key, v := range lv.votes {
		if v.author == a {
			lv.removeVote(key, v)
		}
	}
	lv.sessionList = slices.DeleteFunc(lv.sessionList, func(x *lvSession) bool { return x.author == a })
	for t, x := range lv.sessions {
		if x.author == a {
			delete(lv.sessions, t)
		}
	}
	delete(lv.authors, a.token)
	lv.authorList = slices.DeleteFunc(lv.authorList, func(x *lvAuthor) bool { return x == a })
	s.st.changes++
	return c.reply(http.StatusOK, "success", infoAuthorDeleted, nil)
}
