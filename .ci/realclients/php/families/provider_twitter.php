<?php
// Oneall\Api\Apis\Provider\Twitter (Push, Pull, Search): pushPicture,
// pushTweet, pushVideo, pullTweets, searchTweets, search, searchByUser.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getProviderApi()->getProviderApi('twitter');
    $pending = null; // served since issue 17
    $t = $run->identityOf('twitter') ?? 'none';

    // The picture push answers a picture_id that a tweet then attaches (issue 17).
    $r = $api->pushPicture($t, 'https://example.com/d.jpg');
    $pic = $run->check('Twitter::pushPicture', $r, Run::created($r),
        fn ($d) => str_contains(json_encode($d), '"picture_id"'), $pending);
    preg_match('/"picture_id":"?([^",}]+)/', json_encode($pic), $m);
    $r = $api->pushTweet($t, 'Hello from PHP', isset($m[1]) ? [$m[1]] : []);
    $run->check('Twitter::pushTweet', $r, Run::created($r), null, $pending);
    $r = $api->pushVideo($t, 'https://example.com/e.mp4', 'http://127.0.0.1:9/video-callback');
    $run->check('Twitter::pushVideo', $r, Run::created($r), null, $pending);
    $run->check('Twitter::pullTweets', $api->pullTweets($t, 10), 200, null, $pending);
    $run->check('Twitter::searchTweets', $api->searchTweets('oneall', 10), 200, null, $pending);
    $run->check('Twitter::search', $api->search('oneall', 10), 200, null, $pending);
    $run->check('Twitter::searchByUser', $api->searchByUser(null, 'oneall', 10), 200, null, $pending);
};
