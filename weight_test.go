package oneall_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// What a user's program pays for the SDK, built as a user's module builds
// it (`go build -ldflags='-s -w'`) from a main file outside the module: the
// third-party modules it builds on, and its stripped size. The programs are
// those issue 16 weighed: at 40e9072, the first was 5.39 MB on 3 modules
// and the second 9.11 MB on 13.

// userModules are the third-party modules a program importing wrapper,
// login, callbacks and onealltest may build on: nothing of the generator,
// the CLI, the spec's router or the linters.
var userModules = []string{
	"github.com/apapsch/go-jsonmerge/v2",
	"github.com/google/uuid",
	"github.com/oapi-codegen/runtime",
	"golang.org/x/crypto",
	"golang.org/x/sys",
}

const wrapperAndLogin = `package main

import (
	"log"

	"github.com/oneall-go/oneall-go/login"
	"github.com/oneall-go/oneall-go/wrapper"
	%s
)

func main() {
	c, err := wrapper.New("sub", "pub", "priv")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := login.New(c); err != nil {
		log.Fatal(err)
	}
}
`

// aTestWithTheFake is what a user's test does: the fake running, a client
// of it, a login callback and a video callback handler.
const aTestWithTheFake = `package main

import (
	"context"
	"log"
	"net/http"

	"github.com/oneall-go/oneall-go/callbacks"
	"github.com/oneall-go/oneall-go/login"
	"github.com/oneall-go/oneall-go/onealltest"
)

func main() {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()
	if _, err := login.New(c); err != nil {
		log.Fatal(err)
	}
	http.Handle("/video", callbacks.Videos("0123456789abcdef0123", func(http.ResponseWriter, *http.Request, *callbacks.VideoResult) {}, nil))
	if _, err := c.Identities.Get(context.Background(), "1b7f9d56-0000-4000-8000-000000000000"); err != nil {
		log.Fatal(err)
	}
}
`

var userPrograms = []struct {
	name     string
	src      string
	modules  int   // at most this many third-party modules
	maxBytes int64 // at most this size, stripped
}{
	{"wrapper and login", strings.Replace(wrapperAndLogin, "%s", "", 1), 3, 0},
	{"wrapper, login and onealltest", strings.Replace(wrapperAndLogin, "%s", `_ "github.com/oneall-go/oneall-go/onealltest"`, 1), 6, 6_500_000},
	{"the fake running, with login and callbacks", aTestWithTheFake, 6, 0}, // size logged only
}

// TestWhatAUserPays checks the targets: wrapper and login build on
// their 3 modules, and adding onealltest costs at most 6 modules and 6.5 MB
// stripped. The size check is not of speed, and has room: 5.53 MB when it
// was written. It logs what it measured.
func TestWhatAUserPays(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs: not with -short")
	}
	t.Parallel()
	for _, p := range userPrograms {
		t.Run(p.name, func(t *testing.T) {
			main := filepath.Join(t.TempDir(), "main.go")
			if err := os.WriteFile(main, []byte(p.src), 0o600); err != nil {
				t.Fatal(err)
			}
			mods := goCmd(t, "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}}{{end}}{{end}}", main)
			got := slices.Compact(slices.Sorted(slices.Values(strings.Fields(mods))))
			for _, m := range got {
				if !slices.Contains(userModules, m) {
					t.Errorf("builds on %s, which a user's program must not pay for", m)
				}
			}
			if len(got) > p.modules {
				t.Errorf("builds on %d third-party modules %q, want at most %d", len(got), got, p.modules)
			}
			bin := filepath.Join(t.TempDir(), "prog")
			goCmd(t, "build", "-ldflags=-s -w", "-o", bin, main)
			fi, err := os.Stat(bin)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d third-party modules, %.2f MB stripped", len(got), float64(fi.Size())/1e6)
			if p.maxBytes > 0 && fi.Size() > p.maxBytes {
				t.Errorf("%.2f MB stripped, want at most %.2f MB", float64(fi.Size())/1e6, float64(p.maxBytes)/1e6)
			}
		})
	}
}

// goCmd runs the go command from the module's root and returns its
// standard output.
func goCmd(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) || stderr.Len() > 0 {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
		}
		t.Fatalf("go %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}
