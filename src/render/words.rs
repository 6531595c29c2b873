//! Words shared by the terminal and the report: how a change, a direction and a verdict read.

use crate::advice::{Advice, Rule, Verdict};
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

/// What the 24-hour rule found, in words, after "The 24-hour rule, for the session on DAY: ":
/// "pain before 3, highest after 7, next morning 6 (3 above the pain before)".
pub fn rule_numbers(r: &Rule) -> String {
    let found = |x: Option<String>| x.unwrap_or_else(|| "none logged".to_string());
    let before = found(r.baseline.map(|b| {
        if r.baseline_is_median {
            format!("{b} (median of the week before)")
        } else {
            b.to_string()
        }
    }));
    let excess = r.excess.map_or(String::new(), |e| match e.value() {
        x if x > 0.0 => format!(" ({} above the pain before)", num(x, 2)),
        x if x < 0.0 => format!(" ({} below the pain before)", num(-x, 2)),
        _ => " (the same as before)".to_string(),
    });
    format!(
        "pain before {before}, highest after {}, next morning {}{excess}",
        found(r.peak.map(|p| p.to_string())),
        found(r.next_day.map(|p| p.to_string()))
    )
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

    #[test]
    fn the_rule_names_its_numbers_and_what_is_missing() {
        use crate::advice::Points;
        let rule = Rule {
            baseline: Some(Points::from_f64(3.5)),
            baseline_is_median: true,
            peak: Some(5),
            next_day: Some(3),
            excess: Some(Points::from_f64(-0.5)),
            ..Rule::default()
        };
        assert_eq!(
            rule_numbers(&rule),
            "pain before 3.5 (median of the week before), highest after 5, next morning 3 (0.5 below the pain before)"
        );
        let pending = Rule { baseline: Some(Points::from_pain(2)), peak: Some(4), ..Rule::default() };
        assert_eq!(rule_numbers(&pending), "pain before 2, highest after 4, next morning none logged");
    }
}
