package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/oneall-go/oneall-go/onealltest"
	"github.com/oneall-go/oneall-go/wrapper"
)

// Environment variables (and credentials-file keys): the SDK's, read by
// wrapper.NewFromEnvFunc, and the user password of storage commands.
const (
	envSubdomain  = wrapper.EnvSubdomain
	envPublicKey  = wrapper.EnvPublicKey
	envPrivateKey = wrapper.EnvPrivateKey
	envBaseURL    = wrapper.EnvBaseURL
	envPassword   = "ONEALL_USER_PASSWORD"
)

// fakeSeed is how many users --fake seeds its embedded server with.
const fakeSeed = 20

// haveCredentials reports whether any way to reach a site was given.
func (a *app) haveCredentials() bool {
	if a.credsFile != "" || a.baseURL != "" {
		return true
	}
	for _, name := range []string{envSubdomain, envPublicKey, envPrivateKey, envBaseURL} {
		if a.getenv(name) != "" {
			return true
		}
	}
	return false
}

// getenvFunc returns what wrapper.NewFromEnvFunc reads the site and keys
// through: --base-url first, then the credentials file, whose values win
// over the environment.
func (a *app) getenvFunc() (func(string) string, error) {
	fromFile := map[string]string{}
	if a.credsFile != "" {
		var err error
		if fromFile, err = a.readCredentialsFile(a.credsFile); err != nil {
			return nil, err
		}
	}
	return func(name string) string {
		if name == envBaseURL && a.baseURL != "" {
			return a.baseURL
		}
		if v, ok := fromFile[name]; ok {
			return v
		}
		return a.getenv(name)
	}, nil
}

// readCredentialsFile reads KEY=VALUE lines ("export " and quotes allowed,
// # comments). Like ssh with its keys, it warns when others may read it.
func (a *app) readCredentialsFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("credentials file: %v", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(a.stderr, "oneall: warning: %s is accessible by group or others (mode %04o); run chmod 600 %s\n",
			path, st.Mode().Perm(), path)
	}
	vals := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok {
			return nil, usagef("credentials file %s: line %d is not KEY=VALUE", path, n)
		}
		switch k {
		case envSubdomain, envPublicKey, envPrivateKey, envBaseURL:
		default:
			return nil, usagef("credentials file %s: line %d: unknown key %q (want %s, %s, %s or %s)",
				path, n, k, envSubdomain, envPublicKey, envPrivateKey, envBaseURL)
		}
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		vals[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("credentials file %s: %w", path, err)
	}
	return vals, nil
}

// options are the wrapper options of the global flags.
func (a *app) options() []wrapper.ClientOption {
	return []wrapper.ClientOption{
		wrapper.WithTimeout(a.timeout),
		wrapper.WithRetries(a.retries),
		wrapper.WithAppInfo("oneall-cli", wrapper.Version),
	}
}

// client returns the client of the command: the site of the credentials,
// or an embedded fake server with --fake.
func (a *app) client() (*wrapper.Client, error) {
	if a.timeout <= 0 || a.retries < 0 {
		return nil, usagef("--timeout must be > 0 and --retries >= 0")
	}
	if a.fake {
		if a.fakeSrv == nil {
			a.fakeSrv = onealltest.NewServer()
			a.fakeSrv.Seed(fakeSeed)
			if err := fakeLogin(a.ctx, a.fakeSrv); err != nil {
				return nil, err
			}
		}
		return a.fakeSrv.Client(a.options()...), nil
	}
	getenv, err := a.getenvFunc()
	if err != nil {
		return nil, err
	}
	c, err := wrapper.NewFromEnvFunc(getenv, a.options()...)
	if err != nil {
		return nil, usagef("%v; the site and keys come from the environment or a --credentials-file (--base-url overrides %s), and --fake tries the command on an embedded test server",
			strings.TrimPrefix(err.Error(), "oneall: "), envBaseURL)
	}
	return c, nil
}
