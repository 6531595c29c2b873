//! §6.4 and §9.6: each kind's and each exercise's next volume. One dose type ([`Dose`]: a
//! session's plain volume is a dose too) and one decision, [`decide`], for kinds and
//! exercises alike.

use chrono::NaiveDate;

use super::effort::{self, Effort};
use super::flags::{Flags, CHARCOT_DRILLS};
use super::history::History;
use super::result::{Judged, Outcome, Track};
use super::walk;
use super::{minus, scale, DayResult, ExerciseNext, Limit, Next, SessionNext, WalkNext, WalkPlan};
use crate::domain::{Dose, Item, Kind, Volume};
use crate::program::catalogue::{Exercise, Range};
use crate::program::Program;
use crate::status::Status;

/// The strength progression of a kind's plain volume: reps 8–12, up to 3 sets (§6.4 step 3).
pub const STRENGTH_KIND: Range =
    Range { sets: Some((1, 3)), reps: Some((8, 12)), seconds: None, minutes: None };
/// Holds grow by this many seconds, at most once in 7 days.
pub const HOLD_STEP: u16 = 5;
/// The strength effort trim never goes below this many sets of this many reps.
const EFFORT_FLOOR: (u16, u16) = (2, 8);
/// The suggestion at 3 × 12.
pub const TOP_OF_STRENGTH: &str = "move to single-leg raises or slower lowering";

/// A plain volume as a dose.
pub fn dose_of(v: Volume) -> Dose {
    match v {
        Volume::SetsReps { sets, reps } => Dose::Reps { sets, reps },
        Volume::Minutes(m) => Dose::Minutes(m),
    }
}

/// A dose as a plain volume (a kind's volume has no seconds).
pub fn volume_of(d: Dose) -> Volume {
    match d {
        Dose::Reps { sets, reps } => Volume::SetsReps { sets, reps },
        Dose::Seconds { seconds, .. } => Volume::Minutes(seconds),
        Dose::Minutes(m) => Volume::Minutes(m),
    }
}

/// Scales the reps, seconds or minutes of a dose by `q` percent, keeping its sets.
pub fn scale_dose(dose: Dose, q: u32) -> Dose {
    map_unit(dose, |u| scale(u, q))
}

fn map_unit(dose: Dose, f: impl Fn(u16) -> u16) -> Dose {
    match dose {
        Dose::Reps { sets, reps } => Dose::Reps { sets, reps: f(reps) },
        Dose::Seconds { sets, seconds } => Dose::Seconds { sets, seconds: f(seconds) },
        Dose::Minutes(m) => Dose::Minutes(f(m)),
    }
}

fn unit(d: Dose) -> u16 {
    d.reps().or(d.seconds()).or(d.minutes()).unwrap_or(0)
}

/// Partwise: each part of `a` at most `b`'s (the same form; else `a`).
fn at_most(a: Dose, b: Dose) -> Dose {
    match (a, b) {
        (Dose::Reps { sets, reps }, Dose::Reps { sets: s, reps: r }) => {
            Dose::Reps { sets: sets.min(s), reps: reps.min(r) }
        }
        (Dose::Seconds { sets, seconds }, Dose::Seconds { sets: s, seconds: x }) => {
            Dose::Seconds { sets: sets.min(s), seconds: seconds.min(x) }
        }
        (Dose::Minutes(m), Dose::Minutes(x)) => Dose::Minutes(m.min(x)),
        _ => a,
    }
}

/// Partwise: each part of `a` at least `b`'s.
fn at_least(a: Dose, b: Dose) -> Dose {
    match (a, b) {
        (Dose::Reps { sets, reps }, Dose::Reps { sets: s, reps: r }) => {
            Dose::Reps { sets: sets.max(s), reps: reps.max(r) }
        }
        (Dose::Seconds { sets, seconds }, Dose::Seconds { sets: s, seconds: x }) => {
            Dose::Seconds { sets: sets.max(s), seconds: seconds.max(x) }
        }
        (Dose::Minutes(m), Dose::Minutes(x)) => Dose::Minutes(m.max(x)),
        _ => a,
    }
}

/// `a` has every part at least `b`'s (the same form).
pub fn covers(a: Dose, b: Dose) -> bool {
    a.form() == b.form() && a.sets() >= b.sets() && unit(a) >= unit(b)
}

