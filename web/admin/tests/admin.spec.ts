/**
 * Beyond the guide: the audit trail with its filters, the settings editor
 * (a refused value says why), and the administrator's own password.
 */
import { PBM, expect, flash, signIn, tenantWithAdmin, test, unique } from "./fixtures";

test("the audit trail, filtered by actor, tenant and time", async ({ page, tr, api, lang, shot }) => {
  const t = await tenantWithAdmin(api, unique("aud", lang));
  await api.users.createUser({ user: { tenantId: t.tenant, mail: `audited@${t.domain}`, password: "Pass-word1", givenName: "A", surname: "U" } });
  await signIn(page, tr, PBM.creator, PBM.password);
  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.audit"), exact: true }).click();
  await page.getByLabel(tr("audit.actor"), { exact: true }).fill(PBM.creator);
  await page.getByLabel(tr("audit.tenant"), { exact: true }).fill(t.tenant);
  await page.getByRole("button", { name: tr("audit.apply") }).click();
  const rows = page.locator("table.audit tbody tr");
  await expect(rows.filter({ hasText: `user:audited@${t.domain}` })).toHaveCount(1);
  await expect(rows.filter({ hasText: "CreateTenant" })).toHaveCount(1);
  await expect(rows.filter({ hasNotText: t.tenant })).toHaveCount(0);
  await shot(page, "26-audit");
  // A window in the future holds nothing.
  const future = new Date(Date.now() + 86_400_000);
  const local = new Date(future.getTime() - future.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await page.getByLabel(tr("audit.from"), { exact: true }).fill(local);
  await page.getByRole("button", { name: tr("audit.apply") }).click();
  await expect(page.getByText(tr("audit.none"))).toBeVisible();

  // A tenant admin sees their tenant's events only.
  await page.getByRole("button", { name: tr("top.logout") }).click();
  await signIn(page, tr, t.admin, t.password);
  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.audit"), exact: true }).click();
  await expect(rows.filter({ hasText: `user:audited@${t.domain}` })).toHaveCount(1);
  await expect(rows.filter({ hasNotText: t.tenant })).toHaveCount(0);
});

test("settings: a value changed and reset; a refused value says why and changes nothing", async ({ page, tr, api, shot }) => {
  await signIn(page, tr, PBM.creator, PBM.password);
  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.settings"), exact: true }).click();
  await page.getByLabel(tr("settings.prefix"), { exact: true }).fill("psn/common/password_requirements/");
  await page.getByRole("button", { name: tr("settings.filter"), exact: true }).click();
  const key = "psn/common/password_requirements/max_length";
  const value = page.getByLabel(tr("settings.valueOf", { key }), { exact: true });
  await expect(value).toHaveValue("128");
  await shot(page, "27-settings");

  await value.fill("many");
  await page.getByRole("button", { name: tr("settings.save", { key }) }).click();
  await expect(value).toHaveAttribute("aria-invalid", "true");
  const error = page.locator(`#${await value.getAttribute("id")}-err`);
  await expect(error).toContainText(tr("settings.refused", { detail: "" }).trim());
  expect((await api.settings.getSetting({ key })).value).toBe("128");
  // Across keys: a maximum below the minimum is refused too.
  await value.fill("3");
  await page.getByRole("button", { name: tr("settings.save", { key }) }).click();
  await expect(error).toBeVisible();
  expect((await api.settings.getSetting({ key })).value).toBe("128");

  await value.fill("100");
  await page.getByRole("button", { name: tr("settings.save", { key }) }).click();
  await expect(flash(page)).toContainText(tr("settings.saved", { key, value: "100" }));
  expect((await api.settings.getSetting({ key })).value).toBe("100");
  await page.getByRole("button", { name: tr("settings.reset", { key }) }).click();
  await expect(flash(page)).toContainText(tr("settings.resetDone", { key, value: "128" }));
  expect((await api.settings.getSetting({ key })).value).toBe("128");
});

test("an administrator changes their own password", async ({ page, tr, api, lang, shot }) => {
  const t = await tenantWithAdmin(api, unique("acc", lang));
  await signIn(page, tr, t.admin, t.password);
  await page.getByRole("link", { name: tr("top.account") }).click();
  await page.getByLabel(tr("account.current"), { exact: true }).fill("wrong-current1");
  await page.getByLabel(tr("user.newPassword"), { exact: true }).fill("Fresh-Pass9");
  await page.getByLabel(tr("user.repeatPassword"), { exact: true }).fill("Fresh-Pass9");
  await page.getByRole("button", { name: tr("account.submit") }).click();
  await expect(page.locator(".field", { has: page.getByLabel(tr("account.current"), { exact: true }) }).locator(".field-error")).toHaveText(
    tr("v.notCurrentPassword"),
  );
  await page.getByLabel(tr("account.current"), { exact: true }).fill(t.password);
  await page.getByRole("button", { name: tr("account.submit") }).click();
  await expect(flash(page)).toContainText(tr("account.changed"));
  await shot(page, "28-account");
  const login = await fetch(`${PBM.url}/v2/auth`, { method: "POST", body: new URLSearchParams({ login: t.admin, password: "Fresh-Pass9" }) });
  expect(login.status).toBe(200);
});
