//! `cargo bench --bench batch [-- --reports N]`: the command line's batch path over a
//! directory of thousands of reports. (Under `cargo test --all-targets` it only makes a
//! smoke run over 40 reports.)
//!
//! Writes N (default 2 000) mutated copies of the five fixtures into a temporary
//! directory: each copy gets an organ of its own (four consecutive years per organ, so
//! the cross-year rules have pairs to compare) and its years moved. Then runs the built
//! `nianbao check` on the directory, on all cores and on one, and prints wall and CPU
//! seconds (median and best of several runs), reports per second and CPU time per
//! report. Asserts nothing about time.
//!
//! `-- --corpus DIR` only writes the corpus into DIR and keeps it (for a profiler:
//! `perf record target/release/nianbao check --format json -j 1 DIR`).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const FIXTURES: [&str; 5] = [
    include_str!("../tests/fixtures/000-julu-kaifaqu-2022.txt"),
    include_str!("../tests/fixtures/001-houma-kaifaqu-2022.txt"),
    include_str!("../tests/fixtures/002-guanting-zhen-2022.txt"),
    include_str!("../tests/fixtures/003-cangzhou-kaifaqu-2024.txt"),
    include_str!("../tests/fixtures/004-laiyuan-xian-2022.txt"),
];

/// The organ each fixture's title names (replaced to make organs of our own).
const ORGANS: [&str; 5] = [
    "巨鹿经济开发区",
    "侯马经济开发区",
    "巨鹿县官亭镇政府",
    "河北沧州经济开发区党政办公室",
    "涞源县",
];

const YEARS: [i32; 5] = [2022, 2022, 2022, 2024, 2022];

/// A made-up but unique place name for organ number `g`.
fn place(g: usize) -> String {
    const A: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    const B: [char; 12] = [
        '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
    ];
    const C: [char; 10] = ['东', '南', '西', '北', '中', '上', '下', '前', '后', '左'];
    const D: [char; 10] = ['山', '水', '林', '田', '湖', '河', '桥', '岭', '泉', '湾'];
    format!(
        "{}{}{}{}",
        A[g % 10],
        B[(g / 10) % 12],
        C[(g / 120) % 10],
        D[(g / 1200) % 10]
    )
}

/// Moves every "YYYY年" with YYYY in 2015..=2030 by `delta` years.
fn shift_years(text: &str, delta: i32) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if i + 4 < chars.len()
            && chars[i..i + 4].iter().all(char::is_ascii_digit)
            && chars[i + 4] == '年'
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().unwrap();
            if (2015..=2030).contains(&y) {
                out.push_str(&(y + delta).to_string());
                i += 4;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn write_corpus(dir: &Path, n: usize) -> u64 {
    let mut bytes = 0;
    for i in 0..n {
        // Four consecutive files are one organ's reports for 2021–2024 (copies of one
        // fixture under a place name of their own).
        let g = i / 4;
        let f = g % FIXTURES.len();
        let year = 2021 + (i % 4) as i32;
        let organ = format!("{}{}", place(g), ORGANS[f]);
        let text = shift_years(&FIXTURES[f].replace(ORGANS[f], &organ), year - YEARS[f]);
        // Spread over subdirectories, as an office's folders would be.
        let sub = dir.join(format!("{:02}", i % 20));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("{i:05}-{year}.txt")), &text).unwrap();
        bytes += text.len() as u64;
    }
    bytes
}

/// CPU seconds used by this process's waited-for children (user + system), from
/// `/proc/self/stat`; `None` where there is no /proc.
fn children_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // cutime and cstime are fields 16 and 17 of the whole line (14 and 15 here).
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(ticks as f64 / clock_ticks())
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// Runs `nianbao check ARGS DIR` `runs` times and prints the median and best wall time
/// (one run on a shared machine varies by a third), reports per second at the median,
/// and the median CPU time per report.
fn run(label: &str, dir: &Path, n: usize, args: &[&str], runs: usize) {
    let mut walls = Vec::with_capacity(runs);
    let mut cpus = Vec::with_capacity(runs);
    for _ in 0..runs {
        let cpu0 = children_cpu_seconds();
        let t = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("check")
            .args(args)
            .arg(dir)
            .stdout(Stdio::null())
            .status()
            .expect("nianbao runs");
        walls.push(t.elapsed().as_secs_f64());
        if let Some(cpu) = children_cpu_seconds().zip(cpu0).map(|(b, a)| b - a) {
            cpus.push(cpu);
        }
        // Exit 1 is expected: most fixtures have errors.
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "nianbao failed: {status}"
        );
    }
    let wall = median(&mut walls);
    print!(
        "  {label:<34} wall {wall:>6.3} s (best {:>6.3} s of {runs})  {:>7.0} reports/s",
        walls[0],
        n as f64 / wall
    );
    if cpus.len() == runs {
        let cpu = median(&mut cpus);
        println!(
            "  CPU {cpu:>6.3} s  {:>6.3} ms CPU/report  {:>6.0} reports per CPU-second",
            cpu * 1000.0 / n as f64,
            n as f64 / cpu.max(1e-9)
        );
    } else {
        println!();
    }
}

/// The median of `xs` (sorting them, so `xs[0]` is then the smallest).
fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[m]
    } else {
        (xs[m - 1] + xs[m]) / 2.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this too, without it:
    // then only a smoke run on a few reports, so the test suite stays fast.
    let smoke = !args.iter().any(|a| a == "--bench");
    let n = args
        .iter()
        .position(|a| a == "--reports")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(if smoke { 40 } else { 2000usize });
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--corpus")
        .and_then(|i| args.get(i + 1))
    {
        let bytes = write_corpus(Path::new(dir), n);
        println!(
            "{n} reports ({:.1} MB) written to {dir}",
            bytes as f64 / 1e6
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("nianbao-bench-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bytes = write_corpus(&dir, n);
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!(
        "nianbao batch benchmark: {n} reports ({:.1} MB) in {}, {cores} cores",
        bytes as f64 / 1e6,
        dir.display()
    );
    // One warm-up run, so the files are in the page cache for every measured run.
    run("warm-up (--summary)", &dir, n, &["--summary"], 1);
    if smoke {
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    run(
        "--format json, all cores",
        &dir,
        n,
        &["--format", "json"],
        5,
    );
    run(
        "--format json, -j 1",
        &dir,
        n,
        &["--format", "json", "-j", "1"],
        7,
    );
    run("--summary text, all cores", &dir, n, &["--summary"], 5);
    run("--format csv, all cores", &dir, n, &["--format", "csv"], 5);
    // Not timed: that the cross-year rules had pairs to work on.
    let csv = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "csv"])
        .arg(&dir)
        .output()
        .expect("nianbao runs");
    let csv = String::from_utf8_lossy(&csv.stdout);
    let count = |code: &str| csv.lines().filter(|l| l.contains(code)).count();
    println!(
        "  cross-year findings: XY-REUSE {}, XY-CARRY {}, XY-IN-FORCE {} ({} findings in all)",
        count(",XY-REUSE,"),
        count(",XY-CARRY,"),
        count(",XY-IN-FORCE,"),
        csv.lines().count().saturating_sub(1)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