/// `a` is more than `b`.
pub fn exceeds(a: Dose, b: Dose) -> bool {
    covers(a, b) && a != b
}

/// The 80 % floor of a pre-flare dose, partwise, never above the base.
fn floor_of(pre: Dose, base: Dose) -> Dose {
    let f = |x: Option<u16>| x.map(|x| scale(x, 80));
    let floor = match pre {
        Dose::Reps { sets, reps } => {
            Dose::Reps { sets: f(Some(sets)).unwrap_or(sets), reps: scale(reps, 80) }
        }
        Dose::Seconds { sets, seconds } => {
            Dose::Seconds { sets: f(Some(sets)).unwrap_or(sets), seconds: scale(seconds, 80) }
        }
        Dose::Minutes(m) => Dose::Minutes(scale(m, 80)),
    };
    at_most(floor, base)
}

/// The one progression (§6.4 step 3 and §9.6) under `progress`, for a dose in its range:
/// strength reps + 1 to the top, then one more set at the bottom, then the next step;
/// holds and timed doses of strength and balance + 5 s to the top, at most once in 7 days;
/// everything else keeps its dose. `calm_twice`: the two latest sessions were at this dose
/// or more, neither on a trimmed day; `rose_this_week`: the dose rose within T−6 … T−1.
pub fn progression(
    kind: Kind,
    range: Range,
    next_step: Option<&'static str>,
    base: Dose,
    calm_twice: bool,
    rose_this_week: bool,
) -> (Dose, Option<&'static str>) {
    if kind == Kind::Mobility || !range.contains(base) || range.form() != base.form() {
        return (base, None);
    }
    let (lo, top) = range.unit();
    match (base, kind) {
        (Dose::Reps { sets, reps }, Kind::Strength) => {
            let most = range.sets.map_or(sets, |s| s.1);
            if reps >= top && sets >= most {
                (base, next_step)
            } else if !calm_twice {
                (base, None)
            } else if reps < top {
                (Dose::Reps { sets, reps: reps + 1 }, None)
            } else {
                (Dose::Reps { sets: sets + 1, reps: lo }, None)
            }
        }
        (Dose::Seconds { sets, seconds }, Kind::Strength | Kind::Balance) => {
            if seconds >= top {
                (base, next_step)
            } else if rose_this_week {
                (base, None)
            } else {
                (Dose::Seconds { sets, seconds: (seconds + HOLD_STEP).min(top) }, None)
            }
        }
        _ => (base, None),
    }
}

/// A kind's plain strength volume has no floor (§6.4 step 3: "reps + 1 per set up to 12"):
/// a calm 2 × 6, a trim or restart dose, climbs a rep at a time like one in 8–12. The range
/// is widened down to the base's reps and sets; 12 reps and 3 sets stay the top.
pub fn plain_range(r: Range, base: Dose) -> Range {
    match (base, r.reps, r.sets) {
        (Dose::Reps { sets, reps }, Some((lo, hi)), Some((slo, shi))) => {
            Range { reps: Some((lo.min(reps), hi)), sets: Some((slo.min(sets), shi)), ..r }
        }
        _ => r,
    }
}

/// One step back up towards the range's bottom (§9.6): + 1 rep, + 5 s, or the bottom's sets;
/// never past the bottom. `None` when the dose is not below its range.
pub fn climb(range: Range, base: Dose) -> Option<Dose> {
    if base.form() != range.form() {
        return None;
    }
    let (lo, _) = range.unit();
    let lo_sets = range.sets.map_or(1, |s| s.0);
    let u = unit(base);
    if u < lo {
        let step = if base.form() == crate::domain::dose::Form::Seconds { HOLD_STEP } else { 1 };
        return Some(map_unit(base, |x| (x + step).min(lo)));
    }
    match base {
        Dose::Reps { sets, reps } if sets < lo_sets => Some(Dose::Reps { sets: lo_sets, reps }),
        Dose::Seconds { sets, seconds } if sets < lo_sets => Some(Dose::Seconds { sets: lo_sets, seconds }),
        _ => None,
    }
}

