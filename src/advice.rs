//! Next-session advice (§6, version 2). Pure: items and the as-of date in, advice out.
//!
//! Nothing here reads the clock, opens the database or prints: [`advise`] takes the items
//! (in any order; they are put in the store's (date, time, id) order) and the as-of date T,
//! and returns [`Advice`], which serialises exactly as `advise --json`. [`logging_warnings`]
//! is the check `log` runs when an entry carries a red flag or a walking bout.
//!
//! The advice is a pipeline of small steps, each a function with its own tests:
//! - `judge_day` and [`day_result`]: the 24-hour rule for one activity day (§6.1);
//! - the verdict and its limits (§6.2), in [`advise`];
//! - `red_flags` and the weight-bearing pause (§6.3);
//! - `Basis::decide`: what §6.4 steps 1–4 decide for a kind, an exercise or the walk (public
//!   as [`Advice::decision`] for per-exercise doses, §9.6), and the progressions that turn a
//!   [`Decision`] into a volume.
//!
//! Every threshold compares numbers rounded to two decimals, half away from zero, held as
//! whole hundredths ([`Points`]), so a result never depends on floating-point noise and what
//! the person reads is exactly what was compared.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::daily;
use crate::domain::{Entry, Flag, Item, Kind, Pain, Region, Side, Volume, Zone};
use crate::program::dose::ExerciseNext;
use crate::status::{Decision, Status};
use crate::trend::{self, Direction, Key};

/// Strength reps grow by one per set up to this many.
const TOP_REPS: u16 = 12;
/// At 12 reps a set is added (at 8 reps) until there are this many sets.
const TOP_SETS: u16 = 3;
/// The reps of a newly added set.
const NEW_SET_REPS: u16 = 8;
/// Days away after which a kind restarts at 70 %, and after which at 50 %.
const RESTART_DAYS: i64 = 14;
const LONG_BREAK_DAYS: i64 = 42;
/// Flags that pause walking, strength and balance until a clinician has looked (§6.3).
const WEIGHT_BEARING: [Flag; 5] =
    [Flag::OpenSore, Flag::Infection, Flag::SkinChange, Flag::Injury, Flag::Deformity];

/// What to do about a red flag that pauses weight-bearing work.
pub const SEE_BEFORE_WEIGHT_BEARING: &str = "see a clinician before weight-bearing exercise";
/// What to do about any other red flag.
pub const PAUSE_AND_CONTACT: &str = "pause progression and contact a clinician promptly";
/// The notes of §6.4.
pub const NOTE_SOLE: &str =
    "check both feet for blisters, cuts or red marks after walking: numb skin can hide an injury";
pub const NOTE_GLIDES: &str = "keep nerve glides gentle, 2–3 out of 10: ease the range";

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

/// What the 24-hour rule (§6.1) says about one activity day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayResult {
    Pending,
    Hold,
    Trim(u8),
    Progress,
}

/// What the 24-hour rule found for the day judged; a field is `None` (null) when not found.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Rule {
    /// D: the activity day judged.
    pub day: Option<NaiveDate>,
    /// P: the last pain reading on D before its first activity.
    pub before: Option<Pain>,
    /// U: the median of daily pain over D−28 … D−1 (at least 3 days).
    pub usual: Option<Points>,
    /// R: the lower of P and U.
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
    /// True when the baseline is the usual pain (it was lower than the pain before, or the
    /// only one found).
    pub fn baseline_is_usual(&self) -> bool {
        self.usual.is_some()
            && self.baseline == self.usual
            && self.before.map(Points::from_pain) != self.usual
    }
}

/// A reason the advice does not progress although the 24-hour rule found the day calm (§6.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// An activity day in T−7 … D−1 whose own 6.1 result is a trim.
    RecentTrim { day: NaiveDate },
    /// §5's pain metric is worse and meaningful.
    PainTrend { change: Points },
    /// A reported red flag dated T−27 … T−14.
    FlagReview { flag: Flag, day: NaiveDate },
}

impl Limit {
    pub fn kind(&self) -> &'static str {
        match self {
            Limit::RecentTrim { .. } => "recent-trim",
            Limit::PainTrend { .. } => "pain-trend",
            Limit::FlagReview { .. } => "flag-review",
        }
    }

    /// What the limit means, in one sentence without its final full stop.
    pub fn describe(&self) -> String {
        match self {
            Limit::RecentTrim { day } => {
                format!("pain flared after the activities on {day}; keep this volume for a week before progressing")
            }
            Limit::PainTrend { change } => format!(
                "pain over the last two weeks is {change} points higher than the two weeks before; keep this volume until it settles"
            ),
            Limit::FlagReview { flag, day } => {
                format!("resume progressing once a clinician has looked at the {flag} of {day}")
            }
        }
    }
}

impl Serialize for Limit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Limit", 3)?;
        st.serialize_field("kind", self.kind())?;
        match self {
            Limit::RecentTrim { day } => st.serialize_field("day", day)?,
            Limit::PainTrend { change } => st.serialize_field("change", change)?,
            Limit::FlagReview { flag, day } => {
                st.serialize_field("flag", flag)?;
                st.serialize_field("day", day)?;
            }
        }
        st.end()
    }
}

/// The kinds of red flag: reported by the person, or detected in their measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Alarm {
    Reported(Flag),
    NewNumbness,
    BalanceDrop,
    StrengthDrop,
    PainRising,
    SeverePain,
}

impl Alarm {
    pub fn as_str(self) -> &'static str {
        match self {
            Alarm::Reported(f) => f.as_str(),
            Alarm::NewNumbness => "new-numbness",
            Alarm::BalanceDrop => "balance-drop",
            Alarm::StrengthDrop => "strength-drop",
            Alarm::PainRising => "pain-rising",
            Alarm::SeverePain => "severe-pain",
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
    /// Reported: the latest day; `new-numbness`: the zone's first report in T−13 … T; drops:
    /// the latest value's date; `severe-pain`: the reading's date.
    pub day: Option<NaiveDate>,
    /// Drops: the value that triggered (the latest value, or the mean of T−6 … T);
    /// `severe-pain`: the reading.
    pub value: Option<Points>,
    /// Drops: the highest weekly mean of T−55 … T−7.
    pub reference: Option<Points>,
    /// `pain-rising`: §5's pain change.
    pub change: Option<Points>,
    /// Drops (not in the JSON): true when the mean of the last 7 days triggered, false when
    /// the latest value did.
    pub by_mean: bool,
}

impl RedFlag {
    fn new(kind: Alarm) -> RedFlag {
        RedFlag {
            kind,
            zone: None,
            foot: None,
            day: None,
            value: None,
            reference: None,
            change: None,
            by_mean: false,
        }
    }

    pub fn is_reported(&self) -> bool {
        matches!(self.kind, Alarm::Reported(_))
    }

    /// True for the reported flags that pause weight-bearing work.
    pub fn pauses_weight_bearing(&self) -> bool {
        matches!(self.kind, Alarm::Reported(f) if WEIGHT_BEARING.contains(&f))
    }

    /// What to do about it.
    pub fn action(&self) -> &'static str {
        if self.pauses_weight_bearing() {
            SEE_BEFORE_WEIGHT_BEARING
        } else {
            PAUSE_AND_CONTACT
        }
    }

    /// A short description in plain words, with its numbers.
    pub fn describe(&self) -> String {
        let show = |p: Option<Points>| p.map_or_else(String::new, |p| p.to_string());
        let drop = |what: String, unit: &str| {
            let (value, reference) = (show(self.value), show(self.reference));
            let day = self.day.map_or_else(String::new, |d| d.to_string());
            if self.by_mean {
                format!(
                    "{what} averaged {value}{unit} over the last 7 days, under 60% of the best weekly mean of {reference}{unit} in the seven weeks before"
                )
            } else {
                format!(
                    "{what} was {value}{unit} on {day}, under half the best weekly mean of {reference}{unit} in the seven weeks before"
                )
            }
        };
        match self.kind {
            Alarm::Reported(f) => match self.day {
                Some(day) => format!("{f} reported on {day}"),
                None => format!("{f} reported"),
            },
            Alarm::NewNumbness => match (self.zone, self.day) {
                (Some(z), Some(day)) => format!("new numbness at {z} since {day}"),
                _ => "new numbness".to_string(),
            },
            Alarm::BalanceDrop => {
                let foot = self.foot.map_or_else(String::new, |f| format!("{f} "));
                drop(format!("{foot}single-leg stance"), " s")
            }
            Alarm::StrengthDrop => drop("heel raises".to_string(), ""),
            Alarm::PainRising => {
                format!("pain rose by {} points over the last two weeks", show(self.change))
            }
            Alarm::SeverePain => match self.day {
                Some(day) => format!("pain of {} on {day}", show(self.value)),
                None => "severe pain".to_string(),
            },
        }
    }
}

impl Serialize for RedFlag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("RedFlag", 8)?;
        st.serialize_field("kind", self.kind.as_str())?;
        if let Some(zone) = self.zone {
            st.serialize_field("zone", &zone)?;
        }
        if let Some(foot) = self.foot {
            st.serialize_field("foot", &foot)?;
        }
        if let Some(day) = self.day {
            st.serialize_field("day", &day)?;
        }
        if let Some(value) = self.value {
            st.serialize_field("value", &value)?;
        }
        if let Some(reference) = self.reference {
            st.serialize_field("reference", &reference)?;
        }
        if let Some(change) = self.change {
            st.serialize_field("change", &change)?;
        }
        st.serialize_field("source", if self.is_reported() { "reported" } else { "detected" })?;
        st.end()
    }
}

/// The next volume of one kind of session (§6.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionNext {
    pub kind: Kind,
    pub status: Status,
    /// The date of the latest session of this kind before T: the base volume; `None` for a
    /// kind listed only for its exercises (§9.6).
    pub last_date: Option<NaiveDate>,
    /// `None` when that session named exercises, or there is none (§9.6).
    pub last: Option<Volume>,
    /// `None` when paused, or when there is no `last`.
    pub next: Option<Volume>,
    /// Strength only, and not when paused: the earliest date for the next strength session.
    pub earliest: Option<NaiveDate>,
    /// Why the volume is what it is, when a word helps (not in the JSON): the 3 × 12
    /// suggestion, the effort or the spacing of strength days.
    pub note: Option<String>,
}

/// A walking target: one bout of `minutes` to `minutes_max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct WalkPlan {
    pub minutes: u16,
    pub minutes_max: u16,
}

/// The next walking bout (§6.4 step 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalkNext {
    pub status: Status,
    /// The latest day with a walk before T.
    pub last_date: NaiveDate,
    /// W: the longest bout on that day.
    pub last: u16,
    /// `None` when paused.
    pub next: Option<WalkPlan>,
    /// B: the longest tolerated bout of T−14 … T−8, when there is one (not in the JSON).
    pub base_week: Option<u16>,
}

/// The next volume of one kind of exercise, of the walk, or the next dose of one exercise
/// of the program (§9.6).
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

struct VolumeJson(Volume);

impl Serialize for VolumeJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Volume", 3)?;
        st.serialize_field("sets", &self.0.sets())?;
        st.serialize_field("reps", &self.0.reps())?;
        st.serialize_field("minutes", &self.0.minutes())?;
        st.end()
    }
}

#[derive(serde::Serialize)]
struct WalkLast {
    minutes: u16,
}

impl Serialize for Next {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Next::Session(n) => {
                let mut st = s.serialize_struct("Next", 6)?;
                st.serialize_field("kind", &n.kind)?;
                st.serialize_field("status", &n.status)?;
                st.serialize_field("last_date", &n.last_date)?;
                st.serialize_field("last", &n.last.map(VolumeJson))?;
                st.serialize_field("next", &n.next.map(VolumeJson))?;
                if n.kind == Kind::Strength && n.status != Status::Paused {
                    st.serialize_field("earliest", &n.earliest)?;
                }
                st.end()
            }
            Next::Walk(w) => {
                let mut st = s.serialize_struct("Next", 5)?;
                st.serialize_field("kind", "walk")?;
                st.serialize_field("status", &w.status)?;
                st.serialize_field("last_date", &w.last_date)?;
                st.serialize_field("last", &WalkLast { minutes: w.last })?;
                st.serialize_field("next", &w.next)?;
                st.end()
            }
            Next::Exercise(e) => e.serialize(s),
        }
    }
}

