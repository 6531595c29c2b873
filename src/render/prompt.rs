//! One typed answer on a terminal, for `footing checkin` (§10): the question wrapped at the
//! width like every other paragraph, the answer typed on its own line with the usual
//! line-editing keys (Ctrl-U erases to the start of the line, Ctrl-W a word, Ctrl-A/Ctrl-E and
//! the arrows move), a rejected answer cleared with what is allowed shown above the new line,
//! and a skipped question shown as skipped.
//!
//! The editing itself is a pure state machine ([`Line`]); [`ask`] only reads keys and draws.

use std::io::Write;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;

use super::term;

/// What an answer line holds: the text and the cursor (a char index).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    chars: Vec<char>,
    cursor: usize,
}

/// What a key did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Keep reading.
    Editing,
    /// Enter: the answer as typed.
    Done(String),
    /// Esc, Ctrl-C, or Ctrl-D on an empty line: stop without an answer.
    Stop,
}

impl Line {
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn clear(&mut self) {
        self.chars.clear();
        self.cursor = 0;
    }

    /// Applies one key.
    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => return Outcome::Done(self.text()),
            KeyCode::Esc => return Outcome::Stop,
            KeyCode::Char('c') if ctrl => return Outcome::Stop,
            KeyCode::Char('d') if ctrl && self.chars.is_empty() => return Outcome::Stop,
            KeyCode::Char('d') if ctrl => self.delete_right(),
            // Ctrl-U: erase from the start of the line to the cursor (readline's unix-line-discard).
            KeyCode::Char('u') if ctrl => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            // Ctrl-K: erase from the cursor to the end.
            KeyCode::Char('k') if ctrl => self.chars.truncate(self.cursor),
            // Ctrl-W: erase the word before the cursor.
            KeyCode::Char('w') if ctrl => {
                let mut start = self.cursor;
                while start > 0 && self.chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && self.chars[start - 1] != ' ' {
                    start -= 1;
                }
                self.chars.drain(start..self.cursor);
                self.cursor = start;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.chars.len(),
            KeyCode::Char('b') if ctrl => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Char('f') if ctrl => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Char('h') if ctrl => self.delete_left(),
            KeyCode::Char(_) if ctrl => {}
            KeyCode::Char(c) => {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            KeyCode::Backspace => self.delete_left(),
            KeyCode::Delete => self.delete_right(),
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            _ => {}
        }
        Outcome::Editing
    }

    fn delete_left(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            self.chars.remove(self.cursor);
        }
    }

    fn delete_right(&mut self) {
        if self.cursor < self.chars.len() {
            self.chars.remove(self.cursor);
        }
    }
}

/// What the answer line shows at the start.
const MARK: &str = "> ";

/// Text for the terminal in raw mode: wrapped at the width, lines ended by CR LF.
fn raw_lines(text: &str) -> String {
    term::wrap(text, term::width()).replace('\n', "\r\n")
}

/// Leaves raw mode however [`ask`] ends.
struct Raw;

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Asks `question` (with `help` under it) and reads one answer: `Ok(None)` when Enter was
/// pressed on an empty line (shown as skipped), `Err(())` when the person stopped (Esc,
/// Ctrl-C). `check` refuses an answer with what is allowed: the message is shown, the line
/// cleared, and the question asked again.
pub fn ask(
    question: &str,
    help: &str,
    check: &dyn Fn(&str) -> Result<(), String>,
) -> std::io::Result<Option<String>> {
    let mut out = std::io::stdout();
    // Raw mode before the question shows: keys typed as soon as it appears are read as
    // typed (in the line discipline's cooked mode Enter would arrive as a line feed).
    terminal::enable_raw_mode()?;
    let raw = Raw;
    write!(out, "{}", raw_lines(&format!("{question}\n")))?;
    if !help.is_empty() {
        write!(out, "{}", raw_lines(&format!("({help})\n")))?;
    }
    out.flush()?;
    let mut line = Line::default();
    let answer = loop {
        let width = term::width().max(MARK.len() + 2);
        // The visible end of the line: what fits, so the line never wraps while typing.
        let text = line.text();
        let fits = width - MARK.len() - 1;
        let shown: String = text.chars().skip(text.chars().count().saturating_sub(fits)).collect();
        let back = line.chars.len() - line.cursor;
        write!(out, "\r\x1b[2K{MARK}{shown}")?;
        if back > 0 && back <= shown.chars().count() {
            write!(out, "\x1b[{back}D")?;
        }
        out.flush()?;
        let Event::Key(key) = event::read()? else { continue };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        match line.key(key) {
            Outcome::Editing => {}
            Outcome::Stop => {
                write!(out, "\r\n")?;
                drop(raw);
                return Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "stopped"));
            }
            Outcome::Done(text) if text.trim().is_empty() => {
                write!(out, "\r\x1b[2K{MARK}skipped\r\n")?;
                break None;
            }
            Outcome::Done(text) => match check(text.trim()) {
                Ok(()) => {
                    write!(out, "\r\n")?;
                    break Some(text);
                }
                Err(allowed) => {
                    // The rejected answer stays in view, marked, with what is allowed; the
                    // new line starts empty.
                    write!(out, "\r\n{}", raw_lines(&format!("not accepted: {}: {allowed}\n", text.trim())))?;
                    line.clear();
                }
            },
        }
    };
    drop(raw);
    out.flush()?;
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(line: &mut Line, keys: &[KeyEvent]) -> Outcome {
        let mut last = Outcome::Editing;
        for k in keys {
            last = line.key(*k);
        }
        last
    }

    fn ch(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn code(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn the_usual_line_editing_keys() {
        let mut l = Line::default();
        press(&mut l, &[ch('1'), ch('2'), ctrl('u')]);
        assert_eq!(l.text(), "", "Ctrl-U erases the line");
        press(&mut l, &[ch('3'), ch('0'), ch(' '), ch('m'), ch('i'), ch('n'), ctrl('w')]);
        assert_eq!(l.text(), "30 ", "Ctrl-W erases a word");
        press(&mut l, &[code(KeyCode::Backspace), ctrl('a'), ch('x'), ctrl('e'), ch('y')]);
        assert_eq!(l.text(), "x30y");
        press(&mut l, &[code(KeyCode::Left), code(KeyCode::Left), ctrl('u')]);
        assert_eq!(l.text(), "0y", "Ctrl-U erases up to the cursor");
        press(&mut l, &[ctrl('k')]);
        assert_eq!(l.text(), "");
        assert_eq!(press(&mut l, &[ch('5'), code(KeyCode::Enter)]), Outcome::Done("5".into()));
        assert_eq!(press(&mut Line::default(), &[ctrl('c')]), Outcome::Stop);
        assert_eq!(press(&mut Line::default(), &[code(KeyCode::Esc)]), Outcome::Stop);
        assert_eq!(press(&mut Line::default(), &[ctrl('d')]), Outcome::Stop);
        // Other control keys type nothing.
        let mut l = Line::default();
        press(&mut l, &[ctrl('x'), ctrl('u'), ch('u')]);
        assert_eq!(l.text(), "u");
    }
}