/// One step easier (balance at RPE 9–10, or under a fall): 5 s less per hold, one rep less,
/// 10 % less for minutes.
fn step_down(d: Dose) -> Dose {
    match d {
        Dose::Reps { sets, reps } => Dose::Reps { sets, reps: reps.saturating_sub(1).max(1) },
        Dose::Seconds { sets, seconds } => {
            Dose::Seconds { sets, seconds: seconds.saturating_sub(HOLD_STEP).max(1) }
        }
        Dose::Minutes(m) => Dose::Minutes(scale(m, 90)),
    }
}

/// What the advice decides from, shared by every element.
pub struct Ctx<'a> {
    pub h: &'a History,
    pub judged: &'a Judged,
    pub flags: &'a Flags,
    pub outcome: &'a Outcome,
}

/// One element to decide: a kind's plain volume or one exercise.
pub struct Element<'a> {
    pub kind: Kind,
    pub exercise: Option<&'static Exercise>,
    /// Its doses before T, in order.
    pub history: &'a [(NaiveDate, Dose)],
    /// The dose when never done.
    pub start: Option<Dose>,
}

/// The decision of §6.4 (steps 1–5) and §9.6 for one element.
pub struct Decided {
    pub status: Status,
    pub next: Option<Dose>,
    pub next_step: Option<&'static str>,
    pub note: Option<String>,
    pub cue: Option<&'static str>,
}

