package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// client is one way of making the three benchmarked calls.
type client interface {
	getIdentity(ctx context.Context, token string) (*api.Identity, error)
	listIdentities(ctx context.Context) ([]api.Identity, error)
	synchronizeUser(ctx context.Context, login string, in api.StorageUserInput) (*api.StorageUser, error)
}

// clients returns the three clients, wired to the server at base, in the
// order they are reported.
func clients(base string) ([]string, map[string]client) {
	w, err := wrapper.New("", publicKey, privateKey, wrapper.WithBaseURL(base))
	if err != nil {
		panic(err)
	}
	g, err := api.NewClientWithResponses(base, api.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.SetBasicAuth(publicKey, privateKey)
		return nil
	}))
	if err != nil {
		panic(err)
	}
	return []string{"baseline", "generated", "wrapper"}, map[string]client{
		"baseline":  &baseline{hc: http.DefaultClient, base: base},
		"generated": generated{g},
		"wrapper":   wrapped{w},
	}
}

// baseline is what a Go developer writes by hand: net/http and
// encoding/json into the same api types, with no validation and no
// retries. It checks the status code and nothing else.
type baseline struct {
	hc   *http.Client
	base string
}

func (b *baseline) do(ctx context.Context, method, path string, body any, out any) error {
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, rd)
	if err != nil {
		return err
	}
	req.SetBasicAuth(publicKey, privateKey)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func (b *baseline) getIdentity(ctx context.Context, token string) (*api.Identity, error) {
	var env api.IdentityEnvelope
	if err := b.do(ctx, http.MethodGet, "/identities/"+token+".json", nil, &env); err != nil {
		return nil, err
	}
	return &env.Response.Result.Data.Identity, nil
}

func (b *baseline) listIdentities(ctx context.Context) ([]api.Identity, error) {
	var env api.IdentityListEnvelope
	if err := b.do(ctx, http.MethodGet, "/identities.json?page=1&entries_per_page=500", nil, &env); err != nil {
		return nil, err
	}
	return env.Response.Result.Data.Identities.Entries, nil
}

func (b *baseline) synchronizeUser(ctx context.Context, login string, in api.StorageUserInput) (*api.StorageUser, error) {
	var body api.SynchronizeStorageUserBody
	body.Request.Synchronize.Identifier = api.StorageIdentifier{Field: api.StorageIdentifierField("login"), Value: api.FlexString(login)}
	body.Request.Synchronize.User = in
	var env api.StorageUserEnvelope
	if err := b.do(ctx, http.MethodPut, "/storage/users/user/synchronize.json", body, &env); err != nil {
		return nil, err
	}
	return &env.Response.Result.Data.User, nil
}

// generated is the generated client with responses, used alone.
type generated struct{ c *api.ClientWithResponses }

// listParams asks for the first page of 500.
var listParams = mustDecode[api.ListIdentitiesParams](`{"page":1,"entries_per_page":500}`)

func (g generated) getIdentity(ctx context.Context, token string) (*api.Identity, error) {
	r, err := g.c.GetIdentityWithResponse(ctx, token)
	if err != nil {
		return nil, err
	}
	if r.JSON200 == nil {
		return nil, fmt.Errorf("status %d", r.StatusCode())
	}
	return &r.JSON200.Response.Result.Data.Identity, nil
}

func (g generated) listIdentities(ctx context.Context) ([]api.Identity, error) {
	p := listParams
	r, err := g.c.ListIdentitiesWithResponse(ctx, &p)
	if err != nil {
		return nil, err
	}
	if r.JSON200 == nil {
		return nil, fmt.Errorf("status %d", r.StatusCode())
	}
	return r.JSON200.Response.Result.Data.Identities.Entries, nil
}

func (g generated) synchronizeUser(ctx context.Context, login string, in api.StorageUserInput) (*api.StorageUser, error) {
	var body api.SynchronizeStorageUserBody
	body.Request.Synchronize.Identifier = api.StorageIdentifier{Field: api.StorageIdentifierField("login"), Value: api.FlexString(login)}
	body.Request.Synchronize.User = in
	r, err := g.c.SynchronizeStorageUserWithResponse(ctx, body)
	if err != nil {
		return nil, err
	}
	env := r.JSON200
	if env == nil {
		env = r.JSON201
	}
	if env == nil {
		return nil, fmt.Errorf("status %d", r.StatusCode())
	}
	return &env.Response.Result.Data.User, nil
}

// wrapped is the SDK's client.
type wrapped struct{ c *wrapper.Client }

func (w wrapped) getIdentity(ctx context.Context, token string) (*api.Identity, error) {
	return w.c.Identities.Get(ctx, token)
}

func (w wrapped) listIdentities(ctx context.Context) ([]api.Identity, error) {
	p, err := w.c.Identities.List(ctx, &wrapper.ListOptions{Page: 1, EntriesPerPage: 500})
	if err != nil {
		return nil, err
	}
	return p.Entries, nil
}

func (w wrapped) synchronizeUser(ctx context.Context, login string, in api.StorageUserInput) (*api.StorageUser, error) {
	r, err := w.c.Storage.SynchronizeUser(ctx, wrapper.Identifier{Field: wrapper.ByLogin, Value: login}, in)
	if err != nil {
		return nil, err
	}
	return &r.User, nil
}
