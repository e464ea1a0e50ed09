/**
 * Users (guide §2.4–§2.11): the full form of a new user (picture, login and
 * alternate login with their domains, role, quota in MB, password with the
 * live policy, extra addresses, personal and contact fields), field
 * violations next to their fields, nothing saved half-way, editing,
 * blocking, a new password, deletion (30 days), undeletion, and the
 * picture's round trip.
 */
import { Code } from "@connectrpc/connect";
import type { Page } from "@playwright/test";
import { Role, UserStatus } from "@pbm/client";
import { PBM, expect, expectCode, flash, signIn, tenantWithAdmin, test, unique } from "./fixtures";

const MB = 1024 * 1024;

/** A real PNG (a screenshot of part of the page). */
async function pngFile(page: Page): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const buffer = await page.screenshot({ clip: { x: 0, y: 0, width: 300, height: 200 } });
  return { name: "photo.png", mimeType: "image/png", buffer };
}

async function twoDomainTenant(api: Parameters<typeof tenantWithAdmin>[0], lang: string) {
  const t = await tenantWithAdmin(api, unique("usr", lang));
  const second = `second-${t.domain}`;
  await api.domains.createMailDomain({ domain: { tenantId: t.tenant, name: second } });
  return { ...t, second };
}

test("a new user with every field of the form, the picture included, in one go", async ({ page, tr, api, lang, shot }) => {
  const t = await twoDomainTenant(api, lang);
  await signIn(page, tr, t.admin, t.password);
  await page.getByRole("link", { name: tr("users.new") }).click();
  await expect(page.getByRole("heading", { name: tr("user.newHeading") })).toBeVisible();

  await page.getByLabel(tr("user.avatarChoose")).setInputFiles(await pngFile(page));
  await page.getByLabel(tr("user.login"), { exact: true }).fill("ivan.petrov");
  await page.getByLabel(tr("user.loginDomain")).selectOption(t.domain);
  await page.getByLabel(tr("user.alternate"), { exact: true }).fill("иван.петров");
  await page.getByLabel(tr("user.alternateDomain")).selectOption(t.second);
  await page.getByLabel(tr("user.role"), { exact: true }).selectOption(String(Role.ADMIN));
  await page.getByLabel(tr("user.quota"), { exact: true }).fill("1024");
  await page.getByLabel(tr("user.newPassword"), { exact: true }).fill("Reader01x");
  await page.getByLabel(tr("user.repeatPassword"), { exact: true }).fill("Reader01x");
  // The live policy (GetPasswordPolicy): every rule met, both passwords equal.
  const policy = page.locator(".policy");
  await expect(policy.locator("li.unmet")).toHaveCount(0);
  await expect(policy.locator("li.met").first()).toContainText(tr("user.policyLength", { min: 6, max: 128 }));

  // Extra addresses with the domain picker: two added, one removed again.
  await page.getByLabel(tr("user.aliasLocal"), { exact: true }).fill("ivan2");
  await page.getByLabel(tr("user.aliasDomain")).selectOption(t.second);
  await page.getByRole("button", { name: tr("user.aliasAdd") }).click();
  await page.getByLabel(tr("user.aliasLocal"), { exact: true }).fill("ivan3");
  await page.getByLabel(tr("user.aliasDomain")).selectOption(t.domain);
  await page.getByRole("button", { name: tr("user.aliasAdd") }).click();
  await page.getByRole("button", { name: tr("user.aliasRemove", { address: `ivan3@${t.domain}` }) }).click();

  await page.getByLabel(tr("user.givenName"), { exact: true }).fill("Иван");
  await page.getByLabel(tr("user.surname"), { exact: true }).fill("Петров");
  await page.getByLabel(tr("user.middleName"), { exact: true }).fill("Иванович");
  await page.getByLabel(tr("user.department"), { exact: true }).fill("Development");
  await page.getByLabel(tr("user.title"), { exact: true }).fill("Engineer");
  await page.getByLabel(tr("user.city"), { exact: true }).fill("Moscow");
  await page.getByLabel(tr("user.displayName"), { exact: true }).fill("Ivan Petrov");
  await page.getByLabel(tr("user.description"), { exact: true }).fill("Made by the panel test");
  await page.getByLabel(tr("user.workPhone"), { exact: true }).fill("+7 (495) 123-45-67");
  await page.getByLabel(tr("user.homePhone"), { exact: true }).fill("8 800 555 35 35");
  await page.getByLabel(tr("user.mobilePhone"), { exact: true }).fill("+7 916 000-11-22");
  await page.getByLabel(tr("user.telegram"), { exact: true }).fill("@ivan");
  await page.getByLabel(tr("user.skype"), { exact: true }).fill("ivan.skype");
  await shot(page, "10-user-new");
  await page.getByRole("button", { name: tr("user.create"), exact: true }).click();

  const mail = `ivan.petrov@${t.domain}`;
  await expect(page.getByRole("heading", { name: tr("user.editHeading", { mail }) })).toBeVisible();
  await expect(flash(page)).toContainText(tr("user.created", { mail }));
  const user = await api.users.getUser({ tenantId: t.tenant, mail });
  expect(user.alternateAddress).toBe(`иван.петров@${t.second}`);
  expect(user.role).toBe(Role.ADMIN);
  expect(user.quotaBytes).toBe(BigInt(1024 * MB));
  expect(user.aliases).toEqual([`ivan2@${t.second}`]);
  expect([user.givenName, user.surname, user.middleName, user.department, user.title, user.city]).toEqual([
    "Иван",
    "Петров",
    "Иванович",
    "Development",
    "Engineer",
    "Moscow",
  ]);
  expect([user.displayName, user.description, user.workPhone, user.homePhone, user.mobilePhone, user.telegram, user.skype]).toEqual([
    "Ivan Petrov",
    "Made by the panel test",
    "+7 (495) 123-45-67",
    "8 800 555 35 35",
    "+7 916 000-11-22",
    "@ivan",
    "ivan.skype",
  ]);
  // The picture went with it, stored as pbm stores pictures.
  const avatar = await api.users.getUserAvatar({ tenantId: t.tenant, mail });
  expect(avatar.contentType).toBe("image/jpeg");
  expect(avatar.width).toBeLessThanOrEqual(512);
  expect([...avatar.image.slice(0, 2)]).toEqual([0xff, 0xd8]);
  await expect(page.getByRole("img", { name: tr("user.avatarAlt", { mail }) })).toBeVisible();
  // The form shows what is stored.
  await expect(page.getByLabel(tr("user.quota"), { exact: true })).toHaveValue("1024");
  await expect(page.getByText(`ivan2@${t.second}`, { exact: true })).toBeVisible();
  await shot(page, "11-user-edit");
});

