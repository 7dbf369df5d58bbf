package wrapper

import (
	"context"
	"encoding/base64"
	"iter"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/oneall-go/oneall-go/api"
)

// SharingService publishes messages on the social networks of the site's
// users (OneAll's Advanced Sharing API, a plan feature) and reads the pages
// shared with OneAll's share icons.
type SharingService struct{ c *Client }

// Limits of a message, checked before anything is sent.
const (
	// MaxUploads is the most files one message carries.
	MaxUploads = 4
	// MaxUploadBytes bounds the files of one message together, before
	// base64 (OneAll documents 5 MB for a picture pushed to Facebook).
	MaxUploadBytes = 5 << 20
	// MaxMessageText bounds the text of a message, in bytes.
	MaxMessageText = 64 << 10
	// maxSharingProviders bounds the providers of one publication.
	maxSharingProviders = 32
)

// sharingProviderRE is a provider key such as "facebook" or "windowslive".
var sharingProviderRE = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// Audience is who a message is published for: a user on some of its
// social networks (ForUser) or one identity (ForIdentity).
type Audience struct {
	userToken, identityToken string
	providers                []string
}

// ForUser publishes for a user on each of its identities of the given
// providers ("facebook", "twitter"...).
func ForUser(userToken string, providers ...string) Audience {
	return Audience{userToken: userToken, providers: providers}
}

// ForIdentity publishes for one identity, on its social network.
func ForIdentity(identityToken string) Audience {
	return Audience{identityToken: identityToken}
}

// check refuses an audience that is not exactly one of the two kinds, a
// token that is not a UUID, or a provider key of the wrong form.
func (a Audience) check() error {
	switch {
	case a.userToken == "" && a.identityToken == "":
		return invalidInput("audience", "is empty: use ForUser or ForIdentity")
	case a.identityToken != "":
		return checkToken("identity_token", a.identityToken)
	}
	if err := checkToken("user_token", a.userToken); err != nil {
		return err
	}
	if len(a.providers) == 0 || len(a.providers) > maxSharingProviders {
		return invalidInput("providers", "must name 1 to %d providers, got %d", maxSharingProviders, len(a.providers))
	}
	seen := map[string]bool{}
	for _, p := range a.providers {
		if !sharingProviderRE.MatchString(p) {
			return invalidInput("providers", "%q is not a provider key", truncate(p, 32))
		}
		if seen[p] {
			return invalidInput("providers", "%q is named twice", p)
		}
		seen[p] = true
	}
	return nil
}

// node is the generated request's node for the audience.
func (a Audience) node() api.SharingAudience {
	var n api.SharingAudience
	if a.identityToken != "" {
		n.PublishForIdentity.IdentityToken = a.identityToken
	} else {
		n.PublishForUser.UserToken, n.PublishForUser.Providers = a.userToken, a.providers
	}
	return n
}

// Message is what to publish. At least one part must be set.
type Message struct {
	// Text is the message's text.
	Text string
	// PictureURL and VideoURL are absolute http(s) URLs, or empty.
	PictureURL, VideoURL string
	// Link is a link with its preview, or nil.
	Link *Link
	// Uploads are files to attach: at most MaxUploads, MaxUploadBytes in all.
	Uploads []Upload
	// Tracking shortens the message's URLs so that OneAll counts the clicks
	// (flags.enable_tracking).
	Tracking bool
}

// Link is a link part.
type Link struct {
	URL, Name, Caption, Description string
}

// Upload is a file attached to a message.
type Upload struct {
	// Name is the file name, such as "photo.png".
	Name string
	// Data is the file's content; it is sent in base64.
	Data []byte
}

// PublishResult is a published message and whether every publication
// succeeded.
type PublishResult struct {
	// Message is the message with its publications, each with its Status.
	Message api.SharingMessage
	// Partial is true when OneAll answered 207: some publications failed
	// (see each publication's Status) and the others were made.
	Partial bool
}

