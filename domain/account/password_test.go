package account

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"

	"jiebang/domain"
)

// fastParams keep the tests quick; production uses DefaultHashParams.
var fastParams = HashParams{MemoryKiB: 1024, Time: 1, Threads: 1}

func TestPasswordRule(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, password, email, code string
	}{
		{"ok", "Passw0rd-x", "a@b.cn", ""},
		{"ok chinese letters", "密码密码密码12", "a@b.cn", ""},
		{"empty", "", "a@b.cn", "required"},
		{"too short", "abc123", "a@b.cn", "too_short"},
		{"no digit", "abcdefghij", "a@b.cn", "weak_password"},
		{"no letter", "1234567890", "a@b.cn", "weak_password"},
		{"too long", strings.Repeat("a1", 65), "a@b.cn", "too_long"},
		{"the e-mail", "Zhang3@Example.cn", "zhang3@example.cn", "same_as_email"},
		{"the e-mail's local part", "zhangsan88", "zhangsan88@example.cn", "same_as_email"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var v domain.Validator
			checkPassword(&v, "password", c.password, c.email)
			err := v.Err()
			if c.code == "" {
				if err != nil {
					t.Fatalf("want ok, got %v", err)
				}
				return
			}
			ve, ok := err.(*domain.ValidationError)
			if !ok || len(ve.Fields) != 1 || ve.Fields[0].Code != c.code || ve.Fields[0].Field != "password" {
				t.Fatalf("want password %s, got %v", c.code, err)
			}
			if ve.Fields[0].Zh == "" || ve.Fields[0].En == "" {
				t.Fatal("messages must exist in zh and en")
			}
		})
	}
}

func TestHasherRoundTrip(t *testing.T) {
	t.Parallel()
	h := NewHasher(fastParams, 2)
	ctx := context.Background()
	enc, err := h.Hash(ctx, "Passw0rd")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("unexpected encoding %q", enc)
	}
	if ok, err := h.Verify(ctx, "Passw0rd", enc); err != nil || !ok {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, err := h.Verify(ctx, "passw0rd", enc); err != nil || ok {
		t.Fatalf("wrong password: %v %v", ok, err)
	}
	enc2, _ := h.Hash(ctx, "Passw0rd")
	if enc2 == enc {
		t.Fatal("two hashes of one password must differ (salt)")
	}
	// Verify reads the parameters from the hash, so a hasher with other settings still checks old hashes.
	if ok, err := NewHasher(DefaultHashParams, 1).Verify(ctx, "Passw0rd", enc); err != nil || !ok {
		t.Fatalf("parameters from the hash: %v %v", ok, err)
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=0,t=1,p=1$c2FsdA$aGFzaA",
		"$argon2id$v=19$m=1024,t=1,p=1$!!$aGFzaA", "plain"} {
		if _, err := h.Verify(ctx, "x", bad); err == nil {
			t.Fatalf("malformed hash %q accepted", bad)
		}
	}
}

func TestHasherBoundsConcurrency(t *testing.T) {
	t.Parallel()
	h := NewHasher(fastParams, 1)
	h.sem <- struct{}{} // the only slot is taken
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	var err error
	go func() {
		defer wg.Done()
		_, err = h.Hash(ctx, "Passw0rd")
	}()
	cancel()
	wg.Wait()
	if err == nil {
		t.Fatal("a hash must wait for a slot and give up when the context ends")
	}
	<-h.sem
	if _, err := h.Hash(context.Background(), "Passw0rd"); err != nil {
		t.Fatalf("with a free slot: %v", err)
	}
}

// TestHasherQueuesABurst: a burst of logins larger than the bound waits for slots instead of failing, and every
// one of them gets its answer once slots free up; the default bound is the number of CPUs, at most 4.
func TestHasherQueuesABurst(t *testing.T) {
	t.Parallel()
	if got, want := cap(NewHasher(fastParams, 0).sem), min(4, runtime.GOMAXPROCS(0)); got != want {
		t.Errorf("default bound %d, want %d", got, want)
	}
	h := NewHasher(fastParams, 2)
	encoded, err := h.Hash(context.Background(), "Passw0rd")
	if err != nil {
		t.Fatal(err)
	}
	h.sem <- struct{}{} // both slots taken: the burst must queue
	h.sem <- struct{}{}
	const burst = 8
	type answer struct {
		ok  bool
		err error
	}
	answers := make(chan answer, burst)
	for range burst {
		go func() {
			ok, err := h.Verify(context.Background(), "Passw0rd", encoded)
			answers <- answer{ok, err}
		}()
	}
	if n := len(answers); n != 0 {
		t.Fatalf("%d logins answered while every slot was taken", n)
	}
	<-h.sem
	<-h.sem
	for range burst {
		if a := <-answers; !a.ok || a.err != nil {
			t.Fatalf("queued login: ok %v, err %v", a.ok, a.err)
		}
	}
}
