package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// fakeAddr is the address of a --fake server, which differs on every run.
var fakeAddr = regexp.MustCompile(`127\.0\.0\.1:[0-9]+`)

// TestListFlagsTakeBothSpellings: the hand-written lists name their flags
// --per-page and --order, the generated ones --entries-per-page and
// --order-direction (as the query parameters); each takes the other
// spelling too, so that what works on "identities list" works on
// "shorturls list".
func TestListFlagsTakeBothSpellings(t *testing.T) {
	for _, list := range [][]string{
		{"shorturls", "list"},                // generated
		{"loudvoice", "discussions", "list"}, // generated
		{"identities", "list"},               // hand-written
	} {
		run := func(flags ...string) string {
			out := cli(t, nil, "", append(append([]string{"--fake"}, list...), flags...)...).ok(t)
			return fakeAddr.ReplaceAllString(out, "FAKE")
		}
		short := run("--per-page", "2", "--order", "desc")
		long := run("--entries-per-page", "2", "--order-direction", "desc")
		if short != long {
			t.Errorf("%v: --per-page/--order printed\n%s\n--entries-per-page/--order-direction printed\n%s", list, short, long)
		}
		if short == run("--per-page", "2", "--order", "asc") || short == run("--order", "desc") {
			t.Errorf("%v: the flags changed nothing:\n%s", list, short)
		}
	}
	// The help names each flag once, with its other spelling.
	for cmd, wants := range map[string][]string{
		"shorturls":  {"--entries-per-page int", "(or --per-page)", "(or --order)"},
		"identities": {"--per-page int", "(or --entries-per-page)", "(or --order-direction)"},
	} {
		out := cli(t, nil, "", cmd, "list", "--help").ok(t)
		for _, want := range wants {
			if !strings.Contains(out, want) {
				t.Errorf("%s list --help does not say %q:\n%s", cmd, want, out)
			}
		}
	}
}

// TestGroupsSayWhatTheyHold: every group of commands the generated table
// makes says what its commands do, not "The push facebook calls of
// OneAll's API".
func TestGroupsSayWhatTheyHold(t *testing.T) {
	seen := map[string]bool{}
	for _, op := range opCommands {
		for j := 1; j < len(op.Words); j++ {
			words := strings.Join(op.Words[:j], " ")
			if seen[words] {
				continue
			}
			seen[words] = true
			out := cli(t, nil, "", append(op.Words[:j:j], "--help")...).ok(t)
			if first := strings.SplitN(out, "\n", 2)[0]; strings.Contains(first, "calls of OneAll's API") {
				t.Errorf("oneall %s --help says only %q", words, first)
			}
		}
	}
}

// TestOpFlagsShowTheirType: the spec's descriptions quote values in
// backquotes, which pflag takes for the flag's value name ("--language en");
// every generated flag shows its type instead.
func TestOpFlagsShowTheirType(t *testing.T) {
	want := map[string]string{"string": "string", "integer": "int", "boolean": ""}
	for _, op := range opCommands {
		cmd := &cobra.Command{Use: "x"}
		for i := range op.Flags {
			v := addOpFlag(cmd, &op.Flags[i])
			name, usage := pflag.UnquoteUsage(cmd.Flags().Lookup(v.name))
			if name != want[op.Flags[i].Type] {
				t.Errorf("%s: --%s %s   %s: the value is named %q, not by its type", op.OperationID, v.name, name, usage, name)
			}
		}
	}
}

// TestGeneratedDeletesTakeYes: a hand-written delete is confirmed with
// --yes, a generated one with --confirm-deletion (OneAll's query
// parameter); a generated one takes --yes too.
func TestGeneratedDeletesTakeYes(t *testing.T) {
	list := cli(t, nil, "", "--fake", "shorturls", "list", "--per-page", "1").ok(t)
	token := decode[struct {
		Entries []struct {
			Token string `json:"shorturl_token"`
		} `json:"entries"`
	}](t, list).Entries[0].Token
	cli(t, nil, "", "--fake", "shorturls", "delete", token, "--yes").ok(t)
	cli(t, nil, "", "--fake", "shorturls", "delete", token, "--confirm-deletion").ok(t)
	cli(t, nil, "", "--fake", "shorturls", "delete", token).fails(t, exitUsage, `"confirm-deletion" not set`)
	if out := cli(t, nil, "", "shorturls", "delete", "--help").ok(t); !strings.Contains(out, "(or --yes)") {
		t.Errorf("help does not say %q:\n%s", "(or --yes)", out)
	}
}
