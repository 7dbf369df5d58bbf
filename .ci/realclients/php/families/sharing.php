<?php
// Oneall\Api\Apis\Sharing: publish, publishForIdentity, getMessages,
// getMessageDetails, republish, republishForIdentity, delete (messages), and
// getAll, getPageByToken, getPageByUrl (sharing pages, which only OneAll's
// side creates: the fake seeds some).
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getSharingApi();
    $pending = null; // served
    $user = $run->seededUsers()[0];
    $provider = $user['identities'][0]['provider'];
    $identity = $user['identities'][0]['identity_token'];
    // OneAll does not say whether a publication answers 200 or 201.
    $published = fn ($r) => Run::created($r);

    $r = $api->publish($user['user_token'], [$provider], 'Hello from the PHP SDK', null, null, ['url' => 'https://example.com/']);
    $m = $run->check('Sharing::publish', $r, $published($r),
        fn ($d) => !empty($d['sharing_message']['sharing_message_token']), $pending);
    $r = $api->publishForIdentity($identity, 'For one identity');
    $run->check('Sharing::publishForIdentity', $r, $published($r),
        fn ($d) => !empty($d['sharing_message']['sharing_message_token']), $pending);
    $t = $m['sharing_message']['sharing_message_token'] ?? 'none';
    $run->check('Sharing::getMessages', $api->getMessages(), 200,
        fn ($d) => in_array($t, array_column($d['sharing_messages']['entries'] ?? [], 'sharing_message_token'), true), $pending);
    $run->check('Sharing::getMessageDetails', $api->getMessageDetails($t), 200,
        fn ($d) => ($d['sharing_message']['sharing_message_token'] ?? '') === $t, $pending);
    $r = $api->republish($t, $user['user_token'], [$provider]);
    $run->check('Sharing::republish', $r, $published($r), null, $pending);
    $r = $api->republishForIdentity($t, $identity);
    $run->check('Sharing::republishForIdentity', $r, $published($r), null, $pending);
    $run->check('Sharing::delete', $api->delete($t), 200, null, $pending);

    // The shape of a sharing page is not documented: only its token is used.
    $pages = $run->check('Sharing::getAll', $api->getAll(), 200,
        fn ($d) => preg_match('/"sharing_page_token":"([^"]+)"/', json_encode($d)) === 1, $pending);
    preg_match('/"sharing_page_token":"([^"]+)"/', json_encode($pages), $pm);
    preg_match('/"page_url":"([^"]+)"/', stripslashes(json_encode($pages)), $um);
    $run->check('Sharing::getPageByToken', $api->getPageByToken($pm[1] ?? 'none'), 200, null, $pending);
    // The SDK puts $url into the query as it comes: the caller encodes it.
    $run->check('Sharing::getPageByUrl', $api->getPageByUrl(urlencode($um[1] ?? 'https://example.com/')), 200, null, $pending);
};
