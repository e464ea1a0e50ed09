/**
 * Once per run: the tenant of 5,000 users (PBM_PANEL_BIG_USERS) the list tests page through,
 * imported as LDIF with `pbm backup import` (one bulk write per 100 users:
 * seconds, where 5,000 CreateUser calls would hash 5,000 passwords).
 *
 * Users are `u00000@big5000.test` … `u04999@big5000.test`; first names cycle
 * through {@link FIRST_NAMES}; last names are `Surname-00000` … (so that
 * sorting and searching have known answers).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { PBM, superadmin } from "./fixtures";

/** The big tenant. */
const BIG_USERS = Number(process.env["PBM_PANEL_BIG_USERS"] ?? 5000);
if (!Number.isInteger(BIG_USERS) || BIG_USERS < 1000 || BIG_USERS > 100_000 || BIG_USERS % 10 !== 0) {
  throw new Error(`PBM_PANEL_BIG_USERS=${BIG_USERS}: a multiple of 10 from 1,000 to 100,000`);
}
/** The big tenant (PBM_PANEL_BIG_USERS users, 5,000 unless set; 100,000 for the figure). */
export const BIG = { tenant: `big${BIG_USERS}`, domain: `big${BIG_USERS}.test`, users: BIG_USERS };
/** The first names of its users, in turn. */
export const FIRST_NAMES = ["Alexei", "Boris", "Daria", "Elena", "Fyodor", "Galina", "Igor", "Irina", "Kirill", "Larisa"];

// A well-formed argon2id hash nobody knows the password of: these users never log in.
const HASH = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
const ROOT = "dc=pbm,dc=local";
const STAMP = "1700000000000000";

function ldif(): string {
  const { tenant, domain, users } = BIG;
  const parts = [
    "version: 1\n",
    `dn: tenant-id=${tenant},ou=Tenants,${ROOT}\nobjectClass: top\nobjectClass: pbmTenant\ntenant-id: ${tenant}\n` +
      `pbmDefaultDomain: ${domain}\npbmCreatedAt: ${STAMP}\npbmUpdatedAt: ${STAMP}\n`,
    `dn: cn=${domain},ou=Domains,${ROOT}\nobjectClass: top\nobjectClass: pbmMailDomain\ncn: ${domain}\ntenant-id: ${tenant}\npbmCreatedAt: ${STAMP}\n`,
  ];
  for (let i = 0; i < users; i++) {
    const n = String(i).padStart(5, "0");
    const mail = `u${n}@${domain}`;
    parts.push(
      `dn: uid=${mail},ou=People,${ROOT}\nobjectClass: top\nobjectClass: inetOrgPerson\nobjectClass: pbmUser\n` +
        `uid: ${mail}\nmail: ${mail}\ntenant-id: ${tenant}\nemployeeNumber: 2\ncn: ${FIRST_NAMES[i % FIRST_NAMES.length]}\n` +
        `sn: Surname-${n}\ninetUserStatus: 1\nemployeeType: 1\npbmPasswordHash: ${HASH}\n` +
        `pbmCreatedAt: ${STAMP}\npbmUpdatedAt: ${STAMP}\npbmRevision: 1\n`,
    );
  }
  return parts.join("\n");
}

export default async function globalSetup(): Promise<void> {
  const api = superadmin();
  try {
    const page = await api.users.listUsers({ tenantId: BIG.tenant, pageSize: 1 });
    if (page.totalSize >= BIG.users) return;
  } catch (err) {
    if (!(err instanceof ConnectError) || (err.code !== Code.NotFound && err.code !== Code.PermissionDenied)) throw err;
  }
  const dir = mkdtempSync(join(tmpdir(), "pbm-panel-"));
  try {
    const file = join(dir, `${BIG.tenant}.ldif`);
    writeFileSync(file, ldif());
    const started = Date.now();
    execFileSync(process.env["PBM_BIN"] ?? "pbm", ["backup", "import", file], {
      env: { ...process.env, PBM_SERVER: PBM.url, PBM_LOGIN: PBM.creator, PBM_PASSWORD: PBM.password },
      stdio: ["ignore", "ignore", "pipe"],
    });
    console.log(`global setup: imported ${BIG.users} users into ${BIG.tenant} in ${Date.now() - started} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