/// Why the latest strength sessions hold back or trim strength (§6.4 step 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    /// The latest strength session was rated RPE 9 or 10: trim 10 %.
    VeryHard(u8),
    /// Rated RPE 8: the same volume.
    Hard(u8),
    /// The two latest strength sessions were on consecutive days: the same volume.
    Consecutive,
}

impl Effort {
    pub fn describe(self) -> String {
        match self {
            Effort::VeryHard(rpe) => format!("the last session felt very hard (RPE {rpe}): trimmed by 10%"),
            Effort::Hard(rpe) => {
                format!(
                    "the last session felt like RPE {rpe}, above the 5–7 the program aims for: kept the same"
                )
            }
            Effort::Consecutive => "keep a rest day between strength days: kept the same".to_string(),
        }
    }
}

/// What a kind, an exercise or the walk is advised to do: the decision of §6.4 steps 1–4 for
/// the as-of date, kept in [`Advice`] so that per-exercise doses (§9.6) use the very same rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Basis {
    pub as_of: NaiveDate,
    /// The verdict for T (§6.2).
    pub verdict: Verdict,
    /// The trim 6.1 found for the day judged, when it found one (and the day is within 14
    /// days of T): what a `see-clinician` verdict keeps.
    pub rule_trim: Option<u8>,
    /// The weight-bearing pause of §6.3.
    pub paused: bool,
    /// Step 4 for strength, from the latest strength sessions before T.
    pub effort: Option<Effort>,
}

/// What a decision is for: a kind of session, or the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Kind(Kind),
    Walk,
}

impl Basis {
    /// §6.4 steps 1–4 for a target whose latest session (walking: bout) before T is `latest`.
    fn decide(&self, target: Target, latest: Option<NaiveDate>) -> (Decision, Option<Effort>) {
        // 1. The weight-bearing pause.
        if self.paused && target != Target::Kind(Kind::Mobility) {
            return (Decision::Paused, None);
        }
        // 2. A restart after a break.
        if let Some(l) = latest {
            let away = (self.as_of - l).num_days();
            if away > LONG_BREAK_DAYS {
                return (Decision::Restart { pct: 50 }, None);
            }
            if away > RESTART_DAYS {
                return (Decision::Restart { pct: 70 }, None);
            }
        }
        // 3. From the verdict; mobility is never trimmed (gentle daily drills settle a flare).
        let trim = |p: Option<u8>| match (p, target) {
            (Some(_), Target::Kind(Kind::Mobility)) | (None, _) => Decision::Same,
            (Some(pct), _) => Decision::Trim { pct },
        };
        let decision = match self.verdict {
            Verdict::Trim | Verdict::SeeClinician => trim(self.rule_trim),
            Verdict::Progress => Decision::Progress,
            Verdict::Hold | Verdict::Pending | Verdict::Restart | Verdict::NoData => Decision::Same,
        };
        // 4. Effort and spacing, for strength under progress or hold.
        if target == Target::Kind(Kind::Strength) && matches!(self.verdict, Verdict::Progress | Verdict::Hold)
        {
            match self.effort {
                Some(e @ Effort::VeryHard(_)) => return (Decision::Trim { pct: 10 }, Some(e)),
                Some(e) => return (Decision::Same, Some(e)),
                None => {}
            }
        }
        (decision, None)
    }
}

/// The advice for the next session, as `advise --json` prints it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Advice {
    pub as_of: NaiveDate,
    pub verdict: Verdict,
    pub trim_pct: Option<u8>,
    pub rule: Rule,
    pub reason: String,
    pub limits: Vec<Limit>,
    pub next: Vec<Next>,
    pub red_flags: Vec<RedFlag>,
    pub notes: Vec<String>,
    /// What §6.4 steps 1–4 are decided from (not in the JSON).
    #[serde(skip)]
    pub basis: Basis,
    /// What the 24-hour rule alone said for the day judged (not in the JSON); `None` when no
    /// day was judged (no data, or a restart).
    #[serde(skip)]
    pub rule_result: Option<DayResult>,
    /// Activities dated T itself: they are judged the day after (not in the JSON).
    #[serde(skip)]
    pub judged_tomorrow: usize,
}

impl Advice {
    /// The decision of §6.4 steps 1–4 for kind `kind`, or for one exercise of that kind, whose
    /// latest session before T is on `latest` (`None`: never done), applied in order:
    /// 1. `Paused` under the weight-bearing pause (strength and balance; mobility continues);
    /// 2. `Restart { pct: 70 }` when `latest` is more than 14 days before T, `50` after more
    ///    than 42 days;
    /// 3. from the verdict: `trim p` → `Trim { pct: p }` (mobility: `Same`); `hold`, `pending`
    ///    → `Same`; `see-clinician` → `Trim` when the 24-hour rule found one, else `Same`;
    ///    `progress` → `Progress`;
    /// 4. strength under `progress` or `hold`: the latest strength session at RPE 9–10 →
    ///    `Trim { pct: 10 }`; at RPE 8, or the two latest strength sessions on consecutive
    ///    days → `Same`.
    ///
    /// Pure: the answer depends only on this advice and the arguments.
    pub fn decision(&self, kind: Kind, latest: Option<NaiveDate>) -> Decision {
        self.basis.decide(Target::Kind(kind), latest).0
    }
}

fn minus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// The items up to T in (date, time, id) order, with their daily values, for quick look-ups.
struct History<'a> {
    items: Vec<&'a Item>,
    days: BTreeMap<NaiveDate, daily::Day>,
}

impl<'a> History<'a> {
    fn new(items: &'a [Item], t: NaiveDate) -> History<'a> {
        let mut sorted: Vec<&Item> = items.iter().filter(|i| i.date() <= t).collect();
        sorted.sort_by_key(|i| (i.at, i.id));
        let owned: Vec<Item> = sorted.iter().map(|&i| i.clone()).collect();
        let days = daily::summarize(&owned).into_iter().map(|d| (d.date, d)).collect();
        History { items: sorted, days }
    }

    /// The index of the first item dated `d` or later.
    fn start_of(&self, d: NaiveDate) -> usize {
        self.items.partition_point(|i| i.date() < d)
    }

    /// The items dated `from` … `to`, in order.
    fn between(&self, from: NaiveDate, to: NaiveDate) -> &[&'a Item] {
        let (a, b) = (self.start_of(from), self.start_of(plus(to, 1)));
        &self.items[a..b.max(a)]
    }

    fn days_between(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &daily::Day> {
        self.days.range(from..=to).map(|(_, d)| d)
    }

    /// The dates `from` … `to` with an activity.
    fn activity_days(&self, from: NaiveDate, to: NaiveDate) -> BTreeSet<NaiveDate> {
        self.between(from, to).iter().filter(|i| i.is_activity()).map(|i| i.date()).collect()
    }

    /// The index and value of the first pain reading dated `d`.
    fn first_pain_on(&self, d: NaiveDate) -> Option<(usize, Pain)> {
        let start = self.start_of(d);
        self.items[start..]
            .iter()
            .take_while(|i| i.date() == d)
            .enumerate()
            .find_map(|(k, i)| i.pain().map(|p| (start + k, p)))
    }
}

/// The median of a list of values, rounded to hundredths; `None` when empty.
fn median(mut values: Vec<f64>) -> Option<Points> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    let m = if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 };
    Some(Points::from_f64(m))
}

/// The trim for an excess: 10 % when 2 ≤ E < 3, 15 % when E < 4, 20 % from 4; none below 2.
pub fn trim_for(excess: Points) -> Option<u8> {
    match excess.0 {
        e if e >= 400 => Some(20),
        e if e >= 300 => Some(15),
        e if e >= 200 => Some(10),
        _ => None,
    }
}

/// The result of 6.1 step 6 from the baseline R, the next-day reading N and the peak K.
pub fn day_result(baseline: Points, next_day: Pain, peak: Pain) -> DayResult {
    let (r, n, k) = (baseline.0, Points::from_pain(next_day).0, Points::from_pain(peak).0);
    // The hold zone: 6 or more the next morning (too high to progress), or a flare that
    // settled: a peak 3 or more above the baseline, or of 6 or more above it.
    let too_high = n >= 600;
    let flared = k - r >= 300 || (k >= 600 && k > r);
    match trim_for(Points(n - r)) {
        Some(pct) => DayResult::Trim(pct),
        None if too_high || flared => DayResult::Hold,
        None => DayResult::Progress,
    }
}

/// What 6.1 found for one activity day, with the words that explain it.
#[derive(Clone, Debug, PartialEq)]
struct Judgement {
    rule: Rule,
    result: DayResult,
    reason: String,
}

/// The 24-hour rule (§6.1) for activity day `d` as of `t` (d < t).
fn judge_day(h: &History, d: NaiveDate, t: NaiveDate) -> Judgement {
    let start = h.start_of(d);
    let on_d = h.between(d, d);
    let first = on_d.iter().position(|i| i.is_activity()).unwrap_or(0);
    let several = on_d.get(first + 1..).unwrap_or_default().iter().any(|i| i.is_activity());
    let activity = match (several, on_d.get(first).is_some_and(|i| i.session().is_some())) {
        (true, _) => "activities",
        (false, true) => "session",
        (false, false) => "walk",
    };
    // 1. Pain before: the last reading on D before the first activity (a reading in the same
    //    entry as a walking bout counts as after it).
    let before = on_d[..first].iter().rev().find_map(|i| i.pain());
    // 2. Usual pain: the median of daily pain over D−28 … D−1, from 3 days.
    let daily: Vec<f64> = h.days_between(minus(d, 28), minus(d, 1)).filter_map(|x| x.pain).collect();
    let usual = if daily.len() >= 3 { median(daily) } else { None };
    // 3. Baseline: the lower of the two.
    let baseline = match (before.map(Points::from_pain), usual) {
        (Some(p), Some(u)) => Some(p.min(u)),
        (p, u) => p.or(u),
    };
    // 4. The next-day reading.
    let (d1, d2) = (plus(d, 1), plus(d, 2));
    let next = h.first_pain_on(d1).map(|n| (n, d1)).or_else(|| {
        if d2 <= t {
            h.first_pain_on(d2).map(|n| (n, d2))
        } else {
            None
        }
    });
    // 5. The peak: after the first activity, up to and including N (without N, through D).
    let end = next.map_or(start + on_d.len(), |((k, _), _)| k + 1);
    let peak = h.items[start + first..end].iter().filter_map(|i| i.pain()).max();
    let next_day = next.map(|((_, p), _)| p);
    let excess = baseline.zip(next_day).map(|(b, n)| Points(Points::from_pain(n).0 - b.0));
    let rule = Rule {
        day: Some(d),
        before,
        usual,
        baseline,
        peak,
        next_day,
        next_day_date: next.map(|(_, date)| date),
        excess,
        activity,
    };
    let on = format!("the {activity} on {d}");
    let Some(r) = baseline else {
        return Judgement {
            rule,
            result: DayResult::Pending,
            reason: format!(
                "there is no pain reading before {on} and fewer than 3 days of pain in the four weeks before it, so log pain before a session"
            ),
        };
    };
    let (Some(n), Some(e)) = (next_day, excess) else {
        let (result, reason) = if t <= d2 {
            (
                DayResult::Pending,
                format!(
                    "{on} {} judged by the next morning's pain, so log this morning's pain",
                    if several { "are" } else { "is" }
                ),
            )
        } else {
            (DayResult::Hold, format!("no next-day pain was logged after {on}, so it cannot be judged"))
        };
        return Judgement { rule, result, reason };
    };
    let k = peak.unwrap_or(n);
    let morning = if rule.next_day_date == Some(d1) { "the next morning" } else { "two days later" };
    let from = before.map_or_else(|| r.to_string(), |p| p.to_string());
    let against =
        if rule.baseline_is_usual() { format!("your usual {r}") } else { format!("the {r} before it") };
    let result = day_result(r, n, k);
    let reason = match result {
        DayResult::Trim(_) => {
            format!("pain went from {from} to {k} after {on} and was {n} {morning}, {e} above {against}")
        }
        DayResult::Hold if n >= 6 => {
            format!("pain was {n} {morning} after {on}, against {against}: 6 or more is too high to progress")
        }
        DayResult::Hold => format!(
            "pain went from {from} to {k} after {on} and settled to {n} {morning}, against {against}: a flare of 3 or more points, or to 6 or more, is not calm enough to progress"
        ),
        DayResult::Progress | DayResult::Pending => format!(
            "pain stayed calm after {on}: at most {k}, and {n} {morning}, against {against}"
        ),
    };
    Judgement { rule, result, reason }
}

