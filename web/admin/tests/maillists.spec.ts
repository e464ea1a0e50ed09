/**
 * Mailing lists (guide §2.14): members picked by searching users, the
 * internal-only flag, renamed to a new address, deleted.
 */
import { Code } from "@connectrpc/connect";
import { expect, expectCode, flash, signIn, tenantWithAdmin, test, unique } from "./fixtures";

test("mailing lists: members found by search, internal only, renamed, deleted", async ({ page, tr, api, lang, shot }) => {
  const t = await tenantWithAdmin(api, unique("ml", lang));
  for (const [local, given, surname] of [["ann", "Anna", "Karenina"], ["pierre", "Pierre", "Bezukhov"], ["natasha", "Natasha", "Rostova"]]) {
    await api.users.createUser({ user: { tenantId: t.tenant, mail: `${local}@${t.domain}`, password: "Pass-word1", givenName: given!, surname: surname! } });
  }
  await signIn(page, tr, t.admin, t.password);
  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.mailLists"), exact: true }).click();
  await page.getByRole("link", { name: tr("lists.new") }).click();
  await page.getByLabel(tr("lists.name"), { exact: true }).fill("Team");
  await page.getByLabel(tr("lists.address"), { exact: true }).fill("team");
  const search = page.getByLabel(tr("lists.memberSearch"), { exact: true });
  await search.fill("karen");
  await page.getByRole("button", { name: tr("lists.addMember", { address: `ann@${t.domain}` }) }).click();
  await search.fill("rostov");
  await page.getByRole("button", { name: tr("lists.addMember", { address: `natasha@${t.domain}` }) }).click();
  await page.getByLabel(tr("lists.external"), { exact: true }).fill("partner@example.org");
  await page.getByRole("button", { name: tr("lists.externalAdd") }).click();
  await expect(page.getByLabel(tr("lists.internal"))).toBeChecked();
  await shot(page, "22-list-new");
  await page.getByRole("button", { name: tr("common.save") }).click();
  const mail = `team@${t.domain}`;
  await expect(flash(page)).toContainText(tr("lists.created", { mail }));
  let list = await api.mailLists.getMailList({ tenantId: t.tenant, mail });
  expect(list.members).toEqual([`ann@${t.domain}`, `natasha@${t.domain}`, "partner@example.org"]);
  expect(list.internalOnly).toBe(true);

  // Renamed, one member out, one in, open to outside senders.
  await page.getByLabel(tr("lists.name"), { exact: true }).fill("Everyone");
  await page.getByLabel(tr("lists.address"), { exact: true }).fill("everyone");
  await page.getByRole("button", { name: tr("lists.removeMember", { address: "partner@example.org" }) }).click();
  await page.getByLabel(tr("lists.memberSearch"), { exact: true }).fill("pierre");
  await page.getByRole("button", { name: tr("lists.addMember", { address: `pierre@${t.domain}` }) }).click();
  await page.getByLabel(tr("lists.internal")).uncheck();
  await page.getByRole("button", { name: tr("common.save") }).click();
  const renamed = `everyone@${t.domain}`;
  await expect(page.getByRole("heading", { name: tr("lists.editHeading", { mail: renamed }) })).toBeVisible();
  list = await api.mailLists.getMailList({ tenantId: t.tenant, mail: renamed });
  expect(list.displayName).toBe("Everyone");
  expect(list.members).toEqual([`ann@${t.domain}`, `natasha@${t.domain}`, `pierre@${t.domain}`]);
  expect(list.internalOnly).toBe(false);
  await expectCode(api.mailLists.getMailList({ tenantId: t.tenant, mail }), Code.NotFound);

  // A member pbm refuses (another tenant's domain): said next to the members, nothing changed.
  await page.getByLabel(tr("lists.external"), { exact: true }).fill("someone@example.com");
  await page.getByRole("button", { name: tr("lists.externalAdd") }).click();
  await page.getByRole("button", { name: tr("common.save") }).click();
  await expect(page.locator(".list-form .field-error, .list-form .box.error").first()).toBeVisible();
  expect((await api.mailLists.getMailList({ tenantId: t.tenant, mail: renamed })).members).toHaveLength(3);

  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.mailLists"), exact: true }).click();
  await expect(page.getByRole("link", { name: renamed })).toBeVisible();
  await shot(page, "23-lists");
  await page.getByRole("button", { name: tr("lists.deleteLabel", { mail: renamed }) }).click();
  await page.getByRole("dialog").getByRole("button", { name: tr("confirm.delete") }).click();
  await expect(flash(page)).toContainText(tr("lists.deleted", { mail: renamed }));
  await expectCode(api.mailLists.getMailList({ tenantId: t.tenant, mail: renamed }), Code.NotFound);
});
