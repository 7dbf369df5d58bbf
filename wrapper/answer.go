package wrapper

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"unicode"

	"github.com/oneall-go/oneall-go/internal/jsonscan"
)

// MaxAnswerSize is the most the client reads of one answer, counted after
// decompression. The largest real answer is a page of 500 entries, measured
// on onealltest: 117 KB for 500 identities as the identities list sends them
// (138 KB for 500 users), 745 KB for 500 complete identities; 500 rich
// profiles of 3 KB each would take 1.5 MB. 4 MiB leaves more than five times
// the largest page the fake makes, and more than twice that hypothetical
// one. A larger answer is not OneAll's: the call fails with
// ErrUnexpectedResponse and is not retried.
const MaxAnswerSize = 4 << 20

// Answers are decoded as they are read. Only an answer longer than
// smallAnswer, which every real answer but a long page fits in, is read
// ahead to its end before the rest is decoded, so that one over
// MaxAnswerSize is refused before it costs the decoder anything; and only
// bigAnswerSlots such answers are read at once, process-wide. However many
// calls run, endless answers then hold about 32 x 2 x smallAnswer of
// decoder buffers plus bigAnswerSlots x MaxAnswerSize read ahead, not
// 32 x MaxAnswerSize.
const (
	smallAnswer    = 128 << 10
	bigAnswerSlots = 2
	aheadChunk     = 64 << 10
)

var bigAnswers = make(chan struct{}, bigAnswerSlots)

// errTooLarge is what reading an answer past MaxAnswerSize returns.
var errTooLarge = fmt.Errorf("the answer is larger than %d MiB", MaxAnswerSize>>20)

// answerReader reads an answer's body for the decoder: it stops at
// MaxAnswerSize, waits for a big-answer slot before reading past
// smallAnswer, keeps the start of the body for APIError.Body when it may be
// shown, and tells a broken connection (err) from a body that ends.
type answerReader struct {
	ctx  context.Context
	body io.Reader
	n    int64
	// head keeps the first maxErrorBody bytes of an error answer, or of a
	// success that is not JSON; a success's JSON payload is never kept.
	head     []byte
	keepHead int8 // 1 keep, 0 undecided (leading spaces of a 2xx), -1 drop
	// err is the first failure of the connection (not io.EOF); eof says
	// the body was read to its end.
	err      error
	eof      bool
	tooLarge bool
	slot     bool
	// ahead holds what was read ahead past smallAnswer; aheadErr is what
	// reading ahead ended with (io.EOF), returned once ahead is consumed.
	ahead    [][]byte
	aheadErr error
}

func (a *answerReader) init(ctx context.Context, resp *http.Response) error {
	*a = answerReader{ctx: ctx, body: resp.Body}
	if !success(resp.StatusCode) {
		a.keepHead = 1
	}
	// The transport undoes the gzip it asked for (resp.Uncompressed); one
	// that was not asked for is undone here, so that the cap applies after
	// decompression either way.
	switch ce := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); {
	case resp.Uncompressed, ce == "", ce == "identity":
		if resp.ContentLength > MaxAnswerSize {
			a.tooLarge = true
		}
	case ce == "gzip" || ce == "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return &bodyError{status: resp.StatusCode, err: err}
		}
		a.body = zr
	default:
		return &bodyError{status: resp.StatusCode, err: fmt.Errorf("unsupported Content-Encoding %.32q", ce)}
	}
	return nil
}

func (a *answerReader) Read(p []byte) (int, error) {
	if a.aheadErr != nil {
		return a.readAhead(p)
	}
	if a.tooLarge {
		return 0, errTooLarge
	}
	if a.n >= smallAnswer {
		if err := a.fetchAhead(); err != nil {
			return 0, err
		}
		return a.readAhead(p)
	}
	if int64(len(p)) > smallAnswer-a.n {
		p = p[:smallAnswer-a.n]
	}
	k, err := a.body.Read(p)
	a.keep(p[:k])
	a.n += int64(k)
	switch {
	case err == io.EOF:
		a.eof = true
	case err != nil && a.err == nil:
		a.err = err
	}
	return k, err
}

