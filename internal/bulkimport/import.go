package bulkimport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Syncer synchronizes one user; *wrapper.StorageService is one.
type Syncer interface {
	SynchronizeUser(ctx context.Context, id wrapper.Identifier, in api.StorageUserInput) (*wrapper.SyncResult, error)
}

// Progress is told of every line of the input once it is settled (sent,
// failed, skipped or not in the shard). It is called from several
// goroutines; *progressbar.ProgressBar is one.
type Progress interface {
	Add(n int) error
}

// DefaultConcurrency is how many requests are in flight at once by default.
const DefaultConcurrency = 8

// Options describe an import. Path and Identifier are required.
type Options struct {
	// Path is the input file, JSON Lines or CSV.
	Path string
	// Format is the input's syntax; "" picks it from Path's extension.
	Format Format
	// Identifier is the field users are matched by (login, externalid,
	// user_token); its value must be in every row.
	Identifier wrapper.IdentifierField
	// Concurrency bounds the requests in flight; 0 means DefaultConcurrency.
	Concurrency int
	// Rate caps the requests per second; 0 means no cap.
	Rate float64
	// CheckpointPath defaults to Path + ".checkpoint".
	CheckpointPath string
	// FailuresPath defaults to Path + ".failures.jsonl".
	FailuresPath string
	// Shard selects part of the rows; the zero value keeps them all.
	Shard Shard
	// Restart ignores (and replaces) an existing checkpoint and failures file.
	Restart bool
	// Progress, if set, is told of every settled line.
	Progress Progress
	// CheckpointEvery is how often the checkpoint is saved while the import
	// runs; 0 means every second. It is also saved at the end.
	CheckpointEvery time.Duration
}

// Stats are the counts of one run of an import.
type Stats struct {
	// Created and Updated count the rows synchronized (201, or 200/202).
	Created, Updated int64
	// Failed counts the rows written to the failures file: bad rows and rows
	// that OneAll refused.
	Failed int64
	// Skipped counts the rows before the checkpoint, not sent again.
	Skipped int64
	// OtherShards counts the rows left to other shards.
	OtherShards int64
	// ResumedAt is the checkpoint's line when the run resumed an import, else 0.
	ResumedAt int64
	// Checkpoint is the state saved at the end of the run.
	Checkpoint Checkpoint
	// Elapsed is the run's duration.
	Elapsed time.Duration
}

// Rows is the number of rows handled in this run: created, updated or failed.
func (s Stats) Rows() int64 { return s.Created + s.Updated + s.Failed }

// Summary is the one-line report of a run.
func (s Stats) Summary() string {
	secs := s.Elapsed.Seconds()
	perSec := 0.0
	if secs > 0 {
		perSec = float64(s.Rows()) / secs
	}
	line := fmt.Sprintf("imported %d rows in %.1fs (%.0f rows/s): created %d, updated %d, failed %d, skipped %d (checkpoint)",
		s.Rows(), secs, perSec, s.Created, s.Updated, s.Failed, s.Skipped)
	if s.OtherShards > 0 {
		line += fmt.Sprintf(", %d in other shards", s.OtherShards)
	}
	return line
}

// Run imports the file o.Path, resuming from its checkpoint if there is
// one. Cancelling ctx stops the import cleanly: no new row is sent, the rows
// in flight are finished, and the checkpoint is saved, so that running the
// same import again sends none of the rows already done. It then returns
// ctx's error. Rows OneAll refuses, and bad rows, go to the failures file
// and do not stop the import; errors that would fail every row (wrong API
// keys, storage not enabled, the network, OneAll overloaded after retries)
// stop it and are returned.
func Run(ctx context.Context, s Syncer, o Options) (st Stats, err error) {
	start := time.Now()
	defer func() { st.Elapsed = time.Since(start) }()
	if err := o.defaults(); err != nil {
		return st, err
	}
	f, err := os.Open(o.Path)
	if err != nil {
		return st, err
	}
	defer f.Close()
	fp, err := fingerprint(f, o.Format, string(o.Identifier), o.Shard)
	if err != nil {
		return st, err
	}
	var base Checkpoint
	if !o.Restart {
		cp, err := ReadCheckpoint(o.CheckpointPath)
		if err != nil {
			return st, err
		}
		if cp != nil {
			if cp.Input != fp {
				return st, fmt.Errorf("%w: %s was written for another input file, shard or identifier; delete it or pass --restart",
					ErrCheckpointMismatch, o.CheckpointPath)
			}
			base = *cp
			st.ResumedAt = cp.Line
		}
	}
	if st.ResumedAt == 0 {
		if err := os.Remove(o.FailuresPath); err != nil && !errors.Is(err, os.ErrNotExist) {
			return st, err
		}
	}
	base.Version, base.Input, base.Complete = 1, fp, false

	lr := newLineReader(f)
	parser, err := NewParser(o.Format, o.Identifier, nil)
	if o.Format == CSV {
		_, header, tooLong, herr := lr.next()
		if herr == io.EOF {
			return st, fmt.Errorf("%w: %s is empty: a CSV file needs a header row", wrapper.ErrInvalidInput, o.Path)
		}
		if herr != nil {
			return st, herr
		}
		if tooLong {
			return st, fmt.Errorf("%w: the CSV header is longer than %d bytes", wrapper.ErrInvalidInput, MaxLine)
		}
		parser, err = NewParser(o.Format, o.Identifier, header)
	}
	if err != nil {
		return st, err
	}

	imp := &importer{
		o:        o,
		s:        s,
		parser:   parser,
		failures: &failureWriter{path: o.FailuresPath},
		tracker:  tracker{lwm: base.Line, pending: map[int64]struct{}{}},
		base:     base,
	}
	if o.Format == CSV {
		imp.tracker.done(1) // the header
		imp.progress(1)
	}
	if o.Rate > 0 {
		imp.limiter = rate.NewLimiter(rate.Limit(o.Rate), 1)
	}
	runErr := imp.run(ctx, lr)
	st.Created, st.Updated, st.Failed = imp.created.Load(), imp.updated.Load(), imp.failed.Load()
	st.Skipped, st.OtherShards = imp.skipped, imp.otherShards.Load()
	cp, saveErr := imp.save(runErr == nil)
	st.Checkpoint = cp
	return st, errors.Join(runErr, saveErr, imp.failures.close())
}

