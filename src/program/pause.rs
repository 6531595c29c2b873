//! What the plan needs from the advice beyond its decisions: which flag pauses
//! weight-bearing work, and since when. Pure.

use chrono::NaiveDate;

use crate::advice::{Advice, Alarm};
use crate::domain::Flag;

/// The reported flag that pauses weight-bearing work as of T (§6.3), with its latest day; the
/// latest of them when there are several.
pub fn weight_bearing_pause(advice: &Advice) -> Option<(Flag, NaiveDate)> {
    advice
        .red_flags
        .iter()
        .filter(|f| f.pauses_weight_bearing())
        .filter_map(|f| match (f.kind, f.day) {
            (Alarm::Reported(flag), Some(day)) => Some((flag, day)),
            _ => None,
        })
        .max_by_key(|&(_, day)| day)
}