// fetchAhead waits for a big-answer slot, then reads the rest of the answer
// into ahead, up to MaxAnswerSize: an answer over it is refused before it is
// decoded any further.
func (a *answerReader) fetchAhead() error {
	select {
	case bigAnswers <- struct{}{}:
		a.slot = true
	case <-a.ctx.Done():
		a.err = a.ctx.Err()
		return a.err
	}
	for {
		chunk := make([]byte, aheadChunk)
		k, err := readChunk(a.body, chunk)
		if a.n+int64(k) > MaxAnswerSize {
			a.ahead, a.tooLarge = nil, true
			return errTooLarge
		}
		if k > 0 {
			a.ahead = append(a.ahead, chunk[:k])
			a.n += int64(k)
		}
		switch {
		case err == io.EOF:
			a.aheadErr = io.EOF
			return nil
		case err != nil:
			a.ahead, a.err = nil, err
			return err
		}
	}
}

// readChunk fills buf from r, like io.ReadFull, but tells a body that ends
// (io.EOF) from one cut short (whatever r says, io.ErrUnexpectedEOF included).
func readChunk(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		k, err := r.Read(buf[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// readAhead serves what fetchAhead read.
func (a *answerReader) readAhead(p []byte) (int, error) {
	if len(a.ahead) == 0 {
		return 0, a.aheadErr
	}
	k := copy(p, a.ahead[0])
	if a.ahead[0] = a.ahead[0][k:]; len(a.ahead[0]) == 0 {
		a.ahead[0] = nil
		a.ahead = a.ahead[1:]
	}
	return k, nil
}

// keep adds the start of the body to head while it may be shown.
func (a *answerReader) keep(b []byte) {
	if a.keepHead == 0 {
		// Any white space, not only JSON's: a payload behind a form feed
		// is not JSON, but it may still hold an access token.
		t := bytes.TrimLeftFunc(b, unicode.IsSpace)
		switch {
		case len(t) == 0:
		case t[0] == '{' || t[0] == '[':
			a.keepHead, a.head = -1, nil
			return
		default:
			a.keepHead = 1
		}
	}
	if a.keepHead >= 0 && len(a.head) < maxErrorBody {
		a.head = append(a.head, b[:min(len(b), maxErrorBody-len(a.head))]...)
	}
}

// fillHead reads on until head holds maxErrorBody bytes or the body ends.
func (a *answerReader) fillHead() {
	if a.keepHead < 0 {
		return
	}
	var buf [512]byte
	for len(a.head) < maxErrorBody && a.n < smallAnswer && a.err == nil && !a.tooLarge {
		if _, err := a.Read(buf[:]); err != nil {
			return
		}
	}
}

// finish reads what little may remain, so that the connection can serve
// another request, and frees the big-answer slot.
func (a *answerReader) finish() {
	// An answer longer than that (a long error page) is not drained: the
	// transport closes its connection when the body is closed.
	if a.err == nil && !a.tooLarge && a.aheadErr == nil && !a.eof {
		_, _ = io.CopyN(io.Discard, a.body, 4<<10)
	}
	a.ahead = nil
	if a.slot {
		a.slot = false
		<-bigAnswers
	}
}

// decodeSuccess decodes a success's envelope into env. An answer of known
// length up to smallAnswer, which is nearly every answer, is read whole into
// a pooled buffer and decoded there; a longer one, or one of unknown length,
// is decoded as it is read. Either way every byte goes through ar, which
// caps, counts and keeps what errors show.
//
// settle, when not nil, is called with the whole answer once it decoded
// without error from a buffer (see bufferable), while the buffer is valid.
func decodeSuccess(ar *answerReader, resp *http.Response, env any, settle func([]byte)) error {
	if n := resp.ContentLength; n > 0 && n <= smallAnswer && ar.body == resp.Body {
		buf := answerBuffers.Get().(*[]byte)
		defer answerBuffers.Put(buf)
		if int64(cap(*buf)) < n {
			*buf = make([]byte, n, max(n, 16<<10))
		}
		b := (*buf)[:n]
		if _, err := io.ReadFull(ar, b); err != nil {
			return err // ar.failure reports it
		}
		// Nothing can follow: the transport ends the body at its
		// Content-Length.
		err := unmarshalEnvelope(b, env)
		if settle != nil && err == nil {
			settle(b)
		}
		return err
	}
	if n := resp.ContentLength; n > smallAnswer && n <= MaxAnswerSize && ar.body == resp.Body {
		return decodeBig(ar, n, env, settle)
	}
	dec := json.NewDecoder(ar)
	err := dec.Decode(env)
	if err == nil && !onlySpace(io.MultiReader(dec.Buffered(), ar)) {
		err = errors.New("data after the envelope")
	}
	return err
}

// decodeBig decodes a success of known length n past smallAnswer (a long
// page): like every answer past smallAnswer it waits for a big-answer slot,
// then it reads the answer whole into one buffer of its size, rather than
// in chunks that a decoder would then copy into a growing buffer of its
// own, and decodes it there.
func decodeBig(ar *answerReader, n int64, env any, settle func([]byte)) error {
	select {
	case bigAnswers <- struct{}{}:
		ar.slot = true // finish gives it back
	case <-ar.ctx.Done():
		ar.err = ar.ctx.Err()
		return ar.err
	}
	buf := bigBuffers.Get().(*[]byte)
	defer bigBuffers.Put(buf)
	if int64(cap(*buf)) < n {
		*buf = make([]byte, n)
	}
	b := (*buf)[:n]
	k, err := io.ReadFull(ar.body, b)
	ar.keep(b[:k])
	ar.n += int64(k)
	if err != nil {
		ar.err = err
		return err
	}
	err = unmarshalEnvelope(b, env)
	if settle != nil && err == nil {
		settle(b)
	}
	return err
}

// bufferable reports whether decodeSuccess reads resp whole into a buffer.
func bufferable(ar *answerReader, resp *http.Response) bool {
	return resp.ContentLength > 0 && resp.ContentLength <= MaxAnswerSize && ar.body == resp.Body
}

// bigBuffers holds decodeBig's buffers, at most MaxAnswerSize each and, in
// use, one per big-answer slot.
var bigBuffers = sync.Pool{New: func() any { return new([]byte) }}

// unmarshalEnvelope decodes the whole answer b into env, with the outcome
// of decoding it as it streams: json.Unmarshal refuses an answer with a
// syntax error before decoding any of it, so such an answer (data after the
// envelope, a cut one) is decoded again the way the stream is, which keeps
// what precedes the error (a failure status, say).
func unmarshalEnvelope(b []byte, env any) error {
	err := json.Unmarshal(b, env)
	if err == nil {
		return nil // before se, which escapes to the heap
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err
	}
	r := bytes.NewReader(b)
	dec := json.NewDecoder(r)
	err = dec.Decode(env)
	if err == nil && !onlySpace(io.MultiReader(dec.Buffered(), r)) {
		err = errors.New("data after the envelope")
	}
	return err
}

// answerBuffers holds the buffers of decodeSuccess, each at most
// smallAnswer: decoding copies what it keeps, so a buffer is free again as
// soon as the envelope is decoded.
var answerBuffers = sync.Pool{New: func() any { return new([]byte) }}

// onlySpace reports whether r holds nothing but JSON white space (read up to
// a few KiB): anything after the envelope makes the answer suspect.
func onlySpace(r io.Reader) bool {
	var buf [512]byte
	for range 8 {
		k, err := r.Read(buf[:])
		if len(bytes.TrimLeft(buf[:k], " \t\r\n")) > 0 {
			return false
		}
		if err != nil {
			return errors.Is(err, io.EOF)
		}
	}
	return false
}

// hasResultData reports whether the envelope b (valid JSON: json.Unmarshal
// took it) has a response.result.data member, matching keys as
// encoding/json does (case-insensitively).
func hasResultData(b []byte) bool {
	found := false
	jsonscan.EachNamed(b, "response", true, func(resp []byte) {
		jsonscan.EachNamed(resp, "result", true, func(res []byte) {
			jsonscan.EachNamed(res, "data", true, func([]byte) { found = true })
		})
	})
	return found
}
