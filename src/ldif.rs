//! LDIF (RFC 2849) reading and writing, independent of what the entries
//! mean: the backup service maps entries to directory objects.
//!
//! The reader streams: it holds one entry at a time, reports every error with
//! the line it is on, and accepts what `ldapsearch` writes for the guide's
//! §3.2 dump — comments, a `version:` line, continuation lines, base64
//! values (`::`), attribute options (`cn;lang-ru`), `changetype: add`
//! records, and the `search:`/`result:` trailer, which it skips. It refuses
//! what it cannot import faithfully: URL values (`:<`), change records other
//! than `add`, broken continuation lines and bad base64.
//!
//! The writer emits one entry per record, folds lines at 76 columns and
//! base64-encodes values that are not safe strings, so `ldapadd` reads them
//! back byte for byte.

use std::io::{self, BufRead, Write};

use base64::{Engine, engine::general_purpose::STANDARD};

/// One attribute value of an entry, with the line it started on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LdifValue {
    /// Attribute description as written (name and options), e.g. `cn;lang-ru`.
    pub attribute: String,
    /// The value's bytes.
    pub value: Vec<u8>,
    /// 1-based line number of the value's first line.
    pub line: usize,
}

impl LdifValue {
    /// The attribute name without options, lower-cased.
    pub fn name(&self) -> String {
        self.attribute.split(';').next().unwrap_or_default().to_ascii_lowercase()
    }

    /// The value as UTF-8 text.
    pub fn text(&self) -> Result<&str, LdifError> {
        std::str::from_utf8(&self.value).map_err(|_| LdifError {
            line: self.line,
            message: format!("the value of {} is not UTF-8", self.attribute),
        })
    }
}

/// One entry (a content record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LdifEntry {
    /// The distinguished name.
    pub dn: String,
    /// 1-based line number of the `dn:` line.
    pub line: usize,
    /// Attribute values in the order written.
    pub values: Vec<LdifValue>,
}

impl LdifEntry {
    /// An entry without values.
    pub fn new(dn: impl Into<String>) -> Self {
        Self { dn: dn.into(), line: 0, values: Vec::new() }
    }

    /// Adds a text value (builder style).
    pub fn with(mut self, attribute: &str, value: impl AsRef<[u8]>) -> Self {
        self.push(attribute, value);
        self
    }

    /// Adds a value.
    pub fn push(&mut self, attribute: &str, value: impl AsRef<[u8]>) {
        self.values.push(LdifValue { attribute: attribute.to_owned(), value: value.as_ref().to_vec(), line: 0 });
    }

    /// The values of an attribute (case-insensitive name, options ignored).
    pub fn get<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a LdifValue> + 'a {
        self.values.iter().filter(move |v| v.name().eq_ignore_ascii_case(name))
    }
}

/// A malformed LDIF input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("LDIF line {line}: {message}")]
pub struct LdifError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads entries one by one from LDIF text.
pub struct LdifReader<R> {
    input: R,
    line_no: usize,
    /// A line read ahead (after a logical line ended), with its number.
    pending: Option<(String, usize)>,
    done: bool,
}

impl<R: BufRead> LdifReader<R> {
    /// A reader over `input`.
    pub fn new(input: R) -> Self {
        Self { input, line_no: 0, pending: None, done: false }
    }

    /// The number of lines read so far.
    pub fn lines_read(&self) -> usize {
        self.line_no
    }

    fn raw_line(&mut self) -> Result<Option<(String, usize)>, LdifError> {
        if let Some(pending) = self.pending.take() {
            return Ok(Some(pending));
        }
        let mut buffer = Vec::new();
        let read = self
            .input
            .read_until(b'\n', &mut buffer)
            .map_err(|e| LdifError { line: self.line_no + 1, message: format!("cannot read: {e}") })?;
        if read == 0 {
            return Ok(None);
        }
        self.line_no += 1;
        if buffer.ends_with(b"\n") {
            buffer.pop();
        }
        if buffer.ends_with(b"\r") {
            buffer.pop();
        }
        let text = String::from_utf8(buffer).map_err(|_| LdifError {
            line: self.line_no,
            message: "is not UTF-8 (binary values must be base64)".into(),
        })?;
        Ok(Some((text, self.line_no)))
    }

