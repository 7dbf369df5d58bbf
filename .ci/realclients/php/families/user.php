<?php
// Oneall\Api\Apis\User: getAll, get, getContacts, createUser, delete.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getUserApi();
    $seeded = $run->seededUsers()[0]; // read, never changed
    $u = $seeded['user_token'];
    $run->check('User::getAll', $api->getAll(new \Oneall\Api\Pagination(1, 500)), 200,
        fn ($d) => in_array($u, array_column($d['users']['entries'], 'user_token'), true));
    $run->check('User::get', $api->get($u), 200,
        fn ($d) => $d['user']['user_token'] === $u && count($d['user']['identities']) === count($seeded['identities']));
    $run->check('User::getContacts', $api->getContacts($u), 200,
        fn ($d) => $d['identities']['count'] === count($seeded['identities']));
    $run->check('User::getContacts(disable_cache)', $api->getContacts($u, true), 200,
        fn ($d) => $d['identities']['count'] === count($seeded['identities']));

    $made = $run->check('User::createUser', $api->createUser('twitter', 'php-access-token-' . getmypid(), null, 'php-secret'), 201,
        fn ($d) => preg_match(UUID, $d['user']['user_token']) === 1 && $d['user']['identity']['source']['key'] === 'twitter');
    $again = $made ? $api->createUser('twitter', 'php-access-token-' . getmypid(), null, 'php-secret') : null;
    $run->check('User::createUser (same token again)', $again, 200,
        fn ($d) => $d['user']['user_token'] === $made['user']['user_token']);

    $x = $run->newUser('php-user-delete');
    $run->check('User::delete', $api->delete($x['user_token']), 200,
        fn ($d) => $d['user']['user_token'] === $x['user_token']);
    $run->check('User::get (deleted)', $api->get($x['user_token']), 404);
};
