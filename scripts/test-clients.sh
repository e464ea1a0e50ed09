#!/usr/bin/env bash
# Tests the generated clients (clients/) and the API contract tooling, from a
# fresh Debian machine with only Go, Python 3.11 + pip and Node 20 + npm
# (a JDK and Maven come from Debian's packages when missing):
#
#   1. installs the pinned tools into a cache (Python venv, npm ci, Go tools,
#      Maven's local repository);
#   2. regenerates the clients and fails if that changes anything;
#   3. buf lint, and buf breaking against the protos of the previous commit;
#   4. starts two pbm servers of its own from ${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm} on
#      free loopback ports with temp data dirs (the second with 2-second
#      access tokens, for the automatic-refresh tests);
#   5. runs the Python, TypeScript (gRPC and grpc-web), Go and Java suites
#      (the first three also run their README examples as printed; the
#      packaged clients' examples run in scripts/test-packages.sh), and the grpcurl / buf curl
#      examples of clients/README.md plus a reflection sweep of every method;
#   6. builds the release artifacts (scripts/package-clients.sh) and installs
#      each in a new project outside the repository, by its README's install
#      block, and runs its README example there: a venv + the wheel, an npm
#      project + the tarball, a Go module + the module from its GOPROXY tree,
#      a Maven project + the jar from its Maven repository;
#   7. stops the servers; exits non-zero if anything failed. Nothing is
#      skipped silently.
#
# Env: PBM_BIN (the pbm binary), PBM_CLIENTS_CACHE (tool cache dir),
# PBM_BREAKING_AGAINST (git ref for buf breaking; default HEAD~1).
source "$(dirname "${BASH_SOURCE[0]}")/clients/common.sh"
cd "$PBM_ROOT"

started=$(date +%s)
declare -a results=()
failed=0
tmp=$(mktemp -d)
declare -a pids=()

cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# step NAME COMMAND...: runs a step, records its outcome, goes on after a failure.
step() {
  local name=$1 t0 rc
  shift
  log "$name"
  t0=$(date +%s)
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  if [[ $rc -eq 0 ]]; then
    results+=("ok    $(printf '%4ss' $(( $(date +%s) - t0 )))  $name")
  else
    results+=("FAIL  $(printf '%4ss' $(( $(date +%s) - t0 )))  $name (exit $rc)")
    failed=1
  fi
}

summary() {
  printf '\n==> client tests: summary (%ss)\n' "$(( $(date +%s) - started ))"
  printf '  %s\n' "${results[@]}"
  if [[ $failed -ne 0 ]]; then
    printf 'client tests FAILED\n'
    exit 1
  fi
  printf 'client tests: all steps passed\n'
}

# -- 1. tools ------------------------------------------------------------------

install_tools() { ensure_tools; }
step "install tools (cache: $PBM_CLIENTS_CACHE)" install_tools
if [[ $failed -ne 0 ]]; then
  summary
fi
ensure_tools  # sets PATH, PBM_PY, PBM_VENV in this shell (already installed)

# -- 2. generated code is up to date ---------------------------------------------

# The generated code, and the manifests whose version the generator writes.
generated=(clients/go/gen clients/typescript/src/gen clients/python/src/pbm clients/java/src/generated
  clients/python/pyproject.toml clients/typescript/package.json clients/typescript/package-lock.json clients/java/pom.xml)
check_generated() {
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "not a git work tree: cannot compare the generated code"
  scripts/generate-clients.sh
  local untracked
  untracked=$(git ls-files --others --exclude-standard -- "${generated[@]}")
  if ! git diff --exit-code --stat -- "${generated[@]}" || [[ -n "$untracked" ]]; then
    [[ -z "$untracked" ]] || printf 'untracked generated files:\n%s\n' "$untracked" >&2
    die "the generated clients are out of date: run scripts/generate-clients.sh and commit the result"
  fi
  echo "regenerating the clients changed nothing"
}
step "generated code matches proto/" check_generated

# -- 3. buf lint, buf breaking ---------------------------------------------------

step "buf lint" buf lint

buf_breaking() {
  local against=${PBM_BREAKING_AGAINST:-HEAD~1}
  if ! git rev-parse --verify --quiet "$against^{commit}" >/dev/null; then
    if [[ -z "${PBM_BREAKING_AGAINST:-}" && "$(git rev-parse --is-shallow-repository)" == true ]]; then
      echo "shallow clone: fetching one more commit for buf breaking"
      git fetch --quiet --deepen=1 || die "shallow clone without $against and it cannot be fetched: clone with history, or set PBM_BREAKING_AGAINST"
    elif [[ -z "${PBM_BREAKING_AGAINST:-}" && -z "$(git rev-list --max-count=1 --skip=1 HEAD)" ]]; then
      echo "NOTE: HEAD is the first commit: there are no earlier protos, buf breaking has nothing to compare"
      return 0
    else
      die "$against is not a commit"
    fi
  fi
  if ! git cat-file -e "$against:proto" 2>/dev/null; then
    echo "NOTE: $against has no proto/ directory: buf breaking has nothing to compare"
    return 0
  fi
  echo "buf breaking against $against ($(git rev-parse --short "$against"))"
  buf breaking --against ".git#ref=$(git rev-parse "$against"),subdir=proto"
  echo "no breaking change"
}
step "buf breaking" buf_breaking

