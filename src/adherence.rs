//! Adherence (§9.5): how closely the program was followed over the two windows of §5. Pure:
//! daily values and the as-of date in, counts and targets out.
//!
//! For each window (current D−13 … D, previous D−27 … D−14) it counts the days with a session
//! of each kind, the walking days and the days with a foot check (`--feet-ok`). Targets are
//! per 14 days: strength 4–6 (two to three a week) with no strength day straight after
//! another, balance and mobility 14 (daily), foot checks 14 (daily), walking none.
//!
//! Choices where §9.5 is silent:
//! - `consecutive` (strength only) counts the strength days of the **current** window whose
//!   day before also had a strength session, even when that day before is D−14, the last day
//!   of the previous window: that pair of days was back to back all the same. The JSON has one
//!   number, and it goes with the target, which judges the current window.
//! - `consecutive` appears on strength only: for the daily kinds, consecutive days are the
//!   goal, not a problem.
//! - When the program started inside the current window (the first logged day, or the day
//!   it restarted after a break), the days before it are not "missed": the current window is
//!   judged on the days since the start. Daily work is due on each of them; strength on
//!   floor(4 × days / 14) to ceil(6 × days / 14) of them (2–3 in a first week). The JSON keeps
//!   the counts and the per-14-day targets of §9.5; only the verdict in words changes.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::daily::Day;
use crate::domain::Kind;
use crate::trend::{windows, Span};

/// What is counted, in the order `adherence` lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Habit {
    Strength,
    Balance,
    Mobility,
    Walk,
    Feet,
}

impl Habit {
    pub const ALL: [Habit; 5] = [Habit::Strength, Habit::Balance, Habit::Mobility, Habit::Walk, Habit::Feet];

    /// The `kind` of the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Habit::Strength => "strength",
            Habit::Balance => "balance",
            Habit::Mobility => "mobility",
            Habit::Walk => "walk",
            Habit::Feet => "feet",
        }
    }

    /// The days per 14 that meet the target, lowest and highest; `None`: no target.
    pub fn target(self) -> Option<(u32, u32)> {
        match self {
            Habit::Strength => Some((4, 6)),
            Habit::Balance | Habit::Mobility | Habit::Feet => Some((14, 14)),
            Habit::Walk => None,
        }
    }

    /// True when the day counts for this habit.
    fn done(self, day: &Day) -> bool {
        let session = |kind| day.sessions.get(&kind).is_some_and(|&n| n > 0);
        match self {
            Habit::Strength => session(Kind::Strength),
            Habit::Balance => session(Kind::Balance),
            Habit::Mobility => session(Kind::Mobility),
            Habit::Walk => day.walk_minutes.is_some(),
            Habit::Feet => day.feet_ok,
        }
    }
}

impl Serialize for Habit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One line of adherence; serializes as an element of `trend --json` `"adherence"` (§9.5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Adherence {
    pub kind: Habit,
    /// Days in the previous window (D−27 … D−14).
    pub previous: u32,
    /// Days in the current window (D−13 … D).
    pub current: u32,
    /// Per 14 days: `"4-6"`, `"14"`, or null when there is none.
    #[serde(serialize_with = "target_text")]
    pub target: Option<(u32, u32)>,
    /// Strength only: strength days of the current window that came the day after another.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consecutive: Option<u32>,
    /// The days of the current window since the program started: 14, or fewer when it
    /// started inside the window.
    #[serde(skip)]
    pub days: u32,
}

fn target_text<S: serde::Serializer>(t: &Option<(u32, u32)>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        None => s.serialize_none(),
        Some((lo, hi)) if lo == hi => s.serialize_str(&lo.to_string()),
        Some((lo, hi)) => s.serialize_str(&format!("{lo}-{hi}")),
    }
}

/// How the current window compares with the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Within the target, and (strength) no day straight after another.
    OnTarget,
    /// Fewer days than the target; `missing` more were needed.
    Below { missing: u32 },
    /// More days than the target (strength: more than 6).
    Above { extra: u32 },
    /// No target (walking).
    NoTarget,
}

