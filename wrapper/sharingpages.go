package wrapper

import (
	"context"
	"iter"
	"net/http"
	"strings"

	"github.com/oneall-go/oneall-go/api"
)

// The pages shared with OneAll's share icons. OneAll records them when
// visitors share; the API only reads them.

// ListPages returns one page of the shared pages.
func (s *SharingService) ListPages(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.SharingPage], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := call[sharingPageListData](ctx, s.c, opts, opListSharingPages, hasSharingPages, func(server string) (*http.Request, error) {
		return api.NewListSharingPagesRequest(server, &api.ListSharingPagesParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	l := d.data.SharingPages
	return newPage(l.Entries, l.Pagination), nil
}

// AllPages iterates over every shared page, page by page (see
// IdentitiesService.All).
func (s *SharingService) AllPages(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.SharingPage, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.SharingPage], error) {
		return s.ListPages(ctx, lo, opts...)
	})
}

// GetPage returns a shared page with one page of its shares in
// SharingPageShares (250 unless lo says otherwise).
func (s *SharingService) GetPage(ctx context.Context, sharingPageToken string, lo *ListOptions, opts ...Option) (*api.SharingPage, error) {
	if err := checkToken("sharing_page_token", sharingPageToken); err != nil {
		return nil, err
	}
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := call[api.SharingPageData](ctx, s.c, opts, opGetSharingPage, hasSharingPage, func(server string) (*http.Request, error) {
		return api.NewGetSharingPageRequest(server, sharingPageToken, &api.GetSharingPageParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	return &d.data.SharingPage, nil
}

// AllPageShares iterates over every share of a page, page by page.
func (s *SharingService) AllPageShares(ctx context.Context, sharingPageToken string, lo *ListOptions, opts ...Option) iter.Seq2[api.SharingPageShare, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.SharingPageShare], error) {
		p, err := s.GetPage(ctx, sharingPageToken, lo, opts...)
		if err != nil {
			return nil, err
		}
		return newPage(p.SharingPageShares.Entries, p.SharingPageShares.Pagination), nil
	})
}

// GetPageByURL returns a shared page found by its URL ("https://www.oneall.com",
// "http://www.oneall.com" and "www.oneall.com" are one page) with one page
// of its shares. The URL is sent URL-encoded.
func (s *SharingService) GetPageByURL(ctx context.Context, pageURL string, lo *ListOptions, opts ...Option) (*api.SharingPage, error) {
	if pageURL == "" || len(pageURL) > maxURLLength || strings.ContainsFunc(pageURL, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return nil, invalidInput("page_url", "must be a URL of 1 to %d bytes without control characters", maxURLLength)
	}
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	params := &api.GetSharingPageByURLParams{PageURL: pageURL, Page: page, EntriesPerPage: perPage, OrderDirection: order}
	d, err := call[api.SharingPageData](ctx, s.c, opts, opGetSharingPageByURL, hasSharingPage, func(server string) (*http.Request, error) {
		return api.NewGetSharingPageByURLRequest(server, params)
	})
	if err != nil {
		return nil, err
	}
	return &d.data.SharingPage, nil
}

func hasSharingPage(d *api.SharingPageData) string {
	if d.SharingPage.SharingPageToken == "" {
		return "sharing_page"
	}
	return ""
}

// sharingPageListData is api.SharingPageListData with the list as a pointer.
type sharingPageListData struct {
	SharingPages *api.SharingPageList `json:"sharing_pages"`
}

func hasSharingPages(d *sharingPageListData) string {
	if d.SharingPages == nil {
		return "sharing_pages"
	}
	return ""
}
