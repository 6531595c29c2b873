//! Next-session advice (§6, version 2). Pure: items and the as-of date in, advice out.
//!
//! Nothing here reads the clock, opens the database or prints: [`advise`] takes the items
//! (in any order; they are put in the store's (date, time, id) order) and the as-of date T,
//! and returns [`Advice`], which serialises exactly as `advise --json`. [`logging_warnings`]
//! is the check `log` runs when an entry carries a red flag or a walking bout.
//!
//! The advice is a pipeline of small steps, each a function with its own tests:
//! - [`judge_day`]: the 24-hour rule for one activity day (§6.1);
//! - the verdict and its limits (§6.2), in [`advise`];
//! - [`red_flags`] and the weight-bearing pause (§6.3);
//! - [`Basis::decide`]: what §6.4 steps 1–4 decide for a kind, an exercise or the walk, and
//!   the progressions that turn a [`Decision`] into a volume.
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
    /// The date of the latest session of this kind before T: the base volume.
    pub last_date: NaiveDate,
    pub last: Volume,
    /// `None` when paused.
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

/// The next volume of one kind of exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    Session(SessionNext),
    Walk(WalkNext),
}

impl Next {
    pub fn status(&self) -> Status {
        match self {
            Next::Session(s) => s.status,
            Next::Walk(w) => w.status,
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
                st.serialize_field("last", &VolumeJson(n.last))?;
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

    /// The latest date before `before` with an activity, from `from` on.
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
    if let Some(pct) = trim_for(Points(n - r)) {
        DayResult::Trim(pct)
    } else if n >= 600 {
        DayResult::Hold
    } else if k - r >= 300 || (k >= 600 && k > r) {
        DayResult::Hold
    } else {
        DayResult::Progress
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
                format!("{on} is judged by the next morning's pain, so log this morning's pain"),
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
    let feet: [(Side, fn(&daily::Day) -> Option<i64>); 2] = [
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

/// The element of one kind of session, from its latest session before T.
fn session_next(
    basis: &Basis,
    kind: Kind,
    last_date: NaiveDate,
    last: Volume,
    strength_day: Option<NaiveDate>,
) -> SessionNext {
    let (decision, effort) = basis.decide(Target::Kind(kind), Some(last_date));
    let (status, next, mut note) = match decision {
        Decision::Paused => (Status::Paused, None, None),
        Decision::Restart { pct } => (Status::Restart, Some(scale_volume(last, pct)), None),
        Decision::Trim { pct } => (Status::Trim, Some(scale_volume(last, 100 - u32::from(pct))), None),
        Decision::Same => (Status::Same, Some(last), None),
        Decision::Progress if kind == Kind::Strength => {
            let (v, note) = progress_strength(last);
            (if v != last { Status::Progress } else { Status::Same }, Some(v), note)
        }
        Decision::Progress => (Status::Same, Some(last), None),
    };
    if let Some(e) = effort {
        note = Some(e.describe());
    }
    let earliest = (kind == Kind::Strength && status != Status::Paused)
        .then(|| plus(strength_day.unwrap_or(last_date), 2).max(basis.as_of));
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
                format!("it has been {days} days since the last activity, on {d}: start again gently"),
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
    let basis = Basis { as_of: t, verdict, rule_trim: rule_trim.filter(|_| day.is_some()), paused, effort };

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
            next.push(Next::Session(session_next(&basis, kind, date, s.volume, strength_day)));
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
/// with this week's walking target instead (§6.4 step 5 under progress, from the bouts of
/// those 30 days). No earlier bout: nothing to compare, no warning.
pub fn logging_warnings(entry: &Entry, at: NaiveDateTime, earlier: &[Item]) -> Vec<String> {
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
    let target = if p.minutes == p.minutes_max {
        format!("{} minutes", p.minutes)
    } else {
        format!("{}–{} minutes", p.minutes, p.minutes_max)
    };
    out.push(format!(
        "this {walk}-minute walk is more than 10% longer than your longest bout of the last 30 days ({longest} min); single-session jumps are what raise injury risk, so keep to this week's target of {target} instead"
    ));
    out
}
