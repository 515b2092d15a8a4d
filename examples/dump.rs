//! For developers: prints the text a reader made of a file (a PDF, .docx, .doc, web page),
//! in the "copied out of Word" layout the checker reads, with page starts marked. The
//! first thing to look at when a file is read wrongly.
//!
//!   cargo run --example dump -- FILE...

fn main() {
    let mut status = 0;
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}：无法读取（{e}）");
                status = 1;
                continue;
            }
        };
        match nianbao::read::read_bytes(&path, &bytes) {
            Ok(read) => {
                let doc = read.doc;
                let mut pages = doc.pages.iter().peekable();
                let mut page = 0;
                for (offset, line) in line_starts(&doc.text) {
                    while pages.next_if(|&&p| p <= offset).is_some() {
                        page += 1;
                        println!("──── 第{page}页 ────");
                    }
                    println!("{line}");
                }
            }
            Err(finding) => {
                eprintln!("{path}：{}", finding.code);
                status = 1;
            }
        }
    }
    std::process::exit(status);
}

fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split('\n').map(move |line| {
        let start = offset;
        offset += line.len() + 1;
        (start, line)
    })
}
