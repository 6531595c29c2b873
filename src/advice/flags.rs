//! §6.3: red flags, reported and detected; the reviews that answer them; the pauses; the
//! intake notes; the warnings `log` gives.
//!
//! Adding a detected flag is one function (`fn(&History, T) -> Vec<RedFlag>`) and one line
//! of [`DETECTORS`]; making it pause weight-bearing work is one line of [`PAUSING`].

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::history::History;
use super::{median, minus, Alarm, Due, Points, RedFlag, WalkNext};
use crate::daily::Day;
use crate::domain::{Detected, Entry, Flag, Item, Region, Reviewed, Side, Zone};

/// Reported flags that pause weight-bearing work until a clinician clears the foot.
const PAUSING_REPORTED: [Flag; 5] =
    [Flag::OpenSore, Flag::Infection, Flag::SkinChange, Flag::Deformity, Flag::HotFoot];
/// Detected flags that pause weight-bearing work until cleared.
pub const PAUSING: [Detected; 1] = [Detected::FootHeat];
/// A possible Charcot foot: only the drills that keep the midfoot still continue.
const CHARCOT: [Alarm; 3] =
    [Alarm::Reported(Flag::HotFoot), Alarm::Reported(Flag::Deformity), Alarm::Detected(Detected::FootHeat)];
/// The exercises that continue under a possible Charcot foot.
pub const CHARCOT_DRILLS: [&str; 3] = ["ankle-pumps", "toe-fans", "tibial-glide"];
/// Flags that pause single-leg stance until reviewed.
const STANCE_FLAGS: [Flag; 2] = [Flag::Fall, Flag::BalanceLoss];

/// The detectors of §6.3, in the order their flags are listed.
pub const DETECTORS: [fn(&History, NaiveDate) -> Vec<RedFlag>; 6] =
    [new_numbness, balance_drop, strength_drop, pain_rising, severe_pain, foot_heat];

/// What to do about a red flag that pauses weight-bearing work.
pub const SEE_BEFORE_WEIGHT_BEARING: &str = "see a clinician before weight-bearing exercise";
/// What to do about any other red flag.
pub const PAUSE_AND_CONTACT: &str = "pause progression and contact a clinician promptly";
/// What to do about a hot or infected foot.
pub const URGENT: &str = "contact your clinician today and keep weight off the foot; with fever or spreading redness, seek emergency care";
/// What to do under a fall or a loss of balance.
pub const HOLD_COUNTER: &str = "hold the counter with both hands";

impl RedFlag {
    pub fn new(kind: Alarm) -> RedFlag {
        RedFlag {
            kind,
            zone: None,
            foot: None,
            site: None,
            day: None,
            value: None,
            reference: None,
            change: None,
            difference: None,
            by_median: false,
        }
    }

    pub fn is_reported(&self) -> bool {
        matches!(self.kind, Alarm::Reported(_))
    }

    /// True for the flags that pause weight-bearing work (§6.3).
    pub fn pauses_weight_bearing(&self) -> bool {
        match self.kind {
            Alarm::Reported(f) => PAUSING_REPORTED.contains(&f) || f == Flag::Injury,
            Alarm::Detected(d) => PAUSING.contains(&d),
        }
    }

    /// What to do about it: the one home of this text.
    pub fn action(&self) -> &'static str {
        match self.kind {
            Alarm::Reported(Flag::HotFoot | Flag::Infection) => URGENT,
            Alarm::Detected(Detected::FootHeat) => "rest your feet and contact your foot clinician today",
            _ if self.pauses_weight_bearing() => SEE_BEFORE_WEIGHT_BEARING,
            _ => PAUSE_AND_CONTACT,
        }
    }

    /// The identity a review matches: the kind and its zone, foot or site.
    fn same_as(&self, other: &RedFlag) -> bool {
        self.kind == other.kind
            && self.zone == other.zone
            && self.foot == other.foot
            && self.site == other.site
    }

    /// True when this flag is no worse than `then` (the flag as a review saw it).
    fn no_worse_than(&self, then: &RedFlag) -> bool {
        let h = |p: Option<Points>| p.map_or(0, Points::hundredths);
        match self.kind {
            Alarm::Detected(Detected::BalanceDrop | Detected::StrengthDrop) => h(self.value) >= h(then.value),
            Alarm::Detected(Detected::PainRising) => h(self.change) <= h(then.change),
            Alarm::Detected(Detected::SeverePain) => h(self.value) <= h(then.value),
            Alarm::Detected(Detected::FootHeat) => h(self.difference) <= h(then.difference) + 50,
            _ => true,
        }
    }
}

