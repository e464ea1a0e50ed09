/**
 * The main screen (guide Figures 4–5): a top bar with the language switch
 * and Logout, the sections on the left — for a superadmin every tenant,
 * for a tenant admin their own — each tenant with Mail domains, Users,
 * Resource groups and Mailing lists, and the current screen on the right.
 */
import { Role } from "@pbm/client";
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { type SessionInfo, api, logout } from "../api";
import { type Lang, language, t } from "../i18n";
import { type Route, routeTenant } from "../router";
import { createStore, useStore } from "../store";
import { FlashArea, Link, useLoad } from "../ui/common";

/** Bumped when tenants are added or deleted, so that the tree reloads. */
export const tenantsChanged = createStore(0);

/** The language switch (login screen and top bar). */
export function LanguageSwitch() {
  const lang = useStore(language);
  return (
    <label class="lang-switch">
      <span class="sr-only">{t("lang.label")}</span>
      <select value={lang} onChange={(e) => language.set((e.currentTarget as HTMLSelectElement).value as Lang)} aria-label={t("lang.label")}>
        <option value="ru" lang="ru">
          {t("lang.ru")}
        </option>
        <option value="en" lang="en">
          {t("lang.en")}
        </option>
      </select>
    </label>
  );
}

function SectionLinks(props: { tenant: string; route: Route }) {
  const { tenant, route } = props;
  const links: { to: Route; label: string; active: boolean }[] = [
    { to: { name: "domains", tenant }, label: t("nav.domains"), active: route.name === "domains" },
    {
      to: { name: "users", tenant },
      label: t("nav.users"),
      active: ["users", "userNew", "user", "deletedUsers"].includes(route.name),
    },
    {
      to: { name: "resourceGroups", tenant },
      label: t("nav.resourceGroups"),
      active: route.name === "resourceGroups" || route.name === "resourceGroup",
    },
    {
      to: { name: "mailLists", tenant },
      label: t("nav.mailLists"),
      active: ["mailLists", "mailListNew", "mailList"].includes(route.name),
    },
    { to: { name: "serviceAccounts", tenant }, label: t("nav.serviceAccounts"), active: route.name === "serviceAccounts" },
  ];
  return (
    <ul class="sections">
      {links.map((l) => (
        <li key={l.label}>
          <Link to={l.to} {...(l.active ? { "aria-current": "page" as const, class: "active" } : {})}>
            {l.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

const TREE_SIZE = 200;

function TenantTree(props: { who: SessionInfo; route: Route }) {
  const { who, route } = props;
  const version = useStore(tenantsChanged);
  const superadmin = who.role === Role.SUPERADMIN;
  const [load] = useLoad(
    async () => (superadmin ? (await api.tenants.listTenants({ pageSize: TREE_SIZE })).tenants.map((x) => x.id) : [who.tenantId]),
    [superadmin, who.tenantId, version],
  );
  const tenants = load.data ?? [who.tenantId];
  const open = routeTenant(route) ?? (superadmin ? undefined : who.tenantId);
  return (
    <ul class="tree" aria-label={t("nav.tenantTree")}>
      {tenants.map((id) => (
        <li key={id}>
          <Link to={{ name: "users", tenant: id }} class={id === open ? "tenant open" : "tenant"}>
            {id}
          </Link>
          {id === open && <SectionLinks tenant={id} route={route} />}
        </li>
      ))}
      {open !== undefined && !tenants.includes(open) && (
        <li>
          <span class="tenant open">{open}</span>
          <SectionLinks tenant={open} route={route} />
        </li>
      )}
      {superadmin && tenants.length >= TREE_SIZE && (
        <li>
          <Link to={{ name: "tenants" }}>{t("nav.moreTenants")}</Link>
        </li>
      )}
    </ul>
  );
}

/** The page around every screen of a signed-in administrator. */
export function Shell(props: { who: SessionInfo; route: Route; children: ComponentChildren }) {
  const { who, route } = props;
  const superadmin = who.role === Role.SUPERADMIN;
  const first = useRef(true);
  // After a move, focus goes to the new screen's heading (screen readers announce it).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.getElementById("screen-title");
    heading?.focus();
  }, [route]);
  const top: { to: Route; label: string; show: boolean }[] = [
    { to: { name: "tenants" }, label: t("nav.tenants"), show: superadmin },
    { to: { name: "webDomains" }, label: t("nav.webDomains"), show: superadmin },
    { to: { name: "audit" }, label: t("nav.audit"), show: true },
    { to: { name: "settings" }, label: t("nav.settings"), show: superadmin },
    { to: { name: "recall" }, label: t("nav.recall"), show: true },
  ];
  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t("app.skip")}
      </a>
      <header class="topbar">
        <span class="brand">{t("app.title")}</span>
        <span class="who">
          {t("top.signedInAs", { mail: who.mail })} ({superadmin ? t("top.role.superadmin") : t("top.role.admin", { tenant: who.tenantId })})
        </span>
        <LanguageSwitch />
        <Link to={{ name: "account" }}>{t("top.account")}</Link>
        <button type="button" onClick={() => void logout()}>
          {t("top.logout")}
        </button>
      </header>
      <div class="layout">
        <nav class="sidebar" aria-label={t("nav.label")}>
          <ul class="top-links">
            {top
              .filter((l) => l.show)
              .map((l) => (
                <li key={l.label}>
                  <Link to={l.to} {...(route.name === l.to.name ? { "aria-current": "page" as const, class: "active" } : {})}>
                    {l.label}
                  </Link>
                </li>
              ))}
          </ul>
          <TenantTree who={who} route={route} />
        </nav>
        <main id="main" tabIndex={-1}>
          <FlashArea />
          {props.children}
        </main>
      </div>
    </div>
  );
}
