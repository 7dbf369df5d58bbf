package bench

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/oneall-go/oneall-go/api"
	"github.com/oneall-go/oneall-go/wrapper"
)

// floorEnvelope holds only what Identities.Get returns.
type floorEnvelope struct {
	Response struct {
		Result struct {
			Data struct {
				Identity api.Identity `json:"identity"`
			} `json:"data"`
		} `json:"result"`
	} `json:"response"`
}

// floorGet is the least work that gets an identity: a request with basic
// auth, Do, and one decode of the body into the payload's type. It checks
// nothing, not even the status, and never retries.
func floorGet(hc *http.Client, url string) (*api.Identity, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(publicKey, privateKey)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var env floorEnvelope
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return nil, err
	}
	return &env.Response.Result.Data.Identity, nil
}

// BenchmarkPlumbing weighs what the wrapper's plumbing costs (auth,
// envelope, status checks, retries, redaction, limits) against the floor,
// on the same loopback server and the same 3 KB identity, in one run:
//
//	go test -run '^$' -bench Plumbing -count 10 ./bench/
//
// Besides ns/op it reports cpu-ns/op, the process's CPU time per call
// (both sides of the loopback included), which a busy machine disturbs
// less.
func BenchmarkPlumbing(b *testing.B) {
	srv := newServer(b)
	tok := token('b', 0)
	url := srv.URL + "/identities/" + tok + ".json"
	w, err := wrapper.New("", publicKey, privateKey, wrapper.WithBaseURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := floorGet(http.DefaultClient, url); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The floor's request has context.Background, so the wrapper's call
	// has it too.
	ctx := context.Background()
	b.Run("wrapper", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := w.Identities.Get(ctx, tok); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportCPU reports, as cpu-ns/op, the process's CPU time per iteration
// (client, server and garbage collector alike) from now until the returned
// function is called: on a busy machine it varies less than ns/op.
func reportCPU(b *testing.B) func() {
	start, ok := processCPU()
	return func() {
		if end, ok2 := processCPU(); ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// The floor and the wrapper decode the same identity: the benchmark
// compares equal work.
func TestPlumbingAgrees(t *testing.T) {
	srv := newServer(t)
	tok := token('b', 0)
	got, err := floorGet(http.DefaultClient, srv.URL+"/identities/"+tok+".json")
	if err != nil {
		t.Fatal(err)
	}
	w, err := wrapper.New("", publicKey, privateKey, wrapper.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	want, err := w.Identities.Get(t.Context(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := mustEncode(t, got), mustEncode(t, want); string(g) != string(w) || len(g) < 2800 {
		t.Errorf("the floor decodes\n%s\nthe wrapper\n%s", g, w)
	}
}
