package bulkimport

import (
	"fmt"
	"time"
)

// Stats are the counts of one run of an import.
type Stats struct {
	// Created counts the rows that created a user (201). A row whose first
	// answer was lost, and that was sent again, counts as updated: the
	// second answer says the user exists.
	Created int64
	// Updated counts the rows that updated a user (200 or 202).
	Updated int64
	// Failed counts the rows written to the failures file in this run: bad
	// rows, rows that OneAll refused, rows given up after --max-wait.
	Failed int64
	// Skipped counts the rows that earlier runs did, not sent again.
	Skipped int64
	// OtherShards counts the rows left to other shards.
	OtherShards int64
	// Retries counts the requests sent again after a transient failure.
	Retries int64
	// Pending counts the rows the failures file holds at the end of the run,
	// from this run and earlier ones: while it is not 0, the import is not
	// done (Options.RetryFailures sends them again).
	Pending int64
	// ResumedAt is the checkpoint's line when the run resumed an import.
	ResumedAt int64
	// Retrying is true for a run of Options.RetryFailures.
	Retrying bool
	// Started is true once the input and the state were checked and rows
	// were read: the counts describe what the run did, even if it then
	// failed or was interrupted. It is false when Run failed before that.
	Started bool
	// Checkpoint is the state saved at the end of the run (not when
	// retrying failures).
	Checkpoint Checkpoint
	// Complete is true when every row of the input (of the shard) is done:
	// imported, or in the failures file.
	Complete bool
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
	verb := "imported"
	if s.Retrying {
		verb = "retried"
	}
	line := fmt.Sprintf("%s %d rows in %.1fs (%.0f rows/s): created %d, updated %d, failed %d, skipped %d (done before)",
		verb, s.Rows(), secs, perSec, s.Created, s.Updated, s.Failed, s.Skipped)
	if s.OtherShards > 0 {
		line += fmt.Sprintf(", %d in other shards", s.OtherShards)
	}
	if s.Retries > 0 {
		line += fmt.Sprintf("; %d requests sent again after transient failures", s.Retries)
	}
	return line
}