func (o *Options) defaults() error {
	if o.Path == "" {
		return fmt.Errorf("%w: no input file", wrapper.ErrInvalidInput)
	}
	if o.Format == "" {
		o.Format = FormatFromPath(o.Path)
		if o.Format == "" {
			return fmt.Errorf("%w: cannot tell the format of %s from its extension (.jsonl, .ndjson or .csv): give --format",
				wrapper.ErrInvalidInput, o.Path)
		}
	}
	if _, err := ParseFormat(string(o.Format)); err != nil {
		return err
	}
	if _, err := ParseIdentifier(string(o.Identifier)); err != nil {
		return err
	}
	if o.Concurrency == 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Concurrency < 1 || o.Concurrency > 1024 {
		return fmt.Errorf("%w: concurrency must be 1..1024, got %d", wrapper.ErrInvalidInput, o.Concurrency)
	}
	if o.Rate < 0 {
		return fmt.Errorf("%w: rate must be >= 0, got %v", wrapper.ErrInvalidInput, o.Rate)
	}
	if o.Shard.Count > 1 && (o.Shard.Index < 0 || o.Shard.Index >= o.Shard.Count) {
		return fmt.Errorf("%w: shard %d/%d is out of range", wrapper.ErrInvalidInput, o.Shard.Index, o.Shard.Count)
	}
	if o.CheckpointPath == "" {
		o.CheckpointPath = o.Path + ".checkpoint"
	}
	if o.FailuresPath == "" {
		o.FailuresPath = o.Path + ".failures.jsonl"
	}
	if o.CheckpointEvery <= 0 {
		o.CheckpointEvery = time.Second
	}
	return nil
}

// job is one line handed to a worker.
type job struct {
	line    int64
	text    []byte
	tooLong bool
}

type importer struct {
	o        Options
	s        Syncer
	parser   *Parser
	limiter  *rate.Limiter
	failures *failureWriter
	tracker  tracker
	base     Checkpoint

	created, updated, failed, otherShards atomic.Int64
	skipped                               int64 // dispatcher only

	fatalOnce sync.Once
	fatalErr  error
	stop      context.CancelFunc

	saveMu sync.Mutex
	eof    bool // dispatcher read the whole input
}

