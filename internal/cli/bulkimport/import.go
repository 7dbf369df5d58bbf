package bulkimport

import (
	"context"
	"errors"
	"os"
)

// earlier is what earlier runs of an import left.
type earlier struct {
	resuming bool
	base     Checkpoint
	journal  []entry        // rows done above the checkpoint
	failed   map[int64]bool // lines in the failures file above the checkpoint, not journaled
	failures *failuresFile  // nil when there is none, or it is replaced
}

// loadEarlier reads the state that earlier runs of the import left, and
// refuses state files that are not this import's (see checkFingerprint).
func loadEarlier(paths statePaths, fp Fingerprint, restart bool) (*earlier, error) {
	named := paths.named()
	cpN, jN, fN := named[0], named[1], named[3]
	var kinds [3]stateKind
	for i, n := range []namedPath{cpN, jN, fN} {
		k, err := classifyState(n)
		if err != nil {
			return nil, err
		}
		kinds[i] = k
	}
	e := &earlier{}
	cp, ok, err := readState(kinds[0], cpN, fp, restart, func() (*Checkpoint, Fingerprint, error) {
		cp, err := readCheckpoint(cpN.path)
		if err != nil {
			return nil, Fingerprint{}, err
		}
		return cp, cp.Input, nil
	})
	if err != nil {
		return nil, err
	}
	if ok && !restart {
		e.base, e.resuming = *cp, true
	}
	entries, ok, err := readState(kinds[1], jN, fp, restart, func() ([]entry, Fingerprint, error) {
		h, entries, err := readJournal(jN.path, e.base.Rows)
		return entries, h.Input, err
	})
	if err != nil {
		return nil, err
	}
	if ok && !restart {
		e.journal, e.resuming = entries, true
	}
	ff, ok, err := readState(kinds[2], fN, fp, restart, func() (*failuresFile, Fingerprint, error) {
		ff, err := readFailuresFile(fN.path)
		if err != nil {
			return nil, Fingerprint{}, err
		}
		return ff, ff.header.Input, nil
	})
	if err != nil {
		return nil, err
	}
	if ok && e.resuming {
		e.failures = ff
	}
	if e.failures != nil {
		e.failed = failedOnly(e.failures, e.journal, e.base.Line)
	}
	return e, nil
}

// readState reads a state file of ours (kind stateOurs) with read, and
// checks that it is this import's. It reports whether the file was read:
// one that does not read is an error, unless restart replaces it.
func readState[T any](kind stateKind, n namedPath, fp Fingerprint, restart bool, read func() (T, Fingerprint, error)) (T, bool, error) {
	var zero T
	if kind != stateOurs {
		return zero, false, nil
	}
	v, input, err := read()
	switch {
	case err != nil && !restart:
		return zero, false, err
	case err != nil:
		return zero, false, nil
	}
	if err := checkFingerprint(n, input, fp, restart); err != nil {
		return zero, false, err
	}
	return v, true, nil
}

// failedOnly returns the lines of the failures file above the checkpoint's
// line that are not journaled. A row is written to the failures file just
// before it is journaled: a kill between the two leaves it only there.
// Counting it as done keeps it from failing, and being reported, twice.
func failedOnly(ff *failuresFile, journal []entry, above int64) map[int64]bool {
	journaled := make(map[int64]bool, len(journal))
	for _, x := range journal {
		journaled[x.line] = true
	}
	failed := map[int64]bool{}
	for _, fl := range ff.failures {
		if fl.Line > above && !journaled[fl.Line] {
			failed[fl.Line] = true
		}
	}
	return failed
}

// repairFailures makes a resumed failures file whole: a last line cut
// short by a crash is dropped (its row is not journaled: it is tried
// again), a last failure left without its newline gets one.
func repairFailures(fsys fileSystem, path string, fp Fingerprint, ff *failuresFile) error {
	switch {
	case ff.torn:
		return writeFailuresFile(fsys, path, fp, ff.failures)
	case ff.unterminated:
		f, err := fsys.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return err
		}
		_, err = f.Write([]byte("\n"))
		return errors.Join(err, f.Close())
	}
	return nil
}

// importRows runs an import: every row not done yet is sent.
func importRows(ctx context.Context, s Syncer, o *Options, d deps, f *os.File, fp Fingerprint, pr *parser, paths statePaths, st Stats) (Stats, error) {
	e, err := loadEarlier(paths, fp, o.Restart)
	if err != nil {
		return st, err
	}
	base := e.base
	base.Version, base.Input, base.Complete = checkpointVersion, fp, false
	j, err := prepareState(d, paths, fp, e)
	if err != nil {
		return st, err
	}
	tr := newTracker(base.Rows, base.Line, e.journal)
	fw := &failureWriter{fsys: d.fs, path: paths.failures, fp: fp}
	if e.failures != nil {
		fw.exists, fw.count = true, int64(len(e.failures.failures))
	}
	sk := &importSink{fsys: d.fs, cpPath: paths.checkpoint, base: base, tracker: tr, journal: j, failures: fw, last: base}
	done := base.Rows + int64(len(e.journal)) + int64(len(e.failed))
	if e.resuming {
		st.ResumedAt = base.Line
	}
	begin(o, Plan{Rows: fp.Rows, Done: min(done, fp.Rows), ResumedAt: base.Line, Resuming: e.resuming})
	st.Started = true
	p := &pipeline{o: o, parser: pr, sender: newSender(s, o), tracker: tr, sink: sk, classify: e.classifier(base.Rows),
		raw: f, runAhead: d.runAhead, wantSHA256: fp.SHA256, onEOF: func() { sk.eof.Store(true) }}
	runErr := runPipeline(ctx, p, f)
	fill(&st, p)
	saveErr := sk.save(runErr == nil)
	st.Checkpoint = sk.checkpoint()
	st.Complete = saveErr == nil && st.Checkpoint.Complete
	closeErr := sk.close(st.Complete)
	return st, errors.Join(runErr, saveErr, closeErr)
}

// prepareState readies the state files for this run: stale temporary
// files removed, a resumed failures file made whole, the journal
// (re)written with what earlier runs journaled, and, when not resuming, the
// previous checkpoint and failures file removed.
func prepareState(d deps, paths statePaths, fp Fingerprint, e *earlier) (*journal, error) {
	for _, p := range []string{paths.checkpoint, paths.journal, paths.failures} {
		removeStaleTemps(d.fs, p)
	}
	if e.failures != nil {
		if err := repairFailures(d.fs, paths.failures, fp, e.failures); err != nil {
			return nil, err
		}
	}
	// The journal is (re)written first: on --restart, a crash before the
	// rest is done leaves a journal of the new import, empty.
	j, err := createJournal(d.fs, paths.journal, fp, e.journal)
	if err != nil {
		return nil, err
	}
	if !e.resuming {
		for _, p := range []string{paths.checkpoint, paths.failures} {
			if err := d.fs.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				j.close()
				return nil, err
			}
		}
	}
	return j, nil
}

// classifier tells, for each record, whether earlier runs did it (up to
// the checkpoint's rows, or journaled above it), failed it, or left it to
// send.
func (e *earlier) classifier(rows int64) func(*record) skipKind {
	prior := make(map[int64]bool, len(e.journal))
	for _, x := range e.journal {
		prior[x.seq] = true
	}
	return func(rec *record) skipKind {
		switch {
		case rec.seq <= rows:
			return doneBefore
		case prior[rec.seq]:
			delete(prior, rec.seq)
			return doneBefore
		case e.failed[rec.line]:
			return failedBefore
		}
		return sendRow
	}
}
