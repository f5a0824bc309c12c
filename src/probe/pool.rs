//! A bounded pool of std threads that maps a list and keeps its order.
//!
//! For: running blocking probes side by side without an async runtime, never
//! more than `max` at once, with results in input order. Not for: anything that
//! needs cancellation or streaming results: probes are bounded by their own
//! timeout, so waiting for all of them is fine.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;

/// Applies `f` to every item on at most `max` threads; `out[i] = f(items[i])`.
pub(crate) fn map_bounded<T, R, F>(items: Vec<T>, max: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let count = items.len();
    let workers = max.clamp(1, count.max(1));
    // Each slot is taken once by the worker that claims its index.
    let inputs: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let outputs: Vec<Mutex<Option<R>>> = (0..count).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = inputs.get(i) else { break };
                let item = slot.lock().expect("input slot").take().expect("claimed once");
                let result = f(item);
                *outputs[i].lock().expect("output slot") = Some(result);
            });
        }
    });
    outputs
        .into_iter()
        .map(|slot| slot.into_inner().expect("output slot").expect("every index was processed"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn keeps_order_and_runs_in_parallel() {
        let start = Instant::now();
        let out = map_bounded((0..8).collect(), 8, |i: u64| {
            thread::sleep(Duration::from_millis(100 - i * 10));
            i * 2
        });
        assert_eq!(out, vec![0, 2, 4, 6, 8, 10, 12, 14]);
        assert!(start.elapsed() < Duration::from_millis(400));
    }

    #[test]
    fn empty_and_zero_max() {
        assert!(map_bounded(Vec::<u8>::new(), 0, |x| x).is_empty());
        assert_eq!(map_bounded(vec![1, 2], 0, |x| x + 1), vec![2, 3]);
    }
}
