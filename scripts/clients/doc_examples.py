#!/usr/bin/env python3
"""Runs the grpcurl / buf curl examples of clients/README.md exactly as
printed, against a live pbm, and checks what they print; then checks through
reflection alone that grpcurl can describe every method of every service and
call every unary one.

Every ```sh block preceded by `<!-- example: NAME -->` runs, in order, in one
bash (`set -euo pipefail`), so later blocks see the variables of earlier
ones. Each NAME must have checks in CHECKS below: a block nobody checks fails
the run. Needs PBM_ADDR, PBM_PASSWORD, and grpcurl, buf and python3 on PATH.

Usage: doc_examples.py [README]   (scripts/test-clients.sh runs it)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARK = "@@@ example "

# Per block: regular expressions its combined output must match.
CHECKS: dict[str, list[str]] = {
    "setup": [],
    "list": [
        r"(?m)^pbm\.v2\.UserService$",
        r"(?m)^pbm\.v2\.AuthService$",
        r"(?m)^grpc\.health\.v1\.Health$",
        r"(?m)^grpc\.reflection\.v1\.ServerReflection$",
        r"(?m)^pbm\.v2\.UserService\.ListUsers$",
        r"(?m)^pbm\.v2\.UserService\.StreamUsers$",
    ],
    "describe": [
        r"pbm\.v2\.UserService is a service:",
        r"rpc StreamUsers \( \.pbm\.v2\.StreamUsersRequest \) returns \( stream \.pbm\.v2\.User \);",
        r"rpc CreateUser \( \.pbm\.v2\.CreateUserRequest \) returns \( \.pbm\.v2\.User \);",
        r"(?m)^\s*// \S",  # the proto comments come along
        r"pbm\.v2\.User is a message:",
        r"string given_name = 5;",
        r"Message template:",
        r'"givenName": ""',
        r"ROLE_SUPERADMIN = 3;",
    ],
    "health": [r'"status": "SERVING"'],
    "login": [r'"mail": "creator@example\.com"', r'"role": "ROLE_SUPERADMIN"'],
    "users": [
        r'"role": "ROLE_SUPERADMIN"',
        r'"totalSize": \d+',
        # GetUser twice (grpcurl, buf curl grpc-web), ListUsers twice, StreamUsers once.
        r'(?s)("mail": "creator@example\.com".*){5}',
    ],
    "errors": [
        r'"code": 3,',
        r'"@type": "type\.googleapis\.com/google\.rpc\.BadRequest"',
        r'"fieldViolations"',  # decoded: reflection serves google/rpc/error_details.proto
        r'"field": "user\.password"',
        r"grpcurl exit status 67",
    ],
}


def blocks(readme: Path) -> list[tuple[str, str]]:
    found = re.findall(r"<!-- example: ([\w-]+) -->\n```sh\n(.*?)\n```", readme.read_text(), re.S)
    if not found:
        sys.exit(f"no <!-- example: NAME --> sh blocks in {readme}")
    return found


def run_examples(readme: Path) -> None:
    examples = blocks(readme)
    script = ["set -euo pipefail", "exec 2>&1"]
    for name, body in examples:
        script += [f"echo '{MARK}{name}'", body]
    run = subprocess.run(["bash", "-c", "\n".join(script)], capture_output=True, text=True, timeout=300)
    out = run.stdout
    if run.returncode != 0:
        sys.exit(f"the examples of {readme} failed (exit {run.returncode}):\n{out}{run.stderr}")
    outputs = dict(re.findall(rf"(?ms)^{MARK}([\w-]+)\n(.*?)(?=^{MARK}|\Z)", out))
    failures = []
    for name, _ in examples:
        if name not in CHECKS:
            failures.append(f"block {name!r} has no checks in {__file__}")
            continue
        if name not in outputs:
            failures.append(f"block {name!r} did not run")
            continue
        for pattern in CHECKS[name]:
            if not re.search(pattern, outputs[name]):
                failures.append(f"block {name!r}: output does not match {pattern!r}:\n{outputs[name]}")
    if failures:
        sys.exit("\n".join(failures))
    print(f"{len(examples)} example blocks of {readme.relative_to(ROOT)} ran as printed and printed what they should")


def grpcurl(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(["grpcurl", *args], capture_output=True, text=True, timeout=60)
    if check and run.returncode != 0:
        sys.exit(f"grpcurl {' '.join(args)} failed (exit {run.returncode}):\n{run.stdout}{run.stderr}")
    return run


# Status codes that show a working RPC path for an empty request: a real
# answer, a validation error, or a not-yet-built RPC.
ACCEPTED = {"OK", "InvalidArgument", "NotFound", "FailedPrecondition", "AlreadyExists", "Unimplemented",
            "PermissionDenied", "OutOfRange", "Unavailable"}


def sweep(addr: str, password: str) -> None:
    def token() -> str:
        login = grpcurl("-plaintext", "-d", json.dumps({"login": "creator@example.com", "password": password}),
                        addr, "pbm.v2.AuthService/Login")
        return json.loads(login.stdout)["accessToken"]

    bearer = token()
    services = grpcurl("-plaintext", addr, "list").stdout.split()
    methods = 0
    called = 0
    for service in services:
        for method in grpcurl("-plaintext", addr, "list", service).stdout.split():
            described = grpcurl("-plaintext", addr, "describe", method).stdout
            methods += 1
            signature = re.search(r"rpc \w+ \( (stream )?\S+ \) returns \( (stream )?\S+ \)", described)
            if not signature:
                sys.exit(f"describe {method}: no rpc signature in\n{described}")
            if signature.group(1) or signature.group(2):
                continue  # streaming: covered by the examples (StreamUsers) and the client suites
            # Logout ends the session of the token it is called with: give it its own.
            use = token() if method == "pbm.v2.AuthService.Logout" else bearer
            full = method[: method.rindex(".")] + "/" + method[method.rindex(".") + 1 :]
            run = grpcurl("-plaintext", "-format-error", "-max-time", "20", "-H", f"authorization: Bearer {use}",
                          "-d", "{}", addr, full, check=False)
            if run.returncode == 0:
                code = "OK"
            elif run.returncode >= 64:
                try:
                    code_number = json.loads(run.stdout or run.stderr)["code"]
                except (ValueError, KeyError):
                    sys.exit(f"{full}: no gRPC status in the answer:\n{run.stdout}{run.stderr}")
                code = CODE_NAMES.get(code_number, str(code_number))
            else:
                sys.exit(f"{full}: grpcurl failed (exit {run.returncode}):\n{run.stdout}{run.stderr}")
            if code not in ACCEPTED:
                sys.exit(f"{full} with an empty request answered {code}:\n{run.stdout}{run.stderr}")
            called += 1
    print(f"grpcurl through reflection alone: described {methods} methods of {len(services)} services, "
          f"called {called} unary methods with an empty request, each answered with a proper gRPC status")


CODE_NAMES = {
    1: "Canceled", 2: "Unknown", 3: "InvalidArgument", 4: "DeadlineExceeded", 5: "NotFound", 6: "AlreadyExists",
    7: "PermissionDenied", 8: "ResourceExhausted", 9: "FailedPrecondition", 10: "Aborted", 11: "OutOfRange",
    12: "Unimplemented", 13: "Internal", 14: "Unavailable", 15: "DataLoss", 16: "Unauthenticated",
}


def main() -> None:
    readme = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "clients" / "README.md"
    for name in ("PBM_ADDR", "PBM_PASSWORD"):
        if not os.environ.get(name):
            sys.exit(f"{name} is not set")
    run_examples(readme.resolve())
    sweep(os.environ["PBM_ADDR"], os.environ["PBM_PASSWORD"])


if __name__ == "__main__":
    main()
