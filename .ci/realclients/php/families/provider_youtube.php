<?php
// Oneall\Api\Apis\Provider\Youtube (Push and Pull): pushVideos, pullVideos.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getProviderApi()->getProviderApi('youtube');
    $pending = null; // served since issue 17
    $t = $run->identityOf('youtube') ?? 'none';

    $r = $api->pushVideos($t, 'https://example.com/f.mp4', 'A video', null, null, 'http://127.0.0.1:9/video-callback');
    $run->check('Youtube::pushVideos', $r, Run::created($r), null, $pending);
    $run->check('Youtube::pullVideos', $api->pullVideos($t), 200, null, $pending);
};
