//! Human output: tables, numbers, sparklines.

pub mod adherence;
pub mod chart;
pub mod feet;
pub mod report;
pub mod spark;
pub mod words;

use std::borrow::Cow;
use std::fmt::Write as _;

use comfy_table::{presets, ContentArrangement, Table};

/// Text that came from a person or a file, made safe to print on a terminal (§8): control
/// characters (escape sequences that clear the screen or retitle the window, line breaks,
/// tabs) and the invisible marks that reorder text are shown escaped, as Rust writes them
/// (`\u{1b}`, `\n`, `\t`). Everything else, accents and emoji included, is kept.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A table in footing's house style, wrapping to the terminal's width when there is one.
pub fn table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    t
}

/// A number with at most `places` decimals, trailing zeros trimmed: 4.5, 4.33, 12.
pub fn num(x: f64, places: usize) -> String {
    // Round half away from zero first, as the JSON does; `format!` alone rounds half to even.
    let x = crate::round::round_to(x, places as i32);
    let s = format!("{x:.places$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// `num`, or "–" when there is no value.
pub fn opt_num(x: Option<f64>, places: usize) -> String {
    x.map_or_else(|| "–".to_string(), |x| num(x, places))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(printable("\u{1b}[2J\u{1b}]0;pwned\u{7}"), "\\u{1b}[2J\\u{1b}]0;pwned\\u{7}");
        assert_eq!(printable("two\nlines\tand\r"), "two\\nlines\\tand\\r");
        assert_eq!(printable("abc\u{202e}def\u{9b}"), "abc\\u{202e}def\\u{9b}");
        assert!(matches!(printable("brûlure 🦶, \"quoted\""), Cow::Borrowed("brûlure 🦶, \"quoted\"")));
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(num(4.5, 2), "4.5");
        assert_eq!(num(13.0 / 3.0, 2), "4.33");
        assert_eq!(num(12.0, 1), "12");
        assert_eq!(num(-0.001, 1), "0");
        assert_eq!(num(-1.125, 2), "-1.13");
        assert_eq!(num(0.125, 2), "0.13");
        assert_eq!(opt_num(None, 1), "–");
    }
}
