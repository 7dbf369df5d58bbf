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
	// CheckpointPath is the checkpoint file; it defaults to Path +
	// ".checkpoint". The journal is kept next to it, at
	// JournalPath(CheckpointPath).
	CheckpointPath string
	// FailuresPath defaults to Path + ".failures.jsonl".
	FailuresPath string
	// Shard selects part of the rows; the zero value keeps them all.
	Shard Shard
	// Restart ignores (and replaces) an existing checkpoint, journal and
	// failures file.
	Restart bool
	// Progress, if set, is told of every settled line.
	Progress Progress
	// CheckpointEvery is how often the checkpoint is saved (and the journal
	// compacted) while the import runs; 0 means every second. It is also
	// saved at the end.
	CheckpointEvery time.Duration

	// crash, in tests only, makes the run end as a killed process would.
	crash crashPlan
	// runAhead, in tests only, replaces MaxRunAhead when > 0.
	runAhead int64
}

// crashPlan simulates a crash, in tests. Once afterRows rows are journaled
// in the run, the import stops taking rows, the rows in flight finish (as if
// the kill came once their records were written: a real kill would have
// them sent again), and Run returns errCrashed without saving the
// checkpoint, compacting the journal or removing anything, leaving the files
// as a SIGKILL at that moment would. With inSave, the crash comes instead in
// the first checkpoint save after that many rows, between the renaming of
// the checkpoint and the compaction of the journal.
type crashPlan struct {
	afterRows int64
	inSave    bool
}

// errCrashed is what Run returns after a simulated crash.
var errCrashed = errors.New("bulkimport: simulated crash")

// MaxRunAhead bounds how far the import runs ahead of the checkpoint's
// low-water mark: a row is not started until the mark is at most this many
// lines behind it. Behind one slow row (a Retry-After of a minute, retried)
// the others go on only this far, so the rows done above the mark, which the
// journal and memory hold, stay few.
const MaxRunAhead = 10_000

