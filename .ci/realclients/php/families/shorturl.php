<?php
// Oneall\Api\Apis\ShortUrl: getAll, create, get, delete.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getShorturlApi();
    $pending = null; // served

    $run->check('ShortUrl::getAll', $api->getAll(), 200,
        fn ($d) => $d['shorturls']['count'] > 0 && preg_match('/^[A-Za-z0-9]+$/', $d['shorturls']['entries'][0]['shorturl_token']) === 1);
    // OneAll's PHP example reads 200; the fake may say 201 (created).
    $r = $api->create('https://example.com/php');
    $s = $run->check('ShortUrl::create', $r, Run::created($r),
        fn ($d) => $d['shorturl']['original_url'] === 'https://example.com/php', $pending);
    $t = $s['shorturl']['shorturl_token'] ?? 'none';
    $run->check('ShortUrl::get', $api->get($t), 200, fn ($d) => $d['shorturl']['shorturl_token'] === $t, $pending);
    $run->check('ShortUrl::delete', $api->delete($t), 200, null, $pending);
    if ($s) {
        $run->check('ShortUrl::get (deleted)', $api->get($t), 404);
    }
};
