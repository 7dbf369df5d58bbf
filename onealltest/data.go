package onealltest

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

const providerStorage = "storage"

// providerInfo describes a social network the server knows.
type providerInfo struct {
	name string
	// contacts: OneAll reads contacts only from some networks.
	contacts bool
	// oauth1 networks have a token secret and tokens that do not expire.
	oauth1 bool
	// profile builds the profile URL from a user name and a numeric id.
	profile func(username, uid string) string
}

var providers = map[string]providerInfo{
	"facebook": {name: "Facebook", contacts: true, profile: func(u, id string) string { return "https://www.facebook.com/" + u }},
	"twitter":  {name: "Twitter", contacts: true, oauth1: true, profile: func(u, id string) string { return "https://twitter.com/" + u }},
	"google":   {name: "Google", contacts: true, profile: func(u, id string) string { return "https://profiles.google.com/" + id }},
	"linkedin": {name: "LinkedIn", contacts: true, profile: func(u, id string) string { return "https://www.linkedin.com/in/" + u }},
	"yahoo":    {name: "Yahoo", contacts: true, profile: func(u, id string) string { return "https://profile.yahoo.com/" + id }},
	"windowslive": {name: "Windows Live", contacts: true, profile: func(u, id string) string {
		return "https://profile.live.com/cid-" + id
	}},
	"steam":     {name: "Steam", profile: func(u, id string) string { return "https://steamcommunity.com/profiles/7656119" + id }},
	"youtube":   {name: "YouTube", profile: func(u, id string) string { return "https://www.youtube.com/@" + u }},
	"disqus":    {name: "Disqus", profile: func(u, id string) string { return "https://disqus.com/by/" + u + "/" }},
	"github":    {name: "GitHub", profile: func(u, id string) string { return "https://github.com/" + u }},
	"instagram": {name: "Instagram", profile: func(u, id string) string { return "https://www.instagram.com/" + u + "/" }},
	"paypal":    {name: "PayPal", profile: func(u, id string) string { return "https://www.paypal.com/" + id }},
	"vkontakte": {name: "VKontakte", profile: func(u, id string) string { return "https://vk.com/id" + id }},
	"foursquare": {name: "Foursquare", profile: func(u, id string) string {
		return "https://foursquare.com/user/" + id
	}},
	"amazon":  {name: "Amazon", profile: func(u, id string) string { return "https://www.amazon.com/profile/" + id }},
	"reddit":  {name: "Reddit", profile: func(u, id string) string { return "https://www.reddit.com/user/" + u }},
	"discord": {name: "Discord", profile: func(u, id string) string { return "https://discord.com/users/" + id }},
	// Pinterest: a provider like the others, for Push, Pull and ImportUser.
	"pinterest": {name: "Pinterest", profile: func(u, id string) string { return "https://www.pinterest.com/" + u + "/" }},
}

// seedProviders is the rotation of the first identity of seeded users, so
// that Seed(8) or more covers every provider-specific behaviour: contacts
// (facebook, twitter, google, linkedin), their absence (steam, youtube,
// disqus, github), Steam games, YouTube videos and Facebook posts.
var seedProviders = []string{"facebook", "twitter", "google", "linkedin", "steam", "youtube", "disqus", "github"}

var firstNames = []struct{ name, gender string }{
	{"Alice", "female"}, {"Bruno", "male"}, {"Chloe", "female"}, {"David", "male"}, {"Elena", "female"},
	{"Felix", "male"}, {"Grace", "female"}, {"Hugo", "male"}, {"Ines", "female"}, {"Jonas", "male"},
	{"Katrin", "female"}, {"Liam", "male"}, {"Maya", "female"}, {"Noah", "male"}, {"Olivia", "female"},
	{"Pablo", "male"}, {"Quinn", "female"}, {"Rafael", "male"}, {"Sofia", "female"}, {"Tom", "male"},
	{"Uma", "female"}, {"Victor", "male"}, {"Wen", "female"}, {"Xavier", "male"}, {"Yara", "female"}, {"Zeno", "male"},
}

