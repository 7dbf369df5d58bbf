<?php
// The bookkeeping of run.php: the SDK client pointed at the fake, the check
// of each call, plain-HTTP set-up helpers, and the counts.
// SPDX-License-Identifier: MIT

declare(strict_types=1);

final class Run
{
    public \Oneall\OneallApi $api;
    private string $base;
    private string $auth;
    private array $counts = ['PASS' => 0, 'FAIL' => 0, 'XFAIL' => 0, 'XPASS' => 0];

    public static function fromEnv(): self
    {
        $base = getenv('ONEALL_BASE_URL') ?: '';
        $u = parse_url($base);
        if (($u['scheme'] ?? '') !== 'http' || !in_array($u['host'] ?? '', ['127.0.0.1', 'localhost'], true) || empty($u['port'])) {
            fwrite(STDERR, "ONEALL_BASE_URL must be the fake's http://127.0.0.1:PORT (loopback only), not '$base'\n");
            exit(2);
        }
        // *.localhost resolves to loopback inside libcurl since 7.85 (curl/curl#9296).
        if (version_compare(curl_version()['version'], '7.85.0', '<')) {
            fwrite(STDERR, 'libcurl ' . curl_version()['version'] . " is older than 7.85: it does not resolve site.api.localhost to the loopback address\n");
            exit(2);
        }
        return new self($base, (int) $u['port'], getenv('ONEALL_PUBLIC_KEY') ?: '', getenv('ONEALL_PRIVATE_KEY') ?: '');
    }

    private function __construct(string $base, int $port, string $public, string $private)
    {
        $this->base = $base;
        $this->auth = $public . ':' . $private;
        // The SDK builds its URLs as scheme://<subdomain>.api.<base domain><path>
        // (Client\AbstractClient::getHost). With $isSecure false and the base
        // domain "localhost:PORT" that is http://site.api.localhost:PORT/…,
        // and curl resolves *.localhost to the loopback address itself
        // (RFC 6761), so nothing is patched and nothing leaves the machine.
        $client = (new \Oneall\Client\Builder())->build('curl', 'site', $public, $private, false, 'localhost:' . $port);
        $this->api = new \Oneall\OneallApi($client);
    }

    /**
     * check records one SDK call: its HTTP status must be $status and
     * $check (given the envelope's result.data, or the whole envelope when
     * $whole) must return true or a string saying what is wrong. $xfail,
     * when given, is why the call is expected to fail.
     */
    public function check(string $name, $response, int $status, ?callable $check = null, ?string $xfail = null, bool $whole = false): ?array
    {
        if (!$response instanceof \Oneall\Client\Response) {
            return $this->record($name, 0, 'no HTTP request (the SDK returned ' . gettype($response) . ')', $xfail);
        }
        $code = (int) $response->getStatusCode();
        $env = json_decode((string) $response->getBody(), true);
        $why = null;
        if (!is_array($env) || !isset($env['response']['request']['status']['code'])) {
            $why = 'not a OneAll envelope: ' . substr((string) $response->getBody(), 0, 200);
        } elseif ($code !== $status) {
            $why = "want $status: " . json_encode($env['response']['request']['status']);
        } elseif ((int) $env['response']['request']['status']['code'] !== $code) {
            $why = 'the envelope says ' . $env['response']['request']['status']['code'];
        } elseif ($check) {
            $r = $check($whole ? $env['response'] : ($env['response']['result']['data'] ?? null));
            $why = $r === true ? null : (is_string($r) ? $r : 'the answer is not as documented');
        }
        $this->record($name, $code, $why, $xfail);
        return $why === null ? ($env['response']['result']['data'] ?? []) : null;
    }

    public function fail(string $name, int $code, string $why): void
    {
        $this->record($name, $code, $why, null);
    }

    private function record(string $name, int $code, ?string $why, ?string $xfail): ?array
    {
        $verdict = $why === null ? ($xfail ? 'XPASS' : 'PASS') : ($xfail ? 'XFAIL' : 'FAIL');
        $this->counts[$verdict]++;
        $line = sprintf('%-5s %-40s %3d', $verdict, $name, $code);
        if ($why !== null) {
            $line .= '  ' . $why;
        }
        if ($xfail) {
            $line .= '  # ' . $xfail;
        }
        echo $line, "\n";
        return null;
    }

