//! Synthetic demo data: a realistic home program of `days` days ending now. Pure and
//! deterministic: the same days, seed and clock give the same items.
//!
//! The story the data tells:
//! - pain drifts down from about 6 to about 2–3, a step of at most one point a day;
//! - numbness recedes from the ankles towards the toes and is checked most days;
//! - single-leg stance rises (left about 8 → 34 s, the right foot weaker, about 6 → 25 s),
//!   heel raises about 6 → 13, walking grows 5–10 % a program week up to 45 minutes;
//! - strength on 2–3 non-consecutive days a week (RPE 5–7, 2 × 8 up to 3 × 12), balance and
//!   mobility (nerve glides, RPE 2–3) most days;
//! - exactly one flare-up, at the end, so that today's advice is a trim: a strength session
//!   the day before the last morning reading, pain rising from its baseline to baseline + 4,
//!   and the next morning still baseline + 3 (§6: excess 3, trim 15 %). The "next morning" is
//!   today at 07:30 when `now` is past that, else yesterday at 07:30 (then the strength session
//!   was the day before yesterday and yesterday was a rest day). Nothing is dated after the
//!   next-morning reading, so no item lies after `now`.
//!
//! Outside the flare, a day's pain after its first activity and the next morning's first
//! reading are never more than one point above the reading before that activity, so the
//! 24-hour rule finds calm days everywhere else; no red flag is reported, and numbness never
//! shows a zone that the weeks before did not.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::domain::{Body, Entry, Kind, NewItem, Numb, Pain, Region, Session, Side, Stance, Volume, Zone};

/// The time of the morning pain reading on the day after the flare-up.
pub const MORNING: (u32, u32) = (7, 30);

/// Walking bouts stop growing here: the program's steady state.
const WALK_CAP: f64 = 45.0;

/// Strength days within a program week (offsets 0–6 from the week's first day): two or three
/// days, never consecutive, never on the last day of the week, so that weeks never put two
/// strength days back to back either.
const STRENGTH_PATTERNS: &[&[i64]] =
    &[&[0, 2, 4], &[1, 3, 5], &[0, 3], &[1, 4], &[2, 5], &[0, 2, 5], &[0, 3, 5], &[1, 3], &[1, 5], &[0, 4]];

/// Numbness, from the first phase of the program to the last: each set holds the next, so
/// numbness only ever recedes (ankles first, toes last).
fn numb_phases() -> [Numb; 6] {
    use Region::*;
    let both = |regions: &[Region]| -> Numb {
        regions
            .iter()
            .flat_map(|&region| [Zone { side: Side::Left, region }, Zone { side: Side::Right, region }])
            .collect()
    };
    let with = |mut n: Numb, side: Side, region: Region| {
        n.insert(Zone { side, region });
        n
    };
    [
        both(&[Toes, Ball, Arch, Top, Ankle]),
        both(&[Toes, Ball, Arch, Top]),
        both(&[Toes, Ball, Arch]),
        with(both(&[Toes, Ball]), Side::Left, Arch),
        with(both(&[Toes]), Side::Left, Ball),
        with(both(&[Toes]), Side::Left, Ball),
    ]
}

/// The dates of the flare-up as of `now`: the strength session's day and the day of the
/// next-morning reading (today when `now` is past 07:30, else yesterday).
pub fn flare_days(now: NaiveDateTime) -> (NaiveDate, NaiveDate) {
    let morning = NaiveTime::from_hms_opt(MORNING.0, MORNING.1, 0).unwrap_or(NaiveTime::MIN);
    let today = now.date();
    let next_morning = if now.time() >= morning { today } else { today - Duration::days(1) };
    (next_morning - Duration::days(1), next_morning)
}

fn at(date: NaiveDate, minutes: u32) -> NaiveDateTime {
    let minutes = minutes.min(23 * 60 + 59);
    date.and_time(NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or(NaiveTime::MIN))
}

fn entry(at: NaiveDateTime, e: Entry) -> NewItem {
    NewItem { at, body: Body::Entry(e) }
}

fn session(at: NaiveDateTime, kind: Kind, volume: Volume, rpe: u8, note: Option<&str>) -> NewItem {
    NewItem {
        at,
        body: Body::Session(Session { kind, volume, rpe: Some(rpe), note: note.map(str::to_string) }),
    }
}

