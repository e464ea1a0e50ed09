/**
 * What every browser test of the panel shares:
 *
 * - `tr(key)`: a string of the panel in the test's language (the project's
 *   `lang`), read from the panel's own dictionaries, so that controls are
 *   found by the labels a user of that language sees;
 * - `clientIp`: a client address of the test's own, sent as
 *   X-Forwarded-For (pbm trusts it from 127.0.0.1 in this suite), so that the
 *   failed logins of one test never lock another out;
 * - `api`: a superadmin's gRPC client (`@pbm/client/node`) to set up and
 *   check data behind the panel's back;
 * - `shot(page, name)`: a screenshot of a screen and an axe-core check that
 *   finds no serious or critical violation on it.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Page, test as base, expect } from "@playwright/test";
import { Role, type PbmClient } from "@pbm/client";
import { connectGrpc } from "@pbm/client/node";
import { DICTIONARIES, type Key, type Lang } from "../src/strings";

/** Options of the projects (playwright.config.ts). */
export interface PanelOptions {
  lang: Lang;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: run the suite through scripts/test-panel.sh`);
  }
  return value;
}

/** The pbm under test and its superadmin. */
export const PBM = {
  get url(): string {
    return required("PBM_PANEL_URL");
  },
  get password(): string {
    return required("PBM_PANEL_PASSWORD");
  },
  get dataDir(): string {
    return required("PBM_PANEL_DATA_DIR");
  },
  creator: "creator@example.com",
};

/** A superadmin client of a pbm. */
export function superadmin(baseUrl = PBM.url, password = PBM.password): PbmClient {
  return connectGrpc({ baseUrl, login: PBM.creator, password });
}

/** `text` with `{name}` replaced from `params`. */
export function fill(text: string, params?: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params?.[name] !== undefined ? String(params[name]) : whole));
}

let ipCounter = 0;

type Fixtures = {
  tr: (key: Key, params?: Record<string, string | number>) => string;
  clientIp: string;
  api: PbmClient;
  shot: (page: Page, name: string) => Promise<void>;
};

export const test = base.extend<PanelOptions & Fixtures>({
  lang: ["en", { option: true }],
  tr: async ({ lang }, use) => {
    await use((key, params) => fill(DICTIONARIES[lang][key], params));
  },
  clientIp: async ({}, use, info) => {
    ipCounter++;
    const project = info.project.name === "ru" ? 2 : 1;
    await use(`10.${project}${info.workerIndex % 10}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`);
  },
  extraHTTPHeaders: async ({ clientIp }, use) => {
    await use({ "X-Forwarded-For": clientIp });
  },
  api: async ({}, use) => {
    await use(superadmin());
  },
  shot: async ({ lang }, use, info) => {
    await use(async (page, name) => {
      const dir = join(process.env["PBM_PANEL_SCREENSHOTS"] ?? "test-results/screens", lang);
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`);
      await info.attach(`axe-${name}`, { body: JSON.stringify(results.violations, null, 2), contentType: "application/json" });
      expect(report, `axe-core on ${name} (${lang})`).toEqual([]);
    });
  },
});

export { expect };

/** A name nobody else in this run uses: letters, digits and `-`, lower-case. */
export function unique(prefix: string, lang: string): string {
  return `${prefix}-${lang}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toLowerCase();
}

/** Signs in through the login screen and waits for the main screen. */
export async function signIn(page: Page, tr: Fixtures["tr"], mail: string, password: string): Promise<void> {
  await page.goto("/admin/");
  await page.getByLabel(tr("login.mail"), { exact: true }).fill(mail);
  await page.getByLabel(tr("login.password"), { exact: true }).fill(password);
  await page.getByRole("button", { name: tr("login.submit") }).click();
  await expect(page.getByRole("button", { name: tr("top.logout") })).toBeVisible();
}

/** A tenant with its own domain and an admin; returns their names. */
export async function tenantWithAdmin(
  api: PbmClient,
  id: string,
  password = "Admin-Pass1",
): Promise<{ tenant: string; domain: string; admin: string; password: string }> {
  const domain = `${id}.test`;
  await api.tenants.createTenant({ tenantId: id, domain, tenant: { displayName: `Tenant ${id}`, lang: "ru-RU" } });
  const admin = `admin@${domain}`;
  await api.users.createUser({ user: { tenantId: id, mail: admin, password, givenName: "Anna", surname: "Admin", role: Role.ADMIN } });
  return { tenant: id, domain, admin, password };
}

/** Failed logins from `ip` through /v2/auth (distinct wrong passwords: each counts). */
export async function failLogins(ip: string, login: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const body = new URLSearchParams({ login, password: `Wrong-${i}-${Date.now()}`, challenge_id: `none-${i}-${Date.now()}`, challenge_answer: "x" });
    const response = await fetch(`${PBM.url}/v2/auth`, { method: "POST", body, headers: { "X-Forwarded-For": ip } });
    expect([401, 429]).toContain(response.status);
  }
}

/**
 * The code of the newest picture handed to `ip`, read from pbm's store as an
 * operator with access to the database could (the picture is for people;
 * tests/e2e/robot_check.rs reads it the same way).
 */
export function challengeCode(ip: string): string {
  const script =
    "import sqlite3, sys\n" +
    "db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n" +
    "row = db.execute('SELECT code FROM login_challenges WHERE source = ? ORDER BY expires_at DESC LIMIT 1', (sys.argv[2],)).fetchone()\n" +
    "print(row[0] if row else '')\n";
  const code = execFileSync("python3", ["-c", script, join(PBM.dataDir, "pbm.db"), ip], { encoding: "utf8" }).trim();
  if (code === "") throw new Error(`no login challenge for ${ip} in the store`);
  return code;
}

/** The notice area ("User created." and the like). */
export function flash(page: Page) {
  return page.locator(".flash");
}

/** Expects `call` to fail with the gRPC status `code` (a number of `Code`). */
export async function expectCode(call: Promise<unknown>, code: number): Promise<void> {
  let failure: unknown;
  try {
    await call;
  } catch (err) {
    failure = err;
  }
  expect(failure, "the call failed").toBeDefined();
  expect((failure as { code?: number }).code).toBe(code);
}
