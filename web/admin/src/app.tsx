/**
 * The app: resumes the tab's session, shows the login screen while nobody
 * is signed in, and otherwise the shell with the screen of the current
 * route. Re-renders on a language switch.
 */
import { Role } from "@pbm/client";
import { useEffect, useState } from "preact/hooks";
import { type SessionInfo, resumeSession, session } from "./api";
import { language, t } from "./i18n";
import { type Route, navigate, route as currentRoute } from "./router";
import { Account } from "./screens/account";
import { Audit } from "./screens/audit";
import { Domains } from "./screens/domains";
import { Login } from "./screens/login";
import { MailListForm, MailLists } from "./screens/maillists";
import { ServiceAccounts } from "./screens/serviceaccounts";
import { Recall } from "./screens/recall";
import { ResourceGroup, ResourceGroups } from "./screens/resources";
import { Settings } from "./screens/settings";
import { Shell } from "./screens/shell";
import { Tenants } from "./screens/tenants";
import { UserForm } from "./screens/user-form";
import { DeletedUsers, Users } from "./screens/users";
import { WebDomains } from "./screens/webdomains";
import { useStore } from "./store";
import { LoadError, ScreenHeader } from "./ui/common";

/** Where a signed-in account starts: a superadmin at the tenants, an admin at their users (guide: Users is the default). */
function home(who: SessionInfo): Route {
  return who.role === Role.SUPERADMIN ? { name: "tenants" } : { name: "users", tenant: who.tenantId };
}

function Denied() {
  return (
    <>
      <ScreenHeader title={t("err.denied")} />
    </>
  );
}

function Screen(props: { route: Route; who: SessionInfo }) {
  const { route, who } = props;
  const superadmin = who.role === Role.SUPERADMIN;
  switch (route.name) {
    case "home":
    case "login":
    case "notFound":
      return null;
    case "tenants":
      return superadmin ? <Tenants /> : <Denied />;
    case "webDomains":
      return superadmin ? <WebDomains /> : <Denied />;
    case "settings":
      return superadmin ? <Settings /> : <Denied />;
    case "audit":
      return <Audit who={who} />;
    case "recall":
      return <Recall />;
    case "account":
      return <Account />;
    case "users":
      return <Users tenant={route.tenant} />;
    case "userNew":
      return <UserForm tenant={route.tenant} who={who} />;
    case "user":
      return <UserForm tenant={route.tenant} mail={route.mail} who={who} />;
    case "deletedUsers":
      return <DeletedUsers tenant={route.tenant} />;
    case "domains":
      return <Domains tenant={route.tenant} />;
    case "resourceGroups":
      return <ResourceGroups tenant={route.tenant} />;
    case "resourceGroup":
      return <ResourceGroup tenant={route.tenant} group={route.group} />;
    case "mailLists":
      return <MailLists tenant={route.tenant} />;
    case "mailListNew":
      return <MailListForm tenant={route.tenant} />;
    case "mailList":
      return <MailListForm tenant={route.tenant} mail={route.mail} />;
    case "serviceAccounts":
      return <ServiceAccounts tenant={route.tenant} />;
  }
}

export function App() {
  useStore(language);
  const who = useStore(session);
  const route = useStore(currentRoute);
  const [boot, setBoot] = useState<{ state: "resuming" } | { state: "ready" } | { state: "error"; error: unknown }>({ state: "resuming" });

  const resume = (): void => {
    setBoot({ state: "resuming" });
    resumeSession().then(
      () => setBoot({ state: "ready" }),
      (error: unknown) => setBoot({ state: "error", error }),
    );
  };
  useEffect(resume, []);

  // Routes that are no screen of their own lead to the account's start.
  useEffect(() => {
    if (who !== null && (route.name === "home" || route.name === "login" || route.name === "notFound")) {
      navigate(home(who), true);
    }
  }, [who, route]);

  useEffect(() => {
    document.title = who === null ? t("app.title") : `${t("app.short")} — ${who.mail}`;
  });

  if (boot.state === "resuming") {
    return (
      <p class="loading boot" role="status">
        {t("common.loading")}
      </p>
    );
  }
  if (boot.state === "error") {
    return (
      <main id="main" class="boot">
        <LoadError error={boot.error} onRetry={resume} />
      </main>
    );
  }
  if (who === null) return <Login />;
  return (
    <Shell who={who} route={route}>
      <Screen route={route} who={who} />
    </Shell>
  );
}
