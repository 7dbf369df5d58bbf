package main

import _ "embed" // the fragment

// clientBugs is the "Known client bugs" section, kept as Markdown beside the
// generator (clientbugs.md) and appended to docs/api.md: what OneAll's own
// SDKs do that their docs do not, which no operation of the spec describes.
//
//go:embed clientbugs.md
var clientBugs string
