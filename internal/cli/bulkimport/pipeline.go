package bulkimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// MaxRunAhead bounds how far the import runs ahead of the checkpoint's
// low-water mark: a row is not started until the mark is at most this many
// rows behind it. Behind one slow row (a row waiting out 429s, say) the
// others go on only this far, so the rows done above the mark, which the
// journal and memory hold, stay few.
const MaxRunAhead = 10_000

// parkBudget bounds the bytes of the rows parked behind an earlier row of
// the same user (see sequencer).
const parkBudget = 4 << 20

// skipKind says what the dispatcher does with a row before parsing it.
type skipKind int

const (
	// send the row.
	sendRow skipKind = iota
	// doneBefore: an earlier run did the row; the tracker knows it already.
	doneBefore
	// failedBefore: an earlier run wrote the row to the failures file and
	// was killed before journaling it: journal it now, without sending it.
	failedBefore
	// notRetried: a retry run leaves the row alone.
	notRetried
)

// pipeline reads the rows, hands them to the workers in file order (see
// sequencer), and records how each ended.
//
// Why nothing done is sent twice after a clean stop: a row is done once it
// is recorded (journal and tracker), and a worker always finishes a row
// whose request it started, on a context that the stop does not cancel. A
// row waiting (for the rate cap, a 429 pause or a backoff) when the stop
// comes is abandoned and stays not done. So when the workers are all back,
// every row whose last request was answered is recorded, and every other
// row is not done: the next run sends it.
type pipeline struct {
	o        *Options
	parser   *parser
	sender   *sender
	tracker  *tracker
	sink     sink
	classify func(rec *record) skipKind
	// raw reads a CSV record's bytes from the input, for a bad row.
	raw      io.ReaderAt
	runAhead int64
	// wantSHA256 is the input's hash from the scan; the rows read must hash
	// to it, or the file changed during the run.
	wantSHA256 string
	onEOF      func()

	seq     *sequencer
	queue   *readyQueue
	history history // dispatcher only

	created, updated, failed, otherShards, skipped atomic.Int64

	stopCtx context.Context
	stopFn  context.CancelFunc
	// waiting are the rows waiting out a transient failure, with their timers.
	waitMu   sync.Mutex
	waiting  map[*task]*time.Timer
	fatalMu  sync.Mutex
	fatalErr error
}

// run reads the input and feeds the workers until the end of the input, a
// cancelled ctx or a fatal error, then waits for the rows in flight.
func (p *pipeline) run(ctx context.Context, input io.Reader) error {
	p.stopCtx, p.stopFn = context.WithCancel(ctx)
	defer p.stopFn()
	p.seq = newSequencer()
	p.queue = newReadyQueue(p.o.Concurrency)
	stopped := context.AfterFunc(p.stopCtx, func() {
		p.queue.close()
		p.dropWaiting()
	})
	defer stopped()
	work := context.WithoutCancel(ctx)

	var wg sync.WaitGroup
	for range p.o.Concurrency {
		wg.Go(func() { p.work(work) })
	}
	saverStop := make(chan struct{})
	saverDone := make(chan struct{})
	go func() {
		defer close(saverDone)
		t := time.NewTicker(p.o.CheckpointEvery)
		defer t.Stop()
		for {
			select {
			case <-saverStop:
				return
			case <-t.C:
				_ = p.sink.save(false) // a failed save is tried again; the final one reports
			}
		}
	}()

	readErr := p.dispatch(input)
	p.queue.end()
	wg.Wait()
	close(saverStop)
	<-saverDone

	p.fatalMu.Lock()
	defer p.fatalMu.Unlock()
	switch {
	case p.fatalErr != nil:
		return p.fatalErr
	case readErr != nil:
		return readErr
	}
	return ctx.Err()
}

// dispatch reads the rows and hands them out in order.
func (p *pipeline) dispatch(input io.Reader) error {
	hr := newHashingReader(input)
	rr, _, err := newRecordReader(hr, p.o.Format)
	if err != nil {
		return err
	}
	stop := p.stopCtx
	for {
		if stop.Err() != nil {
			return nil
		}
		rec, err := rr.next()
		if err == io.EOF {
			if hr.sum() != p.wantSHA256 {
				return usagef("%s changed while it was being imported: run the same command again (it will ask for --restart)", p.o.Path)
			}
			p.onEOF()
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", p.o.Path, err)
		}
		if skipped, err := p.skipEarlier(&rec); skipped || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		if p.tracker.waitAhead(stop, rec.seq, p.runAhead) != nil || p.seq.waitRoom(stop, parkBudget) != nil {
			return nil
		}
		if !p.hand(&rec) {
			return nil
		}
	}
}

// skipEarlier settles a row that earlier runs did or failed, or that is not
// tried again, and reports whether it did.
func (p *pipeline) skipEarlier(rec *record) (bool, error) {
	switch p.classify(rec) {
	case doneBefore:
		p.skipped.Add(1)
		return true, nil
	case failedBefore:
		p.skipped.Add(1)
		return true, p.sink.record(entry{seq: rec.seq, line: rec.line, o: failed}, nil)
	case notRetried:
		p.tracker.done(entry{seq: rec.seq, line: rec.line})
		return true, nil
	}
	return false, nil
}