test("field violations show next to their fields in the user's language; nothing is saved half-way", async ({ page, tr, api, lang, shot }) => {
  const t = await twoDomainTenant(api, lang);
  await signIn(page, tr, t.admin, t.password);
  await page.goto(`/admin/t/${t.tenant}/users/new`);
  await page.getByLabel(tr("user.login"), { exact: true }).fill("olga");
  await page.getByLabel(tr("user.newPassword"), { exact: true }).fill("abc");
  await page.getByLabel(tr("user.repeatPassword"), { exact: true }).fill("abc");
  await page.getByLabel(tr("user.givenName"), { exact: true }).fill("Olga");
  await page.getByLabel(tr("user.workPhone"), { exact: true }).fill("call me");
  // One bad extra address among good ones.
  await page.getByLabel(tr("user.aliasLocal"), { exact: true }).fill("olga.good");
  await page.getByRole("button", { name: tr("user.aliasAdd") }).click();
  await page.getByLabel(tr("user.aliasLocal"), { exact: true }).fill("bad alias!");
  await page.getByRole("button", { name: tr("user.aliasAdd") }).click();
  await page.getByRole("button", { name: tr("user.create"), exact: true }).click();

  const error = (label: string) => page.locator(".field", { has: page.getByLabel(label, { exact: true }) }).locator(".field-error");
  await expect(page.getByLabel(tr("user.surname"), { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(error(tr("user.surname"))).toHaveText(tr("err.required"));
  await expect(error(tr("user.workPhone"))).toHaveText(tr("v.phone"));
  await expect(error(tr("user.newPassword"))).toHaveText(tr("v.atLeastChars", { n: 6 }));
  await expect(page.locator("#aliases-err")).toHaveText(tr("v.localPart"));
  await shot(page, "12-user-violations");
  // pbm refused the whole user: nothing of it exists.
  await expectCode(api.users.getUser({ tenantId: t.tenant, mail: `olga@${t.domain}` }), Code.NotFound);
  await expectCode(api.users.getUser({ tenantId: t.tenant, mail: `olga.good@${t.domain}` }), Code.NotFound);

  // Fixed, it is created with everything.
  await page.getByRole("button", { name: tr("user.aliasRemove", { address: `bad alias!@${t.domain}` }) }).click();
  await page.getByLabel(tr("user.surname"), { exact: true }).fill("Smirnova");
  await page.getByLabel(tr("user.workPhone"), { exact: true }).fill("+7 495 000-00-00");
  await page.getByLabel(tr("user.newPassword"), { exact: true }).fill("Olga-Pass1");
  await page.getByLabel(tr("user.repeatPassword"), { exact: true }).fill("Olga-Pass2");
  await page.getByRole("button", { name: tr("user.create"), exact: true }).click();
  // The form's own check: the two passwords differ.
  await expect(error(tr("user.repeatPassword"))).toHaveText(tr("err.passwordMismatch"));
  await page.getByLabel(tr("user.repeatPassword"), { exact: true }).fill("Olga-Pass1");
  await page.getByRole("button", { name: tr("user.create"), exact: true }).click();
  await expect(flash(page)).toContainText(tr("user.created", { mail: `olga@${t.domain}` }));
  expect((await api.users.getUser({ tenantId: t.tenant, mail: `olga@${t.domain}` })).aliases).toEqual([`olga.good@${t.domain}`]);

  // An address already taken is said next to the field holding it.
  await page.goto(`/admin/t/${t.tenant}/users/new`);
  await page.getByLabel(tr("user.login"), { exact: true }).fill("olga.good");
  await page.getByLabel(tr("user.newPassword"), { exact: true }).fill("Olga-Pass1");
  await page.getByLabel(tr("user.repeatPassword"), { exact: true }).fill("Olga-Pass1");
  await page.getByLabel(tr("user.givenName"), { exact: true }).fill("Another");
  await page.getByLabel(tr("user.surname"), { exact: true }).fill("Olga");
  await page.getByRole("button", { name: tr("user.create"), exact: true }).click();
  await expect(error(tr("user.login"))).toHaveText(tr("err.addressTaken", { address: `olga.good@${t.domain}` }));
});

test("edit, block and unblock, a new password, delete (30 days) and undelete", async ({ page, tr, api, lang, shot }) => {
  const t = await twoDomainTenant(api, lang);
  const mail = `petr@${t.domain}`;
  await api.users.createUser({
    user: { tenantId: t.tenant, mail, password: "Petr-Pass1", givenName: "Petr", surname: "Sidorov", aliases: [`petr.old@${t.domain}`] },
  });
  await signIn(page, tr, t.admin, t.password);
  // Found by searching as you type.
  await page.getByLabel(tr("users.search"), { exact: true }).fill("sidor");
  await page.getByRole("link", { name: mail }).click();
  await expect(page.getByRole("heading", { name: tr("user.editHeading", { mail }) })).toBeVisible();

  await page.getByLabel(tr("user.department"), { exact: true }).fill("Sales");
  await page.getByLabel(tr("user.quota"), { exact: true }).fill("512");
  await page.getByRole("button", { name: tr("user.aliasRemove", { address: `petr.old@${t.domain}` }) }).click();
  await page.getByLabel(tr("user.aliasLocal"), { exact: true }).fill("petr.new");
  await page.getByLabel(tr("user.aliasDomain")).selectOption(t.second);
  await page.getByRole("button", { name: tr("user.aliasAdd") }).click();
  await page.getByLabel(tr("user.newPassword"), { exact: true }).fill("Petr-Pass2");
  await page.getByLabel(tr("user.repeatPassword"), { exact: true }).fill("Petr-Pass2");
  await page.getByRole("button", { name: tr("user.update") }).click();
  await expect(flash(page)).toContainText(tr("user.updated", { mail }));
  const updated = await api.users.getUser({ tenantId: t.tenant, mail });
  expect(updated.department).toBe("Sales");
  expect(updated.quotaBytes).toBe(BigInt(512 * MB));
  expect(updated.aliases).toEqual([`petr.new@${t.second}`]);
  expect(updated.surname).toBe("Sidorov");
  const login = await fetch(`${PBM.url}/v2/auth`, { method: "POST", body: new URLSearchParams({ login: mail, password: "Petr-Pass2" }) });
  expect(login.status).toBe(200);

  await page.getByRole("button", { name: tr("user.block") }).click();
  await expect(flash(page)).toContainText(tr("user.blocked", { mail }));
  expect((await api.users.getUser({ tenantId: t.tenant, mail })).status).toBe(UserStatus.BLOCKED);
  await page.getByRole("button", { name: tr("user.unblock") }).click();
  await expect(flash(page)).toContainText(tr("user.unblocked", { mail }));
  expect((await api.users.getUser({ tenantId: t.tenant, mail })).status).toBe(UserStatus.ACTIVE);

  await page.getByRole("button", { name: tr("user.delete") }).click();
  const dialog = page.getByRole("dialog", { name: tr("user.deleteTitle", { mail }) });
  await expect(dialog).toContainText(tr("user.deleteText"));
  await expect(dialog).toContainText("30");
  await shot(page, "13-user-delete");
  await dialog.getByRole("button", { name: tr("confirm.delete") }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/t/${t.tenant}/users$`));
  await expect(flash(page)).toContainText(tr("user.deletedDone", { mail }));
  await expectCode(api.users.getUser({ tenantId: t.tenant, mail }), Code.NotFound);

  await page.getByRole("link", { name: tr("users.deleted") }).click();
  await expect(page.getByRole("cell", { name: mail, exact: true })).toBeVisible();
  await shot(page, "14-deleted-users");
  await page.getByRole("button", { name: tr("deleted.undeleteLabel", { mail }) }).click();
  await expect(flash(page)).toContainText(tr("deleted.restored", { mail }));
  expect((await api.users.getUser({ tenantId: t.tenant, mail })).department).toBe("Sales");
});

test("the picture's round trip: upload, shown, refused when not a picture, removed", async ({ page, tr, api, lang }) => {
  const t = await twoDomainTenant(api, lang);
  const mail = `foto@${t.domain}`;
  await api.users.createUser({ user: { tenantId: t.tenant, mail, password: "Foto-Pass1", givenName: "Foto", surname: "Graf" } });
  await signIn(page, tr, t.admin, t.password);
  await page.goto(`/admin/t/${t.tenant}/users/${mail}`);
  await expect(page.getByText(tr("user.avatarNone"))).toBeVisible();

  await page.getByLabel(tr("user.avatarChoose")).setInputFiles(await pngFile(page));
  await expect(flash(page)).toContainText(tr("user.avatarSaved"));
  const picture = page.getByRole("img", { name: tr("user.avatarAlt", { mail }) });
  await expect(picture).toBeVisible();
  expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const stored = await api.users.getUserAvatar({ tenantId: t.tenant, mail });
  expect(stored.width).toBe(300);
  expect(stored.height).toBe(200);
  expect([...stored.image.slice(0, 2)]).toEqual([0xff, 0xd8]);

  // Not a picture (named and typed like one): pbm refuses it, said next to the field; the old one stays.
  await page.getByLabel(tr("user.avatarChoose")).setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("this is no image") });
  await expect(page.getByLabel(tr("user.avatarChoose"))).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#avatar-input-err")).toContainText(/.+/);
  expect((await api.users.getUserAvatar({ tenantId: t.tenant, mail })).etag).toBe(stored.etag);

  await page.getByRole("button", { name: tr("user.avatarRemove") }).click();
  await expect(flash(page)).toContainText(tr("user.avatarRemoved"));
  await expect(page.getByText(tr("user.avatarNone"))).toBeVisible();
  await expectCode(api.users.getUserAvatar({ tenantId: t.tenant, mail }), Code.NotFound);
});
