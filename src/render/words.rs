//! Words shared by the terminal and the report: how a change, a direction and a verdict read.

use chrono::Days;

use crate::advice::flags::SEE_BEFORE_WEIGHT_BEARING;
use crate::advice::{walk, Advice, Limit, Next, RedFlag, Verdict, WalkNext};
use crate::status::Status;
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

/// The verdict as an instruction: "Trim the next session by 15%". A `progress` verdict under
/// which no volume rises (balance and mobility keep theirs, strength held back by its effort,
/// a walk kept to 110% of B) reads as what to do, not as "progress".
pub fn verdict(a: &Advice) -> String {
    let rises = a.next.iter().any(|n| n.status() == Status::Progress);
    match (a.verdict, a.trim_pct) {
        (Verdict::NoData, _) => "No advice yet".to_string(),
        (Verdict::Pending, _) => "Not judged yet".to_string(),
        (Verdict::Progress, _) if !rises => "Keep your current volumes".to_string(),
        (Verdict::Progress, _) => "Progress a little".to_string(),
        (Verdict::Hold, _) => "Keep the same volume".to_string(),
        (Verdict::Trim, Some(p)) => format!("Trim the next session by {p}%"),
        (Verdict::Trim, None) => "Trim the next session".to_string(),
        (Verdict::Restart, _) => "Start again gently".to_string(),
        (Verdict::SeeClinician, _) => "See a clinician before progressing".to_string(),
    }
}

/// The headline: the verdict in plain words, then the reason with its numbers, as one sentence.
pub fn headline(a: &Advice) -> String {
    format!("{}: {}.", verdict(a), a.reason)
}

/// The headline in its verdict's colour: green to progress, red to trim or to see a
/// clinician (`advise` and `today` print the same).
pub fn painted_headline(a: &Advice) -> String {
    use super::term::{paint, ALARM, BAD, GOOD};
    let style = match a.verdict {
        Verdict::Progress => GOOD,
        Verdict::Trim => BAD,
        Verdict::SeeClinician => ALARM,
        _ => anstyle::Style::new(),
    };
    paint(&headline(a), style)
}

/// One limit on progress, as a sentence.
pub fn limit(l: &Limit) -> String {
    format!("Not progressing yet: {}.", l.describe())
}

/// The header of the volumes table.
pub const NEXT_HEADER: [&str; 6] = ["", "status", "last time", "on", "next time", "earliest"];

/// The rows of the volumes table: kind, status, last volume, its date, next volume, earliest.
pub fn next_rows(a: &Advice) -> Vec<[String; 6]> {
    let minutes = |m: u16, max: u16| if m == max { format!("{m} min") } else { format!("{m}–{max} min") };
    a.next
        .iter()
        .map(|n| match n {
            Next::Session(s) => [
                s.kind.to_string(),
                s.status.to_string(),
                s.last.map_or_else(|| "–".to_string(), |v| v.to_string()),
                s.last_date.map(|d| d.to_string()).unwrap_or_default(),
                match (s.next, s.status) {
                    (Some(v), _) => v.to_string(),
                    (None, Status::Paused) => "paused".to_string(),
                    // A kind done as named exercises: its exercises' rows follow.
                    (None, _) => "by exercise".to_string(),
                },
                s.earliest.map(|d| d.to_string()).unwrap_or_default(),
            ],
            Next::Exercise(e) => [
                format!("  {}", e.exercise.id),
                e.status.to_string(),
                e.last.map_or_else(|| "–".to_string(), |d| d.human()),
                e.last_date.map(|d| d.to_string()).unwrap_or_default(),
                e.next.map_or_else(|| "paused".to_string(), |d| d.human()),
                String::new(),
            ],
            Next::Walk(w) => [
                "walk".to_string(),
                w.status.to_string(),
                format!("{} min", w.last),
                w.last_date.to_string(),
                w.next.map_or_else(|| "paused".to_string(), |p| minutes(p.minutes, p.minutes_max)),
                String::new(),
            ],
        })
        .collect()
}

/// The notes after the table: why a kind's volume is what it is, then the notes of §6.4.
pub fn notes(a: &Advice) -> Vec<String> {
    let mut out: Vec<String> = a
        .next
        .iter()
        .filter_map(|n| match n {
            Next::Session(s) => s.note.as_ref().map(|note| format!("{}: {note}.", s.kind)),
            Next::Exercise(e) => match (&e.note, e.next_step) {
                (Some(note), _) => Some(format!("{}: {note}.", e.exercise.id)),
                (None, Some(step)) => {
                    Some(format!("{}: at the top of its range; next, {step}.", e.exercise.id))
                }
                (None, None) => None,
            },
            Next::Walk(w) => walk_cap(a, w).or_else(|| walk_total(w)),
        })
        .collect();
    if a.next.iter().any(|n| n.status() == Status::Paused) {
        out.push(paused());
    }
    out.extend(a.notes.iter().map(|n| format!("Note: {n}.")));
    out
}

/// Why the walk is shorter than the last one when the 110% cap of §6.4 step 5 made it so: the
/// last walk went past 110% of B, the longest comfortable bout of T−14 … T−8.
fn walk_cap(a: &Advice, w: &WalkNext) -> Option<String> {
    let (b, p) = (w.base_week?, w.next?);
    let cap = walk::cap(b);
    (p.minutes_max == cap && w.last > cap).then(|| {
        let week = |n| a.as_of.checked_sub_days(Days::new(n)).unwrap_or(a.as_of);
        format!(
            "walk: at most {cap} min, of {b} min, your usual comfortable walk from {} to {}; a single longer walk is not yet a tolerated volume, and jumps are what raise injury risk.",
            week(14),
            week(8)
        )
    })
}

/// The usual daily total when it is more than the one bout advised (§6.4 step 6).
pub fn walk_total(w: &WalkNext) -> Option<String> {
    let (p, total) = (w.next?, w.usual_total?);
    (total > p.minutes_max)
        .then(|| format!("walk: in one comfortable bout; keep your usual daily total of about {total} min."))
}

/// The sentence for a pause of weight-bearing work (§6.3).
pub fn paused() -> String {
    format!(
        "Walking, strength and balance are paused: {SEE_BEFORE_WEIGHT_BEARING}; only the seated mobility drills continue."
    )
}

/// One red flag with what to do about it.
pub fn red_flag(f: &RedFlag) -> String {
    format!("{}: {}.", f.describe(), f.action())
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