/// The pause of weight-bearing work in force (§6.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pause {
    pub alarm: Alarm,
    pub day: NaiveDate,
    /// Every pausing flag has been reviewed (not cleared): the verdict is `hold`.
    pub reviewed: bool,
    /// Only the Charcot drills continue.
    pub charcot: bool,
}

/// Everything §6.3 says as of T.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    /// `red_flags`: what makes the verdict `see-clinician`.
    pub red: Vec<RedFlag>,
    pub pause: Option<Pause>,
    /// Active reported flags dated before T−13: `reviews_due` and the `flag-review` limit.
    pub due: Vec<Due>,
    /// A `fall` or `balance-loss` still active: single-leg stance paused, other balance
    /// exercises one step below their dose before that day.
    pub stance_pause: Option<(Flag, NaiveDate)>,
    /// The latest day a weight-bearing pause ended (cleared).
    pub pause_ended: Option<NaiveDate>,
    /// The latest day a possible Charcot foot's pause ended (cleared): the seated drills
    /// other than [`CHARCOT_DRILLS`] were paused too, and restart with the rest.
    pub charcot_ended: Option<NaiveDate>,
    /// The latest day a `fall`/`balance-loss` was reviewed (single-leg stance resumes).
    pub stance_ended: Option<NaiveDate>,
    /// Lines for `notes`, in order (the reviewed pause first).
    pub notes: Vec<String>,
}

impl Flags {
    pub fn alarm(&self) -> bool {
        !self.red.is_empty()
    }
}

/// Where an item stands in the order of §2 (date, time, order of logging).
type Place = (NaiveDateTime, i64);

/// The reviews up to T: (date, place, what, cleared), in order.
fn reviews(h: &History) -> Vec<(NaiveDate, Place, Reviewed, bool)> {
    h.items.iter().filter_map(|i| i.review().map(|r| (i.date(), (i.at, i.id), r.flag, r.cleared))).collect()
}

