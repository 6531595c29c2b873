//! Today's dose of each exercise (§9.6). Pure: the decision of §6.4 for the exercise's kind,
//! the exercise's history and the as-of date in; the status, the next dose and the next step out.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::catalogue::Exercise;
use super::Program;
use crate::advice::{scale, session_next, Advice, Next};
use crate::domain::{Dose, Item, Kind};
use crate::status::{Decision, Status};

/// Holds and timed doses grow by this many seconds, at most once in [`HOLD_WEEK`] days.
const HOLD_STEP: u16 = 5;
/// A hold rises at most once in this many days (the rise counts within T−6 … T−1).
const HOLD_WEEK: u64 = 7;

/// What §9.6 says for one exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub status: Status,
    /// `None` when paused.
    pub next: Option<Dose>,
    /// At the top of the range under progression: what to move on to, where the catalogue has it.
    pub next_step: Option<&'static str>,
}

/// Scales the reps, seconds or minutes of a dose by `q` percent, keeping its sets.
pub fn scale_dose(dose: Dose, q: u32) -> Dose {
    match dose {
        Dose::Reps { sets, reps } => Dose::Reps { sets, reps: scale(reps, q) },
        Dose::Seconds { sets, seconds } => Dose::Seconds { sets, seconds: scale(seconds, q) },
        Dose::Minutes(m) => Dose::Minutes(scale(m, q)),
    }
}

/// The progression of one exercise under `progress` (§9.6).
fn progress(exercise: &Exercise, base: Dose, rose_this_week: bool) -> (Dose, Option<&'static str>) {
    let range = exercise.range;
    // Mobility, doses in minutes and any dose outside its range stay the same.
    if exercise.kind == Kind::Mobility || !range.contains(base) {
        return (base, None);
    }
    let (_, top) = range.unit();
    match (base, exercise.kind) {
        (Dose::Reps { sets, reps }, Kind::Strength) => {
            let (lo, most_sets) = (range.unit().0, range.sets.map_or(sets, |s| s.1));
            if reps < top {
                (Dose::Reps { sets, reps: reps + 1 }, None)
            } else if sets < most_sets {
                (Dose::Reps { sets: sets + 1, reps: lo }, None)
            } else {
                (base, exercise.next_step)
            }
        }
        (Dose::Seconds { sets, seconds }, Kind::Strength | Kind::Balance) => {
            if seconds >= top {
                (base, exercise.next_step)
            } else if rose_this_week {
                (base, None)
            } else {
                (Dose::Seconds { sets, seconds: (seconds + HOLD_STEP).min(top) }, None)
            }
        }
        // Balance in reps or steps, and minutes.
        _ => (base, None),
    }
}

/// §9.6 for one exercise: `decision` is §6.4 steps 1–4 for its kind (with its own latest
/// session date for the restart), `base` its dose in its latest session before T (`None`:
/// never done, then `start`, the program's starting dose, at status `same`), and
/// `rose_this_week` whether its dose rose within T−6 … T−1.
pub fn next_dose(
    decision: Decision,
    exercise: &Exercise,
    base: Option<Dose>,
    start: Dose,
    rose_this_week: bool,
) -> Step {
    let same = |dose| Step { status: Status::Same, next: Some(dose), next_step: None };
    if decision == Decision::Paused {
        return Step { status: Status::Paused, next: None, next_step: None };
    }
    let Some(base) = base else { return same(start) };
    match decision {
        Decision::Paused => unreachable!("handled above"),
        Decision::Restart { pct } => {
            Step { status: Status::Restart, next: Some(scale_dose(base, pct)), next_step: None }
        }
        Decision::Trim { pct } => {
            Step { status: Status::Trim, next: Some(scale_dose(base, 100 - u32::from(pct))), next_step: None }
        }
        Decision::Same => same(base),
        Decision::Progress => {
            let (next, next_step) = progress(exercise, base, rose_this_week);
            let status = if next != base { Status::Progress } else { Status::Same };
            Step { status, next: Some(next), next_step }
        }
    }
}