    /// The next logical line (continuations joined), or `None` at a record
    /// end (`Some("")`) / input end (`None`).
    fn logical_line(&mut self) -> Result<Option<(String, usize)>, LdifError> {
        let Some((mut line, number)) = self.raw_line()? else { return Ok(None) };
        if line.starts_with(' ') {
            return Err(LdifError { line: number, message: "a continuation line follows nothing".into() });
        }
        if line.is_empty() {
            // A record separator continues nothing: a continuation line
            // after it is an error of its own (next call).
            return Ok(Some((line, number)));
        }
        loop {
            match self.raw_line()? {
                Some((next, _)) if next.starts_with(' ') => line.push_str(&next[1..]),
                Some(other) => {
                    self.pending = Some(other);
                    break;
                }
                None => break,
            }
        }
        Ok(Some((line, number)))
    }

    /// The next entry, or `None` at the end of the input.
    pub fn next_entry(&mut self) -> Result<Option<LdifEntry>, LdifError> {
        if self.done {
            return Ok(None);
        }
        let mut entry: Option<LdifEntry> = None;
        let mut skipping = false;
        loop {
            let Some((line, number)) = self.logical_line()? else {
                self.done = true;
                return Ok(entry);
            };
            if line.is_empty() {
                if entry.is_some() {
                    return Ok(entry);
                }
                skipping = false;
                continue;
            }
            if line.starts_with('#') || skipping {
                continue;
            }
            let (attribute, value) = parse_attribute(&line, number)?;
            let name = attribute.to_ascii_lowercase();
            match (&mut entry, name.as_str()) {
                (None, "version") => {
                    if text_of(&value, number)? != "1" {
                        return Err(LdifError { line: number, message: "only LDIF version 1 is supported".into() });
                    }
                }
                (None, "dn") => {
                    let dn = text_of(&value, number)?.to_owned();
                    entry = Some(LdifEntry { dn, line: number, values: Vec::new() });
                }
                // ldapsearch's trailer: `search: 2`, `result: 0 Success` — not an entry.
                (None, "search" | "result") => skipping = true,
                (None, _) => {
                    return Err(LdifError { line: number, message: format!("expected dn: before {attribute}") });
                }
                (Some(_), "changetype") => {
                    let kind = text_of(&value, number)?;
                    if kind != "add" {
                        return Err(LdifError {
                            line: number,
                            message: format!("changetype {kind} is not supported: only entries (or changetype add)"),
                        });
                    }
                }
                (Some(entry), _) => entry.values.push(LdifValue { attribute, value, line: number }),
            }
        }
    }
}

impl<R: BufRead> Iterator for LdifReader<R> {
    type Item = Result<LdifEntry, LdifError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_entry().transpose()
    }
}

fn text_of(value: &[u8], line: usize) -> Result<&str, LdifError> {
    std::str::from_utf8(value).map(str::trim).map_err(|_| LdifError { line, message: "is not UTF-8".into() })
}

/// Splits `attr: value`, `attr:: base64`, refusing `attr:< url`.
fn parse_attribute(line: &str, number: usize) -> Result<(String, Vec<u8>), LdifError> {
    let Some((attribute, rest)) = line.split_once(':') else {
        return Err(LdifError { line: number, message: "expected attribute: value".into() });
    };
    let valid = !attribute.is_empty()
        && attribute.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ';' || c == '.');
    if !valid {
        return Err(LdifError { line: number, message: format!("{attribute:?} is not an attribute description") });
    }
    let value = if let Some(encoded) = rest.strip_prefix(':') {
        STANDARD
            .decode(encoded.trim())
            .map_err(|e| LdifError { line: number, message: format!("bad base64 value of {attribute}: {e}") })?
    } else if rest.starts_with('<') {
        return Err(LdifError { line: number, message: format!("URL values ({attribute}:<) are not supported") });
    } else {
        rest.strip_prefix(' ').unwrap_or(rest).trim_start_matches(' ').as_bytes().to_vec()
    };
    Ok((attribute.to_owned(), value))
}

/// Whether a value can be written as is (RFC 2849 SAFE-STRING).
fn is_safe(value: &[u8]) -> bool {
    match value.first() {
        None => true,
        Some(b' ' | b':' | b'<') => false,
        Some(_) => value.iter().all(|&b| b != 0 && b != b'\n' && b != b'\r' && b < 0x80) && !value.ends_with(b" "),
    }
}

/// Longest line the writer emits.
const FOLD_AT: usize = 76;

