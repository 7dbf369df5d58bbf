package wrapper

import (
	"context"

	"github.com/oneall-go/oneall-go/api"
)

// SiteService reads the OneAll site itself (its plan, its allowed domains,
// its log of classic connections) and changes it: AddAllowedDomains, and
// LogConnection to report a classic (form) sign-in or sign-up.
type SiteService struct{ c *Client }

// ToolsService checks the API settings.
type ToolsService struct{ c *Client }

// ProvidersService lists the social networks OneAll supports.
type ProvidersService struct{ c *Client }

// Get returns the site's details. Only one is known:
// SubscriptionPlan.Features.HasSingleSignon, which OneAll's plugins check
// before they offer Single Sign-On; the rest is kept as it comes.
func (s *SiteService) Get(ctx context.Context, opts ...Option) (*api.Site, error) {
	d, err := callPlain[api.SiteData](ctx, s.c, opts, opGetSite, nil)
	if err != nil {
		return nil, err
	}
	return &d.data.Site, nil
}

// Ping checks the subdomain and the keys, as the settings page of every
// OneAll plugin does: nil when they work, ErrUnauthorized when the keys are
// wrong, ErrNotFound when the subdomain is.
func (s *ToolsService) Ping(ctx context.Context, opts ...Option) error {
	_, err := callPlain[map[string]any](ctx, s.c, opts, opPing, nil)
	return err
}

// List returns the social networks OneAll supports. OneAll has not published
// the answer; its shape (key and name per provider, anything else kept) is
// inferred.
func (s *ProvidersService) List(ctx context.Context, opts ...Option) ([]api.Provider, error) {
	d, err := callPlain[providerListData](ctx, s.c, opts, opListProviders, nil)
	if err != nil {
		return nil, err
	}
	return d.data.Providers.Entries, nil
}

// providerListData is api.ProviderListData with the list as a pointer.
type providerListData struct {
	Providers *api.ProviderList `json:"providers"`
}
