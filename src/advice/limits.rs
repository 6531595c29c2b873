//! §6.2 step 4: the limits that keep a calm kind from progressing.

use chrono::NaiveDate;

use super::flags::{morning_trend, Flags};
use super::history::History;
use super::result::{Judged, Track};
use super::{minus, Limit};

/// The days with `--feet-ok` needed in T−7 … T−1 while the soles are numb.
pub const FEET_OK_DAYS: u8 = 5;

/// The limits that apply to a kind's `progress` as of T, in the order of §6.2.
pub fn limits(h: &History, judged: &Judged, flags: &Flags, track: Track) -> Vec<Limit> {
    let t = h.t;
    let mut out = Vec::new();
    if let Some(day) = recent_trim(judged, t) {
        out.push(Limit::RecentTrim { day });
    }
    let m = morning_trend(h, t);
    if let (true, true, Some(change)) = (m.worse_and_meaningful, m.enough, m.change) {
        out.push(Limit::PainTrend { change });
    }
    out.extend(flags.due.iter().map(|d| Limit::FlagReview { flag: d.flag, day: d.day }));
    if track.weight_bearing() {
        if let Some(days_checked) = foot_check(h) {
            out.push(Limit::FootCheck { days_checked });
        }
    }
    if h.in_first_days(t, 7) {
        out.push(Limit::FirstWeek);
    }
    out
}

/// `recent-trim`: the latest day D' of T−7 … T−1 trimmed by 6.1 or by its morning pain.
pub fn recent_trim(judged: &Judged, t: NaiveDate) -> Option<NaiveDate> {
    judged.trimmed.range(minus(t, 7)..t).next_back().map(|(&d, _)| d)
}

/// `foot-check`: the latest numbness check names a sole zone, and `--feet-ok` is on fewer
/// than 5 of T−7 … T−1 or on neither T−1 nor T. Returns the days checked in T−7 … T−1.
pub fn foot_check(h: &History) -> Option<u8> {
    let t = h.t;
    if !h.numb_soles() {
        return None;
    }
    let ok = |d: NaiveDate| h.days.get(&d).is_some_and(|d| d.feet_ok);
    let checked = h.days_between(minus(t, 7), minus(t, 1)).filter(|d| d.feet_ok).count() as u8;
    (checked < FEET_OK_DAYS || !(ok(minus(t, 1)) || ok(t))).then_some(checked)
}

/// Sorts limits in the order of §6.2 step 4 and keeps each once.
pub fn order(limits: &mut Vec<Limit>) {
    let rank = |l: &Limit| match l {
        Limit::RecentTrim { .. } => 0,
        Limit::PainTrend { .. } => 1,
        Limit::PainToday { .. } => 2,
        Limit::FlagReview { .. } => 3,
        Limit::FootCheck { .. } => 4,
        Limit::FirstWeek => 5,
    };
    limits.sort_by_key(|l| (rank(l), *l));
    limits.dedup_by_key(|l| (rank(l), matches!(l, Limit::FlagReview { .. }).then_some(*l)));
}
