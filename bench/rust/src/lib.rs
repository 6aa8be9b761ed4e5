//! The Rust that boxbench's matrix emulates in C, to run beside it: one trait method,
//! `call(&self, seed, pending) -> u64`, whose innermost future holds N bytes across one
//! suspension, called three ways:
//!
//! - inline: a native `async fn` in the trait, called with static dispatch and awaited in place;
//! - box: the same trait through `#[async_trait]` behind `&dyn`: the call returns
//!   `Pin<Box<dyn Future + Send>>`, polled through its vtable, dropped and freed;
//! - dyn: the native future in the caller's frame, polled as `Pin<&mut dyn Future>`.
//!
//! Each C entry point runs n calls inside Rust (seeds first .. first + n - 1) and returns the sum
//! of their outputs, which the C side checks: each call answers seed + (seed mod 256) + N, as the
//! C payload does.

use std::future::Future;
use std::hint::black_box;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

/// Pending once (it wakes its waker and suspends), ready at the next poll; or ready at once.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            self.0 = false;
            cx.waker().wake_by_ref();
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}

/// The payload: its array lives in the future across the await, as the C payload's does.
async fn payload<const N: usize>(seed: u64, pending: bool) -> u64 {
    let buf = [seed as u8; N];
    black_box(&buf);
    YieldOnce(pending).await;
    seed + buf[N - 1] as u64 + N as u64
}

trait Service {
    async fn call(&self, seed: u64, pending: bool) -> u64;
}

#[async_trait::async_trait]
trait DynService {
    async fn call(&self, seed: u64, pending: bool) -> u64;
}

struct Payload<const N: usize>;

impl<const N: usize> Service for Payload<N> {
    async fn call(&self, seed: u64, pending: bool) -> u64 {
        payload::<N>(seed, pending).await
    }
}

#[async_trait::async_trait]
impl<const N: usize> DynService for Payload<N> {
    async fn call(&self, seed: u64, pending: bool) -> u64 {
        payload::<N>(seed, pending).await
    }
}

// The executor's waker: wake_by_ref records the wake, as the C harness's flag waker does.
static WAKER_VTABLE: RawWakerVTable = RawWakerVTable::new(
    |p| RawWaker::new(p, &WAKER_VTABLE),
    |p| unsafe { *(p as *mut bool) = true },
    |p| unsafe { *(p as *mut bool) = true },
    |_| {},
);

/// Poll to completion; a pending poll must have woken the waker first.
fn block_on<F: Future + ?Sized>(mut f: Pin<&mut F>) -> u64
where
    F: Future<Output = u64>,
{
    let mut woken = false;
    let raw = RawWaker::new(&mut woken as *mut bool as *const (), &WAKER_VTABLE);
    let waker = unsafe { Waker::from_raw(raw) };
    let mut cx = Context::from_waker(&waker);
    loop {
        match f.as_mut().poll(&mut cx) {
            Poll::Ready(v) => return v,
            Poll::Pending => assert!(std::mem::replace(&mut woken, false), "lost wake-up"),
        }
    }
}

fn run_inline<const N: usize>(first: u64, n: u64, pending: bool) -> u64 {
    let svc = black_box(&Payload::<N>);
    (0..n).fold(0u64, |acc, i| {
        let f = pin!(Service::call(svc, first + i, pending));
        acc.wrapping_add(block_on(f))
    })
}

fn run_box<const N: usize>(first: u64, n: u64, pending: bool) -> u64 {
    let svc: &dyn DynService = black_box(&Payload::<N>);
    (0..n).fold(0u64, |acc, i| {
        let mut f = svc.call(first + i, pending);
        acc.wrapping_add(block_on(f.as_mut()))
    })
}

fn run_dyn<const N: usize>(first: u64, n: u64, pending: bool) -> u64 {
    let svc = black_box(&Payload::<N>);
    (0..n).fold(0u64, |acc, i| {
        let f = pin!(Service::call(svc, first + i, pending));
        let f: Pin<&mut dyn Future<Output = u64>> = black_box(f);
        acc.wrapping_add(block_on(f))
    })
}

/// The run function of a mode at one of the matrix's sizes (bench/bb_cases.h's BB_SIZES).
macro_rules! sized {
    ($run:ident, $size:expr, $first:expr, $n:expr, $pending:expr) => {
        match $size {
            16 => Some($run::<16>($first, $n, $pending)),
            64 => Some($run::<64>($first, $n, $pending)),
            256 => Some($run::<256>($first, $n, $pending)),
            1024 => Some($run::<1024>($first, $n, $pending)),
            4096 => Some($run::<4096>($first, $n, $pending)),
            16384 => Some($run::<16384>($first, $n, $pending)),
            65536 => Some($run::<65536>($first, $n, $pending)),
            262144 => Some($run::<262144>($first, $n, $pending)),
            _ => None,
        }
    };
}

/// The modes, in the order of the C side's `bb_rust_mode_t`.
const MODES: [fn(u64, u64, bool, u64) -> Option<u64>; 3] = [
    |first, n, pending, size| sized!(run_inline, size, first, n, pending),
    |first, n, pending, size| sized!(run_box, size, first, n, pending),
    |first, n, pending, size| sized!(run_dyn, size, first, n, pending),
];


/// n calls of mode at size (seeds first ..), their outputs summed into *sum; false for a mode or
/// size not built.
#[no_mangle]
pub extern "C" fn bb_rust_run(mode: u32, size: u64, first: u64, n: u64, pending: bool,
                              sum: *mut u64) -> bool {
    match MODES.get(mode as usize).and_then(|run| run(first, n, pending, size)) {
        Some(v) => {
            unsafe { *sum = v };
            true
        }
        None => false,
    }
}
