package login

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// The tests of issue 18's findings 2 to 5 (finding 1 is in
// answer_test.go). Each was written before the fix and failed on the code
// before it.

// An https application with the login routes, for browsers with cookie
// jars: GET /login answers the callback URI with its state; /cb is the
// callback, whose onLogin answers "logged in as <user token>".
func tlsApp(t *testing.T, cb *Callback) (*httptest.Server, func() *http.Client) {
	t.Helper()
	mux := http.NewServeMux()
	var app *httptest.Server
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		u, err := cb.CallbackURL(w, r, app.URL+"/cb")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		io.WriteString(w, u)
	})
	mux.Handle("/cb", cb.Handler(func(w http.ResponseWriter, r *http.Request, res *Result) {
		io.WriteString(w, "logged in as "+res.UserToken)
	}, nil))
	app = httptest.NewTLSServer(mux)
	t.Cleanup(app.Close)
	browser := func() *http.Client {
		jar, err := newJar()
		if err != nil {
			t.Fatal(err)
		}
		hc := app.Client()
		return &http.Client{Transport: hc.Transport, Jar: jar}
	}
	return app, browser
}

func get(t *testing.T, hc *http.Client, target string) (int, string) {
	t.Helper()
	resp, err := hc.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func postForm(t *testing.T, hc *http.Client, target string, form url.Values) (int, string) {
	t.Helper()
	resp, err := hc.PostForm(target, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Finding 2: a cookie planted by a sibling (another subdomain, another
// port) logs nobody in. The attacker starts a login of their own, makes
// their own connection token for it, plants their state cookie in the
// victim's browser (as a sibling can: without the __Host- prefix), and
// makes the victim post their token and state.
func TestPlantedCookieCannotLogIn(t *testing.T) {
	srv, cb := site(t, WithState(stateKey, 0))
	app, browser := tlsApp(t, cb)
	appURL, _ := url.Parse(app.URL)

	attacker := browser()
	_, callbackURI := get(t, attacker, app.URL+"/login")
	cookies := attacker.Jar.Cookies(appURL)
	if len(cookies) != 1 {
		t.Fatalf("the attacker's browser holds %d cookies", len(cookies))
	}
	token, err := srv.Connect(srvRequest("google", callbackURI))
	if err != nil {
		t.Fatal(err)
	}

	victim := browser()
	victim.Jar.SetCookies(appURL, []*http.Cookie{{Name: strings.TrimPrefix(cookies[0].Name, "__Host-"), Value: cookies[0].Value, Path: "/"}})
	status, body := postForm(t, victim, callbackURI, oneAllForm("social_login", token))
	if strings.Contains(body, "logged in as") || status != http.StatusForbidden {
		t.Errorf("the victim's browser, with the planted cookie: %d %q; want 403", status, body)
	}
}

// Finding 2: on https the state cookie is __Host- prefixed (Secure, Path=/,
// no Domain), and its value is authenticated: a cookie CallbackURL did not
// make is replaced, and refused at the callback.
func TestStateCookieIsHostOnlyAndAuthenticated(t *testing.T) {
	srv, cb := site(t, WithState(stateKey, 0))
	_, secure := begin(t, cb, "https://shop.example/cb")
	if !strings.HasPrefix(secure.Name, "__Host-") || !secure.Secure || secure.Path != "/" || secure.Domain != "" {
		t.Errorf("https cookie = %+v; want __Host-, Secure, Path=/, no Domain", secure)
	}
	// A nonce of the attacker's choosing, well-formed, planted before the
	// victim starts a login.
	planted := &http.Cookie{Name: StateCookie, Value: strings.Repeat("A", 43)}
	uri, fresh := begin(t, cb, "http://127.0.0.1:8080/cb", planted)
	if fresh.Value == planted.Value {
		t.Errorf("CallbackURL kept a cookie it did not make: %q", fresh.Value)
	}
	// The attacker's state for the planted nonce (today: made by CallbackURL
	// from the planted cookie), posted with the attacker's token.
	token, _ := srv.Connect(srvRequest("google", uri))
	if _, err := handle(t, cb, callback(uri, token, planted)); !errors.Is(err, ErrInvalidState) {
		t.Errorf("a callback with a planted cookie: %v; want ErrInvalidState", err)
	}
}

// Finding 3: a state serves one login: spent on success (the cookie is
// cleared and the state refused after), and a bounded number of callbacks.
func TestStateServesOneLogin(t *testing.T) {
	srv, cb := site(t, WithState(stateKey, 0))
	uri, cookie := begin(t, cb, "https://shop.example/cb")
	first, _ := srv.Connect(srvRequest("google", uri))
	w := httptest.NewRecorder()
	cb.Handler(func(w http.ResponseWriter, r *http.Request, res *Result) {}, nil).ServeHTTP(w, callback(uri, first, cookie))
	if w.Code != http.StatusOK {
		t.Fatalf("the login: %d %s", w.Code, w.Body)
	}
	cleared := false
	for _, c := range w.Result().Cookies() {
		if c.Name == cookie.Name && c.MaxAge < 0 {
			cleared = true
		}
	}
	if !cleared {
		t.Errorf("the state cookie was not cleared on success: %v", w.Result().Cookies())
	}
	second, _ := srv.Connect(srvRequest("google", uri))
	srv.ResetRequests()
	if res, err := handle(t, cb, callback(uri, second, cookie)); !errors.Is(err, ErrInvalidState) {
		t.Errorf("a second login with a spent state: %v, %v; want ErrInvalidState", res, err)
	}
	// The browser no longer has the cookie (it was cleared): the replay is
	// still told apart as a spent state, not a foreign one.
	if _, err := handle(t, cb, callback(uri, second)); !errors.Is(err, ErrStateUsed) {
		t.Errorf("a replay without the cleared cookie: %v; want ErrStateUsed", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("a spent state sent %d requests to OneAll", n)
	}
	// A state that served nothing, without its cookie, is not called spent.
	other, _ := begin(t, cb, "https://shop.example/cb")
	third, _ := srv.Connect(srvRequest("google", other))
	if _, err := handle(t, cb, callback(other, third)); !errors.Is(err, ErrInvalidState) || errors.Is(err, ErrStateUsed) {
		t.Errorf("an unused state without its cookie: %v; want ErrInvalidState, not ErrStateUsed", err)
	}
}

// Finding 3: 50 concurrent callbacks with random tokens and one valid
// state cause a handful of requests to OneAll, not 50.
func TestOneStateBoundsRedemptions(t *testing.T) {
	h := newHostile(t, nil) // OneAll knows none of the tokens
	cb, err := New(h.client(t), WithState(stateKey, 0))
	if err != nil {
		t.Fatal(err)
	}
	uri, cookie := begin(t, cb, "https://shop.example/cb")
	var wg sync.WaitGroup
	var accepted atomic.Int64
	for i := range 50 {
		wg.Go(func() {
			token := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
			if _, err := handle(t, cb, callback(uri, token, cookie)); err == nil {
				accepted.Add(1)
			}
		})
	}
	wg.Wait()
	t.Logf("50 concurrent callbacks with one state: %d requests reached OneAll", h.hits.Load())
	if n := h.hits.Load(); n > 3 {
		t.Errorf("one state caused %d requests to OneAll; want at most 3", n)
	}
	if accepted.Load() != 0 {
		t.Errorf("%d random tokens accepted", accepted.Load())
	}
}

// logTo sends slog's default logger to a buffer, at DEBUG, for one test.
func logTo(t *testing.T) *syncBuf {
	t.Helper()
	b := &syncBuf{}
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(old) })
	return b
}

type syncBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var refRE = regexp.MustCompile(`reference ([0-9a-f]{8,})`)

// Finding 4: connection tokens stay out of logs above DEBUG and out of the
// default error page, which gives a reference that the log line carries.
func TestTokensStayOutOfLogsAndPages(t *testing.T) {
	logs := logTo(t)
	unknown := newHostile(t, nil)
	down := newHostile(t, goodAnswer)
	down.ts.Close() // OneAll unreachable: the token is still redeemable
	for name, h := range map[string]*hostile{"unknown token": unknown, "OneAll unreachable": down} {
		t.Run(name, func(t *testing.T) {
			// The client logs its retries (at INFO) to the same log.
			c, err := h.client(t).With(wrapper.WithRetries(1), wrapper.WithBackoff(time.Millisecond, time.Millisecond), wrapper.WithLogger(slog.Default()))
			if err != nil {
				t.Fatal(err)
			}
			cb, err := New(c, WithoutState())
			if err != nil {
				t.Fatal(err)
			}
			w := httptest.NewRecorder()
			cb.Handler(func(http.ResponseWriter, *http.Request, *Result) { t.Error("logged in") }, nil).
				ServeHTTP(w, post("/cb", oneAllForm("social_login", someToken)))
			page := w.Body.String()
			if strings.Contains(page, someToken) {
				t.Errorf("the error page holds the token: %q", page)
			}
			m := refRE.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("the error page has no reference: %q", page)
			}
			var line string
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, m[1]) && !strings.Contains(l, "level=DEBUG") {
					line = l
				}
			}
			if line == "" {
				t.Errorf("no log line above DEBUG carries the reference %s:\n%s", m[1], logs)
			}
		})
	}
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, someToken) && !strings.Contains(l, "level=DEBUG") {
			t.Errorf("a log line above DEBUG holds the token: %s", l)
		}
	}
}

// Finding 5: New refuses to build a callback without WithState, unless
// the application says WithoutState.
func TestNewRefusesNoStateByDefault(t *testing.T) {
	h := newHostile(t, nil)
	if _, err := New(h.client(t)); !errors.Is(err, wrapper.ErrInvalidInput) {
		t.Errorf("New without WithState: %v; want ErrInvalidInput", err)
	}
	if _, err := New(h.client(t), WithState(stateKey, 0), WithoutState()); !errors.Is(err, wrapper.ErrInvalidInput) {
		t.Errorf("New with WithState and WithoutState: %v; want ErrInvalidInput", err)
	}
	if _, err := New(h.client(t), WithoutState()); err != nil {
		t.Errorf("New with WithoutState: %v", err)
	}
}

func newJar() (http.CookieJar, error) { return cookiejar.New(nil) }

// srvRequest is a login at the fake, for a callback URI.
func srvRequest(provider, callbackURI string) onealltest.ConnectRequest {
	return onealltest.ConnectRequest{Provider: provider, CallbackURI: callbackURI}
}
