//! The terminal as an output: its width, wrapping to it, and colour.
//!
//! Both are decided once, at start-up ([`setup`]); commands then build their human text with
//! one paragraph per line (plus tables made by [`super::table`]) and print it through
//! [`wrap`]. Colour is written as ANSI styles and removed by `anstream` on the way out when
//! it is off, so the decision lives in one place.

use std::ffi::OsStr;
use std::sync::OnceLock;

use anstream::ColorChoice;
use anstyle::{AnsiColor, Effects, Style};
use textwrap::core::display_width;
use textwrap::{Options, WordSeparator, WordSplitter};

/// The width when it is unknown: output to a file or a pipe, no `COLUMNS`.
pub const DEFAULT_WIDTH: usize = 80;
/// Narrower terminals get this width: a table of dates and numbers needs some room.
pub const MIN_WIDTH: usize = 50;

static WIDTH: OnceLock<usize> = OnceLock::new();

/// Decides the width and the colour for this run. `color` is what `--color` asked for;
/// `NO_COLOR` (set and not empty) turns colour off whatever it says.
pub fn setup(color: ColorChoice) {
    let no_color = std::env::var_os("NO_COLOR");
    choose_color(color, no_color.as_deref()).write_global();
    let columns = std::env::var("COLUMNS").ok();
    let terminal = terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0));
    let _ = WIDTH.set(width_from(columns.as_deref(), terminal));
}

/// `--color` and `NO_COLOR` together: `never` and a non-empty `NO_COLOR` win; `auto` is
/// colour only on a terminal (anstream's own test, which also honours `TERM=dumb`).
pub fn choose_color(asked: ColorChoice, no_color: Option<&OsStr>) -> ColorChoice {
    if no_color.is_some_and(|v| !v.is_empty()) {
        ColorChoice::Never
    } else {
        asked
    }
}

/// The width to fit: `COLUMNS` when it holds a positive whole number, else the terminal's,
/// else [`DEFAULT_WIDTH`]; never less than [`MIN_WIDTH`].
pub fn width_from(columns: Option<&str>, terminal: Option<usize>) -> usize {
    let columns = columns.and_then(|c| c.trim().parse::<usize>().ok()).filter(|&c| c > 0);
    columns.or(terminal.filter(|&w| w > 0)).unwrap_or(DEFAULT_WIDTH).max(MIN_WIDTH)
}

/// The width this run fits its output to (80 before [`setup`], as in unit tests).
pub fn width() -> usize {
    WIDTH.get().copied().unwrap_or(DEFAULT_WIDTH)
}

/// Wraps every line wider than `width` at spaces, never inside a word, a date, a number or a
/// zone name (hyphens are not break points); a word longer than the line stays whole. A
/// wrapped line keeps its indentation, and a `- ` item's continuation lines line up with its
/// text. Lines that fit (tables among them) are left exactly as they are.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if display_width(body) <= width {
            if line.contains(GLUE) {
                out.push_str(&line.replace(GLUE, " "));
            } else {
                out.push_str(line);
            }
            continue;
        }
        let indent_len = body.len() - body.trim_start_matches(' ').len();
        let bullet = if body[indent_len..].starts_with("- ") { 2 } else { 0 };
        let indent = " ".repeat(indent_len + bullet);
        let options = Options::new(width)
            .word_separator(WordSeparator::AsciiSpace)
            .word_splitter(WordSplitter::NoHyphenation)
            .break_words(false)
            .subsequent_indent(&indent);
        let glued = glue(body);
        let lines = textwrap::wrap(&glued, options);
        out.push_str(&lines.join("\n").replace(GLUE, " "));
        out.push_str(newline);
    }
    out
}

/// Stands for a space that a line must not break at while it is wrapped.
pub const GLUE: char = '\u{e000}';

/// Glues the parts of a quantity together so that wrapping keeps it on one line: a dose
/// (`2 × 30 s`, `3 × 10`) and a number with its unit (`20 min`, `12.5 s`). A table cell
/// glued so keeps its doses whole too ([`super::keep_words_whole`]); [`wrap`] turns the glue
/// back into spaces on the way out.
pub fn glue(line: &str) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    let number = |w: &str| {
        let w = w.trim_start_matches(['(', '"']).trim_end_matches([',', ';', ':', ')', '"']);
        !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '–')
    };
    let unit = |w: &str| matches!(w.trim_end_matches([',', '.', ';', ':', ')', '"']), "s" | "min");
    let mut out = String::with_capacity(line.len());
    for (i, w) in words.iter().enumerate() {
        out.push_str(w);
        if let Some(next) = words.get(i + 1) {
            let keep =
                (*next == "×" && number(w)) || (*w == "×" && number(next)) || (number(w) && unit(next));
            out.push(if keep { GLUE } else { ' ' });
        }
    }
    out
}

/// Better: green.
pub const GOOD: Style = AnsiColor::Green.on_default();
/// Worse: red.
pub const BAD: Style = AnsiColor::Red.on_default();
/// A red flag: bold red.
pub const ALARM: Style = AnsiColor::Red.on_default().effects(Effects::BOLD);

