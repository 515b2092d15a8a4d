//! For developers: how many of a text's table cells a rendering of it (a PDF, a page …)
//! gives back the same, table by table, and which differ.
//!
//!   cargo run --example cells -- REPORT.txt RENDERING...

use serde_json::Value;

fn cells(v: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                cells(x, format!("{path}.{k}"), out);
            }
        }
        Value::Number(_) | Value::Null => out.push((path, v.clone())),
        _ => {}
    }
}

fn tables(name: &str, bytes: &[u8]) -> Vec<(String, Value)> {
    let r = nianbao::check_bytes(name, bytes);
    let mut out = Vec::new();
    if let Some(report) = &r.report {
        cells(
            &serde_json::to_value(&report.tables).unwrap_or_default(),
            String::new(),
            &mut out,
        );
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().expect("the text fixture");
    let want = tables(&text, &std::fs::read(&text).expect("readable"));
    for path in args {
        let got = tables(&path, &std::fs::read(&path).expect("readable"));
        let mut per: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
        let mut wrong = Vec::new();
        for (k, v) in &want {
            let table = k.split('.').nth(1).unwrap_or("").to_string();
            let e = per.entry(table).or_default();
            e.1 += 1;
            match got.iter().find(|g| &g.0 == k) {
                Some((_, g)) if g == v => e.0 += 1,
                g => wrong.push(format!("{k}: want {v}, got {:?}", g.map(|g| &g.1))),
            }
        }
        let summary: Vec<String> = per
            .iter()
            .map(|(t, (a, b))| format!("{t} {a}/{b}"))
            .collect();
        println!("{path}: {}", summary.join(", "));
        if std::env::var_os("VERBOSE").is_some() {
            for w in wrong {
                println!("  {w}");
            }
        }
    }
}
