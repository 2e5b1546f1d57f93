package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"sort"

	"jiebang/cmd/app"
	"jiebang/repository"
)

const storageUsage = `usage: jiebang storage init [--storage-url URL] [flags]
       jiebang storage migrate --to URL [--from URL] [flags]
       jiebang storage verify [--storage-url URL] [flags]`

// cmdStorage copies the attachment store to another one (migrate) or checks it against the database (verify);
// exit 0 when everything checked out, 1 naming what did not, 2 on bad usage.
func cmdStorage(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "init" && args[0] != "migrate" && args[0] != "verify") {
		fmt.Fprintln(stderr, storageUsage)
		return 2
	}
	sub := args[0]
	var c app.Config
	fs := flag.NewFlagSet("storage "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	commonFlags(fs, &c)
	var from, to string
	if sub == "migrate" {
		fs.StringVar(&from, "from", "", "the store to copy from (empty: the uploads directory in the data dir)")
		fs.StringVar(&to, "to", "", "the store to copy to, e.g. s3://bucket?endpoint=host:port (empty: --storage-url)")
	}
	if _, err := parseArgs(fs, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	c.Defaults()
	ctx := context.Background()
	var err error
	ok := true
	switch sub {
	case "migrate":
		if to == "" {
			to = c.StorageURL
		}
		if to == "" || to == from {
			fmt.Fprintln(stderr, "jiebang storage migrate: name the store to copy to with --to (or --storage-url)")
			return 2
		}
		ok, err = storageMigrate(ctx, from, to, c.DataDir, stdout)
	case "verify":
		ok, err = storageVerify(ctx, c, stdout)
	case "init":
		err = storageInit(ctx, c, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "jiebang storage "+sub+": "+err.Error())
		return 1
	}
	if !ok {
		return 1
	}
	return 0
}

// migrateReport counts what storage migrate did.
type migrateReport struct {
	Copied, Present, Corrupted, Failed int
}

// storageMigrate copies every file of the source store to the destination and reads each one back to check its
// SHA-256. A file already at the destination with the right digest is left alone, so a second run copies only
// what the first one missed. A source file whose bytes do not hash to its name is reported and not copied.
func storageMigrate(ctx context.Context, fromURL, toURL, dataDir string, out io.Writer) (bool, error) {
	src, err := repository.OpenBlobStore(fromURL, dataDir)
	if err != nil {
		return false, fmt.Errorf("--from: %w", err)
	}
	dst, err := repository.OpenBlobStore(toURL, dataDir)
	if err != nil {
		return false, fmt.Errorf("--to: %w", err)
	}
	if err := dst.Ping(ctx); err != nil {
		return false, fmt.Errorf("%s: %w", dst.Describe(), err)
	}
	fmt.Fprintf(out, "copying %s -> %s\n", src.Describe(), dst.Describe())
	var all []repository.BlobInfo
	if err := src.Walk(ctx, func(bi repository.BlobInfo) error { all = append(all, bi); return nil }); err != nil {
		return false, fmt.Errorf("list %s: %w", src.Describe(), err)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].SHA256 < all[j].SHA256 })
	var rep migrateReport
	for _, bi := range all {
		got, size, err := repository.HashBlob(ctx, src, bi.SHA256)
		if err != nil {
			rep.Failed++
			fmt.Fprintf(out, "FAILED    %s: read the source: %v\n", bi.SHA256, err)
			continue
		}
		if got != bi.SHA256 {
			rep.Corrupted++
			fmt.Fprintf(out, "CORRUPTED %s: the source file hashes to %s (not copied; restore it from a backup)\n", bi.SHA256, got)
			continue
		}
		if have, _, err := repository.HashBlob(ctx, dst, bi.SHA256); err == nil && have == bi.SHA256 {
			rep.Present++
			continue
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			rep.Failed++
			fmt.Fprintf(out, "FAILED    %s: read the destination: %v\n", bi.SHA256, err)
			continue
		}
		if err := copyBlob(ctx, src, dst, bi.SHA256, size); err != nil {
			rep.Failed++
			fmt.Fprintf(out, "FAILED    %s: %v\n", bi.SHA256, err)
			continue
		}
		rep.Copied++
	}
	fmt.Fprintf(out, "%d files: %d copied and verified, %d already there, %d corrupted in the source, %d failed\n",
		len(all), rep.Copied, rep.Present, rep.Corrupted, rep.Failed)
	return rep.Corrupted == 0 && rep.Failed == 0, nil
}

// copyBlob puts one file and reads it back to check its digest.
func copyBlob(ctx context.Context, src, dst repository.BlobStore, sum string, size int64) error {
	rc, err := src.Get(ctx, sum)
	if err != nil {
		return err
	}
	err = dst.Put(ctx, sum, rc, size)
	_ = rc.Close()
	if err != nil {
		return err
	}
	got, _, err := repository.HashBlob(ctx, dst, sum)
	if err != nil {
		return fmt.Errorf("read back: %w", err)
	}
	if got != sum {
		return fmt.Errorf("read back: hashes to %s", got)
	}
	return nil
}

// storageVerify checks that every digest a row names is stored and hashes to itself, and counts the stored
// files no row names (the orphan cleanup removes them once they are old).
func storageVerify(ctx context.Context, c app.Config, out io.Writer) (bool, error) {
	store, err := repository.OpenBlobStore(c.StorageURL, c.DataDir)
	if err != nil {
		return false, err
	}
	db, err := app.OpenDB(c)
	if err != nil {
		return false, err
	}
	defer db.Close()
	refs, err := repository.NewBlobRefs(db).All(ctx)
	if err != nil {
		return false, err
	}
	sums := make([]string, 0, len(refs))
	for s := range refs {
		sums = append(sums, s)
	}
	sort.Strings(sums)
	fmt.Fprintf(out, "checking %d stored files named by %d rows in %s\n", len(sums), sumCounts(refs), store.Describe())
	missing, bad := 0, 0
	for _, sum := range sums {
		got, _, err := repository.HashBlob(ctx, store, sum)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing++
			fmt.Fprintf(out, "MISSING   %s (named by %d rows)\n", sum, refs[sum])
		case err != nil:
			return false, fmt.Errorf("%s: %w", sum, err)
		case got != sum:
			bad++
			fmt.Fprintf(out, "CORRUPTED %s: hashes to %s\n", sum, got)
		}
	}
	orphans := 0
	if err := store.Walk(ctx, func(bi repository.BlobInfo) error {
		if refs[bi.SHA256] == 0 {
			orphans++
		}
		return nil
	}); err != nil {
		return false, err
	}
	fmt.Fprintf(out, "%d files: %d verified, %d missing, %d corrupted; %d stored files named by no row\n",
		len(sums), len(sums)-missing-bad, missing, bad, orphans)
	return missing == 0 && bad == 0, nil
}

func sumCounts(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// storageInit creates the bucket of --storage-url when it is missing and checks that it answers.
func storageInit(ctx context.Context, c app.Config, out io.Writer) error {
	store, err := repository.OpenBlobStore(c.StorageURL, c.DataDir)
	if err != nil {
		return err
	}
	if s3, ok := store.(*repository.S3Blobs); ok {
		created, err := s3.EnsureBucket(ctx)
		if err != nil {
			return err
		}
		if created {
			fmt.Fprintln(out, "created the bucket")
		}
	}
	if err := store.Ping(ctx); err != nil {
		return err
	}
	fmt.Fprintln(out, store.Describe()+": ok")
	return nil
}
