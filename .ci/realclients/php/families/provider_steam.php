<?php
// Oneall\Api\Apis\Provider\Steam (Pull): pullGames.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $api = $run->api->getProviderApi()->getProviderApi('steam');
    $t = $run->identityOf('steam') ?? 'none';
    $run->check('Steam::pullGames', $api->pullGames($t, 10, 1), 200, null, null);
};