/// §6.3 as of T.
pub fn flags(h: &History) -> Flags {
    let t = h.t;
    let reviews = reviews(h);
    // A review covers a report placed before it: one at 09:00 does not cover a report at
    // 20:00 the same day (a weakness first noticed after the visit was not seen).
    let reviewed = |name: Reviewed, since: Place, cleared_only: bool| {
        reviews
            .iter()
            .filter(|&&(_, at, n, c)| n == name && at > since && (c || !cleared_only))
            .map(|&(d, _, _, _)| d)
            .next()
    };
    let mut out = Flags::default();
    // Reported flags: each name's latest report.
    let mut latest: BTreeMap<Flag, (NaiveDate, Place)> = BTreeMap::new();
    for i in &h.items {
        if let Some(e) = i.entry() {
            for &f in &e.flags {
                latest.insert(f, (i.date(), (i.at, i.id)));
            }
        }
    }
    let numb_soles = h.numb_soles();
    let mut by_day: Vec<(NaiveDate, Place, Flag)> =
        latest.into_iter().map(|(f, (d, at))| (d, at, f)).collect();
    by_day.sort();
    let mut pauses: Vec<Pause> = Vec::new();
    for (day, at, f) in by_day {
        let name = Reviewed::Reported(f);
        let active = reviewed(name, at, false).is_none();
        let pausing =
            PAUSING_REPORTED.contains(&f) || (f == Flag::Injury && (day >= minus(t, 13) || numb_soles));
        let mut alarm = active && day >= minus(t, 13);
        if pausing {
            match reviewed(name, at, true) {
                Some(c) => {
                    out.pause_ended = out.pause_ended.max(Some(c));
                    if CHARCOT.contains(&Alarm::Reported(f)) {
                        out.charcot_ended = out.charcot_ended.max(Some(c));
                    }
                }
                None => {
                    alarm |= active;
                    pauses.push(Pause {
                        alarm: Alarm::Reported(f),
                        day,
                        reviewed: !active,
                        charcot: CHARCOT.contains(&Alarm::Reported(f)),
                    });
                }
            }
        }
        if STANCE_FLAGS.contains(&f) {
            match reviewed(name, at, false) {
                Some(v) => out.stance_ended = out.stance_ended.max(Some(v)),
                None => out.stance_pause = Some((f, day)),
            }
        }
        if alarm {
            out.red.push(RedFlag { day: Some(day), ..RedFlag::new(Alarm::Reported(f)) });
        }
        // `reviews_due`: every active reported flag dated before T−13, a pausing one too.
        if active && day < minus(t, 13) {
            out.due.push(Due { flag: f, day });
        }
    }
    // Detected flags, less those a review silences.
    for detect in DETECTORS {
        for flag in detect(h, t) {
            let Alarm::Detected(kind) = flag.kind else { continue };
            // A review dated before the flag's day covers nothing (a new severe reading
            // after it is raised at once). The drops and foot-heat are exempt: their day is
            // their latest measurement and moves with each one, so the literal rule would
            // make their review useless; for them the value test alone decides (as before).
            let moving_day =
                matches!(kind, Detected::BalanceDrop | Detected::StrengthDrop | Detected::FootHeat);
            let silenced = reviews.iter().any(|&(v, _, n, _)| {
                n == Reviewed::Detected(kind)
                    && v <= t
                    && (moving_day || flag.day.is_none_or(|d| d <= v))
                    && t <= super::plus(v, 13)
                    && detect(h, v).iter().any(|then| then.same_as(&flag) && flag.no_worse_than(then))
            });
            let day = flag.day.unwrap_or(t);
            let since = (day.and_hms_opt(0, 0, 0).expect("midnight"), 0);
            if PAUSING.contains(&kind) && reviewed(Reviewed::Detected(kind), since, true).is_none() {
                pauses.push(Pause {
                    alarm: flag.kind,
                    day: flag.day.unwrap_or(t),
                    reviewed: silenced,
                    charcot: CHARCOT.contains(&flag.kind),
                });
            }
            if !silenced {
                out.red.push(flag);
            }
        }
    }
    // A cleared foot-heat ends its pause: the detector no longer raises it, so the end is
    // found from the review — a flag raised the day before it was cleared.
    for &(c, _, n, cleared) in &reviews {
        if cleared && n == Reviewed::Detected(Detected::FootHeat) && !foot_heat(h, minus(c, 1)).is_empty() {
            out.pause_ended = out.pause_ended.max(Some(c));
            out.charcot_ended = out.charcot_ended.max(Some(c));
        }
    }
    if !pauses.is_empty() {
        let charcot = pauses.iter().any(|p| p.charcot);
        let reviewed = pauses.iter().all(|p| p.reviewed);
        let latest = *pauses.iter().max_by_key(|p| p.day).expect("not empty");
        out.pause = Some(Pause { charcot, reviewed, ..latest });
        if reviewed {
            for p in &pauses {
                out.notes.push(format!(
                    "weight-bearing work stays paused until your clinician clears the foot: `footing reviewed {} --cleared`",
                    p.alarm.as_str()
                ));
            }
        }
    }
    if let Some((f, day)) = out.stance_pause {
        out.notes.push(format!(
            "single-leg stance is paused since the {f} of {day}, and the other balance drills stay a step easier: {HOLD_COUNTER}; `footing reviewed {f}` once a clinician has seen it"
        ));
    }
    for d in &out.due {
        out.notes.push(format!(
            "the {} of {} waits for a clinician's review: record it with `footing reviewed {}` once they have seen it",
            d.flag, d.day, d.flag
        ));
    }
    out
}

