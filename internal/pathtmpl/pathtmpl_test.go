package pathtmpl

import (
	"slices"
	"testing"
)

func TestParseAndMatch(t *testing.T) {
	segs := Parse("/loudvoice/votes/comments/{comment_token}/authors/{author_token}.json")
	want := []Segment{{Lit: "loudvoice"}, {Lit: "votes"}, {Lit: "comments"}, {Param: true}, {Lit: "authors"}, {Param: true, Suffix: ".json"}}
	if !slices.Equal(segs, want) {
		t.Fatalf("Parse = %+v", segs)
	}
	if Literals(segs) != 4 {
		t.Errorf("Literals = %d, want 4", Literals(segs))
	}
	vals := make([]string, 2)
	if !Match(segs, []string{"loudvoice", "votes", "comments", "c1", "authors", "a%2F1.json"}, vals) || !slices.Equal(vals, []string{"c1", "a%2F1"}) {
		t.Errorf("Match: %q", vals)
	}
	for _, parts := range [][]string{
		{"loudvoice", "votes", "comments", "c1", "authors", ".json"},        // an empty parameter
		{"loudvoice", "votes", "comments", "c1", "authors", "a1.xml"},       // another suffix
		{"loudvoice", "votes", "comments", "c1", "writers", "a1.json"},      // another literal
		{"loudvoice", "votes", "comments", "c1", "authors", "a1.json", "x"}, // one segment more
		{"loudvoice", "votes", "comments", "c1", "authors"},                 // one less
	} {
		if Match(segs, parts, nil) {
			t.Errorf("%q matched", parts)
		}
	}
	if Match(segs, []string{"loudvoice", "votes", "comments", "c1", "authors", "a1.json"}, make([]string, 1)) {
		t.Error("matched with room for one value of two")
	}
	if got := Parse("tools/ping.json"); !slices.Equal(got, []Segment{{Lit: "tools"}, {Lit: "ping.json"}}) {
		t.Errorf("Parse without the leading slash = %+v", got)
	}
}