// hand parses a row and hands it to the senders in order, or settles it as
// failed or as another shard's. It reports false when the pipeline stops.
func (p *pipeline) hand(rec *record) bool {
	r := p.parser.parse(rec)
	switch {
	case r.err != nil && !p.o.Shard.first():
		p.otherShard(rec)
	case r.err != nil:
		p.fail(rec, r.err)
	case !p.o.Shard.Keeps(r.id):
		p.otherShard(rec)
	default:
		r.keys = append(r.keys, p.history.released(&r)...)
		t := &task{rec: *rec, row: r}
		t.rec.text = slices.Clone(rec.text)
		t.rec.fields = slices.Clone(rec.fields)
		t.size = int64(len(rec.text)) + 64
		for _, f := range rec.fields {
			t.size += int64(len(f)) + 16
		}
		p.queue.admitted()
		if p.seq.admit(t) && !p.queue.push(t, true) {
			return false
		}
	}
	return true
}

// otherShard settles a row another shard sends.
func (p *pipeline) otherShard(rec *record) {
	p.otherShards.Add(1)
	p.tracker.done(entry{seq: rec.seq, line: rec.line})
	p.progress(1)
}

// fail settles a row that goes to the failures file. It reports false when
// that failed too, which is fatal.
func (p *pipeline) fail(rec *record, cause error) bool {
	fl := newFailure(rec.line, p.redact(rec), cause)
	if err := p.sink.record(entry{seq: rec.seq, line: rec.line, o: failed}, &fl); err != nil {
		p.fatal(err)
		return false
	}
	p.failed.Add(1)
	p.progress(1)
	return true
}

// redact returns the row as the failures file shows it.
func (p *pipeline) redact(rec *record) []byte {
	if p.o.Format != CSV {
		if rec.tooLong {
			return nil
		}
		return redactJSON(rec.text)
	}
	var raw []byte
	if rec.csvErr != nil || len(rec.fields) != len(p.parser.columns) {
		if n := rec.end - rec.start; n > 0 && n <= MaxLine && p.raw != nil {
			b := make([]byte, n)
			if k, _ := p.raw.ReadAt(b, rec.start); int64(k) == n {
				raw = b
			}
		}
	}
	return p.parser.redactCSV(rec, raw)
}

// work sends the rows the queue hands out.
func (p *pipeline) work(work context.Context) {
	for {
		t, ok := p.queue.pop()
		if !ok {
			return
		}
		if p.process(work, t) {
			p.queue.finished()
		}
	}
}

// later hands t back to the workers after wait: a row waiting out a
// transient failure does not hold a worker. It stays outstanding meanwhile;
// a stop drops it (it is not done: the next run sends it).
func (p *pipeline) later(t *task, wait time.Duration) {
	p.waitMu.Lock()
	defer p.waitMu.Unlock()
	if p.stopCtx.Err() != nil {
		return
	}
	if p.waiting == nil {
		p.waiting = map[*task]*time.Timer{}
	}
	p.waiting[t] = time.AfterFunc(wait, func() {
		p.waitMu.Lock()
		_, ok := p.waiting[t]
		delete(p.waiting, t)
		p.waitMu.Unlock()
		if ok {
			p.queue.push(t, false)
		}
	})
}

// dropWaiting stops the timers of the rows waiting to be sent again.
func (p *pipeline) dropWaiting() {
	p.waitMu.Lock()
	defer p.waitMu.Unlock()
	for t, tm := range p.waiting {
		tm.Stop()
		delete(p.waiting, t)
	}
}

// process makes one attempt at a row; when it is final, it records how
// the row ended and the rows that waited for it may go, and process
// reports true. After a transient failure the row is handed back later.
func (p *pipeline) process(work context.Context, t *task) bool {
	res, class, wait, retry, err := p.sender.attempt(p.stopCtx, work, &t.row, &t.tries)
	if retry {
		p.later(t, wait)
		return false
	}
	e := entry{seq: t.rec.seq, line: t.rec.line}
	switch {
	case errors.Is(err, errStopped):
		return true
	case class == fatalError:
		p.fatal(&RowError{Line: t.rec.line, Err: err})
		return true
	case err != nil:
		if !p.fail(&t.rec, err) {
			return true
		}
	default:
		e.o = updated
		if res.Created {
			e.o = created
		}
		if rerr := p.sink.record(e, nil); rerr != nil {
			p.fatal(rerr)
			return true
		}
		if e.o == created {
			p.created.Add(1)
		} else {
			p.updated.Add(1)
		}
		p.progress(1)
	}
	for _, n := range p.seq.finish(t) {
		p.queue.push(n, false)
	}
	return true
}

func (p *pipeline) progress(n int) {
	if p.o.Progress != nil && n > 0 {
		p.o.Progress.Add(n)
	}
}

// fatal stops the import with err (the first one wins).
func (p *pipeline) fatal(err error) {
	p.fatalMu.Lock()
	if p.fatalErr == nil {
		p.fatalErr = err
	}
	p.fatalMu.Unlock()
	p.stopFn()
}
