//! §6.2: each kind's result, today's pain, and the verdict for T.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::day::{judge, judge_quietly, trim_for, Judgement};
use super::flags::Flags;
use super::history::History;
use super::limits;
use super::{minus, DayResult, Limit, Points, Rule, Today, Verdict};
use crate::domain::{Kind, Pain};

/// What a result and a volume are for: a kind of session, or the walk. The order is the
/// order of `next`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Track {
    Session(Kind),
    Walk,
}

pub const TRACKS: [Track; 4] = [
    Track::Session(Kind::Strength),
    Track::Session(Kind::Balance),
    Track::Session(Kind::Mobility),
    Track::Walk,
];

impl Track {
    /// Strength, balance and walking put weight on the sole.
    pub fn weight_bearing(self) -> bool {
        self != Track::Session(Kind::Mobility)
    }
}

/// The 6.1 judgements of the activity days T−49 … T−1 (the look-back of the ceiling, the
/// floor and W), and the trimmed days.
pub struct Judged {
    pub days: BTreeMap<NaiveDate, Judgement>,
    /// Days D' of T−35 … T trimmed by 6.1 or by their first reading 3 above U(D'), with the
    /// larger trim_pct.
    pub trimmed: BTreeMap<NaiveDate, u8>,
    /// The days of `trimmed` trimmed by their morning pain only: their ceiling starts from
    /// the volumes before D' (A4).
    pub by_morning: Vec<NaiveDate>,
}

impl Judged {
    pub fn new(h: &History) -> Judged {
        let t = h.t;
        let days: BTreeMap<NaiveDate, Judgement> = h
            .activity_days(minus(t, 49), minus(t, 1))
            .into_iter()
            .map(|d| (d, judge_quietly(h, d)))
            .collect();
        let mut trimmed = BTreeMap::new();
        let mut by_morning_only = Vec::new();
        let mut day = minus(t, 35);
        while day <= t {
            let by_rule = days.get(&day).and_then(|j| j.result.trim_pct());
            // A first reading that is the next-day reading of a trimmed day is that day's
            // flare, already answered: it is not counted twice.
            let answered = days.values().any(|j| {
                j.result.trim_pct().is_some()
                    && j.rule.next_day_date == Some(day)
                    && h.first_reading(day).is_some()
            });
            // Only 3 or more above the usual trims (step 3); a morning 2 above is a hold
            // that day and leaves no trimmed day behind.
            let by_morning = morning_excess(h, day)
                .filter(|(_, _, e)| e.hundredths() >= 300)
                .and_then(|(_, _, e)| trim_for(e))
                .filter(|_| !answered);
            if let Some(p) = by_rule.max(by_morning) {
                trimmed.insert(day, p);
                if by_rule.is_none() {
                    by_morning_only.push(day);
                }
            }
            day = super::plus(day, 1);
        }
        Judged { days, trimmed, by_morning: by_morning_only }
    }

    /// A day's own 6.1 result as of T (`None` when it had no activity).
    pub fn result(&self, d: NaiveDate) -> Option<DayResult> {
        self.days.get(&d).map(|j| j.result)
    }

    pub fn is_trim(&self, d: NaiveDate) -> bool {
        matches!(self.result(d), Some(DayResult::Trim(_)))
    }
}

/// A day's first reading before its first activity X, its usual pain U and X − U.
pub fn morning_excess(h: &History, d: NaiveDate) -> Option<(Pain, Points, Points)> {
    let x = h.before_activity(d)?;
    let u = h.usual(d)?;
    Some((x, u, Points::from_hundredths(Points::from_pain(x).hundredths() - u.hundredths())))
}

/// One kind's result (§6.2 steps 2–4).
#[derive(Clone, Debug)]
pub struct KindResult {
    pub track: Track,
    /// L(k): the kind's latest session (walk: bout) before T.
    pub latest: Option<NaiveDate>,
    /// The days judged for it.
    pub judged: Vec<NaiveDate>,
    /// After steps 3 and 4.
    pub result: DayResult,
    /// Step 2's result alone.
    pub judged_result: Option<DayResult>,
    /// Step 3 changed it.
    pub by_today: bool,
    /// Step 4 (and step 3's `pain-today`) turned its `progress` into `hold`.
    pub limits: Vec<Limit>,
}

/// §6.2 for T: every kind's result, the verdict, `rule`, `today`, `limits`.
pub struct Outcome {
    pub kinds: Vec<KindResult>,
    pub verdict: Verdict,
    pub trim_pct: Option<u8>,
    pub rule: Option<Judgement>,
    pub today: Option<Today>,
    pub limits: Vec<Limit>,
    /// No activity at all in T−7 … T−1.
    pub idle_week: bool,
}

impl Outcome {
    pub fn of(&self, track: Track) -> &KindResult {
        self.kinds.iter().find(|k| k.track == track).expect("every track has a result")
    }
}

/// L(k): the kind's latest session (walk: bout) before T.
pub fn latest(h: &History, track: Track) -> Option<NaiveDate> {
    match track {
        Track::Session(k) => h.sessions_before(k, h.t).next().map(|(i, _)| i.date()),
        Track::Walk => h.latest_walk_day(h.t),
    }
}

