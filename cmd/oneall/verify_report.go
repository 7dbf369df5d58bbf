package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// report is verify's output: what was called, and what differed. It holds
// no value from an answer (unless --show-values), no token, no key, and not
// even the site's name: it can be sent as it is.
type report struct {
	Spec       string      `json:"spec_version"`
	Write      bool        `json:"write"`
	Operations []opResult  `json:"operations"`
	Findings   []finding   `json:"findings"`
	Summary    summaryJSON `json:"summary"`

	// seen dedups findings: one per operation, path and kind.
	seen map[string]bool
	// stop, when not nil, is an answer that makes the run fail (exitAPI).
	stop error
}

// opResult is one operation of the run.
type opResult struct {
	Operation string `json:"operation"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	// Status is the last answer's, 0 when not called or not answered.
	Status int `json:"status,omitempty"`
	// Result: ok, drift, info (only info findings), error (no answer) or skipped.
	Result string `json:"result"`
	Reason string `json:"reason,omitempty"`
}

type summaryJSON struct {
	Operations int `json:"operations"`
	Called     int `json:"called"`
	Skipped    int `json:"skipped"`
	Drift      int `json:"drift"`
	Info       int `json:"info"`
}

// op records an operation's outcome: a later call of the same operation
// replaces its status, and its result when worse.
func (r *report) op(o *vop, status int, result, reason string) {
	rank := map[string]int{"skipped": 0, "ok": 1, "info": 2, "error": 3, "drift": 4}
	for i := range r.Operations {
		p := &r.Operations[i]
		if p.Operation != o.id {
			continue
		}
		if status != 0 {
			p.Status = status
		}
		if rank[result] > rank[p.Result] {
			p.Result, p.Reason = result, reason
		}
		return
	}
	r.Operations = append(r.Operations, opResult{Operation: o.id, Method: o.method, Path: o.path, Status: status, Result: result, Reason: reason})
}

// add records an answer's findings, each (operation, path, kind) once.
func (r *report) add(o *vop, status int, found []finding) {
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	result := "ok"
	for _, f := range found {
		key := f.Operation + " " + f.Path + " " + f.Kind
		if r.seen[key] {
			continue
		}
		r.seen[key] = true
		r.Findings = append(r.Findings, f)
		switch {
		case f.Severity == sevDrift:
			result = "drift"
		case result == "ok":
			result = "info"
		}
	}
	r.op(o, status, result, "")
}

func (r *report) summarize() {
	r.Summary = summaryJSON{Operations: len(r.Operations)}
	for _, o := range r.Operations {
		if o.Result == "skipped" {
			r.Summary.Skipped++
		} else {
			r.Summary.Called++
		}
	}
	for _, f := range r.Findings {
		if f.Severity == sevDrift {
			r.Summary.Drift++
		} else {
			r.Summary.Info++
		}
	}
}

// write writes the report: one JSON document, or one line per operation
// and per finding.
func (r *report) write(w io.Writer, asJSON bool) error {
	r.summarize()
	if r.Findings == nil {
		r.Findings = []finding{}
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	}
	var b strings.Builder
	width := 0 // the longest id's: the methods and paths line up
	for _, o := range r.Operations {
		width = max(width, len(o.Operation))
	}
	for _, o := range r.Operations {
		fmt.Fprintf(&b, "%-7s %-*s %s %s", o.Result, width, o.Operation, o.Method, o.Path)
		if o.Status != 0 {
			fmt.Fprintf(&b, " -> %d", o.Status)
		}
		if o.Result == "ok" && o.Status >= 400 && o.Reason == "" {
			// The spec lists the error, so its answer is checked; the
			// call's success is not: say so.
			b.WriteString(" (refused: only its error answer was checked)")
		}
		if o.Reason != "" {
			fmt.Fprintf(&b, ": %s", o.Reason)
		}
		b.WriteByte('\n')
	}
	findings := slices.Clone(r.Findings)
	slices.SortStableFunc(findings, func(a, b finding) int { return strings.Compare(a.Severity, b.Severity) })
	for _, f := range findings {
		path := f.Path
		if path == "" {
			path = "(answer)"
		}
		fmt.Fprintf(&b, "%-5s %s %d %s: %s: expected %s, got %s", f.Severity, f.Operation, f.Status, path, f.Kind, f.Expected, f.Got)
		if f.Value != "" {
			fmt.Fprintf(&b, " %s", f.Value)
		}
		b.WriteByte('\n')
	}
	s := r.Summary
	fmt.Fprintf(&b, "%d operations: %d called, %d skipped; %d drift, %d info\n", s.Operations, s.Called, s.Skipped, s.Drift, s.Info)
	_, err := io.WriteString(w, escapeControlsKeepNewlines(b.String()))
	return err
}

// escapeControlsKeepNewlines escapes control characters but line ends: a
// member's name comes from the server.
func escapeControlsKeepNewlines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = escapeControls(l)
	}
	return strings.Join(lines, "\n")
}
