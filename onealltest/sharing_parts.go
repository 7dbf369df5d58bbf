package onealltest

import (
	"encoding/base64"
	"encoding/json"
	"net/url"

	"github.com/oneall-go/oneall-go/api"
)

// partsAt is the node of a message's parts, for OneAll's error text.
const partsAt = "request->sharing_message->parts"

// partsIn is the parts of a message as sent.
type partsIn struct {
	Text    *api.SharingText    `json:"text"`
	Picture *api.SharingMedia   `json:"picture"`
	Video   *api.SharingMedia   `json:"video"`
	Link    *api.SharingLink    `json:"link"`
	Uploads []api.SharingUpload `json:"uploads"`
	Flags   struct {
		EnableTracking any `json:"enable_tracking"`
	} `json:"flags"`
}

// parseParts checks the parts of a message: a valid body, at least one
// part, absolute http(s) URLs, uploads in base64 within the limits, and a
// tracking flag of 0, 1, true or false.
func (c *call) parseParts(raw json.RawMessage) (partsNode, bool, *response) {
	var p partsIn
	if len(raw) == 0 || !isObject(raw) || decodeStrict(raw, &p) != nil {
		return partsNode{}, false, c.bad(partsAt)
	}
	out := partsNode{Text: p.Text, Picture: p.Picture, Video: p.Video, Link: p.Link}
	if out.Text != nil && out.Text.Body == "" {
		out.Text = nil
	}
	if out.Text == nil && out.Picture == nil && out.Video == nil && out.Link == nil && len(p.Uploads) == 0 {
		return out, false, c.bad(partsAt)
	}
	if node := badPartURL(out); node != "" {
		return out, false, c.bad(partsAt + "->" + node)
	}
	if !uploadsOK(p.Uploads) {
		return out, false, c.bad(partsAt + "->uploads")
	}
	tracking, ok := trackingFlag(p.Flags.EnableTracking)
	if !ok {
		return out, false, c.bad(partsAt + "->flags->enable_tracking")
	}
	return out, tracking, nil
}

// badPartURL names the first part whose URL is not absolute http(s).
func badPartURL(p partsNode) string {
	switch {
	case p.Picture != nil && !absoluteHTTP(p.Picture.URL):
		return "picture->url"
	case p.Video != nil && !absoluteHTTP(p.Video.URL):
		return "video->url"
	case p.Link != nil && !absoluteHTTP(p.Link.URL):
		return "link->url"
	}
	return ""
}

// uploadsOK checks the files: named, in base64, at most maxUploads and
// maxUploadBytes once decoded.
func uploadsOK(uploads []api.SharingUpload) bool {
	if len(uploads) > maxUploads {
		return false
	}
	total := 0
	for _, u := range uploads {
		b, err := base64.StdEncoding.DecodeString(u.Data)
		total += len(b)
		if err != nil || u.Name == "" || total > maxUploadBytes {
			return false
		}
	}
	return true
}

// trackingFlag reads enable_tracking: 0 or 1 (OneAll's examples), a
// boolean (a third-party C# client), or absent (off).
func trackingFlag(v any) (on, ok bool) {
	switch v := v.(type) {
	case nil:
		return false, true
	case bool:
		return v, true
	case json.Number:
		return v == "1", v == "0" || v == "1"
	}
	return false, false
}

func absoluteHTTP(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && len(raw) <= maxOriginalURL && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
