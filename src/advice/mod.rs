//! Next-session advice (SPEC v3 §6, with §9.6's doses). Pure: the store's rows, the program
//! and the as-of date in; the advice, as `advise --json` prints it, out.
//!
//! The advice is the pipeline of §6, one file per step:
//! - [`lookback`]: the windows the store must read for T;
//! - `history`: the items as §6 sees them (an item before 04:00 is the evening before);
//! - [`day`]: the 24-hour rule for one activity day (6.1);
//! - [`result`]: each kind's result, today's pain and the verdict (6.2);
//! - [`limits`]: the limits on progress (6.2 step 4);
//! - [`flags`]: red flags, reviews and pauses (6.3);
//! - [`volume`]: each kind's and each exercise's next volume (6.4, §9.6: one dose type, one
//!   progression); [`walk`]: the walking target (6.4 step 6); [`effort`]: effort, spacing
//!   and strength's earliest day (6.4 steps 4 and 7);
//! - [`reason`]: the words; [`json`]: the `advise --json` shapes.
//!
//! Every threshold compares numbers rounded to two decimals, half away from zero, held as
//! whole hundredths ([`Points`]).

use std::fmt;

use chrono::{Days, NaiveDate};
use serde::ser::{Serialize, Serializer};

use crate::domain::{Detected, Dose, Flag, Item, Kind, Pain, Side, Volume, Zone};
use crate::program::catalogue::Exercise;
use crate::program::Program;
use crate::status::Status;

pub mod day;
pub mod effort;
pub mod flags;
mod history;
pub mod json;
pub mod limits;
pub mod lookback;
pub mod pause;
pub mod reason;
pub mod result;
pub mod volume;
pub mod walk;

pub use day::{day_result, trim_for};
pub use flags::logging_warnings;
use history::History;

/// The notes of §6.4.
pub const NOTE_SOLE: &str =
    "check both feet for blisters, cuts or red marks after walking: numb skin can hide an injury";
pub const NOTE_GLIDES: &str = "keep nerve glides gentle, 2–3 out of 10: ease the range";
pub const NOTE_INTAKE: &str = "start with your physiotherapist: ask them to set your first doses";
pub const NOTE_STANCE_FEET: &str =
    "log your single-leg stance on both feet so the hold can follow what you can do";
pub const NOTE_FLARES: &str =
    "pain has flared three times in four weeks: talk to your physiotherapist about the load";

/// Scales `x` by `q` percent in whole numbers, rounding half up, never below 1:
/// `max(1, (x × q + 50) / 100)`.
pub fn scale(x: u16, q: u32) -> u16 {
    let v = (u32::from(x) * q + 50) / 100;
    u16::try_from(v.max(1)).unwrap_or(u16::MAX)
}

/// A value in hundredths: pain readings, medians of daily means, differences, drop references.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i32);

impl Points {
    pub fn from_pain(p: Pain) -> Points {
        Points(i32::from(p) * 100)
    }

    /// Rounds to two decimals, half away from zero, as the value is shown.
    pub fn from_f64(x: f64) -> Points {
        Points((x * 100.0).round() as i32)
    }

    pub fn from_hundredths(h: i32) -> Points {
        Points(h)
    }

    pub fn hundredths(self) -> i32 {
        self.0
    }

    pub fn value(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 100 == 0 {
            return write!(f, "{}", self.0 / 100);
        }
        let s = format!("{:.2}", self.value());
        f.write_str(s.trim_end_matches('0'))
    }
}

/// Whole values serialise as integers (`3`), others with their decimals (`3.5`).
impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            s.serialize_i64(i64::from(self.0 / 100))
        } else {
            s.serialize_f64(self.value())
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    NoData,
    Pending,
    Progress,
    Hold,
    Trim,
    Restart,
    SeeClinician,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NoData => "no-data",
            Verdict::Pending => "pending",
            Verdict::Progress => "progress",
            Verdict::Hold => "hold",
            Verdict::Trim => "trim",
            Verdict::Restart => "restart",
            Verdict::SeeClinician => "see-clinician",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the 24-hour rule (§6.1) says about one activity day, and a kind's result (§6.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayResult {
    Pending,
    Hold,
    Trim(u8),
    Progress,
}

impl DayResult {
    /// The order of §6.2 step 2: trim (the largest trim_pct first) > hold > pending > progress.
    pub fn severity(self) -> u16 {
        match self {
            DayResult::Progress => 0,
            DayResult::Pending => 1,
            DayResult::Hold => 2,
            DayResult::Trim(p) => 3 + u16::from(p),
        }
    }

    /// The more severe of two results.
    pub fn worst(self, other: DayResult) -> DayResult {
        if other.severity() > self.severity() {
            other
        } else {
            self
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DayResult::Pending => "pending",
            DayResult::Hold => "hold",
            DayResult::Trim(_) => "trim",
            DayResult::Progress => "progress",
        }
    }

