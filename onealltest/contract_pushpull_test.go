package onealltest

// The contract of the Push, Pull and Search operations of issue 17 and of
// the deprecated POST alias of the storage update: their statuses, how to
// produce each. Their valid requests for the 401 and fault checks come from
// the spec (contract_ops_test.go), with the fixtures of TestContract for
// board_id, page_id and company_id.

import (
	"maps"
	"strings"

	"github.com/oneall-go/oneall-go/api"
)

// pushCase is one Push operation: its path after the identity, the network
// it publishes on and a valid body.
type pushCase struct {
	op, suffix, provider, body string
}

// pushCases are the Push operations; {target} is a page, company or board
// of the identity.
var pushCases = []pushCase{
	{"PushFacebookPost", "facebook/post.json", "facebook", `{"request":{"push":{"post":{"message":"OneAll","link":"http://www.oneall.com/","attachments":[]}}}}`},
	{"PushFacebookPicture", "facebook/picture.json", "facebook", `{"request":{"push":{"picture":{"url":"http://x.example/a.png","create_post":false}}}}`},
	{"PushFacebookVideo", "facebook/video.json", "facebook", `{"request":{"push":{"video":{"url":"http://x.example/a.mp4","create_post":true}}}}`},
	{"PushFacebookPagePost", "facebook/page/post.json", "facebook", `{"request":{"push":{"page":{"id":"{target}","message":"Hi","attachments":[]}}}}`},
	{"PushFacebookPagePicture", "facebook/page/picture.json", "facebook", `{"request":{"push":{"page":{"id":"{target}","url":"http://x.example/a.png"}}}}`},
	{"PushLinkedInPost", "linkedin/post.json", "linkedin", `{"request":{"push":{"post":{"link":"http://www.oneall.com/"}}}}`},
	{"PushLinkedInCompanyPost", "linkedin/company/post.json", "linkedin", `{"request":{"push":{"post":{"company":"{target}","link":"http://www.oneall.com/"}}}}`},
	{"PushPinterestPin", "pinterest/board/{target}/pin.json", "pinterest", `{"request":{"push":{"pin":{"picture":"http://x.example/a.png"}}}}`},
	{"PushPinterestPinLegacy", "pinterest/pin.json", "pinterest", `{"request":{"push":{"pin":{"board":"{target}","description":"d","picture":"http://x.example/a.png"}}}}`},
	{"PushTwitterPost", "twitter/post.json", "twitter", `{"request":{"push":{"post":{"message":"OneAll","attachments":[]}}}}`},
	{"PushTwitterPicture", "twitter/picture.json", "twitter", `{"request":{"push":{"picture":{"url":"http://x.example/a.png"}}}}`},
	{"PushTwitterVideo", "twitter/video.json", "twitter", `{"request":{"push":{"video":{"video_url":"http://x.example/a.mp4","callback_url":"http://127.0.0.1:1/cb"}}}}`},
	{"PushYouTubeVideo", "youtube/video.json", "youtube", `{"request":{"push":{"video":{"video_url":"http://x.example/a.mp4","title":"Film"}}}}`},
}

// pullCase is one Pull operation: its path after the identity, the network
// it reads, and a query parameter that takes a number ("" if none).
type pullCase struct {
	op, suffix, provider, num string
}

var pullCases = []pullCase{
	{"PullFacebookPosts", "facebook/posts.json", "facebook", "num_posts"},
	{"PullFacebookPagePosts", "facebook/page/{target}/posts.json", "facebook", "num_posts"},
	{"PullFacebookPages", "facebook/pages.json", "facebook", "num_pages"},
	{"PullFacebookLikes", "facebook/likes.json", "facebook", "num_likes"},
	{"PullLinkedInPosts", "linkedin/user/posts.json", "linkedin", "num_posts"},
	{"PullLinkedInCompanies", "linkedin/companies.json", "linkedin", ""},
	{"PullLinkedInCompanyPosts", "linkedin/company/{target}/posts.json", "linkedin", "num_posts"},
	{"PullPinterestBoards", "pinterest/boards.json", "pinterest", ""},
	{"PullSteamGames", "steam/games.json", "steam", "num_games"},
	{"PullTwitterTweets", "twitter/tweets.json", "twitter", "num_tweets"},
	{"PullYouTubeVideos", "youtube/videos.json", "youtube", ""},
}

// pushPullStatuses is wantStatuses for the operations of branch pushpull.
var pushPullStatuses = map[string][]int{}

func init() {
	for _, pc := range pushCases {
		pushPullStatuses[pc.op] = []int{200, 400, 401, 403, 404}
	}
	for _, pc := range pullCases {
		pushPullStatuses[pc.op] = []int{200, 400, 401, 403, 404}
		if pc.num == "" {
			pushPullStatuses[pc.op] = []int{200, 401, 403, 404}
		}
	}
	for _, op := range []string{"SearchTwitterTweets", "SearchSiteTweets", "SearchSiteTweetsByUser"} {
		pushPullStatuses[op] = []int{200, 400, 401}
	}
	pushPullStatuses["UpdateStorageUserByPost"] = []int{200, 201, 400, 401, 404, 409}
	maps.Copy(wantStatuses, pushPullStatuses)
}