impl Ctx<'_> {
    /// The weight-bearing pause applies to this element.
    fn paused(&self, e: &Element) -> bool {
        let Some(p) = self.flags.pause else { return false };
        match (e.kind, e.exercise) {
            (Kind::Mobility, None) => false,
            (Kind::Mobility, Some(x)) if p.charcot => !CHARCOT_DRILLS.contains(&x.id),
            (Kind::Mobility, Some(x)) => !x.seated(),
            _ => true,
        }
    }

    /// Single-leg stance is paused by an active fall or balance loss.
    fn stance_paused(&self, e: &Element) -> bool {
        self.flags.stance_pause.is_some() && e.exercise.is_some_and(|x| x.id == "single-leg-stance")
    }

    /// §6.4 step 2: the restart percentage for an element last done on `l`.
    fn restart(&self, e: &Element, l: NaiveDate) -> Option<u32> {
        let t = self.h.t;
        let was_paused = match e.exercise {
            Some(x) if x.id == "single-leg-stance" => self.flags.stance_ended.is_some_and(|d| d > l),
            _ => false,
        } || (self.flags.pause_ended.is_some_and(|d| d > l) && self.would_pause(e))
            || (self.flags.charcot_ended.is_some_and(|d| d > l)
                && e.exercise.is_some_and(|x| !CHARCOT_DRILLS.contains(&x.id)));
        if was_paused {
            return Some(if l < minus(t, 42) { 50 } else { 70 });
        }
        if l >= minus(t, 7) {
            return None;
        }
        Some(if l >= minus(t, 14) {
            90
        } else if l >= minus(t, 42) {
            70
        } else {
            50
        })
    }

    /// The element would be paused by a weight-bearing pause (not seated mobility).
    fn would_pause(&self, e: &Element) -> bool {
        match (e.kind, e.exercise) {
            (Kind::Mobility, None) => false,
            (Kind::Mobility, Some(x)) => !x.seated(),
            _ => true,
        }
    }

    /// The base followed a gap of more than 7 days within the last 42 days: a restart dose.
    fn was_restart_dose(&self, history: &[(NaiveDate, Dose)]) -> bool {
        let t = self.h.t;
        match history {
            [.., (p, _), (l, _)] => *l >= minus(t, 42) && (*l - *p).num_days() > 7,
            _ => false,
        }
    }

    /// The ceilings of §6.4 step 5 for an element: each trimmed day D' of T−7 … T−1 caps it
    /// at its latest dose on or before D' scaled by 100 − p'.
    fn ceiling(&self, e: &Element) -> Option<Dose> {
        if e.kind == Kind::Mobility {
            return None;
        }
        let t = self.h.t;
        self.judged
            .trimmed
            .range(minus(t, 7)..t)
            .filter_map(|(&d, &p)| {
                let morning = self.judged.by_morning.contains(&d);
                let on_or_before =
                    e.history.iter().rev().find(|(day, _)| if morning { *day < d } else { *day <= d })?;
                Some(scale_dose(on_or_before.1, 100 - u32::from(p)))
            })
            .reduce(at_most)
    }

    /// The 80 % floor: the element's dose before the first trimmed day of the last 28 days.
    fn floor(&self, e: &Element, base: Dose) -> Option<Dose> {
        let t = self.h.t;
        let (&d1, _) = self.judged.trimmed.range(minus(t, 28)..=t).next()?;
        let pre = e.history.iter().rev().find(|(day, _)| *day < d1)?;
        Some(floor_of(pre.1, base))
    }

    /// The two latest sessions were at the latest's dose or more, and neither day trimmed.
    fn calm_twice(&self, history: &[(NaiveDate, Dose)]) -> bool {
        match history {
            [.., (p, pd), (l, ld)] => {
                covers(*pd, *ld) && !self.judged.is_trim(*p) && !self.judged.is_trim(*l)
            }
            _ => false,
        }
    }

    /// The dose rose within T−6 … T−1 (the previous dose, or the start before the first).
    fn rose_this_week(&self, e: &Element) -> bool {
        let t = self.h.t;
        let mut previous = e.start;
        for &(day, dose) in e.history {
            if day >= minus(t, 6) && previous.is_some_and(|p| exceeds(dose, p)) {
                return true;
            }
            previous = Some(dose);
        }
        false
    }

    /// The single-leg stance cap: the lower foot's best in T−13 … T plus 5 s, whole seconds,
    /// at least 5; `None` when a foot has no stance logged there (then no rise).
    fn stance_cap(&self) -> Option<u16> {
        let t = self.h.t;
        let best = |f: &dyn Fn(&crate::daily::Day) -> Option<u16>| {
            self.h.days_between(minus(t, 13), t).filter_map(f).max()
        };
        let left = best(&|d| d.stance_left.map(|s| s.tenths()))?;
        let right = best(&|d| d.stance_right.map(|s| s.tenths()))?;
        Some(((left.min(right) + 50) / 10).max(5))
    }

    /// The balance exercises' dose under an active fall: one step below the latest dose
    /// before the flag's day.
    fn fall_dose(&self, e: &Element) -> Option<Dose> {
        let (_, day) = self.flags.stance_pause?;
        let before = e.history.iter().rev().find(|(d, _)| *d < day)?;
        Some(step_down(before.1))
    }

    /// §6.4 steps 1–5 and §9.6 for one element.
    pub fn decide(&self, e: &Element) -> Decided {
        let t = self.h.t;
        let kr = self.outcome.of(Track::Session(e.kind));
        let range = e.exercise.map(|x| x.range).or((e.kind == Kind::Strength).then_some(STRENGTH_KIND));
        let next_step = e.exercise.map_or(Some(TOP_OF_STRENGTH), |x| x.next_step);
        let mut out = Decided { status: Status::Same, next: None, next_step: None, note: None, cue: None };
        // 1. Paused.
        if self.paused(e) || self.stance_paused(e) {
            out.status = Status::Paused;
            return out;
        }
        let is_stance = e.exercise.is_some_and(|x| x.id == "single-leg-stance");
        let stance_cap = if is_stance { self.stance_cap() } else { None };
        let Some(&(l, base)) = e.history.last() else {
            // Never done: the starting dose, a trim like its kind's, and the caps.
            let Some(start) = e.start else { return out };
            let mut next = start;
            if let (DayResult::Trim(p), false) = (kr.result, e.kind == Kind::Mobility) {
                next = scale_dose(start, 100 - u32::from(p));
                out.status = Status::Trim;
            }
            if is_stance {
                next = cap_stance(next, stance_cap, start);
                if unit(next) < unit(start) {
                    out.status = Status::Trim;
                }
                out.cue = stance_cue(self.h);
            }
            if let Some(d) = self.fall_dose(e).filter(|_| e.kind == Kind::Balance) {
                next = at_most(next, d);
            }
            out.next = Some(next);
            return out;
        };
        // A fall or balance loss: the other balance drills one step below their dose before it.
        if e.kind == Kind::Balance && e.exercise.is_some() {
            if let Some(d) = self.fall_dose(e) {
                out.next = Some(d);
                out.status = if d == base { Status::Same } else { Status::Trim };
                out.note = Some(super::flags::HOLD_COUNTER.to_string());
                return out;
            }
        }
        // 2. Restart.
        let mut next;
        if let Some(pct) = self.restart(e, l) {
            if self.was_restart_dose(e.history) {
                next = base;
            } else {
                next = scale_dose(base, pct);
                out.status = Status::Restart;
            }
        } else {
            // 3. From the kind's result.
            next = base;
            match kr.result {
                DayResult::Trim(p) if e.kind != Kind::Mobility => {
                    next = scale_dose(base, 100 - u32::from(p));
                    if let Some(f) = self.floor(e, base) {
                        next = at_least(next, f);
                    }
                    out.status = Status::Trim;
                }
                DayResult::Progress if !self.flags.alarm() => {
                    let climbed = range.and_then(|r| climb(r, base)).filter(|_| self.may_climb(e));
                    if let Some(c) = climbed.filter(|_| e.exercise.is_some()) {
                        next = c;
                    } else if let Some(r) = range {
                        let r = if e.exercise.is_none() { plain_range(r, base) } else { r };
                        let (n, step) = progression(
                            e.kind,
                            r,
                            next_step,
                            base,
                            self.calm_twice(e.history),
                            self.rose_this_week(e),
                        );
                        next = n;
                        out.next_step = step;
                    }
                }
                DayResult::Hold if kr.limits == [Limit::FirstWeek] && !self.flags.alarm() => {
                    if let Some(c) =
                        e.exercise.and_then(|x| climb(x.range, base)).filter(|_| self.may_climb(e))
                    {
                        next = c;
                    }
                }
                _ => {}
            }
            if next != base && out.status == Status::Same {
                out.status = Status::Progress;
            }
            // 4. Effort.
            if matches!(out.status, Status::Progress | Status::Same) {
                if let Some(eff) = effort::effort(self.h, e.kind) {
                    let (n, status) = self.apply_effort(eff, e, base, range);
                    if let Some(n) = n {
                        next = n;
                        out.status = status;
                        out.note = Some(eff.describe());
                    }
                }
            }
        }
        // 5. The ceiling after a trim.
        if let Some(c) = self.ceiling(e) {
            let capped = at_most(next, c);
            if capped != next {
                next = capped;
                if let Some(f) = self.floor(e, base) {
                    next = at_least(next, f);
                }
                if exceeds(base, next) || (next != base && !covers(next, base)) {
                    out.status = Status::Trim;
                }
            }
        }
        // §9.6: single-leg stance never above what the weaker foot can stand.
        if is_stance {
            let capped = cap_stance(next, stance_cap, base);
            if capped != next {
                next = capped;
                out.status = if unit(next) < unit(base) {
                    Status::Trim
                } else if unit(next) > unit(base) {
                    Status::Progress
                } else {
                    Status::Same
                };
                out.next_step = None;
            }
            out.cue = stance_cue(self.h);
        }
        if next == base && matches!(out.status, Status::Progress) {
            out.status = Status::Same;
        }
        out.next = Some(next);
        let _ = t;
        out
    }

    /// Below its range a dose climbs back only under calm progress: not under a red flag, a
    /// pause, a ceiling or an active fall.
    fn may_climb(&self, _e: &Element) -> bool {
        let t = self.h.t;
        !self.flags.alarm()
            && self.flags.pause.is_none()
            && self.flags.stance_pause.is_none()
            && self.judged.trimmed.range(minus(t, 7)..t).next().is_none()
    }

    /// §6.4 step 4 for an element whose status came from step 3 as progress or same.
    fn apply_effort(
        &self,
        eff: Effort,
        e: &Element,
        base: Dose,
        range: Option<Range>,
    ) -> (Option<Dose>, Status) {
        let bottom = e.exercise.map(|x| x.range.bottom());
        match eff {
            Effort::VeryHard(_) => {
                let mut n = scale_dose(base, 90);
                n = match (n, e.exercise) {
                    (Dose::Reps { sets, reps }, None) => {
                        Dose::Reps { sets, reps: reps.max(EFFORT_FLOOR.1.min(unit(base))) }
                    }
                    _ => n,
                };
                if let Some(b) = bottom {
                    n = at_least(n, at_most(b, base));
                }
                let _ = range;
                if n == base {
                    (Some(base), Status::Same)
                } else {
                    (Some(n), Status::Trim)
                }
            }
            Effort::Unsteady(_) => {
                let mut n = step_down(base);
                if let Some(b) = bottom {
                    n = at_least(n, at_most(b, base));
                }
                if n == base {
                    (Some(base), Status::Same)
                } else {
                    (Some(n), Status::Trim)
                }
            }
            Effort::VeryHardAgain(_) | Effort::Hard(_) | Effort::Consecutive
                if e.kind == Kind::Strength || matches!(eff, Effort::Hard(_)) =>
            {
                (Some(base), Status::Same)
            }
            _ => (None, Status::Same),
        }
    }
}

