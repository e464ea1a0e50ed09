#!/usr/bin/env bash
# Builds the release artifacts of every client into one folder:
#
#   OUT/python/      pbm_client-V-py3-none-any.whl and pbm_client-V.tar.gz (sdist)
#   OUT/typescript/  pbm-client-V.tgz (npm pack: dist/ built in, no install-time
#                    build step; runtime dependencies pinned in its package.json)
#   OUT/go/          the module github.com/pbm-mail/pbm/clients/go at vV as a
#                    GOPROXY tree (@v/list, .info, .mod, .zip): serve it over
#                    HTTP or use it as GOPROXY=file://OUT/go,... (clients/go/README.md);
#                    the repository tag of the same version is clients/go/vV
#   OUT/java/maven/  a Maven repository with io.github.pbm-mail:pbm-client:V
#                    (jar, -sources.jar, -javadoc.jar, POM)
#   OUT/SHA256SUMS
#
# V is the server's version (Cargo.toml); the manifests carry it already
# (scripts/generate-clients.sh writes it, CI checks it). Builds from the work
# tree as it is (the Go module from the files git tracks), so package a clean
# checkout of the commit you release. Installs the tools it needs (see
# scripts/clients/common.sh). No test runs here: scripts/test-packages.sh
# installs every artifact in a fresh project and runs its README example.
#
# Usage: scripts/package-clients.sh [OUT]      (default: dist/clients)
source "$(dirname "${BASH_SOURCE[0]}")/clients/common.sh"

out=${1:-$PBM_ROOT/dist/clients}
mkdir -p "$out"
out=$(cd "$out" && pwd)
ensure_tools
cd "$PBM_ROOT"
version=$(pbm_version)
[[ -n "$version" ]] || die "no [package] version in Cargo.toml"

check_version() { # FILE VERSION-IN-FILE
  [[ "$2" == "$version" ]] || die "$1 says version $2, the server is $version: run scripts/generate-clients.sh"
}
check_version clients/python/pyproject.toml "$("$PBM_PY" -c 'import tomllib; print(tomllib.load(open("clients/python/pyproject.toml", "rb"))["project"]["version"])')"
check_version clients/typescript/package.json "$(node -p 'require("./clients/typescript/package.json").version')"
check_version clients/java/pom.xml "$("$PBM_PY" -c 'import xml.etree.ElementTree as e; print(e.parse("clients/java/pom.xml").getroot().findtext("{http://maven.apache.org/POM/4.0.0}version"))')"
grep -q "Version = \"$version\"" clients/go/gen/pbm/v2/contract.go || die "clients/go/gen/pbm/v2/contract.go is not at $version: run scripts/generate-clients.sh"

rm -rf "$out/python" "$out/typescript" "$out/go" "$out/java" "$out/SHA256SUMS"

log "Python: wheel and sdist"
mkdir -p "$out/python"
(cd clients/python && "$PBM_VENV/bin/hatchling" build -t wheel -t sdist -d "$out/python" >/dev/null)

log "TypeScript: npm pack"
mkdir -p "$out/typescript"
# prepack builds dist/ (tsc from the dev dependencies that ensure_tools installed).
(cd clients/typescript && npm pack --silent --pack-destination "$out/typescript" >/dev/null)

log "Go: module zip in a GOPROXY tree"
go_module=$(cd clients/go && go list -m)
go_dir="$out/go/$go_module/@v"
mkdir -p "$go_dir"
"$PBM_PY" - "$go_module" "v$version" "$go_dir" <<'PY'
import json, os, subprocess, sys, zipfile
module, version, dest = sys.argv[1:]
files = subprocess.run(["git", "ls-files", "-z", "clients/go"], check=True, capture_output=True).stdout.decode().split("\0")
files = sorted(f for f in files if f and os.path.isfile(f))
prefix = f"{module}@{version}/"
with zipfile.ZipFile(f"{dest}/{version}.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for f in files:
        info = zipfile.ZipInfo(prefix + os.path.relpath(f, "clients/go"), date_time=(2026, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, open(f, "rb").read())
with open("clients/go/go.mod", "rb") as src, open(f"{dest}/{version}.mod", "wb") as dst:
    dst.write(src.read())
with open(f"{dest}/{version}.info", "w") as info:
    json.dump({"Version": version, "Time": "2026-01-01T00:00:00Z"}, info)
with open(f"{dest}/list", "w") as lst:
    lst.write(version + "\n")
PY

log "Java: jar, sources, javadoc into a Maven repository"
mkdir -p "$out/java/maven"
(cd clients/java && pbm_mvn -q -DskipTests deploy -DaltDeploymentRepository="pbm-dist::file://$out/java/maven")

(cd "$out" && find python typescript go java -type f ! -name 'maven-metadata*' ! -name '*.md5' ! -name '*.sha1' | LC_ALL=C sort | xargs sha256sum >SHA256SUMS)
log "artifacts of pbm clients $version in $out:"
(cd "$out" && find . -type f \( -name '*.whl' -o -name '*.tar.gz' -o -name '*.tgz' -o -name '*.zip' -o -name '*.jar' -o -name '*.pom' \) | LC_ALL=C sort) >&2
