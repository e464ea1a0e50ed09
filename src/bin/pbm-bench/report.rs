//! What a run produces: `bench.json` for machines and `bench.md` (a short
//! Markdown table) for people, every figure of pbm beside the baseline
//! measured in the same run and their ratio, and the targets with
//! whether they were met.

use std::fmt::Write as _;

use serde::Serialize;

use crate::load::Stats;

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `pbm-bench`.
    pub tool: &'static str,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// The machine and its load.
    pub machine: Machine,
    /// What was run.
    pub config: RunConfig,
    /// Loading the directory.
    pub import: Import,
    /// Every measurement, baselines included.
    pub measurements: Vec<Measurement>,
    /// `StreamUsers` of every user, once.
    pub stream_all: StreamAll,
    /// pbm's resident memory at the end of the run, MiB.
    pub pbm_rss_end_mib: f64,
    /// pbm's peak resident memory over the run, MiB (argon2 at concurrency 64 dominates it).
    pub pbm_rss_peak_mib: f64,
    /// The targets of issue 9 §3 and issue 18.
    pub targets: Vec<Target>,
    /// The change feed under load (idle watchers, fan-out, catch-up).
    pub watch: Option<crate::watch::WatchFigures>,
}

/// The machine a run came from.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Machine {
    /// CPU model.
    pub cpu: String,
    /// Logical CPUs.
    pub cpus: usize,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// Kernel release.
    pub kernel: String,
    /// 1/5/15-minute load averages before the run.
    pub load_before: String,
    /// The same after the run.
    pub load_after: String,
    /// `release` or `debug`.
    pub build: &'static str,
    /// The commit measured, when known.
    pub commit: String,
}

/// The parameters of a run.
#[derive(Debug, Clone, Serialize)]
pub struct RunConfig {
    /// `sqlite`, `postgres` or `ldap`.
    pub backend: String,
    /// Users imported.
    pub users: usize,
    /// Tenants they are spread over.
    pub tenants: usize,
    /// Seconds each measurement lasts.
    pub seconds_per_measurement: f64,
    /// Concurrency levels.
    pub concurrency: Vec<usize>,
    /// argon2id memory (KiB) and iterations of pbm's hashes.
    pub argon2_cost: (u32, u32),
    /// Users per page of the list measurements.
    pub page_size: usize,
    /// Users skipped by the deep page (the last page of a tenant).
    pub deep_page_skip: usize,
}

/// Loading the directory.
#[derive(Debug, Clone, Serialize)]
pub struct Import {
    /// How: `bulk: Users::import …` (SQL: validation as CreateUser, one transaction per batch), or
    /// `slapadd -q, offline …` (LDAP: validated the same way, written as LDIF, loaded offline).
    pub path: String,
    /// LDAP: validating the users and writing the LDIF, seconds (in `seconds`).
    pub ldif_seconds: f64,
    /// LDAP: entries in the LDIF (an address claim and the account per user).
    pub ldif_entries: u64,
    /// LDAP: the offline load (stop the directory, slapadd, start it), seconds (in `seconds`).
    pub load_seconds: f64,
    /// LDAP: `slapadd -q` alone, seconds, when the load command reports it.
    pub slapadd_seconds: Option<f64>,
    /// Users imported.
    pub users: usize,
    /// Users per transaction.
    pub batch: usize,
    /// Wall time, seconds.
    pub seconds: f64,
    /// Users per second.
    pub users_per_second: f64,
    /// Time of the one argon2id hash all imported users share, ms (not in `seconds`).
    pub argon2_hash_ms: f64,
    /// Time to create the tenants, seconds.
    pub tenants_seconds: f64,
    /// `VACUUM ANALYZE` after the load (PostgreSQL only), seconds, not in `seconds`.
    pub vacuum_analyze_seconds: f64,
}

/// `StreamUsers` of the whole directory.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StreamAll {
    /// Users received.
    pub users: u64,
    /// Wall time, seconds.
    pub seconds: f64,
    /// Users per second.
    pub users_per_second: f64,
    /// pbm's resident memory before the stream, MiB.
    pub rss_before_mib: f64,
    /// pbm's highest resident memory sampled during the stream, MiB.
    pub rss_max_mib: f64,
    /// Whether every user came (false: stopped at `--stream-all-max-seconds`).
    pub complete: bool,
}

/// One operation at one concurrency, with its ratios to the baselines.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    /// Operation, e.g. `GetUser`.
    pub op: String,
    /// `grpc`, `v2`, `store` (the port called in-process), `baseline`, `argon2`.
    pub transport: &'static str,
    /// Concurrent clients.
    pub concurrency: usize,
    /// The figures.
    #[serde(flatten)]
    pub stats: Stats,
    /// The figures relative to the baselines of the same concurrency.
    pub ratios: Vec<Ratio>,
}

