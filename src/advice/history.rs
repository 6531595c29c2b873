//! The items as §6 sees them: an item timed before 04:00 belongs to the evening of the date
//! before it, ordered after that date's other items (§6.1). Shifting every time back by four
//! hours does exactly that: 04:00 … 23:59 become 00:00 … 19:59 of the same date, 00:00 …
//! 03:59 become 20:00 … 23:59 of the date before.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};

use super::{median, minus, plus, Points};
use crate::daily::{self, Day};
use crate::domain::{Item, Kind, Pain, Region, Session};

/// The hour a day starts at for §6.
pub const DAY_STARTS: i64 = 4;

/// The regions of the sole (`foot-check`, the sole note, the injury pause).
pub const SOLE: [Region; 4] = [Region::Toes, Region::Ball, Region::Arch, Region::Heel];

pub struct History {
    pub t: NaiveDate,
    /// Shifted items dated up to T, in (date, time, id) order, each once.
    pub items: Vec<Item>,
    pub days: BTreeMap<NaiveDate, Day>,
    pub program_start: Option<NaiveDate>,
    /// Each date with a pain reading, oldest first: its first reading and its worst (the
    /// values U and UW take their medians of, worked out once for every day they judge).
    readings: Vec<(NaiveDate, Pain, Pain)>,
}

impl History {
    pub fn new(items: &[Item], t: NaiveDate, program_start: Option<NaiveDate>) -> History {
        History::from_items(items.to_vec(), t, program_start)
    }

    /// As [`History::new`], shifting the items in place.
    pub fn from_items(mut shifted: Vec<Item>, t: NaiveDate, program_start: Option<NaiveDate>) -> History {
        for i in &mut shifted {
            i.at -= Duration::hours(DAY_STARTS);
        }
        shifted.retain(|i| i.date() <= t);
        // The store's windows may overlap: an item read twice is kept once.
        shifted.sort_by_key(|i| (i.at, i.id));
        shifted.dedup();
        let days: BTreeMap<NaiveDate, Day> =
            daily::summarize(&shifted).into_iter().map(|d| (d.date, d)).collect();
        let mut readings: Vec<(NaiveDate, Pain, Pain)> = Vec::new();
        for i in &shifted {
            if let Some(p) = i.pain() {
                if readings.last().is_none_or(|&(d, ..)| d != i.date()) {
                    // A date with a reading has its worst.
                    let worst = days.get(&i.date()).and_then(|d| d.pain_worst).unwrap_or(p);
                    readings.push((i.date(), p, worst));
                }
            }
        }
        History { t, items: shifted, days, program_start, readings }
    }

    fn start_of(&self, d: NaiveDate) -> usize {
        self.items.partition_point(|i| i.date() < d)
    }

    /// The items dated `from` … `to`, in order.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> &[Item] {
        let (a, b) = (self.start_of(from), self.start_of(plus(to, 1)));
        &self.items[a..b.max(a)]
    }

    pub fn on(&self, d: NaiveDate) -> &[Item] {
        self.between(d, d)
    }

    pub fn days_between(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &Day> {
        self.days.range(from..=to).map(|(_, d)| d)
    }

    /// A day's first pain reading.
    pub fn first_reading(&self, d: NaiveDate) -> Option<Pain> {
        self.on(d).iter().find_map(Item::pain)
    }

    /// A day's first pain reading when it is ordered before the day's first activity (P of
    /// 6.1, X of 6.2 step 3): a reading in the same entry as a walking bout is after it.
    pub fn before_activity(&self, d: NaiveDate) -> Option<Pain> {
        for i in self.on(d) {
            if i.is_activity() {
                return None;
            }
            if let Some(p) = i.pain() {
                return Some(p);
            }
        }
        None
    }

    /// The days of X−28 … X−1 with a reading, when there are at least 3.
    fn window_readings(&self, x: NaiveDate) -> Option<&[(NaiveDate, Pain, Pain)]> {
        let (from, to) = (minus(x, 28), minus(x, 1));
        let a = self.readings.partition_point(|r| r.0 < from);
        let b = self.readings.partition_point(|r| r.0 <= to).max(a);
        Some(&self.readings[a..b]).filter(|days| days.len() >= 3)
    }

    /// U(X): the median of the first readings over X−28 … X−1, from 3 days.
    pub fn usual(&self, x: NaiveDate) -> Option<Points> {
        let days = self.window_readings(x)?;
        median(days.iter().map(|&(_, first, _)| i64::from(first) * 100).collect())
    }

    /// UW(X): the median daily worst over the same days, with the same condition.
    pub fn usual_worst(&self, x: NaiveDate) -> Option<Points> {
        let days = self.window_readings(x)?;
        median(days.iter().map(|&(.., worst)| i64::from(worst) * 100).collect())
    }

    /// The dates `from` … `to` with an activity.
    pub fn activity_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let set: BTreeSet<NaiveDate> =
            self.between(from, to).iter().filter(|i| i.is_activity()).map(Item::date).collect();
        set.into_iter().collect()
    }

    /// The walking days of `from` … `to` with their longest bout.
    pub fn walk_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, u16)> {
        self.days_between(from, to).filter_map(|d| d.walk_longest.map(|w| (d.date, w))).collect()
    }

    /// The sessions of a kind dated before `before`, latest first.
    pub fn sessions_before(&self, kind: Kind, before: NaiveDate) -> impl Iterator<Item = (&Item, &Session)> {
        self.items[..self.start_of(before)]
            .iter()
            .rev()
            .filter_map(move |i| i.session().filter(|s| s.kind == kind).map(|s| (i, s)))
    }

    /// The latest day before `before` with a walking bout.
    pub fn latest_walk_day(&self, before: NaiveDate) -> Option<NaiveDate> {
        self.days.range(..before).rev().find(|(_, d)| d.walk_longest.is_some()).map(|(&d, _)| d)
    }

    /// The latest day up to `upto` on which numbness was checked.
    pub fn latest_numb_check(&self, upto: NaiveDate) -> Option<&Day> {
        self.days.range(..=upto).rev().map(|(_, d)| d).find(|d| d.numb.is_some())
    }

    /// True when the latest numbness check up to T named a sole zone.
    pub fn numb_soles(&self) -> bool {
        self.latest_numb_check(self.t)
            .is_some_and(|d| d.numb.iter().flatten().any(|z| SOLE.contains(&z.region)))
    }

    /// T is in the program's first `n` days.
    pub fn in_first_days(&self, day: NaiveDate, n: u64) -> bool {
        // The store may give no start for one more than `FIRST_DAYS` before every item
        // (assess.rs): a longer span here would need it read further back.
        debug_assert!(n <= super::lookback::FIRST_DAYS, "{n} days: raise lookback::FIRST_DAYS");
        self.program_start.is_some_and(|s| day >= s && day < plus(s, n))
    }
}

/// The program start (§5) as of T from the items alone: the latest logged day on or before
/// T whose previous logged day is 28 or more days earlier, or the first logged day.
pub fn program_start(items: &[Item], t: NaiveDate) -> Option<NaiveDate> {
    let days: BTreeSet<NaiveDate> = items.iter().map(Item::date).filter(|&d| d <= t).collect();
    let mut start = None;
    let mut prev: Option<NaiveDate> = None;
    for d in days {
        if prev.is_none_or(|p| (d - p).num_days() >= crate::trend::BREAK_DAYS) {
            start = Some(d);
        }
        prev = Some(d);
    }
    start
}
