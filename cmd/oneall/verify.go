package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/spf13/cobra"
)

// exitDrift is verify's exit code when an answer differs from the spec.
const exitDrift = 5

// driftError ends a verify run that found drift: exit code exitDrift.
type driftError struct{ n int }

func (e *driftError) Error() string {
	return fmt.Sprintf("%d difference(s) between OneAll's answers and the spec", e.n)
}

// verifyFlags are verify's flags.
type verifyFlags struct {
	json, write, yes, showValues bool
}

func (a *app) verifyCommand() *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check that the site's answers still match the spec (read-only unless --write --yes)",
		Long: `verify calls every read-only operation of the spec (every GET that may be
sent again) on the configured site, with the smallest page, taking the
tokens that an operation needs from the answers before it (a list gives the
token a get reads). It checks each answer with kin-openapi's response
validation and, beyond it, reports members the spec does not know, required
members that are missing, types that differ and statuses the operation does
not list. An optional member of the spec's example that an answer lacks is
reported as info: real answers are often sparser than the examples.

One line per finding: severity, operation, status, JSON path ("[]" for any
element of an array), what the spec expects, what came as a JSON type.
Values are never shown unless --show-values, and even then not those of
members named like a token, secret, password or key. --json gives the same
report as one JSON document for CI.

--write --yes also creates throwaway things (their logins, references and
URLs hold oneall-verify-<random>), uses them, and deletes them:
  - a cloud storage user (login oneall-verify-<random>@example.invalid):
    created, updated, looked up, synchronized, two SSO sessions of its
    identity started, read and ended, deleted;
  - a short URL to https://www.example.invalid/oneall-verify-<random>:
    created, read, deleted (the spec has no update of a short URL);
  - LoudVoice: two discussions, two authors, a comment of one author, the
    vote of the other on it, an author session: created, read, updated and
    deleted, by token and by reference.
A family whose first creation is refused with 403 (a feature the site does
not have) is skipped, and the others run. It changes nothing else. Whatever
happens (a failed step, an interrupt), it then deletes what it created,
newest first, within a minute; what it cannot delete is listed on stderr
("left behind"), with its tokens and the oneall command that deletes it,
and the run fails. It never publishes to a social network (Push, sharing
messages, and so no analytics snapshot), changes the site's configuration
(allowed domains), or writes what no operation deletes (connection log,
imports, exports): those are reported as skipped, each with its reason.

Exit codes: 0 no drift, 5 drift, 1 interrupted or the report could not be
written, 2 usage, 3 OneAll answered an error that stops the check (refused
credentials, a rate limit or server error that outlasted the retries, a
failed --write step or cleanup), 4 network error or timeout. An interrupt
during --write still deletes what it created (a second one ends the
process at once and leaves it).`,
		Example: `  oneall verify
  oneall verify --json > verify-report.json
  oneall --fake verify --write --yes`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.write && !f.yes {
				return usagef("--write creates, changes and deletes throwaway things on the site (a cloud storage user and its SSO sessions, " +
					"a short URL, LoudVoice discussions, authors, a comment, a vote, an author session); add --yes to allow it")
			}
			return a.verify(cmd.Context(), cmd.Root(), f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.json, "json", false, "print the report as one JSON document")
	fl.BoolVar(&f.write, "write", false, "also create, change and delete throwaway things: a cloud storage user, a short URL, LoudVoice (needs --yes)")
	fl.BoolVar(&f.yes, "yes", false, "confirm --write")
	fl.BoolVar(&f.showValues, "show-values", false, "show the values of unexpected members (never those named like a token, secret, password or key)")
	return cmd
}

// verifier is one verify run.
type verifier struct {
	doc   *openapi3.T
	ops   []*vop
	byID  map[string]*vop
	send  *sender
	check checker
	rep   report
	// tokens found in answers, and the names of every path parameter.
	tokens harvest
	names  map[string]bool
	// done are the operations already called.
	done map[string]bool
	// skipWhy says why --write did not call an operation, when not the
	// usual reason.
	skipWhy map[string]string
}

