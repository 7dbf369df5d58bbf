package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oneall-go/oneall-go/api"
)

const specPath = "../openapi.yaml"

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specPath)
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	return doc
}

func TestSpecIsValid(t *testing.T) {
	doc := loadSpec(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi version = %q, want 3.0.3", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("spec does not validate: %v", err)
	}
}

// The documented operations, exactly: a new or a lost one must be a conscious change.
var wantOperations = []string{
	"GET /identities.json",
	"GET /identities/{identity_token}.json",
	"DELETE /identities/{identity_token}.json",
	"PUT /identities/{identity_token}/link.json",
	"PUT /identities/{identity_token}/synchronize.json",
	"GET /identities/{identity_token}/contacts.json",
	"GET /identities/{identity_token}/steam/games.json",
	"GET /identities/{identity_token}/youtube/videos.json",
	"GET /identities/{identity_token}/facebook/posts.json",
	"GET /users.json",
	"PUT /users.json",
	"GET /users/{user_token}.json",
	"DELETE /users/{user_token}.json",
	"GET /users/{user_token}/contacts.json",
	"POST /storage/users.json",
	"PUT /storage/users/{user_token}.json",
	"PUT /storage/users/user/synchronize.json",
	"POST /storage/users/user/lookup.json",
	"GET /connections.json",
	"GET /connections/{connection_token}.json",
	"GET /sso/sessions.json",
	"GET /sso/sessions/{sso_session_token}.json",
	"DELETE /sso/sessions/{sso_session_token}.json",
	"GET /sso/sessions/identities/{identity_token}.json",
	"PUT /sso/sessions/identities/{identity_token}.json",
	"DELETE /sso/sessions/identities/{identity_token}.json",
	"GET /site.json",
	"GET /tools/ping.json",
	"GET /providers.json",
	// ---- Pull (issue 17, branch pushpull).
	"GET /pull/identities/{identity_token}/facebook/posts.json",
	"GET /pull/identities/{identity_token}/facebook/page/{page_id}/posts.json",
	"GET /pull/identities/{identity_token}/facebook/pages.json",
	"GET /pull/identities/{identity_token}/facebook/likes.json",
	"GET /pull/identities/{identity_token}/linkedin/user/posts.json",
	"GET /pull/identities/{identity_token}/linkedin/companies.json",
	"GET /pull/identities/{identity_token}/linkedin/company/{company_id}/posts.json",
	"GET /pull/identities/{identity_token}/pinterest/boards.json",
	"GET /pull/identities/{identity_token}/steam/games.json",
	"GET /pull/identities/{identity_token}/twitter/tweets.json",
	"GET /pull/identities/{identity_token}/youtube/videos.json",
	"POST /storage/users/{user_token}.json", // the deprecated alias of the PUT (issue 17, branch pushpull)
	// ---- Search (issue 17, branch pushpull).
	"GET /search/twitter/tweets.json",
	"GET /site/providers/twitter/tweets/search.json",
	"GET /site/providers/twitter/tweets/search-by-user.json",
	// ---- Push (issue 17, branch pushpull).
	"POST /push/identities/{identity_token}/facebook/post.json",
	"POST /push/identities/{identity_token}/facebook/picture.json",
	"POST /push/identities/{identity_token}/facebook/video.json",
	"POST /push/identities/{identity_token}/facebook/page/post.json",
	"POST /push/identities/{identity_token}/facebook/page/picture.json",
	"POST /push/identities/{identity_token}/linkedin/post.json",
	"POST /push/identities/{identity_token}/linkedin/company/post.json",
	"POST /push/identities/{identity_token}/pinterest/board/{board_id}/pin.json",
	"POST /push/identities/{identity_token}/pinterest/pin.json",
	"POST /push/identities/{identity_token}/twitter/post.json",
	"POST /push/identities/{identity_token}/twitter/picture.json",
	"POST /push/identities/{identity_token}/twitter/video.json",
	"POST /push/identities/{identity_token}/youtube/video.json",
}

func TestSpecOperationsAreExactlyTheDocumentedOnes(t *testing.T) {
	doc := loadSpec(t)
	var got []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			got = append(got, method+" "+path)
			if op.OperationID == "" || op.Summary == "" || op.Description == "" {
				t.Errorf("%s %s: operationId, summary and description are all required", method, path)
			}
		}
	}
	sort.Strings(got)
	want := slices.Clone(wantOperations)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("operations differ\n got: %q\nwant: %q", got, want)
	}
}