    pub fn trim_pct(self) -> Option<u8> {
        match self {
            DayResult::Trim(p) => Some(p),
            _ => None,
        }
    }
}

/// What the 24-hour rule found for the day judged; a field is `None` (null) when not found.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Rule {
    /// D: the activity day judged.
    pub day: Option<NaiveDate>,
    /// P: the first reading on D from 04:00, before D's first activity.
    pub before: Option<Pain>,
    /// U(D): the median of the first readings over D−28 … D−1 (at least 3 days).
    pub usual: Option<Points>,
    /// R: the lower of P and U(D).
    pub baseline: Option<Points>,
    /// K: the highest reading after D's first activity, up to and including N.
    pub peak: Option<Pain>,
    /// N: the first reading on D+1, else on D+2 when D+2 ≤ T.
    pub next_day: Option<Pain>,
    pub next_day_date: Option<NaiveDate>,
    /// E = N − R.
    pub excess: Option<Points>,
    /// What was done on D, for the wording: "session", "walk" or "activities".
    #[serde(skip)]
    pub activity: &'static str,
}

impl Rule {
    /// True when the baseline is the usual pain (lower than the pain before, or alone).
    pub fn baseline_is_usual(&self) -> bool {
        self.usual.is_some()
            && self.baseline == self.usual
            && self.before.map(Points::from_pain) != self.usual
    }
}

/// A reason a kind's `progress` became `hold` (§6.2 step 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Limit {
    /// The latest activity day in T−7 … T−1 whose own 6.1 result is a trim (or trimmed by
    /// its morning pain).
    RecentTrim { day: NaiveDate },
    /// The morning series is worse and meaningful (§5), 4 first readings in each window.
    PainTrend { change: Points },
    /// Today's pain (§6.2 step 3).
    PainToday { pain: Pain, usual: Points },
    /// A reported red flag still active and dated before T−13.
    FlagReview { flag: Flag, day: NaiveDate },
    /// Numb soles without the daily foot check (weight-bearing kinds only).
    FootCheck { days_checked: u8 },
    /// T is in the program's first 7 days.
    FirstWeek,
}

/// The kinds of red flag: reported by the person, or detected in their measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Alarm {
    Reported(Flag),
    Detected(Detected),
}

impl Alarm {
    pub fn as_str(self) -> &'static str {
        match self {
            Alarm::Reported(f) => f.as_str(),
            Alarm::Detected(d) => d.as_str(),
        }
    }
}

/// One red flag (§6.3), with the fields its kind carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedFlag {
    pub kind: Alarm,
    /// `new-numbness`: the new zone.
    pub zone: Option<Zone>,
    /// `balance-drop`: the foot.
    pub foot: Option<Side>,
    /// `foot-heat`: the site.
    pub site: Option<&'static str>,
    pub day: Option<NaiveDate>,
    /// Drops: the value that triggered; `severe-pain`: the reading.
    pub value: Option<Points>,
    /// Drops: the highest weekly median of T−55 … T−7.
    pub reference: Option<Points>,
    /// `pain-rising`: the morning series' change.
    pub change: Option<Points>,
    /// `foot-heat`: the difference between the feet, °C.
    pub difference: Option<Points>,
    /// Drops (not in the JSON): true when the median of the last 7 days triggered.
    pub by_median: bool,
}

/// `today` in the JSON: the reading of step 3 of §6.2 and the usual pain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Today {
    pub pain: Pain,
    pub usual: Points,
}

/// A reported flag waiting for a clinician's review (`reviews_due`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Due {
    pub flag: Flag,
    pub day: NaiveDate,
}

/// The next volume of one kind of session (§6.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionNext {
    pub kind: Kind,
    pub status: Status,
    /// The kind's result (§6.2, after steps 3–4).
    pub result: DayResult,
    /// The date of the latest session of this kind before T; `None` for a kind never done.
    pub last_date: Option<NaiveDate>,
    /// `None` when that session named exercises, or there is none (§9.6).
    pub last: Option<Volume>,
    /// `None` when paused, or when there is no `last`.
    pub next: Option<Volume>,
    /// Strength only, and not when paused.
    pub earliest: Option<NaiveDate>,
    /// Why the volume is what it is, when a word helps (not in the JSON).
    pub note: Option<String>,
}

/// A walking target: one bout of `minutes` to `minutes_max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct WalkPlan {
    pub minutes: u16,
    pub minutes_max: u16,
}