// Stats are the counts of one run of an import.
type Stats struct {
	// Created counts the rows that created a user (201).
	Created int64
	// Updated counts the rows that updated a user (200 or 202).
	Updated int64
	// Failed counts the rows written to the failures file: bad rows and rows
	// that OneAll refused.
	Failed int64
	// Skipped counts the rows an earlier run did (up to the checkpoint's
	// line, or in the journal), not sent again.
	Skipped int64
	// OtherShards counts the rows left to other shards.
	OtherShards int64
	// ResumedAt is the checkpoint's line when the run resumed an import, else 0.
	ResumedAt int64
	// Started is true once the input was checked and rows were read: the
	// counts and Checkpoint describe what the run did, even if it then failed
	// or was interrupted. It is false when Run failed before reading a row
	// (bad options, an unreadable input, a checkpoint of another import).
	Started bool
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

// Run imports the file o.Path, resuming from its checkpoint and journal if
// there are any. Cancelling ctx stops the import cleanly: no new row is
// sent, the requests in flight are finished, and the checkpoint is saved,
// so that running the same import again sends none of the rows already
// done. It then returns ctx's error. If the process dies instead (killed,
// a panic), the journal still holds every row done: the next run sends
// again only the rows whose requests were in flight. Rows OneAll refuses,
// and bad rows, go to the failures file and do not stop the import; errors
// that would fail every row (wrong API keys, storage not enabled, the
// network, OneAll overloaded after retries) stop it and are returned.
//
// A missing or unreadable input file is an error wrapping
// wrapper.ErrInvalidInput (as bad options are), and so is a checkpoint or
// journal of another import (ErrCheckpointMismatch).
func Run(ctx context.Context, s Syncer, o Options) (st Stats, err error) {
	start := time.Now()
	defer func() { st.Elapsed = time.Since(start) }()
	if err := o.defaults(); err != nil {
		return st, err
	}
	f, err := os.Open(o.Path)
	if err != nil {
		return st, fmt.Errorf("%w: cannot read the input file: %w", wrapper.ErrInvalidInput, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return st, fmt.Errorf("%w: %s is a directory, not an input file", wrapper.ErrInvalidInput, o.Path)
	}
	fp, err := fingerprint(f, o.Format, string(o.Identifier), o.Shard)
	if err != nil {
		return st, fmt.Errorf("%w: cannot read the input file: %w", wrapper.ErrInvalidInput, err)
	}

	// What earlier runs did: the lines up to the checkpoint's, and those
	// above it in the journal.
	journalPath := JournalPath(o.CheckpointPath)
	var base Checkpoint
	var prior map[int64]outcome
	resuming := false
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
			resuming = true
		}
		entries, found, err := readJournal(journalPath, fp, base.Line)
		if err != nil {
			return st, err
		}
		if found {
			prior = entries
			resuming = true
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
			return st, fmt.Errorf("%w: cannot read the input file: %w", wrapper.ErrInvalidInput, herr)
		}
		if tooLong {
			return st, fmt.Errorf("%w: the CSV header is longer than %d bytes", wrapper.ErrInvalidInput, MaxLine)
		}
		parser, err = NewParser(o.Format, o.Identifier, header)
	}
	if err != nil {
		return st, err
	}

	if prior == nil {
		prior = map[int64]outcome{}
	}
	if resuming {
		// A row that failed just before a crash may be in the failures file
		// and not yet in the journal.
		lines, err := recoverFailures(o.FailuresPath, base.Line)
		if err != nil {
			return st, err
		}
		for _, l := range lines {
			if _, ok := prior[l]; !ok {
				prior[l] = failed
			}
		}
	}
	entries := make([]entry, 0, len(prior))
	for l, oc := range prior {
		entries = append(entries, entry{line: l, o: oc})
	}
	removeStaleTemps(o.CheckpointPath)
	removeStaleTemps(journalPath)
	// The journal is (re)written first: on --restart, a crash before the
	// rest is done then resumes the old import rather than forgetting what
	// it did.
	j, err := createJournal(journalPath, fp, entries)
	if err != nil {
		return st, err
	}
	if !resuming {
		for _, p := range []string{o.FailuresPath, o.CheckpointPath} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				j.close()
				return st, err
			}
		}
	}

	imp := &importer{
		o:        o,
		s:        s,
		parser:   parser,
		failures: &failureWriter{path: o.FailuresPath},
		journal:  j,
		tracker:  newTracker(base.Line, prior),
		base:     base,
		prior:    prior,
		runAhead: MaxRunAhead,
	}
	if o.runAhead > 0 {
		imp.runAhead = o.runAhead
	}
	if o.Format == CSV {
		imp.tracker.done(1, unrecorded) // the header
		imp.progress(1)
	}
	if o.Rate > 0 {
		imp.limiter = rate.NewLimiter(rate.Limit(o.Rate), 1)
	}
	st.Started = true
	runErr := imp.run(ctx, lr)
	st.Created, st.Updated, st.Failed = imp.created.Load(), imp.updated.Load(), imp.failed.Load()
	st.Skipped, st.OtherShards = imp.skipped, imp.otherShards.Load()
	if imp.crashed.Load() {
		// As a killed process: no save, no compaction, nothing removed.
		return st, errors.Join(errCrashed, runErr, imp.failures.close(), j.close())
	}
	cp, saveErr := imp.save(runErr == nil)
	st.Checkpoint = cp
	var jErr error
	if saveErr == nil && cp.Complete {
		jErr = j.remove() // nothing is done above the mark: the journal is empty
	} else {
		jErr = j.close()
	}
	return st, errors.Join(runErr, saveErr, imp.failures.close(), jErr)
}

