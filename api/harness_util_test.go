package api_test

import (
	"io"
	"log/slog"

	"jiebang/domain/account"
)

// cheapHash keeps argon2id (the same code path) at a test-sized cost; production uses the default.
var cheapHash = account.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
