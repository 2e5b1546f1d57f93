package notify

import (
	"context"
	"errors"
	"testing"
	"time"

	"jiebang/domain"
)

type fakeTx struct{}

func (fakeTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error { return fn(ctx) }

type fakeStore struct {
	rows    []Notification
	members map[int64][]int64
	roles   map[domain.Role][]int64
}

func (f *fakeStore) Add(ctx context.Context, ids []int64, m Message, at time.Time) error {
	for _, id := range ids {
		f.rows = append(f.rows, Notification{ID: int64(len(f.rows) + 1), UserID: id, Message: m, CreatedAt: at})
	}
	return nil
}
func (f *fakeStore) OrgMembers(ctx context.Context, org int64, _ domain.Role) ([]int64, error) {
	return f.members[org], nil
}
func (f *fakeStore) RoleMembers(ctx context.Context, r domain.Role) ([]int64, error) {
	return f.roles[r], nil
}
func (f *fakeStore) List(ctx context.Context, uid int64, unread bool, p domain.Page) (domain.List[Notification], error) {
	var l domain.List[Notification]
	for _, n := range f.rows {
		if n.UserID == uid && (!unread || n.ReadAt == nil) {
			l.Items = append(l.Items, n)
		}
	}
	l.Total = int64(len(l.Items))
	return l, nil
}
func (f *fakeStore) Unread(ctx context.Context, uid int64) (int, error) {
	l, _ := f.List(ctx, uid, true, domain.Page{})
	return int(l.Total), nil
}
func (f *fakeStore) MarkRead(ctx context.Context, uid, id int64, at time.Time) error {
	for i := range f.rows {
		if f.rows[i].ID == id && f.rows[i].UserID == uid {
			f.rows[i].ReadAt = &at
			return nil
		}
	}
	return domain.ErrNotFound
}
func (f *fakeStore) MarkAllRead(ctx context.Context, uid int64, at time.Time) error {
	for i := range f.rows {
		if f.rows[i].UserID == uid {
			f.rows[i].ReadAt = &at
		}
	}
	return nil
}

var msg = Message{Kind: "challenge.cancel", TitleZh: "榜单已撤榜", TitleEn: "Challenge cancelled", Link: "/challenges/1",
	Entity: "challenge", EntityID: 1}

func TestNotifyRecipientsAndReading(t *testing.T) {
	t.Parallel()
	st := &fakeStore{members: map[int64][]int64{5: {1, 2}}, roles: map[domain.Role][]int64{domain.RoleBureau: {9}}}
	s := NewService(st, fakeTx{}, domain.NewFrozenClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	ctx := context.Background()
	if err := s.ToUsers(ctx, []int64{3, 3, 0}, msg); err != nil {
		t.Fatal(err)
	}
	if err := s.ToOrg(ctx, 5, domain.RoleTeam, msg); err != nil {
		t.Fatal(err)
	}
	if err := s.ToRole(ctx, domain.RoleBureau, msg); err != nil {
		t.Fatal(err)
	}
	if len(st.rows) != 4 {
		t.Fatalf("rows = %d, want 4 (3 once, org 5's two members, one bureau user)", len(st.rows))
	}
	u1 := domain.Actor{UserID: 1, Role: domain.RoleTeam}
	l, unread, err := s.List(ctx, u1, false, domain.Page{})
	if err != nil || l.Total != 1 || unread != 1 {
		t.Fatalf("list = %+v, %d, %v", l, unread, err)
	}
	// Another user's notification is not found.
	if err := s.MarkRead(ctx, domain.Actor{UserID: 2, Role: domain.RoleTeam}, l.Items[0].ID); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("reading another's: %v", err)
	}
	if err := s.MarkRead(ctx, u1, l.Items[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, unread, _ = s.List(ctx, u1, true, domain.Page{}); unread != 0 {
		t.Fatalf("unread after MarkRead = %d", unread)
	}
	if err := s.MarkAllRead(ctx, domain.Actor{UserID: 2}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.List(ctx, domain.Actor{}, false, domain.Page{}); !errors.Is(err, domain.ErrUnauthenticated) {
		t.Fatalf("anonymous list: %v", err)
	}
}

func TestMessageMustHaveKindAndBothTitles(t *testing.T) {
	t.Parallel()
	s := NewService(&fakeStore{}, fakeTx{}, domain.SystemClock{})
	bad := msg
	bad.TitleEn = ""
	var ve *domain.ValidationError
	if err := s.ToUsers(context.Background(), []int64{1}, bad); !errors.As(err, &ve) || !ve.Has("title_en") {
		t.Fatalf("err = %v", err)
	}
}
