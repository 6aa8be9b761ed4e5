//! The Rust that boxbench's matrix emulates in C, to run beside it: one trait method,
//! `call(&self, seed, pending) -> u64`, whose innermost future holds N bytes across one
//! suspension, reached through a chain of depth d (d - 1 layers, each awaiting the next and adding
//! one to its answer, then the payload), called these ways:
//!
//! - inline: a native `async fn` in the trait, static dispatch: each layer's type names its
//!   child's, whose future it embeds and polls directly;
//! - box and box-inplace: the same trait through `#[async_trait]`, each layer knowing the next
//!   only as `&dyn` (a tower-style middleware): every call returns `Pin<Box<dyn Future + Send>>`,
//!   polled through its vtable, dropped and freed, one box per level; in box the payload's async
//!   fn is made by a call rustc does not inline (another crate's, without LTO), so its future is
//!   moved into the box's state, in box-inplace it is inlined and built there;
//! - dyn: each layer knowing the next only as a trait object whose call builds its future in
//!   storage the caller provides and returns it as `Pin<&mut dyn Future>`, polled and dropped in
//!   place through its vtable (into.rs: dynify's and dyn-utils' mechanism);
//! - reuse and arena: tokio-util's `ReusableBoxFuture` and bumpalo (mitigations.rs);
//! - native-moved: inline's chain, each child's future made by a call not inlined and moved into
//!   its parent at the await;
//! - inline-buf-N: stackfuture's `from_or_box` with a buffer of N bytes (stack.rs).
//!
//! Each C entry point runs n calls inside Rust (seeds first .. first + n - 1) and returns the sum
//! of their outputs, which the C side checks: each call answers seed + (seed mod 256) + N + d - 1,
//! as the C chain does.

// The layout of a depth-64 chain is a query 129 deep (two per level); rustc stops at 128.
#![recursion_limit = "512"]

use std::future::Future;
use std::hint::black_box;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

// at_size!(size, f, args...): Some(f::<SIZE>(args...)) at each of the matrix's sizes, None at any
// other; at_chain!(size, depth, L, f, args...): Some(f::<CHAIN>(args...)) with CHAIN the layer L
// nested depth - 1 times around Payload<SIZE>, at each of the matrix's sizes and depths. build.rs
// writes them from bench/matrix/bb_cases.h's BB_SIZES and BB_DEPTHS, so the coordinates are typed once.
include!(concat!(env!("OUT_DIR"), "/matrix.rs"));

mod into;
mod mitigations;
mod stack;
use into::{bytes_into, run_into};
use stack::*;
use mitigations::{bytes_arena, bytes_reuse, run_arena, run_reuse};

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

/// The payload's future made by a call that is not inlined, as an async fn of another crate is
/// without LTO (or any async fn too large for rustc to inline): the call writes the future into
/// its return slot, and the future awaiting it moves it from there into its own state, a copy of
/// its size. Inlined (`payload` itself), the future is written straight into that state.
#[inline(never)]
pub(crate) fn payload_apart<const N: usize>(seed: u64, pending: bool) -> impl Future<Output = u64> + Send {
    payload::<N>(seed, pending)
}

trait Service {
    async fn call(&self, seed: u64, pending: bool) -> u64;
}

#[async_trait::async_trait]
trait DynService: Sync {
    async fn call(&self, seed: u64, pending: bool) -> u64;
}

#[derive(Default)]
struct Payload<const N: usize>;

impl<const N: usize> Service for Payload<N> {
    async fn call(&self, seed: u64, pending: bool) -> u64 {
        payload::<N>(seed, pending).await
    }
}

/// `#[async_trait]` awaiting the payload's async fn inlined into it: rustc writes the future in
/// the box's allocation and moves nothing into it (box-inplace's shape).
#[async_trait::async_trait]
impl<const N: usize> DynService for Payload<N> {
    async fn call(&self, seed: u64, pending: bool) -> u64 {
        payload::<N>(seed, pending).await
    }
}

/// `#[async_trait]` awaiting the payload's async fn made apart (payload_apart): rustc moves the
/// future into the box's state, a copy of its size per call (box's shape).
#[derive(Default)]
struct PayloadApart<const N: usize>;

#[async_trait::async_trait]
impl<const N: usize> DynService for PayloadApart<N> {
    async fn call(&self, seed: u64, pending: bool) -> u64 {
        payload_apart::<N>(seed, pending).await
    }
}

