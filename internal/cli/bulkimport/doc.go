// Package bulkimport synchronizes users into OneAll's User Cloud Storage from
// a JSON Lines or CSV file: it is the engine behind `oneall storage import`
// and knows nothing about the command line.
//
// What it promises, and where each promise is kept:
//
//   - File order for each user (order.go): rows that share a value of the
//     identifier, login or externalid are sent one after the other, in the
//     order of the file, whatever the concurrency; rows that share none run
//     in parallel. The final state is the sequential import's.
//   - The user's files untouched (state.go, lock.go, fsys.go): the import
//     writes only its own state files (checkpoint, journal, failures file,
//     lock file), each marked as the import's and replaced atomically (a
//     temporary file renamed into place). A state path that names the
//     input, another state file, a directory or a file that is not the
//     import's is refused before anything is written.
//   - The whole file fingerprinted (scan.go): the state records the input's
//     size and SHA-256; a run whose file changed is refused, with how to
//     start over.
//   - RFC 4180 CSV (records.go): records are read by encoding/csv (quoted
//     commas, quotes and line breaks), and reported by their first line.
//   - Transient failures absorbed (send.go): 429, 500, 502, 503, 504, resets
//     and truncated answers make the row wait and try again, all workers
//     pausing together on a 429, until Options.MaxWait; only errors no row
//     can escape (401, 403, storage not enabled, an unknown host) stop the
//     import.
//   - Exact resume (journal.go, checkpoint.go, save.go): every row done is
//     appended to the journal with a write(2) of its own before it counts as
//     done; after Ctrl-C nothing done is sent again, after a kill only the
//     rows in flight.
//   - Failures kept (failures.go, retry.go): rows that cannot be imported go
//     to the failures file, passwords and other secrets redacted
//     (redact.go); Options.RetryFailures sends exactly those rows again.
//   - One run at a time (lock.go): an exclusive lock on the import's state.
package bulkimport
