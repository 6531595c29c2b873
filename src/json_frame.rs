//! Cutting a JSON document into its values without parsing them: the framing under import's
//! JSON reader ([`crate::formats`]).
//!
//! serde_json reading from a `Read` takes every byte through its reader one at a time; from
//! a slice it is several times faster. The [`Framer`] reads a file block by block and hands
//! out one complete value at a time (a key, an item, the program) as a slice of its buffer,
//! which the caller parses with `serde_json::from_slice`; its own syntax is only the
//! punctuation between values (`{`, `:`, `,`, `[`, `]`, `}` and white space), so with every
//! framed value parsed by serde_json the whole file is checked as strictly as before. A
//! value larger than [`crate::formats::MAX_RECORD`] is refused, so memory stays bounded
//! whatever the file, and the line of every value is known without reading the file again.

use std::io::{self, Read};

/// Why framing stopped.
#[derive(Debug)]
pub enum Stop {
    /// The punctuation between values is not JSON, or the file ends inside a value: the
    /// caller finds serde_json's own words for it. The byte offset (from the start of what
    /// was read) where framing stopped.
    Syntax(u64),
    /// A value starting on this line is larger than the limit.
    TooLong(u64),
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        Stop::Io(e)
    }
}

/// A value framed by [`Framer::value`]: where it lies in the buffer, and its first line.
#[derive(Clone, Copy, Debug)]
pub struct Framed {
    start: usize,
    end: usize,
    pub line: u64,
}

/// Reads JSON from `R` a block at a time and frames its values.
pub struct Framer<R> {
    reader: R,
    buf: Vec<u8>,
    /// The next byte to look at.
    pos: usize,
    /// The end of what the buffer holds.
    end: usize,
    /// The file offset of `buf[0]`.
    base: u64,
    /// The line of `buf[pos]`, from 1.
    line: u64,
    eof: bool,
    limit: usize,
}

const BLOCK: usize = 64 * 1024;

impl<R: Read> Framer<R> {
    /// A framer refusing any value larger than `limit` bytes.
    pub fn new(reader: R, limit: usize) -> Framer<R> {
        Framer { reader, buf: vec![0; BLOCK], pos: 0, end: 0, base: 0, line: 1, eof: false, limit }
    }

    /// The line of the next byte.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The file offset of the next byte.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// The bytes of a framed value (until the next call that reads).
    pub fn bytes(&self, v: Framed) -> &[u8] {
        &self.buf[v.start..v.end]
    }