/// inline's layer: its child's type is part of its own, so the child's future is embedded in its
/// future and polled by a direct call.
#[derive(Default)]
struct Level<S>(S);

impl<S: Service> Service for Level<S> {
    async fn call(&self, seed: u64, pending: bool) -> u64 {
        self.0.call(seed, pending).await + 1
    }
}

/// native-moved's layer: as inline's, but its child's future is made by a call rustc does not
/// inline (apart), so it is moved into this future's state at the await, a copy of its whole size
/// (its own children included) per level.
#[derive(Default)]
struct MovedLevel<S>(S);

#[inline(never)]
fn apart<S: Service>(s: &S, seed: u64, pending: bool) -> impl Future<Output = u64> + '_ {
    s.call(seed, pending)
}

impl<S: Service> Service for MovedLevel<S> {
    async fn call(&self, seed: u64, pending: bool) -> u64 {
        apart(&self.0, seed, pending).await + 1
    }
}

/// box's layer: it knows the next service only as a trait object.
struct BoxLevel<'a>(&'a dyn DynService);

#[async_trait::async_trait]
impl DynService for BoxLevel<'_> {
    async fn call(&self, seed: u64, pending: bool) -> u64 {
        self.0.call(seed, pending).await + 1
    }
}

// The executor's waker: wake_by_ref records the wake, as the C harness's flag waker does.
static WAKER_VTABLE: RawWakerVTable = RawWakerVTable::new(
    |p| RawWaker::new(p, &WAKER_VTABLE),
    |p| unsafe { *(p as *mut bool) = true },
    |p| unsafe { *(p as *mut bool) = true },
    |_| {},
);

