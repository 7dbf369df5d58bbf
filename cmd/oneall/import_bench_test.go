package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oneall-go/oneall-go/onealltest"
)

// BenchmarkStorageImportSoak imports the soak's 10,000 rows (one in 100
// with a password) through the command, at its default settings, into a
// fresh fake: without faults, and with 20% of the requests failing as in
// TestStorageImportSoak. Compare the two ns/op.
func BenchmarkStorageImportSoak(b *testing.B) {
	const rows = 10_000
	path := filepath.Join(b.TempDir(), "users.jsonl")
	var sb strings.Builder
	for i := range rows {
		pw := ""
		if i%100 == 0 {
			pw = fmt.Sprintf(`,"password":"pw-%d"`, i)
		}
		fmt.Fprintf(&sb, `{"login":"user%d@example.com","externalid":"%d"%s,"identity":{"name":{"givenName":"Given %d"}}}`+"\n", i, 100000+i, pw, i)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	for _, rate := range []float64{0, 0.2} {
		b.Run(fmt.Sprintf("faults=%v", rate), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				srv := onealltest.NewServer()
				srv.SetFaults(onealltest.Faults{Seed: 2024, Rate: rate, Latency: 20 * time.Millisecond})
				env := map[string]string{envBaseURL: srv.URL, envPublicKey: srv.PublicKey, envPrivateKey: srv.PrivateKey}
				b.StartTimer()
				var out, errb strings.Builder
				code := run(b.Context(), []string{"storage", "import", path, "--restart"}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
				b.StopTimer()
				if code != 0 {
					b.Fatalf("exit %d: %s", code, errb.String())
				}
				srv.Close()
			}
		})
	}
}