func (a *app) verify(ctx context.Context, root *cobra.Command, f verifyFlags) error {
	s, err := a.sender()
	if err != nil {
		return err
	}
	doc, ops, err := loadSpec(ctx)
	if err != nil {
		return err
	}
	v := &verifier{doc: doc, ops: ops, byID: map[string]*vop{}, send: s, check: checker{doc: doc, showValues: f.showValues},
		tokens: harvest{}, names: map[string]bool{}, done: map[string]bool{}, skipWhy: map[string]string{}}
	v.rep.Spec, v.rep.Write = doc.Info.Version, f.write
	for _, o := range ops {
		v.byID[o.id] = o
		for _, n := range o.needs {
			v.names[n] = true
		}
	}
	runErr := v.readPass(ctx)
	if runErr == nil && f.write {
		runErr = v.writePass(ctx, root)
	}
	v.skipRest(f.write)
	werr := v.rep.write(a.stdout, f.json)
	printLeftBehind(a.stderr, runErr) // even without the report: only it says what to delete
	if werr != nil {
		return errors.Join(werr, runErr)
	}
	if runErr == nil {
		runErr = v.rep.stop
	}
	if n := v.rep.Summary.Drift; n > 0 && runErr != nil {
		// Drift decides the exit code, but what else failed is still said.
		return fmt.Errorf("%w; %w", &driftError{n: n}, runErr)
	} else if n > 0 {
		return &driftError{n: n}
	}
	return runErr
}

// readPass calls each read-only operation once its tokens are known.
func (v *verifier) readPass(ctx context.Context) error {
	for progress := true; progress; {
		progress = false
		for _, o := range v.ops {
			if !o.readOnly() || v.done[o.id] {
				continue
			}
			tokens, _ := v.tokens.tokensFor(o)
			if tokens == nil {
				continue
			}
			if _, err := v.call(ctx, o, tokens, nil); err != nil {
				return err
			}
			progress = true
		}
	}
	return nil
}

// call sends o, checks and records its answer, and harvests its tokens.
// The error is a network error, or a stop (credentials refused, a server
// error that outlasted the retries) when stopping is all that is left.
func (v *verifier) call(ctx context.Context, o *vop, tokens map[string]string, body any) (*answer, error) {
	v.done[o.id] = true
	a, err := v.send.do(ctx, o, v.send.base, tokens, body)
	if err != nil {
		v.rep.op(o, 0, "error", "no answer: "+oneLine(err))
		return nil, err
	}
	found := v.check.check(ctx, o, a)
	v.rep.add(o, a.status, found)
	if a.tree != nil {
		v.tokens.collect(a.tree, v.names)
	}
	if stopStatus(a.status) {
		v.rep.stop = fmt.Errorf("%w: %s answered %d %s", errStop, o.id, a.status, http.StatusText(a.status))
		if a.status == http.StatusUnauthorized {
			return a, v.rep.stop // every other call would be refused too
		}
	}
	return a, nil
}

// errStop marks an answer that ends the run with exitAPI.
var errStop = errors.New("OneAll answered an error")

// stopStatus reports an answer after which the report cannot be trusted:
// the keys were refused, or the site was overloaded or broken.
func stopStatus(status int) bool {
	return status == http.StatusUnauthorized || status == http.StatusTooManyRequests || status >= 500
}

// skipRest reports every operation that was not called, and why.
func (v *verifier) skipRest(write bool) {
	for _, o := range v.ops {
		if v.done[o.id] {
			continue
		}
		var why string
		switch {
		case !o.readOnly() && !write:
			why = "changes data: only with --write --yes"
		case !o.readOnly() && !writeSteps[o.id]:
			why = cmpOr(notExercised[o.id], "not exercised by --write")
		case !o.readOnly() && v.skipWhy[o.id] != "":
			why = v.skipWhy[o.id]
		case !o.readOnly():
			why = "not reached: an earlier step failed"
		default:
			_, missing := v.tokens.tokensFor(o)
			why = "no " + missing + " in an earlier answer"
			if missing == "" {
				why = "not reached: the run stopped"
			}
		}
		v.rep.op(o, 0, "skipped", why)
	}
}