// parts checks a message and builds its parts; an empty message is
// refused before anything is sent.
func (m Message) parts(p *api.SharingMessageInput) error {
	if m.Text == "" && m.PictureURL == "" && m.VideoURL == "" && m.Link == nil && len(m.Uploads) == 0 {
		return invalidInput("parts", "the message is empty: give a text, a picture, a video, a link or an upload")
	}
	if len(m.Text) > MaxMessageText || !utf8.ValidString(m.Text) {
		return invalidInput("parts.text", "must be valid UTF-8 of at most %d bytes", MaxMessageText)
	}
	if err := m.checkURLs(); err != nil {
		return err
	}
	if err := checkUploads(m.Uploads); err != nil {
		return err
	}
	if m.Link != nil {
		p.Parts.Link = api.SharingLink{URL: m.Link.URL, Name: m.Link.Name, Caption: m.Link.Caption, Description: m.Link.Description}
	}
	for _, u := range m.Uploads {
		p.Parts.Uploads = append(p.Parts.Uploads, api.SharingUpload{Name: u.Name, Data: base64.StdEncoding.EncodeToString(u.Data)})
	}
	p.Parts.Text.Body = m.Text
	p.Parts.Picture.URL, p.Parts.Video.URL = m.PictureURL, m.VideoURL
	tracking := 0
	if m.Tracking {
		tracking = 1
	}
	p.Parts.Flags.EnableTracking = tracking // 0 or 1, as OneAll's examples send it
	return nil
}

// checkURLs refuses a picture, video or link URL that is not absolute http(s).
func (m Message) checkURLs() error {
	for field, u := range map[string]string{"parts.picture.url": m.PictureURL, "parts.video.url": m.VideoURL} {
		if u != "" {
			if err := checkHTTPURL(field, u); err != nil {
				return err
			}
		}
	}
	if m.Link != nil {
		return checkHTTPURL("parts.link.url", m.Link.URL)
	}
	return nil
}

func checkUploads(uploads []Upload) error {
	if len(uploads) > MaxUploads {
		return invalidInput("parts.uploads", "has %d files, more than %d", len(uploads), MaxUploads)
	}
	total := 0
	for _, u := range uploads {
		if u.Name == "" || len(u.Name) > 255 || strings.ContainsAny(u.Name, "/\\\x00") {
			return invalidInput("parts.uploads", "%q is not a file name", truncate(u.Name, 64))
		}
		if len(u.Data) == 0 {
			return invalidInput("parts.uploads", "%q is empty", truncate(u.Name, 64))
		}
		total += len(u.Data)
	}
	if total > MaxUploadBytes {
		return invalidInput("parts.uploads", "holds %d bytes, more than %d", total, MaxUploadBytes)
	}
	return nil
}

// Publish publishes a message for an audience and returns it with its
// publications: one per identity and provider. A provider that OneAll
// does not know is ErrBadRequest; a user or identity that does not exist is
// ErrNotFound; an identity whose network cannot publish is ErrForbidden.
// When some publications fail and others succeed the result is Partial.
// Publishing twice would post twice, so Publish is never retried once it
// may have reached OneAll.
func (s *SharingService) Publish(ctx context.Context, to Audience, m Message, opts ...Option) (*PublishResult, error) {
	if err := to.check(); err != nil {
		return nil, err
	}
	var body api.PublishSharingMessageBody
	msg := &body.Request.SharingMessage
	if err := m.parts(msg); err != nil {
		return nil, err
	}
	aud := to.node()
	msg.PublishForUser, msg.PublishForIdentity = aud.PublishForUser, aud.PublishForIdentity
	return s.publish(ctx, opts, opPublishSharingMessage, func(server string) (*http.Request, error) {
		return api.NewPublishSharingMessageRequest(server, body)
	})
}

