package onealltest

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// ---- Author sessions.

type lvSession struct {
	token                     string
	author                    *lvAuthor
	created, updated, expires time.Time
}

type lvSessionNode struct {
	AuthorSessionToken string        `json:"author_session_token"`
	DateCreation       api.Timestamp `json:"date_creation"`
	DateLastUpdate     api.Timestamp `json:"date_last_update"`
	DateExpiration     api.Timestamp `json:"date_expiration"`
	Author             lvAuthorNode  `json:"author"`
}

func (x *lvSession) node() lvSessionNode {
	return lvSessionNode{
		AuthorSessionToken: x.token, Author: x.author.node(),
		DateCreation: api.Timestamp{Time: x.created}, DateLastUpdate: api.Timestamp{Time: x.updated},
		DateExpiration: api.Timestamp{Time: x.expires},
	}
}

// PUT /loudvoice/authors/sessions.json: 201 for a new session, 200 when the
// author's live session was renewed.
func (s *Server) startAuthorSession(c *call) *response {
	var body struct {
		Request struct {
			AuthorSession struct {
				Author lvAuthorIn `json:"author"`
			} `json:"author_session"`
		} `json:"request"`
	}
	if _, bad := c.decodeBody(&body, "request->author_session->author", "request", "author_session", "author"); bad != nil {
		return bad
	}
	in := body.Request.AuthorSession.Author
	s.mu.Lock()
	defer s.mu.Unlock()
	lv := s.st.loudvoice()
	var a *lvAuthor
	switch {
	case str(in.AuthorToken) != "":
		if a = lv.authors[*in.AuthorToken]; a == nil {
			return c.fail(http.StatusNotFound, infoNoAuthor)
		}
	case str(in.AuthorReference) != "":
		a = lv.authorWhere(func(x *lvAuthor) bool { return x.reference == *in.AuthorReference })
		if a == nil && (in.AllowCreateNew == nil || !in.AllowCreateNew.Bool()) {
			return c.fail(http.StatusNotFound, infoNoAuthorReference)
		}
		if a == nil {
			a = s.newAuthor(&in)
		}
	default:
		return c.bad("request->author_session->author")
	}
	now := s.tick()
	s.st.changes++
	if i := slices.IndexFunc(lv.sessionList, func(x *lvSession) bool { return x.author == a && now.Before(x.expires) }); i >= 0 {
		x := lv.sessionList[i]
		x.updated, x.expires = now, now.Add(authorSessionLifetime)
		return c.ok(http.StatusOK, map[string]any{"author_session": x.node()}, nil)
	}
	x := &lvSession{token: uuidFrom(s.st.tokens), author: a, created: now, updated: now, expires: now.Add(authorSessionLifetime)}
	lv.sessions[x.token] = x
	lv.sessionList = append(lv.sessionList, x)
	return c.ok(http.StatusCreated, map[string]any{"author_session": x.node()}, nil)
}

// GET /loudvoice/authors/sessions.json: the live sessions; the documented
// filter author_token:eq:<token> narrows them.
func (s *Server) listAuthorSessions(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	author := ""
	if f, given := c.param("filters"); given && f != "" {
		field, value, ok := strings.Cut(f, ":eq:")
		if !ok || field != "author_token" || value == "" {
			return c.badParam("The filter " + truncate(f, 100) + " is not supported: use author_token:eq:<author_token>")
		}
		author = value
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	now := s.Now()
	var live []*lvSession
	for _, x := range s.st.loudvoice().sessionList {
		if now.Before(x.expires) && (author == "" || x.author.token == author) {
			live = append(live, x)
		}
	}
	return c.ok(http.StatusOK, map[string]any{"author_sessions": pageMapped(live, p, (*lvSession).node)}, nil)
}

// DELETE /loudvoice/authors/sessions/{author_session_token}.json
func (s *Server) deleteAuthorSession(c *call) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lv := s.st.loudvoice()
	x := lv.sessions[c.token]
	if x == nil || !s.Now().Before(x.expires) {
		return c.fail(http.StatusNotFound, infoNoAuthorSession)
	}
	delete(lv.sessions, x.token)
	lv.sessionList = slices.DeleteFunc(lv.sessionList, func(y *lvSession) bool { return y == x })
	s.st.changes++
	return c.reply(http.StatusOK, "success", infoAuthorSessionEnded, nil)
}