func TestSpecEveryOperationHasExamplesAndErrors(t *testing.T) {
	doc := loadSpec(t)
	errorCodes := []string{"400", "401", "403", "404", "409", "429", "500", "502", "503"}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			if op.RequestBody != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					if len(mt.Examples) == 0 {
						t.Errorf("%s: request body %s has no example", name, ct)
					}
				}
			}
			for code, resp := range op.Responses.Map() {
				for ct, mt := range resp.Value.Content {
					if len(mt.Examples) == 0 {
						t.Errorf("%s: response %s %s has no example", name, code, ct)
					}
				}
			}
			for _, code := range errorCodes {
				r := op.Responses.Value(code)
				if r == nil {
					t.Errorf("%s: no %s response", name, code)
					continue
				}
				s := r.Value.Content.Get("application/json").Schema
				if s.Ref != "#/components/schemas/ErrorEnvelope" {
					t.Errorf("%s: %s answers with %q, want the shared ErrorEnvelope", name, code, s.Ref)
				}
			}
		}
	}
}

// parsers maps each operationId to the generated parser that picks the model
// for a status code: the examples are decoded by exactly the types users get.
var parsers = map[string]func(*http.Response) (any, error){
	"ListIdentities":            func(r *http.Response) (any, error) { return api.ParseListIdentitiesResponse(r) },
	"GetIdentity":               func(r *http.Response) (any, error) { return api.ParseGetIdentityResponse(r) },
	"DeleteIdentity":            func(r *http.Response) (any, error) { return api.ParseDeleteIdentityResponse(r) },
	"RelinkIdentity":            func(r *http.Response) (any, error) { return api.ParseRelinkIdentityResponse(r) },
	"SynchronizeIdentity":       func(r *http.Response) (any, error) { return api.ParseSynchronizeIdentityResponse(r) },
	"ListIdentityContacts":      func(r *http.Response) (any, error) { return api.ParseListIdentityContactsResponse(r) },
	"ListSteamGames":            func(r *http.Response) (any, error) { return api.ParseListSteamGamesResponse(r) },
	"ListYouTubeVideos":         func(r *http.Response) (any, error) { return api.ParseListYouTubeVideosResponse(r) },
	"ListFacebookPosts":         func(r *http.Response) (any, error) { return api.ParseListFacebookPostsResponse(r) },
	"ListUsers":                 func(r *http.Response) (any, error) { return api.ParseListUsersResponse(r) },
	"ImportUser":                func(r *http.Response) (any, error) { return api.ParseImportUserResponse(r) },
	"GetUser":                   func(r *http.Response) (any, error) { return api.ParseGetUserResponse(r) },
	"DeleteUser":                func(r *http.Response) (any, error) { return api.ParseDeleteUserResponse(r) },
	"ListUserContacts":          func(r *http.Response) (any, error) { return api.ParseListUserContactsResponse(r) },
	"CreateStorageUser":         func(r *http.Response) (any, error) { return api.ParseCreateStorageUserResponse(r) },
	"UpdateStorageUser":         func(r *http.Response) (any, error) { return api.ParseUpdateStorageUserResponse(r) },
	"SynchronizeStorageUser":    func(r *http.Response) (any, error) { return api.ParseSynchronizeStorageUserResponse(r) },
	"LookupStorageUser":         func(r *http.Response) (any, error) { return api.ParseLookupStorageUserResponse(r) },
	"ListConnections":           func(r *http.Response) (any, error) { return api.ParseListConnectionsResponse(r) },
	"GetConnection":             func(r *http.Response) (any, error) { return api.ParseGetConnectionResponse(r) },
	"ListSSOSessions":           func(r *http.Response) (any, error) { return api.ParseListSSOSessionsResponse(r) },
	"GetSSOSession":             func(r *http.Response) (any, error) { return api.ParseGetSSOSessionResponse(r) },
	"DeleteSSOSession":          func(r *http.Response) (any, error) { return api.ParseDeleteSSOSessionResponse(r) },
	"GetIdentitySSOSession":     func(r *http.Response) (any, error) { return api.ParseGetIdentitySSOSessionResponse(r) },
	"StartIdentitySSOSession":   func(r *http.Response) (any, error) { return api.ParseStartIdentitySSOSessionResponse(r) },
	"DestroyIdentitySSOSession": func(r *http.Response) (any, error) { return api.ParseDestroyIdentitySSOSessionResponse(r) },
	"GetSite":                   func(r *http.Response) (any, error) { return api.ParseGetSiteResponse(r) },
	"Ping":                      func(r *http.Response) (any, error) { return api.ParsePingResponse(r) },
	"ListProviders":             func(r *http.Response) (any, error) { return api.ParseListProvidersResponse(r) },
	// ---- Push (issue 17, branch pushpull).
	"UpdateStorageUserByPost": func(r *http.Response) (any, error) { return api.ParseUpdateStorageUserByPostResponse(r) },
	// ---- Search (issue 17, branch pushpull).
	"SearchTwitterTweets":    func(r *http.Response) (any, error) { return api.ParseSearchTwitterTweetsResponse(r) },
	"SearchSiteTweets":       func(r *http.Response) (any, error) { return api.ParseSearchSiteTweetsResponse(r) },
	"SearchSiteTweetsByUser": func(r *http.Response) (any, error) { return api.ParseSearchSiteTweetsByUserResponse(r) },
	// ---- Pull (issue 17, branch pushpull).
	"PullFacebookPosts":        func(r *http.Response) (any, error) { return api.ParsePullFacebookPostsResponse(r) },
	"PullFacebookPagePosts":    func(r *http.Response) (any, error) { return api.ParsePullFacebookPagePostsResponse(r) },
	"PullFacebookPages":        func(r *http.Response) (any, error) { return api.ParsePullFacebookPagesResponse(r) },
	"PullFacebookLikes":        func(r *http.Response) (any, error) { return api.ParsePullFacebookLikesResponse(r) },
	"PullLinkedInPosts":        func(r *http.Response) (any, error) { return api.ParsePullLinkedInPostsResponse(r) },
	"PullLinkedInCompanies":    func(r *http.Response) (any, error) { return api.ParsePullLinkedInCompaniesResponse(r) },
	"PullLinkedInCompanyPosts": func(r *http.Response) (any, error) { return api.ParsePullLinkedInCompanyPostsResponse(r) },
	"PullPinterestBoards":      func(r *http.Response) (any, error) { return api.ParsePullPinterestBoardsResponse(r) },
	"PullSteamGames":           func(r *http.Response) (any, error) { return api.ParsePullSteamGamesResponse(r) },
	"PullTwitterTweets":        func(r *http.Response) (any, error) { return api.ParsePullTwitterTweetsResponse(r) },
	"PullYouTubeVideos":        func(r *http.Response) (any, error) { return api.ParsePullYouTubeVideosResponse(r) },
	"PushFacebookPost":         func(r *http.Response) (any, error) { return api.ParsePushFacebookPostResponse(r) },
	"PushFacebookPicture":      func(r *http.Response) (any, error) { return api.ParsePushFacebookPictureResponse(r) },
	"PushFacebookVideo":        func(r *http.Response) (any, error) { return api.ParsePushFacebookVideoResponse(r) },
	"PushFacebookPagePost":     func(r *http.Response) (any, error) { return api.ParsePushFacebookPagePostResponse(r) },
	"PushFacebookPagePicture":  func(r *http.Response) (any, error) { return api.ParsePushFacebookPagePictureResponse(r) },
	"PushLinkedInPost":         func(r *http.Response) (any, error) { return api.ParsePushLinkedInPostResponse(r) },
	"PushLinkedInCompanyPost":  func(r *http.Response) (any, error) { return api.ParsePushLinkedInCompanyPostResponse(r) },
	"PushPinterestPin":         func(r *http.Response) (any, error) { return api.ParsePushPinterestPinResponse(r) },
	"PushPinterestPinLegacy":   func(r *http.Response) (any, error) { return api.ParsePushPinterestPinLegacyResponse(r) },
	"PushTwitterPost":          func(r *http.Response) (any, error) { return api.ParsePushTwitterPostResponse(r) },
	"PushTwitterPicture":       func(r *http.Response) (any, error) { return api.ParsePushTwitterPictureResponse(r) },
	"PushTwitterVideo":         func(r *http.Response) (any, error) { return api.ParsePushTwitterVideoResponse(r) },
	"PushYouTubeVideo":         func(r *http.Response) (any, error) { return api.ParsePushYouTubeVideoResponse(r) },
}