/// A figure of pbm relative to a baseline measured in the same run.
#[derive(Debug, Clone, Serialize)]
pub struct Ratio {
    /// The baseline's name, e.g. `bare tonic GetUser`.
    pub baseline: String,
    /// Our throughput ÷ the baseline's (1.0 = as fast).
    pub throughput: f64,
    /// Our p50 ÷ the baseline's.
    pub p50: f64,
    /// Our p99 ÷ the baseline's.
    pub p99: f64,
}

impl Ratio {
    /// `ours` relative to `baseline`, named `name`.
    pub fn of(ours: &Stats, name: &str, baseline: &Stats) -> Self {
        let div = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        Self {
            baseline: name.to_owned(),
            throughput: div(ours.throughput, baseline.throughput),
            p50: div(ours.p50_us, baseline.p50_us),
            p99: div(ours.p99_us, baseline.p99_us),
        }
    }
}

/// A target of the issue.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// What is required.
    pub target: String,
    /// What was measured.
    pub measured: String,
    /// Met, missed, or `None` when it does not apply to this run.
    pub met: Option<bool>,
}

impl Report {
    /// The Markdown summary.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let c = &self.config;
        let m = &self.machine;
        let _ = writeln!(
            out,
            "### pbm-bench: {} backend, {} users in {} tenants ({} build, {})\n",
            c.backend, c.users, c.tenants, m.build, self.started_at
        );
        let _ = writeln!(
            out,
            "Machine: {} × {}, {:.0} GiB, kernel {}; load average before {}, after {}; commit {}.\n",
            m.cpus, m.cpu, m.memory_gib, m.kernel, m.load_before, m.load_after, m.commit
        );
        let i = &self.import;
        let _ = writeln!(
            out,
            "Bulk import ({}): {} users in {:.1} s ({:.0} users/s, batches of {}); the shared argon2id hash took {:.1} ms once.\n",
            i.path, i.users, i.seconds, i.users_per_second, i.batch, i.argon2_hash_ms,
        );
        if i.ldif_entries > 0 {
            let slapadd = i.slapadd_seconds.map_or_else(
                || "not reported".to_owned(),
                |s| format!("{s:.1} s ({:.0} entries/s, {:.0} users/s)", i.ldif_entries as f64 / s, i.users as f64 / s),
            );
            let _ = writeln!(
                out,
                "Of which: validating the users and writing {} LDIF entries {:.1} s; the offline load (stop slapd, \
                 slapadd -q, start slapd) {:.1} s; slapadd -q alone {slapadd}.\n",
                i.ldif_entries, i.ldif_seconds, i.load_seconds,
            );
        }
        let _ = writeln!(
            out,
            "StreamUsers of all users: {} users{} in {:.1} s ({:.0} users/s), pbm RSS {:.0} MiB before, at most {:.0} MiB during it; \
             pbm's peak RSS over the whole run {:.0} MiB.\n",
            self.stream_all.users,
            if self.stream_all.complete { "" } else { " (stopped at the time limit, not complete)" },
            self.stream_all.seconds,
            self.stream_all.users_per_second,
            self.stream_all.rss_before_mib,
            self.stream_all.rss_max_mib,
            self.pbm_rss_peak_mib,
        );
        let _ = writeln!(out, "| target | measured | met |\n|---|---|---|");
        for t in &self.targets {
            let met = match t.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "n/a",
            };
            let _ = writeln!(out, "| {} | {} | {} |", t.target, t.measured, met);
        }
        let _ = writeln!(
            out,
            "\n| operation | via | c | ops/s | p50 ms | p99 ms | vs baseline: throughput, p50, p99 |\n|---|---|---:|---:|---:|---:|---|"
        );
        for m in &self.measurements {
            let ratios: Vec<String> = m
                .ratios
                .iter()
                .map(|r| format!("{}: {:.0} %, {:.2}×, {:.2}×", r.baseline, 100.0 * r.throughput, r.p50, r.p99))
                .collect();
            let errors = if m.stats.errors > 0 { format!(" ({} errors)", m.stats.errors) } else { String::new() };
            let _ = writeln!(
                out,
                "| {}{} | {} | {} | {:.0} | {:.2} | {:.2} | {} |",
                m.op,
                errors,
                m.transport,
                m.concurrency,
                m.stats.throughput,
                m.stats.p50_us / 1000.0,
                m.stats.p99_us / 1000.0,
                ratios.join("; ")
            );
        }
        out
    }
}
