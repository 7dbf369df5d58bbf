package wrapper

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// plainRequest makes the request of a plain operation (op.plain: its
// method and path alone) from its path template and its path parameters
// params, in the path's order. The request is the one the operation's
// generated builder (api.New<Op>Request) makes, which a test checks for
// every plain operation, but at the cost of http.NewRequest alone: the
// generated builder parses the base URL, formats the path, resolves it
// against the base, writes the URL out and parses it again.
//
// Each parameter is escaped as one path segment (url.PathEscape), as the
// generated builder escapes it; the path then only differs from the
// generated one's when a parameter is "." or "..", which resolving the path
// against the base URL removes, as the generated builder does.
func (cn *conn) plainRequest(op *opInfo, params []string) (*http.Request, error) {
	if !op.plain {
		return nil, fmt.Errorf("oneall: internal error: %s is not a plain operation", op.id)
	}
	var b strings.Builder
	b.Grow(len(cn.server) + len(op.path) + 40*len(params))
	// server ends with a slash, and every path starts with one.
	b.WriteString(cn.server)
	rest := op.path[1:]
	dots := false
	for i, p := range params {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			return nil, fmt.Errorf("oneall: internal error: %s has %d path parameters, not %d", op.id, i, len(params))
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(p))
		rest = rest[end+1:]
		dots = dots || p == "." || p == ".."
	}
	if strings.IndexByte(rest, '{') >= 0 {
		return nil, fmt.Errorf("oneall: internal error: %s has more path parameters than %d", op.id, len(params))
	}
	b.WriteString(rest)
	u := b.String()
	if dots {
		return resolvedRequest(op.method, cn.server, u[len(cn.server)-1:])
	}
	return http.NewRequest(op.method, u, nil)
}

// resolvedRequest makes the request for path, relative to server, as the
// generated builders make it: the path resolved as a reference relative to
// the base URL.
func resolvedRequest(method, server, path string) (*http.Request, error) {
	base, err := url.Parse(server)
	if err != nil {
		return nil, err
	}
	u, err := base.Parse("." + path)
	if err != nil {
		return nil, err
	}
	return http.NewRequest(method, u.String(), nil)
}
