package bulkimport

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/time/rate"

	"github.com/oneall-go/oneall-go/internal/ctxsleep"
)

// deps are what a run depends on besides its options: the file system its
// state is written to (tests pass one that dies as a killed process would)
// and how far it may run ahead of the checkpoint. Run uses the real ones.
type deps struct {
	fs       fileSystem
	runAhead int64
}

func defaultDeps() deps { return deps{fs: osFS{}, runAhead: MaxRunAhead} }

// Run imports the file o.Path, resuming from its checkpoint and journal if
// an earlier run left them (or, with o.RetryFailures, sends the rows of its
// failures file again).
//
// Cancelling ctx stops the import cleanly: no new row is sent, the
// requests in flight are finished, and the state is saved, so that running
// the same import again sends none of the rows already done; Run then
// returns ctx's error. If the process dies instead (killed, a panic), the
// journal still holds every row done: the next run sends again only the
// rows whose requests were in flight. Rows OneAll refuses, and bad rows, go
// to the failures file and do not stop the import; errors no row would
// escape stop it and are returned (see send.go for the policy).
//
// Errors that the options or the files named must change to fix match
// ErrUsage (ErrCheckpointMismatch among them); a second run of an import
// in progress gets ErrLocked. Stats.Started says whether rows were read.
func Run(ctx context.Context, s Syncer, o Options) (Stats, error) {
	return run(ctx, s, o, defaultDeps())
}

func run(ctx context.Context, s Syncer, o Options, d deps) (st Stats, err error) {
	start := time.Now()
	defer func() { st.Elapsed = time.Since(start) }()
	if err := o.defaults(); err != nil {
		return st, err
	}
	st.Retrying = o.RetryFailures
	f, err := openInput(o.Path)
	if err != nil {
		return st, err
	}
	defer f.Close()
	paths := o.statePaths()
	if err := paths.checkNames(f); err != nil {
		return st, err
	}
	lock, err := acquireLock(paths.lock)
	if err != nil {
		return st, err
	}
	defer func() {
		if lerr := lock.release(d.fs); err == nil && lerr != nil {
			err = fmt.Errorf("removing the lock file: %w", lerr)
		}
	}()

	fp, header, err := scanInput(f, &o)
	if err != nil {
		return st, err
	}
	parser, err := newParser(o.Format, o.Identifier, header)
	if err != nil {
		return st, err
	}
	if o.RetryFailures {
		return retryFailures(ctx, s, &o, d, f, fp, parser, paths, st)
	}
	return importRows(ctx, s, &o, d, f, fp, parser, paths, st)
}

// openInput opens the input file; not being able to is a usage error.
func openInput(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("cannot read the input file: %w", err)
	}
	if fi, err := f.Stat(); err != nil || fi.IsDir() {
		f.Close()
		if err != nil {
			return nil, usagef("cannot read the input file: %w", err)
		}
		return nil, usagef("%s is a directory, not an input file", path)
	}
	return f, nil
}

// newSender builds the sender of the options.
func newSender(s Syncer, o *Options) *sender {
	sd := &sender{s: s, field: o.Identifier, maxWait: o.MaxWait, sleep: ctxsleep.Sleep}
	if o.Rate > 0 {
		sd.limiter = rate.NewLimiter(rate.Limit(o.Rate), 1)
	}
	return sd
}

// runPipeline runs p over the input, from its start.
func runPipeline(ctx context.Context, p *pipeline, f *os.File) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return p.run(ctx, f)
}

// begin tells the progress what the run is about to do.
func begin(o *Options, plan Plan) {
	if o.Progress != nil {
		o.Progress.Begin(plan)
	}
}

// fill copies the pipeline's counts into st.
func fill(st *Stats, p *pipeline) {
	st.Created, st.Updated, st.Failed = p.created.Load(), p.updated.Load(), p.failed.Load()
	st.Skipped, st.OtherShards = p.skipped.Load(), p.otherShards.Load()
	st.Retries = p.sender.retries.Load()
	st.Pending = p.sink.pending()
}
