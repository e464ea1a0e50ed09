#!/usr/bin/env bash
# The deployment manifests of issue 22, rendered and checked offline (no swarm, no cluster):
#   1. the Swarm stack (deploy/swarm/pbm-stack.yml): `docker stack config` renders and
#      validates it; the rendered stack must have 2+ pbm replicas, start-first updates with
#      automatic rollback, the health check with `pbm healthcheck`, Docker secrets read by
#      pbm from files (mode 0400, pbm's uid), no secret in the environment, resource limits,
#      a stop grace above pbm's 20-s drain, a read-only root;
#   2. the Helm chart (deploy/helm/pbm): `helm lint --strict` and `helm template` with the
#      default values and with others (NetworkPolicy, ServiceMonitor, etcd, settings, one
#      replica, no PDB, no migration hook); the rendered objects must carry the probes on
#      /healthz/ready and /healthz/live, the restricted securityContext, secrets by
#      reference only, appProtocol on the Service, the PDB and the pre-upgrade migration Job;
#   3. pbm itself accepts the pbm.toml each of them gives it (`pbm config print`).
# Installs helm v4.3.2 with `go install` into the tool cache when missing (about 2 min of
# compiling the first time), python3-yaml when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "test-manifests.sh: $*" >&2; exit 1; }
log() { printf '\n==> %s\n' "$*"; }
cache=${PBM_CLIENTS_CACHE:-$HOME/.cache/pbm-clients}
helm_version=v4.3.2

if ! python3 -c 'import yaml' 2>/dev/null; then
    log "installing python3-yaml"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends python3-yaml >/dev/null
fi
if ! command -v docker >/dev/null; then
    log "installing Debian's docker client (docker.io; no engine is started)"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends docker.io >/dev/null
fi
helm=$cache/bin/helm
if ! "$helm" version --short 2>/dev/null | grep -q "^$helm_version"; then
    log "installing helm $helm_version (go install)"
    command -v go >/dev/null || die "go is needed to install helm"
    t0=$(date +%s)
    GOBIN=$cache/bin GOFLAGS=-mod=mod go install "helm.sh/helm/v4/cmd/helm@$helm_version"
    echo "installed in $(( $(date +%s) - t0 ))s"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

log "the Swarm stack: docker stack config"
(cd deploy/swarm && PBM_IMAGE=registry.example/pbm:0.1.0 docker stack config -c pbm-stack.yml) >"$tmp/stack.yml"
python3 - "$tmp/stack.yml" <<'PY'
import sys, yaml
stack = yaml.safe_load(open(sys.argv[1]))
pbm = stack["services"]["pbm"]
deploy = pbm["deploy"]
def check(ok, what):
    if not ok:
        sys.exit(f"test-manifests.sh: the Swarm stack: {what}")
def seconds(text):
    units = {"h": 3600, "m": 60, "s": 1}
    total, number = 0, ""
    for char in str(text):
        if char.isdigit() or char == ".":
            number += char
        else:
            total += float(number) * units[char]
            number = ""
    return total
check(pbm["image"] == "registry.example/pbm:0.1.0", "PBM_IMAGE does not choose the image")
check(deploy["replicas"] >= 2, "fewer than 2 replicas")
update = deploy["update_config"]
check(update["order"] == "start-first" and update["failure_action"] == "rollback", f"update_config {update}")
check(deploy["rollback_config"]["order"] == "start-first", "rollback_config")
check(deploy["resources"]["limits"].get("memory") and deploy["resources"]["limits"].get("cpus"), "no resource limits")
check(pbm["healthcheck"]["test"][-2:] == ["/usr/bin/pbm", "healthcheck"], f"health check {pbm['healthcheck']}")
check(seconds(pbm["stop_grace_period"]) > 20, "stop_grace_period not above pbm's 20-s drain")
check(pbm.get("read_only") is True, "the root filesystem is not read-only")
env = pbm["environment"]
for variable, secret in [("PBM_STORE_FILE", "pbm_store"), ("PBM_CREATOR_PASSWORD_FILE", "pbm_creator_password")]:
    check(env.get(variable) == f"/run/secrets/{secret}", f"{variable} is {env.get(variable)!r}")
for variable in env:
    check(not variable.endswith(("PASSWORD", "_STORE", "_KEY")), f"a secret in the environment: {variable}")
