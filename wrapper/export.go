package wrapper

import (
	"context"
	"net/http"

	"github.com/oneall-go/oneall-go/api"
)

// ExportsService schedules exports of the site's data. OneAll documents only
// the scheduling call (in a 2014 example of its PHP SDK): users as CSV. How
// the file is read is not documented; onealltest.Server.ExportCSV gives the
// fake's.
type ExportsService struct{ c *Client }

// exportData is api.ExportData with a pointer: the answer's body is
// undocumented, so an absent export node is no error.
type exportData struct {
	Export *api.Export `json:"export"`
}

// ScheduleUsersCSV schedules an export of the site's users as CSV (the only
// resource and format known). It returns the answer's export node, empty
// when OneAll sends none. It is sent once: a second call would schedule a
// second export.
func (s *ExportsService) ScheduleUsersCSV(ctx context.Context, opts ...Option) (*api.Export, error) {
	var body api.ScheduleExportBody
	body.Request.Export.Resource, body.Request.Export.Format = "users", "csv"
	d, err := call[exportData](ctx, s.c, opts, opScheduleExport, nil, func(server string) (*http.Request, error) {
		return api.NewScheduleExportRequest(server, body)
	})
	if err != nil {
		return nil, err
	}
	if d.data == nil || d.data.Export == nil {
		return &api.Export{}, nil
	}
	return d.data.Export, nil
}
