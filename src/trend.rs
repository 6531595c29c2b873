//! The two-week trend (§5). Pure: daily values and the as-of date in, the comparison out.
//!
//! Also the numbness map of `footing zones`: zones × weeks, days reported.
//!
//! Every threshold compares values rounded to 2 decimals, half away from zero (§5), so a
//! change exactly on a threshold (10 %, 1.0 point, …) is never flipped by floating-point noise.
//!
//! Choices where §5 is silent:
//! - For the two counts, `previous_days`/`current_days` are the days in the window that had a
//!   session (`sessions`) or any item (`days_logged`).
//! - Counts and their changes serialize as whole numbers; means as numbers with 2 decimals.
//! - `program_week` is null when nothing was logged on or before the as-of date.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::daily::Day;
use crate::domain::{Stance, Zone};
use crate::round::{round1, round2};

/// Days in one window.
pub const WINDOW_DAYS: i64 = 14;
/// Days covered by the two windows (and by each sparkline).
pub const SERIES_DAYS: usize = 28;

/// The metrics of §5, in the order `metrics` lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Key {
    Pain,
    StanceLeft,
    StanceRight,
    HeelRaises,
    WalkMinutes,
    NumbZones,
    Sessions,
    DaysLogged,
}

/// When a change counts as steady.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Steady {
    /// abs(change) below this.
    Change(f64),
    /// abs(change_pct) below this; with a previous value of 0 any change counts.
    Pct(f64),
}

impl Key {
    pub const ALL: [Key; 8] = [
        Key::Pain,
        Key::StanceLeft,
        Key::StanceRight,
        Key::HeelRaises,
        Key::WalkMinutes,
        Key::NumbZones,
        Key::Sessions,
        Key::DaysLogged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Key::Pain => "pain",
            Key::StanceLeft => "stance_left",
            Key::StanceRight => "stance_right",
            Key::HeelRaises => "heel_raises",
            Key::WalkMinutes => "walk_minutes",
            Key::NumbZones => "numb_zones",
            Key::Sessions => "sessions",
            Key::DaysLogged => "days_logged",
        }
    }

    /// The measure in words a person understands, with its unit.
    pub fn label(self) -> &'static str {
        match self {
            Key::Pain => "pain (0–10)",
            Key::StanceLeft => "stance left (seconds)",
            Key::StanceRight => "stance right (seconds)",
            Key::HeelRaises => "heel raises (count)",
            Key::WalkMinutes => "walking (min/day)",
            Key::NumbZones => "numb zones (per check)",
            Key::Sessions => "sessions",
            Key::DaysLogged => "days logged",
        }
    }

    /// Counts are totals over the window (never null); the others are means of daily values.
    pub fn is_count(self) -> bool {
        matches!(self, Key::Sessions | Key::DaysLogged)
    }

    pub fn lower_is_better(self) -> bool {
        matches!(self, Key::Pain | Key::NumbZones)
    }

    fn steady(self) -> Steady {
        match self {
            Key::Pain => Steady::Change(1.0),
            Key::NumbZones => Steady::Change(0.5),
            _ => Steady::Pct(10.0),
        }
    }

    /// The daily value of this metric for a day that has at least one item.
    pub fn daily(self, day: &Day) -> Option<f64> {
        match self {
            Key::Pain => day.pain,
            Key::StanceLeft => day.stance_left.map(Stance::seconds),
            Key::StanceRight => day.stance_right.map(Stance::seconds),
            Key::HeelRaises => day.heel_raises.map(f64::from),
            Key::WalkMinutes => day.walk_minutes.map(f64::from),
            Key::NumbZones => day.numb.as_ref().map(|z| z.len() as f64),
            Key::Sessions => Some(f64::from(day.session_count())),
            Key::DaysLogged => Some(1.0),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Direction {
    #[serde(rename = "better")]
    Better,
    #[serde(rename = "worse")]
    Worse,
    #[serde(rename = "steady")]
    Steady,
    #[serde(rename = "n/a")]
    NotAvailable,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Better => "better",
            Direction::Worse => "worse",
            Direction::Steady => "steady",
            Direction::NotAvailable => "n/a",
        }
    }
}

/// A window's first and last day, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Span {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// One row of the comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    pub key: Key,
    pub previous: Option<f64>,
    pub current: Option<f64>,
    pub change: Option<f64>,
    pub change_pct: Option<f64>,
    pub direction: Direction,
    /// Pain only: a change of the size patients notice.
    pub meaningful: Option<bool>,
    pub previous_days: u32,
    pub current_days: u32,
    /// The 28 daily values D−27 … D, oldest first (counts: 0 on days without any).
    pub series: Vec<Option<f64>>,
}

impl Serialize for Metric {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// Counts as whole numbers, means rounded to 2 decimals.
        struct Num(Option<f64>, bool);
        impl Serialize for Num {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match *self {
                    Num(None, _) => s.serialize_none(),
                    Num(Some(x), true) => s.serialize_i64(x.round() as i64),
                    // `+ 0.0` turns a rounded −0 (from floating-point noise) into 0.
                    Num(Some(x), false) => s.serialize_f64(round2(x) + 0.0),
                }
            }
        }
        let count = self.key.is_count();
        let mut st = s.serialize_struct("Metric", if self.meaningful.is_some() { 9 } else { 8 })?;
        st.serialize_field("key", &self.key)?;
        st.serialize_field("previous", &Num(self.previous, count))?;
        st.serialize_field("current", &Num(self.current, count))?;
        st.serialize_field("change", &Num(self.change, count))?;
        st.serialize_field("change_pct", &self.change_pct.map(|x| round1(x) + 0.0))?;
        st.serialize_field("direction", &self.direction)?;
        if let Some(m) = self.meaningful {
            st.serialize_field("meaningful", &m)?;
        }
        st.serialize_field("previous_days", &self.previous_days)?;
        st.serialize_field("current_days", &self.current_days)?;
        st.end()
    }
}

/// Single-leg stance under this many seconds went with falls in people with peripheral
/// neuropathy (Hurvitz 2000).
pub const FALL_RISK_STANCE: f64 = 30.0;

