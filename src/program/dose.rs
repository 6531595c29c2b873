//! What the report and the commands read of §9.6's doses: an exercise's element by id, and
//! the doses an exercise was done at over a period. The doses themselves are worked out by
//! the advice (`advice::volume`), with one progression for kinds and exercises alike.

use chrono::NaiveDate;

pub use crate::advice::ExerciseNext;
use crate::domain::{Dose, Item};

/// The doses an exercise was done at in `from` … `to`, in order (date, time, id): what the
/// report shows of how it changed over the period.
pub fn done_between(items: &[Item], id: &str, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, Dose)> {
    let mut done: Vec<(chrono::NaiveDateTime, i64, Dose)> = items
        .iter()
        .filter(|i| (from..=to).contains(&i.date()))
        .filter_map(|i| i.session().map(|s| (i, s)))
        .flat_map(|(i, s)| {
            s.work.exercises().iter().filter(|d| d.exercise.id == id).map(move |d| (i.at, i.id, d.dose))
        })
        .collect();
    done.sort_by_key(|&(at, id, _)| (at, id));
    done.into_iter().map(|(at, _, dose)| (at.date(), dose)).collect()
}

/// Looks an exercise's element up by id.
pub fn find<'a>(doses: &'a [ExerciseNext], id: &str) -> Option<&'a ExerciseNext> {
    doses.iter().find(|d| d.exercise.id == id)
}