// requestBodies maps each operationId with a body to a new generated body model.
var requestBodies = map[string]func() any{
	"RelinkIdentity":          func() any { return new(api.RelinkIdentityJSONRequestBody) },
	"SynchronizeIdentity":     func() any { return new(api.SynchronizeIdentityJSONRequestBody) },
	"ImportUser":              func() any { return new(api.ImportUserJSONRequestBody) },
	"CreateStorageUser":       func() any { return new(api.CreateStorageUserJSONRequestBody) },
	"UpdateStorageUser":       func() any { return new(api.UpdateStorageUserJSONRequestBody) },
	"SynchronizeStorageUser":  func() any { return new(api.SynchronizeStorageUserJSONRequestBody) },
	"LookupStorageUser":       func() any { return new(api.LookupStorageUserJSONRequestBody) },
	"StartIdentitySSOSession": func() any { return new(api.StartIdentitySSOSessionJSONRequestBody) },
	"UpdateStorageUserByPost": func() any { return new(api.UpdateStorageUserByPostJSONRequestBody) }, // issue 17, branch pushpull
	// ---- Push (issue 17, branch pushpull).
	"PushFacebookPost":        func() any { return new(api.PushFacebookPostJSONRequestBody) },
	"PushFacebookPicture":     func() any { return new(api.PushFacebookPictureJSONRequestBody) },
	"PushFacebookVideo":       func() any { return new(api.PushFacebookVideoJSONRequestBody) },
	"PushFacebookPagePost":    func() any { return new(api.PushFacebookPagePostJSONRequestBody) },
	"PushFacebookPagePicture": func() any { return new(api.PushFacebookPagePictureJSONRequestBody) },
	"PushLinkedInPost":        func() any { return new(api.PushLinkedInPostJSONRequestBody) },
	"PushLinkedInCompanyPost": func() any { return new(api.PushLinkedInCompanyPostJSONRequestBody) },
	"PushPinterestPin":        func() any { return new(api.PushPinterestPinJSONRequestBody) },
	"PushPinterestPinLegacy":  func() any { return new(api.PushPinterestPinLegacyJSONRequestBody) },
	"PushTwitterPost":         func() any { return new(api.PushTwitterPostJSONRequestBody) },
	"PushTwitterPicture":      func() any { return new(api.PushTwitterPictureJSONRequestBody) },
	"PushTwitterVideo":        func() any { return new(api.PushTwitterVideoJSONRequestBody) },
	"PushYouTubeVideo":        func() any { return new(api.PushYouTubeVideoJSONRequestBody) },
}

