/**
 * Routes of the panel: real paths under /admin/ (pbm answers every one of
 * them with index.html), so that a URL names a screen and can be typed,
 * bookmarked or reloaded.
 *
 * A dozen fixed patterns do not need a router library: {@link match} turns
 * the path into a {@link Route}, {@link navigate} pushes a new one.
 */
import { createStore } from "./store";

/** The base path pbm serves the panel at. */
export const BASE = "/admin";

/** A screen and its parameters. */
export type Route =
  | { name: "home" }
  | { name: "login" }
  | { name: "tenants" }
  | { name: "webDomains" }
  | { name: "audit" }
  | { name: "settings" }
  | { name: "recall" }
  | { name: "account" }
  | { name: "users"; tenant: string }
  | { name: "userNew"; tenant: string }
  | { name: "user"; tenant: string; mail: string }
  | { name: "deletedUsers"; tenant: string }
  | { name: "domains"; tenant: string }
  | { name: "resourceGroups"; tenant: string }
  | { name: "resourceGroup"; tenant: string; group: string }
  | { name: "mailLists"; tenant: string }
  | { name: "mailListNew"; tenant: string }
  | { name: "mailList"; tenant: string; mail: string }
  | { name: "serviceAccounts"; tenant: string }
  | { name: "notFound" };

const enc = encodeURIComponent;

/** The path of a route. */
export function href(route: Route): string {
  switch (route.name) {
    case "home":
    case "notFound":
      return `${BASE}/`;
    case "login":
      return `${BASE}/login`;
    case "tenants":
      return `${BASE}/tenants`;
    case "webDomains":
      return `${BASE}/web-domains`;
    case "audit":
      return `${BASE}/audit`;
    case "settings":
      return `${BASE}/settings`;
    case "recall":
      return `${BASE}/recall`;
    case "account":
      return `${BASE}/account`;
    case "users":
      return `${BASE}/t/${enc(route.tenant)}/users`;
    case "userNew":
      return `${BASE}/t/${enc(route.tenant)}/users/new`;
    case "user":
      return `${BASE}/t/${enc(route.tenant)}/users/${enc(route.mail)}`;
    case "deletedUsers":
      return `${BASE}/t/${enc(route.tenant)}/deleted-users`;
    case "domains":
      return `${BASE}/t/${enc(route.tenant)}/domains`;
    case "resourceGroups":
      return `${BASE}/t/${enc(route.tenant)}/resource-groups`;
    case "resourceGroup":
      return `${BASE}/t/${enc(route.tenant)}/resource-groups/${enc(route.group)}`;
    case "mailLists":
      return `${BASE}/t/${enc(route.tenant)}/mailing-lists`;
    case "mailListNew":
      return `${BASE}/t/${enc(route.tenant)}/mailing-lists/new`;
    case "mailList":
      return `${BASE}/t/${enc(route.tenant)}/mailing-lists/${enc(route.mail)}`;
    case "serviceAccounts":
      return `${BASE}/t/${enc(route.tenant)}/service-accounts`;
  }
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** The route of a path ("notFound" for anything else). */
export function match(pathname: string): Route {
  if (!pathname.startsWith(BASE)) return { name: "notFound" };
  const parts = pathname.slice(BASE.length).split("/").filter((p) => p !== "").map(decode);
  if (parts.some((p) => p === undefined)) return { name: "notFound" };
  const p = parts as string[];
  const fixed: Record<string, Route> = {
    "": { name: "home" },
    login: { name: "login" },
    tenants: { name: "tenants" },
    "web-domains": { name: "webDomains" },
    audit: { name: "audit" },
    settings: { name: "settings" },
    recall: { name: "recall" },
    account: { name: "account" },
  };
  if (p.length <= 1) return fixed[p[0] ?? ""] ?? { name: "notFound" };
  if (p[0] !== "t" || p.length < 3) return { name: "notFound" };
  const tenant = p[1]!;
  const [section, item, extra] = [p[2]!, p[3], p[4]];
  if (extra !== undefined) return { name: "notFound" };
  switch (section) {
    case "users":
      if (item === undefined) return { name: "users", tenant };
      return item === "new" ? { name: "userNew", tenant } : { name: "user", tenant, mail: item };
    case "deleted-users":
      return item === undefined ? { name: "deletedUsers", tenant } : { name: "notFound" };
    case "domains":
      return item === undefined ? { name: "domains", tenant } : { name: "notFound" };
    case "resource-groups":
      return item === undefined ? { name: "resourceGroups", tenant } : { name: "resourceGroup", tenant, group: item };
    case "mailing-lists":
      if (item === undefined) return { name: "mailLists", tenant };
      return item === "new" ? { name: "mailListNew", tenant } : { name: "mailList", tenant, mail: item };
    case "service-accounts":
      return item === undefined ? { name: "serviceAccounts", tenant } : { name: "notFound" };
    default:
      return { name: "notFound" };
  }
}

/** The current route. */
export const route = createStore<Route>(match(location.pathname));

window.addEventListener("popstate", () => route.set(match(location.pathname)));

/** Goes to `to` (a new history entry; `replace` overwrites the current one). */
export function navigate(to: Route, replace = false): void {
  const path = href(to);
  if (path !== location.pathname) {
    if (replace) history.replaceState(null, "", path);
    else history.pushState(null, "", path);
  }
  route.set(match(path));
}

/** The tenant a route is about, if any. */
export function routeTenant(r: Route): string | undefined {
  return "tenant" in r ? r.tenant : undefined;
}
