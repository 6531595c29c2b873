//! The advice in words: the reason for the verdict, each limit, each red flag.

use chrono::NaiveDate;

use super::result::Outcome;
use super::{Alarm, Limit, RedFlag, Verdict};
use crate::domain::Detected;

/// The reason for the verdict, one sentence without its final full stop.
pub fn reason(
    o: &Outcome,
    red: &[RedFlag],
    pause: Option<(Alarm, bool)>,
    t: NaiveDate,
    last_activity: Option<NaiveDate>,
) -> String {
    let judged = match (&o.rule, o.today) {
        (_, Some(today)) if o.rule.is_none() => {
            let e = super::Points::from_hundredths(
                super::Points::from_pain(today.pain).hundredths() - today.usual.hundredths(),
            );
            format!("pain is {} today, {e} above your usual {}: an easier day", today.pain, today.usual)
        }
        (Some(j), _) => j.reason.clone(),
        (None, _) if o.idle_week => {
            "there was no activity in the last week, so keep the same volume".to_string()
        }
        (None, _) => "nothing has been judged yet".to_string(),
    };
    match o.verdict {
        Verdict::NoData => {
            format!("no session or walk was logged before {t}, so there is nothing to judge yet")
        }
        Verdict::Restart => match last_activity {
            Some(d) => format!(
                "it has been {} days since the last activity, on {d}, so begin below your last volumes",
                (t - d).num_days()
            ),
            None => "begin below your last volumes".to_string(),
        },
        Verdict::SeeClinician => {
            let list: Vec<String> = red.iter().map(RedFlag::describe).collect();
            format!("{}, so nothing progresses (the 24-hour rule: {judged})", list.join("; "))
        }
        Verdict::Hold if pause.is_some_and(|(_, reviewed)| reviewed) => {
            let (alarm, _) = pause.expect("checked");
            format!(
                "the {} was reviewed, and weight-bearing work stays paused until your clinician clears the foot (the 24-hour rule: {judged})",
                alarm.as_str()
            )
        }
        _ => judged,
    }
}

impl Limit {
    pub fn kind(&self) -> &'static str {
        match self {
            Limit::RecentTrim { .. } => "recent-trim",
            Limit::PainTrend { .. } => "pain-trend",
            Limit::PainToday { .. } => "pain-today",
            Limit::FlagReview { .. } => "flag-review",
            Limit::FootCheck { .. } => "foot-check",
            Limit::FirstWeek => "first-week",
        }
    }

    /// What the limit means, in one sentence without its final full stop.
    pub fn describe(&self) -> String {
        match self {
            Limit::RecentTrim { day } => {
                format!("pain flared after the activities on {day}; keep to the trimmed volume for a week")
            }
            Limit::PainTrend { change } => format!(
                "morning pain over the last two weeks is {change} points higher than the two weeks before; keep this volume until it settles"
            ),
            Limit::PainToday { pain, usual } => {
                format!("pain is {pain} today against your usual {usual}; keep this volume today")
            }
            Limit::FlagReview { flag, day } => format!(
                "the {flag} of {day} waits for a clinician's review; record it with `footing reviewed {flag}` once a clinician has seen it"
            ),
            Limit::FootCheck { days_checked } => format!(
                "with numb soles, pain cannot warn you of a blister: progress only with the daily foot check (`--feet-ok` on {days_checked} of the last 7 days)"
            ),
            Limit::FirstWeek => "the first week is for learning the drills".to_string(),
        }
    }
}

impl RedFlag {
    /// A short description in plain words, with its numbers.
    pub fn describe(&self) -> String {
        let show = |p: Option<super::Points>| p.map_or_else(String::new, |p| p.to_string());
        let day = self.day.map_or_else(String::new, |d| d.to_string());
        let drop = |what: String, unit: &str| {
            let (value, reference) = (show(self.value), show(self.reference));
            if self.by_median {
                format!("{what} had a median of {value}{unit} over the last 7 days, under 60% of the best weekly median of {reference}{unit} in the seven weeks before")
            } else {
                format!("{what} was {value}{unit} on {day}, under half the best weekly median of {reference}{unit} in the seven weeks before")
            }
        };
        match self.kind {
            Alarm::Reported(f) => format!("{f} reported on {day}"),
            Alarm::Detected(Detected::NewNumbness) => match self.zone {
                Some(z) => format!("new numbness at {z} since {day}"),
                None => "new numbness".to_string(),
            },
            Alarm::Detected(Detected::BalanceDrop) => {
                let foot = self.foot.map_or_else(String::new, |f| format!("{f} "));
                drop(format!("{foot}single-leg stance"), " s")
            }
            Alarm::Detected(Detected::StrengthDrop) => drop("heel raises".to_string(), ""),
            Alarm::Detected(Detected::PainRising) => {
                format!("morning pain rose by {} points over the last two weeks", show(self.change))
            }
            Alarm::Detected(Detected::SeverePain) => {
                format!("pain of {} on {day} has not yet settled", show(self.value))
            }
            Alarm::Detected(Detected::FootHeat) => format!(
                "one foot is warmer than the other by {} °C at the {} on two measurements close together, a possible sign of inflammation before a wound or a Charcot foot",
                show(self.difference),
                self.site.unwrap_or("same site")
            ),
        }
    }
}