impl Metric {
    /// A foot whose stance mean in the current window is under 30 s (§5), marked "under 30 s —
    /// a level linked to more falls". The mean is compared as shown, to two decimals: a mean
    /// of 29.996 reads 30 and is not marked.
    pub fn under_fall_risk_stance(&self) -> bool {
        matches!(self.key, Key::StanceLeft | Key::StanceRight)
            && self.current.is_some_and(|c| round2(c) < FALL_RISK_STANCE)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Numbness {
    pub previous_zones: Vec<Zone>,
    pub current_zones: Vec<Zone>,
    pub new: Vec<Zone>,
    pub resolved: Vec<Zone>,
}

/// The two-week comparison; serializes as `trend --json` (§5).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trend {
    pub as_of: NaiveDate,
    pub program_week: Option<u32>,
    pub current: Span,
    pub previous: Span,
    pub metrics: Vec<Metric>,
    pub numbness: Numbness,
    /// How closely the program was followed (§9.5).
    pub adherence: Vec<crate::adherence::Adherence>,
    /// The home tests taken in either window, the latest of each (§11.2); filled by the
    /// caller from the test items ([`crate::home::trend_tests`]).
    pub tests: Vec<crate::home::TrendTest>,
    /// The first day of the program week 1 counts from (not in the JSON).
    #[serde(skip)]
    pub program_start: Option<NaiveDate>,
}

impl Trend {
    pub fn metric(&self, key: Key) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.key == key)
    }

    /// The 28 daily values D−27 … D of a metric, for a sparkline.
    pub fn series(&self, key: Key) -> &[Option<f64>] {
        self.metric(key).map_or(&[], |m| &m.series)
    }

    /// The phase text of the program week, when there is one.
    pub fn phase(&self) -> Option<&'static str> {
        self.program_week.map(phase)
    }

    /// True when no day in either window has any item.
    pub fn is_empty(&self) -> bool {
        self.metric(Key::DaysLogged).is_none_or(|m| m.previous_days == 0 && m.current_days == 0)
    }
}

/// The program week of `as_of`: `(as_of − first_day) div 7 + 1`; week 1 before `first_day`.
pub fn program_week(first_day: NaiveDate, as_of: NaiveDate) -> u32 {
    let days = (as_of - first_day).num_days().max(0);
    u32::try_from(days / 7 + 1).unwrap_or(u32::MAX)
}

/// What the program's phase is about in a given week (§5).
pub fn phase(week: u32) -> &'static str {
    match week {
        0..=2 => "learn the drills, build consistency",
        3..=6 => "expect steadier balance and modest relief",
        7..=12 => "endurance and stronger push-off; flare-ups settle faster",
        _ => "maintain and keep tracking",
    }
}

/// The current and previous windows for `as_of`.
pub fn windows(as_of: NaiveDate) -> (Span, Span) {
    let current = Span { from: as_of - Duration::days(WINDOW_DAYS - 1), to: as_of };
    let previous =
        Span { from: as_of - Duration::days(2 * WINDOW_DAYS - 1), to: as_of - Duration::days(WINDOW_DAYS) };
    (current, previous)
}

/// The direction of a change from `previous` to `current` for `key`, comparing the change
/// and its percentage rounded to 2 decimals with the steady band.
pub fn direction(key: Key, previous: Option<f64>, current: Option<f64>) -> Direction {
    let (Some(p), Some(c)) = (previous, current) else {
        return Direction::NotAvailable;
    };
    let change = round2(c - p);
    let steady = match key.steady() {
        Steady::Change(limit) => change.abs() < limit,
        Steady::Pct(_) if p == 0.0 => change == 0.0,
        Steady::Pct(limit) => round2(100.0 * (c - p) / p).abs() < limit,
    };
    if steady {
        Direction::Steady
    } else if (change < 0.0) == key.lower_is_better() {
        Direction::Better
    } else {
        Direction::Worse
    }
}

/// Whether a pain change is one patients notice (Farrar 2001): the direction is `better` or
/// `worse`, and abs(change) ≥ 2 or abs(change_pct) ≥ 30, each rounded to 2 decimals.
pub fn meaningful(previous: Option<f64>, current: Option<f64>) -> bool {
    let (Some(p), Some(c)) = (previous, current) else {
        return false;
    };
    if !matches!(direction(Key::Pain, previous, current), Direction::Better | Direction::Worse) {
        return false;
    }
    round2(c - p).abs() >= 2.0 || (p != 0.0 && round2(100.0 * (c - p) / p).abs() >= 30.0)
}

/// The program start for `as_of` from the logged days on or before it, newest first: the
/// latest logged day whose previous logged day is 28 or more days earlier (or that has none).
pub fn program_start(days: impl IntoIterator<Item = NaiveDate>) -> Option<NaiveDate> {
    let mut start: Option<NaiveDate> = None;
    for day in days {
        match start {
            Some(s) if (s - day).num_days() >= BREAK_DAYS => return start,
            _ => start = Some(day),
        }
    }
    start
}

/// A gap of this many days or more between two logged days restarts the program at week 1.
pub const BREAK_DAYS: i64 = 28;

/// A window's value and the number of days that gave it.
fn window_value(key: Key, days: &[&Day]) -> (Option<f64>, u32) {
    let values: Vec<f64> = days.iter().filter_map(|d| key.daily(d)).collect();
    if key.is_count() {
        let n = values.iter().filter(|&&v| v > 0.0).count() as u32;
        (Some(values.iter().sum()), n)
    } else if values.is_empty() {
        (None, 0)
    } else {
        (Some(values.iter().sum::<f64>() / values.len() as f64), values.len() as u32)
    }
}

fn zones_in(days: &[&Day]) -> BTreeSet<Zone> {
    days.iter().filter_map(|d| d.numb.as_ref()).flatten().copied().collect()
}