var lastNames = []string{
	"Anderson", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova", "Jensen",
	"Kowalski", "Lambert", "Moreau", "Nakamura", "Okafor", "Peeters", "Quist", "Rossi", "Schmidt", "Tanaka",
	"Urban", "Virtanen", "Weber", "Xu", "Yilmaz", "Zimmermann",
}

var utcOffsets = []string{"-8:00", "-5:00", "0:00", "1:00", "2:00", "3:00", "5:30", "9:00"}

// person is who a generated profile belongs to.
type person struct {
	first, last, gender, username, uid string
}

func newPerson(r *rand.Rand) person {
	fn := firstNames[r.IntN(len(firstNames))]
	ln := lastNames[r.IntN(len(lastNames))]
	return person{
		first:    fn.name,
		last:     ln,
		gender:   fn.gender,
		username: strings.ToLower(fn.name+"."+ln) + strconv.Itoa(r.IntN(100)),
		uid:      strconv.FormatUint(1_000_000_000+r.Uint64N(9_000_000_000), 10),
	}
}

func ptr[T any](v T) *T { return &v }

// socialProfile builds what a social network says about p.
func socialProfile(r *rand.Rand, provider string, p person) api.Identity {
	info := providerFor(provider)
	profileURL := info.profile(p.username, p.uid)
	formatted := p.first + " " + p.last
	picture := fmt.Sprintf("https://img.example.com/%s/%s", provider, p.uid)
	id := api.Identity{
		ID:                profileURL,
		Name:              api.IdentityName{Formatted: formatted, GivenName: p.first, FamilyName: p.last},
		DisplayName:       formatted,
		PreferredUsername: p.username,
		ProfileURL:        profileURL,
		ThumbnailURL:      picture + "?size=50",
		PictureURL:        picture + "?size=400",
		Gender:            p.gender,
		UTCOffset:         utcOffsets[r.IntN(len(utcOffsets))],
		URLs:              []api.URL{{Value: profileURL, Type: "profile"}},
		Photos: []api.Photo{
			{Value: picture + "?size=50", Size: "50x50"},
			{Value: picture + "?size=400", Size: "400x400"},
		},
		Accounts: []api.Account{{Domain: domainOf(profileURL), UserID: api.FlexString(p.uid), Username: p.username}},
	}
	if provider != "steam" && provider != "github" {
		verified := api.FlexBool(r.IntN(4) != 0)
		id.Emails = []api.Email{{Value: p.username + "@example.com", IsVerified: verified}}
	}
	if r.IntN(2) == 0 {
		id.Birthday = fmt.Sprintf("%02d/%02d/%d", 1+r.IntN(12), 1+r.IntN(28), 1960+r.IntN(45))
	}
	if r.IntN(3) == 0 {
		id.Languages = []api.Language{{Value: "English"}}
	}
	return id
}

func domainOf(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	host, _, _ := strings.Cut(u, "/")
	return strings.TrimPrefix(host, "www.")
}

// providerFor returns what the server knows about a provider; unknown ones
// get a generic profile URL.
func providerFor(key string) providerInfo {
	if p, ok := providers[key]; ok {
		return p
	}
	if key == providerStorage {
		return providerInfo{name: "Cloud Storage", profile: func(u, id string) string { return "" }}
	}
	return providerInfo{name: key, profile: func(u, id string) string { return "https://" + key + ".example.com/" + u }}
}

// newAccessToken draws an access token valid from now.
func newAccessToken(r *rand.Rand, provider string, now time.Time) accessToken {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	draw := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	if providerFor(provider).oauth1 {
		return accessToken{key: strconv.FormatUint(r.Uint64N(1e10), 10) + "-" + draw(30), secret: draw(40)}
	}
	return accessToken{key: draw(48), expires: now.Add(accessTokenLifetime)}
}

