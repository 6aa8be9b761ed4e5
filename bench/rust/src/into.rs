//! dyn: a trait object without a box, the mechanism of dynify and dyn-utils. The call goes through
//! the trait object's vtable and builds the future in storage the caller provides (a slot of
//! uninitialised bytes), returning it pinned there as `Pin<&mut dyn Future>`: the caller polls it
//! through the future's vtable and drops it in place through the same vtable. One block holds the
//! whole chain's futures, each layer's child after it, as the C dyn mode's storage does: nothing
//! is allocated per call, and dyn - inline is dispatch alone in both languages.

use std::future::Future;
use std::hint::black_box;
use std::mem::{align_of, size_of, MaybeUninit};
use std::pin::Pin;

use crate::{block_on, with_executor, Payload, Service};

/// The most a future here asks of its slot's alignment (the slots are laid out at this grain).
const ALIGN: usize = 16;

/// A service reached through a trait object whose call builds its future where it is told.
pub trait IntoService {
    /// Build the call's future at `slot` (future_bytes() bytes aligned to ALIGN, free until the
    /// future is dropped) and return it pinned there, to be polled and dropped in place.
    unsafe fn call_into<'a>(&'a self, slot: *mut u8, seed: u64, pending: bool)
        -> Pin<&'a mut (dyn Future<Output = u64> + 'a)>;
    /// The bytes of the future one call builds.
    fn future_bytes(&self) -> usize;
}

fn bytes_of_future<F, C: FnOnce() -> F>(_: C) -> usize {
    assert!(align_of::<F>() <= ALIGN, "a future aligned beyond its slot");
    size_of::<F>()
}

unsafe fn build_at<'a, F: Future<Output = u64> + 'a>(slot: *mut u8, f: F)
    -> Pin<&'a mut (dyn Future<Output = u64> + 'a)> {
    let at = slot as *mut F;
    at.write(f);
    Pin::new_unchecked(&mut *at)
}

/// Every service of the native trait can be called so: its future, built in the slot.
impl<S: Service> IntoService for S {
    unsafe fn call_into<'a>(&'a self, slot: *mut u8, seed: u64, pending: bool)
        -> Pin<&'a mut (dyn Future<Output = u64> + 'a)> {
        build_at(slot, self.call(seed, pending))
    }
    fn future_bytes(&self) -> usize {
        bytes_of_future(|| self.call(0, false))
    }
}

/// The child's future, dropped in place through its vtable when its holder is done with it (or is
/// dropped while awaiting it).
struct Placed<'a>(Pin<&'a mut (dyn Future<Output = u64> + 'a)>);

impl Drop for Placed<'_> {
    fn drop(&mut self) {
        unsafe { std::ptr::drop_in_place(self.0.as_mut().get_unchecked_mut()) }
    }
}

/// dyn's layer: the next service as a trait object, and the slot its child's future goes in.
pub struct IntoLevel<'s> {
    next: &'s dyn IntoService,
    slot: *mut u8,
}

impl Service for IntoLevel<'_> {
    async fn call(&self, seed: u64, pending: bool) -> u64 {
        let mut child = Placed(unsafe { self.next.call_into(self.slot, seed, pending) });
        child.0.as_mut().await + 1
    }
}

fn round_up(n: usize) -> usize {
    n.div_ceil(ALIGN) * ALIGN
}

/// The chain of depth - 1 layers over inner, its children's slots laid from `at` on (the deepest
/// last), given to f with the slot its top-level future goes in.
fn with_chain(depth: u64, inner: &dyn IntoService, block: *mut u8, at: usize,
              f: &mut dyn FnMut(&dyn IntoService, *mut u8) -> u64) -> u64 {
    if depth <= 1 {
        return f(black_box(inner), block);
    }
    let level = IntoLevel { next: inner, slot: unsafe { block.add(at) } };
    let above = at - round_up(level.future_bytes());
    with_chain(depth - 1, &level, block, above, f)
}

fn layer_bytes() -> usize {
    round_up(IntoLevel { next: &Payload::<16>, slot: std::ptr::null_mut() }.future_bytes())
}

/// The bytes of one call's futures at depth over the payload of N bytes, the block's size.
pub fn bytes_into<const N: usize>(depth: u64) -> u64 {
    ((depth as usize - 1) * layer_bytes() + round_up(Payload::<N>.future_bytes())) as u64
}

/// The most bytes a layer's future may take, and the layers a chain may have (BB_DEPTH_MAX - 1).
const LAYER_MAX: usize = 128;
const LAYERS_MAX: usize = 63;

/// The chain's storage, in the caller's frame as a caller's storage is: room for the deepest
/// chain's layers and the payload's future, uninitialised (each future is written before it is
/// read). Nothing is allocated, so a run of one call (a cold state's) times the call alone, as the
/// C dyn mode's storage, made when its case is prepared, does.
#[repr(C, align(16))]
struct Block<const N: usize> {
    payload: MaybeUninit<[u8; N]>,
    rest: MaybeUninit<[u8; LAYERS_MAX * LAYER_MAX + 64]>,
}

/// n calls of the chain of depth over the payload of N bytes, each building its futures in the
/// run's block.
pub fn run_into<const N: usize>(depth: u64, first: u64, n: u64, pending: bool) -> u64 {
    assert!(layer_bytes() <= LAYER_MAX && depth as usize <= LAYERS_MAX + 1);
    assert!(round_up(Payload::<N>.future_bytes()) <= N + 64, "a payload beyond its slot");
    let mut block = MaybeUninit::<Block<N>>::uninit();
    run_in::<N>(block.as_mut_ptr() as *mut u8, depth, first, n, pending)
}

fn run_in<const N: usize>(base: *mut u8, depth: u64, first: u64, n: u64, pending: bool) -> u64 {
    let payload = Payload::<N>;
    // The payload's slot is the last one; the top level's is the first.
    let deepest = (depth as usize - 1) * layer_bytes();
    with_chain(depth, &payload, base, deepest, &mut |svc, top| {
        with_executor(|cx, woken| {
            (0..n).fold(0u64, |acc, i| {
                let mut f = Placed(unsafe { svc.call_into(top, first + i, pending) });
                acc.wrapping_add(block_on(f.0.as_mut(), cx, woken))
            })
        })
    })
}
