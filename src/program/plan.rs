//! Today's plan (§9.4). Pure: the program, today's dose of each exercise (§9.6), what the
//! advice found and the as-of date in; the plan out, serialised as `plan --json`.

use chrono::NaiveDate;
use serde::Serialize;

use super::dose::{find, ExerciseNext};
use super::{Program, KIND_ORDER};
use crate::advice::{Alarm, RedFlag, Verdict};
use crate::domain::{Dose, Kind};
use crate::status::Status;

/// What the plan needs from the advice of §6 for as-of date T.
#[derive(Clone, Debug)]
pub struct Advised {
    pub as_of: NaiveDate,
    pub verdict: Verdict,
    /// The advice in one sentence, with its numbers.
    pub headline: String,
    pub red_flags: Vec<RedFlag>,
    /// The walking target: (minutes, minutes_max); `None` without a walk before T.
    pub walk: Option<(u16, u16)>,
    /// The notes of §6.4.
    pub notes: Vec<String>,
    /// The weight-bearing pause (§6.3): the flag and its latest day.
    pub pause: Option<(Alarm, NaiveDate)>,
    /// The earliest date for the next strength session (§6.4 step 6).
    pub strength_earliest: Option<NaiveDate>,
    /// True when a foot check (`--feet-ok`) is logged on T.
    pub feet_checked: bool,
    /// The kinds with a session dated T (by `done`, or by `session` with exercises or a volume).
    pub done_today: Vec<Kind>,
}

/// One exercise of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanExercise {
    pub exercise: &'static str,
    /// Today's dose; null when paused.
    pub dose: Option<Dose>,
    pub status: Status,
    pub each_side: bool,
    pub cue: &'static str,
    /// At the top of the range: what to move on to (not in the JSON).
    #[serde(skip)]
    pub next_step: Option<&'static str>,
}

/// One kind of the plan: due today, or not with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KindPlan {
    pub kind: Kind,
    pub due: bool,
    /// Why it is not due (null when due).
    pub why: Option<String>,
    /// True when a session of this kind is already recorded on T: `footing done` leaves it out
    /// and `footing today` does not list it as still to do.
    pub done_today: bool,
    pub exercises: Vec<PlanExercise>,
}

impl KindPlan {
    /// Due and not yet done on T: what is still to do.
    pub fn to_do(&self) -> bool {
        self.due && !self.done_today
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WalkTarget {
    pub minutes: u16,
    pub minutes_max: u16,
}

/// Today's plan, as `plan --json` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    pub as_of: NaiveDate,
    pub verdict: Verdict,
    pub headline: String,
    pub red_flags: Vec<RedFlag>,
    pub kinds: Vec<KindPlan>,
    pub walk: Option<WalkTarget>,
    pub reminders: Vec<String>,
}

impl Plan {
    pub fn kind(&self, kind: Kind) -> Option<&KindPlan> {
        self.kinds.iter().find(|k| k.kind == kind)
    }
}

/// The reminder shown until a foot check is logged on T (`today` lists it in the same words).
pub const CHECK_FEET: &str = "check your feet: look at both feet for blisters, cuts, red marks or colour changes, then log it with `footing log --feet-ok` (anything found is a red flag, like `--flag open-sore`)";

/// How `why` begins when strength is not due because it was done on T.
pub const STRENGTH_DONE: &str = "strength was done today";

/// The status in words (§9.4).
pub fn status_word(s: Status) -> &'static str {
    match s {
        Status::Progress => "up",
        Status::Same => "same",
        Status::Trim => "trimmed",
        Status::Restart => "restart",
        Status::Paused => "paused",
    }
}

