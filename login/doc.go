// Package login is the server side of "Log in with OneAll": the callback
// that OneAll's widget or a Direct Connect link sends a person to after the
// social network, and the URLs that start the trip.
//
// # The flow
//
// The page links to a Direct Connect URL (LoginURL, LinkURL, UnlinkURL) or
// loads OneAll's widget (LibraryURL). The person logs in at the social
// network; OneAll then POSTs oa_action and connection_token to the callback
// URI. The callback (Callback.Handle, or the http.Handler of
// Callback.Handler) checks what was posted, redeems the token with
// GET /connections/{token}.json and hands the application one Result: what
// happened (a login, a link, an unlink, an SSO login), the user token, the
// raw identity and a normalized Profile. The application then logs the
// person in with its own sessions: this package keeps no session store.
//
//	cb, err := login.New(client, login.WithState(key, 0)) // key: 32 random bytes, kept secret
//	http.Handle("/login", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
//		callback, err := cb.CallbackURL(w, r, "https://shop.example/oneall/callback")
//		...
//		to, err := login.LoginURL(client, "google", callback)
//		...
//		http.Redirect(w, r, to, http.StatusSeeOther)
//	}))
//	http.Handle("/oneall/callback", cb.Handler(onLogin, nil))
//
// # Login CSRF and the state
//
// OneAll's flow has no state or nonce: anyone can make a browser POST their
// own connection_token to a site's callback and so log a victim into the
// attacker's account (login CSRF). With WithState, CallbackURL adds a
// signed, short-lived state to the callback URI's query (OneAll keeps the
// query when it POSTs) and binds it to a random value in an HttpOnly cookie;
// the callback refuses a state that is missing, expired, forged, or made for
// another browser, with ErrInvalidState, before any request to OneAll. Once
// the token is redeemed, the state in the callback_uri that OneAll echoes
// must be the callback's own: a token made for another browser's login,
// posted with this browser's state, is refused too. For
// an https callback the cookie is SameSite=None and Secure, because OneAll's
// POST comes from another site; for a plain-http (loopback) callback it is
// SameSite=Lax.
//
// The callback route must be exempt from the application's CSRF middleware
// (gorilla/csrf, nosurf, http.CrossOriginProtection, a framework's own):
// OneAll's POST is cross-site and carries no CSRF token of yours. The state
// is what protects that route instead.
//
// # Errors
//
// Every callback failure is an error matched with errors.Is: ErrNoToken (the
// URL was opened without a token), ErrInvalidCallback (a token that is not a
// UUID, two different tokens, an unknown oa_action, a form over 64 KiB),
// ErrEncrypted (the site encrypts its data: identity_vault_key was posted),
// ErrInvalidState, ErrUnknownToken (OneAll does not know the token, or it
// was used), ErrIdentityLinkedToAnotherUser (a link refused: the account
// belongs to another user; errors.As finds a *wrapper.ConnectionError with
// what OneAll said), wrapper.ErrNotAuthenticated (the person did not
// authenticate at the network). The checks of what was posted happen before
// any request is sent. Errors never contain the private key or the access
// tokens of identities, and neither does a Result printed with fmt or slog.
package login