/// True when `a` is more than `b`: the same form, no fewer sets and no fewer reps, seconds
/// or minutes, and not equal.
pub fn exceeds(a: Dose, b: Dose) -> bool {
    let unit = |d: Dose| d.reps().or(d.seconds()).or(d.minutes()).unwrap_or(0);
    a.form() == b.form() && a != b && a.sets() >= b.sets() && unit(a) >= unit(b)
}

/// Whether the dose rose within T−6 … T−1: on a day whose session's dose exceeded the
/// exercise's previous dose (the starting dose before its first session). `history` is the
/// exercise's (date, dose) before T, in order.
pub fn rose_within_week(history: &[(NaiveDate, Dose)], start: Dose, t: NaiveDate) -> bool {
    let from = t.checked_sub_days(Days::new(HOLD_WEEK - 1)).unwrap_or(NaiveDate::MIN);
    let mut previous = start;
    for &(day, dose) in history {
        if day >= from && day < t && exceeds(dose, previous) {
            return true;
        }
        previous = dose;
    }
    false
}

/// One exercise's element of `advise`'s `next` (§9.6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExerciseNext {
    pub kind: Kind,
    #[serde(serialize_with = "exercise_id")]
    pub exercise: &'static Exercise,
    pub status: Status,
    pub last_date: Option<NaiveDate>,
    pub last: Option<Dose>,
    pub next: Option<Dose>,
    #[serde(skip)]
    pub next_step: Option<&'static str>,
}

fn exercise_id<S: serde::Serializer>(e: &&'static Exercise, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.id)
}

/// Each exercise's dose for as-of date T: the exercises of the program, in program order,
/// then those done in T−42 … T−1 that are not in it, by name. `sessions` are the items
/// holding named exercises (any date; those dated T or later are ignored), `decide` gives
/// §6.4 steps 1–4 for a kind and the exercise's latest session date before T.
pub fn exercise_doses(
    program: &Program,
    sessions: &[Item],
    t: NaiveDate,
    decide: &dyn Fn(Kind, Option<NaiveDate>) -> Decision,
) -> Vec<ExerciseNext> {
    let recent = t.checked_sub_days(Days::new(42)).unwrap_or(NaiveDate::MIN);
    let history = |id: &str| -> Vec<(NaiveDate, Dose)> {
        let mut h: Vec<(NaiveDate, chrono::NaiveTime, i64, Dose)> = sessions
            .iter()
            .filter(|i| i.date() < t)
            .filter_map(|i| i.session().map(|s| (i, s)))
            .flat_map(|(i, s)| {
                s.work
                    .exercises()
                    .iter()
                    .filter(|d| d.exercise.id == id)
                    .map(move |d| (i.date(), i.at.time(), i.id, d.dose))
            })
            .collect();
        h.sort_by_key(|&(d, time, id, _)| (d, time, id));
        h.into_iter().map(|(d, _, _, dose)| (d, dose)).collect()
    };
    let mut others: Vec<&'static Exercise> = sessions
        .iter()
        .filter(|i| i.date() < t && i.date() >= recent)
        .filter_map(|i| i.session())
        .flat_map(|s| s.work.exercises().iter().map(|d| d.exercise))
        .filter(|e| program.get(e.id).is_none())
        .collect();
    others.sort_by_key(|e| e.id);
    others.dedup_by_key(|e| e.id);
    let listed = program
        .exercises
        .iter()
        .map(|p| (p.exercise, p.dose))
        .chain(others.into_iter().map(|e| (e, e.range.bottom())));
    listed
        .map(|(exercise, start)| {
            let h = history(exercise.id);
            let last = h.last().copied();
            let decision = decide(exercise.kind, last.map(|(d, _)| d));
            let step =
                next_dose(decision, exercise, last.map(|(_, d)| d), start, rose_within_week(&h, start, t));
            ExerciseNext {
                kind: exercise.kind,
                exercise,
                status: step.status,
                last_date: last.map(|(d, _)| d),
                last: last.map(|(_, d)| d),
                next: step.next,
                next_step: step.next_step,
            }
        })
        .collect()
}

