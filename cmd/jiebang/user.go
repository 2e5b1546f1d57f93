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

const userUsage = "usage: jiebang user create --email E --password P --name N --role bureau|admin\n" +
	"       jiebang user set-password --email E --password P\n" +
	"       jiebang user reset-2fa --email E"

// cmdUser creates bureau and admin accounts, which the API never lets anyone register, resets a forgotten
// password and removes the second factor of a user who lost the authenticator (when no administrator can).
func cmdUser(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf(userUsage)
	}
	switch args[0] {
	case "create":
	case "set-password", "reset-2fa":
		return cmdUserRepair(args[0], args[1:], stdout)
	default:
		return fmt.Errorf(userUsage)
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

// cmdUserRepair sets a user's password (ending its sessions) or removes its second factor, as the system
// (audited).
func cmdUserRepair(sub string, args []string, stdout io.Writer) error {
	var c app.Config
	var email, password string
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	commonFlags(fs, &c)
	fs.StringVar(&email, "email", "", "e-mail (login) of the user")
	if sub == "set-password" {
		fs.StringVar(&password, "password", "", "the new password")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if email == "" {
		return fmt.Errorf(userUsage)
	}
	ctx := context.Background()
	a, err := openApp(ctx, c, io.Discard)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	if sub == "set-password" {
		u, err := a.Accounts.ResetPassword(ctx, domain.System, email, password)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "password of %s (id %d) set; its sessions have ended\n", u.Email, u.ID)
		return nil
	}
	u, err := a.Accounts.UserByEmail(ctx, email)
	if err != nil {
		return describe(err)
	}
	if _, err := a.Accounts.ResetMFA(ctx, domain.System, u.ID); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "second factor of %s (id %d) removed; its sessions have ended\n", u.Email, u.ID)
	return nil
}
