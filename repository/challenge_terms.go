package repository

import (
	"context"
	"database/sql"
	"strings"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm/clause"
)

// The substring search of the board runs on challenge_terms: every distinct character and pair of adjacent
// characters of a challenge's title and of its problem (each text on its own, so no pair spans the two),
// lower-cased. A 1- or 2-character query is one term lookup and exact; a longer query's pairs give the
// candidates, which the plain LIKE/ILIKE predicate then confirms, so the results are those of the substring
// match on both dialects. Lower-casing is Unicode-wide; a short query holding a non-ASCII letter that has case
// is confirmed by the predicate too (SQLite's LIKE folds ASCII only).

// indexedMark is the term every indexed challenge has (an empty text still gets it), so a challenge written
// before the index existed is found and indexed at the next migration.
const indexedMark = ""

// searchTerms returns the distinct terms of texts.
func searchTerms(texts ...string) []string {
	seen := map[string]struct{}{indexedMark: {}}
	for _, t := range texts {
		var prev rune = -1
		for _, r := range strings.ToLower(t) {
			seen[string(r)] = struct{}{}
			if prev >= 0 {
				seen[string([]rune{prev, r})] = struct{}{}
			}
			prev = r
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	return out
}

// queryTerms returns the terms a challenge must have to match q, and whether the LIKE predicate must confirm
// the candidates.
func queryTerms(q string) (terms []string, confirm bool) {
	lq := strings.ToLower(q)
	rs := []rune(lq)
	switch len(rs) {
	case 0:
		return nil, false
	case 1, 2:
		for _, r := range q {
			if r >= utf8.RuneSelf && (unicode.IsUpper(r) || unicode.IsLower(r)) {
				confirm = true
			}
		}
		return []string{lq}, confirm
	}
	seen := map[string]bool{}
	for i := 1; i < len(rs); i++ {
		t := string(rs[i-1 : i+1])
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	return terms, true
}

// termRow is a row of challenge_terms.
type termRow struct {
	Term        string
	ChallengeID int64
}

func (termRow) TableName() string { return "challenge_terms" }

// indexTerms replaces a challenge's terms (inside the caller's transaction).
func (s *ChallengeStore) indexTerms(ctx context.Context, id int64, title, problem string) error {
	db := s.db.conn(ctx)
	if err := db.Where("challenge_id = ?", id).Delete(&termRow{}).Error; err != nil {
		return translate(err)
	}
	terms := searchTerms(title, problem)
	// On SQLite (in-process, no round trips) one prepared single-row insert run per term is 2.5 times quicker
	// than multi-row inserts whose SQL gorm builds anew for every batch: the seed of 100,000 challenges spends
	// half its time here. PostgreSQL keeps the batches (one round trip per 500 terms).
	if s.db.Dialect != DialectPostgres {
		if p, ok := db.Statement.ConnPool.(interface {
			PrepareContext(context.Context, string) (*sql.Stmt, error)
		}); ok {
			st, err := p.PrepareContext(ctx, "INSERT INTO challenge_terms (term, challenge_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
			if err != nil {
				return translate(err)
			}
			defer st.Close()
			for _, t := range terms {
				if _, err := st.ExecContext(ctx, t, id); err != nil {
					return translate(err)
				}
			}
			return nil
		}
	}
	rows := make([]termRow, 0, len(terms))
	for _, t := range terms {
		rows = append(rows, termRow{Term: t, ChallengeID: id})
	}
	return translate(db.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 500).Error)
}

// IndexUnindexed indexes the challenges that have no terms yet (those written before the index existed, or
// bulk-loaded without it) and returns how many it indexed.
func (d *DB) IndexUnindexed(ctx context.Context) (int, error) {
	s := NewChallengeStore(d)
	var ids []int64
	err := d.Writer.WithContext(ctx).Table("challenges").
		Where("NOT EXISTS (SELECT 1 FROM challenge_terms t WHERE t.term = ? AND t.challenge_id = challenges.id)", indexedMark).
		Order("id").Pluck("id", &ids).Error
	if err != nil {
		return 0, err
	}
	tx := NewTxManager(d)
	for start := 0; start < len(ids); start += 200 {
		batch := ids[start:min(start+200, len(ids))]
		err := tx.InTx(ctx, func(ctx context.Context) error {
			var rows []struct {
				ID      int64
				Title   string
				Problem string
			}
			if err := s.db.conn(ctx).Table("challenges").Select("id, title, problem").Where("id IN ?", batch).
				Find(&rows).Error; err != nil {
				return err
			}
			for _, r := range rows {
				if err := s.indexTerms(ctx, r.ID, r.Title, r.Problem); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