// Seed adds n users with one to three social identities each, the same on
// every run, and returns their user tokens in creation order: their tokens
// and profiles depend only on how many users were seeded before, their
// dates on the clock (see Now). The first identity of the seeded users
// rotates through facebook, twitter, google, linkedin, steam, youtube,
// disqus and github, so Seed(8) covers every provider-specific endpoint;
// more identities come from other providers at random. Every fourth seeded
// user (the first, the fifth...) comes with a short URL of the site, which
// GET /shorturls.json lists. AddUser and AddIdentity put in the exact users
// and identities a test needs.
func (s *Server) Seed(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	tokens := make([]string, 0, max(n, 0))
	for range n {
		u := s.seedUser()
		s.seedShortURL(u)
		tokens = append(tokens, u.token)
	}
	if n > 0 {
		s.st.changes++
	}
	return tokens
}

// seedUser adds one seeded user. s.mu is held.
func (s *Server) seedUser() *user {
	st := &s.st
	idx := st.seeded
	st.seeded++
	r := rand.New(rand.NewPCG(dataSeed, uint64(idx)))
	p := newPerson(r)
	u := st.addUser(st.newToken(r), s.tick())
	u.numLogins = 1 + r.IntN(250)

	count := 1 + r.IntN(3)
	used := map[string]bool{}
	for j := range count {
		provider := seedProviders[idx%len(seedProviders)]
		for j > 0 && used[provider] {
			provider = randomProvider(r)
		}
		used[provider] = true
		created := s.tick()
		id := st.addIdentity(u, st.newToken(r), provider, created, socialProfile(r, provider, p))
		id.access = newAccessToken(r, provider, created)
		id.seed = r.Uint64()
		id.importKey = importKey(provider, "access_token", id.access.key)
		st.imports[id.importKey] = id
		u.lastLogin = created
	}
	return u
}

// randomProvider picks a seeded identity's provider after the first.
func randomProvider(r *rand.Rand) string {
	all := []string{"facebook", "twitter", "google", "linkedin", "steam", "youtube", "disqus", "github", "instagram", "yahoo", "paypal", "vkontakte"}
	return all[r.IntN(len(all))]
}

// importKey is how imports recognise a profile: the same network token
// always reads the same profile.
func importKey(provider, kind, token string) string {
	return provider + "\x00" + kind + "\x00" + token
}

// importRand returns the random source of the profile behind a token.
func importRand(key string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(key))
	return rand.New(rand.NewPCG(h.Sum64(), dataSeed))
}

// errNoIdentity is returned by the state helpers for an unknown identity.
var errNoIdentity = errors.New("onealltest: no identity has this token")

// UpdateNetworkProfile changes an identity's profile at its social network,
// as if the person edited it there. It fails for an unknown identity token. OneAll's copy (what the API returns) is
// unchanged until a synchronize with update_user_data (the default) or an
// import reads the new profile. edit receives a copy of the current network
// profile; the tokens, provider, source and dates are not part of it.
func (s *Server) UpdateNetworkProfile(identityToken string, edit func(*api.Identity)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.st.identities[identityToken]
	if id == nil {
		return errNoIdentity
	}
	base := id.profile
	if id.network != nil {
		base = *id.network
	}
	p, err := cloneIdentity(base)
	if err != nil {
		return err
	}
	edit(&p)
	clearServerFields(&p)
	id.network = &p
	return nil
}

// ExpireAccessToken makes an identity's access token expire now, so that the
// next synchronize refreshes it even without force_token_update. It fails
// for an unknown identity token.
func (s *Server) ExpireAccessToken(identityToken string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.st.identities[identityToken]
	if id == nil {
		return errNoIdentity
	}
	id.access.expires = s.Now()
	s.st.changes++
	return nil
}

// cloneIdentity deep-copies an identity through JSON.
func cloneIdentity(in api.Identity) (api.Identity, error) {
	var out api.Identity
	b, err := json.Marshal(in)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	return out, err
}

// ---- Provider data, derived from the identity's seed.

