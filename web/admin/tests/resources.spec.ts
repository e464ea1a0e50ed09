/**
 * Resource groups and resources (guide §2.12–§2.13).
 */
import { Code } from "@connectrpc/connect";
import { expect, expectCode, flash, signIn, tenantWithAdmin, test, unique } from "./fixtures";

test("resource groups: create, rename; resources: create, change, delete; the group deleted with its resources", async ({ page, tr, api, lang, shot }) => {
  const t = await tenantWithAdmin(api, unique("res", lang));
  await signIn(page, tr, t.admin, t.password);
  await page.getByRole("navigation", { name: tr("nav.label") }).getByRole("link", { name: tr("nav.resourceGroups"), exact: true }).click();
  await page.getByRole("button", { name: tr("groups.new") }).click();
  await page.getByLabel(tr("groups.name"), { exact: true }).fill("Rooms");
  await page.getByRole("button", { name: tr("common.save") }).click();
  await expect(flash(page)).toContainText(tr("groups.created", { group: "Rooms" }));
  await shot(page, "19-resource-groups");
  await page.getByRole("link", { name: "Rooms", exact: true }).click();

  // A resource (Figure 15).
  await page.getByRole("button", { name: tr("resources.new") }).click();
  await page.getByLabel(tr("resources.name"), { exact: true }).fill("Room 1");
  await page.getByLabel(tr("resources.address"), { exact: true }).fill("room1");
  await page.getByLabel(tr("common.city"), { exact: true }).fill("Moscow");
  await page.getByLabel(tr("common.description"), { exact: true }).fill("12 seats");
  await shot(page, "20-resource-new");
  await page.getByRole("button", { name: tr("common.save") }).click();
  const mail = `room1@${t.domain}`;
  await expect(flash(page)).toContainText(tr("resources.created", { mail }));
  await expect(page.getByRole("cell", { name: "12 seats", exact: true })).toBeVisible();

  // Changed (address and group stay).
  await page.getByRole("button", { name: tr("resources.editLabel", { mail }) }).click();
  await page.getByLabel(tr("common.description"), { exact: true }).fill("14 seats");
  await page.getByLabel(tr("common.visibility"), { exact: true }).selectOption("2");
  await page.getByRole("button", { name: tr("common.save") }).click();
  await expect(page.getByRole("cell", { name: "14 seats", exact: true })).toBeVisible();
  const changed = await api.resources.getResource({ tenantId: t.tenant, mail });
  expect([changed.description, changed.addressBookVisibility, changed.group]).toEqual(["14 seats", 2, "Rooms"]);

  // Renamed: the resource moves with the group.
  await page.getByLabel(tr("groups.name"), { exact: true }).fill("Meeting rooms");
  await page.getByRole("button", { name: tr("groups.rename") }).click();
  await expect(page.getByRole("heading", { name: tr("resources.heading", { group: "Meeting rooms" }) })).toBeVisible();
  await expect(page.getByRole("cell", { name: mail, exact: true })).toBeVisible();
  await shot(page, "21-resources");

  // A second resource, deleted alone.
  await api.resources.createResource({ resource: { tenantId: t.tenant, group: "Meeting rooms", mail: `room2@${t.domain}`, displayName: "Room 2" } });
  await page.reload();
  await page.getByRole("button", { name: tr("resources.deleteLabel", { mail: `room2@${t.domain}` }) }).click();
  await page.getByRole("dialog").getByRole("button", { name: tr("confirm.delete") }).click();
  await expect(flash(page)).toContainText(tr("resources.deleted", { mail: `room2@${t.domain}` }));
  await expectCode(api.resources.getResource({ tenantId: t.tenant, mail: `room2@${t.domain}` }), Code.NotFound);

  // The group, with what goes with it.
  await page.getByRole("button", { name: tr("groups.delete") }).click();
  const dialog = page.getByRole("dialog", { name: tr("groups.deleteTitle", { group: "Meeting rooms" }) });
  await expect(dialog).toContainText(lang === "ru" ? "1 ресурс" : "1 resource");
  await dialog.getByRole("button", { name: tr("confirm.delete") }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/t/${t.tenant}/resource-groups$`));
  await expectCode(api.resources.getResource({ tenantId: t.tenant, mail }), Code.NotFound);
});