secrets = {s["source"]: s for s in pbm["secrets"]}
for name in ("pbm_store", "pbm_signing_key", "pbm_creator_password"):
    check(name in secrets, f"secret {name} not given to pbm")
    check(secrets[name].get("mode") == 0o400 and secrets[name].get("uid") == "10001", f"secret {name}: {secrets[name]}")
    check(stack["secrets"][name].get("external") is True, f"secret {name} is not external")
toml = [c for c in pbm["configs"] if c["target"] == "/etc/pbm/pbm.toml"]
check(toml and env.get("PBM_CONFIG") == "/etc/pbm/pbm.toml", "pbm.toml is not given as a config")
check("signing_key_file = \"/run/secrets/pbm_signing_key\"" in open("deploy/swarm/pbm.toml").read(), "pbm.toml does not name the signing key secret")
check(env.get("PBM_ETCD_ENDPOINTS") and "postgres" in stack["services"] and "etcd" in stack["services"], "PostgreSQL and etcd")
print(f"pbm: {deploy['replicas']} replicas, start-first with rollback, healthcheck, 3 secrets 0400 uid 10001, "
      f"limits {deploy['resources']['limits']}, stop grace {pbm['stop_grace_period']}, read-only root")
PY
# A broken stack is refused: the check above is not reading a file docker ignored.
sed 's/^    deploy:$/    deploy: [/' deploy/swarm/pbm-stack.yml >"$tmp/broken.yml"
cp deploy/swarm/pbm.toml "$tmp/pbm.toml"
if (cd "$tmp" && docker stack config -c broken.yml >/dev/null 2>&1); then die "docker stack config accepted a broken stack"; fi

log "the Helm chart: helm lint"
"$helm" lint --strict deploy/helm/pbm
cat >"$tmp/values.yaml" <<'VALUES'
replicaCount: 1
image: {repository: registry.example/pbm, tag: "0.2.0"}
etcd: {endpoints: ["http://etcd-0.etcd:2379", "http://etcd-1.etcd:2379"], prefix: /mail1/}
settings: {"pbm/server/shutdown_grace": 25, "psn/web/logger/cef_enabled": true}
terminationGracePeriodSeconds: 40
podDisruptionBudget: {enabled: false}
networkPolicy:
  enabled: true
  ingressFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress}}}]
serviceMonitor: {enabled: true, labels: {release: prometheus}}
migrations: {enabled: false}
VALUES
"$helm" lint --strict deploy/helm/pbm -f "$tmp/values.yaml"

log "the Helm chart: helm template, default and other values"
"$helm" template pbm deploy/helm/pbm --namespace mail >"$tmp/default.yaml"
"$helm" template pbm deploy/helm/pbm --namespace mail -f "$tmp/values.yaml" >"$tmp/other.yaml"
python3 - "$tmp/default.yaml" "$tmp/other.yaml" <<'PY'
import sys, yaml
def objects(path):
    return {(o["kind"], o["metadata"]["name"]): o for o in yaml.safe_load_all(open(path)) if o}
def check(ok, what):
    if not ok:
        sys.exit(f"test-manifests.sh: the Helm chart: {what}")
def restricted(container, where):
    sc = container["securityContext"]
    check(sc["runAsNonRoot"] and sc["readOnlyRootFilesystem"] and not sc["allowPrivilegeEscalation"], f"{where}: securityContext {sc}")
    check(sc["capabilities"]["drop"] == ["ALL"] and sc["seccompProfile"]["type"] == "RuntimeDefault", f"{where}: capabilities/seccomp")
    for env in container.get("env", []):
        check("value" in env and "valueFrom" not in env, f"{where}: env {env['name']} is not a plain value")
        check(not (env["name"].endswith(("PASSWORD", "_STORE", "_KEY"))), f"{where}: a secret in the environment: {env['name']}")

