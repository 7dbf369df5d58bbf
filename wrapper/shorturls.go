package wrapper

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"regexp"

	"github.com/oneall-go/oneall-go/api"
)

// ShortURLsService shortens URLs (http://oal.lu/…) and counts the clicks on
// them. A short URL's token is a short base62 string such as "mOTlo", not a
// UUID.
type ShortURLsService struct{ c *Client }

// shortTokenRE is a shorturl_token: OneAll's are 5 to 8 base62 characters;
// up to 32 are accepted.
var shortTokenRE = regexp.MustCompile(`^[0-9A-Za-z]{1,32}$`)

// checkShortToken refuses anything but a base62 token before it becomes
// part of a path.
func checkShortToken(token string) error {
	if !shortTokenRE.MatchString(token) {
		if token == "" {
			return invalidInput("shorturl_token", "is empty")
		}
		return invalidInput("shorturl_token", "%q is not a short URL token (1 to 32 letters and digits)", truncate(token, 64))
	}
	return nil
}

// maxURLLength bounds the URLs sent to OneAll (a browser's practical limit).
const maxURLLength = 8192

// checkHTTPURL refuses a URL that is not absolute http(s), before anything is sent.
func checkHTTPURL(field, raw string) error {
	if raw == "" {
		return invalidInput(field, "is empty")
	}
	if len(raw) > maxURLLength {
		return invalidInput(field, "is %d bytes long, more than %d", len(raw), maxURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalidInput(field, "%q is not an absolute http or https URL", truncate(raw, 64))
	}
	return nil
}

// Create shortens originalURL, an absolute http or https URL, and returns
// the new short URL: its ShortURL and ShortURLToken. Each call creates
// another short URL, so Create is never retried once it may have reached
// OneAll.
func (s *ShortURLsService) Create(ctx context.Context, originalURL string, opts ...Option) (*api.ShortURL, error) {
	if err := checkHTTPURL("original_url", originalURL); err != nil {
		return nil, err
	}
	var body api.CreateShortURLBody
	body.Request.ShortURL.OriginalURL = originalURL
	d, err := call[api.ShortURLData](ctx, s.c, opts, opCreateShortURL, hasShortURL, func(server string) (*http.Request, error) {
		return api.NewCreateShortURLRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	return &d.data.ShortURL, nil
}

// List returns one page of the site's short URLs: 250 per page unless lo
// says otherwise (at most 500), in the order of their creation.
func (s *ShortURLsService) List(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.ShortURL], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := call[shortURLListData](ctx, s.c, opts, opListShortURLs, hasShortURLs, func(server string) (*http.Request, error) {
		return api.NewListShortURLsRequest(server, &api.ListShortURLsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	l := d.data.ShortURLs
	return newPage(l.Entries, l.Pagination), nil
}

// All iterates over every short URL of the site, page by page (see
// IdentitiesService.All).
func (s *ShortURLsService) All(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.ShortURL, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.ShortURL], error) {
		return s.List(ctx, lo, opts...)
	})
}

// shortURLListData is api.ShortURLListData with the list as a pointer, so
// that an answer without it is told from an empty one ({"count": 0}).
type shortURLListData struct {
	ShortURLs *api.ShortURLList `json:"shorturls"`
}

func hasShortURLs(d *shortURLListData) string {
	if d.ShortURLs == nil {
		return "shorturls"
	}
	return ""
}

// Get returns a short URL with one page of its referrals (the clicks) in
// Referrals: the last 50 unless lo says otherwise. ErrNotFound when there is
// no such short URL (or it was deleted).
func (s *ShortURLsService) Get(ctx context.Context, shortURLToken string, lo *ListOptions, opts ...Option) (*api.ShortURL, error) {
	if err := checkShortToken(shortURLToken); err != nil {
		return nil, err
	}
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := call[api.ShortURLData](ctx, s.c, opts, opGetShortURL, hasShortURL, func(server string) (*http.Request, error) {
		return api.NewGetShortURLRequest(server, shortURLToken, &api.GetShortURLParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	return &d.data.ShortURL, nil
}

// AllReferrals iterates over every referral of a short URL, page by page
// (see IdentitiesService.All).
func (s *ShortURLsService) AllReferrals(ctx context.Context, shortURLToken string, lo *ListOptions, opts ...Option) iter.Seq2[api.ShortURLReferral, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.ShortURLReferral], error) {
		su, err := s.Get(ctx, shortURLToken, lo, opts...)
		if err != nil {
			return nil, err
		}
		return newPage(su.Referrals.Entries, su.Referrals.Pagination), nil
	})
}

// Delete deletes a short URL (it sends confirm_deletion=true); its link
// stops working. OneAll answers with a status and no result, so only an
// error is returned; ErrNotFound when there is no such short URL.
func (s *ShortURLsService) Delete(ctx context.Context, shortURLToken string, opts ...Option) error {
	if err := checkShortToken(shortURLToken); err != nil {
		return err
	}
	_, err := call[map[string]any](ctx, s.c, opts, opDeleteShortURL.payloadOptional(), nil, func(server string) (*http.Request, error) {
		return api.NewDeleteShortURLRequest(server, shortURLToken, &api.DeleteShortURLParams{ConfirmDeletion: true})
	})
	return err
}

func hasShortURL(d *api.ShortURLData) string {
	if d.ShortURL.ShortURLToken == "" {
		return "shorturl"
	}
	return ""
}
