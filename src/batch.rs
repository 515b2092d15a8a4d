//! Many files at once, for the command line: finding the report files under the paths
//! given, and checking them on every core. Native only (it reads the file system and
//! starts threads); the page batches through [`crate::output::check_all`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::export::Skipped;
use crate::output::{self, Analysis, Output};

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
                error: Some(format!("目录无法读取（{}）", output::io_error_zh(&e))),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if p.is_dir() {
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
pub fn check_sources(sources: &[Source], jobs: usize) -> Output {
    let checked = par_map(sources, jobs, |s| {
        let name = s.name();
        let read = match &s.error {
            Some(e) => Err(e.clone()),
            None => std::fs::read(&s.path)
                .map_err(|e| format!("文件无法打开（{}）", output::io_error_zh(&e))),
        };
        match read {
            Ok(bytes) => output::analyse(&name, &bytes).finish_for_batch(),
            Err(reason) => (unreadable(&name, &reason), None),
        }
    });
    output::combine(checked)
}

fn unreadable(name: &str, reason: &str) -> crate::FileReport {
    let finding = crate::read::unsupported(name, reason, "请检查文件路径和读取权限。");
    Analysis {
        source: name.to_string(),
        doc: Default::default(),
        report: None,
        findings: vec![*finding],
        rendered: false,
    }
    .finish()
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
