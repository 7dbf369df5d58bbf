// Command oneall is the command-line tool of oneall-go: every operation of
// OneAll's Identity, User and User Cloud Storage APIs as a subcommand, a
// bulk import into the cloud storage with progress and resume, and a
// standalone fake OneAll server for tests.
//
// Run with no arguments and no credentials, it starts an embedded fake
// server and tours the SDK. See `oneall --help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C ends the process at once
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
