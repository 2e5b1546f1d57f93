package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/account"
)

// cmdUser creates bureau and admin accounts, which the API never lets anyone register.
func cmdUser(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: jiebang user create --email E --password P --name N --role bureau|admin")
	}
	var c app.Config
	var in account.StaffInput
	var role string
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	commonFlags(fs, &c)
	fs.StringVar(&in.Email, "email", "", "e-mail (login)")
	fs.StringVar(&in.Password, "password", "", "password")
	fs.StringVar(&in.Name, "name", "", "display name")
	fs.StringVar(&role, "role", "", "bureau or admin")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	in.Role = domain.Role(role)
	ctx := context.Background()
	a, err := openApp(ctx, c, io.Discard)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	u, err := a.Accounts.CreateStaff(ctx, domain.System, in)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "created %s account %s (id %d)\n", in.Role, in.Email, u.ID)
	return nil
}

// describe turns a domain error into a readable line for the terminal.
func describe(err error) error {
	if ve, ok := err.(*domain.ValidationError); ok {
		msg := ""
		for _, f := range ve.Fields {
			msg += fmt.Sprintf("\n  --%s: %s", f.Field, f.En)
		}
		return fmt.Errorf("invalid input:%s", msg)
	}
	return err
}