/// Reported flags of T−13 … T, one per name with its latest day, in order of that day.
fn reported(h: &History, from: NaiveDate, to: NaiveDate) -> BTreeMap<Flag, NaiveDate> {
    let mut latest = BTreeMap::new();
    for i in h.between(from, to) {
        if let Some(e) = i.entry() {
            for &f in &e.flags {
                latest.insert(f, i.date());
            }
        }
    }
    latest
}

/// The drop rule of §6.3 for one measure: `daily` gives a day's value in hundredths.
/// Returns (latest day, value, reference, by mean) when it fires.
fn drop_of(
    h: &History,
    t: NaiveDate,
    daily: &dyn Fn(&daily::Day) -> Option<i64>,
) -> Option<(NaiveDate, Points, Points, bool)> {
    let mut best: Option<i64> = None;
    let mut count = 0;
    for week in 0..7u64 {
        let from = minus(t, 55 - 7 * week);
        let values: Vec<i64> = h.days_between(from, plus(from, 6)).filter_map(daily).collect();
        count += values.len();
        if !values.is_empty() {
            let mean = Points::from_f64(values.iter().sum::<i64>() as f64 / values.len() as f64 / 100.0).0;
            best = Some(best.map_or(i64::from(mean), |b| b.max(i64::from(mean))));
        }
    }
    let reference = best.filter(|_| count >= 2)?;
    let recent: Vec<(NaiveDate, i64)> =
        h.days_between(minus(t, 6), t).filter_map(|d| daily(d).map(|v| (d.date, v))).collect();
    let &(day, latest) = recent.last()?;
    let mean = i64::from(
        Points::from_f64(recent.iter().map(|&(_, v)| v).sum::<i64>() as f64 / recent.len() as f64 / 100.0).0,
    );
    let points = |x: i64| Points(i32::try_from(x).unwrap_or(i32::MAX));
    if 2 * latest < reference {
        Some((day, points(latest), points(reference), false))
    } else if 10 * mean < 6 * reference {
        Some((day, points(mean), points(reference), true))
    } else {
        None
    }
}

/// §5's pain metric as of T: (change, direction, meaningful, days in each window).
struct PainTrend {
    change: Option<Points>,
    worse_and_meaningful: bool,
    enough_days: bool,
}

fn pain_trend(h: &History, t: NaiveDate) -> PainTrend {
    let days: Vec<daily::Day> = h.days_between(minus(t, 27), t).cloned().collect();
    let tr = trend::compute(&days, t, None);
    let m = tr.metric(Key::Pain);
    PainTrend {
        change: m.and_then(|m| m.change).map(Points::from_f64),
        worse_and_meaningful: m
            .is_some_and(|m| m.direction == Direction::Worse && m.meaningful == Some(true)),
        enough_days: m.is_some_and(|m| m.previous_days >= 4 && m.current_days >= 4),
    }
}

/// The red flags of §6.3 as of T, reported first (by day), then detected.
fn red_flags(h: &History, t: NaiveDate, pain: &PainTrend) -> Vec<RedFlag> {
    let mut by_day: Vec<(NaiveDate, Flag)> =
        reported(h, minus(t, 13), t).into_iter().map(|(f, d)| (d, f)).collect();
    by_day.sort();
    let mut out: Vec<RedFlag> = by_day
        .into_iter()
        .map(|(day, f)| RedFlag { day: Some(day), ..RedFlag::new(Alarm::Reported(f)) })
        .collect();

    // new-numbness: a zone of T−13 … T not reported in T−41 … T−14, when that span was checked.
    let earlier: Vec<&daily::Day> = h.days_between(minus(t, 41), minus(t, 14)).collect();
    if earlier.iter().any(|d| d.numb.is_some()) {
        let known: BTreeSet<Zone> =
            earlier.iter().filter_map(|d| d.numb.as_ref()).flatten().copied().collect();
        let mut first: BTreeMap<Zone, NaiveDate> = BTreeMap::new();
        for d in h.days_between(minus(t, 13), t) {
            for &z in d.numb.iter().flatten() {
                if !known.contains(&z) {
                    first.entry(z).or_insert(d.date);
                }
            }
        }
        out.extend(first.into_iter().map(|(z, day)| RedFlag {
            zone: Some(z),
            day: Some(day),
            ..RedFlag::new(Alarm::NewNumbness)
        }));
    }
    // balance-drop per foot and strength-drop, in hundredths of a second or of a raise.
    type Measure = fn(&daily::Day) -> Option<i64>;
    let feet: [(Side, Measure); 2] = [
        (Side::Left, |d| d.stance_left.map(|s| i64::from(s.tenths()) * 10)),
        (Side::Right, |d| d.stance_right.map(|s| i64::from(s.tenths()) * 10)),
    ];
    for (foot, f) in feet {
        if let Some((day, value, reference, by_mean)) = drop_of(h, t, &f) {
            out.push(RedFlag {
                foot: Some(foot),
                day: Some(day),
                value: Some(value),
                reference: Some(reference),
                by_mean,
                ..RedFlag::new(Alarm::BalanceDrop)
            });
        }
    }
    if let Some((day, value, reference, by_mean)) =
        drop_of(h, t, &|d| d.heel_raises.map(|n| i64::from(n) * 100))
    {
        out.push(RedFlag {
            day: Some(day),
            value: Some(value),
            reference: Some(reference),
            by_mean,
            ..RedFlag::new(Alarm::StrengthDrop)
        });
    }
    // pain-rising: §5's change of 2 or more, with 4 days of pain in each window.
    if let Some(change) = pain.change.filter(|c| c.0 >= 200 && pain.enough_days) {
        out.push(RedFlag { change: Some(change), ..RedFlag::new(Alarm::PainRising) });
    }
    // severe-pain: a reading of 8 or more dated T−1 or T (the latest one).
    if let Some((day, p)) = h
        .between(minus(t, 1), t)
        .iter()
        .rev()
        .find_map(|i| i.pain().filter(|&p| p >= 8).map(|p| (i.date(), p)))
    {
        out.push(RedFlag {
            day: Some(day),
            value: Some(Points::from_pain(p)),
            ..RedFlag::new(Alarm::SeverePain)
        });
    }
    out
}

/// Progress for a strength volume: reps + 1 up to 12; at 12 reps with fewer than 3 sets, one
/// more set at 8 reps; at 3 × 12 (or beyond 12 reps) the same, with a suggestion; minutes stay.
pub fn progress_strength(v: Volume) -> (Volume, Option<String>) {
    match v {
        Volume::SetsReps { sets, reps } if reps < TOP_REPS => (Volume::SetsReps { sets, reps: reps + 1 }, None),
        Volume::SetsReps { sets, reps } if reps == TOP_REPS && sets < TOP_SETS => {
            (Volume::SetsReps { sets: sets + 1, reps: NEW_SET_REPS }, None)
        }
        Volume::SetsReps { sets, reps } => (
            v,
            Some(format!(
                "{sets} × {reps} is the top of this progression: keep it, and to go further move to single-leg raises or slower lowering"
            )),
        ),
        Volume::Minutes(_) => (v, None),
    }
}

/// A volume scaled by `q` percent: sets kept, reps or minutes scaled.
pub fn scale_volume(v: Volume, q: u32) -> Volume {
    match v {
        Volume::SetsReps { sets, reps } => Volume::SetsReps { sets, reps: scale(reps, q) },
        Volume::Minutes(m) => Volume::Minutes(scale(m, q)),
    }
}

/// The walking progression of §6.4 step 5 under `progress`: with B, (max(scale(B, 105),
/// min(W, scale(B, 110))), scale(B, 110)); without B, (W, W).
pub fn walk_progress(b: Option<u16>, w: u16) -> WalkPlan {
    match b {
        Some(b) => WalkPlan { minutes: scale(b, 105).max(w.min(scale(b, 110))), minutes_max: scale(b, 110) },
        None => WalkPlan { minutes: w, minutes_max: w },
    }
}

/// The element of one kind of session, from its latest session before T (`last_date`) and
/// that session's volume (`last`; `None` when it named exercises, §9.6). `strength_day`: the
/// latest strength session on or before T.
pub fn session_next(
    basis: &Basis,
    kind: Kind,
    last_date: Option<NaiveDate>,
    last: Option<Volume>,
    strength_day: Option<NaiveDate>,
) -> SessionNext {
    let (decision, effort) = basis.decide(Target::Kind(kind), last_date);
    let (status, next, mut note) = match (decision, last) {
        (Decision::Paused, _) => (Status::Paused, None, None),
        (Decision::Restart { pct }, Some(last)) => (Status::Restart, Some(scale_volume(last, pct)), None),
        (Decision::Trim { pct }, Some(last)) => {
            (Status::Trim, Some(scale_volume(last, 100 - u32::from(pct))), None)
        }
        (Decision::Same, Some(last)) => (Status::Same, Some(last), None),
        (Decision::Progress, Some(last)) if kind == Kind::Strength => {
            let (v, note) = progress_strength(last);
            (if v != last { Status::Progress } else { Status::Same }, Some(v), note)
        }
        (Decision::Progress, Some(last)) => (Status::Same, Some(last), None),
        // No volume of its own (§9.6): the status of the decision, no next volume.
        (Decision::Restart { .. }, None) => (Status::Restart, None, None),
        (Decision::Trim { .. }, None) => (Status::Trim, None, None),
        (Decision::Same | Decision::Progress, None) => (Status::Same, None, None),
    };
    if let Some(e) = effort {
        note = Some(e.describe());
    }
    let earliest = (kind == Kind::Strength && status != Status::Paused)
        .then(|| strength_day.or(last_date).map_or(basis.as_of, |d| plus(d, 2).max(basis.as_of)));
    SessionNext { kind, status, last_date, last, next, earliest, note }
}

