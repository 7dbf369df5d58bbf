package onealltest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// OneAll's side of a social login in a browser: Direct Connect.
//
//	GET  /socialize/connect/direct/{provider}/?service=…&callback_uri=…  the consent screen
//	POST /socialize/connect/direct/{provider}/                            the person's choice
//
// The GET answers the fake network's consent screen, where a person picks
// who logs in; the POST (the screen's form) makes the connection with
// Server.Connect and answers a page that POSTs oa_action, connection_token
// and oa_social_login_token to callback_uri, as OneAll's page does. These
// are browser pages, not API operations: they need no keys, and latency and
// faults do not apply to them. They appear in Requests with the Operation
// "DirectConnect".

// The person a consent screen can pick besides a known account (whose
// identity token is the choice).
const (
	// NewPerson is a network account OneAll has not seen: the fake generates
	// its profile.
	NewPerson = "new"
	// Cancel is a person who declines at the social network: the callback
	// gets a connection that did not authenticate.
	Cancel = "cancel"
)

// directPrefix is the path of Direct Connect; socializePrefix the family.
const (
	directPrefix    = "/socialize/connect/direct/"
	socializePrefix = "/socialize/"
	// directOperation names the pages in the request log.
	directOperation = "DirectConnect"
	// maxConsentForm bounds the consent screen's POST: five short fields.
	maxConsentForm = 16 << 10
	// maxConsentAccounts bounds the accounts a consent screen lists.
	maxConsentAccounts = 50
)

