<?php
// Oneall\Api\Apis\Site: getAllowedDomains, addAllowedDomains,
// getConnectionLogs, createConnectionLog.
// SPDX-License-Identifier: MIT
declare(strict_types=1);

use Oneall\Api\Apis\Site;

return function (Run $run): void {
    $api = $run->api->getSiteApi();
    $pending = null; // served

    // The allowed-domains page of OneAll's docs is gone: the code is not known.
    $r = $api->addAllowedDomains(['example.com', 'www.example.com']);
    $run->check('Site::addAllowedDomains', $r, Run::created($r), null, $pending);
    $run->check('Site::getAllowedDomains', $api->getAllowedDomains(), 200,
        fn ($d) => str_contains(json_encode($d), 'www.example.com'), $pending);
    $run->check('Site::createConnectionLog', $api->createConnectionLog(Site::CONNECTION_LOG_SIGNUP, 'ada', 'ada@example.com'), 201,
        fn ($d) => true, $pending);
    $run->check('Site::getConnectionLogs', $api->getConnectionLogs(), 200,
        fn ($d) => str_contains(json_encode($d), 'ada@example.com'), $pending);
};
