//! Prints what the PDF reader reads from a file: `cargo run -p nianbao-pdf --example dump -- FILE.pdf`.
use nianbao_items::Item;

fn main() {
    let path = std::env::args().nth(1).expect("a PDF file");
    let bytes = std::fs::read(&path).expect("readable");
    match nianbao_pdf::read(&bytes) {
        Err(e) => println!("error: {e:?}"),
        Ok(items) => {
            println!("producer: {:?}", items.producer);
            for item in &items.items {
                match item {
                    Item::Para(t) => println!("P {t}"),
                    Item::Chrome(t) => println!("C {t}"),
                    Item::PageBreak => println!("--- page ---"),
                    Item::Image => println!("[picture]"),
                    Item::Table(rows) => {
                        println!("T");
                        for r in rows {
                            let cells: Vec<String> = r
                                .cells
                                .iter()
                                .map(|c| {
                                    format!("{}[{}x{}]", c.lines.join("/"), c.colspan, c.rowspan)
                                })
                                .collect();
                            println!("  | {}", cells.join(" | "));
                        }
                    }
                }
            }
        }
    }
}
