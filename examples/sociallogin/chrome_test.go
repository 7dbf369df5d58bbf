package main

// The demo in a real browser: headless Chromium, driven by chromedp over
// the DevTools protocol, walks log in, link, unlink and log out on a
// phone-sized screen. chromedp is a dependency of this test only.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/oneall-go/oneall-go/onealltest"
)

// phoneWidth is the narrowest common phone screen, in CSS pixels.
const phoneWidth = 375

// chromiumNames are the names the browser goes by; CHROMIUM, if set, is
// its path.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}

// findChromium returns the path of a Chromium binary, or "".
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// problems collects what the browser reports: JS errors (exceptions,
// console errors, CSP violations) and failed requests.
type problems struct {
	mu   sync.Mutex
	list []string
}

func (p *problems) add(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

func (p *problems) all() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.list...)
}

// event records the problems among the tab's events; it runs on the
// goroutine that reads the tab's messages, so it only appends.
func (p *problems) event(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		p.add("JS exception: %s %s", ev.ExceptionDetails.Text, exceptionText(ev.ExceptionDetails))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			p.add("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError {
			p.add("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			p.add("request failed: %s (%s)", ev.ErrorText, ev.Type)
		}
	}
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil || d.Exception == nil {
		return ""
	}
	return d.Exception.Description
}

// TestChromiumPhoneWalk walks the demo in headless Chromium at 375 px wide:
// log in, link, unlink, log out. On every page a person sees (the demo's
// and the fake's consent screens) nothing may be wider than the screen, and
// no JS error or failed request may happen.
func TestChromiumPhoneWalk(t *testing.T) {
	path := findChromium()
	if path == "" && os.Getenv("CHROMIUM_REQUIRED") != "" {
		t.Fatalf("no Chromium binary found (looked for $CHROMIUM and %s in PATH), and CHROMIUM_REQUIRED is set", strings.Join(chromiumNames, ", "))
	}
	if path == "" {
		t.Skipf("no Chromium binary found (looked for $CHROMIUM and %s in PATH): install one (Debian: apt-get install -y chromium) to run the real-browser test",
			strings.Join(chromiumNames, ", "))
	}
	e := startE2E(t)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.WindowSize(phoneWidth, 812),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-proxy-server", true),
		// Nothing leaves the machine: every name but the loopback address
		// fails to resolve (Chromium's own services included).
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancelAlloc()
	var browserLog strings.Builder
	var p problems
	ctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithListener(p.event),
		chromedp.WithErrorf(func(f string, a ...any) { fmt.Fprintf(&browserLog, f+"\n", a...) }))
	defer cancelBrowser()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	// A phone: 375 CSS px wide, a mobile viewport (the pages' meta viewport
	// applies).
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, 812, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2))); err != nil {
		t.Fatalf("starting %s: %v\n%s", path, err, browserLog.String())
	}

	w := &walk{t: t, ctx: ctx, p: &p}
	w.page("the start page", e.demo.URL+"/", `//h1[text()="Social login demo"]`)
	w.click(`//button[normalize-space()="Log in with Google"]`)
	w.consent("the login's consent screen", onealltest.NewPerson)
	w.seen("the greeting", `//p[@class="flash" and text()="Logged in with Google."]`)
	w.click(`//button[normalize-space()="Link GitHub"]`)
	w.consent("the link's consent screen", onealltest.NewPerson)
	w.seen("the greeting after the link", `//p[@class="flash" and text()="Linked GitHub."]`)
	w.click(`//li[@data-provider="github"]//button[normalize-space()="Unlink"]`)
	w.consent("the unlink's consent screen", "")
	w.seen("the greeting after the unlink", `//p[@class="flash" and text()="Unlinked GitHub."]`)
	w.click(`//button[normalize-space()="Log out"]`)
	w.seen("the start page after the log out", `//button[normalize-space()="Log in with Google"]`)

	for _, pr := range p.all() {
		t.Error(pr)
	}
}

// walk drives one tab; each step fails the test on error.
type walk struct {
	t   *testing.T
	ctx context.Context
	p   *problems
}

// stepTimeout bounds each step: a page that never comes fails in time.
const stepTimeout = 20 * time.Second

// fatal ends the test at a failed step, with what the browser reported.
func (w *walk) fatal(step string, err error) {
	w.t.Helper()
	w.t.Fatalf("%s: %v; the browser reported: %q", step, err, w.p.all())
}

// page opens url and checks it once xpath shows.
func (w *walk) page(name, url, xpath string) {
	w.t.Helper()
	w.do(name, chromedp.Navigate(url))
	w.seen(name, xpath)
}

// seen waits for xpath, then checks that the page fits the screen.
func (w *walk) seen(name, xpath string) {
	w.t.Helper()
	w.do(name, chromedp.WaitVisible(xpath))
	width := value(w, name, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if width > phoneWidth {
		where := value(w, name, chromedp.Location())
		wide := value(w, name, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > `+
			fmt.Sprint(phoneWidth)+`).map(e => e.tagName + " " + (e.textContent || "").slice(0, 60))`))
		w.t.Errorf("%s (%s) is %d px wide on a %d px screen; too wide: %q", name, where, width, phoneWidth, wide)
	}
}

// click presses the button at xpath.
func (w *walk) click(xpath string) {
	w.t.Helper()
	w.do("clicking "+xpath, chromedp.Click(xpath))
}

// consent picks a person on the fake's consent screen: person is a value
// of its buttons, or "" for the first account offered.
func (w *walk) consent(name, person string) {
	w.t.Helper()
	w.seen(name, `//button[@name="person"]`)
	xpath := fmt.Sprintf(`//button[@name="person" and @value=%q]`, person)
	if person == "" {
		xpath = fmt.Sprintf(`(//button[@name="person" and @value!=%q and @value!=%q])[1]`, onealltest.NewPerson, onealltest.Cancel)
	}
	w.click(xpath)
}

func (w *walk) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		w.fatal(step, err)
	}
}

// value runs an action that returns a value.
func value[T any](w *walk, step string, a chromedp.Action[T]) T {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		w.fatal(step, err)
	}
	return v
}

// TestChromedpIsTestOnly keeps chromedp out of every package's own
// dependencies: only this package's tests use it, so the SDK's users never
// build it.
func TestChromedpIsTestOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	out, err := exec.CommandContext(t.Context(), "go", "list", "-deps", "github.com/oneall-go/oneall-go/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/chromedp/") {
			t.Errorf("%s is a dependency of a package of the module, not of a test only", pkg)
		}
	}
}