fn stance(seconds: f64) -> Option<Stance> {
    Stance::from_tenths((seconds * 10.0).round().clamp(0.0, f64::from(Stance::MAX_TENTHS)) as u16)
}

/// The strength volume at program progress `f` (0–1): 2 × 8, 2 × 9 … 2 × 12, 3 × 8 … 3 × 12.
fn strength_volume(f: f64) -> Volume {
    let level = ((f * 10.0) as u16).min(9);
    if level < 5 {
        Volume::SetsReps { sets: 2, reps: 8 + level }
    } else {
        Volume::SetsReps { sets: 3, reps: 3 + level }
    }
}

/// The strength days, as day indexes from the first day: a pattern per program week, then
/// the flare-up's session as the last one.
fn strength_days(rng: &mut fastrand::Rng, days: i64, flare: i64) -> Vec<i64> {
    let mut out = Vec::new();
    for week in 0..(days + 6) / 7 {
        let pattern = STRENGTH_PATTERNS[rng.usize(..STRENGTH_PATTERNS.len())];
        out.extend(pattern.iter().map(|o| week * 7 + o).filter(|&d| d < days && d < flare - 1));
    }
    if flare >= 0 {
        out.push(flare);
        // At most three in the flare-up's week.
        let week = flare / 7;
        let in_week: Vec<i64> = out.iter().copied().filter(|d| d / 7 == week).collect();
        if in_week.len() > 3 {
            out.retain(|&d| d != in_week[0]);
        }
    }
    out
}

/// The walking target per program week: 10–12 minutes, then 5–10 % more each week, up to
/// [`WALK_CAP`].
fn walk_targets(rng: &mut fastrand::Rng, weeks: i64) -> Vec<u16> {
    let mut t = 10.0 + 2.0 * rng.f64();
    let mut out = Vec::new();
    for _ in 0..weeks {
        out.push(t.round() as u16);
        t = (t * (1.05 + 0.05 * rng.f64())).min(WALK_CAP);
    }
    out
}

/// A random time, in minutes after midnight, `from` … `from + 5 × steps`.
fn around(rng: &mut fastrand::Rng, from: u32, steps: u32) -> u32 {
    from + 5 * rng.u32(0..=steps)
}

/// The next day's pain: a step of at most one point, drawn towards the trend `target`.
fn pain_step(rng: &mut fastrand::Rng, p: Pain, target: f64) -> Pain {
    let r = rng.f64();
    let gap = f64::from(p) - target;
    let (down, up) = if gap > 0.7 {
        (0.5, 0.1)
    } else if gap < -0.7 {
        (0.1, 0.5)
    } else {
        (0.25, 0.25)
    };
    if r < down {
        p.saturating_sub(1)
    } else if r > 1.0 - up {
        (p + 1).min(8)
    } else {
        p
    }
}