// run reads the input and feeds the workers until the end of the input, a
// cancelled ctx or a fatal error, then waits for the rows in flight.
//
// Why nothing completed is sent twice after a clean stop: the channel is
// unbuffered and read in order, so the rows workers received always form a
// prefix of the input; a worker always finishes a row it received (with a
// context that the stop does not cancel); so when they are all back, every
// row up to the last one received is done and the low-water mark covers
// every row that was sent.
func (imp *importer) run(ctx context.Context, lr *lineReader) error {
	stopCtx, stop := context.WithCancel(ctx)
	defer stop()
	imp.stop = stop
	work := context.WithoutCancel(ctx)

	jobs := make(chan job)
	var wg sync.WaitGroup
	for range imp.o.Concurrency {
		wg.Go(func() {
			for {
				select {
				case <-stopCtx.Done():
					return
				case j, ok := <-jobs:
					if !ok {
						return
					}
					imp.process(work, j)
				}
			}
		})
	}
	saverDone := make(chan struct{})
	saverStop := make(chan struct{})
	go func() {
		defer close(saverDone)
		t := time.NewTicker(imp.o.CheckpointEvery)
		defer t.Stop()
		last := int64(-1)
		for {
			select {
			case <-saverStop:
				return
			case <-t.C:
				if l := imp.tracker.mark(); l != last {
					if _, err := imp.save(false); err == nil {
						last = l
					}
				}
			}
		}
	}()

	readErr := imp.dispatch(stopCtx, lr, jobs)
	close(jobs)
	wg.Wait()
	close(saverStop)
	<-saverDone

	if imp.fatalErr != nil {
		return imp.fatalErr
	}
	if readErr != nil {
		return readErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return nil
}

// dispatch reads lines and hands them out in order.
func (imp *importer) dispatch(ctx context.Context, lr *lineReader, jobs chan<- job) error {
	resumeAt := imp.tracker.mark()
	var pendingProgress int
	defer func() { imp.progress(pendingProgress) }()
	for {
		if ctx.Err() != nil {
			return nil
		}
		line, text, tooLong, err := lr.next()
		if err == io.EOF {
			imp.saveMu.Lock()
			imp.eof = true
			imp.saveMu.Unlock()
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", imp.o.Path, err)
		}
		if line <= resumeAt {
			if !tooLong && len(bytes.TrimSpace(text)) > 0 && !(imp.o.Format == CSV && line == 1) {
				imp.skipped++
			}
			if pendingProgress++; pendingProgress == 4096 {
				imp.progress(pendingProgress)
				pendingProgress = 0
			}
			continue
		}
		if !tooLong && len(bytes.TrimSpace(text)) == 0 {
			imp.settle(line)
			continue
		}
		j := job{line: line, text: bytes.Clone(text), tooLong: tooLong}
		select {
		case jobs <- j:
		case <-ctx.Done():
			return nil
		}
	}
}

// process settles one line: it is always done when process returns, except
// after a fatal error.
func (imp *importer) process(ctx context.Context, j job) {
	row := imp.parser.Parse(j.line, j.text, j.tooLong)
	switch {
	case row.Kind == Blank:
	case row.Kind == Bad:
		if !imp.o.Shard.first() {
			imp.otherShards.Add(1)
			break
		}
		imp.fail(j, row.Err)
	case !imp.o.Shard.Keeps(row.ID):
		imp.otherShards.Add(1)
	default:
		if imp.limiter != nil {
			if err := imp.limiter.Wait(ctx); err != nil {
				imp.fatal(err)
				return
			}
		}
		res, err := imp.s.SynchronizeUser(ctx, wrapper.Identifier{Field: imp.o.Identifier, Value: row.ID}, row.Input)
		switch {
		case err != nil && isFatal(err):
			imp.fatal(fmt.Errorf("line %d: %w", j.line, err))
			return
		case err != nil:
			imp.fail(j, err)
		case res.Created:
			imp.created.Add(1)
		default:
			imp.updated.Add(1)
		}
	}
	imp.settle(j.line)
}

func (imp *importer) settle(line int64) {
	imp.tracker.done(line)
	imp.progress(1)
}

func (imp *importer) progress(n int) {
	if imp.o.Progress != nil && n > 0 {
		_ = imp.o.Progress.Add(n)
	}
}

func (imp *importer) fail(j job, err error) {
	imp.failed.Add(1)
	if werr := imp.failures.write(j.line, imp.parser.Redact(j.text, j.tooLong), err); werr != nil {
		imp.fatal(werr)
	}
}

func (imp *importer) fatal(err error) {
	imp.fatalOnce.Do(func() {
		imp.fatalErr = err
		imp.stop()
	})
}

// isFatal tells errors that no other row would escape (so the import stops
// rather than filling the failures file) from errors about one row.
func isFatal(err error) bool {
	if errors.Is(err, wrapper.ErrInvalidInput) {
		return false
	}
	var apiErr *wrapper.APIError
	if !errors.As(err, &apiErr) {
		return true // the network, or a timeout: retried by the wrapper already
	}
	switch {
	case errors.Is(err, wrapper.ErrUnauthorized), errors.Is(err, wrapper.ErrForbidden), errors.Is(err, wrapper.ErrRateLimited):
		return true
	}
	switch apiErr.StatusCode {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// save flushes the failures file, then writes the checkpoint, so that a
// checkpoint never covers a failure that is not on disk.
func (imp *importer) save(final bool) (Checkpoint, error) {
	imp.saveMu.Lock()
	defer imp.saveMu.Unlock()
	cp := imp.base
	cp.Line = imp.tracker.mark()
	cp.Created += imp.created.Load()
	cp.Updated += imp.updated.Load()
	cp.Failed += imp.failed.Load()
	cp.Complete = final && imp.eof && imp.tracker.caughtUp()
	if err := imp.failures.flush(); err != nil {
		return cp, err
	}
	return cp, writeCheckpoint(imp.o.CheckpointPath, &cp)
}

// tracker keeps the low-water mark: the highest line such that it and every
// line before it are done. Lines done out of order wait in pending; since
// lines are handed out in order to a bounded pool, pending stays small.
type tracker struct {
	mu      sync.Mutex
	lwm     int64
	pending map[int64]struct{}
}

func (t *tracker) done(line int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if line != t.lwm+1 {
		if line > t.lwm {
			t.pending[line] = struct{}{}
		}
		return
	}
	t.lwm++
	for {
		if _, ok := t.pending[t.lwm+1]; !ok {
			return
		}
		delete(t.pending, t.lwm+1)
		t.lwm++
	}
}

func (t *tracker) mark() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lwm
}

func (t *tracker) caughtUp() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending) == 0
}
