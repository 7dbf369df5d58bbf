package main

import (
	"strings"
	"testing"
)

// The text report's operation column is as wide as the longest operation
// id, so that the method and path after it line up on every line, even
// for DeleteSharingAnalyticsSnapshot.
func TestVerifyTextReportAligns(t *testing.T) {
	var r report
	for _, o := range []*vop{
		{id: "Ping", method: "GET", path: "/tools/ping.json"},
		{id: "DeleteSharingAnalyticsSnapshot", method: "DELETE", path: "/sharing/analytics/snapshots/{sharing_analytics_snapshot_token}.json"},
		{id: "ListDiscussionCommentsByReference", method: "GET", path: "/loudvoice/discussions/discussion/comments.json"},
	} {
		r.op(o, 0, "skipped", "a reason")
	}
	var b strings.Builder
	if err := r.write(&b, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	col := -1
	for _, l := range lines[:3] {
		i := strings.Index(l, " /")
		m := strings.LastIndex(l[:i], " ") + 1 // where the method starts
		if col == -1 {
			col = m
		}
		if m != col {
			t.Errorf("the method starts at %d, want %d:\n%s", m, col, b.String())
		}
	}
	if !strings.Contains(b.String(), "ListDiscussionCommentsByReference GET") {
		t.Errorf("the longest id is not followed by one space:\n%s", b.String())
	}
}
