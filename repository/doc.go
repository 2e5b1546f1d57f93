// Package repository implements the domain's store interfaces with gorm on SQLite (embedded default) and
// PostgreSQL. Row structs and their converters live here; every method takes its database handle from the
// context (the transaction a domain service opened) or falls back to the read pool.
package repository