func TestSpecExamplesRoundTripThroughGeneratedModels(t *testing.T) {
	doc := loadSpec(t)
	checked := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			parse, ok := parsers[op.OperationID]
			if !ok {
				t.Errorf("%s %s: no parser registered for %s", method, path, op.OperationID)
				continue
			}
			if op.RequestBody != nil {
				newBody, ok := requestBodies[op.OperationID]
				if !ok {
					t.Errorf("%s: no request body model registered", op.OperationID)
					continue
				}
				for name, ex := range op.RequestBody.Value.Content.Get("application/json").Examples {
					t.Run(op.OperationID+"/request/"+name, func(t *testing.T) {
						raw := mustJSON(t, ex.Value.Value)
						model := newBody()
						if err := json.Unmarshal(raw, model); err != nil {
							t.Fatalf("decode: %v\n%s", err, raw)
						}
						assertSameFields(t, raw, mustJSON(t, model))
					})
					checked++
				}
			}
			for code, resp := range op.Responses.Map() {
				for name, ex := range resp.Value.Content.Get("application/json").Examples {
					t.Run(op.OperationID+"/"+code+"/"+name, func(t *testing.T) {
						raw := mustJSON(t, ex.Value.Value)
						status, _ := strconv.Atoi(code)
						parsed, err := parse(&http.Response{
							StatusCode: status,
							Header:     http.Header{"Content-Type": {"application/json"}},
							Body:       io.NopCloser(bytes.NewReader(raw)),
						})
						if err != nil {
							t.Fatalf("decode: %v\n%s", err, raw)
						}
						field := reflect.ValueOf(parsed).Elem().FieldByName("JSON" + code)
						if !field.IsValid() || field.IsNil() {
							t.Fatalf("the generated parser left JSON%s empty", code)
						}
						assertSameFields(t, raw, mustJSON(t, field.Interface()))
					})
					checked++
				}
			}
		}
	}
	if checked < 60 {
		t.Fatalf("only %d examples checked; the walk over the spec is broken", checked)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

// assertSameFields checks that re-encoding kept every field and every value,
// up to the documented canonicalisation (numbers as numbers, booleans as
// booleans, dates as RFC 1123 with a numeric zone, identities as an array).
func assertSameFields(t *testing.T, original, reencoded []byte) {
	t.Helper()
	for _, d := range diffFields(t, original, reencoded) {
		t.Error(d)
	}
}

func diffFields(t *testing.T, original, reencoded []byte) []string {
	t.Helper()
	var diffs []string
	want, got := flatten(t, original), flatten(t, reencoded)
	for k, v := range want {
		if g, ok := got[k]; !ok {
			// The models are values: a field sent as 0, false or "" reads
			// like an absent one and is left out on encoding (omitzero).
			if isZeroScalar(v) {
				continue
			}
			diffs = append(diffs, fmt.Sprintf("field %s lost on re-encoding", k))
		} else if g != v {
			diffs = append(diffs, fmt.Sprintf("field %s = %s after re-encoding, want %s", k, g, v))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("field %s appeared on re-encoding", k))
		}
	}
	sort.Strings(diffs)
	return diffs
}

