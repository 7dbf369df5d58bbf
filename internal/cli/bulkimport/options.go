package bulkimport

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Syncer synchronizes one user; *wrapper.StorageService is one.
type Syncer interface {
	SynchronizeUser(ctx context.Context, id wrapper.Identifier, in api.StorageUserInput, opts ...wrapper.Option) (*wrapper.SyncResult, error)
}

// Progress is told how far an import is. Its methods may be called from
// several goroutines.
type Progress interface {
	// Begin is called once, after the input and the state were checked and
	// before the first row is sent.
	Begin(p Plan)
	// Add is told of n more rows settled: imported, failed, or left to
	// another shard.
	Add(n int)
}

// Plan is what a run is about to do.
type Plan struct {
	// Rows is how many rows the input holds (the CSV header and blank lines
	// are not rows), or, when retrying failures, how many rows are retried.
	Rows int64
	// Done is how many of Rows earlier runs did.
	Done int64
	// ResumedAt is the line up to which the checkpoint says every row is
	// done, when the run resumes an import (0 before the first checkpoint).
	ResumedAt int64
	// Resuming is true when an earlier run of the import left state.
	Resuming bool
	// Retrying is true for a run of Options.RetryFailures.
	Retrying bool
}

// Defaults.
const (
	// DefaultConcurrency is how many rows are in flight at once by default.
	DefaultConcurrency = 8
	// MaxConcurrency bounds Options.Concurrency.
	MaxConcurrency = 1024
	// DefaultMaxWait is how long a row waits out transient failures, in
	// all, before it goes to the failures file.
	DefaultMaxWait = 5 * time.Minute
	// MinRate and MaxRate bound Options.Rate when it is not 0.
	MinRate, MaxRate = 0.1, 1e6
)

// Options describe an import. Path and Identifier are required.
type Options struct {
	// Path is the input file, JSON Lines or CSV.
	Path string
	// Format is the input's syntax; "" picks it from Path's extension.
	Format Format
	// Identifier is the field users are matched by (login, externalid,
	// user_token); its value must be in every row.
	Identifier wrapper.IdentifierField
	// Concurrency bounds the rows in flight: 1 to MaxConcurrency, 0 means
	// DefaultConcurrency.
	Concurrency int
	// Rate caps the requests per second (retries included): 0 means no cap,
	// otherwise MinRate to MaxRate.
	Rate float64
	// MaxWait bounds the time one row spends waiting out transient
	// failures (429, 5xx, lost connections) before it is given up and
	// written to the failures file. 0 means DefaultMaxWait; a negative
	// value gives a row up at its first transient failure.
	MaxWait time.Duration
	// CheckpointPath is the checkpoint file. It defaults to Path +
	// ".checkpoint", or Path + ".shard-I-of-N.checkpoint" for a shard. The
	// journal (CheckpointPath + ".journal") and the lock file
	// (CheckpointPath + ".lock") are kept next to it.
	CheckpointPath string
	// FailuresPath is the failures file. It defaults to Path +
	// ".failures.jsonl", or Path + ".shard-I-of-N.failures.jsonl".
	FailuresPath string
	// Shard selects part of the rows; the zero value keeps them all.
	Shard Shard
	// Restart starts the import over: this import's checkpoint, journal and
	// failures file are replaced. State of another input file is still
	// refused.
	Restart bool
	// RetryFailures sends again the rows of the failures file, and only
	// them, and removes each from the file once it is imported. The input
	// must be the file the failures were written for.
	RetryFailures bool
	// Progress, if set, is told how far the import is.
	Progress Progress
	// CheckpointEvery is how often the checkpoint is saved (and the journal
	// compacted, or the failures file rewritten when retrying) while the
	// import runs; 0 means every second. It is also saved at the end.
	CheckpointEvery time.Duration
}

// JournalPath is the journal kept next to the checkpoint at checkpointPath.
func JournalPath(checkpointPath string) string { return checkpointPath + ".journal" }

