package repository

import (
	"context"
	"fmt"
	"regexp"
	"time"
)

// BlobRefs answers which stored files rows name. Every table with a `sha256` column counts as naming the file
// with that digest (bid attachments, stage-report attachments, and any attachment table added later the same
// way), so the orphan cleanup never removes a file that some row still needs.
type BlobRefs struct{ db *DB }

// NewBlobRefs reads references from db.
func NewBlobRefs(db *DB) *BlobRefs { return &BlobRefs{db: db} }

var safeIdent = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// tables lists the tables with a sha256 column.
func (b *BlobRefs) tables(ctx context.Context) (_ []string, err error) {
	defer wrap(&err, "blob refs: tables")
	var names []string
	q := `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'sha256' ORDER BY m.name`
	if b.db.Dialect == DialectPostgres {
		q = `SELECT table_name FROM information_schema.columns WHERE column_name = 'sha256' AND table_schema = current_schema() ORDER BY table_name`
	}
	if err := b.db.Reader.WithContext(ctx).Raw(q).Scan(&names).Error; err != nil {
		return nil, err
	}
	out := names[:0]
	for _, n := range names {
		if safeIdent.MatchString(n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// Referenced returns which of sums some row names.
func (b *BlobRefs) Referenced(ctx context.Context, sums []string) (_ map[string]bool, err error) {
	defer wrap(&err, "blob refs")
	out := map[string]bool{}
	if len(sums) == 0 {
		return out, nil
	}
	tables, err := b.tables(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		for start := 0; start < len(sums); start += 500 {
			chunk := sums[start:min(start+500, len(sums))]
			var found []string
			if err := b.db.Reader.WithContext(ctx).Raw(fmt.Sprintf(`SELECT DISTINCT sha256 FROM %s WHERE sha256 IN ?`, t), chunk).
				Scan(&found).Error; err != nil {
				return nil, err
			}
			for _, s := range found {
				out[s] = true
			}
		}
	}
	return out, nil
}

// All returns every digest some row names, with the number of rows (storage verify).
func (b *BlobRefs) All(ctx context.Context) (_ map[string]int, err error) {
	defer wrap(&err, "blob refs: all")
	tables, err := b.tables(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, t := range tables {
		var rows []struct {
			SHA256 string `gorm:"column:sha256"`
			N      int    `gorm:"column:n"`
		}
		if err := b.db.Reader.WithContext(ctx).Raw(fmt.Sprintf(`SELECT sha256, COUNT(*) AS n FROM %s GROUP BY sha256`, t)).
			Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.SHA256] += r.N
		}
	}
	return out, nil
}

// OrphanReport is what one cleanup did.
type OrphanReport struct {
	Scanned, Candidates, Removed int
}

// RemoveOrphans deletes the stored files that no row names and that were last written before cutoff (an upload
// puts its file before its transaction commits the row: the age keeps the cleanup away from uploads in flight,
// and an upload that finds its bytes already stored writes them again, which makes them young). Each candidate's
// age is read once more just before it is removed.
func RemoveOrphans(ctx context.Context, store BlobStore, refs *BlobRefs, cutoff time.Time) (OrphanReport, error) {
	var rep OrphanReport
	var old []string
	if err := store.Walk(ctx, func(bi BlobInfo) error {
		rep.Scanned++
		if bi.Modified.Before(cutoff) {
			old = append(old, bi.SHA256)
		}
		return nil
	}); err != nil {
		return rep, err
	}
	for start := 0; start < len(old); start += 500 {
		chunk := old[start:min(start+500, len(old))]
		named, err := refs.Referenced(ctx, chunk)
		if err != nil {
			return rep, err
		}
		for _, sum := range chunk {
			if named[sum] {
				continue
			}
			rep.Candidates++
			bi, err := store.Stat(ctx, sum)
			if err != nil || !bi.Modified.Before(cutoff) {
				continue
			}
			if err := store.Remove(ctx, sum); err != nil {
				return rep, err
			}
			rep.Removed++
		}
	}
	return rep, nil
}
