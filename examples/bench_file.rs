//! For the browser benchmark: checks one file natively, as `nianbao check` does (read,
//! check, JSON), ITERATIONS times after a warm-up, and prints the mean milliseconds of
//! one check. `tests/browser/bench.mjs` alternates it with the same batch in the page's
//! worker, so that both sides of the worker/native ratio are timed under the same load.
//!
//!   cargo run --release --example bench_file -- FILE ITERATIONS

use std::hint::black_box;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<u32>().ok()),
    ) else {
        eprintln!("用法：bench_file FILE ITERATIONS");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}：无法读取（{e}）");
        std::process::exit(1);
    });
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
    let once = || {
        let result = nianbao::check_bytes(&name, black_box(&bytes));
        black_box(serde_json::to_vec(&result).expect("JSON"));
    };
    for _ in 0..2 {
        once();
    }
    let t = Instant::now();
    for _ in 0..n.max(1) {
        once();
    }
    println!(
        "{:.4}",
        t.elapsed().as_secs_f64() * 1e3 / f64::from(n.max(1))
    );
}
