#!/usr/bin/env bash
# The OCI image of deploy/container/Containerfile (issue 22), built with Buildah and run under
# Podman, as ../shared/reference/servers-recipe.md shows for these machines (no Docker engine,
# no registry: the base is made from Debian's packages with mmdebstrap, given as BASE):
#   1. builds the image around ${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm} (the binary the suite tested,
#      through the Containerfile's BUILDER argument) and checks its metadata: non-root user,
#      HEALTHCHECK with `pbm healthcheck`, STOPSIGNAL, the volume, the OCI labels; prints its size;
#   2. runs it on SQLite with a named volume, a read-only root filesystem and the superadmin's
#      password as a secret file: health turns ready, its log is JSON lines, a user is created;
#   3. `podman stop` stops it cleanly: exit 0 within the stop timeout (SIGKILL would be 137);
#   4. a new container on the same volume still has the user;
#   5. a rolling restart of two containers of the image on one PostgreSQL database and one etcd
#      prefix, under four writers and a watch, each replaced after `podman stop`: no acknowledged
#      write and no event lost (tests/e2e/replicas.rs's rolling-restart test, run from the e2e
#      test binary ${PBM_E2E_BIN:-found with cargo} with PBM_TEST_REPLICA_IMAGE set; needs the
#      PostgreSQL and etcd test servers of scripts/servers/, their env file is read when unset).
# Needs root; installs buildah, podman, runc and mmdebstrap when missing (Debian 12). Podman's
# complaints that it cannot reach systemd for the health-check timers go to a file (there is
# no systemd here; `podman healthcheck run` runs the check itself).
# PBM_CONTAINER_KEEP=1 keeps the images for a rerun.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "test-container.sh: $*" >&2; exit 1; }
log() { printf '\n==> %s\n' "$*"; }
[ "$(id -u)" = 0 ] || die "must run as root"
pbm_bin=${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm}
[ -x "$pbm_bin" ] || die "no pbm binary at $pbm_bin: build it (cargo build) or set PBM_BIN"

need=()
for tool in buildah podman runc mmdebstrap; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need[@]}" uidmap slirp4netns >/dev/null
fi
podman=(podman --runtime runc --cgroup-manager=cgroupfs --storage-driver vfs)
buildah=(buildah --storage-driver vfs)
base=localhost/pbm-debian-base:bookworm
image=localhost/pbm:test
tmp=$(mktemp -d)
name=pbm-test-$$
volume=pbm-test-data-$$
cleanup() {
    "${podman[@]}" rm -f -t 0 "$name" "$name-2" >/dev/null 2>&1 || true
    "${podman[@]}" volume rm -f "$volume" >/dev/null 2>&1 || true
    if [ "${PBM_CONTAINER_KEEP:-0}" != 1 ]; then
        "${podman[@]}" rmi -f "$image" localhost/pbm-builder:test >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

if ! "${podman[@]}" image exists "$base"; then
    log "making a base image from Debian's packages (mmdebstrap)"
    mmdebstrap --quiet --variant=apt --include=ca-certificates bookworm "$tmp/base.tar"
    "${podman[@]}" import --quiet "$tmp/base.tar" "$base" >/dev/null
    rm -f "$tmp/base.tar"
fi

log "building the image around $pbm_bin"
t0=$(date +%s)
builder=$("${buildah[@]}" from --quiet "$base")
"${buildah[@]}" copy --quiet "$builder" "$pbm_bin" /usr/local/bin/pbm >/dev/null
"${buildah[@]}" run --isolation chroot "$builder" -- chmod 0755 /usr/local/bin/pbm
"${buildah[@]}" commit --quiet --rm "$builder" localhost/pbm-builder:test >/dev/null
"${buildah[@]}" bud --quiet --isolation chroot --format docker \
    --ignorefile deploy/container/Containerfile.dockerignore -f deploy/container/Containerfile \
    --build-arg BASE="$base" --build-arg BUILDER=localhost/pbm-builder:test \
    --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
    -t "$image" . >/dev/null
echo "built in $(( $(date +%s) - t0 ))s"

log "the image's metadata"
"${podman[@]}" image inspect "$image" >"$tmp/inspect.json"
python3 - "$tmp/inspect.json" <<'PY'
import json, sys
image = json.load(open(sys.argv[1]))[0]
config = image["Config"]
def check(ok, what):
    if not ok:
        sys.exit(f"test-container.sh: {what}")
check(config.get("User") == "10001:10001", f"user {config.get('User')!r}, not 10001:10001")
check(config.get("Entrypoint") == ["/usr/bin/pbm"] and config.get("Cmd") == ["serve"], "entrypoint and command")
check(config.get("StopSignal") == "SIGTERM", f"stop signal {config.get('StopSignal')!r}")
check("/var/lib/pbm" in (config.get("Volumes") or {}), "no volume /var/lib/pbm")
health = (image.get("Healthcheck") or image.get("HealthCheck") or config.get("Healthcheck") or {}).get("Test") or []
check(health[1:] == ["/usr/bin/pbm", "healthcheck"], f"health check {health!r}")
labels = config.get("Labels") or {}
for label in ("version", "revision", "source", "licenses"):
    check(labels.get(f"org.opencontainers.image.{label}"), f"no OCI label {label}")
print(f"user {config['User']}, HEALTHCHECK {' '.join(health[1:])}, STOPSIGNAL SIGTERM, volume /var/lib/pbm, "
      f"labels version={labels['org.opencontainers.image.version']} licenses={labels['org.opencontainers.image.licenses']}")
PY
size=$("${podman[@]}" image inspect --format '{{.Size}}' "$image")
echo "image $image: $((size / 1000000)) MB, of which pbm $(( $(stat -c %s "$pbm_bin") / 1000000 )) MB"
"${podman[@]}" run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    --entrypoint /usr/bin/pbm "$image" --version 2>>"$tmp/podman.err"

printf '%s\n' 'Container-Pass1' >"$tmp/creator-password"
chown 10001:10001 "$tmp/creator-password"
chmod 0400 "$tmp/creator-password"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base_url=http://127.0.0.1:$port
run() { # run NAME: a container of the image on the volume, read-only, the password as a secret file
    "${podman[@]}" run -d --name "$1" --network host --read-only \
        --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
        -v "$volume:/var/lib/pbm" \
        -v "$tmp/creator-password:/run/secrets/pbm_creator_password:ro" \
        -e PBM_LISTEN="127.0.0.1:$port" -e PBM_CREATOR_PASSWORD_FILE=/run/secrets/pbm_creator_password \
        "$image" >/dev/null 2>>"$tmp/podman.err"
}
wait_healthy() { # wait_healthy NAME: the image's own HEALTHCHECK (pbm healthcheck) passes
    for _ in $(seq 1 150); do
        if "${podman[@]}" healthcheck run "$1" >/dev/null 2>&1; then return 0; fi
        [ "$("${podman[@]}" inspect --format '{{.State.Running}}' "$1")" = true ] || break
        sleep 0.2
    done
    "${podman[@]}" logs "$1" >&2 || true
    cat "$tmp/podman.err" >&2
    die "$1 did not turn healthy"
}

log "running it: SQLite on a volume, read-only root, the password from a secret file"
"${podman[@]}" volume create "$volume" >/dev/null
run "$name"
wait_healthy "$name"
curl -sf "$base_url/healthz/ready" | grep -q '"ready"' || die "/healthz/ready is not ready"
"${podman[@]}" logs "$name" 2>/dev/null | head -n 50 >"$tmp/log"
python3 - "$tmp/log" <<'PY' || die "the container's log is not JSON lines with 'pbm serving'"
import json, sys
lines = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
assert any(entry["fields"]["message"] == "pbm serving" for entry in lines)
PY
token=$(curl -sf -X POST "$base_url/v2/auth" -d login=creator@example.com -d password=Container-Pass1 |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])') || die "the superadmin cannot log in"
curl -sf -X PUT "$base_url/v2/users/default/kept@example.com" -d userPassword=Kept-Pass1 \
    -d cn=Kept -d sn=User -H "Authorization: Bearer $token" >/dev/null || die "creating a user failed"
