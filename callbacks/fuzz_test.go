package callbacks

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzParseSnapshotPingback: any body either yields a token from a JSON
// envelope whose status code is 200, or one of the two errors; never a
// panic, never an error that quotes the body.
func FuzzParseSnapshotPingback(f *testing.F) {
	f.Add([]byte(`{"response":{"request":{"status":{"code":200}},"result":{"data":{"sharing_analytics_snapshot":{"sharing_analytics_snapshot_token":"ace99ec8-969d-462d-a93d-ae896ddffdba"}}}}}`))
	f.Add([]byte(`{"response":{"request":{"status":{"code":"200"}},"result":{"data":{"sharing_analytics_snapshot":{"sharing_analytics_snapshot_token":"x"}}}}}`))
	f.Add([]byte(`{"response":{"request":{"status":{"code":503}}}}`))
	f.Add([]byte(`{"response":null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"response":{"request":{"status":{"code":200}},"result":{"data":{"sharing_analytics_snapshot":{"sharing_analytics_snapshot_token":"t"}}}}}{}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		token, err := parseSnapshotPingback(body)
		if err != nil {
			if token != "" || (!errors.Is(err, ErrInvalidPingback) && !errors.Is(err, ErrSnapshotFailed)) {
				t.Fatalf("token %q with error %v", token, err)
			}
			if len(body) > 8 && len(err.Error()) > 120 {
				t.Fatalf("error too long, may quote the body: %v", err)
			}
			return
		}
		if token == "" || !json.Valid(body) {
			t.Fatalf("accepted %q from %q", token, body)
		}
	})
}