pub fn outcome(h: &History, judged: &Judged, flags: &Flags) -> Outcome {
    let t = h.t;
    let week = minus(t, 7);
    let today_pain = morning_excess(h, t);
    // A later reading on T (after its first activity) 3 or more above U(T).
    let later_high = h.usual(t).and_then(|u| {
        let on_t = h.on(t);
        let first = on_t.iter().position(|i| i.is_activity())?;
        on_t[first..]
            .iter()
            .filter_map(|i| i.pain())
            .filter(|&p| Points::from_pain(p).hundredths() - u.hundredths() >= 300)
            .max()
            .map(|p| (p, u))
    });
    let mut kinds = Vec::new();
    for track in TRACKS {
        let l = latest(h, track);
        let from = l.unwrap_or(week).max(week);
        let days: Vec<NaiveDate> = judged.days.range(from..t).map(|(&d, _)| d).collect();
        let judged_result = days.iter().map(|d| judged.days[d].result).reduce(DayResult::worst);
        let mut result = judged_result.unwrap_or(DayResult::Hold);
        let mut by_today = false;
        let mut lims = Vec::new();
        // Step 3: today's pain.
        if let Some((x, u, e)) = today_pain {
            if let Some(p) = trim_for(e).filter(|_| e.hundredths() >= 300) {
                let r = result.worst(DayResult::Trim(p));
                by_today |= r != result;
                result = r;
            } else if e.hundredths() >= 200 && result == DayResult::Progress {
                result = DayResult::Hold;
                by_today = true;
                lims.push(Limit::PainToday { pain: x, usual: u });
            }
        }
        // At least `hold`: a `pending` too (hold > pending in step 2's order); the limit is
        // listed only where it turned a `progress` into the hold (step 4's `limits`).
        if let Some((p, u)) = later_high {
            if matches!(result, DayResult::Progress | DayResult::Pending) {
                if result == DayResult::Progress {
                    lims.push(Limit::PainToday { pain: p, usual: u });
                }
                result = DayResult::Hold;
                by_today = true;
            }
        }
        // Step 4: limits on progress.
        if result == DayResult::Progress {
            let found = limits::limits(h, judged, flags, track);
            if !found.is_empty() {
                result = DayResult::Hold;
                lims.extend(found);
            }
        }
        kinds.push(KindResult {
            track,
            latest: l,
            judged: days,
            result,
            judged_result,
            by_today,
            limits: lims,
        });
    }
    // Step 5: the verdict, over the kinds with history.
    let with_history: Vec<&KindResult> = kinds.iter().filter(|k| k.latest.is_some()).collect();
    let any_activity = !with_history.is_empty();
    let worst = with_history.iter().map(|k| k.result).reduce(DayResult::worst);
    let restart = any_activity && with_history.iter().all(|k| k.latest.is_some_and(|l| l < minus(t, 14)));
    let mut verdict = match worst {
        None => Verdict::NoData,
        Some(DayResult::Progress) => Verdict::Progress,
        Some(DayResult::Pending) => Verdict::Pending,
        Some(DayResult::Hold) => Verdict::Hold,
        Some(DayResult::Trim(_)) => Verdict::Trim,
    };
    // §6.3: a pause reviewed but not cleared gives the verdict `hold`, whatever the kinds'
    // results (a trim included: every weight-bearing kind is paused, the seated drills keep
    // their volume under a trim, so "trim the next session" would contradict the table).
    if flags.pause.is_some_and(|p| p.reviewed) && verdict != Verdict::NoData {
        verdict = Verdict::Hold;
    }
    if restart {
        verdict = Verdict::Restart;
    }
    if flags.alarm() {
        verdict = Verdict::SeeClinician;
    }
    let trim_pct = if verdict == Verdict::Trim { worst.and_then(DayResult::trim_pct) } else { None };
    // `rule`: the latest judged day with the most severe 6.1 result.
    let judged_days: Vec<NaiveDate> = {
        let mut v: Vec<NaiveDate> = with_history.iter().flat_map(|k| k.judged.iter().copied()).collect();
        v.sort();
        v.dedup();
        v
    };
    let most_severe = judged_days.iter().map(|d| judged.days[d].result).reduce(DayResult::worst);
    let by_today = with_history.iter().any(|k| k.by_today);
    let today_more_severe =
        by_today && worst.zip(most_severe).is_some_and(|(w, m)| w.severity() > m.severity());
    let rule = match (verdict, most_severe) {
        (Verdict::Restart | Verdict::NoData, _) | (_, None) => None,
        _ if today_more_severe => None,
        (_, Some(m)) => {
            // The day the verdict rests on, judged again with its reason in words.
            judged_days.iter().rev().find(|d| judged.days[d].result == m).map(|&d| judge(h, d))
        }
    };
    let today = by_today.then(|| {
        let (x, u) = today_pain.map(|(x, u, _)| (x, u)).or(later_high).expect("today changed a result");
        Today { pain: x, usual: u }
    });
    let mut all_limits: Vec<Limit> = kinds.iter().flat_map(|k| k.limits.iter().copied()).collect();
    limits::order(&mut all_limits);
    Outcome {
        kinds,
        verdict,
        trim_pct,
        rule,
        today,
        limits: all_limits,
        idle_week: h.activity_days(week, minus(t, 1)).is_empty(),
    }
}

/// The rule's fields, or none.
pub fn rule_of(o: &Outcome) -> Option<Rule> {
    o.rule.as_ref().map(|j| j.rule.clone())
}
