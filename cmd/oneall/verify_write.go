package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"
)

// Why --write leaves an operation out.
const (
	whyPublishes = "not exercised: publishes to a social network"
	whySiteConf  = "not exercised: changes the site's configuration"
)

// notExercised says why --write leaves an operation out.
var notExercised = map[string]string{
	"ImportUser":              "not exercised: needs a social network access token",
	"SynchronizeIdentity":     "not exercised: needs a social network identity",
	"RelinkIdentity":          "not exercised: needs a social network identity",
	"DeleteIdentity":          "not exercised: the throwaway user's only identity goes with the user",
	"UpdateStorageUserByPost": "not exercised: deprecated, the same update as UpdateStorageUser, which --write sends",

	"PublishSharingMessage":   whyPublishes,
	"RepublishSharingMessage": whyPublishes,
	"DeleteSharingMessage":    "not exercised: --write publishes no message, and deletes only what it created",
	"InitiateSharingAnalyticsSnapshot": "not exercised: snapshots a published message (--write publishes none) " +
		"and reads its reactions from the social networks",
	"DeleteSharingAnalyticsSnapshot": "not exercised: --write initiates no snapshot, and deletes only what it created",

	"AddAllowedDomains":   whySiteConf,
	"CreateConnectionLog": "not exercised: adds to the site's connection log, and no operation deletes from it",
	"ScheduleExport":      "not exercised: exports every user of the site, and no operation deletes an export",
}

func init() {
	for _, id := range []string{
		"PushFacebookPost", "PushFacebookPicture", "PushFacebookVideo", "PushFacebookPagePost", "PushFacebookPagePicture",
		"PushLinkedInPost", "PushLinkedInCompanyPost", "PushPinterestPin", "PushPinterestPinLegacy",
		"PushTwitterPost", "PushTwitterPicture", "PushTwitterVideo", "PushYouTubeVideo",
	} {
		notExercised[id] = whyPublishes
	}
}

// writeFamily is what --write exercises together: it creates its things
// (ops[0] first), uses them and deletes them.
type writeFamily struct {
	name string   // for the user: "LoudVoice"
	ops  []string // the operations it calls but the GETs, which the read pass calls too
	run  func(*writeRun, context.Context) error
}

// writeFamilies are run in order; the first failure ends them, but a family
// whose first creation is refused with 403 (a feature the site does not
// have: "The cloud storage is not enabled for this site") is skipped.
var writeFamilies = []writeFamily{
	{name: "cloud storage", run: (*writeRun).storageUser, ops: []string{
		"CreateStorageUser", "UpdateStorageUser", "LookupStorageUser", "SynchronizeStorageUser",
		"StartIdentitySSOSession", "DestroyIdentitySSOSession", "DeleteSSOSession", "DeleteUser"}},
	{name: "short URLs", run: (*writeRun).shortURL, ops: []string{"CreateShortURL", "DeleteShortURL"}},
	{name: "LoudVoice", run: (*writeRun).loudVoice, ops: []string{
		"CreateDiscussion", "CreateAuthor", "CreateComment", "CastVote", "StartAuthorSession",
		"UpdateDiscussion", "UpdateDiscussionByReference", "UpdateComment", "UpdateAuthor", "UpdateAuthorByReference",
		"DeleteAuthorSession", "DeleteVote", "DeleteComment", "DeleteAuthorByReference", "DeleteAuthor",
		"DeleteDiscussion", "DeleteDiscussionByReference"}},
}

// writeSteps are the operations that --write calls but the GETs.
var writeSteps = map[string]bool{}

func init() {
	for _, f := range writeFamilies {
		for _, id := range f.ops {
			writeSteps[id] = true
		}
	}
}

// cleanupTimeout bounds the cleanup, which runs even after an interrupt.
const cleanupTimeout = time.Minute

// writeRun is the --write part of a run: throwaway things (a cloud storage
// user and its SSO sessions, a short URL, LoudVoice discussions, authors, a
// comment, a vote, a session), created here and deleted here, whatever
// happens.
type writeRun struct {
	v *verifier
	// root is the CLI, to tell how to delete by hand what is left behind.
	root *cobra.Command
	// tag is in every login, reference and URL the run makes: no one else's.
	tag             string
	login, password string
	// What was created, as it is learnt; only these are ever changed.
	made []*made
}

