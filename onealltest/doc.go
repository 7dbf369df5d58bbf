// Package onealltest is an in-memory OneAll server for tests and demos.
//
// It implements every operation that oneall-go describes in openapi.yaml
// (the Identity, User, User Cloud Storage, Connection, Single Sign-On,
// Site, Tools and Provider APIs, and the list of short URLs), with OneAll's semantics rather than canned
// replies: HTTP Basic authentication with the site's keys, envelopes, status
// codes and OneAll's info texts, pagination, relinking, cascading deletes,
// synchronization, contacts with their cache, and a cloud storage with
// unique logins and externalids and bcrypt-hashed passwords. It routes
// requests with a static table generated from openapi.yaml (routes.gen.go:
// methods, paths, query limits and defaults) to one handler per operation,
// and a contract test checks every request it accepts and every answer it
// writes against the spec.
//
//	func TestWelcome(t *testing.T) {
//		srv := onealltest.New(t) // closed when the test ends
//		ada := srv.AddUser(onealltest.User{})
//		srv.AddIdentity(ada, "facebook", api.Identity{DisplayName: "Ada"})
//		c := srv.Client() // a *wrapper.Client wired to srv
//		...
//	}
//
// # Putting users in
//
// AddUser, AddIdentity and AddStorageUser put in the exact users,
// identities (provider and profile) and cloud storage users a test needs,
// and return their tokens. Seed(n) adds n generated users with one to three
// identities each.
//
// # Serving
//
// New starts a server for a test and closes it with the test. Outside
// tests, NewServer starts one, and NewUnstarted returns one that can be
// seeded and mounted (Handler) before Start or StartListener makes it
// listen, as with net/http/httptest; Shutdown stops it gracefully, Close at
// once. `oneall fake serve` is such a server, for tests in other languages.
//
// # Determinism
//
// Seed and the builders always create the same users, identities and
// tokens, and the server's clock is logical (see Server.Now): a test that
// makes the same requests in the same order gets the same answers.
//
// # Faults
//
// Faults (WithFaults, Server.SetFaults) make a seeded, reproducible share of
// the requests fail: 429 and 503 with Retry-After, 500, 502, an HTML error
// page, a connection reset, a truncated body, added latency, or a "lost"
// answer (the request is handled, then the connection reset). A fault
// either prevents the request from being handled at all, or (AfterWork, and
// always for "lost") lets it do its work and then loses the answer, which
// is what tests of retries and of "never send a create twice" need. Server.Requests and
// Server.RequestCount show what the server received.
//
// Faults keep tests fast: 429 and 503 ask for a wait of 10ms (Retry-After:
// 0, Retry-After-Ms: 10) unless Faults.RetryAfter says otherwise, and the
// clients of Server.Client and Server.ClientOptions back off for
// milliseconds, not seconds.
//
// # Semantics where OneAll documents none
//
// Where OneAll's documentation says nothing, the server makes a plausible
// choice and sticks to it:
//
//   - Contacts exist for facebook, twitter, google, linkedin, yahoo and
//     windowslive identities. The identity contacts of another network answer
//     403; in the user contacts, such an identity gets an error sub-status and
//     the whole answer is a 207.
//   - The Steam, YouTube and Facebook endpoints answer 403 for an identity of
//     another network.
//   - Relinking or deleting an identity never deletes its user, even when the
//     user is left without identities.
//   - A cloud storage synchronize by user_token for an unknown user answers
//     404 (a new user could not have that token); by login or externalid it
//     creates the user, named as the identifier says unless the user data
//     says otherwise.
//   - Where a request's object node may be empty (sso_session, a storage
//     user node and its identity, an identity synchronize's settings), []
//     is read as {}: PHP's json_encode writes an empty object so, and
//     OneAll's own PHP SDK sends it. A storage synchronize may leave user
//     out altogether, as OneAll's docs allow.
//   - Updating the cloud storage data of a user that has no storage identity
//     adds one and answers 201, as documented; a synchronize that updates
//     answers 202.
//   - A connection_token can be read once: a second read answers 404 ("The
//     connection_token has already been used"). OneAll does not document
//     whether a token can be read twice; being strict catches a callback
//     that redeems a token twice.
//   - Unlinking an account (Social Link, unlink_identity) deletes its
//     identity; the user stays. A link of an account that another user owns
//     is refused as OneAll's plugins expect: HTTP 400 with
//     plugin.data.reason identity_is_linked_to_another_user and result.data.
//   - An SSO session's lifetime is at most ten years; it expires on the
//     logical clock (Server.Advance moves it).
//   - /site.json answers a plan with Single Sign-On and nothing else that is
//     not known; /providers.json lists the providers the server knows, as
//     {count, entries[{key, name}]}, a shape inferred by analogy.
//   - A user created without a password gets none, which behaves as OneAll's
//     unknown random password: a lookup with any password answers 401.
//   - Query parameters out of the range that openapi.yaml gives (page,
//     entries_per_page, order_direction, disable_cache, filters) answer 400
//     with an info naming the parameter; parameters an operation does not
//     declare are ignored. A body that is not the expected envelope answers
//     400 with OneAll's "Please verify the format of the [request->...]
//     node." naming the node.
//
// # Social login
//
// Server.Connect plays OneAll's side of a social login without HTTP: it
// makes the connection a person's login, link, unlink or SSO login would,
// and returns the connection_token that OneAll would POST to the site's
// callback. Server.Accounts lists the network accounts OneAll already knows,
// to log in as one of them again.
//
//	token, err := srv.Connect(onealltest.ConnectRequest{Provider: "google"})
//	conn, err := srv.Client().Connections.Get(ctx, token) // conn.Outcome == wrapper.OutcomeLogin
//
// Over HTTP, the server also answers Direct Connect, the URLs that
// login.LoginURL, LinkURL and UnlinkURL build for its clients:
// GET /socialize/connect/direct/{provider}/?service=…&callback_uri=… shows
// the fake network's consent screen, where a person picks a known account,
// a new person (NewPerson) or Cancel; its form POSTs the choice back, the
// server makes the connection with Connect, and answers a page that POSTs
// oa_action, connection_token and oa_social_login_token to callback_uri, as
// OneAll's page does. callback_uri must be an http(s) URL on a loopback host
// (a 400 page says so otherwise). A browser completes it as a person would;
// a program completes it with an http.Client: GET the screen, POST its form
// with a person field, read the hidden fields of the page that comes back
// and POST them to the callback. DirectConnect does the first three steps
// and returns that form (a CallbackPost), which CallbackPost.Send posts with
// the same client, so that the site's cookies (its login state) go along:
//
//	to, err := login.LoginURL(c, "google", callbackURI)
//	post, err := onealltest.DirectConnect(ctx, browser, to, onealltest.NewPerson)
//	resp, err := post.Send(ctx, browser) // the site's callback answers
//
// # Requests the server sends: pingbacks and video callbacks
//
// Like OneAll, the server POSTs to the site in two cases: a sharing
// analytics snapshot with a pingback_uri, and a Twitter or YouTube video
// pushed with a callback_url (which package callbacks serves: Videos,
// VideoCallbackURL). Both are processed two minutes after their request on
// the logical clock, which moves one minute per change, and by Advance; a
// test moves it instead of sleeping. What is due is processed when Advance
// is called or when a Push, Pull or analytics request arrives, and is POSTed
// before Advance (or that request) returns:
//
//	res, err := c.Push.YouTubeVideo(ctx, yt, wrapper.Video{URL: u, Title: "Film", CallbackURL: cb}) // res.Status == "queued"
//	srv.Advance(2 * time.Minute) // the handler of cb got a VideoResult: Published(), Push.ID == res.ID
//
// The body of a video callback is inferred (OneAll never published it):
// OneAll's envelope with status 200 and result.data.push{id, status:
// "published"}, the id that the push answered and Pull lists; if the
// identity was deleted meanwhile, the 404 that a push for it would get,
// with push{id}. These URLs must be http(s) URLs of a loopback host
// (127.0.0.1, ::1, localhost): any other is refused with a 400 when the
// request is made, and the server connects to loopback addresses only.
// Each POST is bounded (5 seconds), sent after the state's lock is
// released, and neither retried nor reported when it fails.
//
// # Inspecting and steering the state
//
// Server.Stats counts users, identities and changes; Server.UpdateNetworkProfile
// changes a profile at its social network (OneAll sees it after a
// synchronize); Server.ExpireAccessToken expires an access token.
package onealltest