/// Builds the plan for T: each kind of the program in the order mobility, strength, balance,
/// with each exercise's dose for today.
pub fn build(program: &Program, doses: &[ExerciseNext], advised: &Advised) -> Plan {
    let t = advised.as_of;
    let kinds = KIND_ORDER
        .iter()
        .filter(|&&k| program.of_kind(k).next().is_some())
        .map(|&kind| {
            let exercises: Vec<PlanExercise> = program
                .of_kind(kind)
                .map(|p| {
                    let next = find(doses, p.exercise.id);
                    PlanExercise {
                        exercise: p.exercise.id,
                        dose: next.map_or(Some(p.dose), |n| n.next),
                        status: next.map_or(Status::Same, |n| n.status),
                        each_side: p.exercise.each_side,
                        // Today's cue when the advice gives one ("both hands on the counter").
                        cue: next.and_then(|n| n.cue).unwrap_or(p.exercise.cue),
                        next_step: next.and_then(|n| n.next_step),
                    }
                })
                .collect();
            let paused = advised.pause.filter(|_| kind != Kind::Mobility);
            let rest = advised.strength_earliest.filter(|&e| kind == Kind::Strength && e > t);
            let (due, why) = match (paused, rest) {
                (Some((flag, day)), _) => (
                    false,
                    Some(format!(
                        "paused: {} of {day}; {}; the pause ends when your clinician clears the foot \
                         (`footing reviewed {} --cleared`)",
                        flag.as_str(),
                        crate::advice::RedFlag::new(flag).action(),
                        flag.as_str()
                    )),
                ),
                // Done on T (a session dated T): say so; otherwise the allowance or the rest
                // day after yesterday's session made it a rest day.
                (None, Some(next)) if advised.done_today.contains(&Kind::Strength) => {
                    (false, Some(format!("{STRENGTH_DONE}; next on {next}")))
                }
                (None, Some(next)) => (false, Some(format!("rest day for strength; next on {next}"))),
                (None, None) => (true, None),
            };
            KindPlan { kind, due, why, done_today: advised.done_today.contains(&kind), exercises }
        })
        .collect();
    let mut reminders = advised.notes.clone();
    if !advised.feet_checked {
        reminders.push(CHECK_FEET.to_string());
    }
    Plan {
        as_of: t,
        verdict: advised.verdict,
        headline: advised.headline.clone(),
        red_flags: advised.red_flags.clone(),
        kinds,
        walk: match advised.pause {
            Some(_) => None,
            None => advised.walk.map(|(minutes, minutes_max)| WalkTarget { minutes, minutes_max }),
        },
        reminders,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Flag;
    use crate::program::catalogue;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn advised(t: &str) -> Advised {
        Advised {
            as_of: d(t),
            verdict: Verdict::NoData,
            headline: "No advice yet.".into(),
            red_flags: vec![],
            walk: None,
            notes: vec![],
            pause: None,
            strength_earliest: None,
            feet_checked: false,
            done_today: vec![],
        }
    }

    #[test]
    fn the_starter_plan_lists_every_kind_due_with_starting_doses() {
        let p = Program::starter();
        let plan = build(&p, &[], &advised("2025-03-28"));
        let kinds: Vec<(Kind, bool, usize)> =
            plan.kinds.iter().map(|k| (k.kind, k.due, k.exercises.len())).collect();
        assert_eq!(kinds, [(Kind::Mobility, true, 4), (Kind::Strength, true, 3), (Kind::Balance, true, 2)]);
        let hr = &plan.kinds[1].exercises[0];
        assert_eq!(
            (hr.exercise, hr.dose, hr.status),
            ("heel-raises", Some(Dose::Reps { sets: 2, reps: 8 }), Status::Same)
        );
        assert_eq!(plan.reminders, [CHECK_FEET]);
        assert_eq!(plan.walk, None);
    }

    #[test]
    fn strength_rests_until_its_earliest_date_and_a_pause_stops_weight_bearing_kinds() {
        let p = Program::starter();
        let mut a = advised("2025-03-28");
        a.strength_earliest = Some(d("2025-03-29"));
        a.feet_checked = true;
        a.walk = Some((22, 24));
        let plan = build(&p, &[], &a);
        let s = plan.kind(Kind::Strength).unwrap();
        assert_eq!((s.due, s.why.as_deref()), (false, Some("rest day for strength; next on 2025-03-29")));
        assert!(plan.kind(Kind::Balance).unwrap().due);
        assert!(plan.reminders.is_empty());
        assert_eq!(plan.walk, Some(WalkTarget { minutes: 22, minutes_max: 24 }));
        // T + 2 without a strength session on T (the week's allowance made it): a rest day,
        // not "done today" — the words follow what was logged, not the date.
        a.strength_earliest = Some(d("2025-03-30"));
        let s = build(&p, &[], &a);
        let s = s.kind(Kind::Strength).unwrap();
        assert_eq!((s.due, s.why.as_deref()), (false, Some("rest day for strength; next on 2025-03-30")));
        a.done_today = vec![Kind::Strength];
        let s = build(&p, &[], &a);
        let s = s.kind(Kind::Strength).unwrap();
        assert_eq!((s.due, s.why.as_deref()), (false, Some("strength was done today; next on 2025-03-30")));
        a.done_today = vec![];
        // The earliest date is today: due.
        a.strength_earliest = Some(d("2025-03-28"));
        assert!(build(&p, &[], &a).kind(Kind::Strength).unwrap().due);

        a.pause = Some((Alarm::Reported(Flag::OpenSore), d("2025-03-20")));
        let plan = build(&p, &[], &a);
        assert!(plan.kind(Kind::Mobility).unwrap().due);
        let b = plan.kind(Kind::Balance).unwrap();
        assert!(!b.due);
        assert_eq!(
            b.why.as_deref(),
            Some(
                "paused: open-sore of 2025-03-20; see a clinician before weight-bearing exercise; \
                 the pause ends when your clinician clears the foot (`footing reviewed open-sore --cleared`)"
            )
        );
        assert_eq!(plan.walk, None);
    }

    #[test]
    fn a_kind_with_a_session_on_t_is_done_today_and_no_longer_to_do() {
        let p = Program::starter();
        let mut a = advised("2025-03-28");
        let plan = build(&p, &[], &a);
        assert!(plan.kinds.iter().all(|k| !k.done_today && k.to_do()));
        // Mobility and strength done on T: strength is not due again until T+2.
        a.done_today = vec![Kind::Mobility, Kind::Strength];
        a.strength_earliest = Some(d("2025-03-30"));
        let plan = build(&p, &[], &a);
        let flags: Vec<(Kind, bool, bool, bool)> =
            plan.kinds.iter().map(|k| (k.kind, k.due, k.done_today, k.to_do())).collect();
        assert_eq!(
            flags,
            [
                (Kind::Mobility, true, true, false),
                (Kind::Strength, false, true, false),
                (Kind::Balance, true, false, true)
            ]
        );
        let json = serde_json::to_value(plan.kind(Kind::Mobility).unwrap()).unwrap();
        assert_eq!(json["done_today"], serde_json::json!(true));
        assert_eq!(json["due"], serde_json::json!(true));
    }

    #[test]
    fn the_advice_cue_replaces_the_catalogue_cue() {
        let p = Program::starter();
        let stance = catalogue::get("single-leg-stance").unwrap();
        let dose = ExerciseNext {
            kind: Kind::Balance,
            exercise: stance,
            status: Status::Same,
            last_date: None,
            last: None,
            next: Some(Dose::Seconds { sets: 3, seconds: 5 }),
            next_step: None,
            cue: Some("both hands on the counter"),
            note: None,
        };
        let plan = build(&p, &[dose], &advised("2025-03-28"));
        let e = plan.kind(Kind::Balance).unwrap().exercises.iter().find(|e| e.exercise == stance.id).unwrap();
        assert_eq!(e.cue, "both hands on the counter");
        let plan = build(&p, &[], &advised("2025-03-28"));
        let e = plan.kind(Kind::Balance).unwrap().exercises.iter().find(|e| e.exercise == stance.id).unwrap();
        assert_eq!(e.cue, stance.cue);
    }

    #[test]
    fn kinds_without_exercises_are_left_out_and_the_earliest_date_skips_a_day() {
        let mut p = Program::starter();
        for id in ["tandem-stance", "single-leg-stance"] {
            p.remove(catalogue::get(id).unwrap());
        }
        let plan = build(&p, &[], &advised("2025-03-28"));
        assert_eq!(plan.kinds.iter().map(|k| k.kind).collect::<Vec<_>>(), [Kind::Mobility, Kind::Strength]);
    }
}
