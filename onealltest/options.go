package onealltest

import "time"

// config is what the options set.
type config struct {
	publicKey, privateKey string
	faults                Faults
	latency               time.Duration
	passwordCost          int
	addr                  string
}

// Option configures a Server. An invalid option makes New fail the test,
// and NewServer and NewUnstarted panic: it is a programming error in the
// test.
type Option func(*config)

// WithKeys sets the site's public and private keys instead of random ones.
// The public key must not contain ':' (HTTP Basic cannot carry it).
func WithKeys(publicKey, privateKey string) Option {
	return func(c *config) {
		c.publicKey, c.privateKey = publicKey, privateKey
	}
}

// WithFaults injects faults from the start (see Faults). Use SetFaults to
// change them later, for example after seeding.
func WithFaults(f Faults) Option {
	return func(c *config) { c.faults = f }
}

// WithLatency delays every request before it is handled, as a slow network
// would: it is handled d after it arrived (on Linux to within about 0.1 ms;
// Go's own timers would add 0.5 ms on average). A request whose context
// ends during the wait is dropped without being handled. Use SetLatency to
// change it later.
func WithLatency(d time.Duration) Option {
	return func(c *config) { c.latency = d }
}

// WithPasswordCost sets the bcrypt cost of the cloud storage password hashes.
// The default is bcrypt.MinCost (4), which keeps tests fast; use
// bcrypt.DefaultCost (10) or more to see realistic timings.
func WithPasswordCost(cost int) Option {
	return func(c *config) { c.passwordCost = cost }
}

// WithAddr makes Start listen on addr (host:port) instead of a random
// loopback port, e.g. "127.0.0.1:8080" for a demo. The wrapper accepts plain
// http only for loopback hosts.
func WithAddr(addr string) Option {
	return func(c *config) { c.addr = addr }
}
