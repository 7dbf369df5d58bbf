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

// WithLatency makes every request take d, as a network with a round trip of
// d would: a request is handled d/2 after it arrived, and its answer leaves
// d after it arrived, however long the handling took (up to d/2). The time
// to answer is then d whatever the server's load, on Linux to within about
// 0.1 ms (Go's own timers would add 0.5 ms on average), which is what a
// benchmark against it divides by. A request whose client goes away in the
// first half is dropped without being handled; in the second half it has
// been handled, and its answer is lost, as a real one would be. Use
// SetLatency to change it later.
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