// writePass runs the write steps, then the cleanup.
func (v *verifier) writePass(ctx context.Context, root *cobra.Command) (err error) {
	tag := "oneall-verify-" + randomHex(6)
	w := &writeRun{v: v, root: root, tag: tag, login: tag + "@example.invalid", password: randomHex(16)}
	defer func() {
		if ctx.Err() != nil {
			// The cleanup outlives the interrupt; say so, since it may take
			// a while and a second interrupt ends the process at once.
			fmt.Fprintln(root.ErrOrStderr(), "oneall: interrupted: deleting what --write created (interrupt again to leave it on the site)")
		}
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		switch cerr := w.cleanup(cctx); {
		case cerr == nil:
		case err == nil:
			err = cerr
		default:
			err = fmt.Errorf("%w; %w", err, cerr)
		}
	}()
	return w.steps(ctx)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return fmt.Sprintf("%x", b)
}

// steps runs each family's steps; the first failure ends them, but for a
// family the site does not have.
func (w *writeRun) steps(ctx context.Context) error {
	for _, f := range writeFamilies {
		start := len(w.made)
		err := f.run(w, ctx)
		var se *stepError
		// Only the family's first creation tells the feature is missing: a
		// 403 later (LoudVoice's second discussion) is a failed step.
		first := len(w.made) == start+1
		if !errors.As(err, &se) || se.id != f.ops[0] || se.status != http.StatusForbidden || !first {
			if err != nil {
				return err
			}
			continue
		}
		for _, m := range w.made[start:] {
			m.gone = true // refused: nothing was created
		}
		for _, id := range f.ops[1:] {
			w.v.skipWhy[id] = fmt.Sprintf("not reached: %s answered 403 Forbidden (is %s enabled on the site?)", se.id, f.name)
		}
	}
	return nil
}

// step calls one write operation; an answer that is not a 2xx ends the steps.
func (w *writeRun) step(ctx context.Context, id string, tokens map[string]string, request any) (*answer, error) {
	o := w.v.byID[id]
	if o == nil {
		return nil, fmt.Errorf("the spec has no operation %s", id)
	}
	var body any
	if request != nil {
		body = map[string]any{"request": request}
	}
	a, err := w.v.call(ctx, o, tokens, body)
	if err != nil {
		return nil, err
	}
	if a.status < 200 || a.status > 299 {
		return a, &stepError{id: id, status: a.status}
	}
	return a, nil
}

// stepError is a write step whose answer was not a 2xx.
type stepError struct {
	id     string
	status int
}

func (e *stepError) Error() string {
	return fmt.Sprintf("%v: --write step %s answered %d %s", errStop, e.id, e.status, http.StatusText(e.status))
}

func (e *stepError) Unwrap() error { return errStop }

// create records m, sends its creation, and learns its token (the path
// parameter named key) from the answer's result.data at path.
func (w *writeRun) create(ctx context.Context, m *made, id string, tokens map[string]string, request any, key string, path ...string) (*answer, error) {
	w.record(m)
	a, err := w.step(ctx, id, tokens, request)
	if err != nil {
		if a != nil && refused(a.status) {
			// Nothing was created, and the reference may be someone
			// else's (409: it is taken): the cleanup leaves it alone.
			m.gone = true
		}
		return a, err
	}
	tok := str(a.tree, append([]string{"response", "result", "data"}, path...)...)
	if tok == "" {
		return a, fmt.Errorf("%w: %s: the answer has no %s", errStop, id, path[len(path)-1])
	}
	m.tokens = map[string]string{key: tok}
	return a, nil
}

// refused reports an answer that refuses a creation: a 4xx, but a timeout
// or a rate limit, after which the creation may have been done.
func refused(status int) bool {
	return status >= 400 && status < 500 && status != http.StatusRequestTimeout && status != http.StatusTooManyRequests
}

// deleted sends the deletion of m as a step, and forgets m once done.
func (w *writeRun) deleted(ctx context.Context, m *made, id string, tokens map[string]string) error {
	if _, err := w.step(ctx, id, tokens, nil); err != nil {
		return err
	}
	m.gone = true
	return nil
}

// each runs steps that create nothing, in order, until one fails.
func (w *writeRun) each(ctx context.Context, calls ...stepCall) error {
	for _, c := range calls {
		if _, err := w.step(ctx, c.id, c.tokens, c.request); err != nil {
			return err
		}
	}
	return nil
}

// stepCall is one step for each.
type stepCall struct {
	id      string
	tokens  map[string]string
	request any
}

// str is the string at the given members of a decoded answer, "" if none.
func str(v any, path ...string) string {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	s, _ := v.(string)
	return s
}
