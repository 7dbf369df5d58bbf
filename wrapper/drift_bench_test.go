package wrapper

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

// BenchmarkDriftCheck compares, within each iteration, decoding a page of
// 500 identities as the client does (encoding/json into the models) with
// the drift check of the same answer (WithDriftHandler on): ns/decode and
// ns/check side by side, so that the machine's load weighs on both alike.
// The identities carry one member the models do not know.
func BenchmarkDriftCheck(b *testing.B) {
	entries := strings.TrimSuffix(strings.Repeat(identityJSON+",", 500), ",")
	body := []byte(ok(200, "/identities.json", `{"identities":{`+pagination(1, 1, 500, 500)+`,"count":500,"entries":[`+entries+`]}}`))
	d := &driftState{seen: map[string]struct{}{}, report: func(Drift) {}}
	op := operation{method: "GET", url: &url.URL{Path: "/identities.json"}}
	var decode, check time.Duration
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		t0 := time.Now()
		var env envelope[identityListData]
		if err := json.Unmarshal(body, &env); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		sc := driftScratches.Get().(*driftScratch)
		sc.body.Write(body)
		checkDrift[identityListData](d, op, sc)
		decode += t1.Sub(t0)
		check += time.Since(t1)
		n++
	}
	b.ReportMetric(float64(decode.Nanoseconds())/float64(n), "ns/decode")
	b.ReportMetric(float64(check.Nanoseconds())/float64(n), "ns/check")
	b.ReportMetric(float64(check)/float64(decode), "check/decode")
}
