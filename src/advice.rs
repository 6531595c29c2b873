//! Next-session advice (§6). Pure: items and the as-of date in, advice out.
//!
//! Nothing here reads the clock, opens the database or prints: [`advise`] takes the items
//! (in the store's (date, time, id) order) and the as-of date T, and returns [`Advice`], which
//! serialises exactly as `advise --json`. [`logging_warnings`] is the check `log` runs when an
//! entry carries a red flag or a walking bout.
//!
//! Pain comparisons are made in hundredths of a point ([`Points`]): a baseline taken from a
//! median of daily means is rounded to two decimals (as it is shown), and the excess and the
//! flare are compared with the thresholds in whole hundredths, so what the person reads is
//! exactly what was compared. Trim sizes are bands: 2 ≤ excess < 3 → 10 %, 3 ≤ excess < 4 →
//! 15 %, excess ≥ 4 → 20 % (so an excess of 2.5 trims 10 % and 3.5 trims 15 %).

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::daily;
use crate::domain::{Entry, Flag, Item, Kind, Pain, Side, Volume, Zone};

/// "More than a notch": a rise of 2 points or more on the 0–10 scale is the smallest change
/// patients notice, and what the 24-hour rule reacts to (in hundredths of a point).
const NOTICEABLE: i32 = 200;
/// Strength reps grow by one per set up to this many.
const TOP_REPS: u16 = 12;
/// At 12 reps a set is added (at 8 reps) until there are this many sets.
const TOP_SETS: u16 = 3;
/// The reps of a newly added set.
const NEW_SET_REPS: u16 = 8;
/// Strength work targets RPE 5–7; above this, progression is withheld.
const RPE_LIMIT: u8 = 7;
/// A detected drop: the last week's mean below this share (in tenths) of the two weeks before.
const DROP_TENTHS: u64 = 6;

/// Scales `x` by `q` percent in whole numbers, rounding half up, never below 1:
/// `max(1, (x × q + 50) / 100)`.
pub fn scale(x: u16, q: u32) -> u16 {
    let v = (u32::from(x) * q + 50) / 100;
    u16::try_from(v.max(1)).unwrap_or(u16::MAX)
}

/// A pain value in hundredths of a point: whole readings, medians of daily means, differences.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i32);

impl Points {
    pub fn from_pain(p: Pain) -> Points {
        Points(i32::from(p) * 100)
    }

