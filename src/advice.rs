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
    /// What was done on D, for the wording: "session" or "walk" when it was one activity,
    /// "activities" when there were several (the peak may follow any of them).
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
                crate::render::num(recent, 2),
                crate::render::num(before, 2)
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
    let several = items[first + 1..].iter().take_while(|i| i.date() == d).any(|i| i.is_activity());
    let (activity, it) = match (several, items[first].session().is_some()) {
        (true, _) => ("activities", "them"),
        (false, true) => ("session", "it"),
        (false, false) => ("walk", "it"),
    };
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
            (
                Verdict::Pending,
                format!("{on} is judged by the next morning's pain, so log this morning's pain"),
            )
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
                "pain stayed calm, {from} before {on}, at most {peak} after {it} and {n} the next morning"
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

/// The next volumes, per kind, from `past` (the items dated before T). `last_strength` is the
/// date of the last strength session up to and including T: one done today counts for the spacing
/// (strength on non-consecutive days), although its volume is only judged tomorrow.
fn volumes(
    past: &[&Item],
    last_strength: Option<NaiveDate>,
    t: NaiveDate,
    verdict: Verdict,
    trim_pct: Option<u8>,
) -> Vec<Next> {
    let mut out = Vec::new();
    for &kind in Kind::ALL {
        // A kind whose latest session named exercises has no volume of its own (§9.6).
        let Some((date, last, volume)) = past
            .iter()
            .rev()
            .find_map(|i| i.session().filter(|s| s.kind == kind).map(|s| (i.date(), s)))
            .and_then(|(date, s)| s.work.volume().map(|v| (date, s, v)))
        else {
            continue;
        };
        let (next, note) = match (verdict, trim_pct) {
            (Verdict::Trim, Some(p)) => (trim_volume(volume, p), None),
            (Verdict::Progress, _) if kind == Kind::Strength => match last.rpe {
                Some(rpe) if rpe > RPE_LIMIT => (
                    volume,
                    Some(format!(
                        "progression withheld: the last strength session felt like RPE {rpe}, above the \
                         program's 5–7"
                    )),
                ),
                _ => progress_strength(volume),
            },
            _ => (volume, None),
        };
        let earliest = (kind == Kind::Strength).then(|| plus(last_strength.unwrap_or(date), 2).max(t));
        out.push(Next::Session(SessionNext { kind, last: volume, next, earliest, note }));
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
    let last_strength = sorted
        .iter()
        .filter(|i| i.date() <= t && i.session().is_some_and(|s| s.kind == Kind::Strength))
        .map(|i| i.date())
        .max();
    let next = volumes(&past, last_strength, t, verdict, trim_pct);
    let reason = if red_flags.is_empty() {
        judged.reason
    } else {
        let list: Vec<String> = red_flags.iter().map(RedFlag::describe).collect();
        // What the rule alone found, in plain words rather than the verdict's code.
        let rule = match (judged.verdict, judged.trim_pct) {
            (_, Some(p)) => format!(" alone would say trim by {p}%: "),
            (Verdict::Progress, None) => " alone would say progress a little: ".to_string(),
            (Verdict::Hold, None) => " alone would say keep the same volume: ".to_string(),
            _ => ": ".to_string(),
        };
        format!(
            "{}, so volumes are held and nothing progresses (the 24-hour rule{rule}{})",
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

    /// A history built in logging order; ids follow the order of the calls.
    #[derive(Default)]
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
        fn session(&mut self, when: &str, kind: Kind, volume: Volume, rpe: Option<u8>) -> &mut H {
            self.add(when, Body::Session(Session { kind, work: volume.into(), rpe, note: None }))
        }
        fn strength(&mut self, when: &str, sets: u16, reps: u16) -> &mut H {
            self.session(when, Kind::Strength, Volume::SetsReps { sets, reps }, Some(6))
        }
        fn advise(&self, t: &str) -> Advice {
            advise(&self.0, d(t))
        }
    }

    /// A strength session on 2025-03-27 with pain `before` → `after`, and `next` the next morning.
    fn day_judged(before: Pain, after: Pain, next: Pain) -> H {
        let mut h = H::default();
        h.pain("2025-03-27 16:55", before)
            .strength("2025-03-27 17:00", 3, 10)
            .pain("2025-03-27 17:30", after)
            .pain("2025-03-28 07:00", next);
        h
    }

    fn strength_next(a: &Advice) -> &SessionNext {
        match a.next.iter().find(|n| matches!(n, Next::Session(s) if s.kind == Kind::Strength)) {
            Some(Next::Session(s)) => s,
            _ => panic!("no strength advice in {a:?}"),
        }
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

    #[test]
    fn the_example_of_section_6_serialises_exactly() {
        let mut h = day_judged(3, 7, 6);
        h.walk("2025-03-26 10:00", 30);
        let a = h.advise(T);
        let want = json!({
            "as_of": "2025-03-28",
            "verdict": "trim",
            "trim_pct": 15,
            "rule": {"day": "2025-03-27", "baseline": 3, "peak": 7, "next_day": 6, "excess": 3},
            "reason": "pain went from 3 to 7 after the session on 2025-03-27 and was still 6 the next morning",
            "next": [
                {"kind": "strength", "last": {"sets": 3, "reps": 10, "minutes": null},
                 "next": {"sets": 3, "reps": 9, "minutes": null}, "earliest": "2025-03-29"},
                {"kind": "walk", "last": {"minutes": 30}, "next": {"minutes": 26, "minutes_max": 26}}
            ],
            "red_flags": []
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
            json!({"day": null, "baseline": null, "peak": null, "next_day": null, "excess": null})
        );
        assert_eq!(v["next"], json!([]));
        assert_eq!(v["trim_pct"], json!(null));
        assert_eq!(a.judged_tomorrow, 1);
        assert_eq!(
            a.reason,
            "no session or walk was logged before 2025-03-28, so there is nothing to judge yet"
        );
    }

    #[test]
    fn each_trim_size_follows_the_excess() {
        // (baseline, next morning, trim %, reps of 3 × 10 after the trim, excess)
        for (b, n, pct, reps, excess) in
            [(3, 5, 10, 9, 2), (3, 6, 15, 9, 3), (3, 7, 20, 8, 4), (3, 8, 20, 8, 5), (0, 10, 20, 8, 10)]
        {
            let a = day_judged(b, n, n).advise(T);
            assert_eq!((a.verdict, a.trim_pct), (Verdict::Trim, Some(pct)), "excess {excess}");
            assert_eq!(a.rule.excess, Some(Points(excess * 100)));
            assert_eq!(strength_next(&a).next, sr(3, reps), "excess {excess}");
        }
    }

    #[test]
    fn a_flare_that_settles_holds_and_a_calm_day_progresses() {
        // Peak 2 above baseline, next morning 1 above: hold.
        let a = day_judged(3, 5, 4).advise(T);
        assert_eq!((a.verdict, a.trim_pct), (Verdict::Hold, None));
        assert_eq!((a.rule.peak, a.rule.next_day, a.rule.excess), (Some(5), Some(4), Some(Points(100))));
        assert_eq!(
            a.reason,
            "pain went from 3 to 5 after the session on 2025-03-27 and settled to 4 by the next morning"
        );
        assert_eq!(strength_next(&a).next, sr(3, 10));
        // Peak 1 above: progress.
        let a = day_judged(3, 4, 4).advise(T);
        assert_eq!(a.verdict, Verdict::Progress);
        assert_eq!(
            a.reason,
            "pain stayed calm, 3 before the session on 2025-03-27, at most 4 after it and 4 the next morning"
        );
        assert_eq!(strength_next(&a).next, sr(3, 11));
        // Pain that fell is calm too; the next-morning reading counts in the peak.
        let a = day_judged(5, 2, 6).advise(T);
        assert_eq!((a.verdict, a.rule.peak, a.rule.excess), (Verdict::Progress, Some(6), Some(Points(100))));
    }

    #[test]
    fn only_the_first_next_day_reading_is_n_and_later_ones_do_not_raise_the_peak() {
        let mut h = day_judged(3, 4, 4);
        h.pain("2025-03-28 12:00", 9);
        let a = h.advise(T);
        assert_eq!((a.verdict, a.rule.next_day, a.rule.peak), (Verdict::Progress, Some(4), Some(4)));
    }

    #[test]
    fn the_baseline_is_the_last_reading_before_the_first_activity() {
        let mut h = H::default();
        h.pain("2025-03-27 07:00", 6)
            .pain("2025-03-27 16:00", 2)
            .walk("2025-03-27 16:30", 20)
            .pain("2025-03-27 17:00", 3)
            .strength("2025-03-27 18:00", 2, 10)
            .pain("2025-03-27 19:00", 4)
            .pain("2025-03-28 07:00", 4);
        let a = h.advise(T);
        assert_eq!(a.rule.baseline, Some(Points(200)));
        assert!(!a.rule.baseline_is_median);
        assert_eq!((a.rule.peak, a.rule.excess), (Some(4), Some(Points(200))));
        assert_eq!((a.verdict, a.trim_pct), (Verdict::Trim, Some(10)));
        assert_eq!(
            a.reason,
            "pain went from 2 to 4 after the activities on 2025-03-27 and was still 4 the next morning"
        );
    }

    #[test]
    fn a_day_with_several_activities_is_named_as_such() {
        // The peak came after the strength session, not the walk: the reason must not blame the walk.
        let mut h = H::default();
        h.pain("2025-03-27 16:00", 3).walk("2025-03-27 16:30", 20).strength("2025-03-27 18:00", 2, 10);
        h.pain("2025-03-27 19:00", 4).pain("2025-03-28 07:00", 3);
        let a = h.advise(T);
        assert_eq!(a.rule.activity, "activities");
        assert_eq!(
            a.reason,
            "pain stayed calm, 3 before the activities on 2025-03-27, at most 4 after them and 3 the next morning"
        );
        // One walk alone is "the walk".
        let mut h = H::default();
        h.pain("2025-03-27 16:00", 3).walk("2025-03-27 16:30", 20).pain("2025-03-28 07:00", 3);
        assert_eq!(
            h.advise(T).reason,
            "pain stayed calm, 3 before the walk on 2025-03-27, at most 3 after it and 3 the next morning"
        );
    }

    #[test]
    fn pain_in_the_same_entry_as_the_first_walk_is_after_it() {
        // `log --walk 30 --pain 5`: the pain is how the walk felt, so it is not the baseline but
        // counts in the peak.
        let mut h = H::default();
        h.pain("2025-03-27 08:00", 2)
            .entry("2025-03-27 10:00", Entry { walk: Some(30), pain: Some(5), ..Entry::default() })
            .pain("2025-03-28 07:00", 3);
        let a = h.advise(T);
        assert_eq!((a.rule.baseline, a.rule.peak, a.rule.next_day), (Some(Points(200)), Some(5), Some(3)));
        assert_eq!(a.verdict, Verdict::Hold);
        // With no earlier reading that day, the baseline falls back to the week before.
        let mut h = H::default();
        h.pain("2025-03-25 08:00", 4)
            .entry("2025-03-27 10:00", Entry { walk: Some(30), pain: Some(5), ..Entry::default() })
            .pain("2025-03-28 07:00", 5);
        let a = h.advise(T);
        assert_eq!(
            (a.rule.baseline, a.rule.baseline_is_median, a.rule.peak),
            (Some(Points(400)), true, Some(5))
        );
    }

    /// A session on 2025-03-27 with no reading before it, pain after, and the prior week's readings.
    fn median_case(week: &[(&str, Pain)], after: Pain, next: Pain) -> Advice {
        let mut h = H::default();
        for (when, p) in week {
            h.pain(when, *p);
        }
        h.strength("2025-03-27 17:00", 2, 10).pain("2025-03-27 18:00", after).pain("2025-03-28 07:00", next);
        h.advise(T)
    }

    #[test]
    fn without_a_reading_before_the_baseline_is_the_median_of_daily_pain_over_the_week_before() {
        // Odd count: daily means 2, 4 (3 and 5 averaged), 3 → median 3. D−8 does not count.
        let week = [
            ("2025-03-19 08:00", 9),
            ("2025-03-20 08:00", 2),
            ("2025-03-22 08:00", 3),
            ("2025-03-22 20:00", 5),
            ("2025-03-26 08:00", 3),
        ];
        let a = median_case(&week, 5, 5);
        assert_eq!(a.rule.baseline, Some(Points(300)));
        assert!(a.rule.baseline_is_median);
        assert_eq!((a.verdict, a.trim_pct), (Verdict::Trim, Some(10)));
        assert_eq!(
            a.reason,
            "pain went from 3 (the median of the week before) to 5 after the session on 2025-03-27 and was still 5 the next morning"
        );
        // Even count: daily means 2, 3, 4, 6 → median 3.5, serialised as 3.5.
        let week = [
            ("2025-03-20 08:00", 2),
            ("2025-03-21 08:00", 6),
            ("2025-03-23 08:00", 3),
            ("2025-03-26 08:00", 4),
        ];
        for (next, verdict, pct, excess) in [
            (5, Verdict::Progress, None, 150),
            (6, Verdict::Trim, Some(10), 250),
            (7, Verdict::Trim, Some(15), 350),
            (8, Verdict::Trim, Some(20), 450),
        ] {
            let a = median_case(&week, next, next);
            assert_eq!(a.rule.baseline, Some(Points(350)));
            assert_eq!(
                (a.verdict, a.trim_pct, a.rule.excess),
                (verdict, pct, Some(Points(excess))),
                "N {next}"
            );
        }
        let v = serde_json::to_value(median_case(&week, 6, 6)).unwrap();
        assert_eq!(
            v["rule"],
            json!({"day": "2025-03-27", "baseline": 3.5, "peak": 6, "next_day": 6, "excess": 2.5})
        );
        // A flare from a median: peak 6 is 2.5 above 3.5 and N 5 only 1.5: hold; peak 5: progress.
        assert_eq!(median_case(&week, 6, 5).verdict, Verdict::Hold);
        assert_eq!(median_case(&week, 5, 5).verdict, Verdict::Progress);
    }

    #[test]
    fn a_median_of_thirds_is_rounded_to_hundredths_as_shown() {
        // Daily means 13/3 and 2 → median (13/3 + 2) / 2 = 3.1666… → 3.17; N 6 → excess 2.83: trim 10.
        let week = [
            ("2025-03-24 08:00", 3),
            ("2025-03-24 12:00", 6),
            ("2025-03-24 18:00", 4),
            ("2025-03-25 08:00", 2),
        ];
        let a = median_case(&week, 6, 6);
        assert_eq!((a.rule.baseline, a.rule.excess), (Some(Points(317)), Some(Points(283))));
        assert_eq!(a.trim_pct, Some(10));
        assert_eq!(serde_json::to_value(&a.rule).unwrap()["baseline"], json!(3.17));
    }

    #[test]
    fn no_baseline_at_all_is_pending() {
        let a = median_case(&[("2025-03-19 08:00", 3)], 6, 6);
        assert_eq!(a.verdict, Verdict::Pending);
        assert_eq!(a.rule.baseline, None);
        assert_eq!((a.rule.peak, a.rule.next_day, a.rule.excess), (Some(6), Some(6), None));
        assert!(a.reason.ends_with("log pain before a session"), "{}", a.reason);
        assert_eq!(strength_next(&a).next, sr(2, 10));
    }

    #[test]
    fn no_next_day_reading_is_pending_on_the_next_day_and_hold_after_it() {
        let mut h = H::default();
        h.pain("2025-03-27 16:00", 3).strength("2025-03-27 17:00", 2, 10).pain("2025-03-27 18:00", 6);
        let a = h.advise("2025-03-28");
        assert_eq!(a.verdict, Verdict::Pending);
        assert_eq!((a.rule.baseline, a.rule.peak, a.rule.next_day), (Some(Points(300)), Some(6), None));
        assert_eq!(
            a.reason,
            "the session on 2025-03-27 is judged by the next morning's pain, so log this morning's pain"
        );
        // A day later, a reading on T does not stand in for the missing next-day one.
        h.pain("2025-03-29 08:00", 3);
        let a = h.advise("2025-03-29");
        assert_eq!(a.verdict, Verdict::Hold);
        assert_eq!(a.rule.next_day, None);
        assert_eq!(
            a.reason,
            "no next-day pain was logged after the session on 2025-03-27, so it cannot be judged"
        );
        assert_eq!(strength_next(&a).next, sr(2, 10));
    }

    #[test]
    fn activities_dated_t_are_judged_tomorrow() {
        let mut h = day_judged(3, 4, 3);
        h.strength("2025-03-28 17:00", 3, 11).pain("2025-03-28 18:00", 9).walk("2025-03-28 19:00", 50);
        let a = h.advise(T);
        assert_eq!(a.rule.day, Some(d("2025-03-27")));
        assert_eq!((a.verdict, a.rule.peak), (Verdict::Progress, Some(4)));
        assert_eq!(a.judged_tomorrow, 2);
        // Volumes come from before T: the 3 × 10 of 03-27, not the 3 × 11 of today; no walk yet.
        assert_eq!(strength_next(&a).last, sr(3, 10));
        assert_eq!(a.next.len(), 1);
        // Tomorrow it is the day judged.
        let a = h.advise("2025-03-29");
        assert_eq!(a.rule.day, Some(d("2025-03-28")));
        assert_eq!(a.judged_tomorrow, 0);
    }

    #[test]
    fn reported_flags_count_for_14_days() {
        let mut h = day_judged(3, 7, 6);
        h.flag("2025-03-14 09:00", Flag::Fall);
        let a = h.advise(T);
        assert_eq!((a.verdict, a.trim_pct), (Verdict::Trim, Some(15)), "T−14 (03-14) no longer counts");
        assert!(a.red_flags.is_empty());

        let mut h = day_judged(3, 7, 6);
        h.flag("2025-03-15 09:00", Flag::Fall)
            .flag("2025-03-15 10:00", Flag::Fall)
            .flag("2025-03-28 08:00", Flag::OpenSore);
        let a = h.advise(T);
        assert_eq!((a.verdict, a.trim_pct, a.rule_trim_pct), (Verdict::SeeClinician, None, Some(15)));
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(
            v["red_flags"],
            json!([
                {"kind": "fall", "day": "2025-03-15", "source": "reported"},
                {"kind": "open-sore", "day": "2025-03-28", "source": "reported"}
            ])
        );
        assert_eq!(
            v["rule"],
            json!({"day": "2025-03-27", "baseline": 3, "peak": 7, "next_day": 6, "excess": 3})
        );
        assert_eq!(v["trim_pct"], json!(null));
        assert_eq!(strength_next(&a).next, sr(3, 10), "volumes are held");
        assert_eq!(
            a.reason,
            "fall reported on 2025-03-15; open-sore reported on 2025-03-28, so volumes are held and nothing \
             progresses (the 24-hour rule alone would say trim by 15%: pain went from 3 to 7 after the session \
             on 2025-03-27 and was still 6 the next morning)"
        );
    }

    #[test]
    fn under_a_red_flag_the_reason_says_what_the_rule_found_in_plain_words() {
        // Pending: no next-morning reading yet.
        let mut h = H::default();
        h.pain("2025-03-27 16:00", 3)
            .strength("2025-03-27 17:00", 2, 10)
            .flag("2025-03-27 18:00", Flag::Fall);
        let a = h.advise(T);
        assert_eq!((a.verdict, a.rule_verdict), (Verdict::SeeClinician, Verdict::Pending));
        assert_eq!(
            a.reason,
            "fall reported on 2025-03-27, so volumes are held and nothing progresses (the 24-hour rule: the \
             session on 2025-03-27 is judged by the next morning's pain, so log this morning's pain)"
        );
        // Hold and progress are said in words, not as codes.
        let mut h = day_judged(3, 5, 4);
        h.flag("2025-03-28 08:00", Flag::Fall);
        assert!(h
            .advise(T)
            .reason
            .contains("(the 24-hour rule alone would say keep the same volume: pain went"));
        let mut h = day_judged(3, 3, 3);
        h.flag("2025-03-28 08:00", Flag::Fall);
        assert!(h
            .advise(T)
            .reason
            .contains("(the 24-hour rule alone would say progress a little: pain stayed"));
        // Nothing to judge.
        let mut h = H::default();
        h.flag("2025-03-28 08:00", Flag::Fall);
        assert_eq!(
            h.advise(T).reason,
            "fall reported on 2025-03-28, so volumes are held and nothing progresses (the 24-hour rule: no \
             session or walk was logged before 2025-03-28, so there is nothing to judge yet)"
        );
    }

    #[test]
    fn new_numbness_needs_a_checked_day_in_the_four_weeks_before() {
        let detected = |h: &H| serde_json::to_value(&h.advise(T).red_flags).unwrap();
        let mut h = day_judged(3, 4, 3);
        h.numb("2025-03-22 08:00", "left-toes,right-ankle");
        assert_eq!(detected(&h), json!([]), "nothing checked before: nothing to compare with");
        h.numb("2025-02-21 08:00", "none"); // T−35: outside T−34 … T−7
        assert_eq!(detected(&h), json!([]));
        h.numb("2025-02-22 08:00", "left-toes"); // T−34
        assert_eq!(
            detected(&h),
            json!([{"kind": "new-numbness", "zone": "right-ankle", "source": "detected"}])
        );
        assert_eq!(h.advise(T).verdict, Verdict::SeeClinician);
        h.numb("2025-03-21 08:00", "right-ankle"); // T−7: known before
        assert_eq!(detected(&h), json!([]));
        // A zone last reported at T−7 is not in the recent week.
        let mut h = H::default();
        h.numb("2025-03-01 08:00", "none").numb("2025-03-21 08:00", "left-heel");
        assert_eq!(detected(&h), json!([]));
    }

    fn stance(h: &mut H, day: &str, left: &str, right: &str) {
        h.entry(
            &format!("{day} 08:00"),
            Entry {
                stance_left: parse_stance(left).ok(),
                stance_right: parse_stance(right).ok(),
                ..Entry::default()
            },
        );
    }

    #[test]
    fn balance_drops_below_60_percent_per_foot() {
        let flags = |recent_left: [&str; 2]| {
            let mut h = H::default();
            stance(&mut h, "2025-03-08", "20", "10"); // T−20
            stance(&mut h, "2025-03-21", "20", "10"); // T−7
            stance(&mut h, "2025-03-07", "1", "1"); // T−21: not counted
            stance(&mut h, "2025-03-22", recent_left[0], "5.9"); // T−6
            stance(&mut h, "2025-03-28", recent_left[1], "6"); // T
            serde_json::to_value(&h.advise(T).red_flags).unwrap()
        };
        // Left exactly 60 % (12 of 20): no flag; right 5.95 of 10: flag.
        let right = json!({"kind": "balance-drop", "foot": "right", "source": "detected"});
        assert_eq!(flags(["12", "12"]), json!([right]));
        let mut h = H::default();
        for (day, l) in
            [("2025-03-08", "20"), ("2025-03-21", "20"), ("2025-03-22", "12"), ("2025-03-28", "11.9")]
        {
            stance(&mut h, day, l, "");
        }
        assert_eq!(
            h.advise(T).red_flags[0].describe(),
            "left single-leg stance dropped below 60%: 11.95 s on average over the last 7 days against 20 s in the \
             two weeks before"
        );
        assert_eq!(
            flags(["12", "11.9"]),
            json!([{"kind": "balance-drop", "foot": "left", "source": "detected"}, right])
        );
        // Fewer than 2 values in a window: nothing.
        let mut h = H::default();
        stance(&mut h, "2025-03-10", "20", "20");
        stance(&mut h, "2025-03-12", "20", "20");
        stance(&mut h, "2025-03-25", "2", "2");
        assert!(h.advise(T).red_flags.is_empty());
        let mut h = H::default();
        stance(&mut h, "2025-03-12", "20", "20");
        stance(&mut h, "2025-03-25", "2", "2");
        stance(&mut h, "2025-03-26", "2", "2");
        assert!(h.advise(T).red_flags.is_empty());
    }

    #[test]
    fn heel_raises_drop_below_60_percent() {
        let flags = |recent: [u16; 2]| {
            let mut h = H::default();
            for (day, n) in [
                ("2025-03-08", 10),
                ("2025-03-15", 8),
                ("2025-03-15", 10),
                ("2025-03-27", recent[0]),
                ("2025-03-28", recent[1]),
            ] {
                h.entry(&format!("{day} 08:00"), Entry { heel_raises: Some(n), ..Entry::default() });
            }
            h.advise(T)
        };
        // Earlier daily highs 10 and 10 (the 8 is not the day's highest): 60 % is 6.
        assert!(flags([6, 6]).red_flags.is_empty());
        let a = flags([6, 5]);
        assert_eq!(
            serde_json::to_value(&a.red_flags).unwrap(),
            json!([{"kind": "strength-drop", "source": "detected"}])
        );
        assert_eq!(a.red_flags[0].means, Some((5.5, 10.0)));
        assert_eq!(
            a.red_flags[0].describe(),
            "heel raises dropped below 60%: 5.5 on average over the last 7 days against 10 in the two weeks before"
        );
        assert_eq!(a.verdict, Verdict::SeeClinician);
    }

    #[test]
    fn scaling_rounds_half_up_and_never_below_one() {
        assert_eq!(scale(10, 85), 9);
        assert_eq!(scale(5, 90), 5); // 4.5 rounds up
        assert_eq!(scale(1, 80), 1);
        assert_eq!(scale(1, 50), 1);
        assert_eq!(scale(30, 85), 26); // 25.5
        assert_eq!(scale(10, 80), 8);
        assert_eq!(scale(20, 105), 21);
        assert_eq!(scale(20, 110), 22);
        assert_eq!(scale(1440, 110), 1584);
    }

    /// Progress on 2025-03-27 from the given last strength session.
    fn progress_from(volume: Volume, rpe: Option<u8>) -> SessionNext {
        let mut h = H::default();
        h.pain("2025-03-27 16:00", 2)
            .session("2025-03-27 17:00", Kind::Strength, volume, rpe)
            .pain("2025-03-28 07:00", 2);
        let a = h.advise(T);
        assert_eq!(a.verdict, Verdict::Progress);
        strength_next(&a).clone()
    }

    #[test]
    fn strength_progresses_one_rep_then_one_set() {
        for (from, to) in [
            (sr(2, 10), sr(2, 11)),
            (sr(3, 11), sr(3, 12)),
            (sr(1, 12), sr(2, 8)),
            (sr(2, 12), sr(3, 8)),
            (Volume::Minutes(10), Volume::Minutes(10)),
        ] {
            let n = progress_from(from, Some(6));
            assert_eq!((n.last, n.next, n.note.is_some()), (from, to, false), "{from}");
        }
        let n = progress_from(sr(3, 12), None);
        assert_eq!(n.next, sr(3, 12));
        let note = n.note.unwrap();
        assert!(note.contains("single-leg raises or slower lowering"), "{note}");
        assert_eq!(progress_from(sr(2, 15), None).next, sr(2, 15), "beyond 12 reps: kept");
    }

    #[test]
    fn an_rpe_above_7_withholds_progression() {
        assert_eq!(progress_from(sr(2, 10), Some(7)).next, sr(2, 11));
        let n = progress_from(sr(2, 10), Some(8));
        assert_eq!(n.next, sr(2, 10));
        assert!(n.note.unwrap().contains("RPE 8"));
        assert_eq!(progress_from(sr(2, 12), Some(8)).next, sr(2, 12));
    }

    #[test]
    fn each_kind_keeps_or_trims_its_own_volume() {
        let history = |next: Pain| {
            let mut h = H::default();
            h.session("2025-03-10 09:00", Kind::Mobility, Volume::Minutes(10), Some(2))
                .session("2025-03-20 09:00", Kind::Mobility, Volume::Minutes(15), Some(2))
                .session("2025-03-25 09:00", Kind::Balance, sr(3, 5), None)
                .walk("2025-03-26 09:00", 25)
                .pain("2025-03-27 08:00", 2)
                .strength("2025-03-27 09:00", 2, 9)
                .pain("2025-03-28 08:00", next);
            h.advise(T)
        };
        let v = serde_json::to_value(history(2)).unwrap();
        assert_eq!(v["verdict"], "progress");
        assert_eq!(
            v["next"],
            json!([
                {"kind": "strength", "last": {"sets": 2, "reps": 9, "minutes": null},
                 "next": {"sets": 2, "reps": 10, "minutes": null}, "earliest": "2025-03-29"},
                {"kind": "balance", "last": {"sets": 3, "reps": 5, "minutes": null},
                 "next": {"sets": 3, "reps": 5, "minutes": null}},
                {"kind": "mobility", "last": {"sets": null, "reps": null, "minutes": 15},
                 "next": {"sets": null, "reps": null, "minutes": 15}},
                {"kind": "walk", "last": {"minutes": 25}, "next": {"minutes": 25, "minutes_max": 25}}
            ])
        );
        let v = serde_json::to_value(history(6)).unwrap();
        assert_eq!((v["verdict"].clone(), v["trim_pct"].clone()), (json!("trim"), json!(20)));
        let next: Vec<_> = v["next"].as_array().unwrap().iter().map(|n| n["next"].clone()).collect();
        assert_eq!(
            next,
            [
                json!({"sets": 2, "reps": 7, "minutes": null}),
                json!({"sets": 3, "reps": 4, "minutes": null}),
                json!({"sets": null, "reps": null, "minutes": 12}),
                json!({"minutes": 20, "minutes_max": 20}),
            ]
        );
    }

    /// The walking target from bouts at the given days before T (T = 2025-03-28).
    fn target(bouts: &[(u64, u16)]) -> Option<(u16, u16)> {
        let mut b: Vec<(NaiveDate, u16)> = bouts.iter().map(|&(ago, m)| (minus(d(T), ago), m)).collect();
        b.sort();
        walk_target(&b, d(T))
    }

    #[test]
    fn walking_grows_five_to_ten_percent_a_week() {
        assert_eq!(target(&[(10, 20), (3, 15)]), Some((21, 22)));
        assert_eq!(
            target(&[(14, 20), (8, 18), (1, 10)]),
            Some((21, 22)),
            "T−14 and T−8 are the earlier week"
        );
        assert_eq!(target(&[(10, 20), (2, 25)]), Some((25, 25)), "R already above the target");
        assert_eq!(target(&[(10, 30), (2, 32)]), Some((32, 33)));
        assert_eq!(target(&[(15, 40), (7, 25)]), Some((25, 25)), "no bout in T−14 … T−8: R (T−7 counts)");
        assert_eq!(target(&[(20, 18)]), Some((18, 18)), "no B and R = 0: the last bout");
        assert_eq!(target(&[(40, 30), (20, 18)]), Some((18, 18)));
        assert_eq!(target(&[]), None);
        // Through `advise`, on a calm day: B = 30 (two bouts on 03-18, the longest), R = 22.
        let mut h = H::default();
        h.walk("2025-03-18 09:00", 20).walk("2025-03-18 17:00", 30).walk("2025-03-24 09:00", 10);
        h.pain("2025-03-27 08:00", 2).walk("2025-03-27 09:00", 22).pain("2025-03-28 08:00", 2);
        let a = h.advise(T);
        assert_eq!(a.verdict, Verdict::Progress);
        assert_eq!(walk_next(&a), WalkNext { last: 22, minutes: 32, minutes_max: 33 });
    }

    #[test]
    fn strength_waits_two_days_and_never_before_t() {
        for (last, earliest) in
            [("2025-03-27", "2025-03-29"), ("2025-03-26", "2025-03-28"), ("2025-03-01", "2025-03-28")]
        {
            let mut h = H::default();
            h.strength(&format!("{last} 09:00"), 2, 10);
            assert_eq!(strength_next(&h.advise(T)).earliest, Some(d(earliest)), "{last}");
        }
    }

    #[test]
    fn a_strength_session_done_today_counts_for_the_spacing() {
        // Strength on 03-27 and again today (T): the next one is not before 03-30, although the
        // volume still comes from 03-27 (today's session is judged tomorrow).
        let mut h = H::default();
        h.strength("2025-03-27 09:00", 2, 10).strength("2025-03-28 09:00", 2, 11);
        let s = strength_next(&h.advise(T)).clone();
        assert_eq!((s.last, s.earliest), (sr(2, 10), Some(d("2025-03-30"))));
        // A strength session after T does not count.
        let mut h = H::default();
        h.strength("2025-03-20 09:00", 2, 10).strength("2025-03-29 09:00", 2, 11);
        assert_eq!(strength_next(&h.advise(T)).earliest, Some(d("2025-03-28")));
    }

    #[test]
    fn points_show_and_serialise_without_needless_decimals() {
        assert_eq!(Points(300).to_string(), "3");
        assert_eq!(Points(350).to_string(), "3.5");
        assert_eq!(Points(433).to_string(), "4.33");
        assert_eq!(Points(-150).to_string(), "-1.5");
        assert_eq!(Points(-200).to_string(), "-2");
        assert_eq!(serde_json::to_value(Points(-200)).unwrap(), json!(-2));
        assert_eq!(serde_json::to_value(Points(250)).unwrap(), json!(2.5));
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
            logging_warnings(&e, at("2025-03-28 09:00"), &[]),
            ["red flag (fall, injury): pause progression and contact a clinician promptly"]
        );
        assert!(logging_warnings(&Entry::pain(3), at("2025-03-28 09:00"), &[]).is_empty());
    }

    #[test]
    fn a_walk_more_than_10_percent_longer_than_the_last_30_days_warns() {
        let earlier =
            earlier_walks(&[("2025-02-25 09:00", 60), ("2025-03-17 09:00", 20), ("2025-03-24 09:00", 30)]);
        let walk = |m| Entry { walk: Some(m), ..Entry::default() };
        let now = at("2025-03-28 09:00");
        assert!(logging_warnings(&walk(33), now, &earlier).is_empty(), "33 is exactly 10% longer");
        assert_eq!(
            logging_warnings(&walk(34), now, &earlier),
            ["this 34-minute walk is more than 10% longer than your longest bout of the last 30 days (30 min); \
              single-session jumps are what raise injury risk, so keep to this week's target of 30 minutes instead"]
        );
        // Only B = 20 (T−11): target 21–22.
        let earlier = earlier_walks(&[("2025-03-17 09:00", 20)]);
        let w = logging_warnings(&walk(40), now, &earlier);
        assert!(w[0].ends_with("target of 21–22 minutes instead"), "{w:?}");
        // The 60 of 2025-02-25 (31 days before) and a bout later than this one do not count.
        let earlier = earlier_walks(&[("2025-02-25 09:00", 60), ("2025-03-28 18:00", 60)]);
        assert!(logging_warnings(&walk(40), now, &earlier).is_empty(), "no bout to compare with");
        // A bout earlier today is compared with, and is the target when it is all there is.
        let earlier = earlier_walks(&[("2025-03-28 07:00", 10)]);
        let w = logging_warnings(&walk(12), now, &earlier);
        assert!(w[0].ends_with("target of 10 minutes instead"), "{w:?}");
    }

    fn volume_strategy() -> impl Strategy<Value = Volume> {
        prop_oneof![
            (1u16..=20, 1u16..=200).prop_map(|(sets, reps)| Volume::SetsReps { sets, reps }),
            (1u16..=600).prop_map(Volume::Minutes),
        ]
    }

    type Row = (u64, u32, u8, Volume, u16, u8);

    /// A random history: (days before T, minute of day, what, volume, walk, pain or RPE).
    fn history_strategy() -> impl Strategy<Value = Vec<Row>> {
        prop::collection::vec((0u64..30, 0u32..1440, 0u8..5, volume_strategy(), 1u16..=1440, 0u8..=10), 0..40)
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
                        rpe: None,
                        note: None,
                    }),
                    2 => Body::Entry(Entry { walk: Some(walk), ..Entry::default() }),
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
        fn a_trim_never_raises_and_progress_never_lowers_a_volume(rows in history_strategy()) {
            let a = advise(&build(&rows), d(T));
            for n in &a.next {
                match n {
                    Next::Session(s) => {
                        prop_assert!(total(s.next) >= 1);
                        prop_assert_eq!(s.next.minutes().is_some(), s.last.minutes().is_some());
                        match a.verdict {
                            Verdict::Trim => {
                                prop_assert_eq!(s.next.sets(), s.last.sets());
                                prop_assert!(s.next.reps() <= s.last.reps());
                                prop_assert!(s.next.minutes() <= s.last.minutes());
                            }
                            Verdict::Progress => {
                                prop_assert!(s.next.sets() >= s.last.sets());
                                prop_assert!(total(s.next) >= total(s.last));
                            }
                            _ => prop_assert_eq!(s.next, s.last),
                        }
                    }
                    Next::Walk(w) => {
                        prop_assert!(w.minutes >= 1 && w.minutes <= w.minutes_max);
                        match a.verdict {
                            Verdict::Trim => prop_assert!(w.minutes_max <= w.last),
                            Verdict::Progress => prop_assert!(w.minutes >= w.last),
                            _ => prop_assert_eq!((w.minutes, w.minutes_max), (w.last, w.last)),
                        }
                    }
                }
            }
        }

        #[test]
        fn any_reported_flag_of_the_last_14_days_means_see_clinician_with_volumes_held(
            rows in history_strategy(),
            ago in 0u64..14,
            minute in 0u32..1440,
            which in 0usize..11,
        ) {
            let items = build(&rows);
            let calm = advise(&items, d(T));
            let mut flagged = items.clone();
            let when = minus(d(T), ago).and_hms_opt(minute / 60, minute % 60, 0).unwrap();
            let flag = Flag::ALL[which];
            flagged.push(Item { id: 1000, at: when, body: Body::Entry(Entry { flags: [flag].into(), ..Entry::default() }) });
            let a = advise(&flagged, d(T));
            prop_assert_eq!(a.verdict, Verdict::SeeClinician);
            prop_assert_eq!(a.trim_pct, None);
            prop_assert_eq!(&a.rule, &calm.rule, "the rule still shows what it found");
            prop_assert_eq!((a.rule_verdict, a.rule_trim_pct), (calm.rule_verdict, calm.rule_trim_pct));
            prop_assert!(a.red_flags.iter().any(|f| f.kind == Alarm::Reported(flag) && f.day == Some(when.date())));
            prop_assert_eq!(a.next.len(), calm.next.len());
            for n in &a.next {
                match n {
                    Next::Session(s) => prop_assert_eq!(s.next, s.last),
                    Next::Walk(w) => prop_assert_eq!((w.minutes, w.minutes_max), (w.last, w.last)),
                }
            }
        }

        #[test]
        fn items_dated_after_t_change_nothing(rows in history_strategy(), later in history_strategy()) {
            // Pretending today is T: what was logged after T does not exist yet.
            let items = build(&rows);
            let mut all = items.clone();
            for (k, mut item) in build(&later).into_iter().enumerate() {
                item.at += chrono::Duration::days(31);
                item.id = 1000 + k as i64;
                all.push(item);
            }
            prop_assert_eq!(advise(&all, d(T)), advise(&items, d(T)));
        }

        #[test]
        fn one_volume_trimmed_or_progressed_stays_in_bounds(
            v in volume_strategy(),
            pct in prop_oneof![Just(10u8), Just(15), Just(20)],
        ) {
            let t = trim_volume(v, pct);
            prop_assert!(total(t) <= total(v) && total(t) >= 1);
            prop_assert_eq!(t.sets(), v.sets());
            let (p, _) = progress_strength(v);
            prop_assert!(total(p) >= total(v) && p.sets() >= v.sets());
        }

        #[test]
        fn scale_is_at_least_one_and_monotonic(x in 1u16..=1440, q in 50u32..=110) {
            prop_assert!(scale(x, q) >= 1);
            prop_assert!(scale(x, q) <= scale(x, q + 1));
            if q <= 100 { prop_assert!(scale(x, q) <= x); } else { prop_assert!(scale(x, q) >= x); }
        }
    }
}
