/**
 * Tenants (guide §2.3.4–§2.3.6): created with and without an id, listed,
 * changed, and deleted after a confirmation that says what goes with them.
 */
import { Code } from "@connectrpc/connect";
import { Role } from "@pbm/client";
import { PBM, expect, expectCode, flash, signIn, test, unique } from "./fixtures";

test("tenants: create with and without an id, change, delete with what goes with it", async ({ page, tr, api, lang, shot }) => {
  await signIn(page, tr, PBM.creator, PBM.password);
  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.tenants"), exact: true }).click();
  await expect(page.getByRole("heading", { name: tr("tenants.heading") })).toBeVisible();
  await expect(page.getByRole("cell", { name: "default", exact: true })).toBeVisible();
  await shot(page, "07-tenants");

  // With an id.
  const id = unique("org", lang);
  await page.getByRole("button", { name: tr("tenants.new") }).click();
  await page.getByLabel(tr("tenants.name"), { exact: true }).fill("ООО Промышленные системы");
  await page.getByLabel(tr("tenants.domain"), { exact: true }).fill(`${id}.ru`);
  await page.getByLabel(tr("tenants.id"), { exact: true }).fill(id);
  await shot(page, "08-tenant-new");
  await page.getByRole("button", { name: tr("common.save") }).click();
  await expect(flash(page)).toContainText(tr("tenants.created", { tenant: id }));
  const created = await api.tenants.getTenant({ tenantId: id });
  expect(created.defaultDomain).toBe(`${id}.ru`);
  expect(created.displayName).toBe("ООО Промышленные системы");

  // Without an id: pbm makes one from the domain.
  const domain = `${unique("auto", lang)}.example`;
  await page.getByRole("button", { name: tr("tenants.new") }).click();
  await page.getByLabel(tr("tenants.domain"), { exact: true }).fill(domain);
  await page.getByRole("button", { name: tr("common.save") }).click();
  await expect(flash(page)).toContainText(/./);
  const all = await api.tenants.listTenants({ pageSize: 1000 });
  const auto = all.tenants.find((t) => t.defaultDomain === domain);
  expect(auto, `a tenant for ${domain}`).toBeDefined();

  // A bad domain: pbm's field violation next to the field, nothing created.
  await page.getByRole("button", { name: tr("tenants.new") }).click();
  await page.getByLabel(tr("tenants.domain"), { exact: true }).fill("bad_domain!");
  await page.getByRole("button", { name: tr("common.save") }).click();
  const domainField = page.getByLabel(tr("tenants.domain"), { exact: true });
  await expect(domainField).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field-error").first()).toHaveText(/.+/);
  await page.getByRole("button", { name: tr("common.cancel") }).click();

  // Change the name and language.
  await page.getByRole("button", { name: `${tr("common.edit")} ${id}` }).click();
  await page.getByLabel(tr("tenants.name"), { exact: true }).fill("Promsystems");
  await page.locator("form").getByLabel(tr("common.language"), { exact: true }).selectOption("en-US");
  await page.getByRole("button", { name: tr("common.save") }).click();
  await expect(page.getByRole("cell", { name: "Promsystems", exact: true })).toBeVisible();
  expect((await api.tenants.getTenant({ tenantId: id })).lang).toBe("en-US");

  // Delete: the confirmation counts what goes with the tenant.
  await api.users.createUser({ user: { tenantId: id, mail: `a@${id}.ru`, password: "Pass-word1", givenName: "A", surname: "B", role: Role.ADMIN } });
  await api.users.createUser({ user: { tenantId: id, mail: `b@${id}.ru`, password: "Pass-word1", givenName: "B", surname: "C" } });
  await api.resources.createResourceGroup({ tenantId: id, name: "Rooms" });
  await page.reload();
  await page.getByRole("button", { name: `${tr("common.delete")} ${id}` }).click();
  const dialog = page.getByRole("dialog", { name: tr("tenants.deleteTitle", { tenant: id }) });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator(".what-goes")).toContainText(lang === "ru" ? "2 пользователя" : "2 users");
  await expect(dialog.locator(".what-goes")).toContainText(lang === "ru" ? "1 группа ресурсов" : "1 resource group");
  await shot(page, "09-tenant-delete");
  await dialog.getByRole("button", { name: tr("confirm.delete") }).click();
  await expect(flash(page)).toContainText(tr("tenants.deleted", { tenant: id }));
  await expectCode(api.tenants.getTenant({ tenantId: id }), Code.NotFound);
});