/// Adds the exercise elements of §9.6 to `advise`'s `next`: each after its kind's element,
/// in the order of `doses` (program order, then the others by name). A kind with exercises
/// but no session before T gets an element of its own with `last` and `next` null.
/// `strength_day` is the latest strength session on or before T (for `earliest`).
pub fn with_exercises(advice: &mut Advice, doses: &[ExerciseNext], strength_day: Option<NaiveDate>) {
    if doses.is_empty() {
        return;
    }
    let old = std::mem::take(&mut advice.next);
    let mut next = Vec::with_capacity(old.len() + doses.len() + 3);
    for &kind in Kind::ALL {
        let own = old.iter().find(|n| matches!(n, Next::Session(s) if s.kind == kind)).cloned();
        let exercises: Vec<&ExerciseNext> = doses.iter().filter(|d| d.kind == kind).collect();
        match own {
            Some(n) => next.push(n),
            None if !exercises.is_empty() => {
                next.push(Next::Session(session_next(&advice.basis, kind, None, None, strength_day)));
            }
            None => {}
        }
        next.extend(exercises.into_iter().map(|e| Next::Exercise(e.clone())));
    }
    next.extend(old.into_iter().filter(|n| matches!(n, Next::Walk(_))));
    advice.next = next;
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Body, Done, Session, Work};
    use crate::program::catalogue;

    fn ex(id: &str) -> &'static Exercise {
        catalogue::get(id).unwrap()
    }

    fn reps(sets: u16, reps: u16) -> Dose {
        Dose::Reps { sets, reps }
    }

    fn secs(sets: u16, seconds: u16) -> Dose {
        Dose::Seconds { sets, seconds }
    }

    /// §9.6 under `progress` for an exercise done before, not risen this week.
    fn up(id: &str, base: Dose) -> (Status, Dose, Option<&'static str>) {
        let s = next_dose(Decision::Progress, ex(id), Some(base), ex(id).range.bottom(), false);
        (s.status, s.next.unwrap(), s.next_step)
    }

    #[test]
    fn strength_reps_rise_one_per_set_to_the_top_then_a_set_at_the_bottom() {
        // heel-raises: 2–3 × 8–12.
        assert_eq!(up("heel-raises", reps(2, 8)), (Status::Progress, reps(2, 9), None));
        assert_eq!(up("heel-raises", reps(2, 11)), (Status::Progress, reps(2, 12), None));
        assert_eq!(up("heel-raises", reps(2, 12)), (Status::Progress, reps(3, 8), None));
        assert_eq!(up("heel-raises", reps(3, 11)), (Status::Progress, reps(3, 12), None));
        assert_eq!(
            up("heel-raises", reps(3, 12)),
            (Status::Same, reps(3, 12), Some("single-leg raises, or 3–4 s lowering"))
        );
        // eversion: 2–3 × 12–15; a new set starts at 12.
        assert_eq!(up("eversion", reps(2, 15)), (Status::Progress, reps(3, 12), None));
        // toe-yoga: 1 × 8–10, one set at most: the same at the top, no next step.
        assert_eq!(up("toe-yoga", reps(1, 9)), (Status::Progress, reps(1, 10), None));
        assert_eq!(up("toe-yoga", reps(1, 10)), (Status::Same, reps(1, 10), None));
        assert_eq!(
            up("sit-to-stand", reps(3, 12)),
            (Status::Same, reps(3, 12), Some("stand up without using your hands"))
        );
    }

    #[test]
    fn holds_rise_five_seconds_to_the_top_at_most_once_a_week() {
        // single-leg-stance: 3 × 10–45 s.
        assert_eq!(up("single-leg-stance", secs(3, 10)), (Status::Progress, secs(3, 15), None));
        assert_eq!(up("single-leg-stance", secs(3, 40)), (Status::Progress, secs(3, 45), None));
        assert_eq!(up("single-leg-stance", secs(3, 42)), (Status::Progress, secs(3, 45), None));
        assert_eq!(up("single-leg-stance", secs(3, 45)), (Status::Same, secs(3, 45), None));
        // tandem-stance: 3 × 20–30 s; short-foot (strength): 6–8 × 8–10 s, sets kept.
        assert_eq!(up("tandem-stance", secs(3, 29)), (Status::Progress, secs(3, 30), None));
        assert_eq!(up("short-foot", secs(6, 8)), (Status::Progress, secs(6, 10), None));
        assert_eq!(up("short-foot", secs(6, 10)), (Status::Same, secs(6, 10), None));
        // Risen within the week: the same.
        let s = next_dose(Decision::Progress, ex("tandem-stance"), Some(secs(3, 25)), secs(3, 20), true);
        assert_eq!((s.status, s.next), (Status::Same, Some(secs(3, 25))));
    }

    #[test]
    fn mobility_balance_reps_minutes_and_out_of_range_doses_stay_the_same() {
        assert_eq!(up("ankle-pumps", secs(2, 60)), (Status::Same, secs(2, 60), None));
        assert_eq!(up("tibial-glide", reps(1, 8)), (Status::Same, reps(1, 8), None));
        assert_eq!(up("heel-to-toe-walk", reps(1, 10)), (Status::Same, reps(1, 10), None));
        assert_eq!(up("balance-drills", Dose::Minutes(2)), (Status::Same, Dose::Minutes(2), None));
        // Outside the range: a clinician's dose is kept (13 reps, one set, 60 s).
        assert_eq!(up("heel-raises", reps(3, 13)), (Status::Same, reps(3, 13), None));
        assert_eq!(up("heel-raises", reps(1, 8)), (Status::Same, reps(1, 8), None));
        assert_eq!(up("tandem-stance", secs(3, 60)), (Status::Same, secs(3, 60), None));
        // Below the bottom, as a trim of a starting dose leaves it (scale(8, 90) = 7,
        // scale(20, 90) = 18): the same too, as §9.6 reads (see the README on this rule).
        assert_eq!(up("heel-raises", reps(2, 7)), (Status::Same, reps(2, 7), None));
        assert_eq!(up("tandem-stance", secs(3, 18)), (Status::Same, secs(3, 18), None));
        assert_eq!(up("heel-raises", reps(2, 8)).0, Status::Progress);
    }

    #[test]
    fn trims_and_restarts_scale_the_unit_and_keep_the_sets() {
        let step = |d, id: &str, base| next_dose(d, ex(id), Some(base), ex(id).range.bottom(), false);
        // scale(10, 85) = (850 + 50) / 100 = 9; scale(12, 90) = 11 (1080 + 50 = 1130).
        let s = step(Decision::Trim { pct: 15 }, "heel-raises", reps(3, 10));
        assert_eq!((s.status, s.next), (Status::Trim, Some(reps(3, 9))));
        let s = step(Decision::Trim { pct: 10 }, "heel-raises", reps(2, 12));
        assert_eq!(s.next, Some(reps(2, 11)));
        // scale(30, 80) = 24; scale(45, 70) = 32 (3150 + 50 = 3200); scale(3, 50) = 2.
        assert_eq!(step(Decision::Trim { pct: 20 }, "tandem-stance", secs(3, 30)).next, Some(secs(3, 24)));
        let s = step(Decision::Restart { pct: 70 }, "single-leg-stance", secs(3, 45));
        assert_eq!((s.status, s.next), (Status::Restart, Some(secs(3, 32))));
        assert_eq!(
            step(Decision::Restart { pct: 50 }, "balance-drills", Dose::Minutes(3)).next,
            Some(Dose::Minutes(2))
        );
        // Never below 1: scale(1, 50) = max(1, 0).
        assert_eq!(step(Decision::Restart { pct: 50 }, "toe-yoga", reps(1, 1)).next, Some(reps(1, 1)));
        let s = step(Decision::Paused, "heel-raises", reps(3, 10));
        assert_eq!((s.status, s.next), (Status::Paused, None));
        let s = step(Decision::Same, "heel-raises", reps(3, 10));
        assert_eq!((s.status, s.next), (Status::Same, Some(reps(3, 10))));
    }

    #[test]
    fn an_exercise_never_done_starts_at_its_starting_dose() {
        for d in
            [Decision::Progress, Decision::Trim { pct: 20 }, Decision::Restart { pct: 50 }, Decision::Same]
        {
            let s = next_dose(d, ex("heel-raises"), None, reps(2, 10), false);
            assert_eq!((s.status, s.next), (Status::Same, Some(reps(2, 10))), "{d:?}");
        }
        let s = next_dose(Decision::Paused, ex("heel-raises"), None, reps(2, 10), false);
        assert_eq!(s.next, None);
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_rise_counts_within_t_minus_6_to_t_minus_1() {
        let t = d("2025-03-28");
        let start = secs(3, 20);
        // 03-22 is T−6: a rise then counts; 03-21 (T−7) does not.
        assert!(rose_within_week(&[(d("2025-03-22"), secs(3, 25))], start, t));
        assert!(!rose_within_week(&[(d("2025-03-21"), secs(3, 25))], start, t));
        // Same dose again within the week: no rise; a rise over the starting dose on the first session counts.
        assert!(!rose_within_week(
            &[(d("2025-03-21"), secs(3, 25)), (d("2025-03-25"), secs(3, 25))],
            start,
            t
        ));
        assert!(!rose_within_week(&[(d("2025-03-25"), secs(3, 20))], start, t));
        // A lower dose is no rise; a dose of T itself is not looked at.
        assert!(!rose_within_week(&[(d("2025-03-25"), secs(3, 15))], start, t));
        assert!(!rose_within_week(&[(d("2025-03-28"), secs(3, 30))], start, t));
        assert!(exceeds(secs(3, 25), secs(3, 20)) && !exceeds(secs(2, 25), secs(3, 20)));
        assert!(!exceeds(reps(3, 8), secs(3, 8)));
    }

    fn session(id: i64, when: &str, done: &[(&str, Dose)]) -> Item {
        let at = chrono::NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M").unwrap();
        let done: Vec<Done> = done.iter().map(|&(e, dose)| Done { exercise: ex(e), dose }).collect();
        let kind = done[0].exercise.kind;
        Item {
            id,
            at,
            body: Body::Session(Session { kind, work: Work::Exercises(done), rpe: None, note: None }),
        }
    }

    #[test]
    fn each_exercise_gets_its_own_dose_in_program_order_then_others_by_name() {
        let t = d("2025-03-28");
        let sessions = [
            session(
                1,
                "2025-03-20 09:00",
                &[("tandem-stance", secs(3, 20)), ("single-leg-stance", secs(3, 10))],
            ),
            session(2, "2025-03-24 09:00", &[("tandem-stance", secs(3, 25))]),
            session(3, "2025-03-26 09:00", &[("heel-raises", reps(2, 9)), ("step-ups", reps(2, 8))]),
            session(4, "2025-03-27 09:00", &[("toe-yoga", reps(1, 8))]),
            // Dated T: judged tomorrow, not a base today.
            session(5, "2025-03-28 09:00", &[("heel-raises", reps(2, 11))]),
            // Older than 42 days and not in the program: not listed.
            session(6, "2025-01-02 09:00", &[("eversion", reps(2, 12))]),
        ];
        let doses = exercise_doses(&Program::starter(), &sessions, t, &|_, _| Decision::Progress);
        let ids: Vec<&str> = doses.iter().map(|n| n.exercise.id).collect();
        assert_eq!(
            ids,
            [
                "ankle-pumps",
                "ankle-circles",
                "calf-stretch",
                "tibial-glide",
                "heel-raises",
                "sit-to-stand",
                "hip-abduction",
                "tandem-stance",
                "single-leg-stance",
                "step-ups",
                "toe-yoga"
            ]
        );
        let hr = find(&doses, "heel-raises").unwrap();
        assert_eq!((hr.last, hr.next, hr.status), (Some(reps(2, 9)), Some(reps(2, 10)), Status::Progress));
        // Tandem stance rose on 03-24 (T−4): held; single-leg stance rose on 03-20 (T−8): +5 s.
        let ts = find(&doses, "tandem-stance").unwrap();
        assert_eq!((ts.next, ts.status), (Some(secs(3, 25)), Status::Same));
        let sls = find(&doses, "single-leg-stance").unwrap();
        assert_eq!((sls.next, sls.status), (Some(secs(3, 15)), Status::Progress));
        // Never done: the starting dose.
        let sts = find(&doses, "sit-to-stand").unwrap();
        assert_eq!((sts.last, sts.next, sts.status), (None, Some(reps(2, 8)), Status::Same));
        let json = serde_json::to_value(hr).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "strength", "exercise": "heel-raises", "status": "progress",
                "last_date": "2025-03-26", "last": {"sets": 2, "reps": 9, "seconds": null, "minutes": null},
                "next": {"sets": 2, "reps": 10, "seconds": null, "minutes": null}})
        );
    }

    #[test]
    fn done_between_lists_the_doses_of_the_period_in_order() {
        let items = [
            session(3, "2025-03-20 09:00", &[("heel-raises", reps(2, 9))]),
            session(1, "2025-03-10 09:00", &[("heel-raises", reps(2, 8))]),
            session(2, "2025-03-09 09:00", &[("heel-raises", reps(2, 12))]),
            session(4, "2025-03-21 09:00", &[("sit-to-stand", reps(2, 8))]),
            session(5, "2025-03-29 09:00", &[("heel-raises", reps(2, 10))]),
        ];
        assert_eq!(
            done_between(&items, "heel-raises", d("2025-03-10"), d("2025-03-28")),
            [(d("2025-03-10"), reps(2, 8)), (d("2025-03-20"), reps(2, 9))]
        );
        assert!(done_between(&items, "step-ups", d("2025-03-01"), d("2025-03-31")).is_empty());
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn unit(d: Dose) -> u16 {
            d.reps().or(d.seconds()).or(d.minutes()).unwrap_or(0)
        }

        proptest! {
            #[test]
            fn a_trim_or_restart_never_raises_a_dose_and_progress_never_lowers_one(
                which in 0..catalogue::CATALOGUE.len(),
                sets in 1u16..=20,
                n in 1u16..=600,
                pct in 1u8..=50,
                rose in any::<bool>(),
            ) {
                let e = &catalogue::CATALOGUE[which];
                let base = match e.range.form() {
                    crate::domain::dose::Form::Reps => reps(sets, n.min(200)),
                    crate::domain::dose::Form::Seconds => secs(sets, n),
                    crate::domain::dose::Form::Minutes => Dose::Minutes(n),
                };
                for d in [Decision::Trim { pct }, Decision::Restart { pct: 70 }, Decision::Restart { pct: 50 }] {
                    let next = next_dose(d, e, Some(base), base, rose).next.unwrap();
                    prop_assert_eq!(next.sets(), base.sets());
                    prop_assert!(unit(next) <= unit(base) && unit(next) >= 1);
                }
                let s = next_dose(Decision::Progress, e, Some(base), base, rose);
                let next = s.next.unwrap();
                prop_assert!(next == base || exceeds(next, base) || next.sets() > base.sets(), "{base} → {next}");
                prop_assert_eq!(s.status == Status::Progress, next != base);
                // Within the range it stays within the range.
                if e.range.contains(base) {
                    prop_assert!(e.range.contains(next), "{}: {base} → {next}", e.id);
                }
            }
        }
    }
}
