<?php
// Oneall\Api\Apis\Provider\Facebook (Push and Pull): pullPosts, pullPages,
// pullPagePosts, pullLikes, pushPicture, pushPagePosts, pushPagePicture.
// Result bodies are not documented beyond the entries' `id` that the page
// calls take next: the checks are the status and those ids.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getProviderApi()->getProviderApi('facebook');
    $pending = null; // served since issue 17
    $t = $run->identityOf('facebook') ?? 'none';

    $r = $api->pushPicture($t, 'https://example.com/a.jpg', 'A picture');
    $run->check('Facebook::pushPicture', $r, Run::created($r), null, $pending);
    $run->check('Facebook::pullPosts', $api->pullPosts($t, 10, 1, true), 200, null, $pending);
    $pages = $run->check('Facebook::pullPages', $api->pullPages($t), 200,
        fn ($d) => preg_match('/"id":"?([^",}]+)/', json_encode($d)) === 1, $pending);
    preg_match('/"id":"?([^",}]+)/', json_encode($pages), $m);
    $page = $m[1] ?? 'none';
    $run->check('Facebook::pullPagePosts', $api->pullPagePosts($t, $page), 200, null, $pending);
    $run->check('Facebook::pullLikes', $api->pullLikes($t), 200, null, $pending);
    $r = $api->pushPagePosts($t, $page, 'Hello page', 'https://example.com/');
    $run->check('Facebook::pushPagePosts', $r, Run::created($r), null, $pending);
    $r = $api->pushPagePicture($t, $page, 'https://example.com/b.jpg');
    $run->check('Facebook::pushPagePicture', $r, Run::created($r), null, $pending);
};