func (o *Options) defaults() error {
	if o.Path == "" {
		return fmt.Errorf("%w: no input file", wrapper.ErrInvalidInput)
	}
	if o.Format == "" {
		o.Format = FormatFromPath(o.Path)
		if o.Format == "" {
			return fmt.Errorf("%w: cannot tell the format of %s from its extension (.jsonl, .ndjson, .json or .csv): give --format",
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
	journal  *journal
	tracker  *tracker
	base     Checkpoint
	runAhead int64

	// prior holds the lines above base.Line that earlier runs did, from the
	// journal; the dispatcher skips them (and forgets them as it goes).
	prior map[int64]outcome

	created, updated, failed, otherShards atomic.Int64
	skipped                               int64 // dispatcher only
	journaled                             atomic.Int64

	fatalOnce sync.Once
	fatalErr  error
	stop      context.CancelFunc
	crashed   atomic.Bool // tests only: see crashPlan

	saveMu sync.Mutex
	eof    bool // dispatcher read the whole input
}

// run reads the input and feeds the workers until the end of the input, a
// cancelled ctx or a fatal error, then waits for the rows in flight.
//
// Why nothing done is sent twice after a clean stop: a row is done once it
// is in the journal (and the tracker), and a worker always finishes a row
// whose request it started, with a context that the stop does not cancel.
// A row still waiting for the rate limiter when the stop comes is not sent
// and stays not done. So when the workers are all back, every row that was
// sent is either at or below the low-water mark or in the journal.
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
					imp.process(stopCtx, work, j)
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
				if imp.crashed.Load() {
					continue
				}
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
	resumeAt := imp.base.Line
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
		blank := !tooLong && len(bytes.TrimSpace(text)) == 0
		done := line <= resumeAt
		if !done {
			if _, done = imp.prior[line]; done {
				delete(imp.prior, line)
			}
		}
		if done {
			if !blank {
				imp.skipped++
			}
			if pendingProgress++; pendingProgress == 4096 {
				imp.progress(pendingProgress)
				pendingProgress = 0
			}
			continue
		}
		// Run no further than runAhead lines ahead of the mark.
		if imp.tracker.waitAhead(ctx, line, imp.runAhead) != nil {
			return nil
		}
		if blank {
			imp.settle(line, unrecorded)
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

// process settles one line: it is done when process returns, except after
// a fatal error, or when the import stopped while the row waited for the
// rate limiter (it was not sent).
func (imp *importer) process(stopCtx, work context.Context, j job) {
	row := imp.parser.Parse(j.line, j.text, j.tooLong)
	o := unrecorded
	switch {
	case row.Kind == Blank:
	case row.Kind == Bad:
		if !imp.o.Shard.first() {
			imp.otherShards.Add(1)
			break
		}
		if !imp.fail(j, row.Err) {
			return
		}
		o = failed
	case !imp.o.Shard.Keeps(row.ID):
		imp.otherShards.Add(1)
	default:
		if imp.limiter != nil {
			// Wait on stopCtx: after a stop, a row still waiting is not sent.
			if imp.limiter.Wait(stopCtx) != nil || stopCtx.Err() != nil {
				return
			}
		}
		res, err := imp.s.SynchronizeUser(work, wrapper.Identifier{Field: imp.o.Identifier, Value: row.ID}, row.Input)
		switch {
		case err != nil && isFatal(err):
			imp.fatal(fmt.Errorf("line %d: %w", j.line, err))
			return
		case err != nil:
			if !imp.fail(j, err) {
				return
			}
			o = failed
		case res.Created:
			imp.created.Add(1)
			o = created
		default:
			imp.updated.Add(1)
			o = updated
		}
	}
	imp.settle(j.line, o)
}

// settle records a line as done: in the journal first (one write(2), so
// that the record survives the process), then in the tracker. Lines that
// sent nothing are not journaled.
func (imp *importer) settle(line int64, o outcome) {
	if o == unrecorded {
		imp.tracker.done(line, o)
		imp.progress(1)
		return
	}
	j := imp.journal
	j.mu.Lock()
	err := j.appendLocked(entry{line: line, o: o})
	if err == nil {
		imp.tracker.done(line, o)
	}
	j.mu.Unlock()
	if err != nil {
		imp.fatal(err)
		return
	}
	imp.progress(1)
	if n, c := imp.journaled.Add(1), imp.o.crash; c.afterRows > 0 && !c.inSave && n == c.afterRows {
		imp.die()
	}
}

func (imp *importer) progress(n int) {
	if imp.o.Progress != nil && n > 0 {
		_ = imp.o.Progress.Add(n)
	}
}

// fail writes the row to the failures file; false means that failed too,
// which is fatal.
func (imp *importer) fail(j job, err error) bool {
	if werr := imp.failures.write(j.line, imp.parser.Redact(j.text, j.tooLong), err); werr != nil {
		imp.fatal(werr)
		return false
	}
	imp.failed.Add(1)
	return true
}

func (imp *importer) fatal(err error) {
	imp.fatalOnce.Do(func() {
		imp.fatalErr = err
		imp.stop()
	})
}

// die is a simulated crash (tests only): see crashPlan.
func (imp *importer) die() {
	imp.crashed.Store(true)
	imp.stop()
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

// save writes the checkpoint, then compacts the journal. In order:
//
//  1. take the tracker's low-water mark and its counts (of the lines up to
//     the mark), and start noting the journaled lines that pass the mark;
//  2. fsync the failures file, so that the checkpoint never covers a failure
//     a power loss could take back (each failure reached the kernel before
//     its line was journaled, so before step 1);
//  3. write the checkpoint to a temporary file, fsync it and rename it into
//     place;
//  4. with the journal's lock held (appends wait), rewrite the journal with
//     the lines done above the mark of step 1 (those noted since, and the
//     tracker's pending lines) and rename it into place.
//
// A crash before the rename of step 3 leaves the old checkpoint and the old
// journal, which holds every line done above it; a crash between 3 and 4
// leaves the new checkpoint and the old journal, a superset of what is
// needed; after 4, the new pair.
func (imp *importer) save(final bool) (Checkpoint, error) {
	imp.saveMu.Lock()
	defer imp.saveMu.Unlock()
	snap := imp.tracker.snapshot()
	cp := imp.base
	cp.Line = snap.line
	cp.Created += snap.counts.created
	cp.Updated += snap.counts.updated
	cp.Failed += snap.counts.failed
	cp.Complete = final && imp.eof && snap.caughtUp
	if err := imp.failures.sync(); err != nil {
		imp.tracker.endSave()
		return cp, err
	}
	if err := writeCheckpoint(imp.o.CheckpointPath, &cp); err != nil {
		imp.tracker.endSave()
		return cp, err
	}
	if c := imp.o.crash; c.inSave && imp.journaled.Load() >= c.afterRows {
		imp.tracker.endSave()
		imp.die()
		return cp, nil
	}
	j := imp.journal
	j.mu.Lock()
	defer j.mu.Unlock()
	return cp, j.rewriteLocked(imp.tracker.endSave())
}

// counts are the outcomes of a set of lines.
type counts struct {
	created, updated, failed int64
}

func (c *counts) add(o outcome) {
	switch o {
	case created:
		c.created++
	case updated:
		c.updated++
	case failed:
		c.failed++
	}
}

// tracker keeps the low-water mark: the highest line such that it and every
// line before it are done. Lines done out of order wait in pending with
// their outcome. Rows are handed out in order and the dispatcher runs at
// most runAhead lines ahead of the mark, so pending holds at most that many
// lines, however long one row takes (a Retry-After of a minute, retried).
type tracker struct {
	mu      sync.Mutex
	lwm     int64
	pending map[int64]outcome
	// counted is the outcomes of the lines that passed the mark in this run.
	counted counts
	// saving is set from a save's snapshot to its compaction, while passed
	// notes the journaled lines that pass the mark meanwhile.
	saving bool
	passed []entry
	// advanced is signalled (without blocking) when the mark moves.
	advanced chan struct{}
}

// newTracker starts at the mark lwm, with the lines above it already done.
func newTracker(lwm int64, done map[int64]outcome) *tracker {
	t := &tracker{lwm: lwm, pending: make(map[int64]outcome, len(done)), advanced: make(chan struct{}, 1)}
	for l, o := range done {
		if l > lwm {
			t.pending[l] = o
		}
	}
	t.mu.Lock()
	t.advanceLocked()
	t.mu.Unlock()
	return t
}

func (t *tracker) done(line int64, o outcome) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if line <= t.lwm {
		return
	}
	t.pending[line] = o
	if line == t.lwm+1 {
		t.advanceLocked()
	}
}

// advanceLocked moves the mark over the pending lines that follow it.
func (t *tracker) advanceLocked() {
	moved := false
	for {
		o, ok := t.pending[t.lwm+1]
		if !ok {
			break
		}
		delete(t.pending, t.lwm+1)
		t.lwm++
		moved = true
		t.counted.add(o)
		if t.saving && o != unrecorded {
			t.passed = append(t.passed, entry{line: t.lwm, o: o})
		}
	}
	if moved {
		select {
		case t.advanced <- struct{}{}:
		default:
		}
	}
}

func (t *tracker) mark() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lwm
}

// waitAhead waits until line is at most max lines above the mark, or ctx
// is done. Only the dispatcher calls it.
func (t *tracker) waitAhead(ctx context.Context, line, max int64) error {
	for {
		t.mu.Lock()
		ok := line-t.lwm <= max
		t.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-t.advanced:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// snapshot is the tracker's state for a checkpoint.
type snapshot struct {
	line     int64
	counts   counts
	caughtUp bool
}

// snapshot returns the mark and the counts of the lines up to it, and
// starts noting the journaled lines that pass the mark until endSave.
func (t *tracker) snapshot() snapshot {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.saving, t.passed = true, t.passed[:0]
	return snapshot{line: t.lwm, counts: t.counted, caughtUp: len(t.pending) == 0}
}

// endSave stops noting and returns the journaled lines done above the mark
// of the last snapshot: those that passed the mark since, and the pending
// ones. Called with the journal's lock held, it matches the journal's
// records exactly.
func (t *tracker) endSave() []entry {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]entry, 0, len(t.passed)+len(t.pending))
	out = append(out, t.passed...)
	for l, o := range t.pending {
		if o != unrecorded {
			out = append(out, entry{line: l, o: o})
		}
	}
	t.saving, t.passed = false, t.passed[:0]
	return out
}