/// The cue for single-leg stance when the weaker foot stands under 5 s: the lower of the
/// feet's BEST in T−13 … T (§9.6), not one bad reading (a 3 s followed by 20 s is 20 s).
/// With one foot logged, that foot's best.
pub(crate) fn stance_cue(h: &History) -> Option<&'static str> {
    let t = h.t;
    let best =
        |f: &dyn Fn(&crate::daily::Day) -> Option<u16>| h.days_between(minus(t, 13), t).filter_map(f).max();
    let left = best(&|d| d.stance_left.map(|s| s.tenths()));
    let right = best(&|d| d.stance_right.map(|s| s.tenths()));
    let weaker = match (left, right) {
        (Some(l), Some(r)) => Some(l.min(r)),
        (l, r) => l.or(r),
    };
    weaker.is_some_and(|s| s < 50).then_some(BOTH_HANDS)
}

/// The single-leg stance cue when the weaker foot stands under 5 s.
pub const BOTH_HANDS: &str = "both hands on the counter";

/// Caps a single-leg stance dose at the cap; without one (a foot not logged) no rise above
/// `base`.
fn cap_stance(d: Dose, cap: Option<u16>, base: Dose) -> Dose {
    match (d, cap) {
        (Dose::Seconds { sets, seconds }, Some(c)) => Dose::Seconds { sets, seconds: seconds.min(c) },
        (Dose::Seconds { sets, seconds }, None) => Dose::Seconds { sets, seconds: seconds.min(unit(base)) },
        _ => d,
    }
}

