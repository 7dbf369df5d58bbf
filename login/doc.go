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
// Callback.Handler and Callback.HandlerFor) checks what was posted, redeems the token with
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
//	http.Handle("/oneall/callback", cb.Handler(onLogin, nil)) // logins only
//
// # Secure by default: the callback fails closed
//
// New refuses to build a callback without WithState, unless the
// application passes WithoutState, which is dangerous (see below). The
// callback takes logins only unless the application opts in: Handler gives
// onLogin logins and nothing else; HandlerFor takes one function per
// outcome (Outcomes: Login, Link, Unlink, SingleSignOn) and refuses the
// outcomes it has none for; Handle takes the outcomes to accept as
// arguments. A posted oa_action that no accepted outcome comes from is
// refused before anything is sent.
//
// An answer of OneAll is trusted only when it says, consistently, that the
// person connected: plugin.data.status "success" (ErrPluginFailed, also
// for a missing plugin), connection.status "succeeded" when present
// (ErrConnectionFailed), connection.connection_token the posted token
// (ErrTokenMismatch), UUID user and identity tokens (ErrMalformedToken), an
// identity (ErrNoIdentity), and a plugin whose service and outcome are
// those of the posted oa_action (ErrActionMismatch). The first five also
// match ErrInvalidAnswer.
//
// # Login CSRF and the state
//
// OneAll's flow has no state or nonce: anyone can make a browser POST their
// own connection_token to a site's callback and so log a victim into the
// attacker's account (login CSRF). With WithState, CallbackURL adds a
// signed, short-lived state to the callback URI's query (OneAll keeps the
// query when it POSTs) and binds it to a random nonce in an HttpOnly
// cookie. The cookie's value is authenticated with the same key, so only
// this site can have made it: CallbackURL replaces any other cookie of
// that name. On an https callback the cookie is StateCookieSecure, whose
// __Host- prefix (Secure, Path=/, no Domain) keeps a sibling subdomain from
// planting its own; it is SameSite=None, because OneAll's POST comes from
// another site. On plain http (a loopback demo) it is StateCookie,
// SameSite=Lax, and nothing stops a page on another port of the same host
// from planting a cookie the site made for that page's author: serve the
// callback over https.
//
// The callback refuses a state that is missing, expired, forged, made for
// another browser's cookie, already spent, or past its callbacks, with
// ErrInvalidState, before any request to OneAll. Once the token is
// redeemed, the state in the callback_uri that OneAll echoes must be the
// callback's own: a token made for another browser's login, posted with
// this browser's state, is refused too.
//
// A state serves one login. On success it is spent: its cookie is deleted
// and the state refused from then on, so a second login, in another tab
// say, starts again. A state also lets at most MaxCallbacksPerState
// callbacks reach OneAll, so a valid state cannot be used to make the
// site's keys redeem random tokens by the thousand.
//
// The state itself is stateless (signed, and bound to the cookie); what it
// cannot say about itself, how many callbacks it had and whether it was
// spent, is one counter per state in a Store. The default store is this
// process's memory. An application that runs several instances behind a
// load balancer gives them one shared Store (WithStore), for example over
// Redis (see Store); otherwise a state could serve one login per instance.
// A store that fails refuses the callback (ErrStateStore).
//
// WithoutState turns all of this off: any page can log a visitor into its
// author's account, and every callback, from anywhere, costs a request to
// OneAll with the site's keys. It exists for a site that binds the
// callback to the browser by other means.
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
// UUID, two different tokens, no or an unknown oa_action, a form over 64
// KiB), ErrEncrypted (the site encrypts its data: identity_vault_key was
// posted), ErrInvalidState, ErrUnexpectedOutcome, ErrActionMismatch,
// ErrInvalidAnswer and its five kinds, ErrStateStore, ErrUnknownToken
// (OneAll does not know the token, or it was used),
// ErrIdentityLinkedToAnotherUser (a link refused: the account belongs to
// another user; errors.As finds a *wrapper.ConnectionError with what OneAll
// said), wrapper.ErrNotAuthenticated (the person did not authenticate at
// the network). The checks of what was posted and of the state happen
// before any request is sent.
//
// Connection tokens stay out of errors' texts (a token that OneAll has not
// redeemed yet, logged, could be redeemed by whoever reads the log), and
// so out of the default error page, which shows a short message and a
// reference; the WARN log line carries the same reference, and only a
// DEBUG line the token. Errors never contain the private key or the access
// tokens of identities, and neither does a Result printed with fmt or slog.
package login
