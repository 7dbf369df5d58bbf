package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/oneall-go/oneall-go/internal/ctxsleep"
	"github.com/oneall-go/oneall-go/wrapper"
)

// sender sends verify's requests as they are, so that their answers can be
// checked byte for byte: the wrapper's typed calls would decode them.
type sender struct {
	hc         *http.Client
	base       string
	user, pass string
	userAgent  string
	retries    int
	sleep      func(context.Context, time.Duration) error
}

// sender returns the sender of the run: the site of the credentials (the
// wrapper checks them), or the embedded fake with --fake.
func (a *app) sender() (*sender, error) {
	c, err := a.client()
	if err != nil {
		return nil, err
	}
	s := &sender{
		hc: &http.Client{Timeout: a.timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // OneAll does not redirect API calls
		}},
		base:      c.BaseURL(),
		retries:   a.retries,
		sleep:     ctxsleep.Sleep,
		userAgent: "oneall-cli/" + wrapper.Version + " (verify)",
	}
	if a.fake {
		s.user, s.pass = a.fakeSrv.PublicKey, a.fakeSrv.PrivateKey
		return s, nil
	}
	getenv, err := a.getenvFunc()
	if err != nil {
		return nil, err
	}
	s.user, s.pass = getenv(envPublicKey), getenv(envPrivateKey)
	return s, nil
}

// netError is a request that got no answer.
type netError struct {
	op  string
	err error
}

func (e *netError) Error() string        { return fmt.Sprintf("%s: %v", e.op, e.err) }
func (e *netError) Unwrap() error        { return e.err }
func (e *netError) Is(target error) bool { return target == wrapper.ErrNetwork }

// maxVerifyAnswer caps what is read of one answer.
const maxVerifyAnswer = wrapper.MaxAnswerSize

// do sends o to base with its tokens and body (wrapped in OneAll's request
// envelope by the caller), retrying what may be sent again after a network
// error, a 429 or a 5xx, as the wrapper does.
func (s *sender) do(ctx context.Context, o *vop, base string, tokens map[string]string, body any) (*answer, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	target := o.target(base, tokens)
	for n := 0; ; n++ {
		a, err := s.once(ctx, o, target, payload)
		retry := err != nil || a.status == http.StatusTooManyRequests || a.status >= 500 && a.status != http.StatusNotImplemented
		if !retry || o.once || n >= s.retries || ctx.Err() != nil {
			return a, err
		}
		wait := min(250*time.Millisecond<<n, 5*time.Second)
		if a != nil {
			if secs, perr := strconv.Atoi(a.header.Get("Retry-After")); perr == nil && secs >= 0 {
				wait = min(time.Duration(secs)*time.Second, 10*time.Second)
			}
		}
		if err := s.sleep(ctx, wait); err != nil {
			return nil, &netError{op: o.id, err: err}
		}
	}
}

// once makes one attempt.
func (s *sender) once(ctx context.Context, o *vop, target string, payload []byte) (*answer, error) {
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, o.method, target, rd)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(s.user, s.pass)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", s.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return nil, &netError{op: o.id, err: redactedURLError(err)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxVerifyAnswer+1))
	if err != nil {
		return nil, &netError{op: o.id, err: fmt.Errorf("reading the answer: %w", err)}
	}
	if len(b) > maxVerifyAnswer {
		return nil, &netError{op: o.id, err: fmt.Errorf("the answer is over %d MiB", maxVerifyAnswer>>20)}
	}
	a := &answer{status: resp.StatusCode, header: resp.Header, body: b}
	var tree any
	if json.Unmarshal(b, &tree) == nil {
		a.tree = tree
	}
	return a, nil
}

// redactedURLError drops the URL from a transport error: its path holds
// tokens.
func redactedURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
