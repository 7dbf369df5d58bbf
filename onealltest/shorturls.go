package onealltest

import (
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// Short URLs. OneAll's short links live at http://oal.lu/<token>; the
// fake's at <URL>/s/<token> on its own loopback address, where following
// one redirects to the original URL and counts a referral.

// Texts of the Short URL API: infoShortURLDeleted is documented, the
// other is the fake's wording.
const (
	infoShortURLDeleted = "The specified shorturl has successfully been removed"
	infoNoShortURL      = "No shorturl has been found for the specified shorturl_token"
)

const (
	// shortLinkPrefix is where the fake serves its short links.
	shortLinkPrefix = "/s/"
	// shortLinkOperation names the short links in the request log.
	shortLinkOperation = "ShortLink"
	// shortTokenLength is the length of the tokens the fake draws
	// (OneAll's documented ones have 5 characters).
	shortTokenLength = 5
	// maxKeptReferrals bounds the referrals kept per short URL (the oldest
	// go first); num_referrals still counts them all.
	maxKeptReferrals = 10_000
	// maxOriginalURL bounds an original_url.
	maxOriginalURL = 8192
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// shortURL is a short URL of the site.
type shortURL struct {
	token, original string
	created         time.Time
	numReferrals    int
	referrals       []shortReferral // oldest first, at most maxKeptReferrals
}

// shortReferral is a click on a short link.
type shortReferral struct {
	page, ip, userAgent string
	at                  time.Time
}

// shortURLState is the site's short URLs. The Server's mu guards it.
type shortURLState struct {
	byToken map[string]*shortURL
	list    []*shortURL // by creation date
}

func (su *shortURLState) init() { su.byToken = map[string]*shortURL{} }

// newShortToken draws a base62 token that no short URL has.
func (st *state) newShortToken() string {
	for {
		var b [shortTokenLength]byte
		for i := range b {
			b[i] = base62[st.tokens.IntN(len(base62))]
		}
		if t := string(b[:]); st.shortURLs.byToken[t] == nil {
			return t
		}
	}
}

// shortURLNode is a short URL as the API shows it.
type shortURLNode struct {
	ShortURLToken    string              `json:"shorturl_token"`
	OriginalURL      string              `json:"original_url"`
	ShortURL         string              `json:"short_url"`
	DateCreation     api.Timestamp       `json:"date_creation"`
	DateLastReferral *api.Timestamp      `json:"date_last_referral,omitempty"`
	NumReferrals     int                 `json:"num_referrals"`
	Referrals        *list[referralNode] `json:"referrals,omitempty"`
}

type referralNode struct {
	Page         string        `json:"page,omitempty"`
	DateCreation api.Timestamp `json:"date_creation"`
	IPAddress    string        `json:"ip_address"`
	UserAgent    string        `json:"user_agent,omitempty"`
}

func (r shortReferral) node() referralNode {
	return referralNode{Page: r.page, DateCreation: api.Timestamp{Time: r.at}, IPAddress: r.ip, UserAgent: r.userAgent}
}

// node is the summary of a short URL (create and list).
func (s *Server) shortURLNode(su *shortURL) shortURLNode {
	n := shortURLNode{
		ShortURLToken: su.token, OriginalURL: su.original, ShortURL: s.shortLink(su.token),
		DateCreation: api.Timestamp{Time: su.created}, NumReferrals: su.numReferrals,
	}
	if k := len(su.referrals); k > 0 {
		n.DateLastReferral = &api.Timestamp{Time: su.referrals[k-1].at}
	}
	return n
}

// shortLink is the short URL of a token: on the fake's own address once it
// listens, OneAll's domain before.
func (s *Server) shortLink(token string) string {
	if s.URL == "" {
		return "http://oal.lu/" + token
	}
	return s.URL + shortLinkPrefix + token
}

// POST /shorturls.json: a new short URL, answered with 200 as documented.
func (s *Server) createShortURL(c *call) *response {
	var body api.CreateShortURLBody
	if _, bad := c.decodeBody(&body, "request->shorturl", "request", "shorturl"); bad != nil {
		return bad
	}
	orig := body.Request.ShortURL.OriginalURL
	if u, err := url.Parse(orig); err != nil || len(orig) > maxOriginalURL ||
		(u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c.bad("request->shorturl->original_url")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	su := s.st.addShortURL(orig, s.tick())
	s.st.changes++
	return c.ok(http.StatusOK, map[string]any{"shorturl": s.shortURLNode(su)}, nil)
}

// addShortURL stores a new short URL of orig created at now.
func (st *state) addShortURL(orig string, now time.Time) *shortURL {
	su := &shortURL{token: st.newShortToken(), original: orig, created: now}
	st.shortURLs.byToken[su.token] = su
	st.shortURLs.list = append(st.shortURLs.list, su)
	return su
}

// GET /shorturls.json: one page of the site's short URLs, oldest first.
func (s *Server) listShortURLs(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return c.ok(http.StatusOK, map[string]any{"shorturls": pageMapped(s.st.shortURLs.list, p, s.shortURLNode)}, nil)
}

// shortURLSeed varies dataSeed for the short URLs of Seed.
const shortURLSeed = 0x5407_7e11

// seedShortURL gives every fourth seeded user u a short URL, from its own
// random stream (the seeded users stay as they were), with up to 19
// referrals, the last of them kept. s.mu is held.
func (s *Server) seedShortURL(u *user) {
	idx := s.st.seeded - 1
	if idx%4 != 0 {
		return
	}
	r := rand.New(rand.NewPCG(dataSeed^shortURLSeed, uint64(idx)))
	token := make([]byte, shortTokenLength)
	for i := range token {
		token[i] = base62[r.IntN(len(base62))]
	}
	su := &shortURL{token: string(token), original: "https://www.example.com/articles/" + strconv.Itoa(idx+1), created: u.created}
	if su.numReferrals = r.IntN(20); su.numReferrals > 0 {
		at := u.created.Add(time.Duration(1+r.IntN(72)) * time.Hour)
		su.referrals = []shortReferral{{page: "https://www.example.org/", ip: "203.0.113.7", userAgent: "Mozilla/5.0", at: at}}
	}
	if s.st.shortURLs.byToken[su.token] != nil {
		return // a token drawn twice: one short URL fewer
	}
	s.st.shortURLs.byToken[su.token] = su
	s.st.shortURLs.list = append(s.st.shortURLs.list, su)
}

// GET /shorturls/{shorturl_token}.json: the short URL and a page of its
// referrals (50 by default, oldest first unless order_direction=desc).
func (s *Server) getShortURL(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	su := s.st.shortURLs.byToken[c.token]
	if su == nil {
		return c.fail(http.StatusNotFound, infoNoShortURL)
	}
	n := s.shortURLNode(su)
	refs := pageMapped(su.referrals, p, shortReferral.node)
	n.Referrals = &refs
	return c.ok(http.StatusOK, map[string]any{"shorturl": n}, nil)
}

// DELETE /shorturls/{shorturl_token}.json?confirm_deletion=true: the link
// stops working; the answer has no result, as documented.
func (s *Server) deleteShortURL(c *call) *response {
	if bad := c.confirmed(); bad != nil {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.st
	su := st.shortURLs.byToken[c.token]
	if su == nil {
		return c.fail(http.StatusNotFound, infoNoShortURL)
	}
	delete(st.shortURLs.byToken, su.token)
	st.shortURLs.list = slices.DeleteFunc(st.shortURLs.list, func(x *shortURL) bool { return x == su })
	st.changes++
	return c.reply(http.StatusOK, "success", infoShortURLDeleted, nil)
}

// serveShortLink follows a short link: it counts a referral (the
// referring page, the client's address and user agent, on the logical
// clock) and redirects to the original URL. Like a browser page it needs no
// keys; latency and faults do not apply. It appears in Requests with the
// Operation "ShortLink".
func (s *Server) serveShortLink(w http.ResponseWriter, r *http.Request) {
	s.browserPage(w, r, shortLinkOperation, func(rec *statusRecorder) { s.followShortLink(rec, r) })
}

// followShortLink counts a referral and redirects, or says why not.
func (s *Server) followShortLink(rec *statusRecorder, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		rec.Header().Set("Allow", "GET, HEAD")
		page(rec, http.StatusMethodNotAllowed, "A short link answers GET.")
		return
	}
	token := strings.TrimPrefix(r.URL.Path, shortLinkPrefix)
	s.mu.Lock()
	su := s.st.shortURLs.byToken[token]
	if su == nil {
		s.mu.Unlock()
		page(rec, http.StatusNotFound, "No such short link (it may have been deleted).")
		return
	}
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	su.numReferrals++
	su.referrals = append(su.referrals, shortReferral{
		page: truncate(r.Referer(), 2048), ip: ip, userAgent: truncate(r.UserAgent(), 512), at: s.tick(),
	})
	if len(su.referrals) > maxKeptReferrals {
		su.referrals = slices.Delete(su.referrals, 0, len(su.referrals)-maxKeptReferrals)
	}
	s.st.changes++
	target := su.original
	s.mu.Unlock()
	http.Redirect(rec, r, target, http.StatusFound)
}
