// Builds the admin panel into dist/, which is committed and embedded into the
// pbm binary at compile time (src/admin_ui.rs serves it at /admin/).
//
// - One ES module bundle and one stylesheet, minified, with content hashes in
//   their names (served with a one-year, immutable cache lifetime); index.html
//   names them and is served uncached.
// - Deterministic: the same sources and lock file give byte-identical files
//   (scripts/test-panel.sh rebuilds and fails on any difference). The hash in a
//   name is the SHA-256 of the file's own bytes, computed here: esbuild's
//   `[hash]` also covers its internal build state, and a cold-cache build gave
//   the same bytes another name (a CI run failed on it).
// - The first-load budget: index.html plus everything it loads must stay at
//   most 300 KB gzip-compressed (what pbm sends); the build fails above it.
//
// `@connectrpc/connect` and `@bufbuild/protobuf` are resolved from this
// package for @pbm/client too, so that the bundle holds one copy of each.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "dist");
const BASE = "/admin/";
/** The first-load budget in bytes, gzip-compressed (300 KB). */
export const BUDGET_BYTES = 300 * 1000;

/** Resolves the shared runtime libraries from this package, whoever imports them. */
const oneCopy = {
  name: "one-copy",
  setup(b) {
    const shared = /^(@connectrpc\/connect|@connectrpc\/connect-web|@bufbuild\/protobuf)(\/.*)?$/;
    b.onResolve({ filter: shared }, async (args) => {
      if (args.pluginData === "one-copy") return undefined;
      const result = await b.resolve(args.path, { kind: args.kind, resolveDir: root, pluginData: "one-copy" });
      return result.errors.length > 0 ? { errors: result.errors } : { path: result.path };
    });
  },
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: ["src/main.tsx"],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["chrome109", "firefox115", "safari16"],
  platform: "browser",
  outdir: join(dist, "assets"),
  entryNames: "[name]",
  assetNames: "[name]",
  loader: { ".svg": "file" },
  publicPath: `${BASE}assets/`,
  jsx: "automatic",
  jsxImportSource: "preact",
  legalComments: "none",
  charset: "utf8",
  sourcemap: false,
  metafile: true,
  define: { "process.env.NODE_ENV": '"production"' },
  plugins: [oneCopy],
  logLevel: "warning",
});

/** `name.ext` renamed to `name-HASH.ext`, HASH the first 8 hex digits of its SHA-256. */
function hashedName(file) {
  const dot = file.lastIndexOf(".");
  const hash = createHash("sha256").update(readFileSync(join(dist, "assets", file))).digest("hex").slice(0, 8);
  return `${file.slice(0, dot)}-${hash}${file.slice(dot)}`;
}

// The favicon, hashed like the bundle.
writeFileSync(join(dist, "assets", "icon.svg"), readFileSync(join(root, "src", "icon.svg")));

const outputs = Object.keys(result.metafile.outputs).map((p) => relative(join(dist, "assets"), join(root, p)));
if (!outputs.includes("main.js") || !outputs.includes("main.css") || outputs.length !== 2) {
  throw new Error(`expected main.js and main.css, got ${outputs.join(", ")}`);
}
const [script, style, iconName] = ["main.js", "main.css", "icon.svg"].map((file) => {
  const named = hashedName(file);
  renameSync(join(dist, "assets", file), join(dist, "assets", named));
  return named;
});

const html = readFileSync(join(root, "src", "index.html"), "utf8")
  .replace("%ICON%", `${BASE}assets/${iconName}`)
  .replace("%STYLE%", `${BASE}assets/${style}`)
  .replace("%SCRIPT%", `${BASE}assets/${script}`);
writeFileSync(join(dist, "index.html"), html);

// The budget: everything index.html loads, as pbm sends it (gzip).
let raw = 0;
let compressed = 0;
const rows = [];
const firstLoad = ["index.html", `assets/${script}`, `assets/${style}`, `assets/${iconName}`];
for (const file of firstLoad) {
  const bytes = readFileSync(join(dist, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  compressed += gz;
  rows.push(`  ${file.padEnd(40)} ${String(bytes.length).padStart(8)} B  ${String(gz).padStart(7)} B gzip`);
}
const files = readdirSync(join(dist, "assets")).length + 1;
console.log(`dist/: ${files} files\n${rows.join("\n")}`);
console.log(`first load: ${raw} B raw, ${compressed} B gzip (budget ${BUDGET_BYTES} B gzip)`);
if (compressed > BUDGET_BYTES) {
  console.error(`the first load is ${compressed} B gzip-compressed, over the budget of ${BUDGET_BYTES} B`);
  process.exit(1);
}