// LockPath is the lock file kept next to the checkpoint at checkpointPath.
func LockPath(checkpointPath string) string { return checkpointPath + ".lock" }

// DefaultStatePaths returns the checkpoint and failures paths an import of
// path uses when Options names none.
func DefaultStatePaths(path string, shard Shard) (checkpoint, failures string) {
	base := path
	if shard.Count > 1 {
		base = fmt.Sprintf("%s.shard-%d-of-%d", path, shard.Index, shard.Count)
	}
	return base + ".checkpoint", base + ".failures.jsonl"
}

// defaults fills in the defaults and checks the options, in the order the
// command line lists them: input, pace, state.
func (o *Options) defaults() error {
	if err := o.defaultInput(); err != nil {
		return err
	}
	if err := o.defaultPace(); err != nil {
		return err
	}
	return o.defaultState()
}

// defaultInput checks the input file, its format and the identifier.
func (o *Options) defaultInput() error {
	if o.Path == "" {
		return usagef("no input file")
	}
	if o.Format == "" {
		o.Format = FormatFromPath(o.Path)
		if o.Format == "" {
			return usagef("cannot tell the format of %s from its extension (.jsonl, .ndjson, .json or .csv): give --format", o.Path)
		}
	}
	if _, err := ParseFormat(string(o.Format)); err != nil {
		return err
	}
	_, err := ParseIdentifier(string(o.Identifier))
	return err
}

// defaultPace checks the concurrency, the rate and the longest wait.
func (o *Options) defaultPace() error {
	if o.Concurrency == 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Concurrency < 1 || o.Concurrency > MaxConcurrency {
		return usagef("concurrency must be 1 to %d, got %d", MaxConcurrency, o.Concurrency)
	}
	if math.IsNaN(o.Rate) || math.IsInf(o.Rate, 0) || o.Rate < 0 || (o.Rate > 0 && (o.Rate < MinRate || o.Rate > MaxRate)) {
		return usagef("rate must be 0 (no limit) or %g to %g requests per second, got %v", MinRate, MaxRate, o.Rate)
	}
	if o.MaxWait == 0 {
		o.MaxWait = DefaultMaxWait
	}
	return nil
}

// defaultState checks the shard and the restart and fills in the state
// files' paths.
func (o *Options) defaultState() error {
	if o.Shard.Count > 1 && (o.Shard.Index < 0 || o.Shard.Index >= o.Shard.Count) {
		return usagef("shard %d/%d is out of range", o.Shard.Index, o.Shard.Count)
	}
	if o.Restart && o.RetryFailures {
		return usagef("--restart and --retry-failures cannot be combined: a restart sends every row again")
	}
	cp, fl := DefaultStatePaths(o.Path, o.Shard)
	if o.CheckpointPath == "" {
		o.CheckpointPath = cp
	}
	if o.FailuresPath == "" {
		o.FailuresPath = fl
	}
	if o.CheckpointEvery <= 0 {
		o.CheckpointEvery = time.Second
	}
	return nil
}

// FormatFromPath picks the format by extension: .jsonl, .ndjson and .json
// are JSONL, .csv is CSV. It returns "" for anything else.
func FormatFromPath(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	case ".csv":
		return CSV
	}
	return ""
}

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case JSONL, CSV:
		return f, nil
	case "ndjson":
		return JSONL, nil
	}
	return "", usagef("format must be jsonl or csv, got %q", truncate(s, 40))
}

// ParseIdentifier checks an --identifier value.
func ParseIdentifier(s string) (wrapper.IdentifierField, error) {
	switch f := wrapper.IdentifierField(s); f {
	case wrapper.ByLogin, wrapper.ByExternalID, wrapper.ByUserToken:
		return f, nil
	}
	return "", usagef("identifier must be login, externalid or user_token, got %q", truncate(s, 40))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
