package wrapper

import (
	"context"
	"iter"
	"net/http"
	"regexp"

	"github.com/oneall-go/oneall-go/api"
)

// Site administration: the allowed domains and the connection log. OneAll
// has published neither answer; these methods follow OneAll's PHP SDK and
// decode the inferred shapes tolerantly (see docs/api.md).

// MaxAllowedDomainsPerCall bounds the domains one AddAllowedDomains sends.
const MaxAllowedDomainsPerCall = 100

// domainRE is a host name, or "*." and a host name for its subdomains.
var domainRE = regexp.MustCompile(`^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)

// AllowedDomains returns the domains allowed to use the site.
func (s *SiteService) AllowedDomains(ctx context.Context, opts ...Option) ([]string, error) {
	d, err := callPlain[api.AllowedDomainsData](ctx, s.c, opts, opListAllowedDomains, nil)
	if err != nil {
		return nil, err
	}
	return d.data.AllowedDomains, nil
}

// AddAllowedDomains allows more domains ("www.example.com", or
// "*.example.com" for every subdomain), at most MaxAllowedDomainsPerCall
// per call, and returns the domains allowed afterwards (as OneAll answers
// them; empty if it answers none). Adding a domain twice changes nothing,
// so the call is retried like a read.
func (s *SiteService) AddAllowedDomains(ctx context.Context, domains []string, opts ...Option) ([]string, error) {
	if len(domains) == 0 {
		return nil, invalidInput("allowed_domains", "is empty")
	}
	if len(domains) > MaxAllowedDomainsPerCall {
		return nil, invalidInput("allowed_domains", "has %d domains, more than %d", len(domains), MaxAllowedDomainsPerCall)
	}
	for _, d := range domains {
		if len(d) > 255 || !domainRE.MatchString(d) {
			return nil, invalidInput("allowed_domains", "%q is not a domain name (or *. and a domain name)", truncate(d, 64))
		}
	}
	var body api.AddAllowedDomainsBody
	body.Request.AllowedDomains = domains
	d, err := call[api.AllowedDomainsData](ctx, s.c, opts, opAddAllowedDomains.payloadOptional(), nil, func(server string) (*http.Request, error) {
		return api.NewAddAllowedDomainsRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	if d.data == nil {
		return nil, nil
	}
	return d.data.AllowedDomains, nil
}

// ConnectionAction is what a classic (form) connection did.
type ConnectionAction string

// The actions of OneAll's PHP SDK.
const (
	ConnectionSignIn ConnectionAction = "signin"
	ConnectionSignUp ConnectionAction = "signup"
)

// ConnectionLogInput is a classic (form) login to record in the site's
// connection log.
type ConnectionLogInput struct {
	// Action is ConnectionSignIn or ConnectionSignUp.
	Action ConnectionAction
	// Username and Email identify the person.
	Username, Email string
}

// LogConnection records a classic (form) sign-in or sign-up in the site's
// connection log and returns the entry as OneAll answers it (empty when it
// answers none). Each call adds an entry, so it is never retried once it
// may have reached OneAll.
func (s *SiteService) LogConnection(ctx context.Context, in ConnectionLogInput, opts ...Option) (*api.ConnectionLog, error) {
	if in.Action != ConnectionSignIn && in.Action != ConnectionSignUp {
		return nil, invalidInput("action", "must be %q or %q, got %q", ConnectionSignIn, ConnectionSignUp, truncate(string(in.Action), 32))
	}
	var body api.CreateConnectionLogBody
	conn := &body.Request.Connection
	conn.Action = api.CreateConnectionLogBodyRequestConnectionAction(in.Action)
	conn.Username, conn.Email = in.Username, in.Email
	d, err := call[api.ConnectionLogData](ctx, s.c, opts, opCreateConnectionLog.payloadOptional(), nil, func(server string) (*http.Request, error) {
		return api.NewCreateConnectionLogRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	if d.data == nil {
		return &api.ConnectionLog{}, nil
	}
	return &d.data.Connection, nil
}

// ConnectionLogs returns one page of the site's connection log.
func (s *SiteService) ConnectionLogs(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.ConnectionLog], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := call[api.ConnectionLogListData](ctx, s.c, opts, opListConnectionLogs, nil, func(server string) (*http.Request, error) {
		return api.NewListConnectionLogsRequest(server, &api.ListConnectionLogsParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	l := d.data.Connections
	return newPage(l.Entries, l.Pagination), nil
}

// AllConnectionLogs iterates over the whole connection log, page by page
// (see IdentitiesService.All).
func (s *SiteService) AllConnectionLogs(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.ConnectionLog, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.ConnectionLog], error) {
		return s.ConnectionLogs(ctx, lo, opts...)
	})
}
