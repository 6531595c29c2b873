//! Human output: tables, numbers, sparklines.

pub mod adherence;
pub mod chart;
pub mod feet;
pub mod home;
pub mod prompt;
pub mod report;
pub mod spark;
pub mod term;
pub mod words;

use std::borrow::Cow;
use std::fmt::Write as _;

use comfy_table::{presets, ColumnConstraint, ContentArrangement, Table, TableComponent, Width};

/// Text that came from a person or a file, made safe to print on a terminal (§8): control
/// characters (escape sequences that clear the screen or retitle the window, line breaks,
/// tabs) and the invisible marks that reorder text are shown escaped, as Rust writes them
/// (`\u{1b}`, `\n`, `\t`). Everything else, accents and emoji included, is kept.
pub fn printable(text: &str) -> Cow<'_, str> {
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

/// A file name as a message shows it, with control characters escaped like [`printable`].
pub fn shown_path(path: &std::path::Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// True for the characters [`printable`] shows escaped: control characters and the invisible
/// marks that reorder text.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text of several lines that may hold a person's or a file's text (an error message naming
/// a path, a CSV export), made safe for a terminal as [`printable`] does, except that its
/// line breaks (`\n`, `\r\n`) and tabs stay as they are.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    let kept = |i: usize, c: char| matches!(c, '\n' | '\t') || (c == '\r' && text[i + 1..].starts_with('\n'));
    if !text.char_indices().any(|(i, c)| unsafe_char(c) && !kept(i, c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        if unsafe_char(c) && !kept(i, c) {
            out.push_str(&printable(c.encode_utf8(&mut [0; 4])));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON that says exactly what `json` says, with the characters [`printable`] escapes written
/// as JSON escapes (`\u009b`). serde_json escapes the control characters below U+0020 but
/// leaves DEL, the C1 controls and the marks that reorder text raw: a terminal would act on
/// them, and the output stream removes what looks like an escape sequence when colour is off,
/// which would change the data. Outside strings JSON holds no such characters, so only
/// string contents change.
pub fn json_safe(json: String) -> String {
    // Most JSON is ASCII without control characters: then nothing needs a look char by char.
    let plain = |b: &u8| (0x20..0x7f).contains(b) || matches!(b, b'\n' | b'\t' | b'\r');
    if json.as_bytes().iter().all(plain) {
        return json;
    }
    if !json.contains(|c: char| unsafe_char(c) && !matches!(c, '\n' | '\t' | '\r')) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_char(c) && !matches!(c, '\n' | '\t' | '\r') {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A table in footing's house style, fitted to the output's width ([`term::width`]). Its
/// cells may carry colour (`Cell::fg`); it is removed on the way out when colour is off.
pub fn table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut t = headless_table();
    t.load_preset(presets::UTF8_FULL_CONDENSED).set_header(header);
    t
}

/// Fits `t` to the width once its rows are in: boxed when it fits so, else [`compact`]; and
/// no word split ([`keep_words_whole`]).
pub fn fit(t: &mut Table) {
    if natural_width(t) > term::width() {
        compact(t);
    }
    keep_words_whole(t);
}

/// Makes `t` compact: no vertical lines and one space between columns, a line under the
/// header and around the table only — so that many short columns fit a narrow terminal.
pub fn compact(t: &mut Table) {
    t.load_preset(presets::UTF8_HORIZONTAL_ONLY)
        .remove_style(TableComponent::HorizontalLines)
        .remove_style(TableComponent::MiddleIntersections);
    for column in t.column_iter_mut() {
        column.set_padding((0, 0));
    }
}

/// How wide `t` would be with no cell wrapped (its border and separators included).
pub fn natural_width(t: &Table) -> usize {
    let columns: usize = (0..t.column_iter().count())
        .map(|i| {
            let padding = t.column(i).map_or(0, |c| usize::from(c.padding_width()));
            let cells = t.column_cells_iter(i).flatten().chain(t.header().and_then(|h| h.cell_iter().nth(i)));
            cells
                .flat_map(|c| c.content().lines().map(|l| l.chars().count()).collect::<Vec<_>>())
                .max()
                .unwrap_or(0)
                + padding
        })
        .sum();
    columns + t.column_iter().count() + 1
}

/// A table without a header or lines: label and value pairs, fitted to the width.
pub fn headless_table() -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(term::width()).unwrap_or(u16::MAX))
        .enforce_styling();
    t
}

/// Keeps every word of `t` whole: each column is at least as wide as its longest word (a
/// date, a number, a zone name, a dose — `2 × 30 s` counts as one word), so comfy-table
/// wraps cells at spaces only; a line's indentation (an exercise under its kind) counts
/// with its first word, so that it is kept. When that would not fit the width, a dose may
/// break at its spaces, then the indentation may go. Call it once the rows are in. A word
/// longer than half the width (a long path in a note) may still be split: the table must fit.
pub fn keep_words_whole(t: &mut Table) {
    let most = term::width() / 2;
    let longest = |glue: bool, indent: bool| -> Vec<usize> {
        let words = |content: &str| -> Vec<usize> {
            content
                .lines()
                .flat_map(|line| {
                    let text = line.trim_start_matches(' ');
                    let glued = if glue { term::glue(text) } else { text.to_string() };
                    let mut widths: Vec<usize> =
                        glued.split_whitespace().map(|w| w.chars().count()).collect();
                    if let (Some(first), true) = (widths.first_mut(), indent) {
                        *first += line.len() - text.len();
                    }
                    widths
                })
                .collect()
        };
        (0..t.column_iter().count())
            .map(|i| {
                let cells = t.column_cells_iter(i).flatten().map(|c| c.content());
                let header = t.header().and_then(|h| h.cell_iter().nth(i)).map(|c| c.content());
                cells.chain(header).flat_map(|c| words(&c)).max().unwrap_or(1).min(most)
            })
            .collect()
    };
    let total = |bounds: &[usize]| -> usize {
        let padding: usize = t.column_iter().map(|c| usize::from(c.padding_width())).sum();
        bounds.iter().sum::<usize>() + padding + bounds.len() + 1
    };
    let bounds = [(true, true), (false, true), (false, false)]
        .into_iter()
        .map(|(glue, indent)| longest(glue, indent))
        .find(|b| total(b) <= term::width())
        .unwrap_or_else(|| longest(false, false));
    for (column, longest) in t.column_iter_mut().zip(bounds) {
        let width = u16::try_from(longest).unwrap_or(u16::MAX).saturating_add(column.padding_width());
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(width)));
    }
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
    fn lines_keep_their_breaks_and_tabs() {
        assert_eq!(printable_lines("a\u{1b}]0;x\u{7}\r\nb\tc\rd\n"), "a\\u{1b}]0;x\\u{7}\r\nb\tc\\rd\n");
        assert!(matches!(printable_lines("one\r\ntwo\n"), Cow::Borrowed("one\r\ntwo\n")));
    }

    #[test]
    fn json_says_the_same_with_terminal_controls_escaped() {
        let raw =
            serde_json::to_string_pretty(&serde_json::json!({"note": "a\u{9b}2J\u{7f}\u{202e}\u{1b}é"}))
                .unwrap();
        let safe = json_safe(raw.clone());
        assert_eq!(safe, "{\n  \"note\": \"a\\u009b2J\\u007f\\u202e\\u001bé\"\n}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
            serde_json::from_str::<serde_json::Value>(&raw).unwrap()
        );
        let plain = "{\"a\": 1}".to_string();
        assert_eq!(json_safe(plain.clone()), plain);
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
