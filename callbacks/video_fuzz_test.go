package callbacks

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzParseVideoCallback: any body either parses into a result with a
// status code or fails with ErrInvalidVideoCallback, never panics, and the
// error never quotes the body.
func FuzzParseVideoCallback(f *testing.F) {
	for _, seed := range []string{
		`{"response":{"request":{"status":{"flag":"success","code":200}},"result":{"data":{"push":{"id":"1","status":"published"}}}}}`,
		`{"response":{"request":{"status":{"flag":"error","code":"500"}}}}`,
		`{"response":{"request":{"status":{"code":200}}}}{}`,
		`{"response":null}`, `[]`, `"x"`, ``, `{"response":{"request":{"status":{"code":1e400}}}}`,
	} {
		f.Add(seed)
	}
	const secret = "0123456789abcdef0123456789abcdef"
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "https://x.example/cb?"+VideoSecretParam+"="+secret, strings.NewReader(body))
		res, err := ParseVideoCallback(r, secret)
		if err != nil {
			if !errors.Is(err, ErrInvalidVideoCallback) {
				t.Fatalf("error %v does not match ErrInvalidVideoCallback", err)
			}
			if len(body) > 8 && strings.Contains(err.Error(), body) {
				t.Fatalf("the error quotes the body: %v", err)
			}
			return
		}
		if res == nil || res.Status.Code == 0 {
			t.Fatalf("accepted without a status code: %+v", res)
		}
	})
}
