#!/usr/bin/env bash
# s3-test.sh runs the tests of the S3 attachment store against a real S3 server: SeaweedFS `weed mini`, built
# from its Go module (downloaded through the module proxy, about 100 MB, so not part of `make test`) into a cache
# outside the repository, started on free loopback ports with a data dir of its own, stopped at the end.
#
#   scripts/s3-test.sh            (make test-s3)
#
# WEED=/path/to/weed uses that binary; JIEBANG_WEED_CACHE (default ~/.cache/jiebang-weed) is where weed is built;
# WEED_VERSION picks another module version. See docs/storage.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

WEED_VERSION=${WEED_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}
CACHE=${JIEBANG_WEED_CACHE:-$HOME/.cache/jiebang-weed}
WEED=${WEED:-$CACHE/weed-$WEED_VERSION}

if [ ! -x "$WEED" ]; then
	mkdir -p "$CACHE"
	echo "s3-test: building weed $WEED_VERSION into $WEED (once; several minutes)"
	# Outside any module: `go install` refuses the module's replace directive, so build inside a copy of it.
	dir=$(cd "$CACHE" && GO111MODULE=on GOFLAGS=-mod=mod go mod download -json "github.com/seaweedfs/seaweedfs@$WEED_VERSION" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -n "$dir" ] || { echo "s3-test: could not download github.com/seaweedfs/seaweedfs@$WEED_VERSION" >&2; exit 1; }
	rm -rf "$CACHE/src"
	cp -r "$dir" "$CACHE/src"
	chmod -R u+w "$CACHE/src"
	(cd "$CACHE/src" && nice -n 19 go build -o "$WEED.tmp" ./weed)
	mv "$WEED.tmp" "$WEED"
fi

# Free loopback ports (below the ephemeral range) whose gRPC companions (port + 10000) are free too.
used=" "
port=0
free_port() {
	local p
	while :; do
		p=$((10000 + RANDOM % 12000))
		case "$used" in *" $p "*) continue ;; esac
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((p + 10000))") 2>/dev/null; then
			used="$used$p $((p + 10000)) "
			port=$p
			return
		fi
	done
}
free_port; S3_PORT=$port
free_port; MASTER_PORT=$port
free_port; VOLUME_PORT=$port
free_port; FILER_PORT=$port
free_port; ADMIN_PORT=$port

RUN=$(mktemp -d "${TMPDIR:-/tmp}/jiebang-s3-test.XXXXXX")
mkdir -p "$RUN/data"
export AWS_ACCESS_KEY_ID=jiebang-test AWS_SECRET_ACCESS_KEY="jiebang-test-secret-$RANDOM$RANDOM"
BUCKET=jiebang-test
export JIEBANG_TEST_S3_URL="s3://$BUCKET?endpoint=127.0.0.1:$S3_PORT&secure=false&region=us-east-1"

# start.sh and stop.sh start and stop the server (the tests of the store going away call them too).
cat >"$RUN/start.sh" <<EOF
#!/bin/sh
cd "$RUN" || exit 1
AWS_ACCESS_KEY_ID='$AWS_ACCESS_KEY_ID' AWS_SECRET_ACCESS_KEY='$AWS_SECRET_ACCESS_KEY' nohup '$WEED' mini \\
	-dir='$RUN/data' -ip=127.0.0.1 -ip.bind=127.0.0.1 -bucket=$BUCKET \\
	-s3.port=$S3_PORT -master.port=$MASTER_PORT -volume.port=$VOLUME_PORT -filer.port=$FILER_PORT \\
	-admin.port=$ADMIN_PORT -admin.port.legacy=0 -admin.ui=false -webdav=false -s3.port.iceberg=0 -s3.port.lance=0 \\
	-master.telemetry=false >>'$RUN/weed.log' 2>&1 &
echo \$! >'$RUN/weed.pid'
EOF
cat >"$RUN/stop.sh" <<EOF
#!/bin/sh
pid=\$(cat '$RUN/weed.pid' 2>/dev/null) || exit 0
kill \$pid 2>/dev/null || exit 0
i=0
while kill -0 \$pid 2>/dev/null; do
	i=\$((i + 1))
	if [ \$i -gt 300 ]; then kill -9 \$pid; fi
	sleep 0.1
done
EOF
chmod +x "$RUN/start.sh" "$RUN/stop.sh"
cleanup() {
	"$RUN/stop.sh" || true
	if [ "${KEEP:-}" = "" ]; then rm -rf "$RUN"; else echo "s3-test: kept $RUN"; fi
}
trap cleanup EXIT

echo "s3-test: $("$WEED" version 2>/dev/null | head -1)"
echo "s3-test: weed mini on 127.0.0.1:$S3_PORT (S3), data in $RUN/data, log $RUN/weed.log"
"$RUN/start.sh"
# Ready when the bucket answers with the credentials (jiebang storage init checks exactly that).
go build -o "$RUN/jiebang" ./cmd/jiebang
ready=0
for _ in $(seq 1 120); do
	if "$RUN/jiebang" storage init --data-dir "$RUN/app" --storage-url "$JIEBANG_TEST_S3_URL" >"$RUN/init.log" 2>&1; then
		ready=1
		break
	fi
	sleep 1
done
if [ $ready = 0 ]; then
	echo "s3-test: the server did not become ready:" >&2
	tail -20 "$RUN/init.log" "$RUN/weed.log" >&2
	exit 1
fi

status=0
# Every test that needs the real server (they skip without JIEBANG_TEST_S3_URL); one package at a time.
go test -count=1 -p 1 -v -run 'RealS3|RealServer' -skip '^TestRealS3ServerStopsAndStarts$' ./repository ./api ./cmd/jiebang 2>&1 | tee "$RUN/test.log" |
	grep -E '^(=== RUN|--- |ok|FAIL|PASS|panic)|_test.go:' || true
grep -q '^FAIL' "$RUN/test.log" && status=1
# The server stopped and started again under a running app server: alone, since every other test would fail.
JIEBANG_TEST_S3_STOP="$RUN/stop.sh" JIEBANG_TEST_S3_START="$RUN/start.sh" \
	go test -count=1 -v -run '^TestRealS3ServerStopsAndStarts$' ./api 2>&1 | tee "$RUN/test-stop.log" |
	grep -E '^(=== RUN|--- |ok|FAIL|PASS|panic)|_test.go:' || true
grep -q '^FAIL' "$RUN/test-stop.log" && status=1
if grep -q -- '--- SKIP' "$RUN/test.log" "$RUN/test-stop.log"; then
	echo "s3-test: a test skipped although the server runs" >&2
	status=1
fi
[ $status = 0 ] && echo "s3-test: all passed" || echo "s3-test: FAILED (KEEP=1 keeps $RUN)" >&2
exit $status