echo "healthy; JSON log; kept@example.com created"

log "podman stop: SIGTERM, drained, exit 0"
t0=$(date +%s)
"${podman[@]}" stop -t 30 "$name" >/dev/null 2>>"$tmp/podman.err"
exit_code=$("${podman[@]}" inspect --format '{{.State.ExitCode}}' "$name")
[ "$exit_code" = 0 ] || { "${podman[@]}" logs "$name" >&2; die "exit code $exit_code after podman stop (137: killed at the timeout)"; }
echo "exit 0 after $(( $(date +%s) - t0 ))s"
"${podman[@]}" rm "$name" >/dev/null 2>>"$tmp/podman.err"

log "a new container on the same volume"
run "$name-2"
wait_healthy "$name-2"
token=$(curl -sf -X POST "$base_url/v2/auth" -d login=creator@example.com -d password=Container-Pass1 |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
curl -sf "$base_url/v2/users/default/kept@example.com" -H "Authorization: Bearer $token" |
    grep -q 'kept@example.com' || die "the user is gone in the new container"
"${podman[@]}" stop -t 30 "$name-2" >/dev/null 2>>"$tmp/podman.err"
echo "kept@example.com is still there"

log "a rolling restart of two containers under writes and a watch (PostgreSQL, etcd)"
if [ -z "${PBM_TEST_PG_URL:-}" ] && [ -r "${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}/env" ]; then
    # shellcheck disable=SC1091
    . "${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}/env"
fi
[ -n "${PBM_TEST_PG_URL:-}" ] && [ -n "${PBM_TEST_ETCD_ENDPOINTS:-}" ] ||
    die "no PostgreSQL or etcd test server: start them (scripts/servers/up.sh postgres etcd)"
e2e_bin=${PBM_E2E_BIN:-$(cargo test --locked --test e2e --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json, sys
print([m["executable"] for m in map(json.loads, sys.stdin) if m.get("executable") and m["target"]["name"] == "e2e"][-1])')}
[ -x "$e2e_bin" ] || die "no e2e test binary at $e2e_bin"
PBM_REQUIRE_SERVERS=1 PBM_TEST_REPLICA_IMAGE="$image" PBM_TEST_PODMAN="${podman[*]}" \
    "$e2e_bin" --exact replicas::a_rolling_restart_loses_no_acknowledged_write_and_no_event --nocapture \
    2>&1 | tee "$tmp/rolling.log" | grep -v '^replica: ' || true
grep -q '^test result: ok. 1 passed' "$tmp/rolling.log" || { cat "$tmp/rolling.log" >&2; die "the rolling restart of containers failed"; }
log "the image builds, serves, stops cleanly, keeps its data in the volume and restarts rolling"