// Republish publishes an existing message again for an audience (see
// Publish). It is never retried once it may have reached OneAll.
func (s *SharingService) Republish(ctx context.Context, sharingMessageToken string, to Audience, opts ...Option) (*PublishResult, error) {
	if err := checkToken("sharing_message_token", sharingMessageToken); err != nil {
		return nil, err
	}
	if err := to.check(); err != nil {
		return nil, err
	}
	var body api.RepublishSharingMessageBody
	body.Request.SharingMessage = to.node()
	return s.publish(ctx, opts, opRepublishSharingMessage, func(server string) (*http.Request, error) {
		return api.NewRepublishSharingMessageRequest(server, sharingMessageToken, body)
	})
}

func (s *SharingService) publish(ctx context.Context, opts []Option, op *opInfo, build builder) (*PublishResult, error) {
	d, err := call[api.SharingMessageData](ctx, s.c, opts, op, hasSharingMessage, build)
	if err != nil {
		return nil, err
	}
	return &PublishResult{Message: d.data.SharingMessage, Partial: d.status == http.StatusMultiStatus}, nil
}

// GetMessage returns a published message with its parts and publications.
func (s *SharingService) GetMessage(ctx context.Context, sharingMessageToken string, opts ...Option) (*api.SharingMessage, error) {
	if err := checkToken("sharing_message_token", sharingMessageToken); err != nil {
		return nil, err
	}
	d, err := callPlain[api.SharingMessageData](ctx, s.c, opts, opGetSharingMessage, hasSharingMessage, sharingMessageToken)
	if err != nil {
		return nil, err
	}
	return &d.data.SharingMessage, nil
}

// DeleteMessage deletes a message (it sends confirm_deletion=true); what
// was posted stays on the social networks. OneAll answers with a status and
// no result, so only an error is returned.
func (s *SharingService) DeleteMessage(ctx context.Context, sharingMessageToken string, opts ...Option) error {
	if err := checkToken("sharing_message_token", sharingMessageToken); err != nil {
		return err
	}
	_, err := call[map[string]any](ctx, s.c, opts, opDeleteSharingMessage.payloadOptional(), nil, func(server string) (*http.Request, error) {
		return api.NewDeleteSharingMessageRequest(server, sharingMessageToken, &api.DeleteSharingMessageParams{ConfirmDeletion: true})
	})
	return err
}

// ListMessages returns one page of the published messages.
func (s *SharingService) ListMessages(ctx context.Context, lo *ListOptions, opts ...Option) (*Page[api.SharingMessage], error) {
	if err := lo.validate(false); err != nil {
		return nil, err
	}
	page, perPage, order := lo.query()
	d, err := call[sharingMessageListData](ctx, s.c, opts, opListSharingMessages, hasSharingMessages, func(server string) (*http.Request, error) {
		return api.NewListSharingMessagesRequest(server, &api.ListSharingMessagesParams{Page: page, EntriesPerPage: perPage, OrderDirection: order})
	})
	if err != nil {
		return nil, err
	}
	l := d.data.SharingMessages
	return newPage(l.Entries, l.Pagination), nil
}

// AllMessages iterates over every published message, page by page (see
// IdentitiesService.All).
func (s *SharingService) AllMessages(ctx context.Context, lo *ListOptions, opts ...Option) iter.Seq2[api.SharingMessage, error] {
	return paginate(ctx, s.c, opts, deref(lo), func(ctx context.Context, lo *ListOptions) (*Page[api.SharingMessage], error) {
		return s.ListMessages(ctx, lo, opts...)
	})
}

func hasSharingMessage(d *api.SharingMessageData) string {
	if d.SharingMessage.SharingMessageToken == "" {
		return "sharing_message"
	}
	return ""
}

// sharingMessageListData is api.SharingMessageListData with the list as a pointer.
type sharingMessageListData struct {
	SharingMessages *api.SharingMessageList `json:"sharing_messages"`
}

func hasSharingMessages(d *sharingMessageListData) string {
	if d.SharingMessages == nil {
		return "sharing_messages"
	}
	return ""
}