default = objects(sys.argv[1])
kinds = sorted(kind for kind, _ in default)
check(kinds == ["ConfigMap", "Deployment", "Job", "PodDisruptionBudget", "Service", "ServiceAccount"], f"default objects {kinds}")
deployment = default[("Deployment", "pbm")]
spec = deployment["spec"]
check(spec["replicas"] == 2 and spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0, "replicas / rolling update")
pod = spec["template"]["spec"]
check(pod["securityContext"]["runAsNonRoot"] and pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", "pod securityContext")
check(pod["automountServiceAccountToken"] is False, "the service account token is mounted")
check(pod["terminationGracePeriodSeconds"] > 20, "termination grace not above pbm's 20-s drain")
pbm = pod["containers"][0]
restricted(pbm, "pbm")
restricted(pod["initContainers"][0], "the init container")
check(pbm["readinessProbe"]["httpGet"]["path"] == "/healthz/ready", "readiness probe")
check(pbm["livenessProbe"]["httpGet"]["path"] == "/healthz/live", "liveness probe")
env = {e["name"]: e["value"] for e in pbm["env"]}
check(env["PBM_STORE_FILE"].startswith("/run/secrets/pbm/store/"), "the store is not read from its Secret")
check(env["PBM_CREATOR_PASSWORD_FILE"].startswith("/run/secrets/pbm/creator/"), "the password is not read from its Secret")
secrets = sorted(v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v)
check(secrets == ["pbm-creator-password", "pbm-signing-key", "pbm-store"], f"secrets by reference {secrets}")
check(not any(kind == "Secret" for kind, _ in default), "the chart makes a Secret")
service = default[("Service", "pbm")]
check(service["spec"]["ports"][0]["appProtocol"] == "kubernetes.io/h2c", "the Service has no appProtocol for gRPC")
check(default[("PodDisruptionBudget", "pbm")]["spec"]["minAvailable"] == 1, "the PDB")
job = default[("Job", "pbm-migrate")]
check("pre-upgrade" in job["metadata"]["annotations"]["helm.sh/hook"], "the migration Job is not a pre-upgrade hook")
check(job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"], "the migration Job does not run pbm migrate")
restricted(job["spec"]["template"]["spec"]["containers"][0], "the migration Job")
toml = default[("ConfigMap", "pbm")]["data"]["pbm.toml"]
check('signing_key_file = "/run/pbm/signing.key"' in toml, "pbm.toml does not name the copied signing key")

other = objects(sys.argv[2])
kinds = sorted(kind for kind, _ in other)
check(kinds == ["ConfigMap", "Deployment", "NetworkPolicy", "Service", "ServiceAccount", "ServiceMonitor"], f"other objects {kinds}")
deployment = other[("Deployment", "pbm")]
pod = deployment["spec"]["template"]["spec"]
check(deployment["spec"]["replicas"] == 1 and pod["terminationGracePeriodSeconds"] == 40, "replicas / grace of the values")
check(pod["containers"][0]["image"] == "registry.example/pbm:0.2.0", "the image of the values")
env = {e["name"]: e["value"] for e in pod["containers"][0]["env"]}
check(env["PBM_ETCD_ENDPOINTS"] == "http://etcd-0.etcd:2379,http://etcd-1.etcd:2379" and env["PBM_ETCD_PREFIX"] == "/mail1/", "etcd")
toml = other[("ConfigMap", "pbm")]["data"]["pbm.toml"]
check('"pbm/server/shutdown_grace" = 25' in toml and '"psn/web/logger/cef_enabled" = true' in toml, f"settings in pbm.toml:\n{toml}")
import os
for name, objs in (("default", default), ("other", other)):
    with open(os.path.join(os.path.dirname(sys.argv[1]), f"{name}.toml"), "w") as out:
        out.write(objs[("ConfigMap", "pbm")]["data"]["pbm.toml"])
policy = other[("NetworkPolicy", "pbm")]["spec"]["ingress"][0]["from"]
check(policy == [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress"}}}], f"NetworkPolicy {policy}")
check(other[("ServiceMonitor", "pbm")]["metadata"]["labels"]["release"] == "prometheus", "ServiceMonitor labels")
print("default: Deployment (2 replicas, probes, restricted), Service (h2c), PDB, migration hook, ConfigMap, ServiceAccount;")
print("other values: 1 replica, etcd, settings, NetworkPolicy, ServiceMonitor, no PDB, no hook")
PY
log "pbm reads the configuration files they give it (pbm config print)"
pbm_bin=${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm}
[ -x "$pbm_bin" ] || die "no pbm binary at $pbm_bin: build it (cargo build) or set PBM_BIN"
for toml in deploy/swarm/pbm.toml "$tmp/default.toml" "$tmp/other.toml"; do
    env -u PBM_STORE -u PBM_CREATOR_PASSWORD "$pbm_bin" config print --config "$toml" >"$tmp/print" ||
        die "pbm refuses $toml: $(cat "$tmp/print")"
    grep -q '^auth.signing_key_file' "$tmp/print" || die "no signing key file in $toml"
done
grep -q 'settings.pbm/server/shutdown_grace *= "25"  # config file \[settings\]' "$tmp/print" ||
    die "the chart's settings did not reach pbm: $(cat "$tmp/print")"
echo "the stack's pbm.toml and the chart's, with both sets of values: accepted"

log "the Swarm stack and the Helm chart render as checked"