# -- 4. pbm servers ---------------------------------------------------------------

export PBM_PASSWORD="Cl1ents-$(date +%s)-$RANDOM"
export PBM_LOGIN=creator@example.com
pbm_bin=${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm}

# start_pbm NAME [ENV=VALUE...]: starts pbm on 127.0.0.1:0 and waits until it
# is SERVING; sets pbm_addr to its address.
start_pbm() {
  local name=$1 log="$tmp/pbm-$1.log" addr="" i
  shift
  mkdir -p -m 700 "$tmp/data-$name"
  : >"$log"   # exists before the loop reads it (the background job creates it a moment later)
  env "$@" PBM_CREATOR_PASSWORD="$PBM_PASSWORD" NO_COLOR=1 \
    PBM_LOG_FORMAT=text "$pbm_bin" serve --listen 127.0.0.1:0 --data-dir "$tmp/data-$name" >"$log" 2>&1 &
  pids+=($!)
  for i in $(seq 1 300); do
    addr=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | sed -n 's/.*pbm serving.* addr=\(127\.0\.0\.1:[0-9]*\).*/\1/p' | head -n1)
    [[ -n "$addr" ]] && break
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$addr" ]]; then
    cat "$log" >&2
    die "pbm ($name) did not start (no 'pbm serving addr=...' line in its log)"
  fi
  for i in $(seq 1 100); do
    if grpcurl -plaintext -max-time 2 "$addr" grpc.health.v1.Health/Check 2>/dev/null | grep -q SERVING; then
      pbm_addr=$addr
      return 0
    fi
    sleep 0.1
  done
  cat "$log" >&2
  die "pbm ($name) on $addr is not SERVING"
}

[[ -x "$pbm_bin" ]] || die "no pbm binary at $pbm_bin: build it (cargo build) or set PBM_BIN"
log "starting pbm ($pbm_bin)"
start_pbm main
export PBM_ADDR=$pbm_addr
start_pbm short-ttl PBM_SETTING__PBM__AUTH__ACCESS_TOKEN_EXPIRE_TIME=2
export PBM_SHORT_TTL_ADDR=$pbm_addr
echo "pbm on $PBM_ADDR, pbm with 2 s access tokens on $PBM_SHORT_TTL_ADDR"

# -- 5. suites --------------------------------------------------------------------

python_suite() {
  cd clients/python
  # A real (non-editable) install: proves the wheel carries the generated
  # modules, their .pyi stubs and py.typed.
  venv_pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall .
  "$PBM_VENV/bin/mypy"
  # src/ is not on pytest's sys.path: the installed package is what is tested.
  "$PBM_VENV/bin/pytest" -p no:cacheprovider --rootdir "$PWD" -c pyproject.toml "$PWD/tests"
}
step "python client (mypy --strict, pytest)" python_suite

typescript_suite() {
  cd clients/typescript
  # Builds dist/ (type-checking src/), compiles the tests against the built
  # package (type-checking them), runs them.
  npm test
}
step "typescript client (tsc, node --test over gRPC and grpc-web)" typescript_suite

go_suite() {
  cd clients/go
  test -z "$(gofmt -l .)" || { gofmt -l . >&2; die "gofmt"; }
  go vet ./...
  go test -count=1 ./...
}
step "go client (vet, go test)" go_suite

java_suite() {
  cd clients/java
  # Compiles the generated and hand-written code, runs the JUnit 5 suite.
  pbm_mvn test
}
step "java client (mvn test: JUnit 5)" java_suite

step "grpcurl / buf curl examples and reflection sweep" "$PBM_PY" scripts/clients/doc_examples.py

# -- 6. the packaged clients, installed from outside the repository ------------------
#
# scripts/package-clients.sh builds every artifact; each is then installed in
# a new project in a temp dir (outside this checkout), by the README's own
# install block, and runs the README's example against the live pbm.

export PBM_DIST="$tmp/dist"
readme_example="$PBM_ROOT/scripts/clients/readme_example.py"
step "package the clients (scripts/package-clients.sh)" scripts/package-clients.sh "$PBM_DIST"