fn write_line(out: &mut impl Write, line: &str) -> io::Result<()> {
    let mut rest = line;
    let mut first = true;
    while !rest.is_empty() {
        let width = if first { FOLD_AT } else { FOLD_AT - 1 };
        let mut cut = rest.len().min(width);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if !first {
            out.write_all(b" ")?;
        }
        out.write_all(&rest.as_bytes()[..cut])?;
        out.write_all(b"\n")?;
        rest = &rest[cut..];
        first = false;
    }
    if line.is_empty() {
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn write_value(out: &mut impl Write, attribute: &str, value: &[u8]) -> io::Result<()> {
    if is_safe(value) {
        write_line(out, &format!("{attribute}: {}", std::str::from_utf8(value).expect("safe strings are ASCII")))
    } else {
        write_line(out, &format!("{attribute}:: {}", STANDARD.encode(value)))
    }
}

/// Writes the `version: 1` header.
pub fn write_header(out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"version: 1\n\n")
}

/// Writes one entry followed by a blank line.
pub fn write_entry(out: &mut impl Write, entry: &LdifEntry) -> io::Result<()> {
    write_value(out, "dn", entry.dn.as_bytes())?;
    for value in &entry.values {
        write_value(out, &value.attribute, &value.value)?;
    }
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Result<Vec<LdifEntry>, LdifError> {
        LdifReader::new(text.as_bytes()).collect()
    }

    #[test]
    fn round_trip_with_folding_and_base64() {
        let entries = vec![
            LdifEntry::new("mail=ivan@acme.test,ou=people,dc=pbm,dc=test")
                .with("objectClass", "inetOrgPerson")
                .with("cn", "Иван")
                .with("description", "x".repeat(200))
                .with("title", " leading space")
                .with("userPassword", "{ARGON2}$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA"),
            LdifEntry::new("cn=Группа,ou=groups,dc=pbm,dc=test").with("member", "a"),
        ];
        let mut out = Vec::new();
        write_header(&mut out).unwrap();
        for entry in &entries {
            write_entry(&mut out, entry).unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|l| l.len() <= FOLD_AT), "{text}");
        assert!(text.contains("cn:: "), "non-ASCII values are base64: {text}");
        assert!(text.contains("dn:: "), "non-ASCII DNs are base64");
        let back = read_all(&text).unwrap();
        assert_eq!(back.len(), 2);
        for (read, written) in back.iter().zip(&entries) {
            assert_eq!(read.dn, written.dn);
            let values: Vec<_> = read.values.iter().map(|v| (v.attribute.clone(), v.value.clone())).collect();
            let expected: Vec<_> = written.values.iter().map(|v| (v.attribute.clone(), v.value.clone())).collect();
            assert_eq!(values, expected);
        }
    }

    #[test]
    fn reads_what_ldapsearch_prints() {
        let text = "# extended LDIF\n#\n# LDAPv3\n# base <dc=pbm,dc=test> with scope subtree\n\
                    # filter: (objectclass=*)\n# requesting: *\n#\n\n# pbm.test\n\
                    dn: dc=pbm,dc=test\nobjectClass: domain\ndc: pbm\n\n# ivan, people\n\
                    dn: mail=ivan@acme.test,ou=people,dc=pbm,d\n c=test\ncn;lang-ru: Ива\n н\nsn:: 0J/QtdGC0YDQvtCy\n\n\
                    # search result\nsearch: 2\nresult: 0 Success\n\n# numResponses: 3\n# numEntries: 2\n";
        let entries = read_all(text).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].dn, "mail=ivan@acme.test,ou=people,dc=pbm,dc=test");
        assert_eq!(entries[1].line, 15);
        assert_eq!(entries[1].get("cn").next().unwrap().text().unwrap(), "Иван");
        assert_eq!(entries[1].get("sn").next().unwrap().text().unwrap(), "Петров");
        assert_eq!(entries[1].get("sn").next().unwrap().line, 19);
    }

    #[test]
    fn errors_carry_line_numbers() {
        let cases = [
            ("dn: a=b\ncn:: not*base64\n", 2, "base64"),
            (" orphan continuation\ndn: a=b\n", 1, "continuation"),
            ("dn: a=b\ncn: x\n\n continued separator\n", 4, "continuation"),
            ("dn: a=b\nthis line has no colon\n", 2, "attribute: value"),
            ("cn: x\n", 1, "expected dn"),
            ("dn: a=b\njpegPhoto:< file:///etc/passwd\n", 2, "URL"),
            ("dn: a=b\nchangetype: delete\n", 2, "changetype delete"),
            ("version: 2\n", 1, "version"),
            ("dn: a=b\ncn\u{1}x: y\n", 2, "attribute description"),
        ];
        for (text, line, words) in cases {
            let error = read_all(text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}: {error}");
            assert!(error.message.contains(words), "{text:?}: {error}");
        }
    }

    #[test]
    fn changetype_add_records_are_entries() {
        let entries = read_all("version: 1\n\ndn: a=b\nchangetype: add\ncn: x\n").unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].values.len(), 1);
    }
}
