<?php
// Oneall\Api\Apis\Connection: getAll, get.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getConnectionApi();
    $token = $run->login('github');
    $run->check('Connection::getAll', $api->getAll(new \Oneall\Api\Pagination(1, 100)), 200,
        fn ($d) => in_array($token, array_column($d['connections']['entries'], 'connection_token'), true));
    $run->check('Connection::get', $api->get($token), 200,
        fn ($d) => $d['connection']['connection_token'] === $token && $d['plugin']['key'] === 'social_login'
            && preg_match(UUID, $d['user']['user_token']) === 1);
};
