//! Many files at once, for the command line: finding the report files under the paths
//! given, and checking them on every core. Native only (it reads the file system and
//! starts threads); the page batches through [`crate::pipeline::check_all`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::export::Skipped;
use crate::pipeline::{self, Analysis};
use crate::result::{BatchResult, InputResult, KeptResult};

/// Extensions of the files taken from a directory (any case): the readers' list
/// ([`crate::read::SUPPORTED_EXTENSIONS`]). A file named explicitly is checked whatever
/// its name: the reader then says what it is.
pub const REPORT_EXTENSIONS: &[&str] = crate::read::SUPPORTED_EXTENSIONS;

/// One file to check, or a path that could not be listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    /// Why the path cannot be read, when that is known before reading it.
    pub error: Option<String>,
}

impl Source {
    fn file(path: PathBuf) -> Source {
        Source { path, error: None }
    }

    /// The name the result carries (`source`): the path as given or as found.
    pub fn name(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

/// Whether a file found in a directory is taken: a name the readers read
/// ([`crate::read::is_supported_name`]), not a hidden file or a Word lock file
/// (`~$报告.docx`), which sit beside the real files.
pub fn is_report_file(path: &Path) -> bool {
    skip_reason(path).is_none()
}

/// Why a file found in a directory is not taken, or `None` when it is.
fn skip_reason(path: &Path) -> Option<String> {
    match path.file_name().and_then(|n| n.to_str()) {
        Some(name) => crate::read::skip_reason(name),
        None => Some("文件名不是有效的 Unicode 文字，无法识别".into()),
    }
}

/// What the paths given stand for: the files to check, and the files found in
/// directories that are not checked, with the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    pub sources: Vec<Source>,
    pub skipped: Vec<Skipped>,
}

/// The files to check, in the order given; a directory stands for the report files
/// under it, recursively, in sorted order (so the output is the same on every run and
/// every machine). A path that does not exist stays in the list and becomes that file's
/// read error.
pub fn expand(paths: &[PathBuf]) -> Vec<Source> {
    expand_all(paths).sources
}

/// [`expand`], with every other file found in the directories (and every hidden
/// directory, which is not searched) listed as skipped, in the same sorted order.
pub fn expand_all(paths: &[PathBuf]) -> Expanded {
    let mut out = Expanded::default();
    // Canonical directories already walked: a symbolic link back up the tree must not
    // loop, and a directory given twice is walked once.
    let mut seen = HashSet::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut seen, &mut out);
        } else {
            out.sources.push(Source::file(p.clone()));
        }
    }
    out
}

fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Expanded) {
    if let Ok(canonical) = dir.canonicalize() {
        if !seen.insert(canonical) {
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.sources.push(Source {
                path: dir.to_path_buf(),
                error: Some(format!("目录无法读取（{}）", io_error_zh(&e))),
            });
            return;
        }
    };
    // Whether each entry is a directory, from the listing itself where it says so (one
    // system call less per file); a symbolic link is followed to see what it points to.
    let mut paths: Vec<(PathBuf, bool)> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let path = e.path();
            let is_dir = match e.file_type() {
                Ok(t) if !t.is_symlink() => t.is_dir(),
                _ => path.is_dir(),
            };
            Some((path, is_dir))
        })
        .collect();
    paths.sort();
    for (p, is_dir) in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if is_dir {
            if hidden {
                out.skipped.push(Skipped {
                    source: p.to_string_lossy().into_owned(),
                    reason: crate::read::HIDDEN_DIR_REASON.into(),
                });
            } else {
                walk(&p, seen, out);
            }
            continue;
        }
        match skip_reason(&p) {
            None => out.sources.push(Source::file(p)),
            Some(reason) => out.skipped.push(Skipped {
                source: p.to_string_lossy().into_owned(),
                reason,
            }),
        }
    }
}

/// The number of threads to use when none is asked for: every core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// Checks the files on `jobs` threads, then runs the cross-year rules over all of them.
/// The result keeps the order of `sources`; a file that cannot be read gets its own
/// `IN-UNSUPPORTED` finding and the others go on.
pub fn check_sources(sources: &[Source], jobs: usize) -> BatchResult {
    BatchResult {
        schema: crate::result::SCHEMA,
        reports: check_sources_kept(sources, jobs, |r| r, InputResult::add_diagnostics),
    }
}

