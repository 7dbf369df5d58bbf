// Package bench holds the SDK's benchmarks: what each call costs through
// the wrapper, next to the same call written by hand with net/http and
// encoding/json (baseline) and through the generated client alone
// (generated), all three in one run against one in-process server on
// 127.0.0.1 that answers with realistic payloads. It has no code to import;
// see the README for the commands.
//
// The benchmarks live in their own package rather than beside the wrapper
// so that they use nothing but the three clients' public APIs (the wrapper
// gets no internal shortcut), so that they can use onealltest (which
// imports the wrapper), and so that their fixtures stay out of the
// wrapper's tests.
package bench
