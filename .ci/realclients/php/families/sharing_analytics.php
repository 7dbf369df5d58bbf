<?php
// Oneall\Api\Apis\SharingAnalytics: initiate, getAll, get, delete.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getSharingAnalyticsApi();
    $pending = null; // served
    $user = $run->seededUsers()[0];
    [, $body] = $run->http('POST', '/sharing/messages.json', ['sharing_message' => [
        'publish_for_user' => ['user_token' => $user['user_token'], 'providers' => [$user['identities'][0]['provider']]],
        'parts' => ['text' => ['body' => 'Measured from PHP']],
    ]]);
    $m = json_decode($body, true)['response']['result']['data']['sharing_message']['sharing_message_token'] ?? 'none';

    // PHP sends "pingback_uri": null when none is given (issue 17).
    $s = $run->check('SharingAnalytics::initiate', $api->initiate($m), 201,
        fn ($e) => ($e['request']['status']['flag'] ?? '') === 'scheduled', $pending, true);
    $run->check('SharingAnalytics::initiate (one pending)', $api->initiate($m, 'http://127.0.0.1:9/pingback'), 207, null, $pending);
    $t = $s['sharing_analytics_snapshot']['sharing_analytics_snapshot_token'] ?? 'none';
    $run->check('SharingAnalytics::getAll', $api->getAll(), 200,
        fn ($d) => in_array($t, array_column($d['sharing_analytics_snapshots']['entries'] ?? [], 'sharing_analytics_snapshot_token'), true), $pending);
    $run->check('SharingAnalytics::getAll(identity, user)', $api->getAll(null, $user['identities'][0]['identity_token'], $user['user_token']), 200, null, $pending);
    $run->check('SharingAnalytics::get', $api->get($t), 200,
        fn ($d) => ($d['sharing_analytics_snapshot']['sharing_analytics_snapshot_token'] ?? '') === $t, $pending);
    $run->check('SharingAnalytics::delete', $api->delete($t), 200, null, $pending);
};