    /// Rounds a mean or median to two decimals, as it is shown.
    pub fn from_f64(x: f64) -> Points {
        Points((x * 100.0).round() as i32)
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
            Verdict::SeeClinician => "see-clinician",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the 24-hour rule found; a field is `None` (null) when it was not found.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Rule {
    /// D: the latest date before T with an activity.
    pub day: Option<NaiveDate>,
    pub baseline: Option<Points>,
    pub peak: Option<Pain>,
    pub next_day: Option<Pain>,
    pub excess: Option<Points>,
    /// True when the baseline is the median of the week before D (no reading before the activity).
    #[serde(skip)]
    pub baseline_is_median: bool,
    /// What D's first activity was: "session" or "walk".
    #[serde(skip)]
    pub activity: &'static str,
}

/// The next volume of one kind of exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    Session(SessionNext),
    Walk(WalkNext),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionNext {
    pub kind: Kind,
    pub last: Volume,
    pub next: Volume,
    /// Strength only: the earliest date for the next strength session.
    pub earliest: Option<NaiveDate>,
    /// A word on the progression (not in the JSON): the 3 × 12 suggestion or the RPE gate.
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalkNext {
    /// The last bout before T.
    pub last: u16,
    pub minutes: u16,
    pub minutes_max: u16,
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

#[derive(serde::Serialize)]
struct WalkPlan {
    minutes: u16,
    minutes_max: u16,
}

impl Serialize for Next {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Next::Session(n) => {
                let mut st = s.serialize_struct("Next", 4)?;
                st.serialize_field("kind", &n.kind)?;
                st.serialize_field("last", &VolumeJson(n.last))?;
                st.serialize_field("next", &VolumeJson(n.next))?;
                if n.kind == Kind::Strength {
                    st.serialize_field("earliest", &n.earliest)?;
                }
                st.end()
            }
            Next::Walk(w) => {
                let mut st = s.serialize_struct("Next", 3)?;
                st.serialize_field("kind", "walk")?;
                st.serialize_field("last", &WalkLast { minutes: w.last })?;
                st.serialize_field("next", &WalkPlan { minutes: w.minutes, minutes_max: w.minutes_max })?;
                st.end()
            }
        }
    }
}

/// The kinds of red flag: reported by the person, or detected in their measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Alarm {
    Reported(Flag),
    NewNumbness,
    BalanceDrop,
    StrengthDrop,
}

impl Alarm {
    pub fn as_str(self) -> &'static str {
        match self {
            Alarm::Reported(f) => f.as_str(),
            Alarm::NewNumbness => "new-numbness",
            Alarm::BalanceDrop => "balance-drop",
            Alarm::StrengthDrop => "strength-drop",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RedFlag {
    pub kind: Alarm,
    /// Reported flags: the day they were reported.
    pub day: Option<NaiveDate>,
    /// `new-numbness`: the new zone.
    pub zone: Option<Zone>,
    /// `balance-drop`: the foot.
    pub foot: Option<Side>,
    /// Detected drops (not in the JSON): the mean of the last 7 days and of the 14 days before
    /// (stance in seconds, heel raises in count).
    pub means: Option<(f64, f64)>,
}

impl RedFlag {
    pub fn is_reported(&self) -> bool {
        matches!(self.kind, Alarm::Reported(_))
    }

    /// A short description in plain words, for the human output and the reason.
    pub fn describe(&self) -> String {
        let means = |unit: &str| match self.means {
            Some((recent, before)) => format!(
                ": {}{unit} on average over the last 7 days against {}{unit} in the two weeks before",
                crate::render::num(recent, 1),
                crate::render::num(before, 1)
            ),
            None => String::new(),
        };
        match (self.kind, self.day, self.zone, self.foot) {
            (Alarm::Reported(f), Some(day), _, _) => format!("{f} reported on {day}"),
            (Alarm::Reported(f), None, _, _) => format!("{f} reported"),
            (Alarm::NewNumbness, _, Some(z), _) => format!("new numbness at {z}"),
            (Alarm::NewNumbness, _, None, _) => "new numbness".to_string(),
            (Alarm::BalanceDrop, _, _, Some(foot)) => {
                format!("{foot} single-leg stance dropped below 60%{}", means(" s"))
            }
            (Alarm::BalanceDrop, _, _, None) => "single-leg stance dropped below 60%".to_string(),
            (Alarm::StrengthDrop, ..) => format!("heel raises dropped below 60%{}", means("")),
        }
    }
}

impl Serialize for RedFlag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("RedFlag", 3)?;
        st.serialize_field("kind", self.kind.as_str())?;
        if let Some(day) = self.day {
            st.serialize_field("day", &day)?;
        }
        if let Some(zone) = self.zone {
            st.serialize_field("zone", &zone)?;
        }
        if let Some(foot) = self.foot {
            st.serialize_field("foot", &foot)?;
        }
        st.serialize_field("source", if self.is_reported() { "reported" } else { "detected" })?;
        st.end()
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
    pub next: Vec<Next>,
    pub red_flags: Vec<RedFlag>,
    /// What the 24-hour rule alone said, before red flags (not in the JSON).
    #[serde(skip)]
    pub rule_verdict: Verdict,
    /// The trim the rule alone asked for (not in the JSON).
    #[serde(skip)]
    pub rule_trim_pct: Option<u8>,
    /// Activities dated T itself: they are judged the day after (not in the JSON).
    #[serde(skip)]
    pub judged_tomorrow: usize,
}

fn minus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

fn within(item: &Item, from: NaiveDate, to: NaiveDate) -> bool {
    (from..=to).contains(&item.date())
}

/// Daily values (§4) of the items dated `from` … `to`.
fn days_between(items: &[&Item], from: NaiveDate, to: NaiveDate) -> Vec<daily::Day> {
    let window: Vec<Item> = items.iter().filter(|i| within(i, from, to)).map(|&i| i.clone()).collect();
    daily::summarize(&window)
}

/// The median of the daily pain means over `from` … `to`, rounded to hundredths.
fn median_daily_pain(items: &[&Item], from: NaiveDate, to: NaiveDate) -> Option<Points> {
    let mut means: Vec<f64> = days_between(items, from, to).iter().filter_map(|d| d.pain).collect();
    if means.is_empty() {
        return None;
    }
    means.sort_by(f64::total_cmp);
    let mid = means.len() / 2;
    let median = if means.len() % 2 == 1 { means[mid] } else { (means[mid - 1] + means[mid]) / 2.0 };
    Some(Points::from_f64(median))
}

/// The trim for an excess (in hundredths): 10 % from 2, 15 % from 3, 20 % from 4 points.
fn trim_for(excess: Points) -> Option<u8> {
    match excess.0 {
        e if e >= 400 => Some(20),
        e if e >= 300 => Some(15),
        e if e >= NOTICEABLE => Some(10),
        _ => None,
    }
}

/// What the 24-hour rule (steps 1–5) found.
struct Judgement {
    rule: Rule,
    verdict: Verdict,
    trim_pct: Option<u8>,
    reason: String,
}

fn judge(items: &[&Item], t: NaiveDate) -> Judgement {
    // 1. The day judged: D, the latest date before T with an activity, and its first activity.
    let day = items.iter().filter(|i| i.date() < t && i.is_activity()).map(|i| i.date()).max();
    let first = day.and_then(|d| items.iter().position(|i| i.date() == d && i.is_activity()));
    let Some(first) = first else {
        return Judgement {
            rule: Rule::default(),
            verdict: Verdict::NoData,
            trim_pct: None,
            reason: format!("no session or walk was logged before {t}, so there is nothing to judge yet"),
        };
    };
    let d = items[first].date();
    let activity = if items[first].session().is_some() { "session" } else { "walk" };
    // 2. Baseline: the last reading on D before the first activity (a reading in the same
    //    entry as a walking bout counts as after it), else the median of the week before.
    let before = items[..first].iter().rev().take_while(|i| i.date() == d).find_map(|i| i.pain());
    let (baseline, baseline_is_median) = match before {
        Some(p) => (Some(Points::from_pain(p)), false),
        None => (median_daily_pain(items, minus(d, 7), minus(d, 1)), true),
    };
    // 3. The next-day reading N: the first pain reading on D+1.
    let d1 = plus(d, 1);
    let n_at = items.iter().position(|i| i.date() == d1 && i.pain().is_some());
    let next_day = n_at.and_then(|k| items[k].pain());
    // 4. Peak: the highest reading after the first activity, up to and including N (without
    //    N, through the end of D+1, which then holds no reading).
    let end = n_at.map_or_else(|| items.iter().position(|i| i.date() > d1).unwrap_or(items.len()), |k| k + 1);
    let peak = items[first..end].iter().filter_map(|i| i.pain()).max();
    let excess = baseline.zip(next_day).map(|(b, n)| Points(Points::from_pain(n).0 - b.0));
    let rule = Rule { day: Some(d), baseline, peak, next_day, excess, baseline_is_median, activity };

    let on = format!("the {activity} on {d}");
    let Some(b) = baseline else {
        return Judgement {
            rule,
            verdict: Verdict::Pending,
            trim_pct: None,
            reason: format!(
                "there is no pain reading before {on} or in the week before it to compare with: \
                 log pain before a session"
            ),
        };
    };
    let (Some(n), Some(excess)) = (next_day, excess) else {
        let (verdict, reason) = if d1 == t {
            (Verdict::Pending, format!("{on} is judged by the next morning's pain: log this morning's pain"))
        } else {
            (Verdict::Hold, format!("no next-day pain was logged after {on}, so it cannot be judged"))
        };
        return Judgement { rule, verdict, trim_pct: None, reason };
    };
    // 5. The verdict.
    let from =
        if baseline_is_median { format!("{b} (the median of the week before)") } else { b.to_string() };
    let peak = peak.unwrap_or(n);
    let flare = Points::from_pain(peak).0 - b.0;
    if let Some(pct) = trim_for(excess) {
        Judgement {
            rule,
            verdict: Verdict::Trim,
            trim_pct: Some(pct),
            reason: format!("pain went from {from} to {peak} after {on} and was still {n} the next morning"),
        }
    } else if flare >= NOTICEABLE {
        Judgement {
            rule,
            verdict: Verdict::Hold,
            trim_pct: None,
            reason: format!(
                "pain went from {from} to {peak} after {on} and settled to {n} by the next morning"
            ),
        }
    } else {
        Judgement {
            rule,
            verdict: Verdict::Progress,
            trim_pct: None,
            reason: format!(
                "pain stayed calm: {from} before {on}, at most {peak} after it and {n} the next morning"
            ),
        }
    }
}

/// Mean of two windows of daily values; a drop fires when each has at least 2 values and the
/// recent mean is below 60 % of the earlier one (compared exactly, in whole numbers).
fn drop(recent: &[u64], earlier: &[u64]) -> Option<(f64, f64)> {
    if recent.len() < 2 || earlier.len() < 2 {
        return None;
    }
    let (sr, se): (u64, u64) = (recent.iter().sum(), earlier.iter().sum());
    let (nr, ne) = (recent.len() as u64, earlier.len() as u64);
    (10 * sr * ne < DROP_TENTHS * se * nr).then(|| (sr as f64 / nr as f64, se as f64 / ne as f64))
}

fn red_flags(items: &[&Item], t: NaiveDate) -> Vec<RedFlag> {
    let flag = |kind, day, zone, foot, means| RedFlag { kind, day, zone, foot, means };
    // Reported: any flag dated T−13 … T, once per flag and day.
    let reported: BTreeSet<(NaiveDate, Flag)> = items
        .iter()
        .filter(|i| within(i, minus(t, 13), t))
        .filter_map(|i| i.entry().map(|e| (i.date(), &e.flags)))
        .flat_map(|(day, flags)| flags.iter().map(move |&f| (day, f)))
        .collect();
    let mut out: Vec<RedFlag> =
        reported.into_iter().map(|(day, f)| flag(Alarm::Reported(f), Some(day), None, None, None)).collect();

    let days = days_between(items, minus(t, 34), t);
    let recent = |d: &&daily::Day| d.date >= minus(t, 6);
    let earlier = |from: u64| move |d: &&daily::Day| (minus(t, from)..=minus(t, 7)).contains(&d.date);

    // new-numbness: a zone of T−6 … T not reported in T−34 … T−7, if that span was checked.
    let before: Vec<&daily::Day> = days.iter().filter(earlier(34)).collect();
    if before.iter().any(|d| d.numb.is_some()) {
        let known: BTreeSet<Zone> =
            before.iter().filter_map(|d| d.numb.as_ref()).flatten().copied().collect();
        let now: BTreeSet<Zone> =
            days.iter().filter(recent).filter_map(|d| d.numb.as_ref()).flatten().copied().collect();
        out.extend(now.difference(&known).map(|&z| flag(Alarm::NewNumbness, None, Some(z), None, None)));
    }
    // balance-drop per foot and strength-drop: T−6 … T against T−20 … T−7.
    let values = |f: &dyn Fn(&daily::Day) -> Option<u64>| {
        let r: Vec<u64> = days.iter().filter(recent).filter_map(f).collect();
        let e: Vec<u64> = days.iter().filter(earlier(20)).filter_map(f).collect();
        drop(&r, &e)
    };
    let tenths = |(r, e): (f64, f64)| (r / 10.0, e / 10.0);
    if let Some(m) = values(&|d| d.stance_left.map(|s| u64::from(s.tenths()))) {
        out.push(flag(Alarm::BalanceDrop, None, None, Some(Side::Left), Some(tenths(m))));
    }
    if let Some(m) = values(&|d| d.stance_right.map(|s| u64::from(s.tenths()))) {
        out.push(flag(Alarm::BalanceDrop, None, None, Some(Side::Right), Some(tenths(m))));
    }
    if let Some(m) = values(&|d| d.heel_raises.map(u64::from)) {
        out.push(flag(Alarm::StrengthDrop, None, None, None, Some(m)));
    }
    out
}

/// The walking rule: B = longest bout in T−14 … T−8, R = longest in T−7 … T−1 (0 when none);
/// (max(scale(B,105), R), max(scale(B,110), R)); with no B, both are R, or the last bout when
/// R is 0. `bouts` are (date, minutes) dated before T, in order. `None` without any bout.
pub fn walk_target(bouts: &[(NaiveDate, u16)], t: NaiveDate) -> Option<(u16, u16)> {
    let longest = |from: u64, to: u64| {
        bouts.iter().filter(|(d, _)| (minus(t, from)..=minus(t, to)).contains(d)).map(|&(_, m)| m).max()
    };
    let r = longest(7, 1).unwrap_or(0);
    match longest(14, 8) {
        Some(b) => Some((scale(b, 105).max(r), scale(b, 110).max(r))),
        None if r > 0 => Some((r, r)),
        None => bouts.last().map(|&(_, m)| (m, m)),
    }
}

/// Progress for a strength volume: reps + 1 up to 12; at 12 reps with fewer than 3 sets, one
/// more set at 8 reps; at 3 × 12 (or beyond 12 reps) the same, with a suggestion.
fn progress_strength(v: Volume) -> (Volume, Option<String>) {
    match v {
        Volume::SetsReps { sets, reps } if reps < TOP_REPS => {
            (Volume::SetsReps { sets, reps: reps + 1 }, None)
        }
        Volume::SetsReps { sets, reps } if reps == TOP_REPS && sets < TOP_SETS => {
            (Volume::SetsReps { sets: sets + 1, reps: NEW_SET_REPS }, None)
        }
        Volume::SetsReps { sets, reps } => (
            v,
            Some(format!(
                "{sets} × {reps} is the top of this progression: keep it, and to go further move to \
                 single-leg raises or slower lowering"
            )),
        ),
        Volume::Minutes(_) => (v, None),
    }
}

fn trim_volume(v: Volume, pct: u8) -> Volume {
    let q = 100 - u32::from(pct);
    match v {
        Volume::SetsReps { sets, reps } => Volume::SetsReps { sets, reps: scale(reps, q) },
        Volume::Minutes(m) => Volume::Minutes(scale(m, q)),
    }
}

fn volumes(past: &[&Item], t: NaiveDate, verdict: Verdict, trim_pct: Option<u8>) -> Vec<Next> {
    let mut out = Vec::new();
    for &kind in Kind::ALL {
        let Some((date, last)) =
            past.iter().rev().find_map(|i| i.session().filter(|s| s.kind == kind).map(|s| (i.date(), s)))
        else {
            continue;
        };
        let (next, note) = match (verdict, trim_pct) {
            (Verdict::Trim, Some(p)) => (trim_volume(last.volume, p), None),
            (Verdict::Progress, _) if kind == Kind::Strength => match last.rpe {
                Some(rpe) if rpe > RPE_LIMIT => (
                    last.volume,
                    Some(format!(
                        "progression withheld: the last strength session felt like RPE {rpe}, above the \
                         program's 5–7"
                    )),
                ),
                _ => progress_strength(last.volume),
            },
            _ => (last.volume, None),
        };
        let earliest = (kind == Kind::Strength).then(|| plus(date, 2).max(t));
        out.push(Next::Session(SessionNext { kind, last: last.volume, next, earliest, note }));
    }
    let bouts: Vec<(NaiveDate, u16)> =
        past.iter().filter_map(|i| i.entry().and_then(|e| e.walk).map(|m| (i.date(), m))).collect();
    if let Some(&(_, last)) = bouts.last() {
        let (minutes, minutes_max) = match (verdict, trim_pct) {
            (Verdict::Trim, Some(p)) => {
                let m = scale(last, 100 - u32::from(p));
                (m, m)
            }
            (Verdict::Progress, _) => walk_target(&bouts, t).unwrap_or((last, last)),
            _ => (last, last),
        };
        out.push(Next::Walk(WalkNext { last, minutes, minutes_max }));
    }
    out
}

/// The advice for as-of date `as_of` (T) from the items, which should come in the store's
/// (date, time, id) order (they are put in that order here in any case).
pub fn advise(items: &[Item], as_of: NaiveDate) -> Advice {
    let t = as_of;
    let mut sorted: Vec<&Item> = items.iter().collect();
    sorted.sort_by_key(|i| (i.at, i.id));
    let judged = judge(&sorted, t);
    let red_flags = red_flags(&sorted, t);
    let verdict = if red_flags.is_empty() { judged.verdict } else { Verdict::SeeClinician };
    let trim_pct = if verdict == Verdict::Trim { judged.trim_pct } else { None };
    let past: Vec<&Item> = sorted.iter().copied().filter(|i| i.date() < t).collect();
    let next = volumes(&past, t, verdict, trim_pct);
    let reason = if red_flags.is_empty() {
        judged.reason
    } else {
        let list: Vec<String> = red_flags.iter().map(RedFlag::describe).collect();
        let rule = match judged.trim_pct {
            Some(p) => format!("trim by {p}%"),
            None => judged.verdict.to_string(),
        };
        format!(
            "{}: a red flag comes before the 24-hour rule, so volumes are held (the rule alone says {rule}: {})",
            list.join("; "),
            judged.reason
        )
    };
    Advice {
        as_of: t,
        verdict,
        trim_pct,
        rule: judged.rule,
        reason,
        next,
        red_flags,
        rule_verdict: judged.verdict,
        rule_trim_pct: judged.trim_pct,
        judged_tomorrow: sorted.iter().filter(|i| i.date() == t && i.is_activity()).count(),
    }
}

/// Warnings for an entry about to be logged at `at`, given the items of the 30 days before
/// (`earlier`, dated `at.date()` − 30 … `at.date()`; later ones are ignored):
/// a red flag → pause progression and contact a clinician; a walking bout more than 10 %
/// longer than the longest bout of those 30 days → single-session jumps raise injury risk,
/// with this week's walking target instead. No earlier bout: nothing to compare, no warning.
pub fn logging_warnings(entry: &Entry, at: NaiveDateTime, earlier: &[Item]) -> Vec<String> {
    let mut out = Vec::new();
    if !entry.flags.is_empty() {
        let flags: Vec<&str> = entry.flags.iter().map(|f| f.as_str()).collect();
        out.push(format!(
            "red flag ({}): pause progression and contact a clinician promptly",
            flags.join(", ")
        ));
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
    let (lo, hi) = walk_target(&before, day).unwrap_or((longest, longest));
    let target = if lo == hi { format!("{lo} minutes") } else { format!("{lo}–{hi} minutes") };
    out.push(format!(
        "this {walk}-minute walk is more than 10% longer than your longest bout of the last 30 days \
         ({longest} min); single-session jumps are what raise injury risk, so keep to this week's \
         target of {target} instead"
    ));
    out
}

#[cfg(test)]
mod tests {}
