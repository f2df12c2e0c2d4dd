//! Your own data: a CSV file of numeric features and a class (`data=csv`).
//!
//! The format, as the README gives it:
//!
//! - comma-separated, one example per line; blank lines and lines starting with `#` are
//!   skipped; fields may be quoted and surrounding spaces are ignored;
//! - an optional header line, recognised by a first field that is not a number;
//! - the class is the column headed `class` or `label` if there is one, else the last column;
//!   classes may be any text (`red`, `7`, `yes`) and are numbered in sorted order (numerically
//!   when every class is a number);
//! - every other column is a feature and must hold a finite number;
//! - limits: [`MAX_ROWS`] examples, [`MAX_FEATURES`] features, 2..=[`MAX_CLASSES`] classes,
//!   [`MAX_BYTES`] bytes.
//!
//! Two features make a 2-D set, whose points and decision boundary the page draws. The table
//! is split and standardised like the built-in sets ([`super::from_table`]).
//!
//! Every problem is a [`CsvError`] naming the line (1-based, as an editor counts) and the
//! reason; nothing here panics, whatever the bytes.

use std::collections::BTreeMap;
use std::fmt;

use super::Raw;

/// The most examples a file may hold.
pub const MAX_ROWS: usize = 10_000;
/// The most feature columns (the class column not counted); 64 fits the 8×8 digits.
pub const MAX_FEATURES: usize = 64;
/// The most distinct classes (the charts have ten colours).
pub const MAX_CLASSES: usize = 10;
/// The largest file accepted, in bytes: 10 000 rows of 65 generous fields.
pub const MAX_BYTES: usize = 16 << 20;
/// Longest piece of the file's own text echoed in a message, in characters.
const ECHO_MAX: usize = 24;

/// A parsed file: the examples, grouped in file order, and what the columns are called.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Features `[n][n_inputs]` and class indices, in file order.
    pub raw: Raw,
    /// Feature names: the header's, or `x1`, `x2`, … without one.
    pub features: Vec<String>,
    /// Class names in class-index order.
    pub classes: Vec<String>,
}

impl Table {
    pub fn n_rows(&self) -> usize {
        self.raw.y.len()
    }
}

/// Why a file cannot be used: the line (when one is to blame) and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    /// 1-based line number in the file, `None` for problems of the whole file.
    pub line: Option<u64>,
    pub reason: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.reason),
            None => write!(f, "{}", self.reason),
        }
    }
}

impl std::error::Error for CsvError {}

fn at(line: u64, reason: String) -> CsvError {
    CsvError {
        line: Some(line),
        reason,
    }
}

fn whole(reason: String) -> CsvError {
    CsvError { line: None, reason }
}

/// Parse a CSV file (see the module documentation for the format).
pub fn parse(bytes: &[u8]) -> Result<Table, CsvError> {
    if bytes.len() > MAX_BYTES {
        return Err(whole(format!(
            "the file has {} bytes; at most {} MB are accepted",
            bytes.len(),
            MAX_BYTES >> 20
        )));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .trim(::csv::Trim::All)
        .from_reader(bytes);
    let mut layout: Option<Layout> = None;
    let mut features = Vec::new();
    let mut labels: Vec<(u64, String)> = Vec::new();
    let mut record = ::csv::StringRecord::new();
    let mut lines = LineCounter::default();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let byte = error
                    .position()
                    .map_or(reader.position().byte(), |p| p.byte());
                return Err(read_error(&error, lines.at(bytes, byte)));
            }
        }
        // The record's last line: the one holding the byte before where the next one starts
        // (the reader's start of a record can lie on the blank or comment lines before it).
        let line = lines.at(bytes, reader.position().byte().saturating_sub(1));
        if record.iter().all(str::is_empty) {
            continue; // A blank line (the reader keeps lines of only spaces or commas).
        }
        let layout = match &mut layout {
            Some(layout) => layout,
            None => {
                let (found, is_header) = Layout::from_first(&record, line)?;
                let layout = layout.insert(found);
                if is_header {
                    continue;
                }
                layout
            }
        };
        if labels.len() == MAX_ROWS {
            return Err(at(
                line,
                format!("more than {MAX_ROWS} examples; at most {MAX_ROWS} are accepted"),
            ));
        }
        layout.read_row(&record, line, &mut features)?;
        labels.push((line, record[layout.class].to_string()));
    }
    let Some(layout) = layout else {
        return Err(whole("the file holds no data".to_string()));
    };
    if labels.is_empty() {
        return Err(whole("the file has a header but no examples".to_string()));
    }
    let (classes, y) = number_classes(&labels)?;
    Ok(Table {
        raw: Raw {
            n_inputs: layout.names.len(),
            n_classes: classes.len(),
            x: features,
            y,
        },
        features: layout.names,
        classes,
    })
}

/// The file's shape, fixed by its first line.
struct Layout {
    /// Fields per line.
    width: usize,
    /// Index of the class column.
    class: usize,
    /// Feature names, in column order.
    names: Vec<String>,
}

