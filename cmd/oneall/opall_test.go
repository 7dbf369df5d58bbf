package main

import (
	"strings"
	"testing"
)

// TestOpCommandAll: a generated list takes --all, as the hand-written ones
// do, and prints every entry of every page, one JSON object per line.
func TestOpCommandAll(t *testing.T) {
	type shortURL struct {
		Token string `json:"shorturl_token"`
	}
	page := decode[struct {
		Pagination struct {
			TotalEntries int `json:"total_entries"`
		} `json:"pagination"`
	}](t, cli(t, nil, "", "--fake", "shorturls", "list", "--per-page", "1").ok(t))
	if page.Pagination.TotalEntries < 3 {
		t.Fatalf("the fake has %d short URLs, the test needs 3", page.Pagination.TotalEntries)
	}
	lines := jsonLines[shortURL](t, cli(t, nil, "", "--fake", "shorturls", "list", "--all", "--per-page", "2").ok(t))
	seen := map[string]bool{}
	for _, l := range lines {
		if l.Token == "" || seen[l.Token] {
			t.Errorf("entry %+v: no token, or twice", l)
		}
		seen[l.Token] = true
	}
	if len(lines) != page.Pagination.TotalEntries {
		t.Errorf("--all printed %d entries, the site has %d", len(lines), page.Pagination.TotalEntries)
	}
	// From --page on.
	rest := jsonLines[shortURL](t, cli(t, nil, "", "--fake", "shorturls", "list", "--all", "--per-page", "2", "--page", "2").ok(t))
	if len(rest) != len(lines)-2 || rest[0] != lines[2] {
		t.Errorf("--all --page 2 printed %v, want %v", rest, lines[2:])
	}
	// Only a list has it.
	if out := cli(t, nil, "", "shorturls", "get", "--help").ok(t); strings.Contains(out, "--all") {
		t.Errorf("shorturls get takes --all:\n%s", out)
	}
}

// TestOpCommandAllStopsOnAPageThatDoesNotAdvance: a server that answers
// page 1 whatever is asked ends --all with an error, not a loop.
func TestOpCommandAllStopsOnAPageThatDoesNotAdvance(t *testing.T) {
	s := newAPIServer(t, 200, success(`{"shorturls":{"pagination":{"current_page":1,"total_pages":3},"entries":[{"shorturl_token":"a"}]}}`))
	r := cli(t, s.env, "", "shorturls", "list", "--all")
	r.fails(t, exitAPI, "page 2")
	if n := s.count(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	if got := strings.Count(r.stdout, "\n"); got != 1 {
		t.Errorf("printed %d lines, want the first page's 1:\n%s", got, r.stdout)
	}
}

// TestOpCommandAllRedacts: --all hides social access tokens as every other
// output does.
func TestOpCommandAllRedacts(t *testing.T) {
	s := newAPIServer(t, 200, success(`{"shorturls":{"pagination":{"current_page":1,"total_pages":1},"entries":[{"identity":{"source":{"access_token":{"key":"KEY-1","secret":"SECRET-1"}}}}]}}`))
	out := cli(t, s.env, "", "shorturls", "list", "--all").ok(t)
	if strings.Contains(out, "SECRET-1") || strings.Contains(out, "KEY-1") || !strings.Contains(out, "[REDACTED]") {
		t.Errorf("printed %s", out)
	}
}
