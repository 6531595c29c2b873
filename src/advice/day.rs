//! §6.1: the 24-hour rule for one activity day D, as of T (D < T).

use super::history::History;
use super::{plus, DayResult, Points, Rule};
use crate::domain::Pain;
use chrono::NaiveDate;

/// What 6.1 found for one activity day, with the words that explain it.
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    pub rule: Rule,
    pub result: DayResult,
    pub reason: String,
}

/// The trim for an excess: 10 % when 2 ≤ E < 3, 15 % when E < 4, 20 % from 4; none below 2.
pub fn trim_for(excess: Points) -> Option<u8> {
    match excess.hundredths() {
        e if e >= 400 => Some(20),
        e if e >= 300 => Some(15),
        e if e >= 200 => Some(10),
        _ => None,
    }
}

/// 6.1 step 5 from the baseline R, the next-day reading N, the peak K, the peak's reference
/// Q and the usual pain U(D), the first rule that applies:
/// E = N − R ≥ 2 → trim (10/15/20); K ≥ 8 above Q → trim 10; N ≥ 6 above U(D) (or no U) →
/// hold; K − Q ≥ 3, or K ≥ 6 above Q → hold; else progress.
pub fn day_result(r: Points, n: Pain, k: Pain, q: Points, u: Option<Points>) -> DayResult {
    let (n, k) = (Points::from_pain(n).hundredths(), Points::from_pain(k).hundredths());
    let (r, q) = (r.hundredths(), q.hundredths());
    if let Some(pct) = trim_for(Points::from_hundredths(n - r)) {
        return DayResult::Trim(pct);
    }
    if k >= 800 && k > q {
        return DayResult::Trim(10);
    }
    if n >= 600 && u.is_none_or(|u| n > u.hundredths()) {
        return DayResult::Hold;
    }
    if k - q >= 300 || (k >= 600 && k > q) {
        return DayResult::Hold;
    }
    DayResult::Progress
}

/// The 24-hour rule for activity day `d` as of T.
pub fn judge(h: &History, d: NaiveDate) -> Judgement {
    judging(h, d, true)
}

/// [`judge`] without the reason's words (an empty `reason`): the days of T−49 … T−1 are all
/// judged, and only the one the verdict rests on is put in words.
pub fn judge_quietly(h: &History, d: NaiveDate) -> Judgement {
    judging(h, d, false)
}

fn judging(h: &History, d: NaiveDate, words: bool) -> Judgement {
    // The reason's words, made only when they are wanted.
    let say = |make: &dyn Fn() -> String| if words { make() } else { String::new() };
    let t = h.t;
    let on_d = h.on(d);
    let first = on_d.iter().position(|i| i.is_activity()).unwrap_or(0);
    let several = on_d[first + 1..].iter().any(|i| i.is_activity());
    let activity = match (several, on_d.get(first).is_some_and(|i| i.session().is_some())) {
        (true, _) => "activities",
        (false, true) => "session",
        (false, false) => "walk",
    };
    // 1. Pain before; 2. the baseline.
    let before = h.before_activity(d);
    let usual = h.usual(d);
    let baseline = match (before.map(Points::from_pain), usual) {
        (Some(p), Some(u)) => Some(p.min(u)),
        (p, u) => p.or(u),
    };
    // 3. The next-day reading.
    let (d1, d2) = (plus(d, 1), plus(d, 2));
    let next = h.first_reading(d1).map(|n| (n, d1)).or_else(|| {
        if d2 <= t {
            h.first_reading(d2).map(|n| (n, d2))
        } else {
            None
        }
    });
    // 4. The peak: after the first activity, up to and including N (without N, through D).
    let mut peak: Option<Pain> = None;
    let mut after = on_d[first..].iter().chain(next.iter().flat_map(|&(_, nd)| {
        let from = plus(d, 1);
        h.between(from, nd).iter()
    }));
    let mut reached_n = next.is_none();
    for i in after.by_ref() {
        if let Some(p) = i.pain() {
            peak = Some(peak.map_or(p, |k| k.max(p)));
            if let Some((_, nd)) = next {
                if i.date() == nd {
                    reached_n = true;
                    break;
                }
            }
        }
    }
    debug_assert!(reached_n || next.is_none());
    let next_day = next.map(|(p, _)| p);
    let excess = baseline
        .zip(next_day)
        .map(|(b, n)| Points::from_hundredths(Points::from_pain(n).hundredths() - b.hundredths()));
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
    let on = say(&|| format!("the {activity} on {d}"));
    let Some(r) = baseline else {
        return Judgement {
            rule,
            result: DayResult::Pending,
            reason: say(&|| {
                format!(
                "there is no pain reading before {on} and fewer than 3 days of morning pain in the four weeks before it, so log pain before a session"
            )
            }),
        };
    };
    let (Some(n), Some(e)) = (next_day, excess) else {
        let (result, reason) = if t <= d2 {
            (
                DayResult::Pending,
                say(&|| {
                    format!(
                        "{on} {} judged by the next morning's pain, so log this morning's pain",
                        if several { "are" } else { "is" }
                    )
                }),
            )
        } else {
            (
                DayResult::Hold,
                say(&|| format!("no next-day pain was logged after {on}, so it cannot be judged")),
            )
        };
        return Judgement { rule, result, reason };
    };
    let k = peak.unwrap_or(n);
    let uw = h.usual_worst(d);
    let q = match uw {
        Some(uw) if uw > r => uw,
        _ => r,
    };
    let result = day_result(r, n, k, q, usual);
    if !words {
        return Judgement { rule, result, reason: String::new() };
    }
    let morning = if rule.next_day_date == Some(d1) { "the next morning" } else { "two days later" };
    let from = before.map_or_else(|| r.to_string(), |p| p.to_string());
    let against =
        if rule.baseline_is_usual() { format!("your usual {r}") } else { format!("the {r} before it") };
    let reason = match result {
        DayResult::Trim(_) if e.hundredths() >= 200 => {
            format!("pain went from {from} to {k} after {on} and was {n} {morning}, {e} above {against}")
        }
        DayResult::Trim(_) => format!(
            "pain reached {k} after {on}, above your usual worst of {q}; even though it was {n} {morning}, pain that high during or after activity is more than the program accepts"
        ),
        DayResult::Hold if Points::from_pain(n).hundredths() >= 600 && usual.is_none_or(|u| Points::from_pain(n) > u) => {
            format!("pain was {n} {morning} after {on}, above {against}: 6 or more is too high to progress")
        }
        DayResult::Hold => format!(
            "pain went from {from} to {k} after {on} and settled to {n} {morning}: a flare of 3 or more points, or to 6 or more, is not calm enough to progress"
        ),
        DayResult::Progress | DayResult::Pending => {
            format!("pain stayed calm after {on}: at most {k}, and {n} {morning}, against {against}")
        }
    };
    Judgement { rule, result, reason }
}