/// Compares the two weeks up to `as_of` with the two before (§5). `days` may hold any dates;
/// only D−27 … D are used. `program_start` is the day week 1 counts from (see
/// [`program_start`]).
pub fn compute(days: &[Day], as_of: NaiveDate, program_start: Option<NaiveDate>) -> Trend {
    let (current, previous) = windows(as_of);
    let by_date: BTreeMap<NaiveDate, &Day> =
        days.iter().filter(|d| previous.from <= d.date && d.date <= as_of).map(|d| (d.date, d)).collect();
    let cur_days: Vec<&Day> = by_date.values().copied().filter(|d| current.contains(d.date)).collect();
    let prev_days: Vec<&Day> = by_date.values().copied().filter(|d| previous.contains(d.date)).collect();

    let metrics = Key::ALL
        .iter()
        .map(|&key| {
            let (prev, previous_days) = window_value(key, &prev_days);
            let (cur, current_days) = window_value(key, &cur_days);
            let change = prev.zip(cur).map(|(p, c)| c - p);
            let change_pct = prev.zip(change).and_then(|(p, ch)| (p != 0.0).then(|| 100.0 * ch / p));
            let series = (0..SERIES_DAYS as i64)
                .map(|i| {
                    let date = previous.from + Duration::days(i);
                    match by_date.get(&date) {
                        Some(day) => key.daily(day),
                        None if key.is_count() => Some(0.0),
                        None => None,
                    }
                })
                .collect();
            Metric {
                key,
                previous: prev,
                current: cur,
                change,
                change_pct,
                direction: direction(key, prev, cur),
                meaningful: (key == Key::Pain).then(|| meaningful(prev, cur)),
                previous_days,
                current_days,
                series,
            }
        })
        .collect();

    let before = zones_in(&prev_days);
    let now = zones_in(&cur_days);
    // New and resolved zones need a numbness check in both windows to compare.
    let checked = |days: &[&Day]| days.iter().any(|d| d.numb.is_some());
    let compare = checked(&prev_days) && checked(&cur_days);
    let numbness = Numbness {
        previous_zones: before.iter().copied().collect(),
        current_zones: now.iter().copied().collect(),
        new: if compare { now.difference(&before).copied().collect() } else { Vec::new() },
        resolved: if compare { before.difference(&now).copied().collect() } else { Vec::new() },
    };

    Trend {
        as_of,
        program_week: program_start.filter(|&f| f <= as_of).map(|f| program_week(f, as_of)),
        current,
        previous,
        metrics,
        numbness,
        adherence: crate::adherence::compute(days, as_of, program_start),
        tests: Vec::new(),
        program_start: program_start.filter(|&f| f <= as_of),
    }
}

/// One week of the numbness map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZoneWeek {
    /// 1 = the oldest week shown.
    pub week: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Days with a numbness check (zones or `none`).
    pub days_checked: u32,
    /// Zones reported this week and in no earlier shown week, when an earlier shown week had a
    /// check (never any in the first checked week, which has nothing to compare with).
    pub new: Vec<Zone>,
}

/// One zone of the numbness map: the days it was reported, week by week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZoneRow {
    pub zone: Zone,
    /// Days reported, one number per shown week, oldest first.
    pub days: Vec<u32>,
}

/// The numbness map of `footing zones`; serializes as `zones --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZoneMap {
    pub as_of: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub weeks: Vec<ZoneWeek>,
    /// Only zones reported in the shown weeks, sorted left first, then toes upward.
    pub zones: Vec<ZoneRow>,
}

/// The first day of the numbness map of `weeks` weeks ending on `as_of`.
pub fn zone_map_start(as_of: NaiveDate, weeks: u32) -> NaiveDate {
    as_of - Duration::days(7 * i64::from(weeks.max(1)) - 1)
}