/// The next walking bout (§6.4 step 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalkNext {
    pub status: Status,
    pub result: DayResult,
    /// The latest day with a bout before T.
    pub last_date: NaiveDate,
    /// W: the median bout of the last week (§6.4 step 6).
    pub last: u16,
    /// `None` when paused.
    pub next: Option<WalkPlan>,
    /// B: the week-old reference (not in the JSON).
    pub base_week: Option<u16>,
    /// The median daily total of T−7 … T−1.
    pub usual_total: Option<u16>,
}

/// One exercise's element of `advise`'s `next` (§9.6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExerciseNext {
    pub kind: Kind,
    pub exercise: &'static Exercise,
    pub status: Status,
    pub last_date: Option<NaiveDate>,
    pub last: Option<Dose>,
    pub next: Option<Dose>,
    /// At the top of the range under progression: what to move on to.
    pub next_step: Option<&'static str>,
    /// A cue that replaces the catalogue's for today ("both hands on the counter").
    pub cue: Option<&'static str>,
    /// Why the dose is what it is, when a word helps (effort, a fall; not in the JSON).
    pub note: Option<String>,
}

/// One element of `advise`'s `next`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    Session(SessionNext),
    Walk(WalkNext),
    Exercise(ExerciseNext),
}

impl Next {
    pub fn status(&self) -> Status {
        match self {
            Next::Session(s) => s.status,
            Next::Walk(w) => w.status,
            Next::Exercise(e) => e.status,
        }
    }
}

/// The verdict for T, the volumes, the flags and the notes: `advise --json`.
#[derive(Clone, Debug, PartialEq)]
pub struct Advice {
    pub as_of: NaiveDate,
    pub verdict: Verdict,
    pub trim_pct: Option<u8>,
    /// `None` serialises as null.
    pub rule: Option<Rule>,
    pub today: Option<Today>,
    pub reason: String,
    pub limits: Vec<Limit>,
    pub next: Vec<Next>,
    pub red_flags: Vec<RedFlag>,
    pub reviews_due: Vec<Due>,
    pub notes: Vec<String>,
    /// Each exercise's dose for T (§9.6), whether or not `next` lists them (not in the JSON).
    pub doses: Vec<ExerciseNext>,
    /// The flag that pauses weight-bearing work, with its day (not in the JSON).
    pub pause: Option<(Alarm, NaiveDate)>,
    /// That pause is a possible Charcot foot's: only [`flags::CHARCOT_DRILLS`] continue.
    pub pause_charcot: bool,
    /// What the 24-hour rule alone said for the rule's day (not in the JSON).
    pub rule_result: Option<DayResult>,
    /// Activities dated T itself: they are judged the day after (not in the JSON).
    pub judged_tomorrow: usize,
    /// A strength session is dated on or before T (not in the JSON).
    pub strength_done: bool,
}

impl Advice {
    /// The walk's element, when there is one.
    pub fn walk(&self) -> Option<&WalkNext> {
        self.next.iter().find_map(|n| match n {
            Next::Walk(w) => Some(w),
            _ => None,
        })
    }

    /// A kind's element, when there is one.
    pub fn kind(&self, kind: Kind) -> Option<&SessionNext> {
        self.next.iter().find_map(|n| match n {
            Next::Session(s) if s.kind == kind => Some(s),
            _ => None,
        })
    }

    /// The earliest date for the next strength session (§6.4 step 7); `None` when paused.
    pub fn strength_earliest(&self) -> Option<NaiveDate> {
        self.kind(Kind::Strength).and_then(|s| s.earliest)
    }
}

/// What the advice is worked out from: the store's rows and T.
pub struct Input<'a> {
    pub as_of: NaiveDate,
    /// The items the store read for T (see [`lookback`]), in any order, duplicates allowed;
    /// those dated after T are ignored.
    pub items: &'a [Item],
    pub program: &'a Program,
    /// The program start (§5) as of T.
    pub program_start: Option<NaiveDate>,
}

/// The advice for T.
pub fn advise(input: &Input) -> Advice {
    advise_history(History::new(input.items, input.as_of, input.program_start), input.program)
}

/// The advice for T from items the caller no longer needs: as [`advise`], without copying them.
pub fn advise_owned(
    items: Vec<Item>,
    as_of: NaiveDate,
    program: &Program,
    start: Option<NaiveDate>,
) -> Advice {
    advise_history(History::from_items(items, as_of, start), program)
}

