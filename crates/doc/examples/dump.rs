//! `cargo run -p nianbao-doc --example dump FILE.doc`: the items a .doc or .wps gives,
//! one per line (paragraphs, then each table row's cells as text|colspan|rowspan).
fn main() {
    let path = std::env::args().nth(1).expect("a .doc or .wps file");
    let bytes = std::fs::read(&path).expect("readable");
    match nianbao_doc::read(&bytes) {
        Ok(items) => {
            println!("producer: {:?}", items.producer);
            for item in items.items {
                match item {
                    nianbao_items::Item::Table(rows) => {
                        println!("TABLE");
                        for r in rows {
                            let cells: Vec<String> = r
                                .cells
                                .iter()
                                .map(|c| {
                                    format!("{}|{}|{}", c.lines.join("/"), c.colspan, c.rowspan)
                                })
                                .collect();
                            println!("  ROW {}", cells.join("  ‖  "));
                        }
                    }
                    other => println!("{other:?}"),
                }
            }
        }
        Err(e) => println!("error: {e:?}"),
    }
}
