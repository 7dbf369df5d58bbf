<?php
// Oneall\Api\Apis\Sso: startIdentitySession, readIdentitySession, getAll,
// get, delete, destroyIdentitySession.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getSsoApi();
    $a = $run->newUser('php-sso-a');
    $b = $run->newUser('php-sso-b');

    // PHP sends {"request":{"sso_session":[]}} when no option is given (issue 19).
    $s = $run->check('Sso::startIdentitySession', $api->startIdentitySession($a['identity_token']), 201,
        fn ($d) => $d['sso_session']['identity_token'] === $a['identity_token']);
    $run->check('Sso::startIdentitySession(realms, lifetime)', $api->startIdentitySession($b['identity_token'], 'php', 'sub', 3600), 201,
        fn ($d) => $d['sso_session']['top_realm'] === 'php' && $d['sso_session']['sub_realm'] === 'sub');
    $run->check('Sso::readIdentitySession', $api->readIdentitySession($a['identity_token']), 200,
        fn ($d) => $d['sso_session']['identity_token'] === $a['identity_token']);
    $token = $s['sso_session']['sso_session_token'] ?? 'none';
    $run->check('Sso::getAll', $api->getAll(), 200,
        fn ($d) => in_array($token, array_column($d['sso_sessions']['entries'], 'sso_session_token'), true));
    $run->check('Sso::get', $api->get($token), 200,
        fn ($d) => $d['sso_session']['sso_session_token'] === $token);
    $run->check('Sso::delete', $api->delete($token), 200);
    $run->check('Sso::get (deleted)', $api->get($token), 404);
    $run->check('Sso::destroyIdentitySession', $api->destroyIdentitySession($b['identity_token']), 200);
    $run->check('Sso::readIdentitySession (destroyed)', $api->readIdentitySession($b['identity_token']), 404);
};
