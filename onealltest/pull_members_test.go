package onealltest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/onealltest"
)

// TestPullListsOnlyKnownMembers: what Pull lists of something pushed holds
// the members the spec's PullEntry names, not the whole push: a video's
// callback_url carries the application's secret, and an unknown member
// would be drift to `oneall verify`.
func TestPullListsOnlyKnownMembers(t *testing.T) {
	srv := newServer(t)
	user := srv.AddUser(onealltest.User{})
	tw := srv.AddIdentity(user, "twitter", api.Identity{})
	push := `{"request":{"push":{"video":{"video_url":"http://video.example/a.mp4","callback_url":"http://127.0.0.1:1/cb?secret=S3CRET-VIDEO","description":"a clip","frobnicate":1}}}}`
	if r := do(t, srv, "POST", "/push/identities/"+tw+"/twitter/video.json", push); r.status != http.StatusOK {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	r := do(t, srv, "GET", "/pull/identities/"+tw+"/twitter/tweets.json", "")
	if r.status != http.StatusOK {
		t.Fatalf("pull: %d %s", r.status, r.body)
	}
	body := string(r.body)
	for _, leak := range []string{"S3CRET-VIDEO", "callback_url", "frobnicate"} {
		if strings.Contains(body, leak) {
			t.Errorf("the pulled list holds %q: %s", leak, body)
		}
	}
	if !strings.Contains(body, "http://video.example/a.mp4") || !strings.Contains(body, "a clip") {
		t.Errorf("the pulled list lacks the video's URL or description: %s", body)
	}
}
