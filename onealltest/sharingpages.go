package onealltest

import (
	"net/http"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// Shared pages: the pages visitors shared with OneAll's share icons.
// Nothing in the API creates one, so the fake seeds a few; they were shared
// in the days before the logical clock starts.

const infoNoSharingPage = "No sharing_page has been found"

// sharedPage is a seeded page.
type sharedPage struct {
	token, title, url string
	shares            []pageShare // oldest first
}

// pageShare is one share of a page.
type pageShare struct {
	key, ip string
	at      time.Time
}

// seededPages are the fake's pages: URL, title and the networks of their
// shares in order.
var seededPages = []struct {
	token, url, title string
	keys              []string
}{
	{"023f93e0-2968-47f4-a6d7-e77d232a2125", "https://www.example.com/", "Example Domain", []string{"twitter", "facebook", "facebook", "twitter", "facebook"}},
	{"5d7b3c1e-8f2a-4b6c-9d0e-1a2b3c4d5e6f", "https://shop.example/sale", "Spring sale | Shop", []string{"facebook", "linkedin"}},
	{"9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d", "http://blog.example/post/1", "First post", []string{"twitter"}},
}

func seedPages() []*sharedPage {
	pages := make([]*sharedPage, len(seededPages))
	for i, sp := range seededPages {
		p := &sharedPage{token: sp.token, title: sp.title, url: sp.url}
		for j, key := range sp.keys {
			at := epoch.AddDate(0, 0, -30+j*7+i)
			p.shares = append(p.shares, pageShare{key: key, ip: "192.0.2." + itoa64(int64(10+j)), at: at})
		}
		pages[i] = p
	}
	return pages
}

// pageKey is a page's URL without its scheme, "www." and trailing slash:
// OneAll counts https://www.oneall.com, http://www.oneall.com and
// www.oneall.com as one page.
func pageKey(raw string) string {
	k := strings.ToLower(raw)
	if i := strings.Index(k, "://"); i >= 0 {
		k = k[i+3:]
	}
	k = strings.TrimPrefix(k, "www.")
	return strings.TrimRight(k, "/")
}

type sharingPageNode struct {
	SharingPageToken  string                  `json:"sharing_page_token"`
	MetaTitle         string                  `json:"meta_title"`
	URL               string                  `json:"url"`
	DateFirstShared   api.Timestamp           `json:"date_first_shared"`
	DateLastShared    api.Timestamp           `json:"date_last_shared"`
	NumTimesShared    int                     `json:"num_times_shared"`
	Targets           []api.SharingPageTarget `json:"targets"`
	SharingPageShares *list[sharingShareNode] `json:"sharing_page_shares,omitempty"`
}

type sharingShareNode struct {
	Key          string        `json:"key"`
	DateCreation api.Timestamp `json:"date_creation"`
	IPAddress    string        `json:"ip_address"`
}

func (sh pageShare) node() sharingShareNode {
	return sharingShareNode{Key: sh.key, DateCreation: api.Timestamp{Time: sh.at}, IPAddress: sh.ip}
}

// node is a page as the list shows it: the counters by network, in the
// order of their first share.
func (p *sharedPage) node() sharingPageNode {
	n := sharingPageNode{SharingPageToken: p.token, MetaTitle: p.title, URL: p.url, NumTimesShared: len(p.shares),
		Targets: []api.SharingPageTarget{}}
	if len(p.shares) > 0 {
		n.DateFirstShared = api.Timestamp{Time: p.shares[0].at}
		n.DateLastShared = api.Timestamp{Time: p.shares[len(p.shares)-1].at}
	}
	at := map[string]int{}
	for _, sh := range p.shares {
		i, seen := at[sh.key]
		if !seen {
			i = len(n.Targets)
			at[sh.key] = i
			n.Targets = append(n.Targets, api.SharingPageTarget{Key: sh.key, Name: providerName(sh.key)})
		}
		n.Targets[i].NumTimesShared++
	}
	return n
}

func providerName(key string) string {
	if p, ok := providers[key]; ok {
		return p.name
	}
	return key
}

// GET /sharing/pages.json: the seeded pages.
func (s *Server) listSharingPages(c *call) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	page := pageMapped(s.st.sharing.pages, p, (*sharedPage).node)
	page.Pagination.Order.Field = "date_first_shared"
	return c.ok(http.StatusOK, map[string]any{"sharing_pages": page}, nil)
}

// GET /sharing/pages/{sharing_page_token}.json
func (s *Server) getSharingPage(c *call) *response {
	return s.readPage(c, func(p *sharedPage) bool { return p.token == c.token })
}

// GET /sharing/pages/page.json?page_url=…
func (s *Server) getSharingPageByURL(c *call) *response {
	raw, given := c.param("page_url")
	if !given || raw == "" {
		return c.badParam("The parameter page_url is required")
	}
	key := pageKey(raw)
	return s.readPage(c, func(p *sharedPage) bool { return pageKey(p.url) == key })
}

// readPage answers the page that match finds, with a page of its shares.
func (s *Server) readPage(c *call, match func(*sharedPage) bool) *response {
	p, bad := c.parsePaging()
	if bad != nil {
		return bad
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, page := range s.st.sharing.pages {
		if match(page) {
			n := page.node()
			shares := pageMapped(page.shares, p, pageShare.node)
			n.SharingPageShares = &shares
			return c.ok(http.StatusOK, map[string]any{"sharing_page": n}, nil)
		}
	}
	return c.fail(http.StatusNotFound, infoNoSharingPage)
}