fn advise_history(h: History, program: &Program) -> Advice {
    let t = h.t;
    let fl = flags::flags(&h);
    let judged = result::Judged::new(&h);
    let o = result::outcome(&h, &judged, &fl);
    let ctx = volume::Ctx { h: &h, judged: &judged, flags: &fl, outcome: &o };
    let doses = volume::exercise_doses(&ctx, program);
    let named = h.items.iter().any(|i| i.session().is_some_and(|s| !s.work.exercises().is_empty()));
    let next = volume::next(&ctx, &doses, named || !program.starter);
    let last_activity = h.items.iter().rev().find(|i| i.is_activity() && i.date() < t).map(Item::date);
    let pause = fl.pause.map(|p| (p.alarm, p.reviewed));
    let reason = reason::reason(&o, &fl.red, pause, t, last_activity);
    // Notes: a reviewed pause first (A6), then §6.4's.
    let mut notes: Vec<String> = Vec::new();
    let (pause_lines, other_lines): (Vec<String>, Vec<String>) =
        fl.notes.iter().cloned().partition(|n| n.starts_with("weight-bearing work stays paused"));
    notes.extend(pause_lines);
    if h.numb_soles() {
        notes.push(NOTE_SOLE.to_string());
    }
    let glides = h
        .sessions_before(Kind::Mobility, t)
        .next()
        .filter(|(i, _)| i.date() >= minus(t, 7))
        .and_then(|(_, s)| s.rpe)
        .is_some_and(|r| r >= 4);
    if glides {
        notes.push(NOTE_GLIDES.to_string());
    }
    if flags::intake(&h) {
        notes.push(NOTE_INTAKE.to_string());
    }
    let flares: Vec<NaiveDate> = judged.trimmed.range(minus(t, 27)..=t).map(|(&d, _)| d).collect();
    if flares.len() >= 3 {
        let w = walk::w_of(&h, &judged, t);
        let long: Vec<String> = flares
            .iter()
            .filter_map(|&d| h.days.get(&d).and_then(|x| x.walk_longest).map(|b| (d, b)))
            .filter(|&(_, b)| w.is_some_and(|w| u32::from(b) * 100 > u32::from(w) * 125))
            .map(|(d, b)| format!("{b} min on {d}"))
            .collect();
        if long.is_empty() {
            notes.push(NOTE_FLARES.to_string());
        } else {
            notes.push(format!(
                "{NOTE_FLARES}; the walks of {} were more than 25% above your usual bout",
                long.join(", ")
            ));
        }
    }
    if doses.iter().any(|d| d.exercise.id == "single-leg-stance" && d.status != crate::status::Status::Paused)
        && (named || !program.starter)
    {
        let days = h.days_between(minus(t, 13), t);
        let (mut left, mut right) = (false, false);
        for d in days {
            left |= d.stance_left.is_some();
            right |= d.stance_right.is_some();
        }
        if !(left && right) {
            notes.push(NOTE_STANCE_FEET.to_string());
        }
    }
    let taken = crate::home::taken_from(&h.items);
    if let Some(note) = crate::home::fall_risk_note(&taken, t) {
        notes.push(note.to_string());
    }
    notes.extend(other_lines);
    let rule_result = o.rule.as_ref().map(|j| j.result);
    Advice {
        as_of: t,
        verdict: o.verdict,
        trim_pct: o.trim_pct,
        rule: result::rule_of(&o),
        today: o.today,
        reason,
        limits: o.limits.clone(),
        next,
        red_flags: fl.red.clone(),
        reviews_due: fl.due.clone(),
        notes,
        doses,
        pause: fl.pause.map(|p| (p.alarm, p.day)),
        pause_charcot: fl.pause.is_some_and(|p| p.charcot),
        rule_result,
        judged_tomorrow: h.on(t).iter().filter(|i| i.is_activity()).count(),
        strength_done: h.items.iter().any(|i| i.session().is_some_and(|s| s.kind == Kind::Strength)),
    }
}

/// The advice for T from items alone, with the starter program and the program start found
/// from the items (§5): for tests and the demo.
pub fn advise_items(items: &[Item], as_of: NaiveDate) -> Advice {
    let start = history::program_start(items, as_of);
    advise(&Input { as_of, items, program: &Program::starter(), program_start: start })
}

pub(crate) fn minus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

pub(crate) fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// The median of whole numbers in hundredths, half-way values kept (the mean of the middle
/// two); `None` when empty.
pub(crate) fn median(mut values: Vec<i64>) -> Option<Points> {
    if values.is_empty() {
        return None;
    }
    // The middle value (and for an even count the largest below it) without sorting the rest.
    let mid = values.len() / 2;
    let odd = values.len() % 2 == 1;
    let (below, &mut upper, _) = values.select_nth_unstable(mid);
    let m = if odd { upper } else { (below.iter().copied().max().unwrap_or(upper) + upper) / 2 };
    Some(Points::from_hundredths(i32::try_from(m).unwrap_or(i32::MAX)))
}

/// A median of minutes rounded half up to whole minutes.
pub(crate) fn median_minutes(values: Vec<u16>) -> Option<u16> {
    let m = median(values.into_iter().map(|v| i64::from(v) * 100).collect())?;
    u16::try_from((m.hundredths() + 50) / 100).ok()
}

impl fmt::Display for DayResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DayResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests;