    /// Reads more, keeping the bytes from `pos` on (moved to the buffer's start). False at
    /// the end of the file.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.base += self.pos as u64;
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end + BLOCK > self.buf.len() {
            self.buf.resize(self.end + BLOCK, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next byte that is not JSON white space, without taking it; `None` at the end.
    pub fn peek(&mut self) -> Result<Option<u8>, Stop> {
        loop {
            while self.pos < self.end {
                match self.buf[self.pos] {
                    b'\n' => self.line += 1,
                    b' ' | b'\t' | b'\r' => {}
                    b => return Ok(Some(b)),
                }
                self.pos += 1;
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Takes the next byte that is not white space when it is `b`; else stops (syntax).
    pub fn expect(&mut self, b: u8) -> Result<(), Stop> {
        match self.peek()? {
            Some(c) if c == b => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(Stop::Syntax(self.offset())),
        }
    }

    /// A syntax stop at the next byte.
    pub fn syntax(&self) -> Stop {
        Stop::Syntax(self.offset())
    }

    /// The rest of the line from the next byte that is not white space, when that is an
    /// object or a list: without the line end, trailing white space and one trailing comma —
    /// an element of a list written one per line, as export writes them. Not taken: the
    /// caller parses it and calls [`Framer::take`] when it is exactly one value (a JSON value
    /// holds no raw line break, so a value that parses whole is the whole of it), else frames
    /// the value with [`Framer::value`]. `None` when the next value is not an object or list.
    pub fn rest_of_line(&mut self) -> Result<Option<Framed>, Stop> {
        if !matches!(self.peek()?, Some(b'{' | b'[')) {
            return Ok(None);
        }
        let mut searched = self.pos;
        let end = loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[searched..self.end]) {
                break searched + i;
            }
            if self.end - self.pos > self.limit {
                return Ok(None);
            }
            let unsearched = self.end - self.pos;
            if !self.fill()? {
                break self.end;
            }
            searched = self.pos + unsearched;
        };
        let mut end = end;
        while end > self.pos && matches!(self.buf[end - 1], b' ' | b'\t' | b'\r') {
            end -= 1;
        }
        if end > self.pos && self.buf[end - 1] == b',' {
            end -= 1;
        }
        Ok(Some(Framed { start: self.pos, end, line: self.line }))
    }

    /// Takes a value found by [`Framer::rest_of_line`].
    pub fn take(&mut self, v: Framed) {
        debug_assert_eq!(v.start, self.pos);
        self.pos = v.end;
    }

    /// Frames the value that starts at the next byte that is not white space: a string, an
    /// object or list (to its matching end, strings skipped), or anything else up to the
    /// next `,`, `]`, `}` or white space (a number, `true`, `false`, `null` — or something
    /// serde_json will refuse).
    pub fn value(&mut self) -> Result<Framed, Stop> {
        let Some(first) = self.peek()? else { return Err(self.syntax()) };
        if matches!(first, b',' | b':' | b']' | b'}') {
            return Err(self.syntax());
        }
        let line = self.line;
        let scalar = !matches!(first, b'{' | b'[' | b'"');
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        // Scanning from `i`; `pos` stays at the value's start until it is framed.
        let mut i = self.pos;
        loop {
            if i == self.end {
                if i - self.pos > self.limit {
                    return Err(Stop::TooLong(line));
                }
                let before = self.pos;
                if !self.fill()? {
                    if scalar {
                        break;
                    }
                    return Err(Stop::Syntax(self.base + i as u64));
                }
                i -= before - self.pos;
                continue;
            }
            let b = self.buf[i];
            if scalar {
                // A scalar holds no line break: one ends it, and `peek` counts it.
                if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                i += 1;
                continue;
            }
            if b == b'\n' {
                self.line += 1;
            }
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        if i - self.pos > self.limit {
            return Err(Stop::TooLong(line));
        }
        let framed = Framed { start: self.pos, end: i, line };
        self.pos = i;
        Ok(framed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames `{"k": V, …}` by hand as the JSON reader does: each key and value as text.
    fn frame(text: &[u8], limit: usize) -> Result<Vec<(String, u64)>, Stop> {
        // One byte per read: every value crosses a buffer refill.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(1);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut f = Framer::new(Trickle(text), limit);
        let mut out = Vec::new();
        f.expect(b'{')?;
        loop {
            let key = f.value()?;
            out.push((String::from_utf8_lossy(f.bytes(key)).into_owned(), key.line));
            f.expect(b':')?;
            let v = f.value()?;
            out.push((String::from_utf8_lossy(f.bytes(v)).into_owned(), v.line));
            match f.peek()? {
                Some(b',') => f.expect(b',')?,
                Some(b'}') => {
                    f.expect(b'}')?;
                    break;
                }
                _ => return Err(f.syntax()),
            }
        }
        match f.peek()? {
            None => Ok(out),
            Some(_) => Err(f.syntax()),
        }
    }

    #[test]
    fn values_are_framed_whole_with_their_lines() {
        let text = b"{\"a\": [1, {\"b\": \"x]}\\\"\"}],\n \"c\":\n\n -12.5e3 , \"d\": \"two\\nlines\"\r\n}\n";
        let got = frame(text, 1000).unwrap();
        let want = [
            ("\"a\"", 1),
            ("[1, {\"b\": \"x]}\\\"\"}]", 1),
            ("\"c\"", 2),
            ("-12.5e3", 4),
            ("\"d\"", 4),
            ("\"two\\nlines\"", 4),
        ];
        assert_eq!(got, want.map(|(s, l)| (s.to_string(), l)));
    }

    #[test]
    fn bad_punctuation_and_a_cut_stop_at_their_offset() {
        for (text, at) in [
            (&b"{\"a\" 1}"[..], 5),
            (b"{\"a\": 1 \"b\": 2}", 8),
            (b"{\"a\": [1, 2", 11),
            (b"{\"a\": \"open", 11),
            (b"{\"a\": 1} x", 9),
            (b"{\"a\": ,}", 6),
        ] {
            match frame(text, 1000) {
                Err(Stop::Syntax(n)) => assert_eq!(n, at, "{}", String::from_utf8_lossy(text)),
                other => panic!("{}: {other:?}", String::from_utf8_lossy(text)),
            }
        }
    }

    #[test]
    fn a_value_over_the_limit_stops_with_its_line() {
        let mut text = b"{\n\"a\": \"".to_vec();
        text.extend(std::iter::repeat_n(b'x', 100));
        text.extend(b"\"}");
        assert!(frame(&text, 200).is_ok());
        assert!(matches!(frame(&text, 50), Err(Stop::TooLong(2))));
        // Without an end, too.
        text.truncate(60);
        assert!(matches!(frame(&text, 50), Err(Stop::TooLong(2))));
    }
}
