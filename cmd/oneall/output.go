package main

import (
	"context"
	"encoding/json"
	"iter"

	"github.com/spf13/cobra"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// printJSON writes one result to stdout, indented, its secrets redacted.
func (a *app) printJSON(v any) error {
	v = a.redacted(v)
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printResult runs call on the command's client and prints what it returns:
// the shape of every command that makes one call.
func (a *app) printResult(call func(*wrapper.Client) (any, error)) error {
	c, err := a.client()
	if err != nil {
		return err
	}
	v, err := call(c)
	if err != nil {
		return err
	}
	return a.printJSON(v)
}

// stream writes every element of seq to stdout as it arrives, one compact
// JSON object per line, and stops at the first error.
func stream[T any](a *app, seq iter.Seq2[T, error]) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	for v, err := range seq {
		if err != nil {
			return err
		}
		if err := enc.Encode(a.redacted(v)); err != nil {
			return err
		}
	}
	return nil
}

// redacted is what the CLI prints of v: v itself, or, when v holds a
// social access token or an id token and --show-secrets was not given, a
// copy with those [REDACTED] (whose members then print in sorted order).
func (a *app) redacted(v any) any {
	if a.showSecrets {
		return v
	}
	if r, found, err := api.Redacted(v); err == nil && found {
		return r
	}
	return v // nothing to hide, or it does not encode: the encoder says so
}

// pageJSON is how one page of a list is printed.
type pageJSON[T any] struct {
	CurrentPage    int `json:"current_page"`
	TotalPages     int `json:"total_pages"`
	TotalEntries   int `json:"total_entries"`
	EntriesPerPage int `json:"entries_per_page"`
	Entries        []T `json:"entries"`
}

func pageOf[T any](p *wrapper.Page[T]) pageJSON[T] {
	entries := p.Entries
	if entries == nil {
		entries = []T{}
	}
	return pageJSON[T]{CurrentPage: p.CurrentPage, TotalPages: p.TotalPages, TotalEntries: p.TotalEntries, EntriesPerPage: p.EntriesPerPage, Entries: entries}
}

// A list's two calls, as the wrapper's services have them (List and All).
type (
	pageFunc[T any] func(context.Context, *wrapper.ListOptions, ...wrapper.Option) (*wrapper.Page[T], error)
	allFunc[T any]  func(context.Context, *wrapper.ListOptions, ...wrapper.Option) iter.Seq2[T, error]
)

// listCommand is a "list" subcommand: one page as JSON, or with --all every
// entry from --page on, one JSON object per line. calls picks the service's
// List and All; edit, if not nil, adds the command's own flags to the options.
func listCommand[T any](a *app, short string, calls func(*wrapper.Client) (pageFunc[T], allFunc[T]), edit func(*wrapper.ListOptions)) *cobra.Command {
	var f listFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: short,
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			o := f.options()
			if edit != nil {
				edit(o)
			}
			page, all := calls(c)
			if f.all {
				return stream(a, all(cmd.Context(), o))
			}
			p, err := page(cmd.Context(), o)
			if err != nil {
				return err
			}
			return a.printJSON(pageOf(p))
		},
	}
	f.add(cmd, true)
	return cmd
}

// listFlags are the flags of the list commands.
type listFlags struct {
	page, perPage int
	order         string
	all           bool
}

func (l *listFlags) add(cmd *cobra.Command, withAll bool) {
	f := cmd.Flags()
	f.IntVar(&l.page, "page", 0, "the page to return, from 1 (default: OneAll's, 1)")
	f.IntVar(&l.perPage, "per-page", 0, "entries per page, 1..500 (default: OneAll's, 250)"+alsoSpelled("per-page"))
	f.StringVar(&l.order, "order", "", "order on the creation date: asc or desc"+alsoSpelled("order"))
	_ = cmd.RegisterFlagCompletionFunc("order", cobra.FixedCompletions([]string{"asc", "desc"}, cobra.ShellCompDirectiveNoFileComp))
	if withAll {
		f.BoolVar(&l.all, "all", false, "stream every entry of every page from --page on, one JSON object per line")
	}
	acceptSynonyms(cmd)
}

func (l *listFlags) options() *wrapper.ListOptions {
	return &wrapper.ListOptions{Page: l.page, EntriesPerPage: l.perPage, Order: l.order}
}

// exactArgs is cobra.ExactArgs with the arguments named in the error.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != len(names) {
			return usagef("%s takes %d argument(s): %v, got %d", cmd.CommandPath(), len(names), names, len(args))
		}
		return nil
	}
}

// group makes a command that only holds subcommands: alone it prints its
// help, with an unknown subcommand it is a usage error (cobra accepts any
// argument for a command that cannot run).
func group(cmd *cobra.Command) *cobra.Command {
	cmd.Args = cobra.ArbitraryArgs
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return unknownCommand(cmd, args[0])
		}
		return cmd.Help()
	}
	return cmd
}
