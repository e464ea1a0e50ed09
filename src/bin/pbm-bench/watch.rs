//! The change feed under load: what 1,000 idle watchers cost pbm in
//! memory, how fast the events of a steady write rate reach 100 watchers
//! (commit time to receipt, so both clocks are this machine's) at the rate
//! asked and again at one the replica keeps up with, and how
//! fast a watcher catches up the log the import left (one record per user)
//! from a pbm restarted just before (its caches and in-memory ring empty).

use std::time::Duration;

use anyhow::Context as _;
use futures::StreamExt as _;
use pbm::pb::{
    self, directory_event::Type, user_service_client::UserServiceClient, watch_service_client::WatchServiceClient,
};
use serde::Serialize;
use tokio::time::Instant;
use tonic::{
    Request,
    metadata::{Ascii, MetadataValue},
    transport::Channel,
};

use crate::data::Directory;
use crate::procs;

/// What the feed did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WatchFigures {
    /// Idle watchers opened for the memory figure.
    pub idle_watchers: usize,
    /// pbm's RSS before and with them, MiB.
    pub rss_before_mib: f64,
    pub rss_with_idle_mib: f64,
    /// Watchers of the fan-out.
    pub fanout_watchers: usize,
    /// The fan-out of the rate asked by `--watch-writes-per-second`.
    #[serde(flatten)]
    pub asked: FanOut,
    /// The fan-out of `--watch-sustained-writes-per-second`, a rate the
    /// replica keeps up with: its latency is delivery, not a queue of writes
    /// the machine cannot commit as fast as they are asked.
    pub sustained: Option<FanOut>,
    /// The catch-up of the log from its start, after a restart of pbm.
    pub catch_up_events: u64,
    pub catch_up_seconds: f64,
}

/// One steady write rate fanned out to the watchers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FanOut {
    /// Writes asked per second, and done.
    pub writes_per_second_asked: f64,
    pub writes_per_second_done: f64,
    /// Events received by all watchers, per second.
    pub events_per_second: f64,
    /// Commit-to-receipt latency, ms.
    pub latency_p50_ms: f64,
    pub latency_p99_ms: f64,
    /// Events every watcher should have had, and the fewest one got.
    pub events_expected_each: usize,
    pub events_fewest: usize,
    /// pbm's CPU time (user and system) per write and its events to every
    /// watcher, ms: what the fan-out costs the server, whatever the
    /// machine's load does to the latency.
    pub pbm_cpu_ms_per_write: f64,
}

fn request<T>(bearer: &MetadataValue<Ascii>, message: T) -> Request<T> {
    let mut request = Request::new(message);
    request.metadata_mut().insert("authorization", bearer.clone());
    request
}

async fn open_watch(
    channel: Channel,
    bearer: &MetadataValue<Ascii>,
    since_revision: i64,
) -> anyhow::Result<tonic::Streaming<pb::DirectoryEvent>> {
    let watch = pb::WatchDirectoryRequest { since_revision, ..Default::default() };
    Ok(WatchServiceClient::new(channel).watch_directory(request(bearer, watch)).await?.into_inner())
}

/// Watchers per HTTP/2 connection (servers allow 200 streams on one).
const WATCHERS_PER_CONNECTION: usize = 100;