/// A kind's element (§6.4, §9.6): from its latest session before T.
pub fn session_next(ctx: &Ctx, kind: Kind, listed: bool) -> Option<SessionNext> {
    let h = ctx.h;
    let t = h.t;
    let kr = ctx.outcome.of(Track::Session(kind));
    let latest = h.sessions_before(kind, t).next().map(|(i, s)| (i.date(), s.work.volume()));
    if latest.is_none() && !listed {
        return None;
    }
    let earliest = (kind == Kind::Strength).then(|| effort::earliest(h));
    let mut n = SessionNext {
        kind,
        status: Status::Same,
        result: kr.result,
        last_date: latest.map(|(d, _)| d),
        last: latest.and_then(|(_, v)| v),
        next: None,
        earliest,
        note: None,
    };
    match latest {
        Some((_, Some(_))) => {
            let history: Vec<(NaiveDate, Dose)> = plain_history(h, kind);
            let d = ctx.decide(&Element { kind, exercise: None, history: &history, start: None });
            n.status = d.status;
            n.next = d.next.map(volume_of);
            n.note = match (d.note, d.next_step, n.next) {
                (Some(note), _, _) => Some(note),
                (None, Some(step), Some(v)) => {
                    Some(format!("{v} is the top of this progression: keep it, and to go further {step}"))
                }
                _ => None,
            };
        }
        // Named exercises, or never done: the status of the decision, no volume of its own.
        _ => {
            let paused = ctx.flags.pause.is_some() && kind != Kind::Mobility;
            n.status = if paused {
                Status::Paused
            } else if latest.is_some_and(|(l, _)| l < minus(t, 7)) {
                Status::Restart
            } else if matches!(kr.result, DayResult::Trim(_)) && kind != Kind::Mobility {
                Status::Trim
            } else {
                Status::Same
            };
        }
    }
    if n.status == Status::Paused {
        n.earliest = None;
    }
    Some(n)
}

