// Command sociallogin is a small web site with "Log in with …" through
// OneAll, built with oneall-go alone: Direct Connect links, package login's
// callback (with its state against login CSRF), a greeting with the profile
// and the linked networks, link, unlink and log out, and a Single Sign-On
// session started at login and destroyed at log out. It keeps its own
// sessions in memory, keyed by a random cookie, as an application does.
//
//	go run ./examples/sociallogin
//
// With no OneAll variables set it runs on an embedded fake OneAll
// (package onealltest), whose consent screen lets you pick who logs in:
// no account, no network. With ONEALL_SUBDOMAIN, ONEALL_PUBLIC_KEY and
// ONEALL_PRIVATE_KEY set it uses that site (add the callback's host,
// 127.0.0.1, to the site's allowed domains at OneAll). With ONEALL_BASE_URL
// instead of ONEALL_SUBDOMAIN it uses that server, e.g. a fake OneAll in
// another process: export the line that `oneall fake serve` prints, then
// run the demo. It listens on a loopback address only.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "sociallogin:", err)
		os.Exit(1)
	}
}

// run parses the flags, starts the demo and serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("sociallogin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "the loopback address to listen on (port 0: any free port)")
	providers := fs.String("providers", "google,facebook,github,twitter", "the networks of the login buttons")
	seed := fs.Int("seed", 6, "users the embedded fake starts with (their accounts are on its consent screens)")
	verbose := fs.Bool("v", false, "log every request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	d, err := start(options{
		Addr: *addr, Providers: strings.Split(*providers, ","), Seed: *seed, Getenv: getenv,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Social login demo on %s\nOpen %s in a browser. Ctrl-C stops.\n", backend(d, getenv), d.URL)
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return d.Shutdown(shutdown)
}

// backend names what the demo talks to: the embedded fake, the OneAll API
// at ONEALL_BASE_URL (its scheme and host only, never a user or a key), or
// the site of ONEALL_SUBDOMAIN.
func backend(d *demo, getenv func(string) string) string {
	switch {
	case d.Fake != nil:
		return "an embedded fake OneAll (nothing leaves this machine)"
	case getenv(wrapper.EnvBaseURL) != "":
		if u, err := url.Parse(getenv(wrapper.EnvBaseURL)); err == nil && u.Host != "" {
			return "the OneAll API at " + u.Scheme + "://" + u.Host + " (" + wrapper.EnvBaseURL + ")"
		}
		return "the OneAll API at " + wrapper.EnvBaseURL
	default:
		return "the OneAll site " + getenv(wrapper.EnvSubdomain) + " (" + wrapper.EnvSubdomain + ")"
	}
}

// options say how to start the demo.
type options struct {
	Addr      string
	Providers []string
	Seed      int
	Logger    *slog.Logger
	Getenv    func(string) string
	// Fake, if set, is the fake OneAll to use (tests); the demo does not
	// close it. Without it and without ONEALL_* variables, the demo starts
	// one of its own.
	Fake *onealltest.Server
}

// demo is a running demo.
type demo struct {
	URL    string
	Fake   *onealltest.Server // nil against a real site
	ownsFk bool
	server *http.Server
	done   chan struct{}
}

// start listens on a loopback address and serves the demo.
func start(o options) (*demo, error) {
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return nil, fmt.Errorf("-addr %q: %w", o.Addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("-addr %q: the demo listens on a loopback address only (127.0.0.1, ::1, localhost)", o.Addr)
	}
	d := &demo{Fake: o.Fake, done: make(chan struct{})}
	opts := []wrapper.ClientOption{wrapper.WithLogger(o.Logger), wrapper.WithAppInfo("sociallogin-demo", wrapper.Version)}
	var c *wrapper.Client
	switch {
	case d.Fake != nil:
		c = d.Fake.Client(opts...)
	case o.Getenv(wrapper.EnvSubdomain) != "" || o.Getenv(wrapper.EnvBaseURL) != "" ||
		o.Getenv(wrapper.EnvPublicKey) != "" || o.Getenv(wrapper.EnvPrivateKey) != "":
		if c, err = wrapper.NewFromEnvFunc(o.Getenv, opts...); err != nil {
			return nil, err
		}
	default:
		d.Fake, d.ownsFk = onealltest.NewServer(), true
		d.Fake.Seed(o.Seed)
		c = d.Fake.Client(opts...)
	}
	key := make([]byte, 32) // a real site keeps one key for all its instances
	if _, err := rand.Read(key); err != nil {
		d.closeFake()
		return nil, err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		d.closeFake()
		return nil, err
	}
	d.URL = "http://" + ln.Addr().String()
	a, err := newApp(config{Client: c, URL: d.URL, Providers: o.Providers, Logger: o.Logger, StateKey: key})
	if err != nil {
		ln.Close()
		d.closeFake()
		return nil, err
	}
	d.server = &http.Server{
		Handler: a.handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(o.Logger.Handler(), slog.LevelWarn),
	}
	go func() {
		defer close(d.done)
		if err := d.server.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			o.Logger.Error("the server stopped", "err", err)
		}
	}()
	return d, nil
}

// Shutdown stops the demo gracefully, then its own fake.
func (d *demo) Shutdown(ctx context.Context) error {
	err := d.server.Shutdown(ctx)
	if err != nil {
		d.server.Close()
	}
	<-d.done
	d.closeFake()
	return err
}

func (d *demo) closeFake() {
	if d.ownsFk {
		d.Fake.Close()
	}
}
