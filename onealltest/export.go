package onealltest

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/oneall-go/oneall-go/api"
)

// Export: OneAll documents only the scheduling call (PUT /exports.json,
// users as CSV, 201 "scheduled", from its PHP SDK's 2014 example); how the
// file is read is not documented. The fake writes the CSV when the export
// is scheduled and gives it through Server.ExportCSV, not through the API.

// infoExportScheduled is the fake's text, modelled on OneAll's "scheduled"
// answers.
const infoExportScheduled = "Your request has been received and scheduled to be processed"

// exportColumns are the fake's columns (inferred: OneAll does not document
// the file). No password hash and no access token is ever exported.
var exportColumns = []string{"user_token", "date_creation", "date_last_login", "num_logins", "num_identities", "providers", "login", "externalid"}

// PUT /exports.json
func (s *Server) scheduleExport(c *call) *response {
	var body struct {
		Request struct {
			Export struct {
				Resource string `json:"resource"`
				Format   string `json:"format"`
			} `json:"export"`
		} `json:"request"`
	}
	if _, bad := c.decodeBody(&body, "request->export", "request", "export"); bad != nil {
		return bad
	}
	switch ex := body.Request.Export; {
	case ex.Resource != "users":
		return c.bad("request->export->resource")
	case ex.Format != "csv":
		return c.bad("request->export->format")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	token := uuidFrom(s.st.tokens)
	if s.st.exports == nil {
		s.st.exports = map[string][]byte{}
	}
	s.st.exports[token] = s.usersCSV()
	s.tick()
	s.st.changes++
	node := map[string]any{"export_token": token, "resource": "users", "format": "csv", "status": "scheduled"}
	return c.reply(http.StatusCreated, "scheduled", infoExportScheduled, &envelopeResult{Data: map[string]any{"export": node}})
}

// usersCSV writes the site's users, oldest first. Callers hold s.mu.
func (s *Server) usersCSV() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(exportColumns) // a bytes.Buffer does not fail
	for _, u := range s.st.userList {
		var providers bytes.Buffer
		for i, id := range u.identities {
			if i > 0 {
				providers.WriteByte(' ')
			}
			providers.WriteString(id.provider)
		}
		_ = w.Write([]string{
			u.token, api.Timestamp{Time: u.created}.String(), dateOrEmpty(u.lastLogin),
			strconv.Itoa(u.numLogins), strconv.Itoa(len(u.identities)), providers.String(), u.login, u.externalid,
		})
	}
	w.Flush()
	return buf.Bytes()
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return api.Timestamp{Time: t}.String()
}

// ExportCSV returns the CSV of an export scheduled with PUT /exports.json
// (its export_token), and whether there is one. OneAll does not document
// how an export is read, so the fake offers it here rather than through an
// invented API call. The file holds one row per user, oldest first, with
// the columns user_token, date_creation, date_last_login, num_logins,
// num_identities, providers, login and externalid (the fake's choice);
// never a password or an access token.
func (s *Server) ExportCSV(exportToken string) ([]byte, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.st.exports[exportToken]
	return bytes.Clone(b), ok
}
