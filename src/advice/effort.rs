//! §6.4 steps 4 and 7: effort (RPE), the spacing of strength days, and strength's earliest
//! day with its weekly allowance.

use chrono::NaiveDate;

use super::history::History;
use super::{minus, plus};
use crate::domain::Kind;

/// What the latest sessions of a kind say about effort (§6.4 step 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    /// Strength at RPE 9–10: trim 10 %, never below 2 × 8.
    VeryHard(u8),
    /// RPE 9–10 again within 14 days of an earlier one: the same (the trim is not repeated).
    VeryHardAgain(u8),
    /// RPE 8: the same.
    Hard(u8),
    /// Strength on consecutive days: the same.
    Consecutive,
    /// Balance at RPE 9–10: a step easier.
    Unsteady(u8),
}

impl Effort {
    pub fn describe(self) -> String {
        match self {
            Effort::VeryHard(rpe) => format!("the last session felt very hard (RPE {rpe}): trimmed by 10%"),
            Effort::VeryHardAgain(rpe) => format!(
                "the last session felt very hard (RPE {rpe}) again within two weeks: kept the same, not trimmed twice"
            ),
            Effort::Hard(rpe) => {
                format!("the last session felt like RPE {rpe}, above the 5–7 the program aims for: kept the same")
            }
            Effort::Consecutive => "keep a rest day between strength days: kept the same".to_string(),
            Effort::Unsteady(rpe) => format!(
                "the last session was rated {rpe}: did you lose your balance? `--flag balance-loss` records it"
            ),
        }
    }
}

/// The effort rule for a kind as of T, from its latest sessions before T.
pub fn effort(h: &History, kind: Kind) -> Option<Effort> {
    let t = h.t;
    let mut sessions = h.sessions_before(kind, t).map(|(i, s)| (i.date(), s.rpe));
    let (last_day, last_rpe) = sessions.next()?;
    match (kind, last_rpe) {
        (Kind::Strength, Some(r)) if r >= 9 => {
            let again = h
                .sessions_before(kind, t)
                .skip(1)
                .any(|(i, s)| i.date() >= minus(last_day, 14) && s.rpe.is_some_and(|r| r >= 9));
            Some(if again { Effort::VeryHardAgain(r) } else { Effort::VeryHard(r) })
        }
        (Kind::Strength | Kind::Balance, Some(8)) => Some(Effort::Hard(8)),
        (Kind::Balance, Some(r)) if r >= 9 => Some(Effort::Unsteady(r)),
        (Kind::Strength, _) => {
            let previous = sessions.next().map(|(d, _)| d);
            (previous.is_some_and(|p| (last_day - p).num_days() == 1) && last_day >= minus(t, 7))
                .then_some(Effort::Consecutive)
        }
        _ => None,
    }
}

/// Strength sessions allowed in the 6 days before a day: 2 in the program's first 14 days,
/// 3 after (§6.4 step 7).
pub fn allowance(h: &History, day: NaiveDate) -> usize {
    if h.in_first_days(day, 14) {
        2
    } else {
        3
    }
}

/// `earliest`: the latest strength date on or before T + 2 (T when there is none), then the
/// first day with fewer than its allowance of strength sessions in the 6 days before it;
/// never before T.
pub fn earliest(h: &History) -> NaiveDate {
    let t = h.t;
    let days: Vec<NaiveDate> = h
        .items
        .iter()
        .filter(|i| i.session().is_some_and(|s| s.kind == Kind::Strength))
        .map(|i| i.date())
        .collect();
    let Some(&last) = days.last() else { return t };
    let mut day = plus(last, 2);
    loop {
        let count = days.iter().filter(|&&d| d >= minus(day, 6) && d < day).count();
        if count < allowance(h, day) {
            break;
        }
        day = plus(day, 1);
    }
    day.max(t)
}
