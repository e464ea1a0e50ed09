/**
 * How pbm serves the panel (src/admin_ui.rs), checked on the wire of the
 * pbm under test: `/` redirects to `/admin/`; index.html is never cached,
 * the hashed assets are cached for a year; every answer carries the strict
 * Content-Security-Policy and the other security headers; bodies go
 * gzip-compressed; the whole first load stays within 300 KB as sent; and
 * the browser reports no CSP violation while the app starts.
 */
import { PBM, expect, test } from "./fixtures";

/** The first-load budget of the issue, in bytes as sent (compressed). */
const BUDGET = 300 * 1000;

async function get(path: string): Promise<Response> {
  return fetch(`${PBM.url}${path}`, { headers: { "Accept-Encoding": "gzip" }, redirect: "manual" });
}

function expectSecurityHeaders(response: Response): void {
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
}

test("/ redirects to /admin/; index.html uncached, hashed assets cached long; security headers; gzip; first load within 300 KB", async () => {
  const root = await get("/");
  expect([301, 302, 303, 307, 308]).toContain(root.status);
  expect(root.headers.get("location")).toBe("/admin/");

  const index = await get("/admin/");
  expect(index.status).toBe(200);
  expect(index.headers.get("content-type")).toMatch(/^text\/html/);
  expect(index.headers.get("cache-control")).toMatch(/no-store|no-cache/);
  expect(index.headers.get("content-encoding")).toBe("gzip");
  expectSecurityHeaders(index);
  const html = await index.text();
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
  expect(html).not.toMatch(/https?:\/\//);

  // A screen's URL answers the app too (it routes by path).
  const deep = await get("/admin/t/some-tenant/users");
  expect(deep.status).toBe(200);
  expect(deep.headers.get("cache-control")).toMatch(/no-store|no-cache/);

  const assets = [...html.matchAll(/(?:src|href)="(\/admin\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  expect(assets.some((a) => a.endsWith(".js"))).toBe(true);
  expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
  let sent = Number(index.headers.get("content-length") ?? html.length);
  for (const path of assets) {
    expect(path, "content-hashed name").toMatch(/-[A-Za-z0-9]{8}\.[a-z]+$/);
    const response = await get(path);
    expect(response.status, path).toBe(200);
    expect(response.headers.get("cache-control"), path).toContain("max-age=31536000");
    expect(response.headers.get("cache-control"), path).toContain("immutable");
    expectSecurityHeaders(response);
    if (/\.(js|css)$/.test(path)) expect(response.headers.get("content-encoding"), path).toBe("gzip");
    const length = response.headers.get("content-length");
    expect(length, `${path} has a Content-Length`).not.toBeNull();
    sent += Number(length);
    await response.arrayBuffer();
  }
  expect(sent, `first load ${sent} B as sent`).toBeLessThanOrEqual(BUDGET);

  // A name that is not in the bundle is a 404, not the app.
  expect((await get("/admin/assets/nothing-12345678.js")).status).toBe(404);
});

test("the app starts with no Content-Security-Policy violation and loads nothing from elsewhere", async ({ page }) => {
  const foreign: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(PBM.url)) foreign.push(request.url());
  });
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Content Security Policy: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto("/admin/");
  await expect(page.locator("h1")).toBeVisible();
  expect(violations).toEqual([]);
  expect(foreign).toEqual([]);
});
