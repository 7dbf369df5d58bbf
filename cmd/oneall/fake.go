package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
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

func (a *app) fakeServe() *cobra.Command {
	var addr, pub, priv string
	var seed int
	var latency time.Duration
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--seed N] [--public-key K --private-key K]",
		Short: "Serve a fake OneAll site over HTTP until SIGINT or SIGTERM",
		Long: `Serve the in-memory fake OneAll site of onealltest, for tests written in any
language. The first line of stdout is

  ONEALL_BASE_URL=http://HOST:PORT ONEALL_PUBLIC_KEY=K ONEALL_PRIVATE_KEY=K

(shell-quotable: the keys are UUIDs unless given), so a test can read the line
and export it. The keys of a fake are test data, hence printed and accepted
as flags. Without --public-key and --private-key they are random. The state
lives in memory and is lost at exit. SIGINT or SIGTERM shuts down cleanly.`,
		Example: `  oneall fake serve --addr 127.0.0.1:8080 --seed 50 &
  oneall fake serve --addr 127.0.0.1:0 | head -1   # any free port`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (pub == "") != (priv == "") {
				return usagef("give both --public-key and --private-key, or neither")
			}
			if strings.ContainsRune(pub, ':') || strings.ContainsAny(pub+priv, " \t\r\n") {
				return usagef("the keys must not contain spaces, and the public key no ':'")
			}
			if seed < 0 || latency < 0 {
				return usagef("--seed and --latency must not be negative")
			}
			return a.serveFake(cmd.Context(), addr, seed, pub, priv, latency)
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "the address to listen on (port 0: any free port)")
	f.IntVar(&seed, "seed", 0, "seed the site with N users having 1 to 3 identities each (deterministic)")
	f.StringVar(&pub, "public-key", "", "the site's public key (test data; default random)")
	f.StringVar(&priv, "private-key", "", "the site's private key (test data; default random)")
	f.DurationVar(&latency, "latency", 0, "delay every request by this much")
	return cmd
}

// serveFake serves a fake site on addr until ctx ends.
func (a *app) serveFake(ctx context.Context, addr string, seed int, pub, priv string, latency time.Duration) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("fake serve: %w", err)
	}
	defer ln.Close()
	var opts []onealltest.Option
	if pub != "" {
		opts = append(opts, onealltest.WithKeys(pub, priv))
	}
	if latency > 0 {
		opts = append(opts, onealltest.WithLatency(latency))
	}
	// The server also listens on a loopback port of its own; only its
	// handler is used here, behind a server that can shut down gracefully.
	srv := onealltest.NewServer(opts...)
	defer srv.Close()
	srv.Seed(seed)

	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 30 * time.Second}
	url := "http://" + hostOf(ln.Addr())
	fmt.Fprintf(a.stdout, "%s=%s %s=%s %s=%s\n", envBaseURL, url, envPublicKey, srv.PublicKey, envPrivateKey, srv.PrivateKey)
	fmt.Fprintf(a.stderr, "oneall: fake OneAll site on %s with %d seeded users; SIGINT or SIGTERM stops it\n", url, seed)
	if h, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(h).IsLoopback() {
		fmt.Fprintf(a.stderr, "oneall: warning: %s is not a loopback address: the fake speaks plain http, which the SDK accepts only on loopback\n", h)
	}

	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("fake serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdownCtx)
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("fake serve: shutting down: %w", err)
	}
	fmt.Fprintln(a.stderr, "oneall: fake server stopped")
	return nil
}

// hostOf names a listener's address in a URL; an unspecified address is
// reached through the IPv4 loopback.
func hostOf(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		return fmt.Sprintf("127.0.0.1:%d", tcp.Port)
	}
	return tcp.String()
}
