package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"jiebang/domain"
)

// ActionKey is one kind of event: an action on an entity ("bid"+"submit"); an empty Entity matches the action
// on any entity.
type ActionKey struct {
	Entity string
	Action string
}

// RegisterFilter narrows the register (审计台账). Zero fields do not narrow.
type RegisterFilter struct {
	Entity   string
	EntityID int64
	// PersonID: entries the user made or that concern the user's account.
	PersonID int64
	// OrgID: entries made by the organisation's users or concerning the organisation, its users, its
	// challenges, its bids or its racers.
	OrgID int64
	// ChallengeID: entries concerning the challenge or anything of it (bids, rounds and their assignments,
	// notices, objections, racers, funding decisions).
	ChallengeID int64
	Actions     []ActionKey
	// From and To bound the time, [From, To).
	From, To *time.Time
	// WithSession includes the session noise (SessionActions), hidden by default.
	WithSession bool
}

// RegisterEntry is an entry with what it concerns, for the reader: the challenge it belongs to, the
// organisation it concerns (the challenge's poster, the bid's or racer's team, the user's organisation) and
// the name of the user or organisation an account entry is about.
type RegisterEntry struct {
	Entry
	ChallengeID    int64
	ChallengeTitle string
	OrgID          int64
	OrgName        string
	SubjectName    string
	// Redacted: the contents of the change are withheld from this reader (Before and After are empty).
	Redacted bool
}

// RegisterStore reads the register.
type RegisterStore interface {
	// Register returns one page of matching entries, newest first, with what each concerns.
	Register(ctx context.Context, f RegisterFilter, p domain.Page) (domain.List[RegisterEntry], error)
	// EachRegister calls fn for at most limit matching entries, newest first, and says whether more matched.
	EachRegister(ctx context.Context, f RegisterFilter, limit int, fn func(RegisterEntry) error) (more bool, err error)
}

// ExportLimit is the most entries one export of the register holds; a wider view is cut and says so.
const ExportLimit = 50000

// Register is the audit register use cases: the bureau's officers and the administrator read and export it.
type Register struct{ store RegisterStore }

// NewRegister builds the register.
func NewRegister(store RegisterStore) *Register { return &Register{store: store} }

var errRegisterForbidden = domain.Forbidden("forbidden", "无权查看审计台账", "not allowed to read the audit register")

// adminEntities are the entities whose changes the administrator reads in full: accounts, organisations and
// the platform's settings. The contents of the process (drafts, scores, opinions, decisions) stay with the
// bureau; the administrator sees who did what and when.
var adminEntities = map[string]bool{EntityUser: true, EntityOrg: true, "setting": true, "calendar": true}

func canRead(actor domain.Actor) bool {
	return actor.Is(domain.RoleBureau) || actor.Is(domain.RoleAdmin)
}

func redact(actor domain.Actor, e RegisterEntry) RegisterEntry {
	if actor.Is(domain.RoleAdmin) && !adminEntities[e.Entity] && (e.Before != "" || e.After != "") {
		e.Before, e.After, e.Redacted = "", "", true
	}
	return e
}

// List returns a page of the register, newest first.
func (r *Register) List(ctx context.Context, actor domain.Actor, f RegisterFilter, p domain.Page) (domain.List[RegisterEntry], error) {
	if !canRead(actor) {
		return domain.List[RegisterEntry]{}, errRegisterForbidden
	}
	l, err := r.store.Register(ctx, f, p.Normalize())
	if err != nil {
		return l, err
	}
	for i := range l.Items {
		l.Items[i] = redact(actor, l.Items[i])
	}
	return l, nil
}

// Export calls fn for every entry of the filtered register, newest first, up to ExportLimit, and says whether
// the view held more.
func (r *Register) Export(ctx context.Context, actor domain.Actor, f RegisterFilter, fn func(RegisterEntry) error) (bool, error) {
	if !canRead(actor) {
		return false, errRegisterForbidden
	}
	return r.store.EachRegister(ctx, f, ExportLimit, func(e RegisterEntry) error { return fn(redact(actor, e)) })
}

// Change is one field of an entry's before/after summary: "field: before → after".
type Change struct {
	Field  string
	Before string
	After  string
}

// Changes reads an entry's before and after summaries as the fields that changed: every field of after (and
// of before) whose value differs, in the summaries' order of keys sorted, status first. A summary that is not
// a JSON object is one change without a field name.
func Changes(before, after string) []Change {
	b, bok := object(before)
	a, aok := object(after)
	if !bok || !aok {
		if before == "" && after == "" {
			return nil
		}
		if before == after {
			return nil
		}
		return []Change{{Before: plain(before), After: plain(after)}}
	}
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if (keys[i] == "status") != (keys[j] == "status") {
			return keys[i] == "status"
		}
		return keys[i] < keys[j]
	})
	out := []Change{}
	for _, k := range keys {
		bv, inB := b[k]
		av, inA := a[k]
		if inA && inB && bytes.Equal(compact(bv), compact(av)) {
			continue
		}
		c := Change{Field: k}
		if inB {
			c.Before = Value(bv)
		}
		if inA {
			c.After = Value(av)
		}
		if c.Before == "" && blank(c.After) || c.After == "" && blank(c.Before) {
			continue // a field set to nothing, or nothing removed: no change a reader needs
		}
		out = append(out, c)
	}
	return out
}

// blank says whether a shown value is nothing: empty, zero, false or an empty list or object.
func blank(v string) bool {
	switch v {
	case "", "0", "✗", "[]", "{}":
		return true
	}
	return false
}

// object parses s as a JSON object ("" is an empty one).
func object(s string) (map[string]json.RawMessage, bool) {
	if strings.TrimSpace(s) == "" {
		return map[string]json.RawMessage{}, true
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}

func compact(raw json.RawMessage) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return raw
	}
	return buf.Bytes()
}

// plain shows a summary that is not an object: a JSON string unquoted, anything else as stored.
func plain(s string) string {
	var x string
	if json.Unmarshal([]byte(s), &x) == nil {
		return x
	}
	return s
}

// Value shows one JSON value as a reader reads it: text unquoted, numbers as written, true and false as ✓ and
// ✗, null as nothing, a list of plain values joined with "、", anything nested as compact JSON.
func Value(raw json.RawMessage) string {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return string(raw)
	}
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "✓"
		}
		return "✗"
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			switch y := e.(type) {
			case string:
				parts = append(parts, y)
			case json.Number:
				parts = append(parts, y.String())
			case bool:
				parts = append(parts, strconv.FormatBool(y))
			default:
				return string(compact(raw))
			}
		}
		return strings.Join(parts, "、")
	}
	return string(compact(raw))
}
