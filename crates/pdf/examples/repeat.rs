//! Reads a PDF many times (for profiling): `cargo run --release -p nianbao-pdf --example repeat -- FILE N`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a PDF file");
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let bytes = std::fs::read(&path).expect("readable");
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(nianbao_pdf::read(&bytes).ok());
    }
    println!(
        "{:.1} µs per read",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
