package notify

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"text/template"

	"jiebang/domain"
)

// Kind is one kind of notification of the catalogue (通知目录): the stable key stored with it (users mute
// e-mail per key; several kinds may share a key when they tell different recipients about one change), who
// receives it, its texts in both languages and the link to what it concerns. Titles, bodies and links are
// text/template texts over named Params ({{.Title}}); a param they name must be given.
type Kind struct {
	// Key is the stored kind, e.g. "race.started".
	Key string
	// To says who receives it; the reaction that sends it resolves the ids it names (To), Send resolves
	// organisations and roles to users.
	To string
	// Entity is the audit entity name the notification concerns ("challenge", "bid", ...).
	Entity           string
	TitleZh, TitleEn string
	// BodyZh and BodyEn may render "" (e.g. a reason that was not given).
	BodyZh, BodyEn string
	// Link is the SPA path of what it concerns, e.g. "/challenges/{{.ChallengeID}}/race".
	Link string
	// NextZh and NextEn name what the reader should do next (the button that opens Link: 去评分, 查看申报 …).
	NextZh, NextEn string
	// Role is the recipients' role when several kinds share a key (each tells another role of one change), so
	// the next step shown is the one meant for the reader; empty otherwise.
	Role domain.Role
	// Email: also e-mailed to the recipients who have not muted the key (when the server has SMTP).
	Email bool
	// Sample is a set of params that renders the kind (the catalogue's test renders every kind with it).
	Sample Params

	tmpl [5]*template.Template
}

// Params are the named values a kind's templates read.
type Params map[string]any

// To is the recipients of one notification: users, the active members of one role of organisations (the
// posting enterprise's enterprise users, a bidding or racing organisation's team users: never every member of
// an organisation whatever its role, so an expert who belongs to a bidding university is not told that team's
// news), every enabled user of roles (e.g. the bureau). Send resolves them to users, each told once.
type To struct {
	Users   []int64
	Members []Members
	Roles   []domain.Role
}

// Members are the enabled, active members of organisation Org whose role is Role.
type Members struct {
	Org  int64
	Role domain.Role
}

// Users is To for the given users.
func Users(ids ...int64) To { return To{Users: ids} }

// Enterprise is To for the enterprise users (发榜方) of the given organisations: a challenge's owner.
func Enterprise(orgs ...int64) To { return membersOf(domain.RoleEnterprise, orgs) }

// Team is To for the team users (揭榜方) of the given organisations: a bid's lead, a racer.
func Team(orgs ...int64) To { return membersOf(domain.RoleTeam, orgs) }

func membersOf(r domain.Role, orgs []int64) To {
	t := To{}
	for _, o := range orgs {
		t.Members = append(t.Members, Members{Org: o, Role: r})
	}
	return t
}

// Bureau is To for every enabled bureau user (科技局).
func Bureau() To { return To{Roles: []domain.Role{domain.RoleBureau}} }

// And is the union of t and u.
func (t To) And(u To) To {
	return To{Users: append(append([]int64{}, t.Users...), u.Users...), Members: append(append([]Members{}, t.Members...), u.Members...),
		Roles: append(append([]domain.Role{}, t.Roles...), u.Roles...)}
}

// define parses a kind's templates; a template that does not parse is a programming error (panic at start).
func define(k Kind) *Kind {
	for i, src := range []string{k.TitleZh, k.TitleEn, k.BodyZh, k.BodyEn, k.Link} {
		k.tmpl[i] = template.Must(template.New(fmt.Sprintf("%s.%d", k.Key, i)).Option("missingkey=error").Parse(src))
	}
	kk := k
	catalogue = append(catalogue, &kk)
	return &kk
}

// Render is the message k says with p about entity id. Titles are cut to their limit, so that a long name
// never fails the change the notification reports.
func (k *Kind) Render(id int64, p Params) (Message, error) {
	var out [5]string
	for i, t := range k.tmpl {
		var b bytes.Buffer
		if err := t.Execute(&b, map[string]any(p)); err != nil {
			return Message{}, fmt.Errorf("notify: render %s: %w", k.Key, err)
		}
		out[i] = strings.TrimSpace(b.String())
	}
	return Message{Kind: k.Key, TitleZh: Short(out[0], maxTitle), TitleEn: Short(out[1], maxTitle),
		BodyZh: Short(out[2], maxBody), BodyEn: Short(out[3], maxBody), Link: out[4], Entity: k.Entity, EntityID: id,
		NoMail: !k.Email}, nil
}

// NextStep is the label of the button a notification of kind key shows to a reader of role r, leading to its
// link (what the reader should do next), in Chinese and English; ok is false for a kind not in the catalogue
// (an older row).
func NextStep(key string, r domain.Role) (zh, en string, ok bool) {
	var found *Kind
	for _, k := range catalogue {
		if k.Key != key {
			continue
		}
		if k.Role == r || found == nil {
			found = k
		}
		if k.Role == r {
			break
		}
	}
	if found == nil {
		return "", "", false
	}
	return found.NextZh, found.NextEn, true
}

// Catalogue returns every kind of notification, in the order they are defined.
func Catalogue() []*Kind { return append([]*Kind(nil), catalogue...) }

var catalogue []*Kind

// Short cuts s to at most n runes, marking the cut with an ellipsis.
func Short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Sender sends catalogue notifications in the caller's transaction (satisfied by *Service; areas take it as
// their port).
type Sender interface {
	Send(ctx context.Context, k *Kind, to To, id int64, p Params) error
}

// Send renders k with p about entity id and notifies the recipients to resolves to, each user once, in the
// caller's transaction (or its own).
func (s *Service) Send(ctx context.Context, k *Kind, to To, id int64, p Params) error {
	m, err := k.Render(id, p)
	if err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		ids := append([]int64{}, to.Users...)
		seen := map[Members]bool{}
		for _, m := range to.Members {
			if m.Org == 0 || seen[m] {
				continue
			}
			seen[m] = true
			ms, err := s.store.OrgMembers(ctx, m.Org, m.Role)
			if err != nil {
				return fmt.Errorf("notify: %s members of org %d: %w", m.Role, m.Org, err)
			}
			ids = append(ids, ms...)
		}
		for _, r := range to.Roles {
			ms, err := s.store.RoleMembers(ctx, r)
			if err != nil {
				return fmt.Errorf("notify: users of role %s: %w", r, err)
			}
			ids = append(ids, ms...)
		}
		return s.ToUsers(ctx, ids, m)
	})
}
