<?php
// Runs OneAll's PHP SDK Provider methods (Facebook, LinkedIn, Pinterest, Steam,
// Twitter, YouTube: Push, Pull, Search) and Storage::mapUserAccount against
// `oneall fake serve --seed N`, through the SDK's own methods.
// Usage: PHP_SDK_DIR=... php php_pushpull.php BASE_URL PUBLIC_KEY PRIVATE_KEY
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
$failed = 0;
function check($name, $resp, $codes, $path = null) {
    global $results, $failed;
    $code = $resp->getStatusCode();
    $body = json_decode($resp->getBody());
    $ok = in_array($code, $codes) && $body !== null;
    $val = $body;
    if ($ok && $path !== null) {
        foreach (explode('.', $path) as $k) {
            if (is_array($val) && ctype_digit($k) && array_key_exists((int)$k, $val)) { $val = $val[(int)$k]; continue; }
            if (!is_object($val) || !property_exists($val, $k)) { $ok = false; break; }
            $val = $val->$k;
        }
    }
    $results[] = sprintf("%-52s %s (HTTP %d)", $name, $ok ? 'PASS' : 'FAIL', $code);
    if (!$ok) { $failed++; $results[] = '    ' . substr($resp->getBody(), 0, 300); }
    return $ok ? $val : null;
}
// Identity tokens of the seeded site, one per provider.
$ids = json_decode($api->getIdentityApi()->getAll(new \Oneall\Api\Pagination(1, 500))->getBody());
$tok = [];
foreach ($ids->response->result->data->identities->entries as $e) {
    if (!isset($tok[$e->provider])) $tok[$e->provider] = $e;
}
$prov = $api->getProviderApi();
// Pinterest: an imported identity, as the SDK's own User::createUser imports it.
$imp = check('User::createUser (import a pinterest identity)', $api->getUserApi()->createUser('pinterest', 'pin-access-token'), [200, 201], 'response.result.data.user.identity');
$pinTok = $imp ? $imp->identity_token : '';

// ---- Facebook
$fb = $prov->getProviderApi('facebook');
$fbTok = $tok['facebook']->identity_token;
$pic = check('Facebook::pushPicture', $fb->pushPicture($fbTok, 'https://cdn.example/p.png', 'logo'), [200], 'response.result.data.push.picture_id');
check('Facebook::pullPosts (limit_own_posts=0)', $fb->pullPosts($fbTok), [200], 'response.result.data.facebook_posts.entries');
check('Facebook::pullPosts (limit_own_posts=1, page 2)', $fb->pullPosts($fbTok, 5, 2, true), [200], 'response.result.data.facebook_posts.entries');
$pages = check('Facebook::pullPages', $fb->pullPages($fbTok), [200], 'response.result.data.facebook_pages.entries');
check('Facebook::pullLikes', $fb->pullLikes($fbTok), [200], 'response.result.data.facebook_likes.entries');
$pageId = $pages ? $pages[0]->id : '0';
check('Facebook::pushPagePosts', $fb->pushPagePosts($fbTok, $pageId, 'Hello page', 'https://www.example.com/', [$pic]), [200], 'response.result.data.push.id');
check('Facebook::pushPagePicture', $fb->pushPagePicture($fbTok, $pageId, 'https://cdn.example/p.png', 'logo'), [200], 'response.result.data.push.picture_id');
$pp = check('Facebook::pullPagePosts', $fb->pullPagePosts($fbTok, $pageId), [200], 'response.result.data.facebook_posts.entries');
check('  ... lists the two page pushes', $fb->pullPagePosts($fbTok, $pageId), [200], 'response.result.data.facebook_posts.entries.1.id');

