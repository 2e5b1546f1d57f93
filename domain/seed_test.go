package domain

import "testing"

func TestSeeders(t *testing.T) {
	t.Parallel()
	var s Seeder = FixedSeeder(42)
	if s.Seed() != 42 || s.Seed() != 42 {
		t.Fatal("fixed seeder is not fixed")
	}
	var c Seeder = CryptoSeeder{}
	a, b := c.Seed(), c.Seed()
	if a == b {
		t.Fatalf("two crypto seeds are equal: %d", a)
	}
}