# outside LANG: a new empty project directory outside the repository.
outside() {
  local dir="$tmp/outside-$1"
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  case "$(pwd -P)/" in "$PBM_ROOT"/*) die "$dir is inside the repository" ;; esac
}

# run_install README: the README's install block, as printed, in this directory.
run_install() {
  "$PBM_PY" "$readme_example" extract "$1" install >install.sh
  bash -euo pipefail install.sh >install.log 2>&1 || { cat install.log >&2; die "the README's install block failed"; }
}

packaged_python() {
  outside python
  run_install "$PBM_ROOT/clients/python/README.md"
  "$PBM_PY" "$readme_example" extract "$PBM_ROOT/clients/python/README.md" python >example.py
  .venv/bin/python -c 'import pbm.contract as c, pbm_client; print("installed pbm-client", c.VERSION, "for", c.API, c.PROTO_SHA256[:12])'
  .venv/bin/python example.py | "$PBM_PY" "$readme_example" check
  # The sdist carries the generated code too (no generation step at build
  # time) and builds: installed over the wheel, the example runs again.
  tar -tzf "$PBM_DIST"/python/pbm_client-*.tar.gz >sdist.txt
  grep -q '/src/pbm/v2/users_pb2.py$' sdist.txt || die "the sdist lacks the generated modules"
  .venv/bin/pip install --quiet --no-deps --force-reinstall "$PBM_DIST"/python/pbm_client-*.tar.gz
  .venv/bin/python example.py | "$PBM_PY" "$readme_example" check
}
step "python wheel and sdist, installed in a new venv outside the repository" packaged_python

packaged_typescript() {
  outside typescript
  # No build at install time: the tarball's package.json has no install-time script.
  tar -xzOf "$PBM_DIST"/typescript/pbm-client-*.tgz package/package.json |
    node -e 'const p = JSON.parse(require("fs").readFileSync(0)); for (const s of ["prepare", "preinstall", "install", "postinstall"]) if (p.scripts?.[s]) { console.error("install-time script " + s); process.exit(1); }'
  run_install "$PBM_ROOT/clients/typescript/README.md"
  [[ -f node_modules/@pbm/client/dist/index.js && ! -e node_modules/.bin/tsc ]] || die "the tarball's dist/ is missing, or TypeScript came along"
  "$PBM_PY" "$readme_example" extract "$PBM_ROOT/clients/typescript/README.md" typescript >example.mjs
  node -e 'import("@pbm/client").then(({ contract: c }) => console.log("installed @pbm/client", c.VERSION, "for", c.API, c.PROTO_SHA256.slice(0, 12)))'
  node example.mjs | "$PBM_PY" "$readme_example" check
}
step "npm tarball, installed in a new npm project outside the repository" packaged_typescript

packaged_go() {
  outside go
  local module modcache
  module=$(cd "$PBM_ROOT/clients/go" && go list -m)
  # The module cache keeps a version once downloaded: drop this module's
  # copies, so that this run uses the artifact just built.
  modcache=$(go env GOMODCACHE)
  chmod -R u+w "$modcache/$module@"* "$modcache/cache/download/$module" 2>/dev/null || true
  rm -rf "$modcache/$module@"* "$modcache/cache/download/$module"
  go mod init example.com/pbm-example >/dev/null 2>&1
  "$PBM_PY" "$readme_example" extract "$PBM_ROOT/clients/go/README.md" go >main.go
  run_install "$PBM_ROOT/clients/go/README.md"
  grep -q "^require $module v$(pbm_version)\$\|^	$module v$(pbm_version)\$" go.mod || { cat go.mod >&2; die "go.mod does not require $module v$(pbm_version)"; }
  go run . | "$PBM_PY" "$readme_example" check
}
step "Go module, used from a new module outside the repository" packaged_go

packaged_java() {
  outside java
  # Maven's local repository keeps a version once resolved: drop this
  # artifact's copy, so that this run uses the one just built.
  rm -rf "$PBM_M2/io/github/pbm-mail"
  "$PBM_PY" "$readme_example" extract "$PBM_ROOT/clients/java/README.md" java-pom >pom.xml
  mkdir -p src/main/java
  "$PBM_PY" "$readme_example" extract "$PBM_ROOT/clients/java/README.md" java >src/main/java/Example.java
  pbm_mvn -q compile exec:java -Dexec.mainClass=Example | "$PBM_PY" "$readme_example" check
  local jar
  jar=$(ls "$PBM_M2"/io/github/pbm-mail/pbm-client/*/pbm-client-*.jar)
  cmp -s "$jar" "$PBM_DIST/java/maven/${jar#"$PBM_M2"/}" || die "the example did not use the packaged jar"
}
step "Java jar, used by a new Maven project outside the repository" packaged_java

# -- 7. done ----------------------------------------------------------------------

for name in main short-ttl; do
  if grep -q -E ' (ERROR|panicked)' "$tmp/pbm-$name.log"; then
    log "pbm ($name) logged errors:"
    grep -E ' (ERROR|panicked)' "$tmp/pbm-$name.log" | head -n 20 >&2
  fi
done
summary
