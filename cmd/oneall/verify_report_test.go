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

// An operation answered with an error that the spec lists is "ok" (its
// error answer matches), but the text report says that only the error was
// checked, so that a refused call does not read as a working one.
func TestVerifyTextReportSaysARefusedCallWasRefused(t *testing.T) {
	var r report
	r.op(&vop{id: "SearchSiteTweets", method: "GET", path: "/site/providers/twitter/tweets/search.json"}, 400, "ok", "")
	r.op(&vop{id: "Ping", method: "GET", path: "/tools/ping.json"}, 200, "ok", "")
	var b strings.Builder
	if err := r.write(&b, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if !strings.HasSuffix(lines[0], "-> 400 (refused: only its error answer was checked)") {
		t.Errorf("the refused call reads %q", lines[0])
	}
	if !strings.HasSuffix(lines[1], "-> 200") {
		t.Errorf("the call that succeeded reads %q", lines[1])
	}
}
