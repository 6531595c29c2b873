//! Suggestions for mistakes (SPEC v3 §10): the nearest valid names to a misspelt command,
//! flag name, zone or red flag, and the right form of a value given without its flag.

use crate::program::catalogue::distance;

/// The candidates nearest to `word`: within two edits (one for words of four letters or
/// fewer), or begun by it, or beginning it (`falls` → fall); the closest first, at most three.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let w = word.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    if w.len() < 2 {
        return Vec::new();
    }
    let mut near: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != w)
        .filter_map(|c| {
            let d = distance(&w, c);
            let limit = if c.len() <= 4 { 1 } else { 2 };
            // A swap of two neighbours (`lgo`) counts as one edit here.
            let swapped =
                w.len() == c.len() && w.chars().zip(c.chars()).filter(|(a, b)| a != b).count() == 2 && {
                    let mut a: Vec<char> = w.chars().collect();
                    let mut b: Vec<char> = c.chars().collect();
                    a.sort_unstable();
                    b.sort_unstable();
                    a == b
                };
            let prefix = w.len() >= 3 && (c.starts_with(&w) || w.starts_with(c));
            // Begun by what was typed (`zone` → zones) ranks first.
            let score = if c.starts_with(&w) && w.len() >= 3 {
                0
            } else if swapped {
                1
            } else {
                d
            };
            (d <= limit || swapped || prefix).then_some((score, c))
        })
        .collect();
    near.sort();
    let best = near.first().map(|(d, _)| *d);
    near.into_iter().filter(|(d, _)| Some(*d) == best).take(3).map(|(_, c)| c).collect()
}

/// "did you mean a? " / "did you mean a or b? ", or nothing.
pub fn did_you_mean(near: &[&str]) -> String {
    match near {
        [] => String::new(),
        [one] => format!("did you mean {one}? "),
        [rest @ .., last] => format!("did you mean {} or {last}? ", rest.join(", ")),
    }
}

/// What `footing log VALUE` most likely meant: the value with the flag it belongs to.
pub fn log_value(value: &str) -> Option<String> {
    use crate::domain;
    let v = value.trim();
    if domain::parse_pain(v).is_ok() {
        return Some(format!("footing log --pain {v}"));
    }
    if domain::parse_numb(v).is_ok() {
        return Some(format!("footing log --numb {v}"));
    }
    if domain::parse_flag(v).is_ok() {
        return Some(format!("footing log --flag {v}"));
    }
    if domain::parse_walk(v).is_ok() && (v.ends_with("min") || v.ends_with(" m")) {
        return Some(format!("footing log --walk {v}"));
    }
    None
}

/// What `session KIND DOSE` meant: the volume flags (`2x10` → `--sets 2 --reps 10`).
pub fn session_volume(kind: &str, word: &str) -> Option<String> {
    use crate::domain::{parse_dose, Dose};
    match parse_dose(word).ok()? {
        Dose::Reps { sets, reps } => Some(format!("footing session {kind} --sets {sets} --reps {reps}")),
        Dose::Minutes(m) => Some(format!("footing session {kind} --minutes {m}")),
        Dose::Seconds { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_names() {
        let commands = ["log", "session", "history", "undo", "today", "trend", "zones"];
        assert_eq!(nearest("lgo", commands), ["log"]);
        assert_eq!(nearest("sesion", commands), ["session"]);
        assert_eq!(nearest("hist", commands), ["history"]);
        assert_eq!(nearest("zone", ["done", "zones"]), ["zones"]);
        assert_eq!(nearest("xyz", commands), Vec::<&str>::new());
        let flags = crate::domain::Flag::ALL.iter().map(|f| f.as_str());
        assert_eq!(nearest("falls", flags.clone()), ["fall"]);
        assert_eq!(nearest("opensore", flags.clone()), ["open-sore"]);
        assert_eq!(nearest("night_pain", flags), Vec::<&str>::new(), "the same name is no suggestion");
        assert_eq!(did_you_mean(&["a", "b", "c"]), "did you mean a, b or c? ");
    }

    #[test]
    fn a_value_without_its_flag() {
        assert_eq!(log_value("3").as_deref(), Some("footing log --pain 3"));
        assert_eq!(log_value("left-toes").as_deref(), Some("footing log --numb left-toes"));
        assert_eq!(log_value("fall").as_deref(), Some("footing log --flag fall"));
        assert_eq!(log_value("hello"), None);
        assert_eq!(
            session_volume("strength", "2x10").as_deref(),
            Some("footing session strength --sets 2 --reps 10")
        );
        assert_eq!(
            session_volume("mobility", "10min").as_deref(),
            Some("footing session mobility --minutes 10")
        );
        assert_eq!(session_volume("balance", "3x20s"), None);
    }
}