/// `new-numbness`: a zone of T−13 … T not reported in T−41 … T−14, when that span has a
/// checked day; one flag per zone with its first report in T−13 … T.
pub fn new_numbness(h: &History, t: NaiveDate) -> Vec<RedFlag> {
    let earlier: Vec<&Day> = h.days_between(minus(t, 41), minus(t, 14)).collect();
    if !earlier.iter().any(|d| d.numb.is_some()) {
        return Vec::new();
    }
    let known: Vec<Zone> = earlier.iter().filter_map(|d| d.numb.as_ref()).flatten().copied().collect();
    let mut first: BTreeMap<Zone, NaiveDate> = BTreeMap::new();
    for d in h.days_between(minus(t, 13), t) {
        for &z in d.numb.iter().flatten() {
            if !known.contains(&z) {
                first.entry(z).or_insert(d.date);
            }
        }
    }
    first
        .into_iter()
        .map(|(z, day)| RedFlag {
            zone: Some(z),
            day: Some(day),
            ..RedFlag::new(Alarm::Detected(Detected::NewNumbness))
        })
        .collect()
}

/// The drop rule for one measure (values in hundredths): the reference is the highest
/// weekly median of the seven weeks T−55 … T−49, …, T−13 … T−7 (at least 2 daily values in
/// them); a flag when the latest value of T−6 … T is under 50 % of it, or the median of
/// T−6 … T under 60 %. Returns (latest day, value, reference, by median).
pub fn drop_of(
    h: &History,
    t: NaiveDate,
    daily: &dyn Fn(&Day) -> Option<i64>,
) -> Option<(NaiveDate, Points, Points, bool)> {
    let mut best: Option<Points> = None;
    let mut count = 0;
    for week in 0..7u64 {
        let from = minus(t, 55 - 7 * week);
        let values: Vec<i64> = h.days_between(from, super::plus(from, 6)).filter_map(daily).collect();
        count += values.len();
        best = best.max(median(values));
    }
    let reference = best.filter(|_| count >= 2)?;
    let recent: Vec<(NaiveDate, i64)> =
        h.days_between(minus(t, 6), t).filter_map(|d| daily(d).map(|v| (d.date, v))).collect();
    let &(day, latest) = recent.last()?;
    let mid = median(recent.iter().map(|&(_, v)| v).collect())?;
    let r = i64::from(reference.hundredths());
    if 2 * latest < r {
        Some((day, Points::from_hundredths(latest as i32), reference, false))
    } else if 10 * i64::from(mid.hundredths()) < 6 * r {
        Some((day, mid, reference, true))
    } else {
        None
    }
}

/// `balance-drop`, per foot (single-leg stance, in hundredths of a second).
pub fn balance_drop(h: &History, t: NaiveDate) -> Vec<RedFlag> {
    type Measure = fn(&Day) -> Option<i64>;
    let feet: [(Side, Measure); 2] = [
        (Side::Left, |d| d.stance_left.map(|s| i64::from(s.tenths()) * 10)),
        (Side::Right, |d| d.stance_right.map(|s| i64::from(s.tenths()) * 10)),
    ];
    feet.into_iter()
        .filter_map(|(foot, f)| {
            drop_of(h, t, &f).map(|(day, value, reference, by_median)| RedFlag {
                foot: Some(foot),
                day: Some(day),
                value: Some(value),
                reference: Some(reference),
                by_median,
                ..RedFlag::new(Alarm::Detected(Detected::BalanceDrop))
            })
        })
        .collect()
}

/// `strength-drop` (heel raises).
pub fn strength_drop(h: &History, t: NaiveDate) -> Vec<RedFlag> {
    drop_of(h, t, &|d| d.heel_raises.map(|n| i64::from(n) * 100))
        .map(|(day, value, reference, by_median)| RedFlag {
            day: Some(day),
            value: Some(value),
            reference: Some(reference),
            by_median,
            ..RedFlag::new(Alarm::Detected(Detected::StrengthDrop))
        })
        .into_iter()
        .collect()
}

/// §5's rules on the morning series as of T: (change, worse and meaningful, at least 4 first
/// readings in each window).
pub struct MorningTrend {
    pub change: Option<Points>,
    pub worse_and_meaningful: bool,
    pub enough: bool,
}

