package challenge

import (
	"context"
	"strings"
	"unicode/utf8"

	"jiebang/domain"
)

// Get returns one challenge with its history and amendments as the actor may see them: the bureau and the
// owner organisation see every state, the opinions and the whole history; everyone else sees public
// challenges only (404 otherwise), their history from publication on, without opinions.
func (s *Service) Get(ctx context.Context, actor domain.Actor, id int64) (Detail, error) {
	st, err := s.store.Version(ctx, id)
	if err != nil {
		return Detail{}, notFound(err)
	}
	if !seesAll(actor, Challenge{OrgID: st.OrgID}) {
		return s.publicDetail(ctx, actor, id, st)
	}
	d, err := s.read(ctx, actor, id)
	d.Version = st.Version
	return d, err
}

// read loads a challenge with its history and amendments as the actor may see them.
func (s *Service) read(ctx context.Context, actor domain.Actor, id int64) (Detail, error) {
	c, err := s.load(ctx, actor, id)
	if err != nil {
		return Detail{}, err
	}
	hist, err := s.store.History(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	ams, err := s.store.Amendments(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	c = s.forViewer(actor, c)
	if !seesAll(actor, c) {
		hist = publicHistory(hist)
	}
	return Detail{Challenge: c, History: hist, Amendments: ams}, nil
}

// forViewer fills the derived fields and hides what the viewer may not see.
func (s *Service) forViewer(actor domain.Actor, c Challenge) Challenge {
	c.DaysLeft = c.daysLeft(s.clock.Now())
	if !seesAll(actor, c) {
		c.LastOpinion = ""
	}
	return c
}

// publicHistory keeps the entries from publication on, without opinions (a cancellation's reason stays
// public on the challenge itself as CancelReason).
func publicHistory(h []HistoryEntry) []HistoryEntry {
	out := []HistoryEntry{}
	published := false
	for _, e := range h {
		if e.Action == ActionPublish {
			published = true
		}
		if published {
			e.Opinion = ""
			out = append(out, e)
		}
	}
	return out
}

// Scope selects whose challenges a listing shows.
type Scope string

// Scopes of a listing.
const (
	// ScopeAll is what the actor may see: everything for the bureau, the public board for everyone else.
	ScopeAll Scope = ""
	// ScopeMine is the actor's organisation's challenges in every state: enterprise users only (403 for the
	// other roles, whatever their organisation).
	ScopeMine Scope = "mine"
)

// ListQuery is a listing request as the client sends it.
type ListQuery struct {
	Status string
	Field  string
	Mode   string
	Q      string
	Scope  Scope
	// CallID narrows to one call's challenges (0: every challenge).
	CallID int64
}

// maxQ bounds the search text.
const maxQ = 100

func invalidQuery(zh, en string) error {
	return domain.NewError(domain.ErrBadRequest, "invalid_query", zh, en)
}

// filter checks the query (400 invalid_query for an unknown value) and turns it into the store's filter
// for actor.
func (q ListQuery) filter(actor domain.Actor) (Filter, error) {
	f := Filter{Status: Status(q.Status), Field: q.Field, Mode: Mode(q.Mode), Q: strings.TrimSpace(q.Q), CallID: q.CallID}
	switch {
	case f.Status != "" && !f.Status.Valid():
		return f, invalidQuery("未知的状态："+q.Status, "unknown status: "+q.Status)
	case f.Mode != "" && !f.Mode.Valid():
		return f, invalidQuery("未知的模式："+q.Mode, "unknown mode: "+q.Mode)
	case !utf8.ValidString(f.Q) || strings.ContainsRune(f.Q, 0):
		return f, invalidQuery("搜索词含有无效字符", "search text holds invalid characters")
	case f.CallID < 0:
		return f, invalidQuery("未知的申报批次", "unknown call")
	case utf8.RuneCountInString(f.Q) > maxQ:
		return f, invalidQuery("搜索词过长", "search text too long")
	}
	switch q.Scope {
	case ScopeMine:
		if actor.Anonymous() {
			return f, domain.NewError(domain.ErrUnauthenticated, "unauthenticated", "请先登录", "login required")
		}
		if !actor.Is(domain.RoleEnterprise) {
			return f, domain.Forbidden("forbidden", "只有发榜企业用户可以查看本单位的榜单（scope=mine）",
				"only enterprise users may list their organisation's challenges (scope=mine)")
		}
		if actor.OrgID == 0 {
			return f, invalidQuery("scope=mine 仅适用于有所属单位的用户", "scope=mine needs a user with an organisation")
		}
		f.OrgID = actor.OrgID
	case ScopeAll:
		f.PublicOnly = !actor.Is(domain.RoleBureau)
	default:
		return f, invalidQuery("未知的 scope："+string(q.Scope), "unknown scope: "+string(q.Scope))
	}
	return f, nil
}

// List returns one page of the challenges the actor may see, filtered by q: newest published first (never
// published: newest created), then id descending.
func (s *Service) List(ctx context.Context, actor domain.Actor, q ListQuery, p domain.Page) (domain.List[Challenge], error) {
	l, _, err := s.ListShared(ctx, actor, q, p)
	return l, err
}

// ListShared is List for a caller that reuses what it derives from a page (the API, its JSON). When the page
// is the same for every viewer of the public view (the public board, and the actor is not the bureau and owns
// none of its items) it also returns the page's SharedPage; when that holds something kept for the page as
// it now reads (Kept), the list carries the total and paging but no items: the caller answers with what it
// kept. Otherwise the SharedPage is nil.
func (s *Service) ListShared(ctx context.Context, actor domain.Actor, q ListQuery, p domain.Page) (domain.List[Challenge], *SharedPage, error) {
	f, err := q.filter(actor)
	if err == nil {
		err = s.checkFilterField(ctx, f.Field)
	}
	if err != nil {
		return domain.List[Challenge]{}, nil, err
	}
	p = p.Normalize()
	v, err := s.store.BoardVersion(ctx)
	if err != nil {
		return domain.List[Challenge]{}, nil, err
	}
	key := boardKey{f: f, p: p}
	page, ok := s.boards.get(key, v)
	if !ok {
		l, err := s.store.List(ctx, f, p)
		if err != nil {
			return l, nil, err
		}
		page = s.boards.put(key, v, l)
	}
	var shared *SharedPage
	switch {
	case actor.Is(domain.RoleBureau):
		// Every officer gets the same page: what they see and may do depends on the role only.
		shared = page.forBureau(s.clock.Now())
	case f.PublicOnly && f.OrgID == 0 && !ownsAny(actor, page.list.Items):
		shared = page.shared(s.clock.Now())
	}
	if shared != nil && shared.Kept != nil {
		l := page.list
		l.Items = nil
		return l, shared, nil
	}
	l := page.list
	l.Items = make([]Challenge, len(page.list.Items))
	for i, c := range page.list.Items {
		l.Items[i] = s.forViewer(actor, c)
	}
	return l, shared, nil
}

// ownsAny reports whether the actor is the posting enterprise of one of the challenges.
func ownsAny(actor domain.Actor, cs []Challenge) bool {
	for _, c := range cs {
		if c.OwnedBy(actor) {
			return true
		}
	}
	return false
}
