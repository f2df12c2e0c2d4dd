//! `Trainer::step` allocates nothing: a counting global allocator watches the stepping thread.
//!
//! The count is per thread (a const-initialised thread-local, which itself never allocates),
//! so the test harness's other threads cannot disturb it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use gradfall_core::{Activation, Config, Dataset, Init, Loss, Norm, Optimizer, Trainer};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: during thread teardown the slot may be gone; those allocations are not ours.
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

// Safety: every call is forwarded unchanged to the system allocator; counting touches only a
// thread-local Cell and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // Safety: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // Safety: same contract as our caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // Safety: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // Safety: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(|c| c.get())
}

fn allocations_during_steps(config: Config, steps: usize) -> usize {
    let mut trainer = Trainer::new(config.clone()).unwrap_or_else(|e| panic!("{config:?}: {e}"));
    let before = allocations();
    let done = trainer.step(steps);
    let after = allocations();
    assert_eq!(
        done,
        steps,
        "{config:?} stopped early (diverged at {:?})",
        trainer.diverged()
    );
    after - before
}

#[test]
fn the_counter_sees_allocations() {
    let before = allocations();
    let v = std::hint::black_box(vec![1u8; 100]);
    assert!(allocations() > before);
    drop(v);
}

#[test]
fn stepping_allocates_nothing() {
    let base = Config {
        depth: 6,
        width: 16,
        batch: 32,
        ..Config::default()
    };
    let configs = [
        base.clone(),
        Config {
            opt: Optimizer::Adam,
            l2: 1e-3,
            ..base.clone()
        },
        Config {
            opt: Optimizer::Momentum,
            loss: Loss::Mse,
            ..base.clone()
        },
        Config {
            norm: Norm::Batch,
            ..base.clone()
        },
        Config {
            norm: Norm::Layer,
            act: Activation::Tanh,
            ..base.clone()
        },
        Config {
            act: Activation::Prelu,
            ..base.clone()
        },
        Config {
            res: true,
            act: Activation::Gelu,
            ..base.clone()
        },
        Config {
            init: Init::Lsuv,
            data: Dataset::Digits,
            ..base.clone()
        },
        // Crosses several epochs (reshuffles) and a test-accuracy evaluation (every 50 steps).
        Config {
            data: Dataset::Xor,
            batch: 200,
            ..base.clone()
        },
    ];
    for config in configs {
        let n = allocations_during_steps(config.clone(), 120);
        assert_eq!(n, 0, "{config:?}: {n} allocations in step()");
    }
}
