<?php
// Oneall\Api\Apis\Storage: createUser, updateUser, mapUserAccount,
// lookUpById, lookUpByCredentials, synchronizeByUserToken,
// synchronizeByExternalId, synchronizeByLogin.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

use Oneall\Api\Apis\Storage;

return function (Run $run): void {
    $api = $run->api->getStorageApi();
    $p = 'php-storage-' . getmypid();

    $u = $run->check('Storage::createUser', $api->createUser(['name' => ['givenName' => 'Ada']], "$p-ext", "$p@example.com", 'pw-1'), 201,
        fn ($d) => preg_match(UUID, $d['user']['user_token']) === 1 && $d['user']['login'] === "$p@example.com");
    $t = $u['user']['user_token'] ?? 'none';
    $run->check('Storage::updateUser', $api->updateUser($t, ['name' => ['familyName' => 'Lovelace']], null, null, 'pw-2'), 200,
        fn ($d) => $d['user']['user_token'] === $t);
    $run->check('Storage::updateUser(append)', $api->updateUser($t, ['emails' => [['value' => "$p@example.org"]]], null, null, null, Storage::MODE_UPDATE_APPEND), 200,
        fn ($d) => $d['user']['user_token'] === $t);
    $run->check('Storage::lookUpById', $api->lookUpById("$p-ext"), 200,
        fn ($d) => $d['user']['user_token'] === $t);
    $run->check('Storage::lookUpByCredentials', $api->lookUpByCredentials("$p@example.com", 'pw-2'), 200,
        fn ($d) => $d['user']['user_token'] === $t);
    $run->check('Storage::lookUpByCredentials(wrong password)', $api->lookUpByCredentials("$p@example.com", 'wrong'), 401);
    $run->check('Storage::lookUpById(unknown)', $api->lookUpById("$p-nobody"), 404);

    $run->check('Storage::synchronizeByUserToken', $api->synchronizeByUserToken($t, ['name' => ['givenName' => 'Augusta']]), 202,
        fn ($d) => $d['user']['user_token'] === $t);
    $run->check('Storage::synchronizeByExternalId', $api->synchronizeByExternalId("$p-ext", [], "$p-ext2"), 202,
        fn ($d) => $d['user']['user_token'] === $t);
    // PHP sends "user":[] here (issue 19): a synchronize with no match creates the user.
    $run->check('Storage::synchronizeByLogin(new)', $api->synchronizeByLogin("$p-new@example.com"), 201,
        fn ($d) => $d['user']['login'] === "$p-new@example.com");
    $run->check('Storage::synchronizeByLogin', $api->synchronizeByLogin("$p@example.com", [], null, null, 'pw-3'), 202,
        fn ($d) => $d['user']['user_token'] === $t);

    // POST /storage/users/{user_token}.json: the deprecated alias of the
    // PUT update (issue 17, Storage).
    $run->check('Storage::mapUserAccount', $api->mapUserAccount($t, "$p-mapped"), 200,
        fn ($d) => $d['user']['user_token'] === $t, null);
};