impl Adherence {
    /// The target for the days since the program started: [`Habit::target`] over a whole
    /// window, scaled down when the program started inside it.
    pub fn range(&self) -> Option<(u32, u32)> {
        let (lo, hi) = self.target?;
        let days = self.days.min(WINDOW);
        if lo == hi {
            return Some((days, days));
        }
        Some((lo * days / WINDOW, (hi * days).div_ceil(WINDOW)))
    }

    /// True when the program started inside the current window.
    pub fn started_recently(&self) -> bool {
        self.days < WINDOW
    }

    /// The current window's count against the target, leaving `consecutive` aside.
    pub fn verdict(&self) -> Verdict {
        match self.range() {
            None => Verdict::NoTarget,
            Some((lo, _)) if self.current < lo => Verdict::Below { missing: lo - self.current },
            Some((_, hi)) if self.current > hi => Verdict::Above { extra: self.current - hi },
            Some(_) => Verdict::OnTarget,
        }
    }

    /// True when the current window meets the whole target, consecutive days included.
    pub fn on_target(&self) -> bool {
        self.verdict() == Verdict::OnTarget && self.consecutive.unwrap_or(0) == 0
    }
}

/// Days in a window.
const WINDOW: u32 = 14;

/// Adherence for `as_of`, in the order of §9.5. `days` may hold any dates; only D−27 … D are
/// used (D−14 also as the day before D−13). `start` is the day the program started (or
/// restarted), when known.
pub fn compute(days: &[Day], as_of: NaiveDate, start: Option<NaiveDate>) -> Vec<Adherence> {
    let (current, previous) = windows(as_of);
    let open = match start {
        Some(s) if current.from < s && s <= as_of => (as_of - s).num_days() + 1,
        _ => i64::from(WINDOW),
    };
    let open = u32::try_from(open).unwrap_or(WINDOW);
    let count = |habit: Habit, span: Span| {
        let n = days.iter().filter(|d| span.contains(d.date) && habit.done(d)).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    Habit::ALL
        .iter()
        .map(|&habit| Adherence {
            kind: habit,
            previous: count(habit, previous),
            current: count(habit, current),
            target: habit.target(),
            consecutive: (habit == Habit::Strength).then(|| back_to_back(days, current)),
            days: open,
        })
        .collect()
}

/// The strength days in `span` whose day before had a strength session too.
fn back_to_back(days: &[Day], span: Span) -> u32 {
    let strength: BTreeSet<NaiveDate> =
        days.iter().filter(|d| Habit::Strength.done(d)).map(|d| d.date).collect();
    let n =
        strength.iter().filter(|&&d| span.contains(d) && strength.contains(&(d - Duration::days(1)))).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daily::summarize;
    use crate::domain::{Body, Entry, Item, Session, Volume};
    use serde_json::json;

    const D: &str = "2025-03-28";

    fn date(days_before: i64) -> NaiveDate {
        NaiveDate::parse_from_str(D, "%Y-%m-%d").unwrap() - Duration::days(days_before)
    }

    fn session(days_before: i64, kind: Kind) -> Item {
        Item {
            id: 0,
            at: date(days_before).and_hms_opt(18, 0, 0).unwrap(),
            body: Body::Session(Session { kind, work: Volume::Minutes(10).into(), rpe: None, note: None }),
        }
    }

    fn entry(days_before: i64, e: Entry) -> Item {
        Item { id: 0, at: date(days_before).and_hms_opt(8, 0, 0).unwrap(), body: Body::Entry(e) }
    }

    fn feet(days_before: i64) -> Item {
        entry(days_before, Entry { feet_ok: true, ..Entry::default() })
    }

    fn walk(days_before: i64) -> Item {
        entry(days_before, Entry { walk: Some(20), ..Entry::default() })
    }

    fn strength(days_before: &[i64]) -> Vec<Item> {
        days_before.iter().map(|&d| session(d, Kind::Strength)).collect()
    }

    fn of(items: &[Item], habit: Habit) -> Adherence {
        compute(&summarize(items), date(0), Some(date(100))).into_iter().find(|a| a.kind == habit).unwrap()
    }

    fn started(items: &[Item], habit: Habit, days_before: i64) -> Adherence {
        let start = Some(date(days_before));
        compute(&summarize(items), date(0), start).into_iter().find(|a| a.kind == habit).unwrap()
    }

    #[test]
    fn the_windows_end_at_d_minus_13_and_d_minus_14() {
        // D−13 is the first day of the current window, D−14 the last of the previous one,
        // D−27 its first; D−28 and D+1 are in neither.
        let items: Vec<Item> = [-1, 0, 13, 14, 27, 28].iter().map(|&d| feet(d)).collect();
        let a = of(&items, Habit::Feet);
        assert_eq!((a.previous, a.current), (2, 2));
        let items: Vec<Item> = [0, 13].iter().map(|&d| session(d, Kind::Balance)).collect();
        assert_eq!((of(&items, Habit::Balance).previous, of(&items, Habit::Balance).current), (0, 2));
    }

    #[test]
    fn a_day_counts_once_whatever_it_holds() {
        let items = vec![
            session(3, Kind::Mobility),
            session(3, Kind::Mobility),
            walk(3),
            walk(3),
            feet(3),
            feet(3),
            walk(20),
        ];
        assert_eq!(of(&items, Habit::Mobility).current, 1);
        let w = of(&items, Habit::Walk);
        assert_eq!((w.previous, w.current), (1, 1));
        assert_eq!(of(&items, Habit::Feet).current, 1);
        // A strength session is not balance work, nor a walk.
        let items = strength(&[2]);
        assert_eq!(of(&items, Habit::Balance).current, 0);
        assert_eq!(of(&items, Habit::Walk).current, 0);
        assert_eq!(of(&items, Habit::Strength).current, 1);
    }

    #[test]
    fn consecutive_strength_days_are_counted_in_the_current_window() {
        // D−5, D−4, D−3 in a row: the second and third came the day after another.
        let a = of(&strength(&[10, 5, 4, 3, 0]), Habit::Strength);
        assert_eq!((a.current, a.consecutive), (5, Some(2)));
        assert!(!a.on_target());
        assert_eq!(a.verdict(), Verdict::OnTarget);
        // Every other day: none back to back.
        let a = of(&strength(&[12, 10, 8, 6, 4, 2]), Habit::Strength);
        assert_eq!((a.current, a.consecutive), (6, Some(0)));
        assert!(a.on_target());
        // Two sessions on one day are not consecutive days.
        let mut items = strength(&[6, 6, 3, 1]);
        items.push(session(2, Kind::Balance));
        assert_eq!(of(&items, Habit::Strength).consecutive, Some(0));
    }

    #[test]
    fn d_minus_13_after_a_strength_day_on_d_minus_14_is_consecutive() {
        let a = of(&strength(&[14, 13]), Habit::Strength);
        assert_eq!((a.previous, a.current, a.consecutive), (1, 1, Some(1)));
        // D−14 after D−15 belongs to the previous window: not counted.
        let a = of(&strength(&[15, 14]), Habit::Strength);
        assert_eq!((a.previous, a.current, a.consecutive), (2, 0, Some(0)));
    }

    #[test]
    fn strength_is_on_target_from_4_to_6_days() {
        let verdict = |n: i64| of(&strength(&(0..n).map(|i| i * 2).collect::<Vec<_>>()), Habit::Strength);
        assert_eq!(verdict(3).verdict(), Verdict::Below { missing: 1 });
        assert!(!verdict(3).on_target());
        assert_eq!(verdict(4).verdict(), Verdict::OnTarget);
        assert!(verdict(4).on_target());
        assert!(verdict(6).on_target());
        // Seven days in 14 cannot avoid two in a row.
        let a = of(&strength(&[0, 2, 4, 6, 8, 10, 12, 13]), Habit::Strength);
        assert_eq!((a.current, a.verdict(), a.consecutive), (8, Verdict::Above { extra: 2 }, Some(1)));
        assert_eq!(of(&[], Habit::Strength).verdict(), Verdict::Below { missing: 4 });
    }

    #[test]
    fn daily_targets_need_all_14_days() {
        let days = |n: i64| (0..n).map(|d| session(d, Kind::Balance)).collect::<Vec<_>>();
        assert_eq!(of(&days(13), Habit::Balance).verdict(), Verdict::Below { missing: 1 });
        assert!(of(&days(14), Habit::Balance).on_target());
        let feet_days: Vec<Item> = (0..14).map(feet).collect();
        assert!(of(&feet_days, Habit::Feet).on_target());
        assert_eq!(of(&feet_days[1..], Habit::Feet).verdict(), Verdict::Below { missing: 1 });
        assert_eq!(of(&[walk(0)], Habit::Walk).verdict(), Verdict::NoTarget);
        assert!(!of(&[walk(0)], Habit::Walk).on_target());
    }

    #[test]
    fn a_program_started_inside_the_window_is_judged_on_its_days() {
        // Started on D−13: the whole window counts, as without a start.
        let a = started(&[], Habit::Balance, 13);
        assert_eq!((a.days, a.range(), a.started_recently()), (14, Some((14, 14)), false));
        assert_eq!(started(&[], Habit::Strength, 13).range(), Some((4, 6)));
        assert_eq!(compute(&[], date(0), None)[0].days, 14);
        // Started on D−12: 13 days, daily work due on all 13.
        let a = started(&[], Habit::Feet, 12);
        assert_eq!((a.days, a.range(), a.started_recently()), (13, Some((13, 13)), true));
        // Started on D−6, a week: balance on all 7 days is on target; strength 2–3.
        let week: Vec<Item> = (0..7).map(|d| session(d, Kind::Balance)).collect();
        assert!(started(&week, Habit::Balance, 6).on_target());
        assert!(!of(&week, Habit::Balance).on_target());
        assert_eq!(started(&week[1..], Habit::Balance, 6).verdict(), Verdict::Below { missing: 1 });
        let s = started(&strength(&[5, 2]), Habit::Strength, 6);
        assert_eq!((s.range(), s.verdict()), (Some((2, 3)), Verdict::OnTarget));
        assert_eq!(started(&strength(&[2]), Habit::Strength, 6).verdict(), Verdict::Below { missing: 1 });
        assert_eq!(
            started(&strength(&[6, 4, 2, 0]), Habit::Strength, 6).verdict(),
            Verdict::Above { extra: 1 }
        );
        // Started today: strength is not due yet (0–1), daily work is.
        let s = started(&[], Habit::Strength, 0);
        assert_eq!((s.days, s.range(), s.verdict()), (1, Some((0, 1)), Verdict::OnTarget));
        assert_eq!(started(&[], Habit::Mobility, 0).verdict(), Verdict::Below { missing: 1 });
        // A start after the as-of date changes nothing.
        assert_eq!(started(&[], Habit::Feet, -3).days, 14);
        // Walking has no target however the program started.
        assert_eq!(started(&[walk(0)], Habit::Walk, 3).verdict(), Verdict::NoTarget);
    }

    #[test]
    fn the_json_follows_section_9_5() {
        let mut items = strength(&[20, 18, 16, 14, 13, 9, 5]);
        items.extend([session(1, Kind::Balance), session(0, Kind::Balance), walk(2), feet(0), feet(15)]);
        let v = serde_json::to_value(compute(&summarize(&items), date(0), Some(date(13)))).unwrap();
        assert_eq!(
            v,
            json!([
                {"kind": "strength", "previous": 4, "current": 3, "target": "4-6", "consecutive": 1},
                {"kind": "balance", "previous": 0, "current": 2, "target": "14"},
                {"kind": "mobility", "previous": 0, "current": 0, "target": "14"},
                {"kind": "walk", "previous": 0, "current": 1, "target": null},
                {"kind": "feet", "previous": 1, "current": 1, "target": "14"},
            ])
        );
    }
}
