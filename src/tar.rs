//! The POSIX tar (ustar) format, as much of it as a snapshot needs: regular
//! files, one after the other, written as a stream and read back from one.
//!
//! A snapshot is a tar archive so that operators can look into it with
//! `tar -tvf` and take it apart with `tar -xf`. Sizes that do not fit in the
//! header's eleven octal digits (8 GiB and more) are written in the base-256
//! form GNU tar and libarchive read. The reader accepts what this writer
//! writes and what `tar --format=ustar|gnu|pax` writes for plain files; it
//! skips pax and GNU extension headers and checks every header's checksum.

use std::io::{self, Read};

/// Size of a tar block.
pub const BLOCK: usize = 512;

/// The header of a regular file named `name` (at most 100 bytes, ASCII)
/// holding `size` bytes, mode 0600, modified at `mtime` (Unix seconds).
pub fn file_header(name: &str, size: u64, mtime: i64) -> io::Result<[u8; BLOCK]> {
    if name.is_empty() || name.len() > 100 || !name.is_ascii() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("tar member name {name:?}")));
    }
    let mut header = [0u8; BLOCK];
    header[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut header[100..108], 0o600);
    octal(&mut header[108..116], 0);
    octal(&mut header[116..124], 0);
    if size < 8u64.pow(11) {
        octal(&mut header[124..136], size);
    } else {
        // Base-256: the first byte's high bit set, the size big-endian after.
        header[124] = 0x80;
        header[128..136].copy_from_slice(&size.to_be_bytes());
    }
    octal(&mut header[136..148], mtime.max(0) as u64);
    header[156] = b'0';
    header[257..263].copy_from_slice(b"ustar\0");
    header[263..265].copy_from_slice(b"00");
    header[265..268].copy_from_slice(b"pbm");
    header[297..300].copy_from_slice(b"pbm");
    let sum = checksum(&header);
    header[148..154].copy_from_slice(format!("{sum:06o}").as_bytes());
    header[154] = 0;
    header[155] = b' ';
    Ok(header)
}

/// Zero bytes that pad a member of `size` bytes to a whole block.
pub fn padding(size: u64) -> &'static [u8] {
    static ZEROS: [u8; BLOCK] = [0; BLOCK];
    let rest = (size % BLOCK as u64) as usize;
    if rest == 0 { &[] } else { &ZEROS[rest..] }
}

/// The end of an archive: two zero blocks.
pub fn end() -> [u8; 2 * BLOCK] {
    [0; 2 * BLOCK]
}

/// Writes `value` as zero-padded octal digits followed by a NUL.
fn octal(field: &mut [u8], value: u64) {
    let last = field.len() - 1;
    let digits = format!("{value:0last$o}");
    field[..last].copy_from_slice(digits.as_bytes());
    field[last] = 0;
}

/// The header checksum: every byte summed, the checksum field counted as spaces.
fn checksum(header: &[u8; BLOCK]) -> u32 {
    header.iter().enumerate().map(|(i, &b)| if (148..156).contains(&i) { u32::from(b' ') } else { u32::from(b) }).sum()
}

/// Why an archive could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TarError {
    /// Reading failed.
    #[error("reading the archive: {0}")]
    Io(#[from] io::Error),
    /// The bytes are not a tar archive this reader understands.
    #[error("not a valid tar archive: {0}")]
    Invalid(String),
}

/// One member's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Its path in the archive.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

/// Reads an archive member by member: [`Reader::next_member`], then the
/// member's bytes through [`Reader::body`] (or skip them by asking for the
/// next member).
pub struct Reader<R> {
    inner: R,
    /// Bytes of the current member not read yet, then its padding.
    left: u64,
    pad: u64,
}

impl<R: Read> Reader<R> {
    /// A reader of the archive `inner`.
    pub fn new(inner: R) -> Self {
        Self { inner, left: 0, pad: 0 }
    }

    /// The next regular file, or `None` at the end of the archive.
    pub fn next_member(&mut self) -> Result<Option<Member>, TarError> {
        self.skip_rest()?;
        loop {
            let mut header = [0u8; BLOCK];
            if !self.read_block(&mut header)? {
                // An archive cut after its last member's padding: tolerated
                // as an end, as GNU tar does (with a warning there).
                return Ok(None);
            }
            if header.iter().all(|&b| b == 0) {
                return Ok(None);
            }
            let stored = parse_octal(&header[148..156])
                .ok_or_else(|| TarError::Invalid("a header without a readable checksum".into()))?;
            if u64::from(checksum(&header)) != stored {
                return Err(TarError::Invalid("a header's checksum does not match".into()));
            }
            let size = parse_size(&header[124..136])
                .ok_or_else(|| TarError::Invalid("a header without a readable size".into()))?;
            let name_end = header[..100].iter().position(|&b| b == 0).unwrap_or(100);
            let mut name = String::from_utf8_lossy(&header[..name_end]).into_owned();
            if &header[257..262] == b"ustar" && header[345] != 0 {
                let prefix_end = header[345..500].iter().position(|&b| b == 0).map_or(500, |p| 345 + p);
                name = format!("{}/{name}", String::from_utf8_lossy(&header[345..prefix_end]));
            }
            self.left = size;
            self.pad = padding(size).len() as u64;
            match header[156] {
                b'0' | 0 => return Ok(Some(Member { name, size })),
                // Directories and extension headers (pax `x`/`g`, GNU long names `L`/`K`): skipped.
                _ => self.skip_rest()?,
            }
        }
    }

