package domain

import (
	"crypto/rand"
	"encoding/binary"
)

// Seeder gives the seed of a random source, injected like the clock: production draws (the expert draw) are
// unpredictable, tests and demos reproducible.
type Seeder interface {
	Seed() int64
}

// CryptoSeeder seeds from the operating system's cryptographic random source.
type CryptoSeeder struct{}

// Seed returns a fresh unpredictable seed.
func (CryptoSeeder) Seed() int64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return int64(binary.LittleEndian.Uint64(b[:]))
}

// FixedSeeder always gives the same seed (tests).
type FixedSeeder int64

// Seed returns the fixed seed.
func (f FixedSeeder) Seed() int64 { return int64(f) }
