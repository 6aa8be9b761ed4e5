//! inline-buf-N: stackfuture's `StackFuture::from_or_box` (microsoft/stackfuture, not packaged in
//! Debian), written here from its mechanism: a trait method returns its future by value in a
//! buffer of N bytes the caller holds, beside the future's poll and drop functions; a future that
//! does not fit (or asks more alignment than the buffer has) is boxed instead, the buffer holding
//! the box. Each layer knows the next service only as a trait object, and the payload's future is
//! made apart (`payload_apart`) and moved into its place, as the C inline-buf modes do.

use std::future::Future;
use std::marker::PhantomData;
use std::mem::{align_of, size_of, MaybeUninit};
use std::pin::{pin, Pin};
use std::task::{Context, Poll};

use crate::{block_on, payload_apart, with_executor, Payload};

const ALIGN: usize = 16;

#[repr(C, align(16))]
struct Buf<const CAP: usize>([MaybeUninit<u8>; CAP]);

/// A future of any type that fits, held in CAP bytes, with its type's poll and drop.
pub struct StackFut<'a, const CAP: usize> {
    data: Buf<CAP>,
    poll: unsafe fn(*mut u8, &mut Context<'_>) -> Poll<u64>,
    drop: unsafe fn(*mut u8),
    _borrows: PhantomData<&'a ()>,
}

unsafe fn poll_at<F: Future<Output = u64>>(at: *mut u8, cx: &mut Context<'_>) -> Poll<u64> {
    Pin::new_unchecked(&mut *(at as *mut F)).poll(cx)
}

unsafe fn drop_at<F>(at: *mut u8) {
    std::ptr::drop_in_place(at as *mut F)
}

fn fits<F>(cap: usize) -> bool {
    size_of::<F>() <= cap && align_of::<F>() <= ALIGN
}

impl<'a, const CAP: usize> StackFut<'a, CAP> {
    /// The future moved into the buffer where it fits, else into a box the buffer holds.
    pub fn from_or_box<F: Future<Output = u64> + 'a>(f: F) -> Self {
        if fits::<F>(CAP) {
            Self::holding(f)
        } else {
            Self::holding(Box::pin(f))
        }
    }

    fn holding<F: Future<Output = u64> + 'a>(f: F) -> Self {
        assert!(fits::<F>(CAP));
        let mut s = StackFut { data: Buf([MaybeUninit::uninit(); CAP]), poll: poll_at::<F>,
                               drop: drop_at::<F>, _borrows: PhantomData };
        unsafe { (s.data.0.as_mut_ptr() as *mut F).write(f) };
        s
    }
}

impl<const CAP: usize> Future for StackFut<'_, CAP> {
    type Output = u64;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        unsafe {
            let s = self.get_unchecked_mut();
            (s.poll)(s.data.0.as_mut_ptr() as *mut u8, cx)
        }
    }
}

impl<const CAP: usize> Drop for StackFut<'_, CAP> {
    fn drop(&mut self) {
        unsafe { (self.drop)(self.data.0.as_mut_ptr() as *mut u8) }
    }
}

/// inline-buf's trait: a call returns its future in a StackFuture of CAP bytes.
pub trait BufService<const CAP: usize> {
    fn call_buf<'a>(&'a self, seed: u64, pending: bool) -> StackFut<'a, CAP>;
    /// Whether the future one call makes (before it is placed) is boxed.
    fn boxed(&self) -> bool;
}

impl<const N: usize, const CAP: usize> BufService<CAP> for Payload<N> {
    fn call_buf<'a>(&'a self, seed: u64, pending: bool) -> StackFut<'a, CAP> {
        StackFut::from_or_box(payload_apart::<N>(seed, pending))
    }
    fn boxed(&self) -> bool {
        !fits_of(|| payload_apart::<N>(0, false), CAP)
    }
}

fn fits_of<F, C: FnOnce() -> F>(_: C, cap: usize) -> bool {
    fits::<F>(cap)
}

/// inline-buf's layer: the next service as a trait object.
pub struct BufLevel<'s, const CAP: usize>(&'s dyn BufService<CAP>);

impl<'s, const CAP: usize> BufLevel<'s, CAP> {
    fn future<'a>(&'a self, seed: u64, pending: bool) -> impl Future<Output = u64> + 'a {
        async move { self.0.call_buf(seed, pending).await + 1 }
    }
}

impl<const CAP: usize> BufService<CAP> for BufLevel<'_, CAP> {
    fn call_buf<'a>(&'a self, seed: u64, pending: bool) -> StackFut<'a, CAP> {
        StackFut::from_or_box(self.future(seed, pending))
    }
    fn boxed(&self) -> bool {
        !fits_of(|| self.future(0, false), CAP)
    }
}

fn with_chain<const CAP: usize>(depth: u64, inner: &dyn BufService<CAP>,
                                f: &mut dyn FnMut(&dyn BufService<CAP>) -> u64) -> u64 {
    if depth <= 1 {
        f(std::hint::black_box(inner))
    } else {
        with_chain(depth - 1, &BufLevel(inner), f)
    }
}

/// n calls through a chain of depth over the payload of N bytes, each level's future in a
/// StackFuture of CAP bytes.
pub fn run_buf<const N: usize, const CAP: usize>(depth: u64, first: u64, n: u64, pending: bool)
    -> u64 {
    with_chain::<CAP>(depth, &Payload::<N>, &mut |svc| {
        with_executor(|cx, woken| {
            (0..n).fold(0u64, |acc, i| {
                let f = pin!(svc.call_buf(first + i, pending));
                acc.wrapping_add(block_on(f, cx, woken))
            })
        })
    })
}

/// The boxes one call makes: one per level whose future does not fit the buffer.
pub fn allocs_buf<const N: usize, const CAP: usize>(depth: u64) -> u64 {
    let payload = Payload::<N>;
    let level = BufLevel::<CAP>(&payload);
    (depth - 1) * level.boxed() as u64 + BufService::<CAP>::boxed(&payload) as u64
}

/// The bytes of future state one call builds: every level's future, wherever it is placed (a
/// layer's holds its child's StackFuture).
pub fn bytes_buf<const N: usize, const CAP: usize>(depth: u64) -> u64 {
    let payload = Payload::<N>;
    let level = BufLevel::<CAP>(&payload);
    (depth - 1) * size_of_of(|| level.future(0, false))
        + size_of_of(|| payload_apart::<N>(0, false))
}

fn size_of_of<F, C: FnOnce() -> F>(_: C) -> u64 {
    size_of::<F>() as u64
}

/// A StackFuture capacity's functions, each generic over the payload's size only (the form
/// at_size! calls).
macro_rules! capacity {
    ($cap:literal, $run:ident, $allocs:ident, $bytes:ident) => {
        pub fn $run<const N: usize>(depth: u64, first: u64, n: u64, pending: bool) -> u64 {
            run_buf::<N, $cap>(depth, first, n, pending)
        }
        pub fn $allocs<const N: usize>(depth: u64) -> u64 {
            allocs_buf::<N, $cap>(depth)
        }
        pub fn $bytes<const N: usize>(depth: u64) -> u64 {
            bytes_buf::<N, $cap>(depth)
        }
    };
}
capacity!(64, run_buf64, allocs_buf64, bytes_buf64);
capacity!(256, run_buf256, allocs_buf256, bytes_buf256);
capacity!(1024, run_buf1024, allocs_buf1024, bytes_buf1024);
capacity!(4096, run_buf4096, allocs_buf4096, bytes_buf4096);