/// The advice for as-of date `as_of` (T) from the items (any order; items after T are ignored).
pub fn advise(items: &[Item], as_of: NaiveDate) -> Advice {
    let t = as_of;
    let h = History::new(items, t);
    let judged_tomorrow = h.between(t, t).iter().filter(|i| i.is_activity()).count();
    let pain = pain_trend(&h, t);
    let red_flags = red_flags(&h, t, &pain);
    let paused = red_flags.iter().any(RedFlag::pauses_weight_bearing);
    let past = &h.items[..h.start_of(t)];

    // 6.2 step 1: the day judged.
    let day = past.iter().rev().find(|i| i.is_activity()).map(|i| i.date());
    let mut limits = Vec::new();
    let (rule, rule_result, mut verdict, mut reason) = match day {
        None => (
            Rule::default(),
            None,
            Verdict::NoData,
            format!("no session or walk was logged before {t}, so there is nothing to judge yet"),
        ),
        Some(d) if d < minus(t, 14) => {
            let days = (t - d).num_days();
            (
                Rule::default(),
                None,
                Verdict::Restart,
                format!("it has been {days} days since the last activity, on {d}, so begin below your last volumes"),
            )
        }
        Some(d) => {
            let j = judge_day(&h, d, t);
            let verdict = match j.result {
                DayResult::Pending => Verdict::Pending,
                DayResult::Hold => Verdict::Hold,
                DayResult::Trim(_) => Verdict::Trim,
                DayResult::Progress => Verdict::Progress,
            };
            (j.rule, Some(j.result), verdict, j.reason)
        }
    };
    // 6.2 step 4: limits on progress.
    if let (Verdict::Progress, Some(d)) = (verdict, day) {
        let trimmed = h
            .activity_days(minus(t, 7), minus(d, 1))
            .into_iter()
            .rev()
            .find(|&d2| matches!(judge_day(&h, d2, t).result, DayResult::Trim(_)));
        if let Some(day) = trimmed {
            limits.push(Limit::RecentTrim { day });
        }
        if let (true, true, Some(change)) = (pain.worse_and_meaningful, pain.enough_days, pain.change) {
            limits.push(Limit::PainTrend { change });
        }
        let mut review: Vec<(NaiveDate, Flag)> =
            reported(&h, minus(t, 27), minus(t, 14)).into_iter().map(|(f, d)| (d, f)).collect();
        review.sort();
        limits.extend(review.into_iter().map(|(day, flag)| Limit::FlagReview { flag, day }));
        if !limits.is_empty() {
            verdict = Verdict::Hold;
        }
    }
    let rule_trim = match rule_result {
        Some(DayResult::Trim(p)) => Some(p),
        _ => None,
    };
    // 6.2 step 5: red flags.
    if !red_flags.is_empty() {
        let list: Vec<String> = red_flags.iter().map(RedFlag::describe).collect();
        let alone = match (verdict, rule_trim) {
            (_, Some(p)) => format!("the 24-hour rule alone would trim by {p}%: {reason}"),
            (Verdict::Progress, _) => format!("the 24-hour rule alone would progress a little: {reason}"),
            (Verdict::Hold, _) => format!("the 24-hour rule alone would keep the same volume: {reason}"),
            _ => reason.clone(),
        };
        reason = format!("{}, so nothing progresses ({alone})", list.join("; "));
        verdict = Verdict::SeeClinician;
    }
    let trim_pct = if verdict == Verdict::Trim { rule_trim } else { None };

    // §6.4 step 4: the latest strength sessions before T.
    let strength: Vec<(NaiveDate, Option<u8>)> = past
        .iter()
        .rev()
        .filter_map(|i| i.session().filter(|s| s.kind == Kind::Strength).map(|s| (i.date(), s.rpe)))
        .take(2)
        .collect();
    let effort = match strength.as_slice() {
        [(_, Some(rpe)), ..] if *rpe >= 9 => Some(Effort::VeryHard(*rpe)),
        [(_, Some(8)), ..] => Some(Effort::Hard(8)),
        [(a, _), (b, _), ..] if (*a - *b).num_days() == 1 => Some(Effort::Consecutive),
        _ => None,
    };
    let basis = Basis { as_of: t, verdict, rule_trim, paused, effort };

    // §6.4: one element per kind with history, then the walk.
    let strength_day = h
        .items
        .iter()
        .rev()
        .find(|i| i.session().is_some_and(|s| s.kind == Kind::Strength))
        .map(|i| i.date());
    let mut next = Vec::new();
    for &kind in Kind::ALL {
        let latest =
            past.iter().rev().find_map(|i| i.session().filter(|s| s.kind == kind).map(|s| (i.date(), s)));
        if let Some((date, s)) = latest {
            next.push(Next::Session(session_next(&basis, kind, Some(date), s.work.volume(), strength_day)));
        }
    }
    if let Some(w) = walk_next(&h, &basis, day, t) {
        next.push(Next::Walk(w));
    }

    // Notes.
    let mut notes = Vec::new();
    let sole = [Region::Toes, Region::Ball, Region::Arch, Region::Heel];
    if h.days_between(minus(t, 13), t).any(|d| d.numb.iter().flatten().any(|z| sole.contains(&z.region))) {
        notes.push(NOTE_SOLE.to_string());
    }
    let mobility_rpe =
        past.iter().rev().find_map(|i| i.session().filter(|s| s.kind == Kind::Mobility)).and_then(|s| s.rpe);
    if mobility_rpe.is_some_and(|r| r >= 4) {
        notes.push(NOTE_GLIDES.to_string());
    }
    Advice {
        as_of: t,
        verdict,
        trim_pct,
        rule,
        reason,
        limits,
        next,
        red_flags,
        notes,
        basis,
        rule_result,
        judged_tomorrow,
    }
}

/// The walking element (§6.4 steps 1–3 and 5), when a walk was logged before T.
fn walk_next(h: &History, basis: &Basis, day: Option<NaiveDate>, t: NaiveDate) -> Option<WalkNext> {
    let longest_on =
        |d: NaiveDate| h.between(d, d).iter().filter_map(|i| i.entry().and_then(|e| e.walk)).max();
    let past = &h.items[..h.start_of(t)];
    let last_date = past.iter().rev().find(|i| i.entry().is_some_and(|e| e.walk.is_some()))?.date();
    let w = longest_on(last_date)?;
    // B: the longest bout of T−14 … T−8 on days whose own 6.1 result is not a trim.
    let b = h
        .between(minus(t, 14), minus(t, 8))
        .iter()
        .filter(|i| i.entry().is_some_and(|e| e.walk.is_some()))
        .map(|i| i.date())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|&d| !matches!(judge_day(h, d, t).result, DayResult::Trim(_)))
        .filter_map(longest_on)
        .max();
    let (decision, _) = basis.decide(Target::Walk, Some(last_date));
    let plan = |m: u16| WalkPlan { minutes: m, minutes_max: m };
    let (status, next) = match decision {
        Decision::Paused => (Status::Paused, None),
        Decision::Restart { pct } => (Status::Restart, Some(plan(scale(w, pct)))),
        Decision::Trim { pct } => {
            let base = day.and_then(longest_on).unwrap_or(w);
            (Status::Trim, Some(plan(scale(base, 100 - u32::from(pct)))))
        }
        Decision::Same => (Status::Same, Some(plan(w))),
        Decision::Progress => {
            let p = walk_progress(b, w);
            (if p.minutes > w { Status::Progress } else { Status::Same }, Some(p))
        }
    };
    // Last of all: never past 110 % of B.
    let next = next.map(|p| match b {
        Some(b) => {
            let cap = scale(b, 110);
            WalkPlan { minutes: p.minutes.min(cap), minutes_max: p.minutes_max.min(cap) }
        }
        None => p,
    });
    Some(WalkNext { status, last_date, last: w, next, base_week: b })
}

/// Warnings for an entry about to be logged at `at`, given the items of the 30 days before
/// (`earlier`, dated `at.date()` − 30 … `at.date()`; later ones are ignored):
/// a red flag → pause progression and contact a clinician; a walking bout more than 10 %
/// longer than the longest bout of those 30 days → single-session jumps raise injury risk,
/// with this week's walking target instead: the one `advise` and `plan` give for the walk's
/// day (`today`, its walking element), so the warning never contradicts them; without one
/// (no walk before that day), §6.4 step 5 under progress from the bouts of those 30 days.
/// No earlier bout: nothing to compare, no warning.
pub fn logging_warnings(
    entry: &Entry,
    at: NaiveDateTime,
    earlier: &[Item],
    today: Option<&WalkNext>,
) -> Vec<String> {
    let mut out = Vec::new();
    if !entry.flags.is_empty() {
        let flags: Vec<&str> = entry.flags.iter().map(|f| f.as_str()).collect();
        out.push(format!("red flag ({}): {PAUSE_AND_CONTACT}", flags.join(", ")));
    }
    let Some(walk) = entry.walk else { return out };
    let day = at.date();
    let mut bouts: Vec<(NaiveDateTime, i64, u16)> = earlier
        .iter()
        .filter(|i| i.at <= at && i.date() >= minus(day, 30))
        .filter_map(|i| i.entry().and_then(|e| e.walk).map(|m| (i.at, i.id, m)))
        .collect();
    bouts.sort();
    let Some(longest) = bouts.iter().map(|&(_, _, m)| m).max() else { return out };
    if u32::from(walk) * 10 <= u32::from(longest) * 11 {
        return out;
    }
    let jump = format!(
        "this {walk}-minute walk is more than 10% longer than your longest bout of the last 30 days ({longest} min); single-session jumps are what raise injury risk"
    );
    if let Some(today) = today {
        match today.next {
            Some(p) => {
                out.push(format!("{jump}, so keep to this week's target of {} instead", walk_target(p)))
            }
            None => out.push(format!(
                "{jump}, and walking is paused for now: see a clinician before weight-bearing exercise"
            )),
        }
        return out;
    }
    let before: Vec<(NaiveDate, u16)> =
        bouts.iter().filter(|(a, _, _)| a.date() < day).map(|&(a, _, m)| (a.date(), m)).collect();
    let b =
        before.iter().filter(|(d, _)| (minus(day, 14)..=minus(day, 8)).contains(d)).map(|&(_, m)| m).max();
    let w = match before.last() {
        Some(&(last, _)) => {
            before.iter().filter(|(d, _)| *d == last).map(|&(_, m)| m).max().unwrap_or(longest)
        }
        None => longest,
    };
    let mut p = walk_progress(b, w);
    if let Some(b) = b {
        p = WalkPlan { minutes: p.minutes.min(scale(b, 110)), minutes_max: p.minutes_max.min(scale(b, 110)) };
    }
    out.push(format!("{jump}, so keep to this week's target of {} instead", walk_target(p)));
    out
}

