package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/onealltest"
)

func (a *app) fakeCommand() *cobra.Command {
	cmd := group(&cobra.Command{
		Use:   "fake",
		Short: "Run the in-memory fake OneAll server (onealltest)",
	})
	cmd.AddCommand(a.fakeServe())
	return cmd
}

// fakeConfig is what the flags of fake serve say.
type fakeConfig struct {
	addr, pub, priv string
	seed            int
	latency         time.Duration
	faults          onealltest.Faults
}

func (a *app) fakeServe() *cobra.Command {
	var cfg fakeConfig
	var kinds []string
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT|PORT] [--seed N] [--public-key K --private-key K] [--faults KINDS --fault-rate R]",
		Short: "Serve a fake OneAll site over HTTP until SIGINT, SIGTERM or the reader of stdout goes away",
		Long: `Serve the in-memory fake OneAll site of onealltest, for tests written in any
language. The first line of stdout is

  ONEALL_BASE_URL=http://HOST:PORT ONEALL_PUBLIC_KEY=K ONEALL_PRIVATE_KEY=K

(shell-quotable: the keys are UUIDs unless given), so a test can read the line
and export it. The keys of a fake are test data, hence printed and accepted
as flags. Without --public-key and --private-key they are random. The state
lives in memory and is lost at exit. SIGINT or SIGTERM shuts down cleanly,
and so does the end of the program reading stdout (oneall fake serve | head -1
returns when head does).

--fault-rate makes a seeded, reproducible share of the requests fail, with
the kinds of --faults (default: all): 429 and 503 (with Retry-After: 0 and
Retry-After-Ms: 10), 500, 502, html (a proxy's HTML page), reset (the
connection is reset), truncate (half of the body, then the connection is
closed), latency (100ms more) and lost (the request is handled, then the
connection is reset: the work is done, the answer lost). --fault-after-work
lets a faulted request of the other kinds do its work before its answer is
lost, as when a proxy times out.

It also serves OneAll's Direct Connect for a social login in a browser (or
a test): GET /socialize/connect/direct/{provider}/?service=social_login&
callback_uri=URL shows a consent screen where one picks who logs in, then a
page POSTs oa_action and connection_token to URL, which must be on a
loopback host. Faults do not apply to these pages.

It sends requests of its own, to loopback hosts only (any other host is
refused with 400 when given): a sharing analytics snapshot's pingback_uri
and a pushed video's callback_url get OneAll's POST once the fake's clock,
which moves one minute with every change it makes, is two minutes past the
request.`,
		Example: `  oneall fake serve --addr 127.0.0.1:8080 --seed 50 &
  oneall fake serve --addr 127.0.0.1:0 | head -1   # any free port
  oneall fake serve --seed 10 --faults 429,503,reset --fault-rate 0.2 --fault-seed 7`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (cfg.pub == "") != (cfg.priv == "") {
				return usagef("give both --public-key and --private-key, or neither")
			}
			if strings.ContainsRune(cfg.pub, ':') || strings.ContainsAny(cfg.pub+cfg.priv, " \t\r\n") {
				return usagef("the keys must not contain spaces, and the public key no ':'")
			}
			if cfg.seed < 0 || cfg.latency < 0 {
				return usagef("--seed and --latency must not be negative")
			}
			if err := parseFaultFlags(cmd, kinds, &cfg.faults); err != nil {
				return err
			}
			addr, err := listenAddr(cfg.addr)
			if err != nil {
				return err
			}
			cfg.addr = addr
			return a.serveFake(cmd.Context(), cfg)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "the address to listen on: HOST:PORT, or a bare PORT on 127.0.0.1 (port 0: any free port)")
	f.IntVar(&cfg.seed, "seed", 0, "seed the site with N users having 1 to 3 identities each (deterministic)")
	f.StringVar(&cfg.pub, "public-key", "", "the site's public key (test data; default random)")
	f.StringVar(&cfg.priv, "private-key", "", "the site's private key (test data; default random)")
	f.DurationVar(&cfg.latency, "latency", 0, "make every request take this long: handled after half of it, answered after all of it")
	f.StringSliceVar(&kinds, "faults", nil, "the kinds of faults to inject, comma-separated: "+faultKindNames()+" (default all)")
	f.Float64Var(&cfg.faults.Rate, "fault-rate", 0, "the share of requests that get a fault, 0..1")
	f.Uint64Var(&cfg.faults.Seed, "fault-seed", 1, "the seed of the fault sequence: the same seed gives the same faults")
	f.BoolVar(&cfg.faults.AfterWork, "fault-after-work", false, "let a faulted request do its work before its answer is lost")
	return cmd
}

