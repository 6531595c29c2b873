//! §6.4 step 6: the walking target — W, B, the 5–10 % a week, `usual_total`.

use chrono::NaiveDate;

use super::history::History;
use super::result::Judged;
use super::{median_minutes, minus, scale, WalkPlan};

/// W(X): the median of the day's bouts over the walking days of X−7 … X−1 whose own 6.1
/// result as of T is not `trim` (none such: over all of them; no walking day there: the
/// latest day's bout before X−7).
pub fn w_of(h: &History, judged: &Judged, x: NaiveDate) -> Option<u16> {
    let days = h.walk_days(minus(x, 7), minus(x, 1));
    let calm: Vec<u16> = days.iter().filter(|(d, _)| !judged.is_trim(*d)).map(|&(_, w)| w).collect();
    if !calm.is_empty() {
        return median_minutes(calm);
    }
    if !days.is_empty() {
        return median_minutes(days.iter().map(|&(_, w)| w).collect());
    }
    let before = h.latest_walk_day(minus(x, 7))?;
    h.days.get(&before).and_then(|d| d.walk_longest)
}

/// B: the same median over T−14 … T−8, with the same fallback among that window's walking
/// days; none without one.
pub fn b_of(h: &History, judged: &Judged) -> Option<u16> {
    let t = h.t;
    let days = h.walk_days(minus(t, 14), minus(t, 8));
    let calm: Vec<u16> = days.iter().filter(|(d, _)| !judged.is_trim(*d)).map(|&(_, w)| w).collect();
    if !calm.is_empty() {
        return median_minutes(calm);
    }
    median_minutes(days.iter().map(|&(_, w)| w).collect())
}

/// The most a walk may be with the week-old reference B: max(scale(B, 110), B + 1).
pub fn cap(b: u16) -> u16 {
    scale(b, 110).max(b + 1)
}

/// Under `progress`: with B, `minutes_max` = min(max(scale(W, 110), W + 1), cap(B)) and
/// `minutes` = min(max(scale(W, 105), W + 1), `minutes_max`); without B, both W.
pub fn progress(w: u16, b: Option<u16>) -> WalkPlan {
    match b {
        Some(b) => {
            let max = scale(w, 110).max(w + 1).min(cap(b));
            WalkPlan { minutes: scale(w, 105).max(w + 1).min(max), minutes_max: max }
        }
        None => WalkPlan { minutes: w, minutes_max: w },
    }
}

/// The median of the daily walking totals over the walking days of T−7 … T−1.
pub fn usual_total(h: &History) -> Option<u16> {
    let t = h.t;
    let totals: Vec<u16> = h
        .days_between(minus(t, 7), minus(t, 1))
        .filter_map(|d| d.walk_minutes.map(|m| u16::try_from(m).unwrap_or(u16::MAX)))
        .collect();
    median_minutes(totals)
}