/// [`check_sources`] keeping of each report only what `keep` makes of it (as soon as it
/// is checked, so a large batch holds no more than the output needs); `add` gives what
/// was kept the report's cross-year findings.
pub fn check_sources_kept<K: Send>(
    sources: &[Source],
    jobs: usize,
    keep: impl Fn(InputResult) -> K + Sync,
    add: impl FnMut(&mut K, Vec<crate::diag::Diagnostic>),
) -> Vec<K> {
    let checked = par_map(sources, jobs, |s| {
        let name = s.name();
        let read = match &s.error {
            Some(e) => Err(e.clone()),
            None => read_file(&s.path).map_err(|e| format!("文件无法打开（{}）", io_error_zh(&e))),
        };
        let (result, profile) = match read {
            // As `pipeline::analyse`, but the file's bytes are handed over: a text file
            // becomes the document's text without a copy.
            Ok(bytes) => match crate::read::read_vec(&name, bytes) {
                Ok(read) => pipeline::analyse_document(&name, read.doc, read.rendered),
                Err(finding) => Analysis::failed(&name, *finding),
            }
            .finish_for_batch(),
            Err(reason) => (unreadable(&name, &reason), None),
        };
        (keep(result), profile)
    });
    pipeline::combine_kept(checked, add)
}

/// A file's bytes, as `std::fs::read` gives them, in one read: the size the file has
/// when opened (one `fstat`) is read and no more, where `std::fs::read` reads again to
/// see the end (five system calls a file, now four). What is not a plain file (a pipe,
/// a device) is read to its end.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let mut bytes = Vec::new();
    if meta.is_file() {
        let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
        bytes.try_reserve_exact(size)?;
        // `take` ends the reading at the size without asking the file again.
        file.take(meta.len()).read_to_end(&mut bytes)?;
    } else {
        file.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// The command line's JSON for a batch, from what was kept of each report: the
/// contract's `{schema, reports}` and, beside `reports`, the files found in the
/// directories and not checked (`skipped: [{source, reason}]`). The same bytes as
/// [`crate::result::write_json_pretty`] writes for the whole results (a test compares).
pub fn write_json<W: std::io::Write>(
    out: &mut W,
    reports: &[KeptResult],
    skipped: &[Skipped],
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Batch<'a> {
        schema: u32,
        reports: &'a [KeptResult],
        skipped: &'a [Skipped],
    }
    crate::result::write_json_pretty(
        out,
        &Batch {
            schema: crate::result::SCHEMA,
            reports,
            skipped,
        },
    )
}

fn unreadable(name: &str, reason: &str) -> InputResult {
    let finding = crate::read::unsupported(name, reason, "请检查文件路径和读取权限。");
    Analysis::failed(name, *finding).finish()
}

/// What went wrong reading or writing a file, in Chinese (the system's own wording is
/// English and varies by platform).
pub fn io_error_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或目录不存在".into(),
        K::PermissionDenied => "没有读写权限".into(),
        K::AlreadyExists => "文件已存在".into(),
        K::InvalidData | K::InvalidInput => "内容或文件名无效".into(),
        K::UnexpectedEof => "文件意外结束".into(),
        K::OutOfMemory => "内存不足".into(),
        K::Interrupted | K::TimedOut => "读写被中断".into(),
        _ => match e.raw_os_error() {
            Some(21) => "这是一个目录".into(),
            Some(20) => "路径中有一部分不是目录".into(),
            Some(28) => "磁盘空间不足".into(),
            Some(n) => format!("系统错误，代码 {n}"),
            None => "读写出错".into(),
        },
    }
}

