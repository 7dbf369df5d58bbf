<?php
// Runs OneAll's PHP SDK methods of issue 17's families against `oneall fake serve`.
// Usage: php php_all.php BASE_URL PUBLIC_KEY PRIVATE_KEY
spl_autoload_register(function ($class) {
    $p = getenv('PHP_SDK_DIR') . '/src/' . str_replace('\\', '/', substr($class, strlen('Oneall\\'))) . '.php';
    if (strpos($class, 'Oneall\\') === 0 && file_exists($p)) require $p;
});
list(, $base, $pub, $priv) = $argv;
// The harness only: the SDK builds https://<sub>.api.<base>; point it at the fake.
class FakeCurl extends \Oneall\Client\Adapter\Curl {
    public static $base;
    public function getHost() { return self::$base; }
}
FakeCurl::$base = $base;
$api = new \Oneall\OneallApi(new FakeCurl('fake', $pub, $priv, false, 'local'));
$results = [];
function check($name, $resp, $codes, $path = null) {
    global $results;
    $code = $resp->getStatusCode();
    $body = json_decode($resp->getBody());
    $ok = in_array($code, $codes) && $body !== null;
    $val = $body;
    if ($ok && $path !== null) {
        foreach (explode('.', $path) as $k) {
            if (!is_object($val) || !property_exists($val, $k)) { $ok = false; break; }
            $val = $val->$k;
        }
    }
    $results[] = sprintf("%-44s %s (HTTP %d)", $name, $ok ? 'PASS' : 'FAIL', $code);
    if (!$ok) $results[] = '    ' . substr($resp->getBody(), 0, 300);
    return $ok ? $val : null;
}
// Tokens of the seeded site.
$ids = json_decode($api->getIdentityApi()->getAll(new \Oneall\Api\Pagination(1, 500))->getBody());
$tw = $fb = null;
foreach ($ids->response->result->data->identities->entries as $e) {
    if ($e->provider == 'twitter' && !$tw) $tw = $e;
    if ($e->provider == 'facebook' && !$fb) $fb = $e;
}

// ---- ShortUrl
$su = $api->getShorturlApi();
$s = check('ShortUrl::create', $su->create('https://www.example.com/long'), [200], 'response.result.data.shorturl');
check('ShortUrl::getAll (ListShortURLs, branch spec-table)', $su->getAll(), [200], 'response.result.data.shorturls');
check('ShortUrl::get', $su->get($s->shorturl_token), [200], 'response.result.data.shorturl.referrals');
check('ShortUrl::delete', $su->delete($s->shorturl_token), [200], 'response.request.status');
check('ShortUrl::get after delete', $su->get($s->shorturl_token), [404]);

// ---- Site
$site = $api->getSiteApi();
check('Site::addAllowedDomains', $site->addAllowedDomains(['www.mydomain1.com', '*.mydomain3.com']), [200, 201], 'response.result.data.allowed_domains');
check('Site::getAllowedDomains', $site->getAllowedDomains(), [200], 'response.result.data.allowed_domains');
check('Site::createConnectionLog', $site->createConnectionLog(\Oneall\Api\Apis\Site::CONNECTION_LOG_SIGNIN, 'jdoe', 'jdoe@example.com'), [200, 201], 'response.result.data.connection');
check('Site::getConnectionLogs', $site->getConnectionLogs(), [200], 'response.result.data.connections.entries');

// ---- Sharing (messages)
$sh = $api->getSharingApi();
$m = check('Sharing::publish', $sh->publish($tw->user_token, ['twitter'], 'Hello', null, 'https://cdn.example/p.png',
    ['url' => 'https://shop.example/', 'name' => 'Shop'], [['name' => 'i.png', 'data' => base64_encode('png')]], true),
    [200, 207], 'response.result.data.sharing_message');
check('Sharing::publishForIdentity', $sh->publishForIdentity($fb->identity_token, 'Hello FB', 'https://video.example/v.mp4'), [200], 'response.result.data.sharing_message.publications');
check('Sharing::getMessages', $sh->getMessages(), [200], 'response.result.data.sharing_messages.entries');
check('Sharing::getMessageDetails', $sh->getMessageDetails($m->sharing_message_token), [200], 'response.result.data.sharing_message.parts');
check('Sharing::republish', $sh->republish($m->sharing_message_token, $tw->user_token, ['twitter']), [200, 207], 'response.result.data.sharing_message');
check('Sharing::republishForIdentity', $sh->republishForIdentity($m->sharing_message_token, $tw->identity_token), [200], 'response.result.data.sharing_message');

// ---- SharingAnalytics
$an = $api->getSharingAnalyticsApi();
$snap = check('SharingAnalytics::initiate (pingback_uri null)', $an->initiate($m->sharing_message_token), [201], 'response.result.data.sharing_analytics_snapshot');
check('SharingAnalytics::initiate again (pending)', $an->initiate($m->sharing_message_token), [207], 'response.result.data.sharing_analytics_snapshot');
check('SharingAnalytics::getAll', $an->getAll(), [200], 'response.result.data.sharing_analytics_snapshots');
check('SharingAnalytics::getAll(identity, user)', $an->getAll(null, $tw->identity_token, $tw->user_token), [200], 'response.result.data.sharing_analytics_snapshots.entries');
check('SharingAnalytics::get', $an->get($snap->sharing_analytics_snapshot_token), [200], 'response.result.data.sharing_analytics_snapshot');
check('SharingAnalytics::delete', $an->delete($snap->sharing_analytics_snapshot_token), [200], 'response.request.status');
check('Sharing::delete', $sh->delete($m->sharing_message_token), [200], 'response.request.status');

// ---- Sharing (pages)
$pages = check('Sharing::getAll (pages)', $sh->getAll(), [200], 'response.result.data.sharing_pages.entries');
check('Sharing::getPageByToken', $sh->getPageByToken($pages[0]->sharing_page_token, new \Oneall\Api\Pagination(1, 2)), [200], 'response.result.data.sharing_page.sharing_page_shares');
check('Sharing::getPageByUrl', $sh->getPageByUrl('www.example.com'), [200], 'response.result.data.sharing_page');
check('Sharing::getPageByUrl (URL with a query, unencoded)', $sh->getPageByUrl('https://shop.example/sale?a=1&b=2'), [404]);

echo implode("\n", $results), "\n";
