/**
 * The panel's browser suite: Debian's Chromium (never a downloaded browser)
 * against the pbm that scripts/test-panel.sh started (PBM_PANEL_URL). Every
 * test runs twice, as the project "en" (browser language English) and "ru"
 * (Russian): the panel follows the browser's language on a first visit.
 */
import { defineConfig } from "@playwright/test";
import type { PanelOptions } from "./fixtures";

const chromium = process.env["PBM_CHROMIUM"] ?? "/usr/bin/chromium";

export default defineConfig<PanelOptions>({
  testDir: ".",
  testMatch: "*.spec.ts",
  globalSetup: "./global-setup.ts",
  fullyParallel: false,
  workers: Number(process.env["PBM_PANEL_WORKERS"] ?? 2),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [["list"]],
  outputDir: "../test-results/artifacts",
  use: {
    baseURL: process.env["PBM_PANEL_URL"],
    viewport: { width: 1280, height: 860 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "en", use: { locale: "en-US", lang: "en" } },
    { name: "ru", use: { locale: "ru-RU", lang: "ru" } },
  ],
});