    /// Reads up to `buf.len()` bytes of the current member; 0 at its end.
    pub fn body(&mut self, buf: &mut [u8]) -> Result<usize, TarError> {
        if self.left == 0 {
            return Ok(0);
        }
        let want = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(TarError::Invalid("the archive ends inside a member".into()));
        }
        self.left -= n as u64;
        Ok(n)
    }

    fn skip_rest(&mut self) -> Result<(), TarError> {
        let mut buf = [0u8; 8192];
        while self.body(&mut buf)? > 0 {}
        let mut pad = [0u8; BLOCK];
        let pad_len = self.pad as usize;
        self.inner
            .read_exact(&mut pad[..pad_len])
            .map_err(|_| TarError::Invalid("a member's padding is cut".into()))?;
        self.pad = 0;
        Ok(())
    }

    /// Reads one whole block; false at a clean end of input.
    fn read_block(&mut self, block: &mut [u8; BLOCK]) -> Result<bool, TarError> {
        let mut filled = 0;
        while filled < BLOCK {
            let n = self.inner.read(&mut block[filled..])?;
            if n == 0 {
                return if filled == 0 { Ok(false) } else { Err(TarError::Invalid("a header is cut".into())) };
            }
            filled += n;
        }
        Ok(true)
    }
}

fn parse_octal(field: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(field).ok()?;
    let digits = text.trim_matches(|c: char| c == '\0' || c == ' ');
    if digits.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(digits, 8).ok()
}

fn parse_size(field: &[u8]) -> Option<u64> {
    if field[0] & 0x80 != 0 {
        if field[0] != 0x80 || field[1..4].iter().any(|&b| b != 0) {
            return None;
        }
        return Some(u64::from_be_bytes(field[4..12].try_into().ok()?));
    }
    parse_octal(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, body) in members {
            out.extend(file_header(name, body.len() as u64, 1_700_000_000).unwrap());
            out.extend(*body);
            out.extend(padding(body.len() as u64));
        }
        out.extend(end());
        out
    }

    fn read_all(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, TarError> {
        let mut reader = Reader::new(bytes);
        let mut members = Vec::new();
        while let Some(member) = reader.next_member()? {
            let mut body = Vec::new();
            let mut buf = [0u8; 100];
            loop {
                let n = reader.body(&mut buf)?;
                if n == 0 {
                    break;
                }
                body.extend(&buf[..n]);
            }
            assert_eq!(body.len() as u64, member.size);
            members.push((member.name, body));
        }
        Ok(members)
    }

    #[test]
    fn members_read_back_as_written() {
        let big = vec![b'x'; 1500];
        let bytes = archive(&[("a/manifest.json", b"{}"), ("a/empty", b""), ("a/big", &big), ("a/block", &[7; 512])]);
        assert_eq!(bytes.len() % BLOCK, 0);
        let members = read_all(&bytes).unwrap();
        let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a/manifest.json", "a/empty", "a/big", "a/block"]);
        assert_eq!(members[2].1, big);
        assert_eq!(members[3].1, vec![7; 512]);
    }

    #[test]
    fn a_member_can_be_skipped_unread() {
        let bytes = archive(&[("one", b"first body"), ("two", b"second")]);
        let mut reader = Reader::new(&bytes[..]);
        assert_eq!(reader.next_member().unwrap().unwrap().name, "one");
        let second = reader.next_member().unwrap().unwrap();
        assert_eq!((second.name.as_str(), second.size), ("two", 6));
    }

    #[test]
    fn sizes_beyond_eight_gib_use_base_256() {
        let size = 9 * (1u64 << 30);
        let header = file_header("huge", size, 0).unwrap();
        assert_eq!(header[124], 0x80);
        assert_eq!(parse_size(&header[124..136]), Some(size));
        assert_eq!(parse_size(&file_header("small", 4096, 0).unwrap()[124..136]), Some(4096));
    }

    #[test]
    fn damage_is_refused() {
        let mut bytes = archive(&[("one", b"body")]);
        bytes[0] = b'X';
        assert!(matches!(read_all(&bytes), Err(TarError::Invalid(m)) if m.contains("checksum")));
        let bytes = archive(&[("one", &[1; 2000])]);
        assert!(matches!(read_all(&bytes[..1200]), Err(TarError::Invalid(m)) if m.contains("ends inside")));
        assert!(file_header(&"n".repeat(101), 0, 0).is_err());
    }

    /// GNU tar (Debian's essential package `tar`) reads what this writer writes.
    #[test]
    fn gnu_tar_lists_the_archive() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.tar");
        std::fs::write(&path, archive(&[("snap/one.txt", b"hello\n"), ("snap/two", &[0; 700])])).unwrap();
        let out = std::process::Command::new("tar").arg("-tvf").arg(&path).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let listing = String::from_utf8(out.stdout).unwrap();
        assert!(listing.contains("snap/one.txt") && listing.contains("snap/two"), "{listing}");
        assert!(listing.contains("700"), "{listing}");
    }
}