pub fn morning_trend(h: &History, t: NaiveDate) -> MorningTrend {
    let firsts = |from: NaiveDate, to: NaiveDate| -> Vec<i64> {
        h.days_between(from, to).filter_map(|d| h.first_reading(d.date)).map(i64::from).collect()
    };
    let (cur, prev) = (firsts(minus(t, 13), t), firsts(minus(t, 27), minus(t, 14)));
    let mean = |v: &[i64]| -> Option<i64> {
        (!v.is_empty()).then(|| (v.iter().sum::<i64>() as f64 * 100.0 / v.len() as f64).round() as i64)
    };
    let (Some(c), Some(p)) = (mean(&cur), mean(&prev)) else {
        return MorningTrend { change: None, worse_and_meaningful: false, enough: false };
    };
    let change = c - p;
    let pct = if p == 0 { None } else { Some(((change as f64) * 100.0 / p as f64 * 100.0).round() as i64) };
    let worse = change >= 100;
    let meaningful = worse && (change >= 200 || pct.is_none_or(|x| x.abs() >= 3000));
    MorningTrend {
        change: Some(Points::from_hundredths(change as i32)),
        worse_and_meaningful: meaningful,
        enough: cur.len() >= 4 && prev.len() >= 4,
    }
}

/// `pain-rising`: the morning series' change of 2 or more, 4 first readings in each window.
pub fn pain_rising(h: &History, t: NaiveDate) -> Vec<RedFlag> {
    let m = morning_trend(h, t);
    match m.change {
        Some(c) if m.enough && c.hundredths() >= 200 => {
            vec![RedFlag { change: Some(c), ..RedFlag::new(Alarm::Detected(Detected::PainRising)) }]
        }
        _ => Vec::new(),
    }
}

/// `severe-pain`: a reading of 8 or more dated T−13 … T with no later reading (up to T) at
/// or below min(U(T) + 1, 7), or 5 without U(T).
pub fn severe_pain(h: &History, t: NaiveDate) -> Vec<RedFlag> {
    let window = h.between(minus(t, 13), t);
    let Some(k) = window.iter().rposition(|i| i.pain().is_some_and(|p| p >= 8)) else { return Vec::new() };
    let settled = h.usual(t).map_or(500, |u| (u.hundredths() + 100).min(700));
    let calm = window[k + 1..].iter().filter_map(Item::pain).any(|p| i32::from(p) * 100 <= settled);
    if calm {
        return Vec::new();
    }
    let i = &window[k];
    vec![RedFlag {
        day: Some(i.date()),
        value: i.pain().map(Points::from_pain),
        ..RedFlag::new(Alarm::Detected(Detected::SeverePain))
    }]
}

/// `foot-heat` (§6.3, §11.3): the home tests' rule over the temperature items, lifted by
/// `reviewed foot-heat --cleared`. Carries `site`, `day` and `difference` (°C).
pub fn foot_heat(h: &History, t: NaiveDate) -> Vec<RedFlag> {
    let cleared: Vec<NaiveDate> = h
        .items
        .iter()
        .filter(|i| i.date() <= t)
        .filter_map(|i| {
            i.review()
                .filter(|r| r.cleared && r.flag == Reviewed::Detected(Detected::FootHeat))
                .map(|_| i.date())
        })
        .collect();
    // The items are in date order: those up to T are a prefix, borrowed rather than copied.
    let upto = &h.items[..h.items.partition_point(|i| i.date() <= t)];
    crate::heat::foot_heat_in(upto, &cleared, t)
        .map(|f| RedFlag {
            site: Some(f.site.as_str()),
            day: Some(f.day),
            difference: Some(Points::from_hundredths(f.difference.abs() * 10)),
            ..RedFlag::new(Alarm::Detected(Detected::FootHeat))
        })
        .into_iter()
        .collect()
}