    /** summary prints the counts and answers the exit code. */
    public function summary(): int
    {
        $total = array_sum($this->counts);
        echo "# calls $total";
        foreach ($this->counts as $k => $n) {
            echo ", ", strtolower($k), " $n";
        }
        echo "\n";
        return $this->counts['FAIL'] > 0 ? 1 : 0;
    }

    /** http is a plain request to the fake (set-up, not the SDK). */
    public function http(string $method, string $path, ?array $request = null, bool $basic = true, ?array $form = null): array
    {
        $ch = curl_init($this->base . $path);
        curl_setopt_array($ch, [CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 10]);
        if ($basic) {
            curl_setopt($ch, CURLOPT_USERPWD, $this->auth);
        }
        if ($request !== null) {
            curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode(['request' => $request]));
            curl_setopt($ch, CURLOPT_HTTPHEADER, ['Content-Type: application/json']);
        } elseif ($form !== null) {
            curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($form));
        }
        $body = (string) curl_exec($ch);
        $code = (int) curl_getinfo($ch, CURLINFO_HTTP_CODE);
        curl_close($ch);
        return [$code, $body];
    }

    /** newUser creates a cloud storage user of its own, with one identity. */
    public function newUser(string $name): array
    {
        [$code, $body] = $this->http('POST', '/storage/users.json', ['user' => [
            'login' => $name . '-' . getmypid() . '@example.com', 'password' => 'pw-' . $name,
            'externalid' => $name . '-' . getmypid(), 'identity' => ['name' => ['formatted' => $name]],
        ]]);
        $u = json_decode($body, true)['response']['result']['data']['user'] ?? null;
        if ($code !== 201 || !$u) {
            throw new RuntimeException("set-up: creating a storage user answered $code: $body");
        }
        return ['user_token' => $u['user_token'], 'identity_token' => $u['identity']['identity_token'],
            'login' => $name . '-' . getmypid() . '@example.com', 'password' => 'pw-' . $name, 'externalid' => $name . '-' . getmypid()];
    }

    /** login makes a social login on the fake's Direct Connect pages and returns its connection token. */
    public function login(string $provider): string
    {
        [$code, $page] = $this->http('POST', '/socialize/connect/direct/' . $provider . '/', null, false,
            ['service' => 'social_login', 'callback_uri' => 'http://127.0.0.1/callback', 'person' => 'new']);
        if ($code !== 200 || !preg_match('/name="connection_token" value="([^"]+)"/', $page, $m)) {
            throw new RuntimeException("set-up: Direct Connect answered $code");
        }
        return $m[1];
    }

    /**
     * identityOf answers the identity token of a new login with $provider
     * (Direct Connect, then the connection's user), or null when the fake
     * does not know the provider.
     */
    public function identityOf(string $provider): ?string
    {
        try {
            $c = $this->login($provider);
        } catch (RuntimeException $e) {
            return null;
        }
        [, $body] = $this->http('GET', '/connections/' . $c . '.json');
        return json_decode($body, true)['response']['result']['data']['user']['identity']['identity_token'] ?? null;
    }

    /** created answers 200 or 201 as the response says, for a creation whose code OneAll does not give. */
    public static function created($response): int
    {
        return $response instanceof \Oneall\Client\Response && in_array((int) $response->getStatusCode(), [200, 201], true)
            ? (int) $response->getStatusCode() : 201;
    }

    /** seededUsers lists the users that `--seed N` made. */
    public function seededUsers(): array
    {
        [, $body] = $this->http('GET', '/users.json?entries_per_page=500');
        return json_decode($body, true)['response']['result']['data']['users']['entries'];
    }
}

/** pending is the XFAIL reason of a family the fake does not serve yet. */
function pending(string $what): string
{
    return "the fake does not serve $what yet (issue 17)";
}

const UUID = '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/';