// The comparison itself must catch a lost field, a changed value and an
// invented one, and must accept the documented canonical forms.
func TestDiffFields(t *testing.T) {
	orig := `{"a":{"n":"64","d":"Tue, 02 May 2017 15:27:08  0200","identities":{"identity":[{"x":1}]},"e":[]}}`
	same := `{"a":{"n":64,"d":"Tue, 02 May 2017 15:27:08 +0200","identities":[{"x":"1"}]}}`
	if d := diffFields(t, []byte(orig), []byte(same)); len(d) != 0 {
		t.Errorf("canonical forms reported as differences: %q", d)
	}
	// A zero scalar may be left out (value models cannot tell it from an
	// absent field), but it must not be invented.
	zeros := `{"a":{"n":"64","d":"Tue, 02 May 2017 15:27:08  0200","identities":[{"x":1}],"z":0,"f":false,"s":""}}`
	if d := diffFields(t, []byte(zeros), []byte(same)); len(d) != 0 {
		t.Errorf("zero scalars left out reported as differences: %q", d)
	}
	if d := diffFields(t, []byte(same), []byte(zeros)); len(d) != 3 {
		t.Errorf("invented zero scalars: got %q, want 3 differences", d)
	}
	changed := `{"a":{"n":65,"identities":[{"x":1}],"new":true}}`
	d := diffFields(t, []byte(orig), []byte(changed))
	want := []string{
		"field .a.d lost on re-encoding",
		"field .a.n = 65 after re-encoding, want 64",
		"field .a.new appeared on re-encoding",
	}
	if !slices.Equal(d, want) {
		t.Errorf("diffFields = %q, want %q", d, want)
	}
}

// isZeroScalar reports whether a flattened value is the zero of its JSON
// kind: such a field may be left out on re-encoding, never invented.
func isZeroScalar(v string) bool {
	switch v {
	case "0", "false", "":
		return true
	}
	return false
}

func flatten(t *testing.T, raw []byte) map[string]string {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode generic: %v", err)
	}
	out := map[string]string{}
	walk("", v, out)
	return out
}

func walk(path string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		// The legacy {"identities": {"identity": [...]}} form is canonically an array.
		if strings.HasSuffix(path, "identities") && len(x) == 1 {
			if inner, ok := x["identity"]; ok {
				walk(path, inner, out)
				return
			}
		}
		// An empty object or array is no field lost: the models omit empty
		// containers, which mean the same as absent ones.
		for k, e := range x {
			walk(path+"."+k, e, out)
		}
	case []any:
		for i, e := range x {
			walk(fmt.Sprintf("%s[%d]", path, i), e, out)
		}
	case json.Number:
		out[path] = x.String()
	case bool:
		out[path] = strconv.FormatBool(x)
	case string:
		if ts, err := api.ParseTimestamp(x); err == nil && strings.Contains(x, ",") {
			out[path] = ts.String()
		} else {
			out[path] = x
		}
	case nil:
		out[path] = "null"
	}
}
