/**
 * Mail domains (guide §2.17): listed with the default marked, added,
 * described, made the default, and deleted — a domain in use only after a
 * second confirmation that counts what goes with it.
 */
import { Code } from "@connectrpc/connect";
import { expect, expectCode, flash, signIn, tenantWithAdmin, test, unique } from "./fixtures";

test("mail domains: add, describe, make default, delete (in use: with what goes)", async ({ page, tr, api, lang, shot }) => {
  const t = await tenantWithAdmin(api, unique("dom", lang));
  await signIn(page, tr, t.admin, t.password);
  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.domains"), exact: true }).click();
  await expect(page.getByRole("button", { name: tr("domains.makeDefault", { domain: t.domain }) })).toHaveCount(0);
  await expect(page.getByLabel(tr("domains.isDefault", { domain: t.domain }))).toBeVisible();

  const added = `mail-${t.domain}`;
  await page.getByRole("button", { name: tr("domains.new") }).click();
  await page.getByLabel(tr("domains.name"), { exact: true }).fill(added);
  await page.getByLabel(tr("common.displayName"), { exact: true }).fill("test2domain");
  await page.getByLabel(tr("common.description"), { exact: true }).fill("test2domain_desk");
  await shot(page, "16-domain-new");
  await page.getByRole("button", { name: tr("common.save") }).click();
  await expect(flash(page)).toContainText(tr("domains.created", { domain: added }));
  await expect(page.getByRole("cell", { name: "test2domain_desk", exact: true })).toBeVisible();

  // Described again.
  await page.getByRole("button", { name: tr("domains.editLabel", { domain: added }) }).click();
  await page.getByLabel(tr("common.description"), { exact: true }).fill("Main office");
  await page.getByLabel(tr("domains.associated"), { exact: true }).selectOption("true");
  await page.getByRole("button", { name: tr("common.save") }).click();
  await expect(page.getByRole("cell", { name: "Main office", exact: true })).toBeVisible();
  const described = await api.domains.getMailDomain({ tenantId: t.tenant, name: added });
  expect([described.description, described.associatedDomain, described.displayName]).toEqual(["Main office", "true", "test2domain"]);

  // Made the default.
  await page.getByRole("button", { name: tr("domains.makeDefault", { domain: added }) }).click();
  await expect(flash(page)).toContainText(tr("domains.defaultSet", { domain: added }));
  await expect(page.getByLabel(tr("domains.isDefault", { domain: added }))).toBeVisible();
  expect((await api.tenants.getTenant({ tenantId: t.tenant })).defaultDomain).toBe(added);
  await shot(page, "17-domains");

  // A domain in use by a user and a list: the second confirmation counts them, and then it goes.
  await api.users.createUser({ user: { tenantId: t.tenant, mail: `x@${added}`, password: "Pass-word1", givenName: "X", surname: "Y" } });
  await api.mailLists.createMailList({ mailList: { tenantId: t.tenant, mail: `team@${added}`, displayName: "Team", members: [`x@${added}`] } });
  await api.domains.setDefaultMailDomain({ tenantId: t.tenant, name: t.domain });
  await page.reload();
  await page.getByRole("button", { name: tr("domains.deleteLabel", { domain: added }) }).click();
  const dialog = page.getByRole("dialog", { name: tr("domains.deleteForceTitle", { domain: added }) });
  await expect(dialog).toContainText(lang === "ru" ? "1 пользователь" : "1 user");
  await expect(dialog).toContainText(lang === "ru" ? "1 группа рассылки" : "1 mailing list");
  await shot(page, "18-domain-delete-in-use");
  await dialog.getByRole("button", { name: tr("domains.deleteForce") }).click();
  await expect(flash(page)).toContainText(tr("domains.deleted", { domain: added }));
  await expectCode(api.domains.getMailDomain({ tenantId: t.tenant, name: added }), Code.NotFound);
  await expectCode(api.users.getUser({ tenantId: t.tenant, mail: `x@${added}` }), Code.NotFound);

  // An unused domain: one plain confirmation.
  const spare = `spare-${t.domain}`;
  await api.domains.createMailDomain({ domain: { tenantId: t.tenant, name: spare } });
  await page.reload();
  await page.getByRole("button", { name: tr("domains.deleteLabel", { domain: spare }) }).click();
  const plain = page.getByRole("dialog", { name: tr("domains.deleteTitle", { domain: spare }) });
  await expect(plain).toContainText(tr("domains.deleteText"));
  await plain.getByRole("button", { name: tr("confirm.delete") }).click();
  await expect(flash(page)).toContainText(tr("domains.deleted", { domain: spare }));
});