impl Layout {
    /// The layout the first non-blank line sets, and whether that line is a header.
    fn from_first(record: &::csv::StringRecord, line: u64) -> Result<(Layout, bool), CsvError> {
        let width = record.len();
        if width < 2 {
            return Err(at(
                line,
                "only one column; a file needs at least one feature and a class, separated by commas"
                    .to_string(),
            ));
        }
        let is_header = number(&record[0]).is_none();
        let class = if is_header {
            record
                .iter()
                .position(|h| ["class", "label"].contains(&h.to_ascii_lowercase().as_str()))
                .unwrap_or(width - 1)
        } else {
            width - 1
        };
        if width - 1 > MAX_FEATURES {
            return Err(at(
                line,
                format!(
                    "{} feature columns; at most {MAX_FEATURES} are accepted",
                    width - 1
                ),
            ));
        }
        let names = (0..width)
            .filter(|&c| c != class)
            .enumerate()
            .map(|(i, c)| {
                if is_header {
                    record[c].to_string()
                } else {
                    format!("x{}", i + 1)
                }
            })
            .collect();
        Ok((
            Layout {
                width,
                class,
                names,
            },
            is_header,
        ))
    }

    /// Append one line's features to `out`, or say what is wrong with it.
    fn read_row(
        &self,
        record: &::csv::StringRecord,
        line: u64,
        out: &mut Vec<f32>,
    ) -> Result<(), CsvError> {
        if record.len() != self.width {
            let what = if record.len() < self.width {
                "missing"
            } else {
                "extra"
            };
            return Err(at(
                line,
                format!(
                    "{} field{} where the first line has {} ({what} column)",
                    record.len(),
                    if record.len() == 1 { "" } else { "s" },
                    self.width
                ),
            ));
        }
        for (column, field) in record.iter().enumerate() {
            if column == self.class {
                if field.is_empty() {
                    return Err(at(
                        line,
                        format!("column {} (the class) is empty", column + 1),
                    ));
                }
                continue;
            }
            match number(field) {
                Some(value) => out.push(value),
                None if field.is_empty() => {
                    return Err(at(line, format!("column {} is empty", column + 1)))
                }
                None => {
                    return Err(at(
                        line,
                        format!("column {} is \"{}\", not a number", column + 1, echo(field)),
                    ))
                }
            }
        }
        Ok(())
    }
}

/// A field as a finite number that fits in f32, or `None`.
fn number(field: &str) -> Option<f32> {
    let value: f64 = field.parse().ok()?;
    let single = value as f32;
    single.is_finite().then_some(single)
}

/// Class indices for the labels: sorted numerically when every label is a number, else as
/// text. One class only, or too many, is an error.
fn number_classes(labels: &[(u64, String)]) -> Result<(Vec<String>, Vec<u32>), CsvError> {
    let mut first_line: BTreeMap<&str, u64> = BTreeMap::new();
    for (line, label) in labels {
        first_line.entry(label.as_str()).or_insert(*line);
    }
    if first_line.len() > MAX_CLASSES {
        let (name, line) = first_line
            .iter()
            .max_by_key(|(_, &line)| line)
            .map(|(&n, &l)| (n, l))
            .unwrap_or_default();
        return Err(at(
            line,
            format!(
                "{} different classes; at most {MAX_CLASSES} are accepted (\"{}\" is one too many)",
                first_line.len(),
                echo(name)
            ),
        ));
    }
    let mut names: Vec<&str> = first_line.keys().copied().collect();
    if names.iter().all(|n| n.parse::<f64>().is_ok()) {
        crate::small_sort::sort_by(&mut names, |a, b| {
            let (a, b) = (
                a.parse::<f64>().unwrap_or(0.0),
                b.parse::<f64>().unwrap_or(0.0),
            );
            a.total_cmp(&b)
        });
    }
    if names.len() < 2 {
        return Err(whole(format!(
            "every example has the class \"{}\"; a classifier needs at least two classes",
            echo(names.first().copied().unwrap_or(""))
        )));
    }
    // At most MAX_CLASSES names: a search beats a map (whose `collect` sorts, see small_sort).
    let index = |label: &str| names.iter().position(|&n| n == label).unwrap_or(0) as u32;
    let y = labels.iter().map(|(_, l)| index(l)).collect();
    Ok((names.into_iter().map(String::from).collect(), y))
}

/// Line numbers from byte offsets. The reader's own line count skips blank lines, so lines
/// are counted here: the newlines before the offset, plus one. Offsets only grow, so each
/// call counts only the bytes since the last.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u64,
}

impl LineCounter {
    fn at(&mut self, bytes: &[u8], offset: u64) -> u64 {
        let offset = (offset as usize).min(bytes.len());
        if offset < self.offset {
            *self = LineCounter::default();
        }
        let newlines = bytes[self.offset..offset].iter().filter(|&&b| b == b'\n');
        self.line += newlines.count() as u64;
        self.offset = offset;
        self.line + 1
    }
}

/// A message for an error of the CSV reader itself (text that is not UTF-8).
fn read_error(error: &::csv::Error, line: u64) -> CsvError {
    match error.kind() {
        ::csv::ErrorKind::Utf8 { .. } => at(
            line,
            "not UTF-8 text (save the file as UTF-8 CSV)".to_string(),
        ),
        _ => at(line, format!("cannot be read as CSV ({error})")),
    }
}

/// `text` cut to [`ECHO_MAX`] characters for a message.
fn echo(text: &str) -> String {
    if text.chars().count() <= ECHO_MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(ECHO_MAX - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests;
