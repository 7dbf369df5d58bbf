package main

import (
	"context"
	"crypto/rand"
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

// writeSteps are the operations that --write calls but the GETs, which the
// read pass calls (again) once the steps have made something to read.
var writeSteps = map[string]bool{
	"CreateStorageUser": true, "UpdateStorageUser": true, "LookupStorageUser": true, "SynchronizeStorageUser": true,
	"StartIdentitySSOSession": true, "DestroyIdentitySSOSession": true, "DeleteSSOSession": true, "DeleteUser": true,

	"CreateShortURL": true, "DeleteShortURL": true,

	"CreateDiscussion": true, "UpdateDiscussion": true, "UpdateDiscussionByReference": true,
	"DeleteDiscussion": true, "DeleteDiscussionByReference": true,
	"CreateAuthor": true, "UpdateAuthor": true, "UpdateAuthorByReference": true,
	"DeleteAuthor": true, "DeleteAuthorByReference": true,
	"CreateComment": true, "UpdateComment": true, "DeleteComment": true,
	"CastVote": true, "DeleteVote": true, "StartAuthorSession": true, "DeleteAuthorSession": true,
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

// steps runs each family's steps; the first failure ends them.
func (w *writeRun) steps(ctx context.Context) error {
	for _, family := range []func(context.Context) error{w.storageUser, w.shortURL, w.loudVoice} {
		if err := family(ctx); err != nil {
			return err
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
		return a, fmt.Errorf("%w: --write step %s answered %d %s", errStop, id, a.status, http.StatusText(a.status))
	}
	return a, nil
}

// create records m, sends its creation, and learns its token (the path
// parameter named key) from the answer's result.data at path.
func (w *writeRun) create(ctx context.Context, m *made, id string, tokens map[string]string, request any, key string, path ...string) (*answer, error) {
	w.record(m)
	a, err := w.step(ctx, id, tokens, request)
	if err != nil {
		return a, err
	}
	tok := str(a.tree, append([]string{"response", "result", "data"}, path...)...)
	if tok == "" {
		return a, fmt.Errorf("%w: %s: the answer has no %s", errStop, id, path[len(path)-1])
	}
	m.tokens = map[string]string{key: tok}
	return a, nil
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
