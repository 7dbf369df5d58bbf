<?php
// Runs OneAll's own PHP SDK (github.com/oneall/php-sdk, not committed here:
// see docs/real-clients.md) against `oneall fake serve` on loopback, and
// prints one line per SDK call:
//
//   PASS  Identity::getAll  200
//   FAIL  Sso::get  404  <why>
//   XFAIL ShortUrl::create  404  <reason: the SDK's bug, or a family the fake does not serve yet>
//   XPASS …  (an expected failure that passed: drop its mark)
//
// then the counts. It exits 1 when a call FAILs. One file per API family in
// families/*.php; each returns a function(Run $run) that makes its calls.
//
// Environment: ONEALL_PHP_SDK (the SDK's checkout: its vendor/autoload.php
// if Composer ran, else its src/ through a PSR-4 loader), and the line that
// `oneall fake serve` prints: ONEALL_BASE_URL (http://127.0.0.1:PORT),
// ONEALL_PUBLIC_KEY, ONEALL_PRIVATE_KEY.
//
// Usage: php .ci/realclients/php/run.php [family …]   (default: all)
//
// SPDX-License-Identifier: MIT

declare(strict_types=1);

require __DIR__ . '/lib.php';

$sdk = getenv('ONEALL_PHP_SDK') ?: '';
if ($sdk === '' || !is_dir($sdk . '/src/Api')) {
    fwrite(STDERR, "set ONEALL_PHP_SDK to a checkout of github.com/oneall/php-sdk (see docs/real-clients.md)\n");
    exit(2);
}
if (is_file($sdk . '/vendor/autoload.php')) {
    require $sdk . '/vendor/autoload.php';
} else {
    // composer.json's autoload: PSR-4, Oneall\ => src/
    spl_autoload_register(function (string $class) use ($sdk): void {
        if (strncmp($class, 'Oneall\\', 7) === 0) {
            $file = $sdk . '/src/' . str_replace('\\', '/', substr($class, 7)) . '.php';
            if (is_file($file)) {
                require $file;
            }
        }
    });
}

$run = Run::fromEnv();
$families = array_slice($argv, 1);
if (!$families) {
    $families = array_map(fn ($f) => basename($f, '.php'), glob(__DIR__ . '/families/*.php'));
}
foreach ($families as $family) {
    $calls = require __DIR__ . '/families/' . basename($family) . '.php';
    try {
        $calls($run);
    } catch (Throwable $e) {
        $run->fail($family, 0, 'threw ' . get_class($e) . ': ' . $e->getMessage());
    }
}
exit($run->summary());
