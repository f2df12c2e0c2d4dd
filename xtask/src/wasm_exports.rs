//! Reading a wasm module's exports, to check that an optimiser kept them intact.
//!
//! Why: Debian's binaryen 108 rewrites a wasm-bindgen module so that the export
//! `__wbindgen_externrefs` points at the funcref table instead of the externref table;
//! the page then fails at start-up ("failed to grow table"). `cargo xtask build` compares
//! the exports before and after wasm-opt and keeps the unoptimised module when they differ.
//!
//! Only the sections that describe exports are parsed (type-free: import, table, export).

/// What an export refers to, as far as a caller can tell from outside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Export {
    Function,
    /// The table's element type (its encoding) and its limits.
    Table {
        element: Vec<u8>,
        min: u64,
        max: Option<u64>,
    },
    Memory,
    Global,
    Tag,
}

/// The exports of a module, by name, in order; an error if it cannot be read.
pub fn exports(module: &[u8]) -> Result<Vec<(String, Export)>, String> {
    if module.len() < 8 || &module[..4] != b"\0asm" {
        return Err("not a wasm module".to_string());
    }
    let mut tables = Vec::new();
    let mut exports = Vec::new();
    let mut reader = Reader {
        bytes: module,
        at: 8,
    };
    while !reader.done() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        let body = reader.take(size)?;
        let mut section = Reader { bytes: body, at: 0 };
        match id {
            2 => {
                for _ in 0..section.leb()? {
                    section.name()?;
                    section.name()?;
                    match section.byte()? {
                        0x00 => drop(section.leb()?),
                        0x01 => tables.push(section.table_type()?),
                        0x02 => drop(section.limits()?),
                        0x03 => {
                            section.value_type()?;
                            section.byte()?;
                        }
                        0x04 => {
                            section.byte()?;
                            section.leb()?;
                        }
                        kind => return Err(format!("unknown import kind {kind}")),
                    }
                }
            }
            4 => {
                for _ in 0..section.leb()? {
                    if section.peek()? == 0x40 {
                        return Err("tables with an initialiser are not supported".to_string());
                    }
                    tables.push(section.table_type()?);
                }
            }
            7 => {
                for _ in 0..section.leb()? {
                    let name = section.name()?;
                    let kind = section.byte()?;
                    let index = section.leb()? as usize;
                    let export = match kind {
                        0x00 => Export::Function,
                        0x01 => tables
                            .get(index)
                            .cloned()
                            .ok_or("export of a missing table")?,
                        0x02 => Export::Memory,
                        0x03 => Export::Global,
                        0x04 => Export::Tag,
                        other => return Err(format!("unknown export kind {other}")),
                    };
                    exports.push((name, export));
                }
            }
            _ => {}
        }
    }
    Ok(exports)
}

/// Why two modules' exports differ, or `None` when they match (order aside).
pub fn difference(before: &[u8], after: &[u8]) -> Option<String> {
    let (mut before, mut after) = match (exports(before), exports(after)) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(e), _) | (_, Err(e)) => return Some(format!("cannot read the exports: {e}")),
    };
    before.sort_by(|x, y| x.0.cmp(&y.0));
    after.sort_by(|x, y| x.0.cmp(&y.0));
    for (name, export) in &before {
        match after.iter().find(|(n, _)| n == name) {
            None => return Some(format!("export {name} disappeared")),
            Some((_, changed)) if changed != export => {
                return Some(format!(
                    "export {name} changed from {export:?} to {changed:?}"
                ))
            }
            Some(_) => {}
        }
    }
    None
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn peek(&self) -> Result<u8, String> {
        self.bytes
            .get(self.at)
            .copied()
            .ok_or_else(|| "unexpected end".to_string())
    }

    fn byte(&mut self) -> Result<u8, String> {
        let b = self.peek()?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or("unexpected end")?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    /// Unsigned LEB128 (up to 64 bits).
    fn leb(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        Err("LEB128 too long".to_string())
    }

    fn name(&mut self) -> Result<String, String> {
        let n = self.leb()? as usize;
        Ok(String::from_utf8_lossy(self.take(n)?).into_owned())
    }

    /// A value or reference type: one byte, or a typed reference (0x63/0x64) and its heap
    /// type (a signed LEB), kept as its encoding.
    fn value_type(&mut self) -> Result<Vec<u8>, String> {
        let start = self.at;
        if matches!(self.byte()?, 0x63 | 0x64) {
            while self.byte()? >= 0x80 {}
        }
        Ok(self.bytes[start..self.at].to_vec())
    }

    fn limits(&mut self) -> Result<(u64, Option<u64>), String> {
        let flags = self.byte()?;
        let min = self.leb()?;
        let max = if flags & 1 == 1 {
            Some(self.leb()?)
        } else {
            None
        };
        Ok((min, max))
    }

    fn table_type(&mut self) -> Result<Export, String> {
        let element = self.value_type()?;
        let (min, max) = self.limits()?;
        Ok(Export::Table { element, min, max })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with an imported funcref table, a defined externref table, and exports of
    /// a function, both tables and a memory; `externref_export` picks the table index the
    /// export `refs` points at.
    fn module(refs_index: u8) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        let section = |m: &mut Vec<u8>, id: u8, body: &[u8]| {
            m.push(id);
            m.push(body.len() as u8);
            m.extend_from_slice(body);
        };
        // type section: one type () -> ()
        section(&mut m, 1, &[1, 0x60, 0, 0]);
        // import section: env.t, a funcref table min 2 max 2
        section(
            &mut m,
            2,
            &[1, 3, b'e', b'n', b'v', 1, b't', 0x01, 0x70, 0x01, 2, 2],
        );
        // function section: one function of type 0
        section(&mut m, 3, &[1, 0]);
        // table section: an externref table of 128 (LEB 0x80 0x01), no max
        section(&mut m, 4, &[1, 0x6f, 0x00, 0x80, 0x01]);
        // memory section: one memory of 1 page
        section(&mut m, 5, &[1, 0x00, 1]);
        // export section: f (func 0), refs (table refs_index), memory (memory 0)
        section(
            &mut m,
            7,
            &[
                3, 1, b'f', 0x00, 0, 4, b'r', b'e', b'f', b's', 0x01, refs_index, 6, b'm', b'e',
                b'm', b'o', b'r', b'y', 0x02, 0,
            ],
        );
        // code section: one empty body
        section(&mut m, 10, &[1, 2, 0, 0x0b]);
        m
    }

    #[test]
    fn reads_the_exports_and_their_tables() {
        let found = exports(&module(1)).unwrap();
        assert_eq!(
            found,
            [
                ("f".to_string(), Export::Function),
                (
                    "refs".to_string(),
                    Export::Table {
                        element: vec![0x6f],
                        min: 128,
                        max: None
                    }
                ),
                ("memory".to_string(), Export::Memory),
            ]
        );
    }

    #[test]
    fn notices_an_export_moved_to_another_table() {
        assert_eq!(difference(&module(1), &module(1)), None);
        let why = difference(&module(1), &module(0)).unwrap();
        assert!(why.contains("export refs changed"), "{why}");
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(exports(b"nope").is_err());
        let mut truncated = module(1);
        truncated.truncate(truncated.len() - 3);
        assert!(exports(&truncated).is_err());
        assert!(difference(&module(1), &truncated)
            .unwrap()
            .contains("cannot read"));
    }
}
