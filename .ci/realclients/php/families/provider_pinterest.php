<?php
// Oneall\Api\Apis\Provider\Pinterest (Push and Pull): getBoards, publishPin.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getProviderApi()->getProviderApi('pinterest');
    $pending = null; // served since issue 17
    $t = $run->identityOf('pinterest') ?? 'none';

    $boards = $run->check('Pinterest::getBoards', $api->getBoards($t), 200,
        fn ($d) => preg_match('/"id":"?([^",}]+)/', json_encode($d)) === 1, $pending);
    preg_match('/"id":"?([^",}]+)/', json_encode($boards), $m);
    $r = $api->publishPin($t, $m[1] ?? 'none', 'A pin', 'https://example.com/c.jpg', 'https://example.com/');
    $run->check('Pinterest::publishPin', $r, Run::created($r), null, $pending);
};
