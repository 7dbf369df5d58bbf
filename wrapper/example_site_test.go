package wrapper_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"log"

	"github.com/oneall-go/oneall-go/onealltest"
)

// The domains allowed to use the site's login: adding one twice changes
// nothing.
func ExampleSiteService_AddAllowedDomains() {
	srv := onealltest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	if _, err := c.Site.AddAllowedDomains(ctx, []string{"shop.example", "*.shop.example"}); err != nil {
		log.Fatal(err)
	}
	domains, err := c.Site.AddAllowedDomains(ctx, []string{"SHOP.example", "blog.example"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(domains)
	domains, err = c.Site.AllowedDomains(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(domains), "allowed")
	// Output:
	// [shop.example *.shop.example blog.example]
	// 3 allowed
}

// OneAll exports the users as CSV. How it delivers the file is not
// documented; the fake gives it with ExportCSV.
func ExampleExportsService_ScheduleUsersCSV() {
	srv := onealltest.NewServer()
	defer srv.Close()
	srv.Seed(3)
	c := srv.Client()

	ex, err := c.Exports.ScheduleUsersCSV(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ex.Resource, ex.Format, ex.Status)

	file, ok := srv.ExportCSV(ex.ExportToken)
	if !ok {
		log.Fatal("no such export")
	}
	rows, err := csv.NewReader(bytes.NewReader(file)).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rows[0]) // the fake's columns: OneAll's file is undocumented
	fmt.Println(len(rows)-1, "users")
	// Output:
	// users csv scheduled
	// [user_token date_creation date_last_login num_logins num_identities providers login externalid]
	// 3 users
}