// faultKindNames lists the kinds --faults accepts.
func faultKindNames() string {
	var names []string
	for _, k := range onealltest.FaultKinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ",")
}

// parseFaultFlags checks the fault flags and fills f.Kinds.
func parseFaultFlags(cmd *cobra.Command, kinds []string, f *onealltest.Faults) error {
	for _, s := range kinds {
		k, err := onealltest.ParseFaultKind(s)
		if err != nil {
			return usagef("--faults: unknown kind %q (want some of %s)", s, faultKindNames())
		}
		f.Kinds = append(f.Kinds, k)
	}
	if err := f.Validate(); err != nil {
		return usagef("--fault-rate must be within 0..1, got %v", f.Rate)
	}
	if f.Rate == 0 {
		for _, name := range []string{"faults", "fault-seed", "fault-after-work"} {
			if cmd.Flags().Changed(name) {
				return usagef("--%s needs --fault-rate", name)
			}
		}
	}
	return nil
}

// serveFake serves a fake site until ctx ends or the reader of stdout goes
// away.
func (a *app) serveFake(ctx context.Context, cfg fakeConfig) error {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("fake serve: %w", err)
	}
	opts := []onealltest.Option{onealltest.WithLatency(cfg.latency), onealltest.WithFaults(cfg.faults)}
	if cfg.pub != "" {
		opts = append(opts, onealltest.WithKeys(cfg.pub, cfg.priv))
	}
	srv := onealltest.NewUnstarted(opts...)
	srv.Seed(cfg.seed)
	srv.StartListener(ln)
	defer srv.Close()

	// A write to a closed pipe fails with EPIPE instead of killing the
	// process, so that the server shuts down cleanly.
	sigpipe := make(chan os.Signal, 1)
	signal.Notify(sigpipe, syscall.SIGPIPE)
	defer signal.Stop(sigpipe)
	if _, err := fmt.Fprintf(a.stdout, "%s=%s %s=%s %s=%s\n", envBaseURL, srv.URL, envPublicKey, srv.PublicKey, envPrivateKey, srv.PrivateKey); err != nil {
		return fmt.Errorf("fake serve: writing the first line to stdout: %w", err)
	}
	gone, stopWatching := readerGone(a.stdout)
	defer stopWatching()

	fmt.Fprintf(a.stderr, "oneall: fake OneAll site on %s with %d seeded users%s; SIGINT or SIGTERM stops it\n", srv.URL, cfg.seed, faultSummary(cfg.faults))
	if w := loopbackWarning(cfg.addr, ln.Addr()); w != "" {
		fmt.Fprintln(a.stderr, w)
	}
	select {
	case <-ctx.Done():
	case <-gone:
		fmt.Fprintln(a.stderr, "oneall: the reader of stdout went away")
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("fake serve: shutting down: %w", err)
	}
	fmt.Fprintln(a.stderr, "oneall: fake server stopped")
	return nil
}

// faultSummary describes the faults for the banner.
func faultSummary(f onealltest.Faults) string {
	if f.Rate == 0 {
		return ""
	}
	kinds := "all kinds"
	if len(f.Kinds) > 0 {
		names := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			names[i] = string(k)
		}
		kinds = strings.Join(names, ",")
	}
	after := ""
	if f.AfterWork {
		after = ", after the work"
	}
	return fmt.Sprintf(", faults %s on %g of the requests (seed %d%s)", kinds, f.Rate, f.Seed, after)
}

// readerGone returns a channel that is closed when the program reading w
// (a pipe or a socket) goes away, and a function that stops watching. For
// other writers, and where the system cannot tell, the channel is nil.
func readerGone(w io.Writer) (<-chan struct{}, func()) {
	f, ok := w.(*os.File)
	if !ok {
		return nil, func() {}
	}
	return watchReader(f)
}