// pushIdentities adds one identity per network that Push serves and
// returns their tokens by provider.
func (k *contract) pushIdentities() map[string]string {
	ids := map[string]string{}
	for _, p := range []string{"facebook", "linkedin", "pinterest", "twitter", "youtube", "steam"} {
		ids[p] = k.srv.AddIdentity(k.srv.AddUser(User{}), p, api.Identity{})
	}
	return ids
}

// targetOf is the first page, company or board of an identity.
func (k *contract) targetOf(token string) string {
	k.srv.mu.RLock()
	defer k.srv.mu.RUnlock()
	if t := targetsOf(k.srv.st.identities[token]); len(t) > 0 {
		return t[0].id
	}
	return "0"
}

// ownerOf is the user token of an identity.
func (k *contract) ownerOf(identityToken string) string {
	k.srv.mu.RLock()
	defer k.srv.mu.RUnlock()
	return k.srv.st.identities[identityToken].user.token
}

// withTarget fills {target} in s.
func withTarget(s, target string) string { return strings.ReplaceAll(s, "{target}", target) }

// exercisePushPull drives the operations of branch pushpull through every
// status the server produces for them, but 401 and the faults.
func (k *contract) exercisePushPull() {
	ids := k.pushIdentities()
	const unknown = "00000000-0000-4000-8000-000000000000"
	for _, pc := range pushCases {
		tok := ids[pc.provider]
		target := k.targetOf(tok)
		path := "/push/identities/" + tok + "/" + withTarget(pc.suffix, target)
		body := withTarget(pc.body, target)
		k.expect(200, "POST", path, body)
		k.expect(400, "POST", path, `{"request":{}}`, invalid)
		other := ids["twitter"]
		if pc.provider == "twitter" {
			other = ids["facebook"]
		}
		k.expect(403, "POST", "/push/identities/"+other+"/"+withTarget(pc.suffix, target), body)
		k.expect(404, "POST", "/push/identities/"+unknown+"/"+withTarget(pc.suffix, target), body)
	}
	for _, pc := range pullCases {
		tok := ids[pc.provider]
		path := "/pull/identities/" + tok + "/" + withTarget(pc.suffix, k.targetOf(tok))
		k.expect(200, "GET", path, "")
		if pc.num != "" {
			k.expect(200, "GET", path+"?page=2&"+pc.num+"=1", "")
			k.expect(400, "GET", path+"?"+pc.num+"=0", "", invalid)
		}
		other := ids["twitter"]
		if pc.provider == "twitter" {
			other = ids["facebook"]
		}
		k.expect(403, "GET", "/pull/identities/"+other+"/"+withTarget(pc.suffix, k.targetOf(tok)), "")
		k.expect(404, "GET", "/pull/identities/"+unknown+"/"+withTarget(pc.suffix, k.targetOf(tok)), "")
		if strings.Contains(pc.suffix, "{target}") {
			k.expect(404, "GET", "/pull/identities/"+tok+"/"+withTarget(pc.suffix, "1"), "")
		}
	}
	k.expect(200, "GET", "/pull/identities/"+ids["facebook"]+"/facebook/posts.json?limit_own_posts=0", "")
	k.expect(200, "GET", "/pull/identities/"+ids["facebook"]+"/facebook/posts.json?num_posts=5&page=2&limit_own_posts=1", "")
	k.expect(400, "GET", "/pull/identities/"+ids["facebook"]+"/facebook/posts.json?limit_own_posts=2", "", invalid)

	// ---- The POST alias of the storage update (OneAll's PHP SDK mapUserAccount).
	stored := k.srv.AddStorageUser(StorageUser{Login: "mapped", ExternalID: "ext-1"})
	k.srv.AddStorageUser(StorageUser{Login: "taken", ExternalID: "ext-taken"})
	k.expect(200, "POST", "/storage/users/"+stored+".json", `{"request":{"user":{"externalid":"ext-2"}}}`)
	k.expect(201, "POST", "/storage/users/"+k.ownerOf(ids["facebook"])+".json", `{"request":{"user":{"externalid":"ext-3"}}}`)
	k.expect(409, "POST", "/storage/users/"+stored+".json", `{"request":{"user":{"externalid":"ext-taken"}}}`)
	k.expect(404, "POST", "/storage/users/"+unknown+".json", `{"request":{"user":{"externalid":"ext-4"}}}`)
	k.expect(400, "POST", "/storage/users/"+stored+".json", `{"request":{}}`, invalid)

	// ---- Search: the tweets pushed above are found.
	k.expect(200, "GET", "/search/twitter/tweets.json?search_text=OneAll&num_tweets=5&result_type=recent&language=en", "")
	k.expect(400, "GET", "/search/twitter/tweets.json?search_text=OneAll&num_tweets=201", "", invalid)
	k.expect(400, "GET", "/search/twitter/tweets.json", "", invalid)
	k.expect(200, "GET", "/site/providers/twitter/tweets/search.json?search_by=hash&hash=%23OneAll&count=9", "")
	k.expect(200, "GET", "/site/providers/twitter/tweets/search.json?query=OneAll", "")
	k.expect(400, "GET", "/site/providers/twitter/tweets/search.json", "")
	k.expect(200, "GET", "/site/providers/twitter/tweets/search-by-user.json?screen_name=oneall&count=3", "")
	k.expect(400, "GET", "/site/providers/twitter/tweets/search-by-user.json?count=0", "", invalid)
}