/// What 1,000 idle watchers cost pbm (`pid`, at `base`) in resident
/// memory: measured before the other operations, whose argon2 bursts leave
/// pbm's RSS high for good.
pub async fn idle_memory(base: &str, bearer: &MetadataValue<Ascii>, pid: u32) -> anyhow::Result<(usize, f64, f64)> {
    let watchers = 1_000;
    let mut channels = Vec::new();
    for _ in 0..watchers / WATCHERS_PER_CONNECTION {
        channels.push(Channel::from_shared(base.to_owned())?.connect().await?);
    }
    let before = procs::rss_mib(pid).unwrap_or(0.0);
    let mut idle = Vec::new();
    for i in 0..watchers {
        let mut stream = open_watch(channels[i / WATCHERS_PER_CONNECTION].clone(), bearer, 0).await?;
        stream.message().await?.context("the first bookmark")?;
        idle.push(stream);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let with = procs::rss_mib(pid).unwrap_or(0.0);
    drop(idle);
    eprintln!("pbm-bench: {watchers} idle watchers: RSS {before:.0} → {with:.0} MiB");
    Ok((watchers, before, with))
}

/// Runs the fan-out against pbm at `base` at each of `rates` (writes per
/// second; the catch-up is [`catch_up`]); the writes go over `channels`,
/// the watches over connections of their own; `idle` is [`idle_memory`]'s
/// answer; pbm's CPU time (process `pbm_pid`) is read around each rate.
/// The first rate is [`WatchFigures::asked`], a second one
/// [`WatchFigures::sustained`].
#[allow(clippy::too_many_arguments)]
pub async fn measure(
    idle: (usize, f64, f64),
    pbm_pid: u32,
    base: &str,
    channels: &[Channel],
    bearer: &MetadataValue<Ascii>,
    dir: Directory,
    rates: &[f64],
    seconds: f64,
) -> anyhow::Result<WatchFigures> {
    let (idle_watchers, rss_before_mib, rss_with_idle_mib) = idle;
    let mut figures =
        WatchFigures { idle_watchers, rss_before_mib, rss_with_idle_mib, fanout_watchers: 100, ..Default::default() };
    let mut watch_channels = Vec::new();
    for _ in 0..figures.fanout_watchers.div_ceil(WATCHERS_PER_CONNECTION) {
        watch_channels.push(Channel::from_shared(base.to_owned())?.connect().await?);
    }
    let mut fan_outs = Vec::new();
    for &rate in rates {
        let cpu_before = procs::cpu_seconds(pbm_pid);
        let mut figures_of_rate =
            fan_out(&watch_channels, channels, bearer, dir, figures.fanout_watchers, rate, seconds).await?;
        if let (Some(before), Some(after)) = (cpu_before, procs::cpu_seconds(pbm_pid)) {
            let writes = (rate * seconds).round().max(1.0);
            figures_of_rate.pbm_cpu_ms_per_write = (after - before) * 1000.0 / writes;
            eprintln!("pbm-bench: pbm CPU {:.2} ms per write and its events", figures_of_rate.pbm_cpu_ms_per_write);
        }
        fan_outs.push(figures_of_rate);
    }
    let mut fan_outs = fan_outs.into_iter();
    figures.asked = fan_outs.next().context("a fan-out rate")?;
    figures.sustained = fan_outs.next();
    Ok(figures)
}

/// `writes_per_second` UpdateUser calls for `seconds`, each event timed
/// from its commit to its receipt by each of `watchers` watchers.
async fn fan_out(
    watch_channels: &[Channel],
    channels: &[Channel],
    bearer: &MetadataValue<Ascii>,
    dir: Directory,
    watchers: usize,
    writes_per_second: f64,
    seconds: f64,
) -> anyhow::Result<FanOut> {
    let channel = |i: usize| channels[i % channels.len()].clone();
    let watch_channel = |i: usize| watch_channels[(i / WATCHERS_PER_CONNECTION) % watch_channels.len()].clone();
    let writes = (writes_per_second * seconds).round() as usize;
    let mut figures = FanOut::default();
    let mut watching = Vec::new();
    for i in 0..watchers {
        // From the current revision: a second fan-out does not see the first one's events.
        let mut stream = open_watch(watch_channel(i), bearer, 0).await?;
        stream.message().await?.context("the first bookmark")?;
        watching.push(tokio::spawn(async move {
            let mut latencies_us = Vec::new();
            while latencies_us.len() < writes {
                let Ok(Ok(Some(event))) = tokio::time::timeout(Duration::from_secs(30), stream.message()).await else {
                    break;
                };
                if event.r#type() == Type::Bookmark {
                    continue;
                }
                let commit = event.commit_time.map_or(0, |t| t.seconds * 1_000_000 + i64::from(t.nanos) / 1_000);
                latencies_us.push((chrono::Utc::now().timestamp_micros() - commit).max(0) as f64);
            }
            latencies_us
        }));
    }
    let started = Instant::now();
    let writers = 16;
    let per_writer = writes.div_ceil(writers);
    let interval = Duration::from_secs_f64(writers as f64 / writes_per_second);
    let mut tasks = Vec::new();
    for w in 0..writers {
        let (channel, bearer) = (channel(w), bearer.clone());
        tasks.push(tokio::spawn(async move {
            let mut ticks = tokio::time::interval(interval);
            let mut users = UserServiceClient::new(channel);
            for n in 0..per_writer.min(writes.saturating_sub(w * per_writer)) {
                ticks.tick().await;
                let account = dir.account((w * per_writer + n) % dir.users);
                let user = pb::User {
                    tenant_id: account.tenant,
                    mail: account.mail,
                    // Unique to this fan-out: an update that changes nothing may commit nothing.
                    title: format!("Watched {n} at {writes_per_second}/s"),
                    ..Default::default()
                };
                let mask = prost_types::FieldMask { paths: vec!["title".into()] };
                let update = pb::UpdateUserRequest { user: Some(user), update_mask: Some(mask), ..Default::default() };
                users.update_user(request(&bearer, update)).await?;
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    figures.writes_per_second_asked = writes_per_second;
    figures.writes_per_second_done = writes as f64 / started.elapsed().as_secs_f64();
    let mut all: Vec<f64> = Vec::new();
    figures.events_expected_each = writes;
    figures.events_fewest = usize::MAX;
    for watcher in watching {
        let latencies = watcher.await?;
        figures.events_fewest = figures.events_fewest.min(latencies.len());
        all.extend(latencies);
    }
    let elapsed = started.elapsed().as_secs_f64();
    figures.events_per_second = all.len() as f64 / elapsed;
    all.sort_by(f64::total_cmp);
    let at = |q: f64| all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1))).copied();
    figures.latency_p50_ms = at(0.50).unwrap_or(0.0) / 1000.0;
    figures.latency_p99_ms = at(0.99).unwrap_or(0.0) / 1000.0;
    eprintln!(
        "pbm-bench: {} writes/s ({:.0} done) to {} watchers: {:.0} events/s, p50 {:.1} ms, p99 {:.1} ms, fewest {} of {}",
        writes_per_second,
        figures.writes_per_second_done,
        watchers,
        figures.events_per_second,
        figures.latency_p50_ms,
        figures.latency_p99_ms,
        figures.events_fewest,
        writes
    );

    Ok(figures)
}

/// The catch-up from the start of the log (the import's records) by a
/// watcher of pbm at `base`, for at most CATCH_UP_LIMIT (the rate is what
/// counts): answers the events and the seconds they took.
pub async fn catch_up(base: &str, bearer: &MetadataValue<Ascii>) -> anyhow::Result<(u64, f64)> {
    let channel = Channel::from_shared(base.to_owned())?.connect().await?;
    let started = Instant::now();
    let mut stream = open_watch(channel, bearer, 1).await?;
    let (mut events, mut last_at) = (0u64, 0.0);
    while let Some(event) = stream.next().await {
        let event = event?;
        if event.r#type() == Type::Bookmark || started.elapsed() > CATCH_UP_LIMIT {
            break; // caught up (idle), or long enough
        }
        events += 1;
        last_at = started.elapsed().as_secs_f64();
    }
    eprintln!("pbm-bench: caught up {events} events in {last_at:.1} s");
    Ok((events, last_at))
}

/// The longest the catch-up is followed.
const CATCH_UP_LIMIT: Duration = Duration::from_secs(180);
