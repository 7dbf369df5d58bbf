package bulkimport

import (
	"context"
	"errors"
	"os"
	"sync"
)

// retrySink keeps the state of a run of Options.RetryFailures: the
// failures file alone. A row imported is removed from it, a row that fails
// again gets its new error; the file is rewritten (atomically) at every
// save and at the end, and removed once it holds no row. After a crash, the
// rows imported since the last save are still in the file, and are sent
// again by the next retry, which is harmless.
type retrySink struct {
	fsys    fileSystem
	path    string
	fp      Fingerprint
	tracker *tracker

	mu       sync.Mutex
	failures []Failure      // in file order
	index    map[int64]int  // line -> index in failures
	gone     map[int64]bool // lines imported
	dirty    bool
}

func newRetrySink(fsys fileSystem, path string, fp Fingerprint, t *tracker, failures []Failure) *retrySink {
	s := &retrySink{fsys: fsys, path: path, fp: fp, tracker: t, failures: failures,
		index: make(map[int64]int, len(failures)), gone: map[int64]bool{}}
	for i, fl := range failures {
		s.index[fl.Line] = i
	}
	return s
}

// lines returns the lines to retry.
func (s *retrySink) lines() map[int64]bool {
	m := make(map[int64]bool, len(s.failures))
	for _, fl := range s.failures {
		m[fl.Line] = true
	}
	return m
}

func (s *retrySink) record(e entry, fl *Failure) error {
	s.mu.Lock()
	if i, ok := s.index[e.line]; ok {
		if fl != nil {
			s.failures[i] = *fl
		} else {
			s.gone[e.line] = true
		}
		s.dirty = true
	}
	s.mu.Unlock()
	s.tracker.done(e)
	return nil
}

func (s *retrySink) pending() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return int64(len(s.failures) - len(s.gone))
}

func (s *retrySink) save(bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.dirty {
		return nil
	}
	left := make([]Failure, 0, len(s.failures)-len(s.gone))
	for _, fl := range s.failures {
		if !s.gone[fl.Line] {
			left = append(left, fl)
		}
	}
	if err := writeFailuresFile(s.fsys, s.path, s.fp, left); err != nil {
		return err
	}
	s.dirty = false
	return nil
}

func (s *retrySink) close(bool) error { return nil }

// retryFailures runs Options.RetryFailures: the rows of the failures file,
// and only them, are sent again.
func retryFailures(ctx context.Context, s Syncer, o *Options, d deps, f *os.File, fp Fingerprint, pr *parser, paths statePaths, st Stats) (Stats, error) {
	fN := paths.named()[3]
	kind, err := classifyState(fN)
	if err != nil {
		return st, err
	}
	if kind == stateAbsent {
		begin(o, Plan{Retrying: true})
		st.Started = true
		return st, nil
	}
	ff, err := readFailuresFile(fN.path)
	if err != nil {
		return st, err
	}
	if err := checkFingerprint(fN, ff.header.Input, fp, false); err != nil {
		return st, err
	}
	removeStaleTemps(d.fs, paths.failures)
	tr := newTracker(0, 0, nil)
	sk := newRetrySink(d.fs, paths.failures, fp, tr, ff.failures)
	lines := sk.lines()
	begin(o, Plan{Rows: int64(len(lines)), Retrying: true})
	st.Started = true
	p := &pipeline{o: o, parser: pr, sender: newSender(s, o), tracker: tr, sink: sk,
		classify: func(rec *record) skipKind {
			if lines[rec.line] {
				return sendRow
			}
			return notRetried
		},
		raw: f, runAhead: d.runAhead, wantSHA256: fp.SHA256, onEOF: func() {}}
	runErr := runPipeline(ctx, p, f)
	fill(&st, p)
	saveErr := sk.save(true)
	st.Pending = sk.pending()
	st.Complete = runErr == nil && saveErr == nil
	return st, errors.Join(runErr, saveErr)
}