// withSocialize serves the /socialize/ pages beside the API.
func (s *Server) withSocialize(api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, socializePrefix) {
			s.serveSocialize(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, shortLinkPrefix) {
			s.serveShortLink(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
}

// browserPage serves a page for a browser (no keys; latency and faults do
// not apply) with serve, logged in Requests under operation; a closed
// server answers 503.
func (s *Server) browserPage(w http.ResponseWriter, r *http.Request, operation string, serve func(*statusRecorder)) {
	s.life.RLock()
	defer s.life.RUnlock()
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w}
	defer func() {
		s.record(RequestRecord{Time: start, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Operation: operation, Status: rec.status, Duration: time.Since(start)})
	}()
	if s.closed {
		page(rec, http.StatusServiceUnavailable, "The test server has been closed.")
		return
	}
	serve(rec)
}

// serveSocialize serves a /socialize/ page and logs it.
func (s *Server) serveSocialize(w http.ResponseWriter, r *http.Request) {
	s.browserPage(w, r, directOperation, func(rec *statusRecorder) { s.socialize(rec, r) })
}

// socialize answers a Direct Connect request: the consent screen, or the
// person's choice.
func (s *Server) socialize(rec *statusRecorder, r *http.Request) {
	provider, ok := strings.CutPrefix(r.URL.Path, directPrefix)
	provider = strings.TrimSuffix(provider, "/")
	if !ok || provider == "" || strings.Contains(provider, "/") {
		page(rec, http.StatusNotFound, "No such page. Direct Connect is "+directPrefix+"{provider}/?service=social_login&callback_uri=…")
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.consentScreen(rec, r, provider)
	case http.MethodPost:
		s.consent(rec, r, provider)
	default:
		rec.Header().Set("Allow", "GET, HEAD, POST")
		page(rec, http.StatusMethodNotAllowed, "Direct Connect answers GET (the consent screen) and POST (the person's choice).")
	}
}

// statusRecorder keeps the status written, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// directRequest is a Direct Connect request, checked.
type directRequest struct {
	Provider, ProviderName string
	Service, Action        string
	UserToken              string
	CallbackURI            string
}

// parseDirect reads and checks the parameters of Direct Connect, from the
// query (the link) or the consent screen's form. s.mu is held.
func (s *Server) parseDirect(provider string, v url.Values) (directRequest, error) {
	d := directRequest{Provider: provider}
	info, known := providers[provider]
	if !known {
		return d, fmt.Errorf("unknown provider %.40q: the fake knows the providers of /providers.json", provider)
	}
	d.ProviderName = info.name
	for _, name := range []string{"service", "action", "user_token", "callback_uri"} {
		if len(v[name]) > 1 {
			return d, fmt.Errorf("the parameter %s is given %d times", name, len(v[name]))
		}
	}
	d.Service, d.Action, d.UserToken = v.Get("service"), v.Get("action"), v.Get("user_token")
	if err := s.checkDirectService(&d); err != nil {
		return d, err
	}
	uri, err := checkLoopbackCallback(v.Get("callback_uri"))
	if err != nil {
		return d, err
	}
	d.CallbackURI = uri
	return d, nil
}

// checkDirectService checks d's service, and the action and user of a
// Social Link, filling in its default action. s.mu is held.
func (s *Server) checkDirectService(d *directRequest) error {
	switch d.Service {
	case serviceSocialLogin:
		if d.Action != "" || d.UserToken != "" {
			return errors.New("action and user_token are Social Link's parameters (service=social_link)")
		}
	case serviceSocialLink:
		if d.Action == "" {
			d.Action = actionLink
		}
		if d.Action != actionLink && d.Action != actionUnlink {
			return fmt.Errorf("unknown action %.40q: link_identity or unlink_identity", d.Action)
		}
		if d.Action == actionUnlink && d.UserToken == "" {
			return errors.New("unlink_identity needs the user_token of the user to unlink from")
		}
		if d.UserToken != "" && s.st.users[d.UserToken] == nil {
			return errors.New("no user has been found for the specified user_token")
		}
	case "":
		return errors.New("the parameter service is required: social_login or social_link")
	default:
		return fmt.Errorf("unknown service %.40q: social_login or social_link", d.Service)
	}
	return nil
}

// checkLoopbackCallback accepts an absolute http(s) URL on a loopback host:
// the fake never sends a browser anywhere else.
func checkLoopbackCallback(raw string) (string, error) {
	if raw == "" {
		return "", errors.New("the parameter callback_uri is required: where the connection_token is posted")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Fragment != "" {
		return "", fmt.Errorf("callback_uri %.100q: want an absolute http or https URL without user info or fragment", raw)
	}
	if !loopbackHost(u.Hostname()) {
		return "", fmt.Errorf("callback_uri %.100q: the test server only posts to a loopback host (127.0.0.1, ::1, localhost)", raw)
	}
	return raw, nil
}

// loopbackHost reports whether host is localhost or a loopback address.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// consentChoice is one account a consent screen offers.
type consentChoice struct {
	Value, Label string
}

// consentScreen answers the fake network's consent screen.
func (s *Server) consentScreen(w http.ResponseWriter, r *http.Request, provider string) {
	s.mu.RLock()
	d, err := s.parseDirect(provider, r.URL.Query())
	var choices []consentChoice
	more := 0
	if err == nil {
		choices, more = s.consentChoices(d)
	}
	s.mu.RUnlock()
	if err != nil {
		page(w, http.StatusBadRequest, "Direct Connect refused: "+err.Error())
		return
	}
	what := "Log in to the site with " + d.ProviderName
	switch d.Action {
	case actionLink:
		what = "Link a " + d.ProviderName + " account to your account on the site"
	case actionUnlink:
		what = "Unlink a " + d.ProviderName + " account from your account on the site"
	}
	render(w, http.StatusOK, consentPage(what, d, requestPath(r), choices, more))
}

// requestPath is the path the browser asked for, which is not r.URL.Path
// when the server's Handler is mounted under a prefix (http.StripPrefix).
func requestPath(r *http.Request) string {
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil && u.Path != "" {
		return u.Path
	}
	return r.URL.Path
}

// consentChoices lists the accounts a person may pick: the provider's known
// accounts, or for an unlink those of the user. s.mu is held.
func (s *Server) consentChoices(d directRequest) (choices []consentChoice, more int) {
	for _, id := range s.st.identityList {
		if id.provider != d.Provider || (d.Action == actionUnlink && id.user.token != d.UserToken) {
			continue
		}
		if len(choices) == maxConsentAccounts {
			more++
			continue
		}
		label := id.profile.DisplayName
		if label == "" {
			label = id.profile.PreferredUsername
		}
		if len(id.profile.Emails) > 0 && id.profile.Emails[0].Value != "" {
			label += " <" + id.profile.Emails[0].Value + ">"
		}
		choices = append(choices, consentChoice{Value: id.token, Label: strings.TrimSpace(label)})
	}
	return choices, more
}

// consent makes the connection the person chose and answers the page that
// posts it to the callback.
func (s *Server) consent(w http.ResponseWriter, r *http.Request, provider string) {
	r.Body = http.MaxBytesReader(w, r.Body, maxConsentForm)
	if err := r.ParseForm(); err != nil {
		page(w, http.StatusBadRequest, "The consent form does not parse (or is larger than 16 KiB).")
		return
	}
	form := r.PostForm
	s.mu.RLock()
	d, err := s.parseDirect(provider, form)
	s.mu.RUnlock()
	if err != nil {
		page(w, http.StatusBadRequest, "Direct Connect refused: "+err.Error())
		return
	}
	if len(form["person"]) != 1 || form.Get("person") == "" {
		page(w, http.StatusBadRequest, "Pick one person: the form needs one person field ("+NewPerson+", "+Cancel+" or an identity token).")
		return
	}
	req := ConnectRequest{Service: d.Service, Action: d.Action, Provider: d.Provider, UserToken: d.UserToken, CallbackURI: d.CallbackURI}
	switch person := form.Get("person"); person {
	case NewPerson:
		if d.Action == actionUnlink {
			page(w, http.StatusBadRequest, "A new person has nothing to unlink: pick an account of the user.")
			return
		}
	case Cancel:
		req.Declined = true
	default:
		req.IdentityToken = person
	}
	token, err := s.Connect(req)
	if err != nil {
		page(w, http.StatusBadRequest, "The connection failed: "+strings.TrimPrefix(err.Error(), "onealltest: Connect: "))
		return
	}
	render(w, http.StatusOK, postPage(d.CallbackURI, d.Service, token))
}
