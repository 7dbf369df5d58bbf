package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// With the line that `oneall fake serve` prints exported (ONEALL_BASE_URL
// and the keys, no ONEALL_SUBDOMAIN), the demo runs against that server,
// says so, and sends the browser to its Direct Connect.
func TestRunAgainstONEALLBaseURL(t *testing.T) {
	fake := onealltest.New(t)
	env := map[string]string{wrapper.EnvBaseURL: fake.URL, wrapper.EnvPublicKey: fake.PublicKey, wrapper.EnvPrivateKey: fake.PrivateKey}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, &stdout, io.Discard, func(k string) string { return env[k] })
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	open := regexp.MustCompile(`Open (http://127\.0\.0\.1:\d+) `)
	var m []string
	for deadline := time.Now().Add(10 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		m = open.FindStringSubmatch(stdout.String())
	}
	if m == nil {
		t.Fatalf("no address in %q", stdout.String())
	}
	if want := "the OneAll API at " + fake.URL; !strings.Contains(stdout.String(), want) {
		t.Errorf("banner %q does not say %q", stdout.String(), want)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(m[1]+"/login", map[string][]string{"provider": {"google"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, fake.URL+"/socialize/connect/direct/google/") {
		t.Errorf("login sent the browser to %q, not to the fake at %s", loc, fake.URL)
	}
}