/// A walking target in words: "22 minutes", "21–22 minutes".
fn walk_target(p: WalkPlan) -> String {
    if p.minutes == p.minutes_max {
        format!("{} minutes", p.minutes)
    } else {
        format!("{}–{} minutes", p.minutes, p.minutes_max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{parse_numb, parse_stance, Body, Session};
    use proptest::prelude::*;
    use serde_json::json;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    const T: &str = "2025-03-28";

    /// `n` days before T, at `hh:mm`.
    fn ago(n: u64, hm: &str) -> String {
        format!("{} {hm}", minus(d(T), n))
    }

    /// A history built in logging order; ids follow the order of the calls.
    #[derive(Default, Clone)]
    struct H(Vec<Item>);

    impl H {
        fn add(&mut self, when: &str, body: Body) -> &mut H {
            let id = self.0.len() as i64 + 1;
            self.0.push(Item { id, at: at(when), body });
            self
        }
        fn entry(&mut self, when: &str, e: Entry) -> &mut H {
            self.add(when, Body::Entry(e))
        }
        fn pain(&mut self, when: &str, p: Pain) -> &mut H {
            self.entry(when, Entry::pain(p))
        }
        fn walk(&mut self, when: &str, m: u16) -> &mut H {
            self.entry(when, Entry { walk: Some(m), ..Entry::default() })
        }
        fn flag(&mut self, when: &str, f: Flag) -> &mut H {
            self.entry(when, Entry { flags: [f].into(), ..Entry::default() })
        }
        fn numb(&mut self, when: &str, zones: &str) -> &mut H {
            self.entry(when, Entry { numb: parse_numb(zones).ok(), ..Entry::default() })
        }
        fn stance(&mut self, when: &str, left: &str) -> &mut H {
            self.entry(when, Entry { stance_left: parse_stance(left).ok(), ..Entry::default() })
        }
        fn raises(&mut self, when: &str, n: u16) -> &mut H {
            self.entry(when, Entry { heel_raises: Some(n), ..Entry::default() })
        }
        fn session(&mut self, when: &str, kind: Kind, volume: Volume, rpe: Option<u8>) -> &mut H {
            self.add(when, Body::Session(Session { kind, work: volume.into(), rpe, note: None }))
        }
        fn strength(&mut self, when: &str, sets: u16, reps: u16) -> &mut H {
            self.session(when, Kind::Strength, Volume::SetsReps { sets, reps }, Some(6))
        }
        /// Daily pain `p` on each of the days `days` before T (at 06:00).
        fn usual(&mut self, days: &[u64], p: Pain) -> &mut H {
            for &n in days {
                self.pain(&ago(n, "06:00"), p);
            }
            self
        }
        fn advise(&self, t: &str) -> Advice {
            advise(&self.0, d(t))
        }
    }

    /// A strength session on T−1 with pain `before` → `after`, and `next` on the morning of T.
    fn day_judged(before: Pain, after: Pain, next: Pain) -> H {
        let mut h = H::default();
        h.pain("2025-03-27 16:55", before)
            .strength("2025-03-27 17:00", 3, 10)
            .pain("2025-03-27 17:30", after)
            .pain("2025-03-28 07:00", next);
        h
    }

    fn kind_next(a: &Advice, kind: Kind) -> &SessionNext {
        match a.next.iter().find(|n| matches!(n, Next::Session(s) if s.kind == kind)) {
            Some(Next::Session(s)) => s,
            _ => panic!("no {kind} advice in {a:?}"),
        }
    }

    fn strength_next(a: &Advice) -> &SessionNext {
        kind_next(a, Kind::Strength)
    }

    fn walk_next(a: &Advice) -> WalkNext {
        match a.next.iter().find_map(|n| if let Next::Walk(w) = n { Some(*w) } else { None }) {
            Some(w) => w,
            None => panic!("no walking advice in {a:?}"),
        }
    }

    fn sr(sets: u16, reps: u16) -> Volume {
        Volume::SetsReps { sets, reps }
    }

    fn plan(minutes: u16, minutes_max: u16) -> Option<WalkPlan> {
        Some(WalkPlan { minutes, minutes_max })
    }

    #[test]
    fn the_example_of_section_6_serialises_exactly() {
        let mut h = day_judged(3, 7, 6);
        h.walk("2025-03-26 10:00", 30).usual(&[8, 7], 2).usual(&[4, 3], 3);
        let a = h.advise(T);
        let want = json!({
            "as_of": "2025-03-28",
            "verdict": "trim",
            "trim_pct": 15,
            "rule": {"day": "2025-03-27", "before": 3, "usual": 2.5, "baseline": 2.5, "peak": 7,
                     "next_day": 6, "next_day_date": "2025-03-28", "excess": 3.5},
            "reason": "pain went from 3 to 7 after the session on 2025-03-27 and was 6 the next morning, 3.5 above your usual 2.5",
            "limits": [],
            "next": [
                {"kind": "strength", "status": "trim", "last_date": "2025-03-27",
                 "last": {"sets": 3, "reps": 10, "minutes": null},
                 "next": {"sets": 3, "reps": 9, "minutes": null}, "earliest": "2025-03-29"},
                {"kind": "walk", "status": "trim", "last_date": "2025-03-26",
                 "last": {"minutes": 30}, "next": {"minutes": 26, "minutes_max": 26}}
            ],
            "red_flags": [],
            "notes": []
        });
        assert_eq!(serde_json::to_value(&a).unwrap(), want);
    }

    #[test]
    fn no_activity_before_t_is_no_data() {
        let mut h = H::default();
        h.pain("2025-03-20 08:00", 3).strength("2025-03-28 08:00", 2, 10).pain("2025-03-28 09:00", 5);
        let a = h.advise(T);
        assert_eq!(a.verdict, Verdict::NoData);
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(
            v["rule"],
            json!({"day": null, "before": null, "usual": null, "baseline": null, "peak": null,
                   "next_day": null, "next_day_date": null, "excess": null})
        );
        assert_eq!(
            (v["next"].clone(), v["limits"].clone(), v["trim_pct"].clone()),
            (json!([]), json!([]), json!(null))
        );
        assert_eq!(a.judged_tomorrow, 1);
        assert_eq!(
            a.reason,
            "no session or walk was logged before 2025-03-28, so there is nothing to judge yet"
        );
    }

    /// 6.1 step 6, on both sides of each threshold: (R in hundredths, N, K, result).
    #[test]
    fn the_result_of_one_day_follows_excess_next_morning_and_peak() {
        use DayResult::*;
        let cases: [(i32, Pain, Pain, DayResult, &str); 22] = [
            (300, 5, 5, Trim(10), "E = 2 trims 10%"),
            (301, 5, 5, Progress, "E = 1.99 does not trim"),
            (250, 5, 5, Trim(10), "E = 2.5 trims 10%"),
            (201, 4, 5, Progress, "E = 1.99, K − R = 2.99"),
            (101, 3, 4, Progress, "K − R = 2.99"),
            (100, 2, 4, Hold, "K − R = 3 holds"),
            (150, 3, 5, Hold, "K − R = 3.5 holds"),
            (300, 6, 6, Trim(15), "E = 3 trims 15%"),
            (301, 6, 6, Trim(10), "E = 2.99 trims 10%"),
            (400, 7, 7, Trim(15), "E = 3 trims 15%"),
            (301, 7, 7, Trim(15), "E = 3.99 trims 15%"),
            (300, 7, 7, Trim(20), "E = 4 trims 20%"),
            (0, 10, 10, Trim(20), "E = 10 trims 20%"),
            (500, 5, 5, Progress, "next morning 5 is acceptable"),
            (500, 6, 6, Hold, "next morning 6 holds"),
            (700, 7, 7, Hold, "pain 7 every day is not calm"),
            (400, 4, 5, Progress, "a peak of 5 that settles is acceptable"),
            (400, 4, 6, Hold, "a peak of 6 above the baseline holds"),
            (600, 5, 6, Progress, "a peak of 6 at the baseline is not a flare"),
            (599, 5, 6, Hold, "a peak of 6 just above the baseline"),
            (500, 3, 5, Progress, "pain that fell is calm"),
            (200, 3, 4, Progress, "E = 1, K − R = 2"),
        ];
        for (r, n, k, want, why) in cases {
            assert_eq!(day_result(Points(r), n, k), want, "{why}");
        }
    }

    #[test]
    fn usual_pain_is_the_median_of_daily_pain_over_the_28_days_before() {
        // Three days with pain in D−28 … D−1 (D = T−1, so T−29 … T−2): 4, the mean of 3 and 4
        // (3.5) and 2; T−30 is outside.
        let mut h = H::default();
        h.usual(&[29], 4).pain(&ago(10, "06:00"), 3).pain(&ago(10, "07:00"), 4);
        h.usual(&[2], 2).usual(&[30], 9);
        h.pain(&ago(1, "16:00"), 5).strength(&ago(1, "17:00"), 3, 10).pain(&ago(0, "07:00"), 5);
        let a = h.advise(T);
        assert_eq!(
            (a.rule.before, a.rule.usual, a.rule.baseline),
            (Some(5), Some(Points(350)), Some(Points(350)))
        );
        assert_eq!(a.rule.excess, Some(Points(150)));
        assert!(a.rule.baseline_is_usual());
        // Two days are not enough: without the day at D−28 there is no usual pain.
        let mut h = H::default();
        h.usual(&[30], 2).usual(&[2, 10], 4);
        h.pain(&ago(1, "16:00"), 3).strength(&ago(1, "17:00"), 3, 10).pain(&ago(0, "07:00"), 5);
        let a = h.advise(T);
        assert_eq!((a.rule.usual, a.rule.baseline), (None, Some(Points(300))));
        assert_eq!((a.verdict, a.trim_pct), (Verdict::Trim, Some(10)));
        assert_eq!(
            a.reason,
            "pain went from 3 to 5 after the session on 2025-03-27 and was 5 the next morning, 2 above the 3 before it"
        );
    }

    #[test]
    fn the_baseline_is_the_lower_of_pain_before_and_usual_pain() {
        // P = 2 below U = 4: the baseline is 2.
        let mut h = day_judged(2, 4, 4);
        h.usual(&[5, 6, 7], 4);
        let a = h.advise(T);
        assert_eq!(
            (a.rule.baseline, a.rule.excess, a.verdict),
            (Some(Points(200)), Some(Points(200)), Verdict::Trim)
        );
        // No reading before: the usual pain alone; the reason names it.
        let mut h = H::default();
        h.usual(&[5, 6, 7], 2).strength(&ago(1, "17:00"), 3, 10).pain(&ago(0, "07:00"), 3);
        let a = h.advise(T);
        assert_eq!((a.rule.before, a.rule.baseline, a.verdict), (None, Some(Points(200)), Verdict::Progress));
        assert_eq!(
            a.reason,
            "pain stayed calm after the session on 2025-03-27: at most 3, and 3 the next morning, against your usual 2"
        );
        assert_eq!(strength_next(&a).next, Some(sr(3, 11)));
    }

    #[test]
    fn no_baseline_at_all_is_pending() {
        let mut h = H::default();
        h.usual(&[5, 6], 2).strength(&ago(1, "17:00"), 3, 10).pain(&ago(0, "07:00"), 3);
        let a = h.advise(T);
        assert_eq!((a.verdict, a.rule.baseline, a.rule.next_day), (Verdict::Pending, None, Some(3)));
        assert!(a.reason.ends_with("so log pain before a session"), "{}", a.reason);
        assert_eq!((strength_next(&a).status, strength_next(&a).next), (Status::Same, Some(sr(3, 10))));
    }

    #[test]
    fn the_next_day_reading_falls_back_to_d_plus_2_up_to_t() {
        let mut h = H::default();
        h.pain("2025-03-24 16:00", 2).strength("2025-03-24 17:00", 3, 10).pain("2025-03-24 18:00", 4);
        // As of D+1 with no reading yet: pending.
        let a = h.advise("2025-03-25");
        assert_eq!(a.verdict, Verdict::Pending);
        assert_eq!(
            a.reason,
            "the session on 2025-03-24 is judged by the next morning's pain, so log this morning's pain"
        );
        // Several activities on D "are" judged.
        let mut several = h.clone();
        several.walk("2025-03-24 19:00", 20);
        assert_eq!(
            several.advise("2025-03-25").reason,
            "the activities on 2025-03-24 are judged by the next morning's pain, so log this morning's pain"
        );
        // As of D+2 with none: still pending (T ≤ D+2); as of D+3: hold.
        assert_eq!(h.advise("2025-03-26").verdict, Verdict::Pending);
        let a = h.advise("2025-03-27");
        assert_eq!((a.verdict, a.rule.next_day), (Verdict::Hold, None));
        assert_eq!(
            a.reason,
            "no next-day pain was logged after the session on 2025-03-24, so it cannot be judged"
        );
        // A reading on D+2 is N, two days later; the peak runs up to it.
        h.pain("2025-03-26 08:00", 5).pain("2025-03-26 09:00", 7);
        let a = h.advise("2025-03-27");
        assert_eq!(
            (a.rule.next_day, a.rule.next_day_date, a.rule.peak),
            (Some(5), Some(d("2025-03-26")), Some(5))
        );
        assert_eq!((a.verdict, a.trim_pct), (Verdict::Trim, Some(15)));
        assert!(a.reason.contains("was 5 two days later"), "{}", a.reason);
        // As of D+2 the D+2 reading counts too (D+2 ≤ T).
        assert_eq!(h.advise("2025-03-26").rule.next_day_date, Some(d("2025-03-26")));
        // A reading on D+1 comes first.
        h.pain("2025-03-25 20:00", 3);
        let a = h.advise("2025-03-27");
        assert_eq!(
            (a.rule.next_day, a.rule.next_day_date, a.verdict),
            (Some(3), Some(d("2025-03-25")), Verdict::Progress)
        );
    }

    #[test]
    fn the_peak_counts_readings_up_to_and_including_n_only() {
        let mut h = day_judged(3, 4, 4);
        h.pain("2025-03-28 12:00", 7);
        let a = h.advise(T);
        assert_eq!((a.rule.peak, a.rule.next_day, a.verdict), (Some(4), Some(4), Verdict::Progress));
        // A reading in the same entry as the first walk is after it: in the peak, not P.
        let mut h = H::default();
        h.pain(&ago(1, "08:00"), 1)
            .entry(&ago(1, "09:00"), Entry { walk: Some(30), pain: Some(4), ..Entry::default() })
            .pain(&ago(0, "07:00"), 2);
        let a = h.advise(T);
        assert_eq!((a.rule.before, a.rule.peak, a.verdict), (Some(1), Some(4), Verdict::Hold));
    }

    #[test]
    fn a_break_of_more_than_14_days_restarts() {
        // D = T−14: judged by 6.1.
        let mut h = H::default();
        h.pain(&ago(14, "16:00"), 3).strength(&ago(14, "17:00"), 3, 10).pain(&ago(13, "07:00"), 3);
        let a = h.advise(T);
        assert_eq!(a.verdict, Verdict::Progress);
        assert_eq!((strength_next(&a).status, strength_next(&a).next), (Status::Progress, Some(sr(3, 11))));
        // D = T−15: restart at 70%, no rule.
        let mut h = H::default();
        h.pain(&ago(15, "16:00"), 3).strength(&ago(15, "17:00"), 3, 10).pain(&ago(14, "07:00"), 3);
        h.walk(&ago(15, "10:00"), 40);
        let a = h.advise(T);
        assert_eq!((a.verdict, a.rule.clone(), a.trim_pct), (Verdict::Restart, Rule::default(), None));
        assert_eq!(
            a.reason,
            "it has been 15 days since the last activity, on 2025-03-13, so begin below your last volumes"
        );
        assert_eq!((strength_next(&a).status, strength_next(&a).next), (Status::Restart, Some(sr(3, 7))));
        assert_eq!((walk_next(&a).status, walk_next(&a).next), (Status::Restart, plan(28, 28)));
    }

    #[test]
    fn restart_scales_by_70_after_14_days_and_50_after_42() {
        // The kind's own latest session decides, whatever the verdict.
        for (away, status, reps) in [
            (14, Status::Progress, 11),
            (15, Status::Restart, 7),
            (42, Status::Restart, 7),
            (43, Status::Restart, 5),
        ] {
            let mut h = day_judged(3, 3, 3);
            h.0.retain(|i| i.session().is_none());
            h.strength(&ago(away, "10:00"), 3, 10).walk("2025-03-27 16:58", 20);
            let a = h.advise(T);
            assert_eq!(a.verdict, Verdict::Progress, "{away}");
            let s = strength_next(&a);
            assert_eq!((s.status, s.next), (status, Some(sr(3, reps))), "{away} days away");
        }
    }

    #[test]
    fn a_recent_trim_limits_progress_for_a_week() {
        // A flare on D' (trim), then a calm walk on D = T−1.
        let flare = |days_ago: u64| {
            let mut h = H::default();
            h.pain(&ago(days_ago, "16:00"), 2)
                .strength(&ago(days_ago, "17:00"), 3, 11)
                .pain(&ago(days_ago, "18:00"), 8);
            h.pain(&ago(days_ago - 1, "07:00"), 7);
            h.pain(&ago(1, "09:00"), 3).walk(&ago(1, "10:00"), 10).pain(&ago(0, "07:00"), 3);
            h
        };
        let a = flare(7).advise(T);
        assert_eq!(a.verdict, Verdict::Hold);
        assert_eq!(a.limits, [Limit::RecentTrim { day: d("2025-03-21") }]);
        assert_eq!(
            serde_json::to_value(&a.limits).unwrap(),
            json!([{"kind": "recent-trim", "day": "2025-03-21"}])
        );
        assert_eq!((strength_next(&a).status, strength_next(&a).next), (Status::Same, Some(sr(3, 11))));
        // Eight days ago it no longer limits.
        let a = flare(8).advise(T);
        assert_eq!((a.verdict, a.limits.clone()), (Verdict::Progress, vec![]));
    }

    #[test]
    fn a_meaningful_worsening_of_pain_limits_progress() {
        let mut h = H::default();
        h.usual(&[20, 21, 22, 23], 2).usual(&[5, 6, 7], 3);
        h.pain(&ago(1, "09:00"), 4).walk(&ago(1, "10:00"), 10).pain(&ago(0, "07:00"), 3);
        let a = h.advise(T);
        // Usual pain is the median of 2, 2, 2, 2, 3, 3, 3: 2, so N = 3 is 1 above it: calm.
        assert_eq!((a.rule.baseline, a.rule.excess), (Some(Points(200)), Some(Points(100))));
        // Now (3, 3, 3, 4, 3) = 3.2 against 2: worse by 1.2, 60%: meaningful.
        assert_eq!(a.limits, [Limit::PainTrend { change: Points(120) }]);
        assert_eq!(serde_json::to_value(&a.limits).unwrap(), json!([{"kind": "pain-trend", "change": 1.2}]));
        assert_eq!(a.verdict, Verdict::Hold);
        // With only 3 days in the previous window, no limit.
        h.0.retain(|i| i.date() != minus(d(T), 23));
        assert_eq!(h.advise(T).limits, []);
    }

    #[test]
    fn a_flag_of_two_to_four_weeks_ago_waits_for_review_and_a_recent_one_is_a_red_flag() {
        let calm = || {
            let mut h = H::default();
            h.pain(&ago(1, "09:00"), 2).walk(&ago(1, "10:00"), 10).pain(&ago(0, "07:00"), 2);
            h
        };
        for (days_ago, verdict, limits) in [
            (13, Verdict::SeeClinician, json!([])),
            (14, Verdict::Hold, json!([{"kind": "flag-review", "flag": "fall", "day": "2025-03-14"}])),
            (27, Verdict::Hold, json!([{"kind": "flag-review", "flag": "fall", "day": "2025-03-01"}])),
            (28, Verdict::Progress, json!([])),
        ] {
            let mut h = calm();
            h.flag(&ago(days_ago, "08:00"), Flag::Fall);
            let a = h.advise(T);
            assert_eq!(a.verdict, verdict, "{days_ago}");
            assert_eq!(serde_json::to_value(&a.limits).unwrap(), limits, "{days_ago}");
        }
    }

    #[test]
    fn red_flags_make_see_clinician_keeping_the_rules_trim() {
        let mut h = day_judged(3, 7, 6);
        h.session("2025-03-26 10:00", Kind::Mobility, Volume::Minutes(10), Some(2))
            .walk("2025-03-27 18:00", 30);
        h.flag("2025-03-27 20:00", Flag::Fall);
        let a = h.advise(T);
        assert_eq!(
            (a.verdict, a.trim_pct, a.rule_result),
            (Verdict::SeeClinician, None, Some(DayResult::Trim(15)))
        );
        assert_eq!(a.rule.excess, Some(Points(300)));
        assert_eq!(
            a.reason,
            "fall reported on 2025-03-27, so nothing progresses (the 24-hour rule alone would trim by 15%: pain went from 3 to 7 after the activities on 2025-03-27 and was 6 the next morning, 3 above the 3 before it)"
        );
        assert_eq!((strength_next(&a).status, strength_next(&a).next), (Status::Trim, Some(sr(3, 9))));
        assert_eq!(
            (kind_next(&a, Kind::Mobility).status, kind_next(&a, Kind::Mobility).next),
            (Status::Same, Some(Volume::Minutes(10)))
        );
        assert_eq!((walk_next(&a).status, walk_next(&a).next), (Status::Trim, plan(26, 26)));
        // A fall does not pause weight-bearing work.
        assert_eq!(a.red_flags[0].action(), PAUSE_AND_CONTACT);
        // Without a trim from the rule, nothing moves.
        let mut h = day_judged(3, 3, 3);
        h.flag("2025-03-27 20:00", Flag::NightPain);
        let a = h.advise(T);
        assert_eq!(a.verdict, Verdict::SeeClinician);
        assert_eq!((strength_next(&a).status, strength_next(&a).next), (Status::Same, Some(sr(3, 10))));
    }

    #[test]
    fn a_sore_pauses_weight_bearing_work_but_not_mobility() {
        for flag in WEIGHT_BEARING {
            let mut h = day_judged(3, 3, 3);
            h.session("2025-03-26 10:00", Kind::Balance, sr(3, 5), None);
            h.session("2025-03-26 11:00", Kind::Mobility, Volume::Minutes(10), None)
                .walk("2025-03-26 12:00", 40);
            h.flag(&ago(13, "08:00"), flag);
            let a = h.advise(T);
            assert_eq!(a.verdict, Verdict::SeeClinician);
            for n in &a.next {
                let paused = !matches!(n, Next::Session(s) if s.kind == Kind::Mobility);
                assert_eq!(n.status() == Status::Paused, paused, "{flag}: {n:?}");
            }
            let v = serde_json::to_value(&a).unwrap();
            assert_eq!(
                v["next"][0],
                json!({"kind": "strength", "status": "paused", "last_date": "2025-03-27",
                "last": {"sets": 3, "reps": 10, "minutes": null}, "next": null})
            );
            assert_eq!(v["next"][3]["next"], json!(null));
            assert_eq!(a.red_flags[0].action(), SEE_BEFORE_WEIGHT_BEARING);
            assert_eq!(a.decision(Kind::Balance, None), Decision::Paused);
            assert_eq!(a.decision(Kind::Mobility, None), Decision::Same);
        }
        // Fourteen days ago it no longer pauses.
        let mut h = day_judged(3, 3, 3);
        h.flag(&ago(14, "08:00"), Flag::OpenSore);
        assert_eq!(strength_next(&h.advise(T)).status, Status::Same, "flag-review holds");
    }

    #[test]
    fn reported_flags_are_one_per_name_with_the_latest_day() {
        let mut h = day_judged(3, 3, 3);
        h.flag(&ago(12, "08:00"), Flag::Fall)
            .flag(&ago(3, "08:00"), Flag::Fall)
            .flag(&ago(5, "08:00"), Flag::Weakness);
        let v = serde_json::to_value(h.advise(T)).unwrap();
        assert_eq!(
            v["red_flags"],
            json!([{"kind": "weakness", "day": "2025-03-23", "source": "reported"},
                   {"kind": "fall", "day": "2025-03-25", "source": "reported"}])
        );
    }

    #[test]
    fn new_numbness_compares_two_weeks_with_the_four_before() {
        let base = || {
            let mut h = day_judged(3, 3, 3);
            h.numb(&ago(10, "08:00"), "left-ankle").numb(&ago(2, "08:00"), "left-ankle,right-toes");
            h
        };
        // No checked day in T−41 … T−14: nothing to compare with.
        assert!(base().advise(T).red_flags.is_empty());
        // A check at T−41 knowing left-ankle: only right-toes is new.
        let mut h = base();
        h.numb(&ago(41, "08:00"), "left-ankle");
        let v = serde_json::to_value(h.advise(T)).unwrap();
        assert_eq!(
            v["red_flags"],
            json!([{"kind": "new-numbness", "zone": "right-toes", "day": "2025-03-26", "source": "detected"}])
        );
        // Known only at T−42: both are new; left-ankle from its first report.
        let mut h = base();
        h.numb(&ago(42, "08:00"), "left-ankle,right-toes").numb(&ago(14, "08:00"), "none");
        let a = h.advise(T);
        let zones: Vec<(Option<Zone>, Option<NaiveDate>)> =
            a.red_flags.iter().map(|f| (f.zone, f.day)).collect();
        assert_eq!(zones.len(), 2);
        assert_eq!(zones[0].1, Some(d("2025-03-18")));
        assert_eq!(a.notes, [NOTE_SOLE], "right-toes is a sole zone");
    }

    /// Left stance readings (days before T, seconds) around a calm day judged.
    fn stance_case(readings: &[(u64, &str)]) -> Vec<RedFlag> {
        let mut h = day_judged(3, 3, 3);
        for (n, s) in readings {
            h.stance(&ago(*n, "08:00"), s);
        }
        h.advise(T).red_flags
    }

    #[test]
    fn balance_drops_against_the_best_weekly_mean_of_seven_weeks() {
        // Reference 30 s (two days in T−13 … T−7): the latest below 15 s, or the mean below 18 s.
        let reference = [(13, "30"), (7, "30")];
        let with = |recent: &[(u64, &str)]| {
            let mut r = reference.to_vec();
            r.extend_from_slice(recent);
            stance_case(&r)
        };
        assert!(with(&[(6, "25"), (0, "15")]).is_empty(), "exactly 50%, with a mean of 20");
        let f = with(&[(1, "14.9")]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            serde_json::to_value(&f[0]).unwrap(),
            json!({"kind": "balance-drop", "foot": "left", "day": "2025-03-27", "value": 14.9, "reference": 30, "source": "detected"})
        );
        assert_eq!(
            f[0].describe(),
            "left single-leg stance was 14.9 s on 2025-03-27, under half the best weekly mean of 30 s in the seven weeks before"
        );
        assert!(with(&[(6, "20"), (0, "16")]).is_empty(), "a mean of exactly 60%");
        let f = with(&[(6, "20"), (0, "15.8")]);
        assert_eq!((f[0].value, f[0].by_mean), (Some(Points(1790)), true), "a mean of 17.9 s");
        // The best week counts, from T−55; T−56 is outside, and one value alone is no reference.
        assert_eq!(
            stance_case(&[(55, "40"), (50, "38"), (20, "20"), (0, "19.9")])[0].reference,
            Some(Points(3900))
        );
        assert!(stance_case(&[(56, "40"), (20, "20"), (0, "9")]).is_empty());
    }

    #[test]
    fn heel_raises_drop_like_balance() {
        // Reference 12; recent 9 then 6: 6 is exactly half and the mean 7.5 is above 60% (7.2).
        let mut h = day_judged(3, 3, 3);
        h.raises(&ago(20, "08:00"), 12)
            .raises(&ago(9, "08:00"), 12)
            .raises(&ago(5, "08:00"), 9)
            .raises(&ago(0, "08:00"), 6);
        assert!(h.advise(T).red_flags.is_empty(), "6 is exactly half of 12");
        h.raises(&ago(0, "09:00"), 5);
        assert!(h.advise(T).red_flags.is_empty(), "the daily value is the highest, 6");
        let mut h = day_judged(3, 3, 3);
        h.raises(&ago(20, "08:00"), 12)
            .raises(&ago(9, "08:00"), 12)
            .raises(&ago(5, "08:00"), 9)
            .raises(&ago(0, "08:00"), 5);
        let f = &h.advise(T).red_flags[0];
        assert_eq!(
            (f.kind, f.value, f.reference, f.by_mean),
            (Alarm::StrengthDrop, Some(Points(500)), Some(Points(1200)), false)
        );
        // Recent 8 and 6: the mean 7 is below 7.2.
        let mut h = day_judged(3, 3, 3);
        h.raises(&ago(20, "08:00"), 12)
            .raises(&ago(9, "08:00"), 12)
            .raises(&ago(5, "08:00"), 8)
            .raises(&ago(0, "08:00"), 6);
        let f = &h.advise(T).red_flags[0];
        assert_eq!((f.value, f.by_mean), (Some(Points(700)), true));
    }

    #[test]
    fn pain_rising_by_2_and_severe_pain_are_red_flags() {
        // Previous window 2 (4 days), current 4 (4 days): +2.
        let mut h = H::default();
        h.usual(&[20, 21, 22, 23], 2).usual(&[2, 3, 4, 5], 4);
        h.pain(&ago(1, "09:00"), 4).walk(&ago(1, "10:00"), 10).pain(&ago(0, "07:00"), 4);
        let a = h.advise(T);
        let rising: Vec<&RedFlag> = a.red_flags.iter().filter(|f| f.kind == Alarm::PainRising).collect();
        assert_eq!(rising.len(), 1, "current mean (4·4 + 4 + 4)/6 = 4: a change of 2");
        assert_eq!(rising[0].change, Some(Points(200)));
        // Smaller: current 3.75 → change 1.75: no flag.
        let mut h = H::default();
        h.usual(&[20, 21, 22, 23], 2).usual(&[2, 3, 4], 4).usual(&[5], 3);
        let a = h.advise(T);
        assert!(a.red_flags.is_empty(), "{:?}", a.red_flags);
        h.usual(&[5], 5);
        let a = h.advise(T);
        assert_eq!(
            serde_json::to_value(&a.red_flags).unwrap(),
            json!([{"kind": "pain-rising", "change": 2, "source": "detected"}])
        );
        // Severe pain: 8 on T−1 or T, not T−2; 7 is not severe.
        for (n, p, flagged) in [(1, 8, true), (0, 9, true), (2, 8, false), (0, 7, false)] {
            let mut h = H::default();
            h.pain(&ago(n, "05:00"), p);
            let flags = h.advise(T).red_flags;
            assert_eq!(flags.iter().any(|f| f.kind == Alarm::SeverePain), flagged, "{n} {p}");
        }
    }

    #[test]
    fn strength_progresses_one_rep_then_one_set_and_stops_at_3_by_12() {
        for (from, to, status) in [
            (sr(3, 11), sr(3, 12), Status::Progress),
            (sr(2, 12), sr(3, 8), Status::Progress),
            (sr(3, 12), sr(3, 12), Status::Same),
            (Volume::Minutes(20), Volume::Minutes(20), Status::Same),
        ] {
            let mut h = H::default();
            h.pain(&ago(1, "16:00"), 2)
                .session(&ago(1, "17:00"), Kind::Strength, from, Some(6))
                .pain(&ago(0, "07:00"), 2);
            let s = strength_next(&h.advise(T)).clone();
            assert_eq!((s.status, s.next), (status, Some(to)), "{from}");
        }
        let (_, note) = progress_strength(sr(3, 12));
        assert!(note.unwrap().contains("single-leg raises or slower lowering"));
    }

    #[test]
    fn effort_and_spacing_hold_strength_back() {
        // (RPE, verdict's day result, status, next)
        let case = |rpe: u8, next_morning: Pain| {
            let before = if next_morning == 6 { 5 } else { 2 };
            let mut h = H::default();
            h.pain(&ago(1, "16:00"), before).session(&ago(1, "17:00"), Kind::Strength, sr(3, 10), Some(rpe));
            h.pain(&ago(0, "07:00"), next_morning);
            let a = h.advise(T);
            let s = strength_next(&a).clone();
            (a.verdict, s.status, s.next, s.note)
        };
        assert_eq!(case(7, 2).1, Status::Progress);
        let (v, status, next, note) = case(8, 2);
        assert_eq!((v, status, next), (Verdict::Progress, Status::Same, Some(sr(3, 10))));
        assert!(note.unwrap().contains("above the 5–7"));
        assert_eq!(case(9, 2).1..=case(9, 2).1, Status::Trim..=Status::Trim);
        assert_eq!(case(9, 2).2, Some(sr(3, 9)));
        assert_eq!(case(10, 2).2, Some(sr(3, 9)));
        // Under hold too (5 before, 6 the next morning); under a trim (2 → 7: 20%) the verdict's trim stands.
        assert_eq!(
            (case(10, 6).0, case(10, 6).1, case(10, 6).2),
            (Verdict::Hold, Status::Trim, Some(sr(3, 9)))
        );
        assert_eq!((case(10, 7).0, case(10, 7).2), (Verdict::Trim, Some(sr(3, 8))));
        // Two strength days in a row: the same.
        let mut h = H::default();
        h.strength(&ago(2, "17:00"), 3, 10)
            .pain(&ago(1, "16:00"), 2)
            .strength(&ago(1, "17:00"), 3, 10)
            .pain(&ago(0, "07:00"), 2);
        let a = h.advise(T);
        let s = strength_next(&a);
        assert_eq!((a.verdict, s.status, s.next), (Verdict::Progress, Status::Same, Some(sr(3, 10))));
        assert_eq!(a.decision(Kind::Strength, Some(minus(d(T), 1))), Decision::Same);
        assert_eq!(a.decision(Kind::Balance, Some(minus(d(T), 1))), Decision::Progress);
    }

    #[test]
    fn strength_waits_two_days_and_never_before_t() {
        let mut h = day_judged(3, 3, 3);
        assert_eq!(strength_next(&h.advise(T)).earliest, Some(d("2025-03-29")));
        assert_eq!(strength_next(&h.advise("2025-04-05")).earliest, Some(d("2025-04-05")));
        // One done on T counts for the spacing.
        h.strength("2025-03-28 10:00", 3, 11);
        assert_eq!(strength_next(&h.advise(T)).earliest, Some(d("2025-03-30")));
    }

    #[test]
    fn a_trim_leaves_mobility_alone_and_trims_the_walk_of_d() {
        let mut h = day_judged(3, 7, 6);
        h.session("2025-03-25 10:00", Kind::Balance, sr(3, 10), None);
        h.session("2025-03-25 11:00", Kind::Mobility, Volume::Minutes(10), None);
        h.walk("2025-03-25 12:00", 40).walk("2025-03-27 18:00", 20);
        let a = h.advise(T);
        assert_eq!((a.verdict, a.trim_pct), (Verdict::Trim, Some(15)));
        assert_eq!(kind_next(&a, Kind::Balance).next, Some(sr(3, 9)));
        assert_eq!(
            (kind_next(&a, Kind::Mobility).status, kind_next(&a, Kind::Mobility).next),
            (Status::Same, Some(Volume::Minutes(10)))
        );
        // The walk on D (20 min), not W of the latest walk day (also D here), scaled by 85.
        assert_eq!(walk_next(&a).next, plan(17, 17));
        assert_eq!(a.decision(Kind::Mobility, None), Decision::Same);
        assert_eq!(a.decision(Kind::Strength, None), Decision::Trim { pct: 15 });
    }

    /// Walks of `b` minutes at T−10 and `w` at T−1 (calm), with pain around them.
    fn walking(b: u16, w: u16) -> H {
        let mut h = H::default();
        h.pain(&ago(10, "09:00"), 2).walk(&ago(10, "10:00"), b).pain(&ago(9, "07:00"), 2);
        h.pain(&ago(1, "09:00"), 2).walk(&ago(1, "10:00"), w).pain(&ago(0, "07:00"), 2);
        h
    }

    #[test]
    fn walking_grows_five_to_ten_percent_a_week_and_never_past_110_percent_of_b() {
        // (B, W, status, minutes, minutes_max)
        for (b, w, status, lo, hi) in [
            (30, 30, Status::Progress, 32, 33),
            (30, 32, Status::Same, 32, 33),
            (30, 33, Status::Same, 33, 33),
            (30, 34, Status::Same, 33, 33),
            (30, 60, Status::Same, 33, 33),
            (30, 20, Status::Progress, 32, 33),
            (10, 10, Status::Progress, 11, 11),
        ] {
            let a = walking(b, w).advise(T);
            let n = walk_next(&a);
            assert_eq!((n.base_week, n.status, n.next), (Some(b), status, plan(lo, hi)), "B {b}, W {w}");
        }
        // Under hold the cap applies too: W 40 capped at 33.
        let mut h = walking(30, 40);
        h.pain(&ago(0, "07:00"), 6);
        let a = h.advise(T);
        assert_eq!(a.verdict, Verdict::Progress, "N is the first reading");
        let mut h = walking(30, 40);
        h.0.retain(|i| i.date() != d(T));
        h.pain(&ago(1, "09:30"), 5).pain(&ago(0, "07:00"), 6);
        let a = h.advise(T);
        assert_eq!(
            (a.verdict, walk_next(&a).status, walk_next(&a).next),
            (Verdict::Hold, Status::Same, plan(33, 33))
        );
        // Without B (nothing in T−14 … T−8): W both ways.
        let mut h = walking(30, 30);
        h.0.retain(|i| i.date() >= minus(d(T), 7));
        assert_eq!(walk_next(&h.advise(T)).next, plan(30, 30));
    }

    #[test]
    fn a_walk_that_caused_a_flare_is_not_b() {
        let mut h = walking(30, 30);
        // A 60-minute walk at T−9 that flared (2 → next morning 6).
        h.pain(&ago(9, "09:00"), 2).walk(&ago(9, "10:00"), 60).pain(&ago(8, "07:00"), 6);
        let n = walk_next(&h.advise(T));
        assert_eq!((n.base_week, n.next), (Some(30), plan(32, 33)));
    }

    #[test]
    fn notes_for_sole_numbness_and_hard_nerve_glides() {
        let mut h = day_judged(3, 3, 3);
        h.numb(&ago(14, "08:00"), "left-heel").numb(&ago(13, "08:00"), "left-shin");
        h.session(&ago(2, "08:00"), Kind::Mobility, Volume::Minutes(10), Some(3));
        assert_eq!(h.advise(T).notes, Vec::<String>::new());
        h.numb(&ago(13, "09:00"), "right-arch");
        h.session(&ago(1, "08:00"), Kind::Mobility, Volume::Minutes(10), Some(4));
        assert_eq!(h.advise(T).notes, [NOTE_SOLE, NOTE_GLIDES]);
    }

    #[test]
    fn the_decision_follows_pause_restart_verdict_and_effort_in_order() {
        let t = d(T);
        let basis =
            |verdict, rule_trim, paused, effort| Basis { as_of: t, verdict, rule_trim, paused, effort };
        let fresh = Some(minus(t, 2));
        let cases = [
            (basis(Verdict::Progress, None, true, None), Kind::Strength, fresh, Decision::Paused),
            (
                basis(Verdict::Progress, None, true, None),
                Kind::Mobility,
                Some(minus(t, 50)),
                Decision::Restart { pct: 50 },
            ),
            (
                basis(Verdict::Progress, None, false, None),
                Kind::Balance,
                Some(minus(t, 15)),
                Decision::Restart { pct: 70 },
            ),
            (basis(Verdict::Progress, None, false, None), Kind::Balance, None, Decision::Progress),
            (basis(Verdict::Trim, Some(20), false, None), Kind::Balance, fresh, Decision::Trim { pct: 20 }),
            (basis(Verdict::Trim, Some(20), false, None), Kind::Mobility, fresh, Decision::Same),
            (basis(Verdict::Hold, None, false, None), Kind::Balance, fresh, Decision::Same),
            (basis(Verdict::Pending, None, false, None), Kind::Strength, fresh, Decision::Same),
            (
                basis(Verdict::SeeClinician, Some(10), false, None),
                Kind::Strength,
                fresh,
                Decision::Trim { pct: 10 },
            ),
            (basis(Verdict::SeeClinician, None, false, None), Kind::Strength, fresh, Decision::Same),
            (
                basis(Verdict::Progress, None, false, Some(Effort::VeryHard(9))),
                Kind::Strength,
                fresh,
                Decision::Trim { pct: 10 },
            ),
            (basis(Verdict::Hold, None, false, Some(Effort::Hard(8))), Kind::Strength, fresh, Decision::Same),
            (
                basis(Verdict::Progress, None, false, Some(Effort::Consecutive)),
                Kind::Strength,
                fresh,
                Decision::Same,
            ),
            (
                basis(Verdict::Trim, Some(15), false, Some(Effort::VeryHard(10))),
                Kind::Strength,
                fresh,
                Decision::Trim { pct: 15 },
            ),
            (
                basis(Verdict::Progress, None, false, Some(Effort::VeryHard(10))),
                Kind::Balance,
                fresh,
                Decision::Progress,
            ),
        ];
        for (k, (b, kind, latest, want)) in cases.into_iter().enumerate() {
            assert_eq!(b.decide(Target::Kind(kind), latest).0, want, "case {k}");
        }
    }

    #[test]
    fn scaling_rounds_half_up_and_never_below_one() {
        assert_eq!(scale(30, 85), 26);
        assert_eq!(scale(30, 105), 32);
        assert_eq!(scale(30, 110), 33);
        assert_eq!(scale(10, 105), 11);
        assert_eq!(scale(10, 70), 7);
        assert_eq!(scale(1, 50), 1);
        assert_eq!(scale(3, 50), 2);
    }

    #[test]
    fn points_show_and_serialise_without_needless_decimals() {
        assert_eq!(Points(350).to_string(), "3.5");
        assert_eq!(Points(333).to_string(), "3.33");
        assert_eq!(Points(-200).to_string(), "-2");
        assert_eq!(serde_json::to_value(Points(-200)).unwrap(), json!(-2));
        assert_eq!(serde_json::to_value(Points(250)).unwrap(), json!(2.5));
        assert_eq!(Points::from_f64(2.125), Points(213));
        assert_eq!(Points::from_f64(-2.125), Points(-213));
    }

    fn earlier_walks(bouts: &[(&str, u16)]) -> Vec<Item> {
        let mut h = H::default();
        for (when, m) in bouts {
            h.walk(when, *m);
        }
        h.0
    }

    #[test]
    fn logging_a_red_flag_warns() {
        let e = Entry { flags: [Flag::Fall, Flag::Injury].into(), ..Entry::default() };
        assert_eq!(
            logging_warnings(&e, at("2025-03-28 09:00"), &[], None),
            ["red flag (fall, injury): pause progression and contact a clinician promptly"]
        );
        assert!(logging_warnings(&Entry::pain(3), at("2025-03-28 09:00"), &[], None).is_empty());
    }

    #[test]
    fn a_walk_more_than_10_percent_longer_than_the_last_30_days_warns_with_the_weeks_target() {
        let walk = |m| Entry { walk: Some(m), ..Entry::default() };
        let now = at("2025-03-28 09:00");
        // B = 30 (T−10), W = 30 (T−3): target 32–33, as advise would give.
        let earlier =
            earlier_walks(&[("2025-02-25 09:00", 60), ("2025-03-18 09:00", 30), ("2025-03-25 09:00", 30)]);
        assert!(logging_warnings(&walk(33), now, &earlier, None).is_empty(), "33 is exactly 10% longer");
        assert_eq!(
            logging_warnings(&walk(34), now, &earlier, None),
            ["this 34-minute walk is more than 10% longer than your longest bout of the last 30 days (30 min); \
              single-session jumps are what raise injury risk, so keep to this week's target of 32–33 minutes instead"]
        );
        // Without B: the latest day's longest bout.
        let earlier = earlier_walks(&[("2025-03-25 09:00", 20)]);
        let w = logging_warnings(&walk(40), now, &earlier, None);
        assert!(w[0].ends_with("target of 20 minutes instead"), "{w:?}");
        // The 60 of 2025-02-25 (31 days before) and a bout later than this one do not count.
        let earlier = earlier_walks(&[("2025-02-25 09:00", 60), ("2025-03-28 18:00", 60)]);
        assert!(logging_warnings(&walk(40), now, &earlier, None).is_empty(), "no bout to compare with");
        // With the day's walking advice, its target is the one named (a trim to 8), and a
        // paused walk names no target.
        let earlier = earlier_walks(&[("2025-03-18 09:00", 30), ("2025-03-25 09:00", 30)]);
        let mut today = WalkNext {
            status: Status::Trim,
            last_date: d("2025-03-25"),
            last: 10,
            next: Some(WalkPlan { minutes: 8, minutes_max: 8 }),
            base_week: Some(30),
        };
        let w = logging_warnings(&walk(40), now, &earlier, Some(&today));
        assert!(w[0].ends_with("(30 min); single-session jumps are what raise injury risk, so keep to this week's target of 8 minutes instead"), "{w:?}");
        assert!(logging_warnings(&walk(33), now, &earlier, Some(&today)).is_empty(), "no jump, no warning");
        today.next = None;
        let w = logging_warnings(&walk(40), now, &earlier, Some(&today));
        assert!(
            w[0].ends_with(
                "risk, and walking is paused for now: see a clinician before weight-bearing exercise"
            ),
            "{w:?}"
        );
    }

    fn volume_strategy() -> impl Strategy<Value = Volume> {
        prop_oneof![
            (1u16..=20, 1u16..=200).prop_map(|(sets, reps)| Volume::SetsReps { sets, reps }),
            (1u16..=600).prop_map(Volume::Minutes),
        ]
    }

    type Row = (u64, u32, u8, Volume, u16, u8);

    /// A random history: (days before T, minute of day, what, volume, walk, pain or RPE or flag).
    fn history_strategy() -> impl Strategy<Value = Vec<Row>> {
        prop::collection::vec((0u64..60, 0u32..1440, 0u8..7, volume_strategy(), 1u16..=240, 0u8..=10), 0..60)
    }

    fn build(rows: &[Row]) -> Vec<Item> {
        let t = d(T);
        let mut items: Vec<Item> = rows
            .iter()
            .enumerate()
            .map(|(k, &(ago, minute, what, volume, walk, n))| {
                let when = minus(t, ago).and_hms_opt(minute / 60, minute % 60, 0).unwrap();
                let body = match what {
                    0 => Body::Session(Session {
                        kind: Kind::Strength,
                        work: volume.into(),
                        rpe: Some(n),
                        note: None,
                    }),
                    1 => Body::Session(Session {
                        kind: Kind::ALL[usize::from(n) % 3],
                        work: volume.into(),
                        rpe: Some(n),
                        note: None,
                    }),
                    2 => Body::Entry(Entry { walk: Some(walk), ..Entry::default() }),
                    3 if n == 0 => Body::Entry(Entry {
                        flags: [Flag::ALL[ago as usize % Flag::ALL.len()]].into(),
                        ..Entry::default()
                    }),
                    _ => Body::Entry(Entry::pain(n)),
                };
                Item { id: k as i64 + 1, at: when, body }
            })
            .collect();
        items.sort_by_key(|i| (i.at, i.id));
        items
    }

    fn total(v: Volume) -> u32 {
        match v {
            Volume::SetsReps { sets, reps } => u32::from(sets) * u32::from(reps),
            Volume::Minutes(m) => u32::from(m),
        }
    }

    proptest! {
        #[test]
        fn a_trim_never_raises_and_a_paused_kind_never_gets_a_volume(rows in history_strategy()) {
            let a = advise(&build(&rows), d(T));
            for n in &a.next {
                match n {
                    Next::Session(s) => {
                        prop_assert_eq!(s.next.is_none(), s.status == Status::Paused);
                        // Generated sessions all have a volume.
                        let last = s.last.expect("a volume session");
                        if let Some(next) = s.next {
                            prop_assert!(total(next) >= 1);
                            prop_assert_eq!(next.minutes().is_some(), last.minutes().is_some());
                            if matches!(s.status, Status::Trim | Status::Restart | Status::Same) {
                                prop_assert_eq!(next.sets(), last.sets());
                                prop_assert!(next.reps() <= last.reps() && next.minutes() <= last.minutes());
                            }
                            if s.status == Status::Same {
                                prop_assert_eq!(next, last);
                            }
                        }
                    }
                    Next::Walk(w) => {
                        prop_assert_eq!(w.next.is_none(), w.status == Status::Paused);
                        if let Some(p) = w.next {
                            prop_assert!(p.minutes >= 1 && p.minutes <= p.minutes_max);
                            if matches!(w.status, Status::Trim | Status::Restart) {
                                prop_assert!(p.minutes_max <= w.last);
                            }
                            // Under progress, `same` means the low end did not rise above W;
                            // the top of the range may still be scale(B, 110) > W (§6.4 step 5).
                            if w.status == Status::Same {
                                prop_assert!(p.minutes <= w.last);
                            }
                            if let Some(b) = w.base_week {
                                prop_assert!(p.minutes_max <= scale(b, 110));
                            }
                        }
                    }
                    Next::Exercise(_) => prop_assert!(false, "advise alone lists no exercise"),
                }
            }
            if a.verdict == Verdict::Trim {
                prop_assert!(a.next.iter().all(|n| n.status() != Status::Progress));
            }
            if a.verdict != Verdict::Progress {
                prop_assert!(a.next.iter().all(|n| n.status() != Status::Progress));
            }
        }

        #[test]
        fn a_weight_bearing_flag_pauses_everything_but_mobility(
            rows in history_strategy(),
            ago in 0u64..14,
            which in 0usize..5,
        ) {
            let mut items = build(&rows);
            let when = minus(d(T), ago).and_hms_opt(12, 0, 0).unwrap();
            items.push(Item { id: 1000, at: when, body: Body::Entry(Entry { flags: [WEIGHT_BEARING[which]].into(), ..Entry::default() }) });
            let a = advise(&items, d(T));
            if !a.next.is_empty() {
                prop_assert_eq!(a.verdict, Verdict::SeeClinician);
            }
            for n in &a.next {
                let mobility = matches!(n, Next::Session(s) if s.kind == Kind::Mobility);
                prop_assert_eq!(n.status() == Status::Paused, !mobility);
            }
        }

        #[test]
        fn items_dated_after_t_change_nothing(rows in history_strategy(), later in history_strategy()) {
            // Pretending today is T: what was logged after T does not exist yet.
            let items = build(&rows);
            let mut all = items.clone();
            for (k, mut item) in build(&later).into_iter().enumerate() {
                item.at += chrono::Duration::days(61);
                item.id = 1000 + k as i64;
                all.push(item);
            }
            prop_assert_eq!(advise(&all, d(T)), advise(&items, d(T)));
        }

        #[test]
        fn one_volume_trimmed_or_progressed_stays_in_bounds(
            v in volume_strategy(),
            pct in prop_oneof![Just(10u32), Just(15), Just(20), Just(30), Just(50)],
        ) {
            let t = scale_volume(v, 100 - pct);
            prop_assert!(total(t) <= total(v) && total(t) >= 1);
            prop_assert_eq!(t.sets(), v.sets());
            let (p, _) = progress_strength(v);
            prop_assert!(total(p) >= total(v) && p.sets() >= v.sets());
        }

        #[test]
        fn walk_targets_never_pass_110_percent_of_b(b in 1u16..=600, w in 1u16..=1440) {
            let p = walk_progress(Some(b), w);
            prop_assert!(p.minutes <= p.minutes_max && p.minutes_max == scale(b, 110));
            prop_assert!(p.minutes >= scale(b, 105));
        }
    }
}
