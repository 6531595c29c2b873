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
        .flat_map(|n| -> Vec<String> {
            match n {
                Next::Session(s) => {
                    s.note.as_ref().map(|note| format!("{}: {note}.", s.kind)).into_iter().collect()
                }
                Next::Exercise(e) => match (&e.note, e.next_step) {
                    (Some(note), _) => Some(format!("{}: {note}.", e.exercise.id)),
                    (None, Some(step)) => {
                        Some(format!("{}: at the top of its range; next, {step}.", e.exercise.id))
                    }
                    (None, None) => None,
                }
                .into_iter()
                .collect(),
                // Both: the cap says why the bout is short, the total what to keep.
                Next::Walk(w) => walk_cap(a, w).into_iter().chain(walk_total(w)).collect(),
            }
        })
        .collect();
    if let Some(line) = pause_line(a) {
        out.push(line);
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

/// What a weight-bearing pause (§6.3) leaves: the seated drills, or under a possible
/// Charcot foot only the three that keep the midfoot still. A fall pauses single-leg stance
/// alone (its note says so): no line here.
pub fn pause_line(a: &Advice) -> Option<String> {
    a.pause?;
    let what = if a.pause_charcot {
        let [a, b, c] = crate::advice::flags::CHARCOT_DRILLS;
        format!("only {a}, {b} and {c} continue")
    } else {
        "only the seated mobility drills continue".to_string()
    };
    Some(format!("Walking, strength and balance are paused: {SEE_BEFORE_WEIGHT_BEARING}; {what}."))
}

/// The usual daily total when it is more than the one bout advised (§6.4 step 6: "when it
/// is above `minutes`").
pub fn walk_total(w: &WalkNext) -> Option<String> {
    let (p, total) = (w.next?, w.usual_total?);
    (total > p.minutes)
        .then(|| format!("walk: in one comfortable bout; keep your usual daily total of about {total} min."))
}

/// One red flag with what to do about it.
pub fn red_flag(f: &RedFlag) -> String {
    format!("{}: {}.", f.describe(), f.action())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::advice::{advise_items, DayResult, WalkPlan};
    use crate::domain::{Body, Entry, Flag, Item};

    fn walk_next(minutes: u16, minutes_max: u16, usual_total: Option<u16>) -> WalkNext {
        WalkNext {
            status: Status::Progress,
            result: DayResult::Progress,
            last_date: "2031-03-19".parse().unwrap(),
            last: 20,
            next: Some(WalkPlan { minutes, minutes_max }),
            base_week: Some(20),
            usual_total,
        }
    }

    #[test]
    fn the_usual_daily_total_is_named_when_above_minutes() {
        // §6.4 step 6: "when it is above `minutes`": 21 (to 22) with a total of 22: named.
        let line = walk_total(&walk_next(21, 22, Some(22))).unwrap();
        assert!(line.contains("keep your usual daily total of about 22 min"), "{line}");
        assert_eq!(walk_total(&walk_next(22, 22, Some(22))), None);
        assert_eq!(walk_total(&walk_next(21, 22, None)), None);
    }

    /// Items: pain 2 and a 20-min walk a day 03-01 … 03-19, then `flag` on 03-19.
    fn flagged(flag: Flag) -> crate::advice::Advice {
        let mut items = Vec::new();
        for day in 1..=19 {
            let at = |h: &str| {
                chrono::NaiveDateTime::parse_from_str(&format!("2031-03-{day:02} {h}"), "%Y-%m-%d %H:%M")
                    .unwrap()
            };
            let id = items.len() as i64;
            items.push(Item { id: id + 1, at: at("07:00"), body: Body::Entry(Entry::pain(2)) });
            let walk = Entry { walk: Some(20), ..Entry::default() };
            items.push(Item { id: id + 2, at: at("10:00"), body: Body::Entry(walk) });
        }
        let at = chrono::NaiveDateTime::parse_from_str("2031-03-19 20:00", "%Y-%m-%d %H:%M").unwrap();
        let e = Entry { flags: [flag].into_iter().collect(), ..Entry::default() };
        items.push(Item { id: 100, at, body: Body::Entry(e) });
        advise_items(&items, "2031-03-20".parse().unwrap())
    }

    #[test]
    fn the_pause_line_says_what_goes_on_and_a_fall_pauses_nothing_else() {
        let line = |f: Flag| notes(&flagged(f)).into_iter().find(|n| n.starts_with("Walking, strength"));
        // A fall pauses single-leg stance only (its own note): no weight-bearing pause line.
        assert_eq!(line(Flag::Fall), None);
        assert!(line(Flag::OpenSore).unwrap().ends_with("only the seated mobility drills continue."));
        for f in [Flag::HotFoot, Flag::Deformity] {
            let l = line(f).unwrap();
            assert!(l.ends_with("only ankle-pumps, toe-fans and tibial-glide continue."), "{l}");
        }
    }

    #[test]
    fn signs_are_shown_except_on_zero() {
        assert_eq!(signed(1.125, 2), "+1.13");
        assert_eq!(signed(-1.125, 2), "-1.13");
        assert_eq!(signed(-0.001, 2), "0");
        assert_eq!(signed(12.0, 0), "+12");
    }
}
