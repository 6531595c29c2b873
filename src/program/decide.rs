//! §6.4 steps 1–3 for one kind, as the exercise doses of §9.6 need them: the seam between the
//! advice of a kind and the dose of an exercise. Pure.
//!
//! This reads the advice of `crate::advice::advise`; when the advice core gives the
//! `Decision` of a kind itself, this module gives way to it.

use chrono::{Days, NaiveDate};

use crate::advice::{Advice, Alarm, Verdict};
use crate::domain::{Flag, Kind};
use crate::status::Decision;

/// Flags that pause weight-bearing work (§6.3): walking, strength and balance.
const WEIGHT_BEARING: [Flag; 5] =
    [Flag::OpenSore, Flag::Infection, Flag::SkinChange, Flag::Injury, Flag::Deformity];

/// The reported flag that pauses weight-bearing work as of T (dated T−13 … T), with its
/// latest day; the latest of them when there are several.
pub fn weight_bearing_pause(advice: &Advice) -> Option<(Flag, NaiveDate)> {
    let from = advice.as_of.checked_sub_days(Days::new(13)).unwrap_or(NaiveDate::MIN);
    advice
        .red_flags
        .iter()
        .filter_map(|f| match (f.kind, f.day) {
            (Alarm::Reported(flag), Some(day)) if WEIGHT_BEARING.contains(&flag) && day >= from => {
                Some((flag, day))
            }
            _ => None,
        })
        .max_by_key(|&(_, day)| day)
}

/// §6.4 steps 1–3 for an exercise of `kind` whose latest session before T was on `latest`.
pub fn decide(advice: &Advice, kind: Kind, latest: Option<NaiveDate>) -> Decision {
    let t = advice.as_of;
    if kind != Kind::Mobility && weight_bearing_pause(advice).is_some() {
        return Decision::Paused;
    }
    if let Some(latest) = latest {
        let days = (t - latest).num_days();
        if days > 42 {
            return Decision::Restart { pct: 50 };
        }
        if days > 14 {
            return Decision::Restart { pct: 70 };
        }
    }
    match (advice.verdict, advice.trim_pct) {
        // Mobility stays the same under a trim: gentle daily drills settle a flare.
        (Verdict::Trim, Some(pct)) if kind != Kind::Mobility => Decision::Trim { pct },
        (Verdict::Progress, _) => Decision::Progress,
        // see-clinician: what the rule found for D, never more than the base.
        (Verdict::SeeClinician, _) => match advice.rule_trim_pct {
            Some(pct) if kind != Kind::Mobility => Decision::Trim { pct },
            _ => Decision::Same,
        },
        _ => Decision::Same,
    }
}