/// `text` in `style` (removed on the way out when colour is off).
pub fn paint(text: &str, style: Style) -> String {
    format!("{style}{text}{style:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_width_comes_from_columns_then_the_terminal_then_80() {
        assert_eq!(width_from(Some("60"), Some(100)), 60);
        assert_eq!(width_from(Some(" 120 "), None), 120);
        assert_eq!(width_from(None, Some(100)), 100);
        assert_eq!(width_from(Some("wide"), Some(100)), 100);
        assert_eq!(width_from(Some("0"), None), 80);
        assert_eq!(width_from(None, None), 80);
        assert_eq!(width_from(Some("20"), None), MIN_WIDTH);
        assert_eq!(width_from(None, Some(0)), 80);
    }

    #[test]
    fn no_color_wins_unless_empty() {
        assert_eq!(choose_color(ColorChoice::Always, Some(OsStr::new("1"))), ColorChoice::Never);
        assert_eq!(choose_color(ColorChoice::Auto, Some(OsStr::new("1"))), ColorChoice::Never);
        assert_eq!(choose_color(ColorChoice::Always, Some(OsStr::new(""))), ColorChoice::Always);
        assert_eq!(choose_color(ColorChoice::Auto, None), ColorChoice::Auto);
        assert_eq!(choose_color(ColorChoice::Never, None), ColorChoice::Never);
    }

    #[test]
    fn dates_numbers_and_zones_are_never_split() {
        let text = "Trim the next session by 15%: pain went from 3 to 7 after the session on \
                    2026-11-20 and was 6 the next morning at left-ankle, 3.5 above your usual 2.5.\n";
        for width in [20, 30, 41, 60, 80] {
            // `wrap` itself takes any width; `setup` keeps it at MIN_WIDTH or more.
            let wrapped = wrap(text, width);
            assert!(wrapped.ends_with('\n'));
            for line in wrapped.lines() {
                assert!(display_width(line) <= width, "{width}: {line:?}\n{wrapped}");
            }
            let words: Vec<&str> = wrapped.split_whitespace().collect();
            assert_eq!(words, text.split_whitespace().collect::<Vec<_>>(), "{wrapped}");
            for token in ["2026-11-20", "left-ankle", "3.5", "15%:"] {
                assert!(wrapped.lines().any(|l| l.contains(token)), "{token} split at {width}:\n{wrapped}");
            }
        }
    }

    #[test]
    fn lines_that_fit_are_untouched_and_items_keep_their_indent() {
        let table = "┌──────┐\n│ a  b │\n└──────┘\n   trailing   \n";
        assert_eq!(wrap(table, 14), table);
        let item = "- fall reported on 2026-11-20: pause progression and contact a clinician\n";
        let wrapped = wrap(item, 30);
        assert_eq!(
            wrapped,
            "- fall reported on 2026-11-20:\n  pause progression and\n  contact a clinician\n"
        );
        let indented = "    footing log --pain N --walk MINUTES --stance-left S\n";
        assert_eq!(wrap(indented, 30), "    footing log --pain N\n    --walk MINUTES\n    --stance-left S\n");
    }

    #[test]
    fn a_dose_and_a_number_with_its_unit_stay_on_one_line() {
        let text = "- Mobility session: ankle-pumps 2 × 60 s, calf-stretch 2 × 30 s, a walk of 20 min.\n";
        for width in 20..60 {
            let wrapped = wrap(text, width);
            for whole in ["2 × 60 s,", "2 × 30 s,", "20 min."] {
                assert!(wrapped.contains(whole), "{whole} broken at {width}:\n{wrapped}");
            }
            assert!(!wrapped.contains(GLUE));
            for line in wrapped.lines() {
                assert!(display_width(line) <= width, "{width}: {line:?}");
            }
        }
        // Only numbers are glued: "a s" or "× x" are words like any other.
        assert_eq!(
            glue("2 × 10 at 5 s, x × y, 3 min"),
            "2\u{e000}×\u{e000}10 at 5\u{e000}s, x × y, 3\u{e000}min"
        );
        // A dose at the end of a clause stays whole too.
        assert_eq!(
            glue("circles 2 × 10, glide 1 × 8; toes"),
            "circles 2\u{e000}×\u{e000}10, glide 1\u{e000}×\u{e000}8; toes"
        );
    }

    #[test]
    fn a_word_longer_than_the_line_stays_whole() {
        let long = "see /a/very/long/path/to/the/footing/database/file.db now\n";
        assert_eq!(wrap(long, 20), "see\n/a/very/long/path/to/the/footing/database/file.db\nnow\n");
    }

    #[test]
    fn colour_wraps_as_plain_text_does() {
        let text = format!("{} after the session on 2026-11-20\n", paint("Worse", BAD));
        let wrapped = wrap(&text, 24);
        assert_eq!(
            anstream::adapter::strip_str(&wrapped).to_string(),
            "Worse after the session\non 2026-11-20\n"
        );
    }
}