/// Generates a program of `days` days whose last day is `now`'s date, in time order.
pub fn generate(days: u32, seed: u64, now: NaiveDateTime) -> Vec<NewItem> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let now = now.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(now);
    let days = i64::from(days.max(1));
    let first = now.date() - Duration::days(days - 1);
    let (flare_date, next_morning) = flare_days(now);
    let flare = (flare_date - first).num_days();
    let next = (next_morning - first).num_days();

    let strength = strength_days(&mut rng, days, flare);
    let walks = walk_targets(&mut rng, (days + 6) / 7);
    let phases = numb_phases();
    let span = (days - 1).max(1) as f64;

    let mut items = Vec::new();
    let mut pain: Pain = 6;
    let mut checked_yesterday = true;
    let mut none_last_check = false;
    let mut walked_this_week = false;

    for i in 0..days.min(next + 1) {
        let date = first + Duration::days(i);
        let f = i as f64 / span;
        // The morning after the flare-up is judged against the flare day's baseline.
        if i > 0 && i != next {
            pain = pain_step(&mut rng, pain, 6.0 - 3.5 * f);
        }
        if i == flare {
            // Keep room for the flare-up's peak on the 0–10 scale.
            pain = pain.min(6);
        }
        if i % 7 == 0 {
            walked_this_week = false;
        }

        // Numbness: checked most days, never two days running without a check; late in the
        // program some checks find none, but never two checks running.
        let checked = !checked_yesterday || rng.f64() < 0.85;
        checked_yesterday = checked;
        let phase = ((f * 6.0) as usize).min(5);
        let numb = checked.then(|| {
            if phase == 5 && !none_last_check && rng.f64() < 0.3 {
                none_last_check = true;
                Numb::new()
            } else {
                none_last_check = false;
                phases[phase].clone()
            }
        });

        if i == next {
            // The morning after the flare-up: still sore, a rest day.
            let morning = Entry {
                pain: Some(pain + 3),
                numb,
                note: Some("calves still sore from yesterday's strength work".into()),
                ..Entry::default()
            };
            items.push(entry(at(date, MORNING.0 * 60 + MORNING.1), morning));
            break;
        }

        let is_strength = strength.contains(&i);
        let is_flare = i == flare;
        let mobility = rng.f64() < 0.85;
        let balance = rng.f64() < 0.8;
        let walk = !is_flare && rng.f64() < 0.85;
        let has_block = is_strength || mobility || balance;
        let morning = !has_block || i == 0 || rng.f64() < 0.9;
        let paired = is_strength || !morning || rng.f64() < 0.5;

        if morning {
            let e = Entry { pain: Some(pain), numb: numb.clone(), ..Entry::default() };
            items.push(entry(at(date, around(&mut rng, 7 * 60, 12)), e));
        }

        if has_block {
            let mut t = around(&mut rng, 9 * 60 + 30, 12);
            if paired {
                let before =
                    Entry { pain: Some(pain), numb: if morning { None } else { numb }, ..Entry::default() };
                items.push(entry(at(date, t), before));
            }
            if mobility {
                let minutes = if f < 0.5 { 10 } else { 12 };
                items.push(session(
                    at(date, t),
                    Kind::Mobility,
                    Volume::Minutes(minutes),
                    2 + rng.u8(0..=1),
                    None,
                ));
                t += u32::from(minutes) + 2;
            }
            if is_strength {
                let (rpe, note) = if is_flare {
                    (7, Some("tried slower lowering on every rep"))
                } else {
                    (5 + rng.u8(0..=2), None)
                };
                items.push(session(at(date, t), Kind::Strength, strength_volume(f), rpe, note));
                t += 25;
            }
            if balance {
                let minutes = 8 + (7.0 * f).round() as u16;
                items.push(session(
                    at(date, t),
                    Kind::Balance,
                    Volume::Minutes(minutes),
                    3 + rng.u8(0..=1),
                    None,
                ));
                t += u32::from(minutes) + 1;
            }
            if balance || is_strength {
                let mut m = Entry::default();
                if balance {
                    m.stance_left = stance(8.0 + 26.0 * f + 3.0 * rng.f64() - 1.5);
                    m.stance_right = stance(6.0 + 19.0 * f + 3.0 * rng.f64() - 1.5);
                }
                if is_strength {
                    m.heel_raises = Some((6.0 + 7.0 * f + 2.0 * rng.f64() - 1.0).round().max(0.0) as u16);
                }
                items.push(entry(at(date, t), m));
                t += 1;
            }
            if paired {
                let after = if is_flare {
                    (pain + 4).min(10)
                } else if is_strength {
                    pain + u8::from(rng.f64() < 0.4)
                } else {
                    pain.saturating_sub(u8::from(rng.f64() < 0.3))
                };
                items.push(entry(at(date, t), Entry::pain(after)));
            }
        }

        if walk {
            let target = walks[(i / 7) as usize];
            let short = if walked_this_week { [0, 0, 0, 0, 0, 0, 0, 1, 2, 3][rng.usize(..10)] } else { 0 };
            walked_this_week = true;
            let e = Entry { walk: Some(target.saturating_sub(short).max(1)), ..Entry::default() };
            items.push(entry(at(date, around(&mut rng, 15 * 60, 30)), e));
        }

        if is_flare || rng.f64() < 0.35 {
            let evening =
                if is_flare { (pain + 3).min(10) } else { pain + u8::from(is_strength && rng.f64() < 0.3) };
            items.push(entry(at(date, around(&mut rng, 20 * 60, 18)), Entry::pain(evening)));
        }
    }
    items
}
