// Package wrapper is the OneAll API client that applications import: typed
// calls for OneAll's Identity, User, User Cloud Storage, Connection, Single
// Sign-On, Site, Tools and Provider APIs, on top of the models and request
// builders generated from openapi.yaml (package api).
//
//	c, err := wrapper.NewFromEnv() // ONEALL_SUBDOMAIN or ONEALL_BASE_URL, ONEALL_PUBLIC_KEY, ONEALL_PRIVATE_KEY
//	id, err := c.Identities.Get(ctx, identityToken)
//
// Every call takes a context first and returns the payload of OneAll's
// response envelope (response.result.data), never the envelope itself.
// Every request is built by the generated request builders of package api,
// so the spec (openapi.yaml) is the one source of methods and paths.
//
// # Authentication
//
// OneAll authenticates every request with HTTP Basic: the site's public key
// is the user name, its private key the password. [New] takes the site's
// subdomain and both keys; requests go to https://<subdomain>.api.oneall.com
// over TLS, which is never weakened. [WithBaseURL] points the client at a test
// server or a proxy (plain http only on loopback). The private key never
// appears in an error, a log line or a printed client.
//
// [NewFromEnv] reads the same variables as the oneall command:
// ONEALL_PUBLIC_KEY, ONEALL_PRIVATE_KEY and ONEALL_SUBDOMAIN, or
// ONEALL_BASE_URL instead of the subdomain (the line that "oneall fake
// serve" prints, exported, drives a program built on this package). A
// configuration error names the variable or option, never a value that may
// hold a key.
//
// # Options
//
// An [Option] (retries, backoff, timeout, an extra header, a logger) given
// to [New] or [NewFromEnv] sets the client's defaults; given as the last
// arguments of a call, it applies to that call only; [Client.With] returns
// a cheap copy with other defaults, sharing the client's connections. No
// option given to a call or a copy changes the client for other calls or
// goroutines. What is fixed for a client's life (WithBaseURL,
// WithHTTPClient, WithAppInfo) is a [ClientOption] only, which a call does
// not accept:
//
//	page, err := c.Users.List(ctx, nil, wrapper.WithRetries(0), wrapper.WithHeader("X-Request-Id", id))
//	patient, err := c.With(wrapper.WithRetries(10), wrapper.WithTimeout(time.Minute))
//
// # Errors
//
// Whatever the API said is an [*APIError]: a non-2xx status, an error flag
// inside a 2xx envelope (OneAll can answer HTTP 200 with an error in
// result.status), or an answer that is not an envelope at all, such as a
// proxy's HTML page. Inspect it with errors.As, or test its class with
// errors.Is against the sentinels:
//
//	id, err := c.Identities.Get(ctx, token)
//	switch {
//	case errors.Is(err, wrapper.ErrNotFound):      // 404
//	case errors.Is(err, wrapper.ErrRateLimited):   // 429, after the retries
//	case errors.Is(err, wrapper.ErrInvalidInput):  // refused before sending
//	}
//
// A storage lookup whose user password is wrong is [ErrInvalidCredentials],
// distinct from [ErrUnauthorized] (the site's keys are wrong). Arguments are
// checked before anything is sent: tokens must be UUIDs, page sizes 1..500.
//
// The envelope's statuses are read strictly: a code of 400 or more in
// response.request.status or response.result.status is an error whatever
// its flag says, a flag "error" is one in any case ("ERROR"), and other
// flags on a success ("scheduled" with 201) are accepted.
//
// Answers are decoded as they are read, up to [MaxAnswerSize] (4 MiB,
// counted after decompression; the largest real answer, a page of 500, is
// far smaller). A larger answer is an [ErrUnexpectedResponse] and is not
// retried, and hostile answers cannot make many calls together hold more
// than a few tens of MiB: an answer past its first 128 KiB is read ahead
// to its end before being decoded, two such answers at a time in a process.
//
// # Retries
//
// Answers 429, 500, 502, 503 and 504 and connection errors are retried, by
// default [DefaultRetries] times, waiting with exponential backoff and
// jitter, or as long as the server's Retry-After says (at most a minute,
// however large or however written). A wait ends at once when the context
// is cancelled. Calls that create something (Storage.CreateUser,
// Users.Import, an Append update) are never sent twice once they may have
// reached OneAll: only a connection that was never made is retried. When
// retries give up, the error is the last [*APIError]. Each attempt is
// bounded by [WithTimeout]; the context bounds the whole call. The policy
// lives in one place, which [IsRetryable] exports for callers that retry on
// their own, later (a bulk import, a queue).
//
// A retry cannot know what a lost answer said: a delete retried after its
// first answer was lost may report [ErrNotFound] because the first attempt
// deleted, and a SynchronizeUser retried after a lost 201 reports Created
// false for the user it created.
//
// [IsRetryable] exports the policy for callers that retry on their own
// terms (the CLI's bulk import waits minutes for a row, with WithRetries(0)):
// it also counts a 500 as transient, which only an idempotent call should
// be repeated after.
//
// # Pagination
//
// List calls return one [Page]. The All iterators (iter.Seq2) walk every
// page, 500 entries at a time, yield entries as they arrive, stop fetching as
// soon as the loop breaks, and end with an error (yielded once) on failure or
// when the server does not advance:
//
//	for id, err := range c.Identities.All(ctx, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(id.IdentityToken)
//	}
//
// [WithPrefetch] (client-wide or per call) fetches up to n pages ahead while
// the loop reads; entries and errors still come in list order, and breaking
// out of the loop cancels and waits for the fetches ahead.
//
// # Calls the services do not model
//
// [Client.Do] sends any other call, path relative to the API root, with the
// same keys, envelope checks, retries, errors and logging; the body goes as
// is (OneAll's {"request": ...} envelope included) and out receives
// result.data. POST and PATCH are sent once unless [WithIdempotent] says
// the call may be repeated:
//
//	var out struct{ ShortURL json.RawMessage `json:"shorturl"` }
//	err := c.Do(ctx, "GET", "/shorturls/"+url.PathEscape(token)+".json", nil, &out)
//
// # Social login
//
// After a person logs in through OneAll, OneAll POSTs a connection_token to
// the site's callback; [ConnectionsService.Get] redeems it and says what
// happened ([Outcome]: a login, a link, an unlink, an SSO login) and who.
// A refused link is [ErrIdentityLinkedToAnotherUser] and a person who did
// not authenticate [ErrNotAuthenticated], both as a [*ConnectionError] that
// keeps what OneAll said. Package login wraps this in an http.Handler with a
// signed state against login CSRF. [SSOService] starts and ends Single
// Sign-On sessions; [ToolsService.Ping] checks the keys; [SiteService.Get]
// says whether the plan has Single Sign-On.
//
// # Models and inputs
//
// Calls take and return the models of package api, which read as values:
// no dereference and no nil check, a field OneAll did not send reads as its
// zero value, and names follow Go (ID, URL, PictureURL, ExternalID,
// UserToken). An input that must tell "leave as is" from "remove" is an
// api.Optional; a password is always an api.Password, so one variable serves
// Storage.CreateUser and Storage.LookupUser:
//
//	pw := api.Password(secret) // prints as [REDACTED]
//	u, err := c.Storage.CreateUser(ctx, api.StorageUserInput{Login: api.Set("ada"), Password: pw})
//	...
//	_, err = c.Storage.LookupUser(ctx, wrapper.Lookup{Login: "ada", Password: pw})
//	_, err = c.Storage.UpdateUser(ctx, u.UserToken, api.StorageUserInput{Login: api.Null[string]()}, wrapper.Replace) // removes the login
//
// # Type drift
//
// OneAll sends some fields as a number in one answer and a string in another,
// and dates with or without the "+" of their zone. The models in package api
// decode all of these (api.FlexInt, api.FlexBool, api.FlexString,
// api.Timestamp, api.UserIdentities) and encode one canonical form.
//
// # Testing
//
// Package onealltest runs an in-memory OneAll with the same semantics (users,
// identities, relinks, cloud storage with hashed passwords, pagination) and
// fault injection; its Server.Client returns a *Client wired to it. Logging is
// silent unless [WithLogger] is given: every attempt is then logged at debug
// level with its method, path, status, duration and attempt number.
package wrapper