// ---- Votes.

type lvVote struct {
	comment *lvComment
	author  *lvAuthor
	up      bool
	created time.Time
}

type lvVoteNode struct {
	CommentToken string        `json:"comment_token"`
	AuthorToken  string        `json:"author_token"`
	Direction    string        `json:"direction"`
	DateCreation api.Timestamp `json:"date_creation"`
}

func (v *lvVote) node() lvVoteNode {
	dir := "down"
	if v.up {
		dir = "up"
	}
	return lvVoteNode{CommentToken: v.comment.token, AuthorToken: v.author.token, Direction: dir, DateCreation: api.Timestamp{Time: v.created}}
}

// count adds (by +1) or takes back (by -1) the vote on its comment.
func (v *lvVote) count(by int) {
	if v.up {
		v.comment.votesUp += by
	} else {
		v.comment.votesDown += by
	}
}

func (lv *lvState) removeVote(key [2]string, v *lvVote) {
	v.count(-1)
	delete(lv.votes, key)
	lv.voteList = slices.DeleteFunc(lv.voteList, func(x *lvVote) bool { return x == v })
}

// voteTarget finds the comment and author of a vote's path
// (/loudvoice/votes/comments/{comment_token}/authors/{author_token}.json).
func (s *Server) voteTarget(c *call) (*lvComment, *lvAuthor, *response) {
	comment, author := c.pathParam("comment_token"), c.pathParam("author_token")
	lv := s.st.loudvoice()
	cm := lv.comments[comment]
	if cm == nil {
		return nil, nil, c.fail(http.StatusNotFound, infoNoComment)
	}
	a := lv.authors[author]
	if a == nil {
		return nil, nil, c.fail(http.StatusNotFound, infoNoAuthor)
	}
	return cm, a, nil
}

// PUT /loudvoice/votes/comments/{comment_token}/authors/{author_token}.json:
// 201 for a new vote, 200 when it replaced the author's earlier one.
func (s *Server) castVote(c *call) *response {
	var body struct {
		Request struct {
			Vote struct {
				Direction string `json:"direction"`
			} `json:"vote"`
		} `json:"request"`
	}
	if bad := c.decodeOptional(&body, "request->vote"); bad != nil {
		return bad
	}
	dir := body.Request.Vote.Direction
	if dir != "" && dir != "up" && dir != "down" {
		return c.bad("request->vote->direction")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cm, a, bad := s.voteTarget(c)
	if bad != nil {
		return bad
	}
	if cm.author == a {
		return c.fail(http.StatusForbidden, infoOwnComment)
	}
	lv, key, status := s.st.loudvoice(), [2]string{cm.token, a.token}, http.StatusCreated
	if old := lv.votes[key]; old != nil {
		lv.removeVote(key, old)
		status = http.StatusOK
	}
	v := &lvVote{comment: cm, author: a, up: dir != "down", created: s.tick()}
	v.count(+1)
	lv.votes[key] = v
	lv.voteList = append(lv.voteList, v)
	s.st.changes++
	return c.ok(status, map[string]any{"vote": v.node()}, nil)
}

// GET /loudvoice/votes/comments/{comment_token}/authors/{author_token}.json
func (s *Server) getVote(c *call) *response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cm, a, bad := s.voteTarget(c)
	if bad != nil {
		return bad
	}
	v := s.st.loudvoice().votes[[2]string{cm.token, a.token}]
	if v == nil {
		return c.fail(http.StatusNotFound, infoNoVote)
	}
	return c.ok(http.StatusOK, map[string]any{"vote": v.node()}, nil)
}

// DELETE /loudvoice/votes/comments/{comment_token}/authors/{author_token}.json
func (s *Server) deleteVote(c *call) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cm, a, bad := s.voteTarget(c)
	if bad != nil {
		return bad
	}
	lv, key := s.st.loudvoice(), [2]string{cm.token, a.token}
	v := lv.votes[key]
	if v == nil {
		return c.fail(http.StatusNotFound, infoNoVote)
	}
	lv.removeVote(key, v)
	s.st.changes++
	return c.reply(http.StatusOK, "success", infoVoteDeleted, nil)
}

// GET /loudvoice/votes.json
func (s *Server) listVotes(c *call) *response {
	return lvList(s, c, "votes", func(lv *lvState) []*lvVote { return lv.voteList }, (*lvVote).node)
}
