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

// at_size!(size, f, args...): Some(f::<SIZE>(args...)) at each of the matrix's sizes, None at any
// other. CMake writes it from bench/bb_cases.h's BB_SIZES, so the sizes are typed once.
include!(env!("BB_SIZES_RS"));

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


/// The modes, in the order of the C side's `bb_rust_mode_t`.
const MODES: [fn(u64, u64, bool, u64) -> Option<u64>; 3] = [
    |first, n, pending, size| at_size!(size, run_inline, first, n, pending),
    |first, n, pending, size| at_size!(size, run_box, first, n, pending),
    |first, n, pending, size| at_size!(size, run_dyn, first, n, pending),
];


fn bytes_inline<const N: usize>() -> u64 {
    std::mem::size_of_val(&Service::call(&Payload::<N>, 0, false)) as u64
}

fn bytes_box<const N: usize>() -> u64 {
    let f = DynService::call(&Payload::<N>, 0, false);
    std::mem::size_of_val(&*f) as u64
}

/// The bytes of the future one call of mode at size builds (as rustc laid it out): the future
/// inline embeds and dyn pins, the allocation #[async_trait] boxes; 0 for a mode or size not
/// built.
#[no_mangle]
pub extern "C" fn bb_rust_future_bytes(mode: u32, size: u64) -> u64 {
    let bytes = match mode {
        0 | 2 => at_size!(size, bytes_inline),
        1 => at_size!(size, bytes_box),
        _ => None,
    };
    bytes.unwrap_or(0)
}

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
