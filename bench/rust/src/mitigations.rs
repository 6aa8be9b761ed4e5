//! The ways around the box that Debian packages a crate for, as the matrix's reuse and arena
//! modes emulate them: tokio-util's `ReusableBoxFuture` (one box per call site, each next future
//! moved into it while its layout is the same) and bumpalo (each future moved into the request's
//! arena, the arena reset after each top-level call). stackfuture (inline-buf-N) is not packaged.
//! Each layer knows the next service only as a trait object, as box's do, and the payload's future
//! is made by the call box's is (`payload_apart`, not inlined), so that it is moved into its place
//! as box's is moved into its box: the mitigations and box are the same shape of code.

use std::cell::UnsafeCell;
use std::future::{poll_fn, ready, Future};
use std::hint::black_box;
use std::pin::{pin, Pin};

use bumpalo::Bump;
use tokio_util::sync::ReusableBoxFuture;

use crate::{block_on, payload, payload_apart, with_executor, Payload};

/// reuse's trait: a call places its future in the caller's call site.
pub trait ReuseService: Sync {
    fn call_into<'a>(&'a self, site: &mut ReusableBoxFuture<'a, u64>, seed: u64, pending: bool);
    /// The bytes of the future one call places.
    fn future_bytes(&self) -> u64;
}

impl<const N: usize> ReuseService for Payload<N> {
    fn call_into<'a>(&'a self, site: &mut ReusableBoxFuture<'a, u64>, seed: u64, pending: bool) {
        site.set(payload_apart::<N>(seed, pending));
    }
    fn future_bytes(&self) -> u64 {
        std::mem::size_of_val(&payload::<N>(0, false)) as u64
    }
}

/// reuse's layer: the next service, and the call site of its calls, kept from call to call.
pub struct ReuseLevel<'s> {
    inner: &'s dyn ReuseService,
    site: UnsafeCell<ReusableBoxFuture<'s, u64>>,
}

// One thread runs the chain, and a layer's site serves only the one call of it in flight.
unsafe impl Sync for ReuseLevel<'_> {}

impl<'s> ReuseLevel<'s> {
    fn new(inner: &'s dyn ReuseService) -> Self {
        ReuseLevel { inner, site: UnsafeCell::new(ReusableBoxFuture::new(ready(0))) }
    }

    fn future<'a>(&'a self, seed: u64, pending: bool)
        -> impl Future<Output = u64> + Send + use<'a, 's> {
        async move {
            let child = unsafe { &mut *self.site.get() };
            self.inner.call_into(child, seed, pending);
            poll_fn(|cx| child.poll(cx)).await + 1
        }
    }
}

impl ReuseService for ReuseLevel<'_> {
    fn call_into<'a>(&'a self, site: &mut ReusableBoxFuture<'a, u64>, seed: u64, pending: bool) {
        site.set(self.future(seed, pending));
    }
    fn future_bytes(&self) -> u64 {
        std::mem::size_of_val(&self.future(0, false)) as u64 + self.inner.future_bytes()
    }
}

/// arena's future: in the request's arena, polled through its vtable, dropped there.
pub type ArenaFuture<'a> = Pin<bumpalo::boxed::Box<'a, dyn Future<Output = u64> + 'a>>;

/// The future moved into the arena, as a trait object (bumpalo's Box has no unsizing coercion on
/// stable Rust, so it is unsized by hand).
fn in_arena<'a, F: Future<Output = u64> + 'a>(bump: &'a Bump, f: F) -> ArenaFuture<'a> {
    let raw = bumpalo::boxed::Box::into_raw(bumpalo::boxed::Box::new_in(f, bump));
    unsafe { Pin::new_unchecked(bumpalo::boxed::Box::from_raw(raw as *mut (dyn Future<Output = u64> + 'a))) }
}

/// arena's trait: a call places its future in the arena it is given.
pub trait ArenaService {
    fn call_in<'a>(&'a self, bump: &'a Bump, seed: u64, pending: bool) -> ArenaFuture<'a>;
    fn future_bytes(&self) -> u64;
}

impl<const N: usize> ArenaService for Payload<N> {
    fn call_in<'a>(&'a self, bump: &'a Bump, seed: u64, pending: bool) -> ArenaFuture<'a> {
        in_arena(bump, payload_apart::<N>(seed, pending))
    }
    fn future_bytes(&self) -> u64 {
        std::mem::size_of_val(&payload::<N>(0, false)) as u64
    }
}

/// arena's layer: the next service as a trait object.
pub struct ArenaLevel<'s>(&'s dyn ArenaService);

impl ArenaLevel<'_> {
    fn future<'a>(&'a self, bump: &'a Bump, seed: u64, pending: bool)
        -> impl Future<Output = u64> + 'a {
        async move { self.0.call_in(bump, seed, pending).await + 1 }
    }
}

impl ArenaService for ArenaLevel<'_> {
    fn call_in<'a>(&'a self, bump: &'a Bump, seed: u64, pending: bool) -> ArenaFuture<'a> {
        in_arena(bump, self.future(bump, seed, pending))
    }
    fn future_bytes(&self) -> u64 {
        std::mem::size_of_val(&self.future(&Bump::new(), 0, false)) as u64 + self.0.future_bytes()
    }
}

// The chain of depth - 1 layers over inner, on the stack, given to f.
macro_rules! with_chain {
    ($name:ident, $service:ident, $level:expr) => {
        fn $name(depth: u64, inner: &dyn $service, f: &mut dyn FnMut(&dyn $service) -> u64) -> u64 {
            if depth <= 1 {
                f(black_box(inner))
            } else {
                $name(depth - 1, &$level(inner), f)
            }
        }
    };
}
with_chain!(with_reuse_chain, ReuseService, ReuseLevel::new);
with_chain!(with_arena_chain, ArenaService, ArenaLevel);

/// n calls through a chain of reusing layers, the top-level call site the caller's own.
pub fn run_reuse<const N: usize>(depth: u64, first: u64, n: u64, pending: bool) -> u64 {
    with_reuse_chain(depth, &Payload::<N>, &mut |svc| {
        let mut site = ReusableBoxFuture::new(ready(0));
        with_executor(|cx, woken| {
            (0..n).fold(0u64, |acc, i| {
                svc.call_into(&mut site, first + i, pending);
                let f = pin!(poll_fn(|cx| site.poll(cx)));
                acc.wrapping_add(block_on(f, cx, woken))
            })
        })
    })
}

/// n calls through a chain of arena layers, the arena reset after each.
pub fn run_arena<const N: usize>(depth: u64, first: u64, n: u64, pending: bool) -> u64 {
    with_arena_chain(depth, &Payload::<N>, &mut |svc| {
        let mut bump = Bump::new();
        with_executor(|cx, woken| {
            (0..n).fold(0u64, |acc, i| {
                let v = {
                    let mut f = svc.call_in(&bump, first + i, pending);
                    block_on(f.as_mut(), cx, woken)
                };
                bump.reset();
                acc.wrapping_add(v)
            })
        })
    })
}

pub fn bytes_reuse<const N: usize>(depth: u64) -> u64 {
    with_reuse_chain(depth, &Payload::<N>, &mut |svc| svc.future_bytes())
}

pub fn bytes_arena<const N: usize>(depth: u64) -> u64 {
    with_arena_chain(depth, &Payload::<N>, &mut |svc| svc.future_bytes())
}
