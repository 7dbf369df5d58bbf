<?php
// Oneall\Api\Apis\Provider: getAll. (Its social-network APIs, Provider\*,
// call Push and Pull: add a file per network when the fake serves them.)
// SPDX-License-Identifier: MIT
declare(strict_types=1);

return function (Run $run): void {
    $run->check('Provider::getAll', $run->api->getProviderApi()->getAll(), 200,
        fn ($d) => $d['providers']['count'] === count($d['providers']['entries'])
            && in_array('facebook', array_column($d['providers']['entries'], 'key'), true));
};