/// The plain volumes of a kind's sessions before T since its latest session of named
/// exercises, in order: a kind done as named exercises has no volume of its own before.
fn plain_history(h: &History, kind: Kind) -> Vec<(NaiveDate, Dose)> {
    let mut v: Vec<(NaiveDate, Dose)> = h
        .sessions_before(kind, h.t)
        .map_while(|(i, s)| s.work.volume().map(|v| (i.date(), dose_of(v))))
        .collect();
    v.reverse();
    v
}

/// An exercise's doses before T, in order.
fn exercise_history(h: &History, id: &str) -> Vec<(NaiveDate, Dose)> {
    h.items
        .iter()
        .filter(|i| i.date() < h.t)
        .filter_map(|i| i.session().map(|s| (i.date(), s)))
        .flat_map(|(d, s)| {
            s.work.exercises().iter().filter(|x| x.exercise.id == id).map(move |x| (d, x.dose))
        })
        .collect()
}

/// The walk's element (§6.4 steps 1–3, 5 and 6), when a bout was logged before T.
pub fn walk_next(ctx: &Ctx) -> Option<WalkNext> {
    let h = ctx.h;
    let t = h.t;
    let last_date = h.latest_walk_day(t)?;
    let w = walk::w_of(h, ctx.judged, t)?;
    let b = walk::b_of(h, ctx.judged);
    let kr = ctx.outcome.of(Track::Walk);
    let usual_total = walk::usual_total(h);
    let mut out = WalkNext {
        status: Status::Same,
        result: kr.result,
        last_date,
        last: w,
        next: None,
        base_week: b,
        usual_total,
    };
    if ctx.flags.pause.is_some() {
        out.status = Status::Paused;
        return Some(out);
    }
    let plan = |m: u16| WalkPlan { minutes: m, minutes_max: m };
    // 2. Restart.
    let restart = {
        let ended = ctx.flags.pause_ended.is_some_and(|d| d > last_date);
        if ended {
            Some(if last_date < minus(t, 42) { 50 } else { 70 })
        } else if last_date < minus(t, 7) {
            Some(if last_date >= minus(t, 14) {
                90
            } else if last_date >= minus(t, 42) {
                70
            } else {
                50
            })
        } else {
            None
        }
    };
    let mut p;
    let mut trimmed = false;
    if let Some(pct) = restart {
        let previous = h.latest_walk_day(last_date);
        let restart_dose =
            last_date >= minus(t, 42) && previous.is_some_and(|p| (last_date - p).num_days() > 7);
        if restart_dose {
            p = plan(w);
        } else {
            p = plan(scale(w, pct));
            out.status = Status::Restart;
        }
    } else {
        match kr.result {
            DayResult::Trim(pct) => {
                p = plan(scale(w, 100 - u32::from(pct)));
                trimmed = true;
                out.status = Status::Trim;
            }
            DayResult::Progress if !ctx.flags.alarm() => {
                p = walk::progress(w, b);
                if p.minutes <= w {
                    p = plan(w);
                } else {
                    out.status = Status::Progress;
                }
            }
            _ => p = plan(w),
        }
    }
    // 5. The ceiling of each trimmed day D': W(D'+1) scaled by 100 − p'.
    let ceiling = ctx
        .judged
        .trimmed
        .range(minus(t, 7)..t)
        .filter_map(|(&d, &pct)| {
            let from = if ctx.judged.by_morning.contains(&d) { d } else { super::plus(d, 1) };
            walk::w_of(h, ctx.judged, from).map(|x| scale(x, 100 - u32::from(pct)))
        })
        .min();
    if let Some(c) = ceiling {
        if p.minutes > c || p.minutes_max > c {
            p = WalkPlan { minutes: p.minutes.min(c), minutes_max: p.minutes_max.min(c) };
            trimmed = true;
            if p.minutes < w {
                out.status = Status::Trim;
            } else if p.minutes == w && out.status == Status::Progress {
                out.status = Status::Same;
            }
        }
    }
    // The 80 % floor of the walk before the first trimmed day of the last 28 days.
    if trimmed {
        if let Some((&d1, _)) = ctx.judged.trimmed.range(minus(t, 28)..=t).next() {
            if let Some(pre) = walk::w_of(h, ctx.judged, d1) {
                let floor = scale(pre, 80).min(w);
                p = WalkPlan { minutes: p.minutes.max(floor), minutes_max: p.minutes_max.max(floor) };
            }
        }
    }
    // Last of all, the week-old reference's cap.
    if let Some(b) = b {
        let cap = walk::cap(b);
        if p.minutes > cap || p.minutes_max > cap {
            p = WalkPlan { minutes: p.minutes.min(cap), minutes_max: p.minutes_max.min(cap) };
            if p.minutes < w {
                out.status = Status::Trim;
            } else if p.minutes == w && out.status == Status::Progress {
                out.status = Status::Same;
            }
        }
    }
    if out.status != Status::Progress {
        p.minutes_max = p.minutes;
    }
    out.next = Some(p);
    Some(out)
}

