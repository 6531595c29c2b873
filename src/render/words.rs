//! Words shared by the terminal and the report: how a change, a direction and a verdict read.

use crate::advice::{Advice, Verdict};
use crate::trend::{Direction, Key, Metric};

use super::num;

/// A number with its sign (`+1.5`, `-2`, `0`), rounded half away from zero like the JSON.
pub fn signed(x: f64, places: usize) -> String {
    let s = num(x, places);
    if s != "0" && !s.starts_with('-') {
        format!("+{s}")
    } else {
        s
    }
}

/// Whether a metric's change is shown with its percentage: for the measures whose steady test
/// uses one (all but pain and numb zones).
pub fn shows_change_pct(m: &Metric) -> bool {
    !matches!(m.key, Key::Pain | Key::NumbZones)
}

/// The direction in words a person understands; a pain change that patients notice is marked.
pub fn direction(m: &Metric) -> String {
    let words = match m.direction {
        Direction::Better => "better",
        Direction::Worse => "worse",
        Direction::Steady => "steady",
        Direction::NotAvailable => "not enough data",
    };
    match (m.meaningful, m.direction) {
        (Some(true), Direction::Better | Direction::Worse) => format!("noticeably {words}"),
        _ => words.to_string(),
    }
}

/// The verdict as an instruction: "Trim the next session by 15%".
pub fn verdict(a: &Advice) -> String {
    match (a.verdict, a.trim_pct) {
        (Verdict::NoData, _) => "No advice yet".to_string(),
        (Verdict::Pending, _) => "Not judged yet".to_string(),
        (Verdict::Progress, _) => "Progress a little".to_string(),
        (Verdict::Hold, _) => "Keep the same volume".to_string(),
        (Verdict::Trim, Some(p)) => format!("Trim the next session by {p}%"),
        (Verdict::Trim, None) => "Trim the next session".to_string(),
        (Verdict::SeeClinician, _) => "See a clinician before progressing".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_are_shown_except_on_zero() {
        assert_eq!(signed(1.125, 2), "+1.13");
        assert_eq!(signed(-1.125, 2), "-1.13");
        assert_eq!(signed(-0.001, 2), "0");
        assert_eq!(signed(12.0, 0), "+12");
    }
}