/// The intake note (§6.3): while T is in the program's first 14 days, a zone above the ankle,
/// a single-leg stance under 5 s or a pain reading of 8 or more since the program start.
pub fn intake(h: &History) -> bool {
    let t = h.t;
    let Some(start) = h.program_start.filter(|_| h.in_first_days(t, 14)) else { return false };
    h.days_between(start, t).any(|d| {
        d.numb.iter().flatten().any(|z| matches!(z.region, Region::Shin | Region::Calf))
            || [d.stance_left, d.stance_right].iter().flatten().any(|s| s.tenths() < 50)
            || d.pain_worst.is_some_and(|p| p >= 8)
    })
}

/// Warnings for an entry about to be logged at `at`, given the items of the 30 days before
/// (`earlier`): a red flag; a walking bout more than 10 % longer than the longest of those
/// days (with the walk's target for the day, `today`); a stance or heel-raise value above
/// twice the best of those days.
pub fn logging_warnings(
    entry: &Entry,
    at: NaiveDateTime,
    earlier: &[Item],
    today: Option<&WalkNext>,
) -> Vec<String> {
    let mut out = Vec::new();
    if !entry.flags.is_empty() {
        let flags: Vec<&str> = entry.flags.iter().map(|f| f.as_str()).collect();
        let first = flags[0];
        // A hot or infected foot gets the urgent message of §6.3 (its one home: `action`).
        let urgent = entry.flags.iter().any(|&f| RedFlag::new(Alarm::Reported(f)).action() == URGENT);
        let what =
            if urgent { format!("{URGENT}; pause progression") } else { PAUSE_AND_CONTACT.to_string() };
        out.push(format!(
            "red flag ({}): {what}; once a clinician has seen it, record that with `footing reviewed {first}`",
            flags.join(", ")
        ));
    }
    let day = at.date();
    let before: Vec<&Entry> =
        earlier.iter().filter(|i| i.at <= at && i.date() >= minus(day, 30)).filter_map(Item::entry).collect();
    let typo = |what: &str, value: Option<u32>, best: Option<u32>, shown: String| {
        match (value, best) {
        (Some(v), Some(b)) if b > 0 && v > 2 * b => Some(format!(
            "{what} {shown} is more than twice your best of the last 30 days; if this was a typo, `footing undo` removes it"
        )),
        _ => None,
    }
    };
    let best_of = |f: &dyn Fn(&Entry) -> Option<u32>| before.iter().filter_map(|e| f(e)).max();
    out.extend(typo(
        "a single-leg stance of",
        entry.stance_left.map(|s| u32::from(s.tenths())),
        best_of(&|e| e.stance_left.map(|s| u32::from(s.tenths()))),
        entry.stance_left.map(|s| format!("{s} s")).unwrap_or_default(),
    ));
    out.extend(typo(
        "a single-leg stance of",
        entry.stance_right.map(|s| u32::from(s.tenths())),
        best_of(&|e| e.stance_right.map(|s| u32::from(s.tenths()))),
        entry.stance_right.map(|s| format!("{s} s")).unwrap_or_default(),
    ));
    out.extend(typo(
        "heel raises of",
        entry.heel_raises.map(u32::from),
        best_of(&|e| e.heel_raises.map(u32::from)),
        entry.heel_raises.map(|n| n.to_string()).unwrap_or_default(),
    ));
    let Some(walk) = entry.walk else { return out };
    let Some(longest) = before.iter().filter_map(|e| e.walk).max() else { return out };
    if u32::from(walk) * 10 <= u32::from(longest) * 11 {
        return out;
    }
    let jump = format!(
        "this {walk}-minute walk is more than 10% longer than your longest bout of the last 30 days ({longest} min); single-session jumps are what raise injury risk"
    );
    match today.map(|w| w.next) {
        Some(Some(p)) if p.minutes == p.minutes_max => {
            out.push(format!("{jump}, so keep to this week's target of {} minutes instead", p.minutes))
        }
        Some(Some(p)) => out.push(format!(
            "{jump}, so keep to this week's target of {}–{} minutes instead",
            p.minutes, p.minutes_max
        )),
        Some(None) => out.push(format!("{jump}, and walking is paused for now: {SEE_BEFORE_WEIGHT_BEARING}")),
        None => out.push(format!("{jump}; grow a walk by 5–10% a week instead")),
    }
    out
}
