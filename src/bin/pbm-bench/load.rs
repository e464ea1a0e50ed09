//! The load generator: `concurrency` workers each run one operation after
//! the other for a fixed time, recording every latency; the same generator
//! drives pbm and its baselines, so their figures compare.

use std::{future::Future, sync::Arc, time::Duration};

use serde::Serialize;
use tokio::time::Instant;

/// Latency and throughput of one operation at one concurrency.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Operations completed without error.
    pub ops: u64,
    /// Operations that failed.
    pub errors: u64,
    /// The first error, for the report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
    /// Wall time of the measurement, seconds.
    pub seconds: f64,
    /// Operations per second.
    pub throughput: f64,
    /// Items per second (users streamed or listed), where it applies.
    pub items_per_second: f64,
    /// Median latency, microseconds.
    pub p50_us: f64,
    /// 99th percentile latency, microseconds.
    pub p99_us: f64,
    /// Mean latency, microseconds.
    pub mean_us: f64,
}

/// Runs `op(worker, iteration)` from `concurrency` workers for `duration`
/// after a short unrecorded warm-up. `op` returns the number of items it
/// handled (1 for a plain request).
pub async fn measure<F, Fut>(concurrency: usize, duration: Duration, op: F) -> Stats
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<u64>> + Send + 'static,
{
    let op = Arc::new(op);
    let warm_up = (duration / 10).min(Duration::from_millis(500));
    let _ = run(concurrency, warm_up, op.clone(), 1).await;
    let started = Instant::now();
    let results = run(concurrency, duration, op, 0).await;
    let seconds = started.elapsed().as_secs_f64();
    let mut latencies = Vec::new();
    let (mut items, mut errors, mut first_error) = (0u64, 0u64, None);
    for result in results {
        latencies.extend(result.latencies_us);
        items += result.items;
        errors += result.errors;
        first_error = first_error.or(result.first_error);
    }
    latencies.sort_unstable();
    let ops = latencies.len() as u64;
    let percentile = |p: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let rank = ((p * latencies.len() as f64).ceil() as usize).clamp(1, latencies.len());
        f64::from(latencies[rank - 1])
    };
    let mean = if ops == 0 { 0.0 } else { latencies.iter().map(|&l| f64::from(l)).sum::<f64>() / ops as f64 };
    Stats {
        ops,
        errors,
        first_error,
        seconds,
        throughput: ops as f64 / seconds,
        items_per_second: items as f64 / seconds,
        p50_us: percentile(0.50),
        p99_us: percentile(0.99),
        mean_us: mean,
    }
}

struct WorkerResult {
    latencies_us: Vec<u32>,
    items: u64,
    errors: u64,
    first_error: Option<String>,
}

async fn run<F, Fut>(concurrency: usize, duration: Duration, op: Arc<F>, iteration_offset: u64) -> Vec<WorkerResult>
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<u64>> + Send + 'static,
{
    let deadline = Instant::now() + duration;
    let workers = (0..concurrency).map(|worker| {
        let op = op.clone();
        tokio::spawn(async move {
            let mut result = WorkerResult { latencies_us: Vec::new(), items: 0, errors: 0, first_error: None };
            // Warm-up iterations are numbered apart from measured ones so
            // that operations creating objects never repeat a name.
            let mut iteration = iteration_offset << 40;
            // At least one operation per worker, even when it outlasts the deadline.
            loop {
                let started = Instant::now();
                match op(worker, iteration).await {
                    Ok(items) => {
                        let micros = started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
                        result.latencies_us.push(micros);
                        result.items += items;
                    }
                    Err(e) => {
                        result.errors += 1;
                        result.first_error.get_or_insert_with(|| format!("{e:#}"));
                    }
                }
                iteration += 1;
                if Instant::now() >= deadline || result.errors > 100 {
                    break;
                }
            }
            result
        })
    });
    let mut results = Vec::new();
    for worker in workers.collect::<Vec<_>>() {
        results.push(worker.await.expect("load worker"));
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_operations_items_and_errors() {
        let stats = measure(4, Duration::from_millis(50), |_, i| async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            if i % 10 == 9 { anyhow::bail!("every tenth fails") } else { Ok(2) }
        })
        .await;
        assert!(stats.ops > 0 && stats.errors > 0);
        assert!(stats.p50_us > 0.0 && stats.p99_us >= stats.p50_us);
        assert!(stats.first_error.unwrap().contains("tenth"));
    }
}
