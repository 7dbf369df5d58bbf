package wrapper

import (
	"fmt"
	"log/slog"
	"strings"
)

// A video's CallbackURL carries, in its query, the secret that
// authenticates OneAll's callback (callbacks.VideoCallbackURL): a Video
// prints, logs and reports its URLs without their query.

// String shows the video with the query of its CallbackURL hidden.
func (v Video) String() string {
	return fmt.Sprintf("wrapper.Video{URL: %q, Title: %q, Description: %q, ThumbnailURL: %q, CallbackURL: %q, NoPost: %v}",
		v.URL, v.Title, v.Description, v.ThumbnailURL, withoutQuery(v.CallbackURL), v.NoPost)
}

// GoString hides the callback secret from %#v too.
func (v Video) GoString() string { return v.String() }

// Format hides the callback secret from every fmt verb.
func (v Video) Format(f fmt.State, _ rune) { fmt.Fprint(f, v.String()) }

// LogValue hides the callback secret from slog.
func (v Video) LogValue() slog.Value { return slog.StringValue(v.String()) }

// withoutQuery is a URL for an error or a log: without the user info of its
// authority, its query and its fragment, where a secret would be
// ("[hidden]" says that one was there).
func withoutQuery(u string) string {
	s, hidden := u, false
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s, hidden = s[:i], true
	}
	if _, rest, ok := strings.Cut(s, "//"); ok {
		authority, _, _ := strings.Cut(rest, "/")
		if i := strings.LastIndexByte(authority, '@'); i >= 0 {
			s = s[:len(s)-len(rest)] + "[hidden]@" + rest[i+1:]
		}
	}
	if hidden {
		s += "?[hidden]"
	}
	return s
}