/// Zones × weeks for the `weeks` weeks of 7 days ending on `as_of` (the newest week ends on
/// `as_of`). `days` may hold any dates; only the shown weeks are used.
pub fn zone_weeks(days: &[Day], as_of: NaiveDate, weeks: u32) -> ZoneMap {
    let weeks = weeks.max(1);
    let from = zone_map_start(as_of, weeks);
    let mut spans: Vec<ZoneWeek> = (0..weeks)
        .map(|w| {
            let start = from + Duration::days(7 * i64::from(w));
            ZoneWeek {
                week: w + 1,
                from: start,
                to: start + Duration::days(6),
                days_checked: 0,
                new: Vec::new(),
            }
        })
        .collect();
    let mut counts: BTreeMap<Zone, Vec<u32>> = BTreeMap::new();
    for day in days.iter().filter(|d| from <= d.date && d.date <= as_of) {
        let Some(numb) = &day.numb else { continue };
        let w = ((day.date - from).num_days() / 7) as usize;
        spans[w].days_checked += 1;
        for zone in numb {
            counts.entry(*zone).or_insert_with(|| vec![0; weeks as usize])[w] += 1;
        }
    }
    // A zone is new only against an earlier week that had a check: the first checked week
    // has nothing to compare with.
    let first_checked = spans.iter().position(|w| w.days_checked > 0);
    for (zone, days) in &counts {
        if let Some(first) = days.iter().position(|&n| n > 0).filter(|&w| Some(w) > first_checked) {
            spans[first].new.push(*zone);
        }
    }
    ZoneMap {
        as_of,
        from,
        to: as_of,
        weeks: spans,
        zones: counts.into_iter().map(|(zone, days)| ZoneRow { zone, days }).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daily::summarize;
    use crate::domain::{parse_numb, parse_stance, Body, Entry, Item, Kind, Numb, Session, Volume, Work};
    use serde_json::json;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const D: &str = "2025-03-28";

    /// Items `days_before` D at `hh:00`.
    fn at(days_before: i64, hour: u32) -> chrono::NaiveDateTime {
        (date(D) - Duration::days(days_before)).and_hms_opt(hour, 0, 0).unwrap()
    }

    fn entry(days_before: i64, hour: u32, e: Entry) -> Item {
        Item { id: 0, at: at(days_before, hour), body: Body::Entry(e) }
    }

    fn pain(days_before: i64, hour: u32, p: u8) -> Item {
        entry(days_before, hour, Entry::pain(p))
    }

    fn numb(days_before: i64, zones: &str) -> Item {
        entry(days_before, 9, Entry { numb: Some(parse_numb(zones).unwrap()), ..Entry::default() })
    }

    fn note(days_before: i64) -> Item {
        entry(days_before, 9, Entry { note: Some("rest".into()), ..Entry::default() })
    }

    fn stance_left(days_before: i64, s: &str) -> Item {
        entry(days_before, 9, Entry { stance_left: Some(parse_stance(s).unwrap()), ..Entry::default() })
    }

    fn session(days_before: i64) -> Item {
        Item {
            id: 0,
            at: at(days_before, 10),
            body: Body::Session(Session {
                kind: Kind::Strength,
                work: Work::Volume(Volume::SetsReps { sets: 2, reps: 10 }),
                rpe: None,
                note: None,
            }),
        }
    }

    fn trend(items: &[Item]) -> Trend {
        compute(&summarize(items), date(D), Some(date("2025-01-01")))
    }

    fn metric(t: &Trend, key: Key) -> Metric {
        t.metric(key).unwrap().clone()
    }

    #[test]
    fn window_edges_are_d_minus_13_and_d_minus_14_and_d_minus_28_is_out() {
        // D−13 is the first current day, D−14 the last previous day, D−27 the first previous
        // day and D−28 belongs to neither window.
        let t = trend(&[pain(0, 9, 2), pain(13, 9, 4), pain(14, 9, 6), pain(27, 9, 8), pain(28, 9, 10)]);
        let p = metric(&t, Key::Pain);
        assert_eq!(p.current, Some(3.0)); // (2 + 4) / 2
        assert_eq!(p.previous, Some(7.0)); // (6 + 8) / 2; the 10 on D−28 is not counted
        assert_eq!((p.previous_days, p.current_days), (2, 2));
        assert_eq!(p.change, Some(-4.0));
        assert!((p.change_pct.unwrap() - (-400.0 / 7.0)).abs() < 1e-12);
        assert_eq!(p.direction, Direction::Better);
        assert_eq!(p.meaningful, Some(true));
        assert_eq!(t.current, Span { from: date("2025-03-15"), to: date(D) });
        assert_eq!(t.previous, Span { from: date("2025-03-01"), to: date("2025-03-14") });
        let days = metric(&t, Key::DaysLogged);
        assert_eq!((days.previous, days.current), (Some(2.0), Some(2.0)));
        // The series runs D−27 … D: index 0 is D−27, index 13 is D−14, index 27 is D.
        let s = t.series(Key::Pain);
        assert_eq!(s.len(), 28);
        assert_eq!((s[0], s[13], s[14], s[27]), (Some(8.0), Some(6.0), Some(4.0), Some(2.0)));
        assert_eq!(s.iter().flatten().count(), 4);
    }

    #[test]
    fn several_readings_a_day_give_the_mean_of_daily_means() {
        // Current: day A readings 2, 3 (mean 2.5), day B one reading 6: (2.5 + 6) / 2 = 4.25,
        // not the mean of the three readings (11 / 3).
        let t = trend(&[pain(1, 8, 2), pain(1, 20, 3), pain(2, 8, 6)]);
        let p = metric(&t, Key::Pain);
        assert_eq!(p.current, Some(4.25));
        assert_eq!(p.current_days, 2);
        assert_eq!(p.previous, None);
        assert_eq!(p.previous_days, 0);
        assert_eq!((p.change, p.change_pct), (None, None));
        assert_eq!(p.direction, Direction::NotAvailable);
        assert_eq!(p.meaningful, Some(false));
    }

    #[test]
    fn numb_zones_count_none_days_as_zero_and_skip_unchecked_days() {
        // Previous: 2 zones, then `none` (0): mean 1.0. A note-only day is not checked.
        // Current: left-toes,right-toes (2) and both-ball,left-toes (3): mean 2.5.
        let t = trend(&[
            numb(20, "left-toes,left-arch"),
            numb(18, "none"),
            note(17),
            numb(5, "left-toes,right-toes"),
            numb(3, "both-ball,left-toes"),
            note(2),
        ]);
        let n = metric(&t, Key::NumbZones);
        assert_eq!((n.previous, n.current), (Some(1.0), Some(2.5)));
        assert_eq!((n.previous_days, n.current_days), (2, 2));
        assert_eq!(n.change, Some(1.5));
        assert_eq!(n.change_pct, Some(150.0));
        assert_eq!(n.direction, Direction::Worse);
        assert_eq!(n.meaningful, None);
        let z = |s: &str| parse_numb(s).unwrap().into_iter().collect::<Vec<_>>();
        assert_eq!(
            t.numbness,
            Numbness {
                previous_zones: z("left-toes,left-arch"),
                current_zones: z("left-toes,left-ball,right-toes,right-ball"),
                new: z("left-ball,right-toes,right-ball"),
                resolved: z("left-arch"),
            }
        );
        let json = serde_json::to_value(&t.numbness).unwrap();
        assert_eq!(
            json,
            json!({"previous_zones": ["left-toes", "left-arch"],
                   "current_zones": ["left-toes", "left-ball", "right-toes", "right-ball"],
                   "new": ["left-ball", "right-toes", "right-ball"], "resolved": ["left-arch"]})
        );
    }

    #[test]
    fn empty_windows_give_null_and_n_a_but_counts_stay_zero() {
        let t = compute(&[], date(D), None);
        assert_eq!(t.program_week, None);
        assert!(t.is_empty());
        for m in &t.metrics {
            if m.key.is_count() {
                assert_eq!(
                    (m.previous, m.current, m.change),
                    (Some(0.0), Some(0.0), Some(0.0)),
                    "{:?}",
                    m.key
                );
                assert_eq!(m.change_pct, None);
                assert_eq!(m.direction, Direction::Steady);
                assert!(m.series.iter().all(|v| *v == Some(0.0)));
            } else {
                assert_eq!((m.previous, m.current, m.change, m.change_pct), (None, None, None, None));
                assert_eq!(m.direction, Direction::NotAvailable);
                assert!(m.series.iter().all(Option::is_none));
            }
            assert_eq!((m.previous_days, m.current_days), (0, 0));
        }
        let keys: Vec<&str> = t.metrics.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "pain",
                "stance_left",
                "stance_right",
                "heel_raises",
                "walk_minutes",
                "numb_zones",
                "sessions",
                "days_logged"
            ]
        );
    }

    #[test]
    fn counts_from_zero_have_null_pct_but_still_a_direction() {
        // No sessions before, 3 now (on 2 days; two on D−1); days logged 0 → 2.
        let t = trend(&[session(1), session(1), session(4)]);
        let s = metric(&t, Key::Sessions);
        assert_eq!((s.previous, s.current, s.change, s.change_pct), (Some(0.0), Some(3.0), Some(3.0), None));
        assert_eq!(s.direction, Direction::Better);
        assert_eq!((s.previous_days, s.current_days), (0, 2));
        assert_eq!(s.series[26], Some(2.0));
        assert_eq!(s.series[23], Some(1.0));
        assert_eq!(s.series[0], Some(0.0));
        let d = metric(&t, Key::DaysLogged);
        assert_eq!(
            (d.previous, d.current, d.change_pct, d.direction),
            (Some(0.0), Some(2.0), None, Direction::Better)
        );
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            json!({"key": "sessions", "previous": 0, "current": 3, "change": 3, "change_pct": null,
                   "direction": "better", "previous_days": 0, "current_days": 2})
        );
        // Fewer sessions: 3 → 0 is worse, −100 %.
        let t = trend(&[session(15), session(16), session(20)]);
        let s = metric(&t, Key::Sessions);
        assert_eq!((s.change, s.change_pct, s.direction), (Some(-3.0), Some(-100.0), Direction::Worse));
    }

    #[test]
    fn pain_is_steady_below_one_point() {
        use Direction::*;
        let d = |p: f64, c: f64| direction(Key::Pain, Some(p), Some(c));
        assert_eq!(d(4.0, 4.99), Steady);
        assert_eq!(d(4.0, 3.01), Steady);
        assert_eq!(d(4.0, 5.0), Worse);
        assert_eq!(d(4.0, 3.0), Better);
        // Exactly one point although 1.4 − 0.4 is 0.9999999999999999 in floating point.
        assert_eq!(d(0.4, 1.4), Worse);
        assert_eq!(d(4.0, 4.0), Steady);
        assert_eq!(direction(Key::Pain, None, Some(3.0)), NotAvailable);
        assert_eq!(direction(Key::Pain, Some(3.0), None), NotAvailable);
        // Through summarize: 4 → 3 (better), 4 → 3.5 (steady).
        assert_eq!(metric(&trend(&[pain(20, 9, 4), pain(2, 9, 3)]), Key::Pain).direction, Better);
        assert_eq!(
            metric(&trend(&[pain(20, 9, 4), pain(2, 9, 3), pain(2, 19, 4)]), Key::Pain).direction,
            Steady
        );
    }

    #[test]
    fn numb_zones_are_steady_below_half_a_zone() {
        use Direction::*;
        let d = |p: f64, c: f64| direction(Key::NumbZones, Some(p), Some(c));
        assert_eq!(d(2.0, 2.49), Steady);
        assert_eq!(d(2.0, 1.51), Steady);
        assert_eq!(d(2.0, 2.5), Worse);
        assert_eq!(d(2.0, 1.5), Better);
        assert_eq!(d(0.0, 0.5), Worse);
        assert_eq!(d(0.0, 0.49), Steady);
    }

    #[test]
    fn percentage_metrics_are_steady_below_ten_percent() {
        use Direction::*;
        for key in [
            Key::StanceLeft,
            Key::StanceRight,
            Key::HeelRaises,
            Key::WalkMinutes,
            Key::Sessions,
            Key::DaysLogged,
        ] {
            let d = |p: f64, c: f64| direction(key, Some(p), Some(c));
            assert_eq!(d(100.0, 109.9), Steady, "{key:?}");
            assert_eq!(d(100.0, 90.1), Steady, "{key:?}");
            assert_eq!(d(100.0, 110.0), Better, "{key:?}");
            assert_eq!(d(100.0, 90.0), Worse, "{key:?}");
            // Exactly 10 % even when the floating-point quotient lands a hair below it.
            // (1.21 − 1.1) / 1.1 is 9.999999999999988 % in floating point.
            assert_eq!(d(1.1, 1.21), Better, "{key:?}");
            // From 0: any change counts, no change is steady.
            assert_eq!(d(0.0, 0.0), Steady, "{key:?}");
            assert_eq!(d(0.0, 3.0), Better, "{key:?}");
        }
        // Through summarize, stance in tenths: 20 s → 22 s is exactly +10 %; 20 s → 21.9 s is 9.5 %.
        let t = trend(&[stance_left(20, "20"), stance_left(3, "22")]);
        let m = metric(&t, Key::StanceLeft);
        assert_eq!((m.change_pct, m.direction), (Some(10.0), Better));
        let t = trend(&[stance_left(20, "20"), stance_left(3, "21.9")]);
        assert_eq!(metric(&t, Key::StanceLeft).direction, Steady);
        // Best of the day: 18 and 22 on one day count as 22.
        let t = trend(&[stance_left(20, "20"), stance_left(3, "18"), stance_left(3, "22")]);
        assert_eq!(metric(&t, Key::StanceLeft).current, Some(22.0));
    }

    #[test]
    fn meaningful_pain_starts_at_two_points_or_thirty_percent() {
        // Exactly 2 points (2/8 = 25 %): meaningful; 1.99 points: not.
        assert!(meaningful(Some(8.0), Some(6.0)));
        assert!(!meaningful(Some(8.0), Some(6.01)));
        // Exactly 30 % (1.5 of 5): meaningful; 29.8 % (1.49 of 5): not.
        assert!(meaningful(Some(5.0), Some(3.5)));
        assert!(meaningful(Some(5.0), Some(6.5)));
        assert!(!meaningful(Some(5.0), Some(3.51)));
        // From 0 only the points count.
        assert!(!meaningful(Some(0.0), Some(1.0)));
        assert!(meaningful(Some(0.0), Some(2.0)));
        assert!(!meaningful(None, Some(2.0)));
        // Only with a direction: 0.5 → 0 is −100 % but inside the steady band of 1 point.
        assert!(!meaningful(Some(0.5), Some(0.0)));
        assert!(!meaningful(Some(3.0), Some(3.99)), "33 % but steady");
        assert!(meaningful(Some(3.0), Some(4.0)), "1 point, 33 %: worse and meaningful");
        // Compared on values rounded to 2 decimals: 1/3 + 2/3 of a point is exactly 1.
        assert_eq!(direction(Key::Pain, Some(2.0), Some(2.0 + 1.0 / 3.0 + 2.0 / 3.0)), Direction::Worse);
        assert_eq!(direction(Key::Pain, Some(2.0), Some(2.994)), Direction::Steady);
        assert_eq!(direction(Key::Pain, Some(2.0), Some(2.995)), Direction::Worse);
        let t = trend(&[pain(20, 9, 5), pain(2, 9, 3), pain(2, 15, 4)]);
        let p = metric(&t, Key::Pain);
        // 5 → 3.5: change −1.5, −30 %: better and meaningful.
        assert_eq!(
            (p.change, p.change_pct, p.direction, p.meaningful),
            (Some(-1.5), Some(-30.0), Direction::Better, Some(true))
        );
    }

    #[test]
    fn program_weeks_and_phases() {
        let first = date("2025-01-01");
        let week = |days: i64| program_week(first, first + Duration::days(days));
        assert_eq!((week(0), week(6), week(7), week(13), week(14)), (1, 1, 2, 2, 3));
        assert_eq!(program_week(first, first - Duration::days(3)), 1);
        assert_eq!(phase(1), "learn the drills, build consistency");
        assert_eq!(phase(2), "learn the drills, build consistency");
        assert_eq!(phase(3), "expect steadier balance and modest relief");
        assert_eq!(phase(6), "expect steadier balance and modest relief");
        assert_eq!(phase(7), "endurance and stronger push-off; flare-ups settle faster");
        assert_eq!(phase(12), "endurance and stronger push-off; flare-ups settle faster");
        assert_eq!(phase(13), "maintain and keep tracking");
        assert_eq!(phase(200), "maintain and keep tracking");
        // In compute: first day on D−28 → (28 div 7) + 1 = week 5; a first day after D → null.
        let t = compute(&[], date(D), Some(date("2025-02-28")));
        assert_eq!((t.program_week, t.phase()), (Some(5), Some("expect steadier balance and modest relief")));
        assert_eq!(compute(&[], date(D), Some(date("2025-03-29"))).program_week, None);
    }

    #[test]
    fn a_break_of_28_days_restarts_the_program() {
        let days = |v: &[&str]| v.iter().rev().map(|s| date(s)).collect::<Vec<_>>();
        // Newest first: 27 days apart keeps the start; 28 days apart restarts it.
        assert_eq!(
            program_start(days(&["2025-01-01", "2025-01-28", "2025-02-24"])),
            Some(date("2025-01-01"))
        );
        assert_eq!(
            program_start(days(&["2025-01-01", "2025-01-29", "2025-02-01"])),
            Some(date("2025-01-29"))
        );
        assert_eq!(
            program_start(days(&["2025-01-01", "2025-01-29", "2025-02-26"])),
            Some(date("2025-02-26"))
        );
        assert_eq!(program_start(days(&["2025-01-01"])), Some(date("2025-01-01")));
        assert_eq!(program_start(Vec::new()), None);
        let t = compute(
            &[],
            date("2025-02-26"),
            program_start(days(&["2025-01-01", "2025-01-29", "2025-02-26"])),
        );
        assert_eq!((t.program_week, t.program_start), (Some(1), Some(date("2025-02-26"))));
    }

    #[test]
    fn json_has_the_shape_of_section_5() {
        // Previous: pain 4 and 5 (mean 4.5) on D−20 and D−15. Current: 3, and 3 & 4 (3.5): 3.25.
        let t = trend(&[pain(20, 9, 4), pain(15, 9, 5), pain(5, 9, 3), pain(1, 8, 3), pain(1, 20, 4)]);
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(v["as_of"], json!("2025-03-28"));
        assert_eq!(v["program_week"], json!(13));
        assert_eq!(v["current"], json!({"from": "2025-03-15", "to": "2025-03-28"}));
        assert_eq!(v["previous"], json!({"from": "2025-03-01", "to": "2025-03-14"}));
        assert_eq!(
            v["metrics"][0],
            json!({"key": "pain", "previous": 4.5, "current": 3.25, "change": -1.25, "change_pct": -27.8,
                   "direction": "better", "meaningful": false, "previous_days": 2, "current_days": 2})
        );
        assert_eq!(
            v["metrics"][1],
            json!({"key": "stance_left", "previous": null, "current": null, "change": null, "change_pct": null,
                   "direction": "n/a", "previous_days": 0, "current_days": 0})
        );
        assert_eq!(
            v["adherence"][0],
            json!({"kind": "strength", "previous": 0, "current": 0, "target": "4-6", "consecutive": 0})
        );
        assert_eq!(v["adherence"].as_array().unwrap().len(), 5);
        // The tests taken in either window (§11.2), filled by the command.
        assert_eq!(v["tests"], json!([]));
        assert_eq!(v.as_object().unwrap().len(), 8);
    }

    #[test]
    fn a_stance_mean_under_30_seconds_is_marked() {
        let under = |values: &[&str]| {
            let items: Vec<Item> = values.iter().enumerate().map(|(i, s)| stance_left(i as i64, s)).collect();
            metric(&trend(&items), Key::StanceLeft).under_fall_risk_stance()
        };
        assert!(under(&["29.9"]));
        assert!(!under(&["30"]));
        // The mean of the current window: (29.9 + 30.1) / 2 = 30, not under.
        assert!(!under(&["29.9", "30.1"]));
        assert!(under(&["29.9", "30"]));
        // 29.9, 30 and 30.1 (mean 30 up to floating-point noise) read 30: not under.
        assert!(!under(&["29.9", "30", "30.1"]));
        assert!(under(&["29.9", "29.9", "30.1"]));
        // A previous window under 30 s alone is not marked; nor is a foot without readings.
        assert!(!metric(&trend(&[stance_left(20, "10")]), Key::StanceLeft).under_fall_risk_stance());
        assert!(!metric(&trend(&[stance_left(2, "10")]), Key::StanceRight).under_fall_risk_stance());
        assert!(!metric(&trend(&[pain(2, 9, 3)]), Key::Pain).under_fall_risk_stance());
    }

    #[test]
    fn an_unchanged_mean_never_serializes_as_negative_zero() {
        // Previous days: mean pain 0, 0 and 5/3 (readings 1, 2, 2); current: 0, 1 and 2/3
        // (readings 0, 1, 1). Both windows are 5/9, but the floating-point sums differ by
        // 1e-16, which rounded to 2 decimals used to print as `"change":-0.0`.
        let t = trend(&[
            pain(20, 9, 0),
            pain(19, 9, 0),
            pain(18, 8, 1),
            pain(18, 9, 2),
            pain(18, 10, 2),
            pain(6, 9, 0),
            pain(5, 9, 1),
            pain(4, 8, 0),
            pain(4, 9, 1),
            pain(4, 10, 1),
        ]);
        let p = metric(&t, Key::Pain);
        assert_eq!(p.direction, Direction::Steady);
        let text = serde_json::to_string(&p).unwrap();
        assert!(!text.contains("-0.0"), "{text}");
        assert!(text.contains(r#""change":0.0,"change_pct":0.0,"#), "{text}");
    }

    #[test]
    fn zone_map_calls_a_zone_new_only_against_weeks_that_were_checked() {
        // 4 weeks ending on D. Week 1 has a note only, week 2 nothing, and week 3 has the first
        // check: its zones cannot be called new. Week 4 adds right-heel: new.
        let items = [note(25), checked(12, "left-toes"), checked(3, "left-toes,right-heel")];
        let map = zone_weeks(&summarize(&items), date(D), 4);
        let new: Vec<Vec<String>> =
            map.weeks.iter().map(|w| w.new.iter().map(Zone::to_string).collect()).collect();
        assert_eq!(new, [vec![], vec![], vec![], vec!["right-heel".to_string()]]);
        assert_eq!(map.weeks.iter().map(|w| w.days_checked).collect::<Vec<_>>(), [0, 0, 1, 1]);
    }

    proptest::proptest! {
        /// For any history: counts equal the sums of their series, a mean lies between the
        /// lowest and highest daily value of its window, and `n/a` exactly when a window is empty.
        #[test]
        fn windows_agree_with_their_series(
            readings in proptest::collection::vec((0i64..40, 0u32..24, 0u8..=10, 0u16..=60, 0u8..4), 0..60)
        ) {
            let items: Vec<Item> = readings
                .iter()
                .map(|&(day, hour, p, walk, kind)| match kind {
                    0 => pain(day, hour, p),
                    1 => entry(day, hour, Entry { walk: (walk > 0).then_some(walk), numb: Some(Default::default()), ..Entry::default() }),
                    2 => session(day),
                    _ => note(day),
                })
                .collect();
            let t = trend(&items);
            proptest::prop_assert_eq!(t.metrics.len(), 8);
            for m in &t.metrics {
                let (prev, cur) = m.series.split_at(14);
                for (window, value, days) in [(prev, m.previous, m.previous_days), (cur, m.current, m.current_days)] {
                    let present: Vec<f64> = window.iter().flatten().copied().collect();
                    if m.key.is_count() {
                        proptest::prop_assert_eq!(value, Some(present.iter().sum::<f64>()));
                        proptest::prop_assert_eq!(days as usize, present.iter().filter(|&&v| v > 0.0).count());
                    } else {
                        proptest::prop_assert_eq!(days as usize, present.len());
                        proptest::prop_assert_eq!(value.is_none(), present.is_empty());
                        if let Some(v) = value {
                            let lo = present.iter().copied().fold(f64::INFINITY, f64::min);
                            let hi = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                            proptest::prop_assert!(lo - 1e-9 <= v && v <= hi + 1e-9);
                        }
                    }
                }
                proptest::prop_assert_eq!(m.direction == Direction::NotAvailable, m.previous.is_none() || m.current.is_none());
                proptest::prop_assert_eq!(m.meaningful.is_some(), m.key == Key::Pain);
            }
        }
    }

    /// One generated item: days before D (some outside both windows), hour, and what it holds.
    fn any_item() -> impl proptest::strategy::Strategy<Value = Item> {
        use proptest::prelude::*;
        let zone = (0usize..16).prop_map(|i| Zone::all().nth(i).unwrap());
        let entry = (
            proptest::option::of(0u8..=10),
            proptest::option::of(proptest::collection::btree_set(zone, 0..5)),
            proptest::option::of(0u16..=3000),
            proptest::option::of(0u16..=200),
            proptest::option::of(1u16..=1440),
        )
            .prop_map(|(pain, numb, tenths, heel, walk)| {
                Body::Entry(Entry {
                    pain,
                    numb,
                    stance_left: tenths.and_then(Stance::from_tenths),
                    heel_raises: heel,
                    walk,
                    note: Some("x".into()),
                    ..Entry::default()
                })
            });
        let session = Just(Body::Session(Session {
            kind: Kind::Balance,
            work: Work::Volume(Volume::Minutes(10)),
            rpe: None,
            note: None,
        }));
        (0i64..34, 0u32..24, prop_oneof![4 => entry, 1 => session])
            .prop_map(|(days_before, hour, body)| Item { id: 0, at: at(days_before, hour), body })
    }

    proptest::proptest! {
        /// Each window checked against a direct reading of §5 on the raw items, plus the
        /// invariants of the comparison and of its JSON.
        #[test]
        fn windows_follow_section_5_on_raw_items(items in proptest::collection::vec(any_item(), 0..80)) {
            use proptest::{prop_assert, prop_assert_eq};
            let t = trend(&items);
            // §5 literally: current = D−13 … D, previous = D−27 … D−14.
            let ago = |n| date(D) - Duration::days(n);
            let (cur, prev) = (Span { from: ago(13), to: ago(0) }, Span { from: ago(27), to: ago(14) });
            for (span, pick) in [(prev, 0usize), (cur, 1)] {
                let inside: Vec<&Item> = items.iter().filter(|i| span.contains(i.date())).collect();
                let dates: BTreeSet<NaiveDate> = inside.iter().map(|i| i.date()).collect();
                let val = |key| { let m = metric(&t, key); [m.previous, m.current][pick] };
                let days = |key| { let m = metric(&t, key); [m.previous_days, m.current_days][pick] };
                // Counts: never null, days_logged ≤ 14.
                prop_assert_eq!(val(Key::DaysLogged), Some(dates.len() as f64));
                prop_assert!(dates.len() <= 14);
                let sessions = inside.iter().filter(|i| matches!(i.body, Body::Session(_))).count();
                prop_assert_eq!(val(Key::Sessions), Some(sessions as f64));
                // Pain: the mean over days with pain of each day's mean reading.
                let mut daily: Vec<f64> = Vec::new();
                let mut zones_per_check: Vec<f64> = Vec::new();
                let mut walk_totals: Vec<f64> = Vec::new();
                for d in &dates {
                    let on: Vec<&Entry> = inside
                        .iter()
                        .filter(|i| i.date() == *d)
                        .filter_map(|i| match &i.body { Body::Entry(e) => Some(e), _ => None })
                        .collect();
                    let pains: Vec<f64> = on.iter().filter_map(|e| e.pain).map(f64::from).collect();
                    if !pains.is_empty() {
                        daily.push(pains.iter().sum::<f64>() / pains.len() as f64);
                    }
                    let checks: Vec<&Numb> = on.iter().filter_map(|e| e.numb.as_ref()).collect();
                    if !checks.is_empty() {
                        let union: BTreeSet<Zone> = checks.into_iter().flatten().copied().collect();
                        zones_per_check.push(union.len() as f64);
                    }
                    let walks: Vec<f64> = on.iter().filter_map(|e| e.walk).map(f64::from).collect();
                    if !walks.is_empty() {
                        walk_totals.push(walks.iter().sum());
                    }
                }
                let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
                let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
                    (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                    (a, b) => a.is_none() && b.is_none(),
                };
                prop_assert!(close(val(Key::Pain), mean(&daily)), "pain {:?} vs {:?}", val(Key::Pain), mean(&daily));
                prop_assert_eq!(days(Key::Pain) as usize, daily.len());
                prop_assert!(close(val(Key::NumbZones), mean(&zones_per_check)));
                prop_assert_eq!(days(Key::NumbZones) as usize, zones_per_check.len());
                prop_assert!(close(val(Key::WalkMinutes), mean(&walk_totals)));
                // Never recorded in these items: null, and n/a.
                prop_assert_eq!(val(Key::StanceRight), None);
            }
            for m in &t.metrics {
                prop_assert_eq!(m.direction == Direction::NotAvailable, m.previous.is_none() || m.current.is_none());
                prop_assert_eq!(m.change.is_some(), m.previous.is_some() && m.current.is_some());
                prop_assert_eq!(m.change_pct.is_some(), m.change.is_some() && m.previous != Some(0.0));
                if m.key.is_count() {
                    prop_assert!(m.previous.is_some() && m.current.is_some());
                }
                if let (Some(p), Some(c)) = (m.previous, m.current) {
                    // Steady exactly when the table's test says so, on values rounded to 2 decimals.
                    let ch = c - p;
                    let steady = match m.key {
                        Key::Pain => round2(ch).abs() < 1.0,
                        Key::NumbZones => round2(ch).abs() < 0.5,
                        _ if p == 0.0 => round2(ch) == 0.0,
                        _ => round2(100.0 * ch / p).abs() < 10.0,
                    };
                    prop_assert_eq!(m.direction == Direction::Steady, steady, "{:?}", m);
                    if !steady {
                        let up = ch > 0.0;
                        let better = up != m.key.lower_is_better();
                        prop_assert_eq!(m.direction, if better { Direction::Better } else { Direction::Worse });
                    }
                }
            }
            // Numbness: new and resolved are the set differences when both windows had a check
            // (else empty), disjoint, sorted.
            let n = &t.numbness;
            let ago = |k| date(D) - Duration::days(k);
            let checked_in = |from: i64, to: i64| items.iter().any(|i| {
                (ago(from)..=ago(to)).contains(&i.date()) && matches!(&i.body, Body::Entry(e) if e.numb.is_some())
            });
            let compare = checked_in(27, 14) && checked_in(13, 0);
            let set = |v: &[Zone]| v.iter().copied().collect::<BTreeSet<Zone>>();
            for v in [&n.previous_zones, &n.current_zones, &n.new, &n.resolved] {
                prop_assert!(v.windows(2).all(|w| w[0] < w[1]));
            }
            let (p, c) = (set(&n.previous_zones), set(&n.current_zones));
            let none = BTreeSet::new();
            prop_assert_eq!(set(&n.new), if compare { c.difference(&p).copied().collect::<BTreeSet<_>>() } else { none.clone() });
            prop_assert_eq!(set(&n.resolved), if compare { p.difference(&c).copied().collect::<BTreeSet<_>>() } else { none });
            if let Some(pm) = t.metrics.iter().find(|m| m.key == Key::Pain) {
                prop_assert!(pm.meaningful != Some(true) || matches!(pm.direction, Direction::Better | Direction::Worse));
            }
            prop_assert!(set(&n.new).is_disjoint(&set(&n.resolved)));
            // JSON: the metrics in order, each with exactly its keys; never a negative zero.
            let v = serde_json::to_value(&t).unwrap();
            let text = v.to_string();
            prop_assert!([":-0.0,", ":-0.0}", ":-0,"].iter().all(|z| !text.contains(z)), "{}", text);
            let keys: Vec<&str> = v["metrics"].as_array().unwrap().iter().map(|m| m["key"].as_str().unwrap()).collect();
            prop_assert_eq!(keys, Key::ALL.map(Key::as_str).to_vec());
            for m in v["metrics"].as_array().unwrap() {
                let mut fields: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
                fields.sort_unstable();
                let mut want = vec!["change", "change_pct", "current", "current_days", "direction", "key", "previous", "previous_days"];
                if m["key"] == "pain" {
                    want.push("meaningful");
                }
                want.sort_unstable();
                prop_assert_eq!(fields, want);
            }
        }
    }

    fn checked(days_before: i64, zones: &str) -> Item {
        numb(days_before, zones)
    }

    #[test]
    fn zone_map_counts_days_per_week_and_marks_new_zones() {
        // 3 weeks ending on D: week 1 = D−20 … D−14, week 2 = D−13 … D−7, week 3 = D−6 … D.
        let items = [
            checked(21, "right-calf"), // before the map: ignored
            checked(20, "left-toes"),
            checked(14, "left-toes,right-toes"),
            checked(13, "none"),
            checked(8, "left-toes"),
            note(7),
            checked(6, "left-ankle,left-toes"),
            checked(0, "left-ankle"),
        ];
        let map = zone_weeks(&summarize(&items), date(D), 3);
        assert_eq!((map.from, map.to), (date("2025-03-08"), date(D)));
        let v = serde_json::to_value(&map).unwrap();
        assert_eq!(
            v,
            json!({
                "as_of": "2025-03-28", "from": "2025-03-08", "to": "2025-03-28",
                "weeks": [
                    {"week": 1, "from": "2025-03-08", "to": "2025-03-14", "days_checked": 2, "new": []},
                    {"week": 2, "from": "2025-03-15", "to": "2025-03-21", "days_checked": 2, "new": []},
                    {"week": 3, "from": "2025-03-22", "to": "2025-03-28", "days_checked": 2, "new": ["left-ankle"]}
                ],
                "zones": [
                    {"zone": "left-toes", "days": [2, 1, 1]},
                    {"zone": "left-ankle", "days": [0, 0, 2]},
                    {"zone": "right-toes", "days": [1, 0, 0]}
                ]
            })
        );
        // One week: nothing is new (there is no earlier week), and nothing checked is empty.
        let one = zone_weeks(&summarize(&items), date(D), 1);
        assert_eq!(one.weeks.len(), 1);
        assert_eq!(one.weeks[0].new, Vec::<Zone>::new());
        assert_eq!(one.zones.len(), 2);
        let empty = zone_weeks(&[], date(D), 4);
        assert_eq!(empty.weeks.iter().map(|w| w.days_checked).sum::<u32>(), 0);
        assert!(empty.zones.is_empty());
        assert_eq!(empty.from, date("2025-03-01"));
    }
}