/// The pointer, its value hidden from the optimiser (a register barrier, nothing else): the
/// waker's vtable is opaque to the futures, as a runtime's is, and as the C harness's laundered
/// one is; rustc would otherwise see it and inline wake_by_ref into them.
fn launder<T>(p: &'static T) -> &'static T {
    let mut p = p as *const T;
    unsafe {
        std::arch::asm!("/* {0} */", inout(reg) p, options(pure, nomem, nostack, preserves_flags));
        &*p
    }
}

/// The executor of a run: one waker for all its calls (as a runtime's task keeps its waker), its
/// vtable opaque to the futures; run gets the context to poll with and the flag wake_by_ref sets.
fn with_executor(run: impl FnOnce(&mut Context<'_>, *mut bool) -> u64) -> u64 {
    let mut woken = false;
    let flag = &mut woken as *mut bool;
    let waker = unsafe { Waker::from_raw(RawWaker::new(flag as *const (), launder(&WAKER_VTABLE))) };
    run(&mut Context::from_waker(&waker), flag)
}

/// Poll to completion; a pending poll must have woken the waker first.
fn block_on<F>(mut f: Pin<&mut F>, cx: &mut Context<'_>, woken: *mut bool) -> u64
where
    F: Future<Output = u64> + ?Sized,
{
    loop {
        match f.as_mut().poll(cx) {
            Poll::Ready(v) => return v,
            Poll::Pending => {
                assert!(unsafe { std::mem::replace(&mut *woken, false) }, "lost wake-up")
            }
        }
    }
}

fn run_inline<S: Service + Default>(first: u64, n: u64, pending: bool) -> u64 {
    let chain = S::default();
    let svc = black_box(&chain);
    with_executor(|cx, woken| {
        (0..n).fold(0u64, |acc, i| {
            let f = pin!(svc.call(first + i, pending));
            acc.wrapping_add(block_on(f, cx, woken))
        })
    })
}

/// The chain of depth - 1 box layers over inner, on the stack (nothing allocated but the
/// futures), given to f.
fn with_box_chain(depth: u64, inner: &dyn DynService, f: &mut dyn FnMut(&dyn DynService) -> u64)
    -> u64 {
    if depth <= 1 {
        f(black_box(inner))
    } else {
        with_box_chain(depth - 1, &BoxLevel(inner), f)
    }
}

/// n calls of a chain of `#[async_trait]` boxes of depth over the payload service inner.
fn run_boxed(inner: &dyn DynService, depth: u64, first: u64, n: u64, pending: bool) -> u64 {
    with_box_chain(depth, inner, &mut |svc| {
        with_executor(|cx, woken| {
            (0..n).fold(0u64, |acc, i| {
                let mut f = svc.call(first + i, pending);
                acc.wrapping_add(block_on(f.as_mut(), cx, woken))
            })
        })
    })
}

fn run_box<const N: usize>(depth: u64, first: u64, n: u64, pending: bool) -> u64 {
    run_boxed(&PayloadApart::<N>, depth, first, n, pending)
}

fn run_box_inplace<const N: usize>(depth: u64, first: u64, n: u64, pending: bool) -> u64 {
    run_boxed(&Payload::<N>, depth, first, n, pending)
}

fn built<S>() {}

/// The crate's modes, in bench/rust/bb_rust.h's order (BB_RUST_MODES): the number is what crosses the
/// boundary, and MODE_NAMES names each by the C mode it stands beside, which the C side checks
/// row by row (bb_rust_mode_name), so a mode cannot be paired with the wrong C mode unseen.
#[repr(u32)]
#[derive(Clone, Copy)]
enum Mode {
    Inline,
    Box,
    Dyn,
    Reuse,
    Arena,
    BoxInplace,
    NativeMoved,
    InlineBuf64,
    InlineBuf256,
    InlineBuf1024,
    InlineBuf4096,
}

const MODES: [Mode; 11] = [Mode::Inline, Mode::Box, Mode::Dyn, Mode::Reuse, Mode::Arena,
                           Mode::BoxInplace, Mode::NativeMoved, Mode::InlineBuf64,
                           Mode::InlineBuf256, Mode::InlineBuf1024, Mode::InlineBuf4096];
const MODE_NAMES: [&std::ffi::CStr; 11] = [c"inline", c"box", c"dyn", c"reuse", c"arena",
                                           c"box-inplace", c"native-moved", c"inline-buf-64",
                                           c"inline-buf-256", c"inline-buf-1024",
                                           c"inline-buf-4096"];
const _: () = {
    let mut i = 0;
    while i < MODES.len() {
        assert!(MODES[i] as usize == i, "MODES out of the enum's order");
        i += 1;
    }
};

impl Mode {
    fn of(mode: u32) -> Option<Mode> {
        MODES.get(mode as usize).copied()
    }
}

/// The C mode crate mode `mode` stands beside, by its name (bench/matrix/bb_cases.h's BB_MODES), or
/// null past the last mode.
#[no_mangle]
pub extern "C" fn bb_rust_mode_name(mode: u32) -> *const std::ffi::c_char {
    MODE_NAMES.get(mode as usize).map_or(std::ptr::null(), |n| n.as_ptr())
}

/// n calls of mode at size and depth, seeds first .., their sum; None for a mode, size or depth
/// not built.
fn run(mode: u32, size: u64, depth: u64, first: u64, n: u64, pending: bool) -> Option<u64> {
    at_chain!(size, depth, Level, built)?;
    match Mode::of(mode)? {
        Mode::Inline => at_chain!(size, depth, Level, run_inline, first, n, pending),
        Mode::Box => at_size!(size, run_box, depth, first, n, pending),
        Mode::Dyn => at_size!(size, run_into, depth, first, n, pending),
        Mode::Reuse => at_size!(size, run_reuse, depth, first, n, pending),
        Mode::Arena => at_size!(size, run_arena, depth, first, n, pending),
        Mode::BoxInplace => at_size!(size, run_box_inplace, depth, first, n, pending),
        Mode::NativeMoved => at_chain!(size, depth, MovedLevel, run_inline, first, n, pending),
        Mode::InlineBuf64 => at_size!(size, run_buf64, depth, first, n, pending),
        Mode::InlineBuf256 => at_size!(size, run_buf256, depth, first, n, pending),
        Mode::InlineBuf1024 => at_size!(size, run_buf1024, depth, first, n, pending),
        Mode::InlineBuf4096 => at_size!(size, run_buf4096, depth, first, n, pending),
    }
}

fn bytes_of<S: Service + Default>() -> u64 {
    std::mem::size_of_val(&S::default().call(0, false)) as u64
}

fn boxed_bytes(svc: &dyn DynService) -> u64 {
    std::mem::size_of_val(&*svc.call(0, false)) as u64
}

fn bytes_boxed(inner: &dyn DynService, depth: u64) -> u64 {
    (depth - 1) * boxed_bytes(&BoxLevel(inner)) + boxed_bytes(inner)
}

fn bytes_box<const N: usize>(depth: u64) -> u64 {
    bytes_boxed(&PayloadApart::<N>, depth)
}

fn bytes_box_inplace<const N: usize>(depth: u64) -> u64 {
    bytes_boxed(&Payload::<N>, depth)
}

/// The bytes of future state one call of mode at size and depth builds, as rustc laid it out: the
/// top-level future inline and dyn embed everything in, the futures box, reuse and arena place,
/// summed over the levels; 0 for a mode, size or depth not built.
#[no_mangle]
pub extern "C" fn bb_rust_future_bytes(mode: u32, size: u64, depth: u64) -> u64 {
    let bytes = at_chain!(size, depth, Level, built).and(Mode::of(mode)).and_then(|m| match m {
        Mode::Inline => at_chain!(size, depth, Level, bytes_of),
        Mode::Box => at_size!(size, bytes_box, depth),
        Mode::Dyn => at_size!(size, bytes_into, depth),
        Mode::Reuse => at_size!(size, bytes_reuse, depth),
        Mode::Arena => at_size!(size, bytes_arena, depth),
        Mode::BoxInplace => at_size!(size, bytes_box_inplace, depth),
        Mode::NativeMoved => at_chain!(size, depth, MovedLevel, bytes_of),
        Mode::InlineBuf64 => at_size!(size, bytes_buf64, depth),
        Mode::InlineBuf256 => at_size!(size, bytes_buf256, depth),
        Mode::InlineBuf1024 => at_size!(size, bytes_buf1024, depth),
        Mode::InlineBuf4096 => at_size!(size, bytes_buf4096, depth),
    });
    bytes.unwrap_or(0)
}

/// The allocations one call of mode at size and depth makes once warm: a box per level for
/// `#[async_trait]`, one per level whose future does not fit for a StackFuture, none otherwise
/// (ReusableBoxFuture and bumpalo allocate in a run's first calls only); 0 where not built.
#[no_mangle]
pub extern "C" fn bb_rust_allocs_per_call(mode: u32, size: u64, depth: u64) -> u64 {
    let allocs = at_chain!(size, depth, Level, built).and(Mode::of(mode)).and_then(|m| match m {
        Mode::Box | Mode::BoxInplace => Some(depth),
        Mode::InlineBuf64 => at_size!(size, allocs_buf64, depth),
        Mode::InlineBuf256 => at_size!(size, allocs_buf256, depth),
        Mode::InlineBuf1024 => at_size!(size, allocs_buf1024, depth),
        Mode::InlineBuf4096 => at_size!(size, allocs_buf4096, depth),
        _ => Some(0),
    });
    allocs.unwrap_or(0)
}

/// n calls of mode at size and depth (seeds first ..), their outputs summed into *sum; false for
/// a mode, size or depth not built.
#[no_mangle]
pub extern "C" fn bb_rust_run(mode: u32, size: u64, depth: u64, first: u64, n: u64,
                              pending: bool, sum: *mut u64) -> bool {
    match run(mode, size, depth, first, n, pending) {
        Some(v) => {
            unsafe { *sum = v };
            true
        }
        None => false,
    }
}

/// n top-level calls of the tree of form (0 inline, 1 boxed) and fan-out, the i-th (from first) on
/// copy i mod COPIES with argument i, as the C port's loop; their values summed into *sum. False
/// for a form or fan-out not built.
#[no_mangle]
pub extern "C" fn bb_rust_tree_run(form: u32, fanout: u64, first: u64, n: u64, sum: *mut u64)
    -> bool {
    // The deep tree (claim C2) in Rust: a crate per fan-out (bbtreeN, trees/), which
    // bench/tree/gen_tree.py writes at build time, its copies' constants the C copies', so each
    // computes what its C copy does.
    let Some(copies) = tree_copies!(fanout, form) else { return false };
    // The table laundered, as the C loop's: every call stays indirect, in either form.
    let copies = black_box(copies);
    let v = with_executor(|cx, woken| {
        (first..first + n).fold(0u64, |acc, i| {
            acc.wrapping_add(copies[(i % copies.len() as u64) as usize](cx, woken, i))
        })
    });
    unsafe { *sum = v };
    true
}
