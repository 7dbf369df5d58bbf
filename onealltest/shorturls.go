package onealltest

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// shortURL is one of the site's short URLs. Seed makes one for every
// fourth seeded user; the operations that create them come with the rest
// of the Shorturl API.
type shortURL struct {
	token        string // 5 base62 characters, as in OneAll's documentation
	original     string
	created      time.Time
	lastReferral time.Time // zero: never clicked
	referrals    int
}

// shortURLNode is a short URL as the list answers it.
type shortURLNode struct {
	ShortURLToken    string        `json:"shorturl_token"`
	OriginalURL      string        `json:"original_url"`
	ShortURL         string        `json:"short_url"`
	DateCreation     api.Timestamp `json:"date_creation"`
	DateLastReferral api.Timestamp `json:"date_last_referral,omitzero"`
	NumReferrals     int           `json:"num_referrals"`
}

func (u *shortURL) node() shortURLNode {
	n := shortURLNode{ShortURLToken: u.token, OriginalURL: u.original, ShortURL: "http://oal.lu/" + u.token,
		DateCreation: api.Timestamp{Time: u.created}, NumReferrals: u.referrals}
	if !u.lastReferral.IsZero() {
		n.DateLastReferral = api.Timestamp{Time: u.lastReferral}
	}
	return n
}

// GET /shorturls.json: one page of the site's short URLs, oldest first.
func (s *Server) listShortURLs(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return c.ok(http.StatusOK, map[string]any{"shorturls": pageMapped(s.st.shortURLs, p, (*shortURL).node)}, nil)
}

// shortURLSeed varies dataSeed for the short URLs of Seed.
const shortURLSeed = 0x5407_7e11

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// seedShortURL gives every fourth seeded user u a short URL, from its own
// random stream (the seeded users stay as they were). s.mu is held.
func (s *Server) seedShortURL(u *user) {
	idx := s.st.seeded - 1
	if idx%4 != 0 {
		return
	}
	r := rand.New(rand.NewPCG(dataSeed^shortURLSeed, uint64(idx)))
	token := make([]byte, 5)
	for i := range token {
		token[i] = base62[r.IntN(len(base62))]
	}
	su := &shortURL{token: string(token), original: "https://www.example.com/articles/" + strconv.Itoa(idx+1), created: u.created}
	if su.referrals = r.IntN(20); su.referrals > 0 {
		su.lastReferral = u.created.Add(time.Duration(1+r.IntN(72)) * time.Hour)
	}
	s.st.shortURLs = append(s.st.shortURLs, su)
}
