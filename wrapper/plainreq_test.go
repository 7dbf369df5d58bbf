package wrapper

import (
	"fmt"
	"net/http"
	"net/http/httputil"
	"reflect"
	"strings"
	"testing"
)

// plainTokens are path parameters that test escaping and resolution: the
// typed methods refuse all but the UUID, but plainRequest must still make
// what the generated builder makes.
var plainTokens = []string{
	"8a5b1f3c-7d2e-4f60-9b1a-3c4d5e6f7a8b", "", ".", "..", "...", ".x", "x.",
	"a/b", "../x", "a/../b", "/", "//", "a b", "%", "%41", "%zz", "%2F", "é", "日本",
	"a?b#c", "?", "#", "a;b,c", "+", "~", "a:b", ":", "@", "a&b=c", "'\"", "{x}", "}{",
	"\x00", "\n", "\t", "\x7f", "a\\b", "[::1]", "$", "*", "!", "(", ")",
}

// plainServers are base URLs as New makes them from WithBaseURL.
var plainServers = []string{
	"https://example.api.oneall.com",
	"http://127.0.0.1:8080/prefix",
	"http://[::1]:1/a%20b/c/",
	"https://example.com/a;b/%7Ex",
	"http://localhost:9/x%2Fy",
}

func TestPlainOperationsHaveGeneratedBuilders(t *testing.T) {
	n := 0
	for _, op := range operations {
		_, ok := generatedBuilders[op.id]
		if ok != op.plain {
			t.Errorf("%s: plain %v, generated builder listed %v", op.id, op.plain, ok)
		}
		if op.plain {
			n++
		}
	}
	if n < 5 {
		t.Errorf("only %d plain operations", n)
	}
}

// plainRequest makes, for every plain operation of the spec, every base URL
// and every token, the request of the generated builder: the same method,
// URL (to the last field), headers and bytes on the wire.
func TestPlainRequestMatchesGeneratedBuilder(t *testing.T) {
	for _, base := range plainServers {
		c, err := New("", "pub", "priv", WithBaseURL(base))
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range operations {
			gen := generatedBuilders[op.id]
			if gen == nil {
				continue
			}
			n := strings.Count(op.path, "{")
			for _, tok := range plainTokens {
				if n == 0 && tok != plainTokens[0] {
					break
				}
				for _, params := range plainParams(n, tok) {
					want, werr := gen(c.conn.server, params)
					got, gerr := c.conn.plainRequest(op, params)
					comparePlain(t, fmt.Sprintf("%s %s %q", op.id, base, params), want, werr, got, gerr)
				}
			}
		}
	}
}

// plainParams are n path parameters with tok in every place, and, when
// there are several, with tok in one place and a UUID in the others.
func plainParams(n int, tok string) [][]string {
	all := make([]string, n)
	for i := range all {
		all[i] = tok
	}
	sets := [][]string{all}
	for k := 0; n > 1 && k < n; k++ {
		one := make([]string, n)
		for i := range one {
			one[i] = plainTokens[0]
		}
		one[k] = tok
		sets = append(sets, one)
	}
	return sets
}

func comparePlain(t *testing.T, name string, want *http.Request, werr error, got *http.Request, gerr error) {
	t.Helper()
	if (werr == nil) != (gerr == nil) {
		t.Errorf("%s: error %v, the generated builder's %v", name, gerr, werr)
		return
	}
	if werr != nil {
		return
	}
	if got.Method != want.Method || !reflect.DeepEqual(got.URL, want.URL) || !reflect.DeepEqual(got.Header, want.Header) ||
		got.Host != want.Host || got.Body != nil || got.GetBody != nil || got.ContentLength != want.ContentLength {
		t.Errorf("%s:\n got %s %#v %v\nwant %s %#v %v", name, got.Method, got.URL, got.Header, want.Method, want.URL, want.Header)
		return
	}
	gw, gerr := httputil.DumpRequestOut(got, true)
	ww, werr := httputil.DumpRequestOut(want, true)
	if string(gw) != string(ww) || (gerr == nil) != (werr == nil) {
		t.Errorf("%s: on the wire\n%s(%v)\nwant\n%s(%v)", name, gw, gerr, ww, werr)
	}
}

func TestPlainRequestRefusesOtherOperations(t *testing.T) {
	c, err := New("example", "pub", "priv")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		op     *opInfo
		params []string
	}{
		{opListIdentities, nil},           // a query
		{opRelinkIdentity, []string{"x"}}, // a body
		{opGetIdentity, nil},              // too few parameters
		{opGetIdentity, []string{"x", "y"}},
		{opGetSite, []string{"x"}},
	} {
		if req, err := c.conn.plainRequest(tc.op, tc.params); err == nil {
			t.Errorf("%s %q: made %s %s", tc.op.id, tc.params, req.Method, req.URL)
		}
	}
}
