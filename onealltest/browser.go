package onealltest

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// CallbackPost is the form that OneAll's page POSTs to a site's callback at
// the end of a login: oa_action, connection_token and oa_social_login_token.
type CallbackPost struct {
	// URL is the callback_uri, with the query the site gave it.
	URL string
	// Form is the posted fields.
	Form url.Values
}

// Token is the connection_token posted.
func (p *CallbackPost) Token() string { return p.Form.Get("connection_token") }

// DirectConnect plays a person at a browser on the fake's Direct Connect,
// without a browser: it opens directConnectURL (as login.LoginURL, LinkURL
// or UnlinkURL build it for a client of the server) with hc, picks person on
// the consent screen — NewPerson, Cancel, or the identity token of an
// account the screen lists (Server.Accounts) — and returns the form that the
// next page would POST to the callback, without posting it: CallbackPost.Send
// does. Use hc's cookie jar for the site's cookies (the login state): Send
// must use the same client.
//
// It talks only to a loopback server, and fails with the page's message
// when the fake refuses the request (an unknown provider, a callback_uri
// that is not on a loopback host, an unlink of an account the user does
// not own...).
func DirectConnect(ctx context.Context, hc *http.Client, directConnectURL, person string) (*CallbackPost, error) {
	u, err := url.Parse(directConnectURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !loopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("onealltest: DirectConnect: %.100q is not a URL of a loopback server", directConnectURL)
	}
	if person == "" {
		return nil, errors.New("onealltest: DirectConnect: no person: NewPerson, Cancel or an identity token")
	}
	screen, err := fetchForm(ctx, hc, http.MethodGet, directConnectURL, nil)
	if err != nil {
		return nil, fmt.Errorf("onealltest: DirectConnect: the consent screen: %w", err)
	}
	action, err := u.Parse(screen.URL)
	if err != nil || !loopbackHost(action.Hostname()) {
		return nil, fmt.Errorf("onealltest: DirectConnect: the consent screen posts to %.100q", screen.URL)
	}
	screen.Form.Set("person", person)
	post, err := fetchForm(ctx, hc, http.MethodPost, action.String(), screen.Form)
	if err != nil {
		return nil, fmt.Errorf("onealltest: DirectConnect: the choice of %.64q: %w", person, err)
	}
	if post.Token() == "" {
		return nil, errors.New("onealltest: DirectConnect: the last page has no connection_token")
	}
	return post, nil
}

// Send posts the form to the callback as the browser does (a form POST,
// with hc's cookies) and returns the callback's answer; close its body.
func (p *CallbackPost) Send(ctx context.Context, hc *http.Client) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.URL, strings.NewReader(p.Form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("onealltest: CallbackPost.Send: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return hc.Do(req)
}

// The forms of the fake's pages (pages.go): attributes in
// double quotes, in a known order.
var (
	formRE   = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
	hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
	msgRE    = regexp.MustCompile(`(?s)<h1>(.*?)</h1><p>(.*?)</p>`)
)

// maxPage bounds what is read of a page.
const maxPage = 1 << 20

// fetchForm requests a page of the fake and reads its form: the action and
// the hidden fields.
func fetchForm(ctx context.Context, hc *http.Client, method, target string, form url.Values) (*CallbackPost, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxPage))
	if err != nil {
		return nil, err
	}
	text := string(b)
	if resp.StatusCode != http.StatusOK {
		if m := msgRE.FindStringSubmatch(text); m != nil {
			return nil, fmt.Errorf("%s: %s", html.UnescapeString(m[1]), html.UnescapeString(m[2]))
		}
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	m := formRE.FindStringSubmatch(text)
	if m == nil {
		return nil, errors.New("the page has no form")
	}
	out := &CallbackPost{URL: html.UnescapeString(m[1]), Form: url.Values{}}
	for _, f := range hiddenRE.FindAllStringSubmatch(text, -1) {
		out.Form.Add(html.UnescapeString(f[1]), html.UnescapeString(f[2]))
	}
	return out, nil
}
