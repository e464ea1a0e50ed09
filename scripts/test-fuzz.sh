#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz: libFuzzer with AddressSanitizer, on the
# nightly toolchain) for a bounded time, starting from its committed corpus in
# fuzz/corpus/<target>/ (issue 19). New inputs go to a scratch dir: the committed corpus only
# changes when someone adds to it on purpose (`cargo +nightly fuzz cmin` first).
#
# Targets: the LDIF reader, the /v2 body decoders (form, JSON object, JSON-Patch with the
# guide's typo), page tokens, the doveadm query builder, certificate checks, the settings
# validators, SCIM's filters, PATCH paths and PatchOp bodies. A crash fails the run; its input
# is in fuzz/artifacts/<target>/ and the libFuzzer output above names it (reproduce:
# cargo +nightly fuzz run <target> <file>).
#
# Env: PBM_FUZZ_SECONDS per target (default 20, the CI mode); PBM_FUZZ_RELEASE=1 builds the
# targets optimized (about 16 min on 2 cores, against 5.5 min for the CI's unoptimized build,
# but 10-50x the executions per second): the nightly-sized run is
#   PBM_FUZZ_SECONDS=600 PBM_FUZZ_RELEASE=1 scripts/test-fuzz.sh
# Installs cargo-fuzz 0.13.2 into ~/.cargo/bin when missing; needs the nightly toolchain
# (installed with rustup when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${PBM_FUZZ_SECONDS:-20}
if [ "${PBM_FUZZ_RELEASE:-0}" = 1 ]; then profile=(-O); else profile=(--dev); fi
log() { printf '\n==> %s\n' "$*"; }

if ! rustup toolchain list | grep -q '^nightly'; then
    log "installing the nightly toolchain"
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version 2>/dev/null | grep -q '0\.13\.2'; then
    log "installing cargo-fuzz 0.13.2"
    cargo install cargo-fuzz --locked --version 0.13.2
fi

log "building the fuzz targets (nightly, AddressSanitizer, ${profile[0]})"
t0=$(date +%s)
cargo +nightly fuzz build "${profile[@]}"
echo "built in $(( $(date +%s) - t0 ))s"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in $(cargo +nightly fuzz list); do
    corpus=fuzz/corpus/$target
    [ -d "$corpus" ] && [ -n "$(ls -A "$corpus")" ] || { echo "no committed corpus in $corpus" >&2; exit 1; }
    mkdir -p "$scratch/$target"
    log "fuzzing $target for ${seconds}s ($(ls "$corpus" | wc -l) seeds)"
    set +e
    cargo +nightly fuzz run "${profile[@]}" "$target" "$scratch/$target" "$corpus" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        >"$scratch/$target.log" 2>&1
    status=$?
    set -e
    # libFuzzer's progress lines are left out; its start, end and figures are shown.
    grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb)' "$scratch/$target.log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 80 "$scratch/$target.log" >&2
        echo "fuzz target $target failed (exit $status): the input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
done
log "every fuzz target ran ${seconds}s without a crash"
