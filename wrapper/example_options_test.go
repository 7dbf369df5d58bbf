package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Options given to one call apply to that call only.
func ExampleOption() {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.Seed(2)
	c := srv.Client(wrapper.WithRetries(5)) // the client's defaults
	ctx := context.Background()

	// This call only: no retry, 2 s per attempt, a header for a proxy.
	page, err := c.Users.List(ctx, nil,
		wrapper.WithRetries(0), wrapper.WithTimeout(2*time.Second), wrapper.WithHeader("X-Request-Id", "42"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("users:", len(page.Entries))
	// Output: users: 2
}

// With makes a copy with other defaults, sharing the client's connections;
// the client itself does not change.
func ExampleClient_With() {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.Seed(1)
	c := srv.Client()

	// A nightly job: patient, and logged.
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	nightly, err := c.With(wrapper.WithRetries(10), wrapper.WithTimeout(time.Minute), wrapper.WithLogger(logger))
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, err := range nightly.Users.All(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println("users:", n)
	// Output: users: 1
}

// IsRetryable tells a failure worth trying again later from one that is
// not, the same way the client's retries do.
func ExampleIsRetryable() {
	srv := onealltest.NewServer()
	c := srv.Client(wrapper.WithRetries(0))
	ctx := context.Background()

	_, err := c.Users.Get(ctx, "00000000-0000-4000-8000-000000000000")
	fmt.Println("not found:", errors.Is(err, wrapper.ErrNotFound), "retryable:", wrapper.IsRetryable(err))

	srv.Close() // the connection is now refused
	_, err = c.Users.Get(ctx, "00000000-0000-4000-8000-000000000000")
	fmt.Println("network:", errors.Is(err, wrapper.ErrNetwork), "retryable:", wrapper.IsRetryable(err))
	// Output:
	// not found: true retryable: false
	// network: true retryable: true
}
