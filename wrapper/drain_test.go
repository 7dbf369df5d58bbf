package wrapper_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/wrapper"
)

// trailing are error answers with more than their envelope: the client
// reads what the error shows, drains a little more so that the connection
// can carry the next call, and says nothing about it.
var trailing = []struct {
	name, body string
	want       error
	info       string
	bodyLen    int  // of APIError.Body
	reuse      bool // the connection carries the next call
}{
	{"JSON then junk", notFoundJSON + " and then some junk", wrapper.ErrNotFound, "No identity", len(notFoundJSON) + 19, true},
	// Longer than APIError.Body keeps (4 KiB), short enough to drain.
	{"6 KiB page", strings.Repeat("<p>nginx</p>", 512), wrapper.ErrServer, "", 4 << 10, true},
	// Too long to drain: the connection is closed, the error is the same.
	{"64 KiB page", strings.Repeat("<p>nginx</p>", 5462), wrapper.ErrServer, "", 4 << 10, false},
}

const notFoundJSON = `{"response":{"request":{"date":"Tue, 02 May 2017 15:27:08 +0200","resource":"/x.json",` +
	`"status":{"flag":"error","code":404,"info":"No identity has been found for the specified identity_token"}}}}`

// callTrailing makes three sequential calls that get answer, checks their
// errors, and returns how many connections they opened.
func callTrailing(t *testing.T, body string, want error, info string, bodyLen int) int64 {
	t.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status := http.StatusNotFound
		if !strings.HasPrefix(body, "{") {
			status = http.StatusInternalServerError
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	tr := &http.Transport{MaxConnsPerHost: 1}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := wrapper.New("", "pub", "priv", wrapper.WithBaseURL(srv.URL),
		wrapper.WithHTTPClient(&http.Client{Transport: tr}), wrapper.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	for i := range 3 {
		_, err := c.Identities.Get(ctx, "1b93e09a-4cd3-4c5c-9081-2cb1eaa53573")
		var ae *wrapper.APIError
		if !errors.Is(err, want) || !errors.As(err, &ae) {
			t.Fatalf("call %d: err = %v, want an APIError that is %v", i, err, want)
		}
		if !strings.HasPrefix(ae.Info, info) || len(ae.Body) != bodyLen || !bytes.HasPrefix([]byte(body), ae.Body) {
			t.Fatalf("call %d: Info %q, Body %d bytes; want Info %q..., the body's first %d bytes", i, ae.Info, len(ae.Body), info, bodyLen)
		}
	}
	return conns.Load()
}

func TestErrorAnswersWithTrailingBytes(t *testing.T) {
	for _, tc := range trailing {
		t.Run(tc.name, func(t *testing.T) {
			n := callTrailing(t, tc.body, tc.want, tc.info, tc.bodyLen)
			// A few more connections than one are the transport's 50 ms
			// rule on a loaded machine (see
			// TestSequentialCallsReuseOneConnection).
			if tc.reuse && n == 3 {
				t.Errorf("3 calls opened 3 connections: the answers were not drained")
			}
			if !tc.reuse && n != 3 {
				t.Errorf("3 calls opened %d connections, want 3: an answer too long to drain closes its connection", n)
			}
		})
	}
}

// TestTrailingBytesPrintNothing runs the calls above in a child process and
// wants its standard error empty: a library writes nothing of its own (a
// debug println once printed there on such answers).
func TestTrailingBytesPrintNothing(t *testing.T) {
	if os.Getenv("WRAPPER_TRAILING_CHILD") == "1" {
		for _, tc := range trailing {
			callTrailing(t, tc.body, tc.want, tc.info, tc.bodyLen)
		}
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestTrailingBytesPrintNothing$", "-test.count=1")
	cmd.Env = append(os.Environ(), "WRAPPER_TRAILING_CHILD=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("the calls wrote to standard error:\n%s", stderr.String())
	}
}
