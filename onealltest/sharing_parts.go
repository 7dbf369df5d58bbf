package onealltest

import (
	"encoding/base64"
	"encoding/json"
	"net/url"

	"github.com/oneall-go/oneall-go/api"
)

// parseParts checks the parts of a message: a valid body, at least one
// part, absolute http(s) URLs, uploads in base64 within the limits, and a
// tracking flag of 0, 1, true or false.
func (c *call) parseParts(raw json.RawMessage) (partsNode, bool, *response) {
	const at = "request->sharing_message->parts"
	var p struct {
		Text    *api.SharingText    `json:"text"`
		Picture *api.SharingMedia   `json:"picture"`
		Video   *api.SharingMedia   `json:"video"`
		Link    *api.SharingLink    `json:"link"`
		Uploads []api.SharingUpload `json:"uploads"`
		Flags   struct {
			EnableTracking any `json:"enable_tracking"`
		} `json:"flags"`
	}
	if len(raw) == 0 || !isObject(raw) || decodeStrict(raw, &p) != nil {
		return partsNode{}, false, c.bad(at)
	}
	out := partsNode{Text: p.Text, Picture: p.Picture, Video: p.Video, Link: p.Link}
	if out.Text != nil && out.Text.Body == "" {
		out.Text = nil
	}
	for name, u := range map[string]*api.SharingMedia{"picture": out.Picture, "video": out.Video} {
		if u != nil && !absoluteHTTP(u.URL) {
			return out, false, c.bad(at + "->" + name + "->url")
		}
	}
	if out.Link != nil && !absoluteHTTP(out.Link.URL) {
		return out, false, c.bad(at + "->link->url")
	}
	if out.Text == nil && out.Picture == nil && out.Video == nil && out.Link == nil && len(p.Uploads) == 0 {
		return out, false, c.bad(at)
	}
	total := 0
	for _, u := range p.Uploads {
		b, err := base64.StdEncoding.DecodeString(u.Data)
		total += len(b)
		if err != nil || u.Name == "" || len(p.Uploads) > maxUploads || total > maxUploadBytes {
			return out, false, c.bad(at + "->uploads")
		}
	}
	var tracking bool
	switch v := p.Flags.EnableTracking.(type) {
	case nil:
	case bool:
		tracking = v
	case json.Number:
		if v != "0" && v != "1" {
			return out, false, c.bad(at + "->flags->enable_tracking")
		}
		tracking = v == "1"
	default:
		return out, false, c.bad(at + "->flags->enable_tracking")
	}
	return out, tracking, nil
}

func absoluteHTTP(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && len(raw) <= maxOriginalURL && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
