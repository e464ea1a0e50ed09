/**
 * Web domains (guide §2.18; superadmins only): key and certificate uploaded
 * as files, the names and expiry pbm read from the certificate shown, a key
 * that does not match refused next to its field, deletion.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import { PBM, expect, expectCode, flash, signIn, test, unique } from "./fixtures";

function pair(dir: string, name: string, host: string, days: number): { key: string; crt: string } {
  const key = join(dir, `${name}.key`);
  const crt = join(dir, `${name}.crt`);
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", String(days), "-subj", `/CN=${host}`,
    "-addext", `subjectAltName=DNS:${host},DNS:www.${host}`, "-keyout", key, "-out", crt,
  ], { stdio: "ignore" });
  return { key, crt };
}

test("web domains: key and certificate from files, names and expiry shown, a wrong key refused, deleted", async ({ page, tr, api, lang, shot }) => {
  const host = `${unique("web", lang)}.example.com`;
  const dir = mkdtempSync(join(tmpdir(), "pbm-panel-web-"));
  try {
    const good = pair(dir, "good", host, 90);
    const other = pair(dir, "other", host, 90);
    await signIn(page, tr, PBM.creator, PBM.password);
    await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.webDomains"), exact: true }).click();
    await page.getByRole("button", { name: tr("web.new") }).click();
    await page.getByLabel(tr("web.name"), { exact: true }).fill(host);
    // The key of another certificate: refused next to the key field, nothing stored.
    await page.getByLabel(tr("web.key")).setInputFiles(other.key);
    await page.getByLabel(tr("web.cert")).setInputFiles(good.crt);
    await page.getByRole("button", { name: tr("common.save") }).click();
    await expect(page.getByLabel(tr("web.key"))).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator(".field", { has: page.getByLabel(tr("web.key")) }).locator(".field-error")).toHaveText(tr("v.keyMismatch"));
    await shot(page, "24-web-domain-refused");
    await expectCode(api.domains.getWebDomain({ name: host }), Code.NotFound);

    await page.getByLabel(tr("web.key")).setInputFiles(good.key);
    await page.getByRole("button", { name: tr("common.save") }).click();
    await expect(flash(page)).toContainText(host);
    const row = page.getByRole("row").filter({ hasText: host });
    await expect(row).toContainText(`${host}, www.${host}`);
    await expect(row).toContainText(lang === "ru" ? /осталось 89 дней|остался 89|осталось 8\d дн/ : /8\d days left/);
    await shot(page, "25-web-domains");
    const stored = await api.domains.getWebDomain({ name: host });
    expect(stored.certificate?.dnsNames).toEqual([host, `www.${host}`]);

    await page.getByRole("button", { name: tr("web.deleteLabel", { domain: host }) }).click();
    await page.getByRole("dialog").getByRole("button", { name: tr("confirm.delete") }).click();
    await expect(flash(page)).toContainText(tr("web.deleted", { domain: host }));
    await expectCode(api.domains.getWebDomain({ name: host }), Code.NotFound);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
