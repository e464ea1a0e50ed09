// The README example, exactly as printed, against the live pbm.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { env } from "./suite.js";

// .test-build/test/ → the package directory.
const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("the README example runs as printed", async () => {
  const readme = await readFile(join(pkgDir, "README.md"), "utf8");
  const block = /<!-- example: typescript -->\n```\w*\n([\s\S]*?)\n```/.exec(readme);
  assert.ok(block?.[1], "no <!-- example: typescript --> block in README.md");
  // Inside the package, so that `@pbm/client` resolves to this package
  // (self-reference through "exports"), as it would once installed.
  const dir = join(pkgDir, ".test-build", "readme");
  await mkdir(dir, { recursive: true });
  const file = join(dir, "example.mjs");
  await writeFile(file, block[1] + "\n");

  const { stdout } = await promisify(execFile)(process.execPath, [file], {
    env: { ...process.env, PBM_ADDR: env("PBM_ADDR"), PBM_PASSWORD: env("PBM_PASSWORD") },
    timeout: 120_000,
  });
  const lines = stdout.trimEnd().split("\n");
  assert.equal(lines[0], "tenant default domain example.com");
  assert.match(lines[1] ?? "", /^created jane\.[0-9a-f]{8}@example\.com$/);
  assert.match(lines[2] ?? "", /^listed \d+ users; new one listed: true$/);
  assert.deepEqual(lines.slice(3, 6).sort(), [
    "violation user.given_name REQUIRED",
    "violation user.password REQUIRED",
    "violation user.surname REQUIRED",
  ]);
  assert.equal(lines[6], `deleted ${(lines[1] ?? "").replace(/^created /, "")}`);
  assert.equal(lines.length, 7);
});
