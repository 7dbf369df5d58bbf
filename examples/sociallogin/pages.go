package main

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// render writes a page. The pages load nothing from anywhere (no script,
// style sheet or image: the avatar is a link, so that the demo sends no
// traffic beyond the machine), and their forms lead here or to OneAll.
func (a *app) render(w http.ResponseWriter, status int, t *template.Template, data map[string]any) {
	a.renderCSP(w, status, t, data, "")
}

func (a *app) renderCSP(w http.ResponseWriter, status int, t *template.Template, data map[string]any, script string) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		a.log.Error("a page failed", "page", t.Name(), "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"+script+
		"; form-action 'self' "+a.oneall+"; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// fail answers an error page headed by what its status says happened; the
// pages that can say more use failAs.
func (a *app) fail(w http.ResponseWriter, status int, msg string) {
	a.failAs(w, nil, status, statusTitles[status], msg)
}

// statusTitles head the error pages that say no more than their status.
var statusTitles = map[int]string{
	http.StatusBadRequest:          "Refused",
	http.StatusForbidden:           "Refused",
	http.StatusInternalServerError: "This site could not finish",
	http.StatusBadGateway:          "OneAll could not be reached",
}

// failAs answers an error page headed by title, what happened. With r, it
// says when the person is still logged in, and leads back to their page.
func (a *app) failAs(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	if title == "" {
		title = http.StatusText(status)
	}
	loggedIn := r != nil && a.sessions.get(r) != nil
	a.render(w, status, errorPage, map[string]any{"Status": status, "Title": title, "Msg": msg, "LoggedIn": loggedIn})
}

// cancelled heads the page of a person who cancelled at the network: what
// they cancelled, a login, a link or an unlink, as the connection says.
func cancelled(err error) string {
	var ce *wrapper.ConnectionError
	if errors.As(err, &ce) && ce.Connection != nil {
		switch ce.Connection.Outcome {
		case wrapper.OutcomeLink:
			return "Link cancelled"
		case wrapper.OutcomeUnlink:
			return "Unlink cancelled"
		}
	}
	return "Login cancelled"
}

// providerNames are the networks as people (and OneAll's /providers.json)
// name them, for the buttons and pages; a key not here shows as it is.
var providerNames = map[string]string{
	"amazon": "Amazon", "apple": "Apple", "discord": "Discord", "disqus": "Disqus",
	"facebook": "Facebook", "github": "GitHub", "google": "Google", "instagram": "Instagram",
	"linkedin": "LinkedIn", "microsoft": "Microsoft", "paypal": "PayPal", "reddit": "Reddit",
	"steam": "Steam", "twitch": "Twitch", "twitter": "Twitter", "vkontakte": "VKontakte",
	"windowslive": "Windows Live", "yahoo": "Yahoo", "youtube": "YouTube",
}

// networkName is a provider key as people name the network.
func networkName(key string) string {
	if name, ok := providerNames[key]; ok {
		return name
	}
	return key
}

// remaining says how long until t, in hours and minutes: a duration stays
// true whatever OneAll's clock says (the fake's is a logical one).
func remaining(t time.Time) string {
	d := time.Until(t).Round(time.Minute)
	if d <= 0 {
		return "has ended"
	}
	h, m := int(d.Hours()), int(d.Minutes())%60
	var parts []string
	if h > 0 {
		parts = append(parts, plural(h, "hour"))
	}
	if m > 0 {
		parts = append(parts, plural(m, "minute"))
	}
	if len(parts) == 0 {
		return "ends in less than a minute"
	}
	return "ends in " + strings.Join(parts, " ")
}

func plural(n int, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// ssoLifetime is how long an SSO session lasts: its end less its start as
// OneAll answered them, or (OneAll documents only the end) what was asked.
func ssoLifetime(s *api.SSOSession) time.Duration {
	if !s.DateCreation.IsZero() && s.DateExpiration.After(s.DateCreation.Time) {
		return s.DateExpiration.Sub(s.DateCreation.Time)
	}
	return sessionTTL
}

// funcs are the pages' helpers.
var funcs = template.FuncMap{"network": networkName, "remaining": remaining}

// The fields OneAll posts, which a bounce carries over.
var callbackFields = []string{"oa_action", "connection_token", "oa_social_login_token", "identity_vault_key"}

// bouncedField marks a callback that was bounced once.
const bouncedField = "demo_bounced"

// bounce posts a cross-site callback again, from this site's own page.
//
// OneAll's page on *.api.oneall.com posts the token to the callback: a
// cross-site POST, which browsers send without the SameSite=Lax cookies of
// this site (its session, and on plain http the login state). The page
// answered here posts the same fields to the same URL at once, now from
// this site, so with its cookies. The fake on another loopback port is the
// same site (ports do not count), so the demo on the fake never bounces;
// against OneAll it does. It reports whether it answered.
func (a *app) bounce(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Sec-Fetch-Site") != "cross-site" {
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		a.failAs(w, nil, http.StatusBadRequest, "Not a login from OneAll", "This is not a login that OneAll sent: the form is larger than 64 KiB or does not parse.")
		return true
	}
	if r.PostForm.Get(bouncedField) != "" {
		return false
	}
	fields := url.Values{}
	for _, name := range callbackFields {
		if v, ok := r.PostForm[name]; ok {
			fields[name] = v
		}
	}
	a.renderCSP(w, http.StatusOK, bouncePage, map[string]any{"Action": r.URL.RequestURI(), "Fields": fields, "Marker": bouncedField},
		"; script-src 'unsafe-inline'")
	return true
}

const head = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<style>*{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;overflow-wrap:anywhere}
form.inline{display:inline}button{font:inherit;margin:.2em 0;padding:.3em .8em;cursor:pointer;max-width:100%}
.flash{background:#eef6ee;padding:.5em 1em}.note{color:#555;font-size:.9em}
table{border-collapse:collapse;width:100%}td{padding:.2em .8em .2em 0;vertical-align:top}
td:first-child{white-space:nowrap;width:1%}code{word-break:break-all}</style>`

var (
	loginPage = template.Must(template.New("login").Funcs(funcs).Parse(head + `
<title>Social login demo</title></head><body>
<h1>Social login demo</h1>
{{with .Flash}}<p class="flash">{{.}}</p>{{end}}
<p>Log in with a social network, through OneAll.</p>
{{range .Providers}}<form class="inline" method="post" action="/login"><input type="hidden" name="provider" value="{{.}}"><button type="submit">Log in with {{network .}}</button></form>
{{end}}
<p class="note">oneall-go's examples/sociallogin: package login's callback with its state, and a session of its own.</p>
</body></html>
`))

	greetPage = template.Must(template.New("greet").Funcs(funcs).Parse(head + `
<title>Hello, {{.S.Profile.Name}}</title></head><body>
<h1>Hello, {{or .S.Profile.Name .S.Profile.NickName "stranger"}}</h1>
{{with .Flash}}<p class="flash">{{.}}</p>{{end}}
<table>
<tr><td>Logged in with</td><td>{{or .S.Profile.ProviderName (network .S.Profile.Provider)}}</td></tr>
<tr><td>Email</td><td>{{with .S.Profile.Email}}{{.}} ({{if $.S.Profile.EmailVerified}}verified{{else}}not verified{{end}}){{else}}none given{{end}}</td></tr>
{{with .S.Profile.ProfileURL}}<tr><td>Profile</td><td><a href="{{.}}" rel="noreferrer">{{.}}</a></td></tr>{{end}}
{{with .S.Profile.AvatarURL}}<tr><td>Picture</td><td><a href="{{.}}" rel="noreferrer">{{.}}</a></td></tr>{{end}}
<tr><td>OneAll user</td><td><code id="user-token">{{.S.UserToken}}</code></td></tr>
<tr><td>SSO session</td><td>{{if .S.SSOToken}}<code id="sso-token">{{.S.SSOToken}}</code>, {{remaining .S.SSOExpires}}{{else}}none{{end}}</td></tr>
</table>
<h2>Linked networks</h2>
<ul>
{{range .Identities}}<li class="identity" data-provider="{{.Provider}}">{{network .Provider}}{{with .DisplayName}}: {{.}}{{end}}
 <form class="inline" method="post" action="/unlink"><input type="hidden" name="provider" value="{{.Provider}}"><button type="submit">Unlink</button></form></li>
{{end}}</ul>
{{if .Last}}<p class="note">This is your only network: unlink it and you can no longer log in.</p>{{end}}
{{with .Linkable}}<h2>Link another network</h2>
{{range .}}<form class="inline" method="post" action="/link"><input type="hidden" name="provider" value="{{.}}"><button type="submit">Link {{network .}}</button></form>
{{end}}{{end}}
<form method="post" action="/logout"><button type="submit">Log out</button></form>
</body></html>
`))

	errorPage = template.Must(template.New("error").Parse(head + `
<title>{{.Title}}</title></head><body>
<h1>{{.Title}}</h1>
<p class="error" data-status="{{.Status}}">{{.Msg}}</p>
{{if .LoggedIn}}<p>You are still logged in; nothing changed.</p>
<p><a href="/">Back to your page</a></p>{{else}}<p><a href="/">Back to the start</a></p>{{end}}
</body></html>
`))

	bouncePage = template.Must(template.New("bounce").Parse(head + `
<title>Logging in…</title></head><body>
<form method="post" action="{{.Action}}">
{{range $name, $values := .Fields}}{{range $values}}<input type="hidden" name="{{$name}}" value="{{.}}">
{{end}}{{end}}<input type="hidden" name="{{.Marker}}" value="1">
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.forms[0].submit()</script>
</body></html>
`))
)
