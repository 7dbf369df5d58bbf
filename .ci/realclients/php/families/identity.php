<?php
// Oneall\Api\Apis\Identity: getAll, get, getContacts, synchronize, relink, delete.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getIdentityApi();
    $seeded = $run->seededUsers()[0]['identities'][0]; // read, never changed
    $t = $seeded['identity_token'];
    $run->check('Identity::getAll', $api->getAll(), 200,
        fn ($d) => in_array($t, array_column($d['identities']['entries'], 'identity_token'), true));
    $run->check('Identity::get', $api->get($t), 200,
        fn ($d) => $d['identity']['identity_token'] === $t && $d['identity']['source']['key'] === $seeded['provider']);
    $run->check('Identity::getContacts', $api->getContacts($t), 200,
        fn ($d) => $d['contacts']['count'] === count($d['contacts']['entries']) && isset($d['cache']));
    $run->check('Identity::getContacts(disable_cache)', $api->getContacts($t, null, true), 203,
        fn ($d) => $d['contacts']['count'] === count($d['contacts']['entries']));
    $run->check('Identity::synchronize', $api->synchronize($t), 200,
        fn ($d) => $d['identity']['identity_token'] === $t);

    $a = $run->newUser('php-relink-from');
    $b = $run->newUser('php-relink-to');
    $run->check('Identity::relink', $api->relink($a['identity_token'], $b['user_token']), 200,
        fn ($d) => $d['user']['user_token'] === $b['user_token']
            && in_array($a['identity_token'], array_column($d['user']['identities'], 'identity_token'), true));

    $c = $run->newUser('php-identity-delete');
    $run->check('Identity::delete', $api->delete($c['identity_token']), 200,
        fn ($d) => $d['identity']['identity_token'] === $c['identity_token']);
    $run->check('Identity::get (deleted)', $api->get($c['identity_token']), 404);
};
