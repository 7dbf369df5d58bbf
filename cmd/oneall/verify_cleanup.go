package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// made is something that --write created, or may have created: it is
// recorded before the request that creates it is sent, and the cleanup
// deletes it unless a step did.
type made struct {
	what string // for the user: "LoudVoice discussion"
	// del deletes it with tokens, its path parameters; tokens is nil while
	// they are unknown (the creation's answer was lost).
	del    string
	tokens map[string]string
	// byRef deletes it without tokens, by the query parameter refKey=ref
	// (a reference that only this run uses); "" when there is no such
	// operation.
	byRef, refKey, ref string
	// name tells it without its tokens (a login, a reference, a URL).
	name string
	// find looks its tokens up when they are unknown: nil tokens and a nil
	// error mean that it was never created.
	find func(ctx context.Context) (map[string]string, error)
	// in is the thing whose deletion takes this one along (a discussion its
	// comments, an author their votes and sessions).
	in   *made
	gone bool
}

// errGoesWithParent: the thing's tokens are unknown, and it goes when the
// thing it is in is deleted.
var errGoesWithParent = errors.New("its token is unknown: it goes with what it is in")

// record adds m to what the run made.
func (w *writeRun) record(m *made) *made {
	w.made = append(w.made, m)
	return m
}

// cleanup deletes, newest first, what the run made and no step deleted; it
// reports what is left behind, and how to delete it by hand.
func (w *writeRun) cleanup(ctx context.Context) error {
	failed := map[*made]error{}
	for _, m := range slices.Backward(w.made) {
		if m.gone || m.in != nil && m.in.gone {
			continue
		}
		if err := w.remove(ctx, m); err != nil {
			failed[m] = err
			continue
		}
		m.gone = true
	}
	var left []*leftBehind // newest first: the order to delete them in
	for _, m := range slices.Backward(w.made) {
		if m.gone || m.in != nil && m.in.gone {
			continue
		}
		left = append(left, &leftBehind{m: m, err: failed[m], how: w.byHand(m)})
	}
	if len(left) == 0 {
		return nil
	}
	return &cleanupError{left: left}
}

// remove deletes m, finding it first when its tokens are unknown; nil when
// it is gone or was never created.
func (w *writeRun) remove(ctx context.Context, m *made) error {
	if m.tokens == nil && m.find != nil {
		tokens, err := m.find(ctx)
		if err != nil {
			return fmt.Errorf("cannot tell whether it was created: %w", err)
		}
		if tokens == nil {
			return nil // never created
		}
		m.tokens = tokens
	}
	switch {
	case m.tokens != nil:
		return w.deleteOp(ctx, m.del, m.tokens)
	case m.byRef != "":
		return w.deleteOp(ctx, m.byRef, map[string]string{m.refKey: m.ref})
	case m.in != nil:
		return errGoesWithParent
	}
	return errors.New("its token is unknown")
}

// deleteOp sends a deletion of the cleanup: 200, or 404 (it is not there:
// deleted already, or never created) is done.
func (w *writeRun) deleteOp(ctx context.Context, id string, tokens map[string]string) error {
	a, err := w.undo(ctx, id, tokens, nil)
	switch {
	case err != nil:
		return fmt.Errorf("%s: %w", id, err)
	case a.status == http.StatusOK || a.status == http.StatusNotFound:
		return nil
	}
	return fmt.Errorf("%w: %s answered %d %s", errStop, id, a.status, http.StatusText(a.status))
}

// undo sends a cleanup request: not checked against the spec, which the
// steps did, but retried as any request that may be sent again.
func (w *writeRun) undo(ctx context.Context, id string, tokens map[string]string, body any) (*answer, error) {
	o := w.v.byID[id]
	if o == nil {
		return nil, fmt.Errorf("the spec has no operation %s", id)
	}
	return w.v.send.do(ctx, o, w.v.send.base, tokens, body)
}

// byHand is the command that deletes m, "" when none can be written.
func (w *writeRun) byHand(m *made) string {
	switch {
	case m.tokens != nil:
		return w.command(m.del, m.tokens)
	case m.byRef != "":
		return w.command(m.byRef, map[string]string{m.refKey: m.ref})
	}
	return ""
}

// command is the oneall command line that sends operation id with tokens
// (path parameters as arguments, query parameters as flags), confirmed as
// the command asks (--yes, or --confirm-deletion=true); "" when the CLI has
// no command for it.
func (w *writeRun) command(id string, tokens map[string]string) string {
	o := w.v.byID[id]
	if o == nil || w.root == nil {
		return ""
	}
	words := strings.Fields(xOneAll(o.op, "cli"))
	if len(words) == 0 {
		return ""
	}
	cmd, rest, err := w.root.Find(words)
	if err != nil || len(rest) != 0 {
		return ""
	}
	line := append([]string{"oneall"}, words...)
	for _, p := range o.pathParams {
		line = append(line, tokens[p])
	}
	yes := cmd.Flags().Lookup("yes") != nil // a hand-written command's confirmation
	for _, q := range o.query {
		flag := strings.ReplaceAll(q.Name, "_", "-")
		switch v, ok := tokens[q.Name]; {
		case q.Name == "confirm_deletion" && !yes:
			line = append(line, "--"+flag+"=true")
		case ok:
			line = append(line, "--"+flag+"="+v)
		}
	}
	if yes {
		line = append(line, "--yes")
	}
	return strings.Join(line, " ")
}

// leftBehind is something the cleanup could not delete.
type leftBehind struct {
	m   *made
	err error  // why
	how string // the command that deletes it, "" if none
}

func (l *leftBehind) Error() string {
	var b strings.Builder
	b.WriteString(l.m.what)
	for _, p := range sortedKeys(l.m.tokens) {
		fmt.Fprintf(&b, " %s %s", p, l.m.tokens[p])
	}
	if l.m.name != "" {
		fmt.Fprintf(&b, " (%s)", l.m.name)
	}
	switch {
	case errors.Is(l.err, errGoesWithParent):
		fmt.Fprintf(&b, ": its creation got no answer, so its token is unknown; it goes when the %s below is deleted", l.m.in.what)
		return b.String()
	case l.err != nil:
		fmt.Fprintf(&b, ": %s", strings.TrimPrefix(oneLine(l.err), errStop.Error()+": "))
	}
	if l.how != "" {
		fmt.Fprintf(&b, "; delete it with: %s", l.how)
	} else {
		b.WriteString("; delete it yourself")
	}
	return b.String()
}

func (l *leftBehind) Unwrap() error { return l.err }

// cleanupError is a cleanup that left something behind. verify prints each
// thing on a line of its own before the error.
type cleanupError struct{ left []*leftBehind }

func (e *cleanupError) Error() string {
	return fmt.Sprintf("the cleanup of --write left %d thing(s) behind (listed above): delete them yourself", len(e.left))
}

// Unwrap gives the causes, for the exit code: an answer (3), or none (4).
func (e *cleanupError) Unwrap() []error {
	var errs []error
	for _, l := range e.left {
		if l.err != nil && !errors.Is(l.err, errGoesWithParent) {
			errs = append(errs, l.err)
		}
	}
	if len(errs) == 0 {
		errs = append(errs, errStop)
	}
	return errs
}

// printLeftBehind writes, one line each, what a cleanup in err left behind.
func printLeftBehind(w io.Writer, err error) {
	var ce *cleanupError
	if !errors.As(err, &ce) {
		return
	}
	for _, l := range ce.left {
		fmt.Fprintf(w, "oneall: left behind: %s\n", escapeControls(l.Error()))
	}
}