/// The exercises listed in `next` (§9.6): the program's, in program order, then those done in
/// T−42 … T−1 that are not in it, by name, each with its starting dose.
fn listed(h: &History, program: &Program) -> Vec<(&'static Exercise, Dose, bool)> {
    let t = h.t;
    let mut others: Vec<&'static Exercise> = h
        .between(minus(t, 42), minus(t, 1))
        .iter()
        .filter_map(Item::session)
        .flat_map(|s| s.work.exercises().iter().map(|d| d.exercise))
        .filter(|e| program.get(e.id).is_none())
        .collect();
    others.sort_by_key(|e| e.id);
    others.dedup_by_key(|e| e.id);
    program
        .exercises
        .iter()
        .map(|p| (p.exercise, p.dose, program.starter))
        .chain(others.into_iter().map(|e| (e, e.range.bottom(), false)))
        .collect()
}

/// The starting dose of a starter exercise for a person who logs plain volumes (§9.6): the
/// kind's latest plain sets × reps of T−42 … T−1 brought into the exercise's range.
fn seeded(h: &History, e: &Exercise, start: Dose) -> Dose {
    let t = h.t;
    let Some(Volume::SetsReps { sets, reps }) = h
        .sessions_before(e.kind, t)
        .take_while(|(i, _)| i.date() >= minus(t, 42))
        .find_map(|(_, s)| s.work.volume().filter(|v| matches!(v, Volume::SetsReps { .. })))
    else {
        return start;
    };
    match (start, e.range.sets, e.range.reps) {
        (Dose::Reps { .. }, Some((slo, shi)), Some((rlo, rhi))) => {
            Dose::Reps { sets: sets.clamp(slo, shi), reps: reps.clamp(rlo, rhi) }
        }
        _ => start,
    }
}

/// Every exercise's element (§9.6), in the order of `listed`.
pub fn exercise_doses(ctx: &Ctx, program: &Program) -> Vec<ExerciseNext> {
    let h = ctx.h;
    let named_ever = h.items.iter().any(|i| i.session().is_some_and(|s| !s.work.exercises().is_empty()));
    listed(h, program)
        .into_iter()
        .map(|(exercise, start, starter)| {
            let history = exercise_history(h, exercise.id);
            let start = if starter && !named_ever { seeded(h, exercise, start) } else { start };
            let d = ctx.decide(&Element {
                kind: exercise.kind,
                exercise: Some(exercise),
                history: &history,
                start: Some(start),
            });
            let last = history.last().copied();
            ExerciseNext {
                kind: exercise.kind,
                exercise,
                status: d.status,
                last_date: last.map(|(d, _)| d),
                last: last.map(|(_, d)| d),
                next: d.next,
                next_step: d.next_step,
                cue: d.cue,
                note: d.note,
            }
        })
        .collect()
}

/// `next`: each kind with history (strength, balance, mobility), each followed by its
/// exercises when they are shown, then the walk.
pub fn next(ctx: &Ctx, doses: &[ExerciseNext], show_exercises: bool) -> Vec<Next> {
    let mut out = Vec::new();
    for &kind in Kind::ALL {
        let mine: Vec<&ExerciseNext> = doses.iter().filter(|d| d.kind == kind).collect();
        let listed = show_exercises && !mine.is_empty();
        if let Some(s) = session_next(ctx, kind, listed) {
            out.push(Next::Session(s));
        }
        if listed {
            out.extend(mine.into_iter().map(|e| Next::Exercise(e.clone())));
        }
    }
    if let Some(w) = walk_next(ctx) {
        out.push(Next::Walk(w));
    }
    out
}