// ---- LinkedIn
$li = $prov->getProviderApi('linkedin');
$liTok = $tok['linkedin']->identity_token;
check('LinkedIn::pushPost', $li->pushPost($liTok, 'https://www.example.com/', 'Title', 'Desc', 'Msg', 'https://cdn.example/p.png'), [200], 'response.result.data.push.id');
// The SDK calls linkedin/posts.json; OneAll's Pull table documents
// linkedin/user/posts.json, which the fake serves: a known client bug (docs/api.md).
check('LinkedIn::pullPost (SDK path linkedin/posts.json: 404 expected)', $li->pullPost($liTok), [404], 'response.request.status');
$comp = check('LinkedIn::pullCompanies', $li->pullCompanies($liTok), [200], 'response.result.data.linkedin_companies.entries');
$compId = $comp ? $comp[0]->id : '0';
check('LinkedIn::pushCompanyPost', $li->pushCompanyPost($liTok, 'https://www.example.com/', $compId, null, null, 'Msg'), [200], 'response.result.data.push.id');
check('LinkedIn::pullCompanyPost', $li->pullCompanyPost($liTok, $compId), [200], 'response.result.data.linkedin_posts.entries.0.id');

// ---- Pinterest
$pi = $prov->getProviderApi('pinterest');
$boards = check('Pinterest::getBoards (imported identity)', $pi->getBoards($pinTok), [200], 'response.result.data.pinterest_boards.entries');
check('Pinterest::publishPin (older path pinterest/pin.json)', $pi->publishPin($pinTok, $boards ? $boards[0]->id : '0', 'A pin', 'https://cdn.example/p.png', 'https://www.example.com/'), [200], 'response.result.data.push.id');

// ---- Steam
$st = $prov->getProviderApi('steam');
$stTok = $tok['steam']->identity_token;
$games = check('Steam::pullGames', $st->pullGames($stTok), [200], 'response.result.data.steam_games.entries');
check('Steam::pullGames (page 1, only_game_id)', $st->pullGames($stTok, 10, 1, $games ? $games[0]->id : '440'), [200], 'response.result.data.steam_games.entries.0.id');

// ---- Twitter
$tw = $prov->getProviderApi('twitter');
$twTok = $tok['twitter']->identity_token;
$media = check('Twitter::pushPicture', $tw->pushPicture($twTok, 'https://cdn.example/p.png', 'logo'), [200], 'response.result.data.push.picture_id');
$tweet = check('Twitter::pushTweet (with the picture)', $tw->pushTweet($twTok, 'Hello #OneAll', [$media], 'Paris'), [200], 'response.result.data.push.id');
check('Twitter::pushVideo', $tw->pushVideo($twTok, 'https://cdn.example/v.mp4', 'http://127.0.0.1:9/cb'), [200], 'response.result.data.push.status');
check('Twitter::pullTweets', $tw->pullTweets($twTok), [200], 'response.result.data.twitter_tweets.entries.0.id');
check('Twitter::pullTweets (only_tweet_id)', $tw->pullTweets($twTok, 50, '', $tweet), [200], 'response.result.data.twitter_tweets.entries.0.id');
check('Twitter::searchTweets', $tw->searchTweets('#OneAll', 20, null, null, 'recent', 'en'), [200], 'response.result.data.entries.0.id');
check('Twitter::search (widget)', $tw->search('OneAll', 9), [200], 'response.result.data.tweets.entries.0.text');
check('Twitter::searchByUser', $tw->searchByUser(null, 'nobody-in-particular', 3), [200], 'response.result.data.tweets.entries');

// ---- YouTube
$yt = $prov->getProviderApi('youtube');
$ytTok = $tok['youtube']->identity_token;
check('Youtube::pushVideos', $yt->pushVideos($ytTok, 'https://cdn.example/v.mp4', 'Film', 'Desc', 'https://cdn.example/t.png', 'http://127.0.0.1:9/cb'), [200], 'response.result.data.push.id');
check('Youtube::pullVideos', $yt->pullVideos($ytTok), [200], 'response.result.data.youtube_videos.entries.0.id');

// ---- A push to a network the identity is not of: OneAll's 403.
check('Twitter::pushTweet from a Facebook identity (403)', $tw->pushTweet($fbTok, 'x'), [403], 'response.request.status');

// ---- Storage::mapUserAccount (POST /storage/users/{user_token}.json)
$su = check('Storage::createUser', $api->getStorageApi()->createUser(['name' => ['formatted' => 'PHP Mapped']], null, 'php-mapped', 'pw'), [201], 'response.result.data.user');
check('Storage::mapUserAccount', $api->getStorageApi()->mapUserAccount($su ? $su->user_token : '', 'ext-php-1'), [200], 'response.result.data.user');

foreach ($results as $r) echo $r, "\n";
exit($failed > 0 ? 1 : 0);
