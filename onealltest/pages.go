package onealltest

import (
	"html"
	"net/http"
	"strconv"
	"strings"
)

// The fake's HTML pages, written with html.EscapeString rather than
// html/template: the template engine's reflection keeps every exported
// method of a program alive and made a program that imports onealltest
// 2.8 MB larger. Every value is escaped for a double-quoted attribute or
// text, and every URL in an attribute was checked before (an http(s)
// loopback callback, or the request's own path).

// render writes an HTML page. Every page is self-contained: no script or
// style is loaded from anywhere.
func render(w http.ResponseWriter, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// page writes a page with one message.
func page(w http.ResponseWriter, status int, msg string) {
	title := strconv.Itoa(status) + " " + esc(http.StatusText(status))
	render(w, status, pageHead+`
<title>`+title+`</title></head><body>
<h1>`+title+`</h1><p>`+esc(msg)+`</p>
<p class="note">onealltest: the fake OneAll's Direct Connect</p></body></html>
`)
}

const pageHead = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="origin">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34em;margin:3em auto;padding:0 1em}
button{font:inherit;display:block;width:100%;margin:.4em 0;padding:.5em;text-align:left;cursor:pointer}
.note{color:#555;font-size:.9em}</style>`

// esc escapes text for HTML text and double-quoted attributes.
func esc(s string) string { return html.EscapeString(s) }

// hidden is a hidden form field.
func hidden(name, value string) string {
	return `<input type="hidden" name="` + esc(name) + `" value="` + esc(value) + `">`
}

// consentPage is the fake network's consent screen: the accounts a person
// may pick, a new person (but for an unlink) and a cancel.
func consentPage(what string, d directRequest, path string, choices []consentChoice, more int) string {
	name := esc(d.ProviderName)
	var b strings.Builder
	b.WriteString(pageHead + "\n<title>" + name + " — fake consent screen</title></head><body>\n")
	b.WriteString("<h1>" + esc(what) + "</h1>\n")
	b.WriteString(`<p class="note">This is the consent screen of a fake ` + name + " (onealltest): pick who you are.\nNothing leaves this machine.</p>\n")
	b.WriteString(`<form method="post" action="` + esc(path) + `">` + "\n")
	b.WriteString(hidden("service", d.Service))
	if d.Action != "" {
		b.WriteString("\n" + hidden("action", d.Action))
	}
	if d.UserToken != "" {
		b.WriteString("\n" + hidden("user_token", d.UserToken))
	}
	b.WriteString("\n" + hidden("callback_uri", d.CallbackURI))
	for _, c := range choices {
		b.WriteString("\n" + `<button type="submit" name="person" value="` + esc(c.Value) + `">` + esc(c.Label) + "</button>")
	}
	if more > 0 {
		b.WriteString("\n" + `<p class="note">and ` + strconv.Itoa(more) + " more accounts (Server.Connect reaches them).</p>")
	}
	if d.Action == actionUnlink {
		if len(choices) == 0 {
			b.WriteString("\n<p>The user has no " + name + " account to unlink.</p>")
		}
	} else {
		b.WriteString("\n" + `<button type="submit" name="person" value="` + NewPerson + `">A new person (a ` + name + " account the site has not seen)</button>")
	}
	b.WriteString("\n" + `<button type="submit" name="person" value="` + Cancel + `">Cancel (decline at ` + name + ")</button>\n</form></body></html>\n")
	return b.String()
}

// postPage is OneAll's last page: it posts the connection to the site's
// callback.
func postPage(callbackURI, action, token string) string {
	return pageHead + `
<title>Connecting…</title></head><body>
<form method="post" action="` + esc(callbackURI) + `">
` + hidden("oa_action", action) + `
` + hidden("oa_social_login_token", token) + `
` + hidden("connection_token", token) + `
<noscript><button type="submit">Continue to the site</button></noscript>
</form>
<script>document.forms[0].submit()</script></body></html>
`
}
