// When does rustc move a child future into its parent? Four chains of 8 native async fns whose
// leaf holds 16 KiB across an await, each level awaiting the next in one way, timed per top-level
// call, beside one 16 KiB write. See docs/mitigations.md.
//
//   rustc --edition 2021 -O moves.rs && taskset -c 1 ./moves
use std::future::Future;
use std::hint::black_box;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use std::time::Instant;

// Pending once (waking its waker), then ready: the leaf really suspends.
struct YieldOnce(bool);
impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn leaf(seed: u64) -> u64 {
    let buf = [seed as u8; 16384];
    black_box(&buf);
    YieldOnce(false).await;
    seed + buf[16383] as u64
}

async fn wrap<F: Future<Output = u64>>(f: F) -> u64 {
    f.await
}

// direct: child(seed).await; local: bound to a local, then awaited; address: the local's address
// taken before the await (as size_of_val(&f) or a debug print would); argument: the child passed
// to another async fn, which awaits it.
macro_rules! level {
    (direct, $name:ident, $child:ident) => {
        async fn $name(seed: u64) -> u64 { $child(seed).await + 1 }
    };
    (local, $name:ident, $child:ident) => {
        async fn $name(seed: u64) -> u64 { let f = $child(seed); f.await + 1 }
    };
    (address, $name:ident, $child:ident) => {
        async fn $name(seed: u64) -> u64 { let f = $child(seed); black_box(&f); f.await + 1 }
    };
    (argument, $name:ident, $child:ident) => {
        async fn $name(seed: u64) -> u64 { wrap($child(seed)).await + 1 }
    };
}
macro_rules! chain {
    ($kind:ident, $l2:ident, $l3:ident, $l4:ident, $l5:ident, $l6:ident, $l7:ident, $l8:ident) => {
        level!($kind, $l2, leaf); level!($kind, $l3, $l2); level!($kind, $l4, $l3);
        level!($kind, $l5, $l4); level!($kind, $l6, $l5); level!($kind, $l7, $l6);
        level!($kind, $l8, $l7);
    };
}
chain!(direct, d2, d3, d4, d5, d6, d7, d8);
chain!(local, l2, l3, l4, l5, l6, l7, l8);
chain!(address, a2, a3, a4, a5, a6, a7, a8);
chain!(argument, g2, g3, g4, g5, g6, g7, g8);

fn noop_waker() -> Waker {
    fn clone(_: *const ()) -> RawWaker {
        RawWaker::new(std::ptr::null(), &VT)
    }
    fn noop(_: *const ()) {}
    static VT: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &VT)) }
}

fn block_on<F: Future<Output = u64>>(f: F, cx: &mut Context<'_>) -> u64 {
    let mut f = pin!(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(cx) {
            return v;
        }
    }
}

fn time<F: Future<Output = u64>>(what: &str, make: fn(u64) -> F, n: u64, cx: &mut Context<'_>) {
    let bytes = std::mem::size_of_val(&make(0));
    let t = Instant::now();
    let mut acc = 0;
    for i in 0..n {
        acc += block_on(make(black_box(i)), cx);
    }
    let ns = t.elapsed().as_nanos() as f64 / n as f64;
    println!("{:<9} {:>9.1} ns per call, future {:>8} B (check {})", what, ns, bytes, acc % 7);
}

fn main() {
    let w = noop_waker();
    let mut cx = Context::from_waker(&w);
    for _ in 0..3 {
        time("direct", d8, 200_000, &mut cx);
        time("local", l8, 200_000, &mut cx);
        time("address", a8, 20_000, &mut cx);
        time("argument", g8, 20_000, &mut cx);
        let t = Instant::now();
        let mut acc = 0u64;
        for i in 0..200_000u64 {
            let b = [i as u8; 16384];
            black_box(&b);
            acc += b[100] as u64;
        }
        println!("write     {:>9.1} ns per 16 KiB (check {})", t.elapsed().as_nanos() as f64 / 200_000.0, acc % 7);
    }
}
