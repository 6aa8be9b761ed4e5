//! The original's side of `boxbench crosscheck`: jkarneges/rust-async-bench's variants, driven the
//! way the runner drives the port, so that the two sides' figures come from the same procedure.
//!
//!   driver interleave A B ROUND_MS   A and B in turn, round after round (the runner's
//!                                    --bb_interleave): one JSON line per round, until killed
//!   driver count VARIANT N           N, then 2 N iterations inside bb_crosscheck_measured, for
//!                                    callgrind (--toggle-collect, --dump-after)
//!
//! It links the original as a library (its `run` module is public) and calls only what its own
//! benchmark calls: `run_*(syscalls, run_fn)`, whose closure is one iteration of 256 requests.
//! The original's code is not in this repository; `boxbench crosscheck --original PATH` builds
//! this file against the checkout at PATH.
use rust_async_bench::run::*;
use std::hint::black_box;
use std::time::Instant;

/// One variant made ready, its iteration handed to `f`, as the original's benchmark does.
fn with_variant(name: &str, f: &mut dyn FnMut(&mut dyn FnMut())) {
    let (base, syscalls) = match name.strip_suffix("+syscalls") {
        Some(base) => (base, true),
        None => (name, false),
    };
    let metrics = match base {
        "manual" => run_manual(syscalls, |r| f(r)),
        "nonbox" => run_nonbox(syscalls, |r| f(r)),
        "callerbox" => run_callerbox(syscalls, |r| f(r)),
        "large+nonbox" => run_large_nonbox(syscalls, |r| f(r)),
        "box" => run_box(syscalls, |r| f(r)),
        "box+callerbox" => run_box_callerbox(syscalls, |r| f(r)),
        "large+box" => run_large_box(syscalls, |r| f(r)),
        "box+rc" => run_box_rc(syscalls, BoxRcMode::RcWaker, |r| f(r)),
        "box+chkrc" => run_box_rc(syscalls, BoxRcMode::CheckedRcWaker, |r| f(r)),
        "box+arc" => run_box_rc(syscalls, BoxRcMode::ArcWaker, |r| f(r)),
        _ => {
            eprintln!("driver: no variant {}", name);
            std::process::exit(2);
        }
    };
    eprintln!("driver: {}: {}", name, metrics);
}

/// n iterations, the only code callgrind counts.
#[no_mangle]
#[inline(never)]
pub fn bb_crosscheck_measured(r: &mut dyn FnMut(), n: u64) {
    for _ in 0..black_box(n) {
        r();
    }
}

/// ns per iteration of n iterations, and the clock's ns for all of them.
fn timed(r: &mut dyn FnMut(), n: u64) -> (f64, f64) {
    let t0 = Instant::now();
    for _ in 0..n {
        r();
    }
    let wall = t0.elapsed().as_nanos() as f64;
    (wall / n as f64, wall)
}

/// Iterations making round_ms of the clock's time, after a warm-up (the runner's bb__calibrate).
fn calibrate(r: &mut dyn FnMut(), round_ms: f64) -> u64 {
    let mut k: u64 = 1;
    let mut wall;
    timed(r, 1);
    loop {
        wall = timed(r, k).1;
        if wall > 2e6 || k >= 1 << 30 {
            break;
        }
        k *= 2;
    }
    let want = round_ms * 1e6 / (wall.max(1.0) / k as f64);
    want.clamp(1.0, 1e15) as u64
}

/// A and B in turn, in a new random order every round (the runner's xorshift sequence).
fn interleave(names: [&str; 2], rs: [&mut dyn FnMut(); 2], round_ms: f64) {
    let per = [calibrate(rs[0], round_ms), calibrate(rs[1], round_ms)];
    println!(
        "{{\"units\": [\"{}\", \"{}\"], \"units_per_round\": [{}, {}]}}",
        names[0], names[1], per[0], per[1]
    );
    let mut rng: u64 = 0x9E3779B97F4A7C15;
    let mut order = [0usize, 1];
    for round in 0u64.. {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        order.swap(1, (rng % 2) as usize);
        let mut ns = [0.0f64; 2];
        for &i in &order {
            ns[i] = timed(rs[i], per[i]).0;
        }
        println!("{{\"round\": {}, \"ns\": [{:.3}, {:.3}]}}", round, ns[0], ns[1]);
    }
}

fn usage() -> ! {
    eprintln!("usage: driver interleave A B ROUND_MS | driver count VARIANT N");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("interleave") if args.len() == 5 => {
            let round_ms: f64 = args[4].parse().unwrap_or_else(|_| usage());
            let (a, b) = (args[2].as_str(), args[3].as_str());
            with_variant(a, &mut |ra| {
                with_variant(b, &mut |rb| {
                    // Two untimed iterations of each, as the runner's units open.
                    for _ in 0..2 {
                        ra();
                        rb();
                    }
                    interleave([a, b], [&mut *ra, &mut *rb], round_ms);
                })
            });
        }
        Some("count") if args.len() == 4 => {
            let n: u64 = args[3].parse().unwrap_or_else(|_| usage());
            with_variant(&args[2], &mut |r| {
                r();
                r();
                bb_crosscheck_measured(r, n);
                bb_crosscheck_measured(r, 2 * n);
            });
        }
        _ => usage(),
    }
}