/// `items.iter().map(f).collect()` on `jobs` threads, keeping the order. Each thread
/// takes the next item when it is free, so a few large files do not hold the rest up.
pub fn par_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a checking thread panicked"))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON written from what was kept of each report is byte for byte the JSON of
    /// the whole results: reports with and without a summary, with a rendered text
    /// (HTML, .docx), with escapes in the name, a report given cross-year findings after
    /// it was kept, skipped files, and an empty batch.
    #[test]
    fn kept_json_is_the_whole_results_json() {
        use crate::pipeline::{check_all, Input};
        #[derive(serde::Serialize)]
        struct Batch<'a> {
            #[serde(flatten)]
            output: &'a BatchResult,
            skipped: &'a [Skipped],
        }
        let fixture = |name: &str| {
            std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures")
                    .join(name),
            )
            .unwrap()
        };
        let txt = fixture("004-laiyuan-xian-2022.txt");
        // The same organ a year later with a table changed: cross-year findings.
        let later = String::from_utf8(txt.clone())
            .unwrap()
            .replace("2022", "2023");
        let (html, docx) = (
            fixture("formats/001.page.html"),
            fixture("formats/002.docx"),
        );
        let inputs = [
            Input {
                name: "a\"\\b\n.txt",
                bytes: &txt,
            },
            Input {
                name: "later.txt",
                bytes: later.as_bytes(),
            },
            Input {
                name: "empty.txt",
                bytes: b"",
            },
            Input {
                name: "page.html",
                bytes: &html,
            },
            Input {
                name: "report.docx",
                bytes: &docx,
            },
        ];
        let whole = check_all(&inputs);
        assert!(whole
            .reports
            .iter()
            .any(|r| r.diagnostics.iter().any(|d| d.code.starts_with("XY-"))));
        assert!(whole.reports.iter().any(|r| r.text.is_some()));
        let skipped = [Skipped {
            source: "x/图片.png".into(),
            reason: "不是“报告”".into(),
        }];
        for (reports, skipped) in [
            (&whole.reports[..], &skipped[..]),
            (&whole.reports[..1], &[][..]),
            (&[][..], &skipped[..]),
            (&[][..], &[][..]),
        ] {
            let output = BatchResult {
                schema: crate::result::SCHEMA,
                reports: reports.to_vec(),
            };
            // serde_json itself is the reference.
            let expected = serde_json::to_vec_pretty(&Batch {
                output: &output,
                skipped,
            })
            .unwrap();
            let kept: Vec<KeptResult> = reports.iter().cloned().map(KeptResult::keep).collect();
            let mut mine = Vec::new();
            write_json(&mut mine, &kept, skipped).unwrap();
            assert_eq!(
                String::from_utf8(mine).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
        // Cross-year findings given to a kept report land where they land in the whole.
        let checked: Vec<_> = inputs
            .iter()
            .map(|i| crate::pipeline::analyse(i.name, i.bytes).finish_for_batch())
            .map(|(r, p)| (KeptResult::keep(r), p))
            .collect();
        let kept = crate::pipeline::combine_kept(checked, KeptResult::add_diagnostics);
        let mut mine = Vec::new();
        write_json(&mut mine, &kept, &[]).unwrap();
        let expected = serde_json::to_vec_pretty(&Batch {
            output: &whole,
            skipped: &[],
        })
        .unwrap();
        assert_eq!(
            String::from_utf8(mine).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }

    /// A file read in one read holds what `std::fs::read` gives, and fails as it fails.
    #[test]
    fn files_read_as_std_reads_them() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let dir = std::env::temp_dir().join(format!("nianbao-read-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let empty = dir.join("empty.txt");
        std::fs::write(&empty, b"").unwrap();
        let mut paths = vec![empty, fixtures.join("004-laiyuan-xian-2022.txt")];
        paths.extend(
            std::fs::read_dir(fixtures.join("formats"))
                .unwrap()
                .take(10)
                .map(|e| e.unwrap().path()),
        );
        for p in &paths {
            assert_eq!(read_file(p).unwrap(), std::fs::read(p).unwrap(), "{p:?}");
        }
        for p in [dir.clone(), dir.join("missing.txt")] {
            let (mine, std) = (read_file(&p).unwrap_err(), std::fs::read(&p).unwrap_err());
            assert_eq!(io_error_zh(&mine), io_error_zh(&std), "{p:?}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn par_map_keeps_the_order() {
        let items: Vec<u32> = (0..1000).collect();
        for jobs in [1, 2, 7] {
            let out = par_map(&items, jobs, |x| x * 2);
            assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
        assert!(par_map(&[] as &[u32], 4, |x| *x).is_empty());
    }

    #[test]
    fn par_map_uses_the_threads_it_is_given() {
        let items: Vec<u32> = (0..8).collect();
        let ids = par_map(&items, 4, |_| {
            // Long enough that one thread cannot take every item before the others start.
            std::thread::sleep(std::time::Duration::from_millis(20));
            std::thread::current().id()
        });
        let distinct: std::collections::HashSet<_> = ids.into_iter().collect();
        assert!(distinct.len() > 1, "{distinct:?}");
    }

    #[test]
    fn report_files_by_extension() {
        assert!(is_report_file(Path::new("a/报告.TXT")));
        assert!(is_report_file(Path::new("a/b.docx")));
        assert!(is_report_file(Path::new("b.htm")));
        assert!(!is_report_file(Path::new("a/~$报告.docx")));
        assert!(!is_report_file(Path::new(".hidden.txt")));
        // PDF and legacy Word have readers of their own (crates/pdf, crates/doc).
        assert!(is_report_file(Path::new("a/b.pdf")));
        assert!(is_report_file(Path::new("a/b.DOC")));
        assert!(is_report_file(Path::new("a/b.wps")));
        assert!(!is_report_file(Path::new("a/b.png")));
        assert!(!is_report_file(Path::new("a/txt")));
    }
}