// contactsFor returns the identity's contacts at its network, oldest first.
func contactsFor(id *identity) []api.Contact {
	r := rand.New(rand.NewPCG(id.seed, 0xc0))
	n := 3 + r.IntN(40)
	out := make([]api.Contact, n)
	info := providerFor(id.provider)
	for i := range out {
		p := newPerson(r)
		formatted := p.first + " " + p.last
		profileURL := info.profile(p.username, p.uid)
		out[i] = api.Contact{
			ID:           profileURL,
			DisplayName:  formatted,
			Name:         api.IdentityName{Formatted: formatted, GivenName: p.first, FamilyName: p.last},
			ProfileURL:   profileURL,
			ThumbnailURL: fmt.Sprintf("https://img.example.com/%s/%s?size=50", id.provider, p.uid),
		}
		if r.IntN(3) == 0 {
			out[i].Emails = []api.Email{{Value: p.username + "@example.org"}}
		}
	}
	return out
}

var steamGames = []struct {
	id   string
	name string
}{
	{"440", "Team Fortress 2"}, {"570", "Dota 2"}, {"730", "Counter-Strike 2"}, {"620", "Portal 2"},
	{"292030", "The Witcher 3: Wild Hunt"}, {"413150", "Stardew Valley"}, {"105600", "Terraria"},
	{"252490", "Rust"}, {"271590", "Grand Theft Auto V"}, {"1091500", "Cyberpunk 2077"},
	{"367520", "Hollow Knight"}, {"646570", "Slay the Spire"},
}

// steamGamesFor returns the games a Steam identity owns.
func steamGamesFor(id *identity) []api.SteamGame {
	r := rand.New(rand.NewPCG(id.seed, 0x57ea))
	var out []api.SteamGame
	for _, g := range steamGames {
		if r.IntN(2) == 0 {
			continue
		}
		forever := r.IntN(5000)
		out = append(out, api.SteamGame{
			GameID:          api.FlexString(g.id),
			Name:            g.name,
			PlaytimeForever: api.FlexInt(forever),
			Playtime2Weeks:  api.FlexInt(r.IntN(min(forever, 1200) + 1)),
		})
	}
	return out
}

// youTubeVideosFor returns the videos of a YouTube identity, oldest first.
func youTubeVideosFor(id *identity) []api.YouTubeVideo {
	r := rand.New(rand.NewPCG(id.seed, 0x7b))
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	topics := []string{"Unboxing", "Travel vlog", "Cooking", "Live session", "Tutorial", "Review", "Behind the scenes"}
	n := 1 + r.IntN(12)
	out := make([]api.YouTubeVideo, n)
	published := id.created.AddDate(-2, 0, 0)
	for i := range out {
		b := make([]byte, 11)
		for j := range b {
			b[j] = alphabet[r.IntN(len(alphabet))]
		}
		vid := string(b)
		published = published.Add(time.Duration(1+r.IntN(30*24)) * time.Hour)
		out[i] = api.YouTubeVideo{
			VideoID:       vid,
			Title:         fmt.Sprintf("%s #%d", topics[r.IntN(len(topics))], i+1),
			Description:   "A video of the test server.",
			URL:           "https://www.youtube.com/watch?v=" + vid,
			DatePublished: api.Timestamp{Time: published},
		}
	}
	return out
}

// facebookPostsFor returns the posts of a Facebook identity, oldest first.
func facebookPostsFor(id *identity) []api.FacebookPost {
	r := rand.New(rand.NewPCG(id.seed, 0xfb))
	messages := []string{"Hello world", "Back from holidays!", "Great concert tonight", "New job, new city",
		"Happy birthday to me", "Look at this view", "Reading a good book"}
	n := 2 + r.IntN(30)
	out := make([]api.FacebookPost, n)
	uid := "1" + strconv.FormatUint(r.Uint64N(1e14), 10)
	date := id.created.AddDate(-1, 0, 0)
	for i := range out {
		date = date.Add(time.Duration(1+r.IntN(14*24)) * time.Hour)
		out[i] = api.FacebookPost{
			PostID:       uid + "_" + strconv.FormatUint(r.Uint64N(1e15), 10),
			Message:      messages[r.IntN(len(messages))],
			DateCreation: api.Timestamp{Time: date},
		}
		if r.IntN(3) == 0 {
			out[i].Link = "https://www.example.com/articles/" + strconv.Itoa(r.IntN(10000))
		}
	}
	return out
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
