/**
 * Service accounts (README "Service accounts and API keys"): a tenant admin
 * creates an account with scopes, a refused name is shown next to its field,
 * a key is shown once and works against pbm, is revoked (and stops working),
 * and the account is deleted; another tenant's accounts are refused.
 */
import { Code } from "@connectrpc/connect";
import { PBM, expect, expectCode, flash, signIn, tenantWithAdmin, test, unique } from "./fixtures";

test("service accounts: created with scopes, a key shown once that works, revoked, the account deleted", async ({ page, tr, api, lang, shot }) => {
  const t = await tenantWithAdmin(api, unique("sa", lang));
  await signIn(page, tr, t.admin, t.password);
  const nav = page.getByRole("navigation", { name: tr("nav.label") });
  await nav.getByRole("link", { name: tr("nav.serviceAccounts"), exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/t/${t.tenant}/service-accounts$`));
  await expect(page.getByText(tr("sa.none"))).toBeVisible();

  // A name pbm refuses: the message is next to the field, nothing is stored.
  await page.getByRole("button", { name: tr("sa.new") }).click();
  await page.getByLabel(tr("sa.name"), { exact: true }).fill("no spaces allowed");
  await page.getByRole("button", { name: tr("common.save") }).click();
  await expect(page.getByLabel(tr("sa.name"), { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect((await api.serviceAccounts.listServiceAccounts({ tenantId: t.tenant })).serviceAccounts).toHaveLength(0);

  await page.getByLabel(tr("sa.name"), { exact: true }).fill("crm");
  await page.getByLabel(tr("sa.description"), { exact: true }).fill("the CRM");
  await page.getByLabel(`directory.read — ${tr("sa.scope.directory.read")}`).check();
  await page.getByLabel(`scim — ${tr("sa.scope.scim")}`).check();
  await page.getByRole("button", { name: tr("common.save") }).click();
  await expect(flash(page)).toContainText(tr("sa.created", { name: "crm" }));
  const row = page.getByRole("row").filter({ hasText: "the CRM" });
  await expect(row).toContainText("directory.read");
  await expect(row).toContainText("scim");
  const stored = await api.serviceAccounts.getServiceAccount({ tenantId: t.tenant, name: "crm" });
  expect([...stored.scopes].sort()).toEqual(["directory.read", "scim"]);

  // A key: shown once, and it works (a SCIM read of the tenant's users).
  await page.getByRole("button", { name: tr("sa.keysLabel", { name: "crm" }) }).click();
  await expect(page.getByText(tr("sa.noKeys"))).toBeVisible();
  await page.getByRole("button", { name: tr("sa.newKey") }).click();
  await page.getByLabel(tr("sa.keyDescription"), { exact: true }).fill("crm prod");
  await page.getByLabel(tr("sa.keyNetworks"), { exact: true }).fill("127.0.0.0/8");
  await page.getByRole("button", { name: tr("sa.createKey") }).click();
  const secret = await page.getByLabel(tr("sa.keyValue"), { exact: true }).inputValue();
  expect(secret).toMatch(/^pbm_sk_[0-9a-f]{16}_[0-9a-f]{64}$/);
  await shot(page, "40-service-account-key");
  const scim = await fetch(`${PBM.url}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${secret}` } });
  expect(scim.status).toBe(200);
  await page.getByRole("button", { name: tr("sa.keyStored") }).click();
  await expect(page.getByLabel(tr("sa.keyValue"), { exact: true })).toHaveCount(0);
  const keyRow = page.getByRole("row").filter({ hasText: "crm prod" });
  await expect(keyRow).toContainText(secret.slice(7, 23));
  await expect(page.getByText(secret)).toHaveCount(0);

  // Revoked: it stops working.
  await keyRow.getByRole("button", { name: tr("sa.revokeLabel", { id: secret.slice(7, 23) }) }).click();
  await page.getByRole("dialog").getByRole("button", { name: tr("sa.revoke") }).click();
  await expect(flash(page)).toContainText(tr("sa.revokedNotice", { id: secret.slice(7, 23) }));
  await expect(keyRow).toContainText(tr("sa.revoked"));
  const refused = await fetch(`${PBM.url}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${secret}` } });
  expect(refused.status).toBe(401);

  // The account goes, with its keys.
  await page.getByRole("button", { name: tr("sa.deleteLabel", { name: "crm" }) }).click();
  await page.getByRole("dialog").getByRole("button", { name: tr("confirm.delete") }).click();
  await expect(flash(page)).toContainText(tr("sa.deleted", { name: "crm" }));
  await expectCode(api.serviceAccounts.getServiceAccount({ tenantId: t.tenant, name: "crm" }), Code.NotFound);

  // Another tenant's accounts: refused, not shown.
  const other = await tenantWithAdmin(api, unique("sb", lang));
  await api.serviceAccounts.createServiceAccount({ serviceAccount: { tenantId: other.tenant, name: "theirs", description: "secret robot", scopes: [] } });
  await page.goto(`/admin/t/${other.tenant}/service-accounts`);
  await expect(page.getByRole("alert")).toContainText(tr("err.tenantDenied", { tenant: other.tenant }));
  await expect(page.getByText("secret robot")).toHaveCount(0);
});
