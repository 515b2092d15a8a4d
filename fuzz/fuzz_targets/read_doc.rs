//! The legacy Word reader (`nianbao_doc::read`, .doc and .wps) on any bytes: the
//! compound-file container (FAT, DIFAT, MiniFAT, directory), the FIB, the piece table,
//! paragraph and character runs, table rows and merges, list numbers. Never panics,
//! and what it reads renders into a document (`read::read_items`) that holds together.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_fuzz::invariants;

fuzz_target!(|data: &[u8]| {
    let given = nianbao_doc::read(data);
    if let Ok(items) = &given {
        for item in &items.items {
            if let nianbao_items::Item::Table(rows) = item {
                for row in rows {
                    assert!(row.cells.iter().all(|c| c.colspan >= 1));
                }
            }
        }
    }
    if let Ok(read) = nianbao::read::read_items("fuzz.doc", given) {
        invariants::assert_document(&read.doc);
    }
});
