//! The rules of SPEC v3 §6 pinned on both sides of each threshold, each with its hand
//! computation. Histories are built item by item; `advise_items` takes the starter program
//! and finds the program start from the items (§5).

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Value};

use super::*;
use crate::domain::{parse_dose, parse_numb, parse_stance, Body, Done, Entry, Review, Session, Work};
use crate::program::catalogue;
use crate::status::Status;

/// A history under construction: items get ids in the order they are added.
#[derive(Default)]
struct H {
    items: Vec<Item>,
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

impl H {
    fn add(&mut self, when: &str, body: Body) -> &mut H {
        let id = self.items.len() as i64 + 1;
        self.items.push(Item { id, at: at(when), body });
        self
    }

    fn entry(&mut self, when: &str, e: Entry) -> &mut H {
        self.add(when, Body::Entry(e))
    }

    fn pain(&mut self, when: &str, p: u8) -> &mut H {
        self.entry(when, Entry::pain(p))
    }

    fn walk(&mut self, when: &str, minutes: u16) -> &mut H {
        self.entry(when, Entry { walk: Some(minutes), ..Entry::default() })
    }

    fn flag(&mut self, when: &str, f: Flag) -> &mut H {
        self.entry(when, Entry { flags: [f].into_iter().collect(), ..Entry::default() })
    }

    fn strength(&mut self, when: &str, sets: u16, reps: u16, rpe: Option<u8>) -> &mut H {
        let work = Work::Volume(Volume::SetsReps { sets, reps });
        self.add(when, Body::Session(Session { kind: Kind::Strength, work, rpe, note: None }))
    }

    fn named(&mut self, when: &str, kind: Kind, done: &[(&str, &str)]) -> &mut H {
        let done = done
            .iter()
            .map(|(id, dose)| Done { exercise: catalogue::get(id).unwrap(), dose: parse_dose(dose).unwrap() })
            .collect();
        self.add(when, Body::Session(Session { kind, work: Work::Exercises(done), rpe: None, note: None }))
    }

    fn review(&mut self, when: &str, flag: crate::domain::Reviewed, cleared: bool) -> &mut H {
        self.add(when, Body::Review(Review { flag, cleared, note: None }))
    }

    /// Pain `p` at 07:00 on each day `from` … `to`, and a `walk`-minute walk at 10:00.
    fn days(&mut self, from: &str, to: &str, p: u8, walk: Option<u16>) -> &mut H {
        let mut day = d(from);
        while day <= d(to) {
            self.pain(&format!("{day} 07:00"), p);
            if let Some(w) = walk {
                self.walk(&format!("{day} 10:00"), w);
            }
            day = day.succ_opt().unwrap();
        }
        self
    }

    fn advise(&self, t: &str) -> Advice {
        advise_items(&self.items, d(t))
    }

    fn json(&self, t: &str) -> Value {
        serde_json::to_value(self.advise(t)).unwrap()
    }
}

fn p(h: i32) -> Points {
    Points::from_hundredths(h)
}

// ---- 6.1 ----

#[test]
fn the_excess_trims_from_2_and_by_10_15_20() {
    // R = 2, K = N: E = N − 2.
    let r = |n: u8| day_result(p(200), n, n, p(200), Some(p(200)));
    assert_eq!(r(3), DayResult::Progress, "E = 1");
    assert_eq!(r(4), DayResult::Trim(10), "E = 2");
    assert_eq!(r(5), DayResult::Trim(15), "E = 3");
    assert_eq!(r(6), DayResult::Trim(20), "E = 4");
    // E = 1.99 (R = 2.01): no trim; E = 2.00: trim.
    assert_eq!(day_result(p(201), 4, 4, p(201), None), DayResult::Progress);
    assert_eq!(trim_for(p(199)), None);
    assert_eq!(trim_for(p(200)), Some(10));
    assert_eq!(trim_for(p(299)), Some(10));
    assert_eq!(trim_for(p(300)), Some(15));
    assert_eq!(trim_for(p(399)), Some(15));
    assert_eq!(trim_for(p(400)), Some(20));
}

#[test]
fn a_peak_of_8_above_the_reference_trims_and_7_holds() {
    // R = Q = 2, N = 2 (settled): K = 7 → K ≥ 6 above Q: hold; K = 8 → trim 10.
    assert_eq!(day_result(p(200), 2, 7, p(200), Some(p(200))), DayResult::Hold);
    assert_eq!(day_result(p(200), 2, 8, p(200), Some(p(200))), DayResult::Trim(10));
    // Q = the usual worst 8: a peak of 8 is not above it, and 8 − 8 < 3: progress.
    assert_eq!(day_result(p(200), 2, 8, p(800), Some(p(200))), DayResult::Progress);
    // K − Q = 2 (5 against 3): calm; 3 (6 against 3): hold.
    assert_eq!(day_result(p(300), 3, 5, p(300), Some(p(300))), DayResult::Progress);
    assert_eq!(day_result(p(300), 3, 6, p(300), Some(p(300))), DayResult::Hold);
}

#[test]
fn next_morning_6_holds_only_above_the_usual_pain() {
    // N = 6 at U = 6 (R = 6, E = 0, K = Q = 6): progress; U = 5.5, R = 5.5 (E = 0.5): hold.
    assert_eq!(day_result(p(600), 6, 6, p(600), Some(p(600))), DayResult::Progress);
    assert_eq!(day_result(p(550), 6, 6, p(600), Some(p(550))), DayResult::Hold);
    // No usual pain: 6 holds.
    assert_eq!(day_result(p(600), 6, 6, p(600), None), DayResult::Hold);
    // N = 5 under the usual 6: K = 5, nothing applies.
    assert_eq!(day_result(p(500), 5, 5, p(600), Some(p(600))), DayResult::Progress);
}

#[test]
fn a_reading_before_0400_is_the_evening_before() {
    // Usual 2 (03-01 … 03-09), a session on 03-10 at 18:00 with pain 2 before it.
    let mut h = H::default();
    h.days("2031-03-01", "2031-03-09", 2, None);
    h.pain("2031-03-10 17:55", 2).strength("2031-03-10 18:00", 2, 10, None);
    // 03:59 on 03-11 belongs to the evening of 03-10: it is part of K, not N.
    let mut a = H { items: h.items.clone() };
    a.pain("2031-03-11 03:59", 6).pain("2031-03-11 07:00", 2);
    let rule = a.advise("2031-03-12").rule.unwrap();
    // N = 2 (07:00), K = 6 > Q = 2: hold.
    assert_eq!((rule.next_day, rule.peak), (Some(2), Some(6)));
    assert_eq!(a.advise("2031-03-12").next[0].status(), Status::Same);
    // 04:00 is the morning: N = 6, E = 6 − 2 = 4 → trim 20.
    let mut b = H { items: h.items.clone() };
    b.pain("2031-03-11 04:00", 6).pain("2031-03-11 07:00", 2);
    let adv = b.advise("2031-03-12");
    assert_eq!(adv.rule.as_ref().unwrap().next_day, Some(6));
    assert_eq!((adv.verdict, adv.trim_pct), (Verdict::Trim, Some(20)));
}

// ---- 6.2 ----

/// Usual 2 from 03-01 with a daily 20-minute walk to 03-18, and a rest day on 03-19 whose
/// morning reading (2) is the walk's next-day reading: as of 03-20 the walk is judged calm.
fn calm_walker() -> H {
    let mut h = H::default();
    h.days("2031-03-01", "2031-03-18", 2, Some(20)).pain("2031-03-19 07:00", 2);
    h
}

#[test]
fn todays_pain_1_2_and_3_above_usual() {
    // U(T) = 2. X − U = 1: nothing; 2: the walk's progress becomes hold (pain-today);
    // 3: every kind at least trim 15 (E = 3). When step 3 changed a result, `today` = {X, U}
    // and, as it made the verdict more severe than the judged day's, rule is null.
    for (x, verdict, limits, today) in [
        (3, "progress", json!([]), Value::Null),
        (4, "hold", json!([{"kind": "pain-today", "pain": 4, "usual": 2}]), json!({"pain": 4, "usual": 2})),
        (5, "trim", json!([]), json!({"pain": 5, "usual": 2})),
    ] {
        let mut h = calm_walker();
        h.pain("2031-03-20 07:00", x);
        let v = h.json("2031-03-20");
        assert_eq!(v["verdict"], verdict, "X = {x}: {v}");
        assert_eq!(v["limits"], limits, "X = {x}");
        assert_eq!(v["today"], today, "X = {x}");
        if x == 5 {
            assert_eq!(v["trim_pct"], 15);
            assert_eq!(v["rule"], Value::Null);
            // W = 20, trimmed by 15: scale(20, 85) = (1700 + 50) / 100 = 17.
            assert_eq!(v["next"][0]["next"], json!({"minutes": 17, "minutes_max": 17}));
        }
    }
}

#[test]
fn a_reading_3_above_usual_after_todays_first_activity_makes_pending_hold() {
    // Pain on 03-16 and 03-18 only: U(03-19) has 2 days → none; the 03-19 walk's reading is
    // in its entry (after it) → no P, no R → the walk is pending. T = 03-20 starts with a
    // walk (no X); U(T) = median(2, 2, 2) = 2; the 12:00 reading 6 ≥ 2 + 3 → at least hold.
    let mut h = H::default();
    h.entry("2031-03-01 08:00", Entry::default());
    h.pain("2031-03-16 08:00", 2).pain("2031-03-18 08:00", 2);
    h.entry("2031-03-19 10:00", Entry { walk: Some(20), ..Entry::pain(2) });
    h.walk("2031-03-20 10:00", 20);
    let v = h.json("2031-03-20");
    assert_eq!((v["verdict"].clone(), v["next"][0]["result"].clone()), (json!("pending"), json!("pending")));
    h.pain("2031-03-20 12:00", 6);
    let v = h.json("2031-03-20");
    assert_eq!(v["verdict"], "hold", "{v}");
    assert_eq!(v["next"][0]["result"], "hold", "{v}");
    // pain-today is listed only where it turned a progress into hold.
    assert_eq!(v["limits"], json!([]), "{v}");
    assert_eq!(v["today"], json!({"pain": 6, "usual": 2}), "{v}");
    // 5 = U + 3 − 0: 5 − 2 = 3 ≥ 3 as well; 4 − 2 = 2 is not.
    let mut h2 = H { items: h.items[..h.items.len() - 1].to_vec() };
    h2.pain("2031-03-20 12:00", 4);
    assert_eq!(h2.json("2031-03-20")["verdict"], "pending");
}

#[test]
fn a_morning_2_above_usual_is_no_trimmed_day_and_3_above_is() {
    // Pain 2 and a 20-min walk daily to 03-17, 03-18 pain 2 and no walk (so 03-19's reading
    // is no day's next-day flare). On 03-19 the first reading X is 4 (2 above U = 2): that
    // day holds, but it is no trimmed day D' for T = 03-21; X = 5 (3 above) is one, 15 %.
    for (x, trimmed) in [(4, None), (5, Some(15))] {
        let mut h = H::default();
        h.days("2031-03-01", "2031-03-17", 2, Some(20)).pain("2031-03-18 07:00", 2);
        h.pain("2031-03-19 07:00", x).walk("2031-03-19 10:00", 20).pain("2031-03-20 07:00", 2);
        h.walk("2031-03-20 10:00", 20).pain("2031-03-21 07:00", 2);
        let t = d("2031-03-21");
        let hist = history::History::new(&h.items, t, history::program_start(&h.items, t));
        let j = result::Judged::new(&hist);
        assert_eq!(j.trimmed.get(&d("2031-03-19")).copied(), trimmed, "X = {x}");
    }
}

#[test]
fn a_kind_answers_for_every_flare_since_its_own_last_session() {
    // Strength on 03-17 flared (2 → 5 the next morning, E = 3: trim 15); calm walks after.
    let mut h = calm_walker();
    h.strength("2031-03-17 17:00", 2, 12, None).pain("2031-03-18 06:00", 5);
    let a = h.advise("2031-03-20");
    // Strength's days judged: 03-17 … 03-19 → trim 15; the walk's (L = 03-19): 03-19 → calm,
    // held by recent-trim (03-17).
    assert_eq!(a.kind(Kind::Strength).unwrap().result, DayResult::Trim(15));
    assert_eq!(a.walk().unwrap().result, DayResult::Hold);
    assert_eq!(a.limits, [Limit::RecentTrim { day: d("2031-03-17") }]);
    // 2 × scale(12, 85) = 2 × 10.
    assert_eq!(a.kind(Kind::Strength).unwrap().next, Some(Volume::SetsReps { sets: 2, reps: 10 }));
}

#[test]
fn no_activity_in_the_last_week_holds_and_14_days_off_is_not_yet_restart() {
    // Last activity 03-18; as of 03-27 (T−9) every kind holds and restarts at 90 %;
    // as of 04-01 (T−14): still hold; 04-02 (T−15): verdict restart.
    let h = calm_walker();
    let a = h.advise("2031-03-27");
    assert_eq!((a.verdict, a.rule.is_none()), (Verdict::Hold, true));
    // W = the latest bout before T−7 = 20; 90 %: 18.
    assert_eq!(a.walk().unwrap().next.unwrap().minutes, 18);
    assert_eq!(a.walk().unwrap().status, Status::Restart);
    assert_eq!(h.advise("2031-04-01").verdict, Verdict::Hold);
    assert_eq!(h.advise("2031-04-02").verdict, Verdict::Restart);
}

#[test]
fn restarts_at_90_70_50_after_7_8_14_15_42_43_days() {
    // One strength session at 2 × 10 on 03-01 (its first: not a restart dose).
    let mut h = H::default();
    h.pain("2031-03-01 07:00", 2).strength("2031-03-01 17:00", 2, 10, None).pain("2031-03-02 07:00", 2);
    let reps = |t: &str| {
        let a = h.advise(t);
        let s = a.kind(Kind::Strength).unwrap().clone();
        (s.status, s.next.and_then(Volume::reps))
    };
    // T−7 = 03-01 on 03-08: no restart; T−8 on 03-09: 90 % → scale(10, 90) = 9.
    assert_ne!(reps("2031-03-08").0, Status::Restart);
    assert_eq!(reps("2031-03-09"), (Status::Restart, Some(9)));
    assert_eq!(reps("2031-03-15"), (Status::Restart, Some(9)), "14 days");
    assert_eq!(reps("2031-03-16"), (Status::Restart, Some(7)), "15 days: 70 %");
    assert_eq!(reps("2031-04-12"), (Status::Restart, Some(7)), "42 days");
    assert_eq!(reps("2031-04-13"), (Status::Restart, Some(5)), "43 days: 50 %");
}

#[test]
fn a_restart_dose_is_not_scaled_again() {
    // 2 × 10 on 03-01, back on 03-20 at 2 × 7 (a 19-day gap: a restart dose), then away 8 days.
    let mut h = H::default();
    h.days("2031-03-01", "2031-03-03", 2, None);
    h.strength("2031-03-01 17:00", 2, 10, None);
    h.pain("2031-03-20 07:00", 2).strength("2031-03-20 17:00", 2, 7, None).pain("2031-03-21 07:00", 2);
    // As of 03-29 (T−9): L < T−7, but the base followed a gap of more than 7 days in the last
    // 42: the same 2 × 7, status same.
    let a = h.advise("2031-03-29");
    let s = a.kind(Kind::Strength).unwrap();
    assert_eq!((s.status, s.next), (Status::Same, Some(Volume::SetsReps { sets: 2, reps: 7 })));
}

// ---- limits ----

/// Numb soles, walking daily 03-01 … 03-18, pain on 03-19, `--feet-ok` on the given days.
fn numb_walker(ok_days: &[u32]) -> H {
    let mut h = H::default();
    h.entry("2031-03-01 06:00", Entry { numb: Some(parse_numb("both-toes").unwrap()), ..Entry::default() });
    h.days("2031-03-01", "2031-03-18", 2, Some(20)).pain("2031-03-19 07:00", 2);
    for day in ok_days {
        h.entry(&format!("2031-03-{day:02} 21:00"), Entry { feet_ok: true, ..Entry::default() });
    }
    h
}

#[test]
fn numb_soles_progress_with_5_foot_checks_of_7_and_one_on_t_minus_1_or_t() {
    // T = 03-20: T−7 … T−1 = 03-13 … 03-19.
    let limit = |days: &[u32]| numb_walker(days).json("2031-03-20")["limits"].clone();
    // 4 days checked: foot-check.
    assert_eq!(limit(&[13, 15, 17, 19]), json!([{"kind": "foot-check", "days_checked": 4}]));
    // 5 days, the last on T−1: none.
    assert_eq!(limit(&[13, 15, 16, 17, 19]), json!([]));
    // 5 days, none on T−1 or T: foot-check.
    assert_eq!(limit(&[13, 14, 15, 16, 17]), json!([{"kind": "foot-check", "days_checked": 5}]));
    // The sole note stays while the soles are numb.
    let notes = numb_walker(&[13, 15, 16, 17, 19]).advise("2031-03-20").notes;
    assert_eq!(notes, [NOTE_SOLE]);
}

#[test]
fn the_first_week_holds_and_the_eighth_day_progresses() {
    // Program start 03-01; T = 03-07 is day 7, 03-08 day 8.
    let mut h = H::default();
    h.days("2031-03-01", "2031-03-07", 2, Some(20));
    assert_eq!(h.json("2031-03-07")["limits"], json!([{"kind": "first-week"}]));
    assert_eq!(h.json("2031-03-08")["limits"], json!([]));
}

// ---- 6.3 ----

#[test]
fn a_reported_flag_waits_for_its_review_and_a_pause_for_cleared() {
    let mut h = calm_walker();
    h.flag("2031-03-10 20:00", Flag::OpenSore);
    // T−13 … T: red flag, walking paused.
    let a = h.advise("2031-03-20");
    assert_eq!(a.verdict, Verdict::SeeClinician);
    assert_eq!(a.walk().unwrap().status, Status::Paused);
    // 60 days on, not reviewed: still a red flag, still paused.
    let a = h.advise("2031-05-09");
    assert_eq!(a.verdict, Verdict::SeeClinician);
    assert_eq!(a.red_flags.len(), 1);
    // Reviewed: the alarm ends, the pause goes on (hold, its line first in the notes).
    h.review("2031-03-21 11:00", crate::domain::Reviewed::Reported(Flag::OpenSore), false);
    let a = h.advise("2031-03-22");
    assert_eq!((a.verdict, a.red_flags.len()), (Verdict::Hold, 0));
    assert_eq!(a.walk().unwrap().status, Status::Paused);
    assert!(a.notes[0].starts_with("weight-bearing work stays paused"), "{:?}", a.notes);
    // Cleared on 03-25: the walk restarts at 70 % of W = 20 (the pause ended after L = 03-18).
    h.review("2031-03-25 11:00", crate::domain::Reviewed::Reported(Flag::OpenSore), true);
    let a = h.advise("2031-03-26");
    assert_eq!(a.verdict, Verdict::Hold, "no activity in the last week");
    assert_eq!((a.walk().unwrap().status, a.walk().unwrap().next.unwrap().minutes), (Status::Restart, 14));
}

#[test]
fn an_unreviewed_flag_older_than_13_days_limits_progress_and_is_due() {
    let mut h = calm_walker();
    h.flag("2031-03-05 20:00", Flag::NightPain);
    // T = 03-20: 03-05 is T−15: reviews_due, flag-review; no red flag.
    let v = h.json("2031-03-20");
    assert_eq!(v["red_flags"], json!([]));
    assert_eq!(v["reviews_due"], json!([{"flag": "night-pain", "day": "2031-03-05"}]));
    assert_eq!(v["limits"], json!([{"kind": "flag-review", "flag": "night-pain", "day": "2031-03-05"}]));
    // T = 03-18: T−13 = 03-05: still a red flag.
    assert_eq!(h.json("2031-03-18")["verdict"], "see-clinician");
    h.review("2031-03-19 09:00", crate::domain::Reviewed::Reported(Flag::NightPain), false);
    assert_eq!(h.json("2031-03-20")["reviews_due"], json!([]));
}

#[test]
fn severe_pain_lasts_until_a_reading_shows_it_settled() {
    // Usual 2; a reading of 8 on 03-20. min(U + 1, 7) = 3.
    let mut h = calm_walker();
    h.pain("2031-03-20 12:00", 8).pain("2031-03-21 07:00", 4);
    let flags = |h: &H| h.json("2031-03-21")["red_flags"].clone();
    assert_eq!(
        flags(&h),
        json!([{"kind": "severe-pain", "day": "2031-03-20", "value": 8, "source": "detected"}])
    );
    h.pain("2031-03-21 09:00", 3);
    assert_eq!(flags(&h), json!([]));
}

#[test]
fn a_review_silences_new_numbness_of_the_zone_it_saw_for_14_days() {
    let mut h = calm_walker();
    h.entry("2031-02-10 06:00", Entry { numb: Some(parse_numb("left-toes").unwrap()), ..Entry::default() });
    h.entry(
        "2031-03-15 06:00",
        Entry { numb: Some(parse_numb("left-toes,left-ankle").unwrap()), ..Entry::default() },
    );
    let kinds =
        |h: &H, t: &str| -> Vec<String> { h.advise(t).red_flags.iter().map(|f| f.describe()).collect() };
    assert_eq!(kinds(&h, "2031-03-16"), ["new numbness at left-ankle since 2031-03-15"]);
    // Reviewed on 03-16: silenced 03-16 … 03-29 while the same zone.
    h.review("2031-03-16 10:00", crate::domain::Reviewed::Detected(Detected::NewNumbness), false);
    assert!(kinds(&h, "2031-03-17").is_empty());
    // A new zone raises it again at once.
    h.entry("2031-03-17 06:00", Entry { numb: Some(parse_numb("right-heel").unwrap()), ..Entry::default() });
    assert_eq!(kinds(&h, "2031-03-17"), ["new numbness at right-heel since 2031-03-17"]);
}

#[test]
fn a_possible_charcot_foot_keeps_only_three_drills_and_a_sore_the_seated_ones() {
    let mut h = calm_walker();
    h.named("2031-03-18 18:00", Kind::Mobility, &[("ankle-pumps", "2x60s"), ("calf-stretch", "2x20s")]);
    let status =
        |h: &H, id: &str| h.advise("2031-03-20").doses.iter().find(|d| d.exercise.id == id).unwrap().status;
    let mut sore = H { items: h.items.clone() };
    sore.flag("2031-03-19 20:00", Flag::OpenSore);
    assert_eq!(status(&sore, "ankle-circles"), Status::Same, "seated");
    assert_eq!(status(&sore, "calf-stretch"), Status::Paused);
    let mut hot = H { items: h.items.clone() };
    hot.flag("2031-03-19 20:00", Flag::HotFoot);
    assert_eq!(status(&hot, "ankle-pumps"), Status::Same);
    assert_eq!(status(&hot, "tibial-glide"), Status::Same);
    assert_eq!(status(&hot, "ankle-circles"), Status::Paused, "seated, but moves the midfoot");
    let red = &hot.advise("2031-03-20").red_flags[0];
    assert!(red.action().starts_with("contact your clinician today and keep weight off the foot"));
}

#[test]
fn a_fall_pauses_single_leg_stance_and_steps_other_balance_drills_down_once() {
    let mut h = calm_walker();
    h.entry(
        "2031-03-12 08:00",
        Entry {
            stance_left: Some(parse_stance("20").unwrap()),
            stance_right: Some(parse_stance("20").unwrap()),
            ..Entry::default()
        },
    );
    h.named("2031-03-15 18:00", Kind::Balance, &[("tandem-stance", "3x25s"), ("single-leg-stance", "3x15s")]);
    h.flag("2031-03-16 09:00", Flag::Fall);
    h.named("2031-03-17 18:00", Kind::Balance, &[("tandem-stance", "3x20s")]);
    let a = h.advise("2031-03-19");
    let dose = |id: &str| a.doses.iter().find(|d| d.exercise.id == id).unwrap().clone();
    assert_eq!(dose("single-leg-stance").status, Status::Paused);
    // One step below 3 × 25 s (its dose before the fall): 3 × 20 s, not again below 20.
    assert_eq!(dose("tandem-stance").next, Some(Dose::Seconds { sets: 3, seconds: 20 }));
}

#[test]
fn foot_heat_starts_above_2_2_degrees_on_two_dates_and_pauses_walking() {
    use crate::domain::home::{parse_temps, TempItem, TempUnit};
    let temp = |h: &mut H, when: &str, site: &str| {
        let temps = parse_temps([site], TempUnit::Celsius).unwrap();
        h.add(when, Body::Temp(TempItem { temps, note: None }));
    };
    // 32.4 − 30.2 = 2.2 °C on 03-16 and 03-18 (2 days apart): not above 2.2, no flag.
    let mut at_edge = calm_walker();
    temp(&mut at_edge, "2031-03-16 07:00", "met1:32.4:30.2");
    temp(&mut at_edge, "2031-03-18 07:00", "met1:32.4:30.2");
    assert!(at_edge.advise("2031-03-20").red_flags.is_empty());
    // 2.3 °C on both: foot-heat, walking paused, the Charcot drills only.
    let mut above = calm_walker();
    temp(&mut above, "2031-03-16 07:00", "met1:32.5:30.2");
    temp(&mut above, "2031-03-18 07:00", "met1:32.5:30.2");
    let a = above.advise("2031-03-20");
    assert_eq!(
        serde_json::to_value(&a.red_flags).unwrap(),
        json!([{"kind": "foot-heat", "site": "met1",
        "day": "2031-03-18", "difference": 2.3, "source": "detected"}])
    );
    assert_eq!(a.walk().unwrap().status, Status::Paused);
    let status = |id: &str| a.doses.iter().find(|d| d.exercise.id == id).unwrap().status;
    assert_eq!((status("ankle-pumps"), status("ankle-circles")), (Status::Same, Status::Paused));
}

#[test]
fn a_cleared_foot_heat_restarts_walking_and_the_paused_seated_drills_at_70() {
    use crate::domain::home::{parse_temps, TempItem, TempUnit};
    let mut h = calm_walker();
    h.named("2031-03-15 18:00", Kind::Mobility, &[("ankle-pumps", "2x60s"), ("ankle-circles", "2x10")]);
    for day in ["2031-03-16 07:00", "2031-03-18 07:00"] {
        let temps = parse_temps(["met1:32.5:30.2"], TempUnit::Celsius).unwrap();
        h.add(day, Body::Temp(TempItem { temps, note: None }));
    }
    h.named("2031-03-19 18:00", Kind::Mobility, &[("ankle-pumps", "2x60s")]);
    h.review("2031-03-20 10:00", crate::domain::Reviewed::Detected(Detected::FootHeat), true);
    h.pain("2031-03-21 07:00", 2);
    // T = 03-21: cleared 03-20 after L(walk) = 03-18: W = 20 → scale(20, 70) = 14, restart.
    let a = h.advise("2031-03-21");
    assert!(a.red_flags.is_empty());
    let w = a.walk().unwrap();
    assert_eq!((w.status, w.next.unwrap().minutes), (Status::Restart, 14));
    // ankle-circles is seated but a Charcot pause stopped it (L 03-15 < 03-20): 2 × scale(10,
    // 70) = 2 × 7; ankle-pumps went on (L 03-19): no restart.
    let dose = |id: &str| a.doses.iter().find(|d| d.exercise.id == id).unwrap().clone();
    assert_eq!(
        (dose("ankle-circles").status, dose("ankle-circles").next),
        (Status::Restart, Some(Dose::Reps { sets: 2, reps: 7 }))
    );
    assert_ne!(dose("ankle-pumps").status, Status::Restart);
    // After an open sore (not a Charcot pause) ankle-circles went on: no restart.
    let mut sore = calm_walker();
    sore.named("2031-03-15 18:00", Kind::Mobility, &[("ankle-circles", "2x10")]);
    sore.flag("2031-03-16 09:00", Flag::OpenSore);
    sore.review("2031-03-20 10:00", crate::domain::Reviewed::Reported(Flag::OpenSore), true);
    let a = sore.advise("2031-03-21");
    let c = a.doses.iter().find(|d| d.exercise.id == "ankle-circles").unwrap();
    assert_eq!(c.status, Status::Same);
}

#[test]
fn a_review_covers_only_what_came_before_it() {
    use crate::domain::Reviewed as R;
    // Reported: a review at 09:00 does not cover a report at 20:00 the same day.
    let mut h = calm_walker();
    h.review("2031-03-19 09:00", R::Reported(Flag::Weakness), false);
    h.flag("2031-03-19 20:00", Flag::Weakness);
    assert_eq!(h.advise("2031-03-20").verdict, Verdict::SeeClinician);
    h.review("2031-03-19 21:00", R::Reported(Flag::Weakness), false);
    assert!(h.advise("2031-03-20").red_flags.is_empty());
    // Detected: a review of severe-pain on 03-17 silences the 9 of 03-16, not a new 8 on
    // 03-19 (U = 2: settled at ≤ 3; only 6 after it).
    let mut h = calm_walker();
    h.pain("2031-03-16 20:00", 9).pain("2031-03-17 08:00", 7);
    h.review("2031-03-17 10:00", R::Detected(Detected::SeverePain), false);
    assert!(h.advise("2031-03-18").red_flags.is_empty());
    h.pain("2031-03-19 20:00", 8).pain("2031-03-20 08:00", 6);
    let v = h.json("2031-03-20");
    assert_eq!(
        v["red_flags"],
        json!([{"kind": "severe-pain", "day": "2031-03-19", "value": 8, "source": "detected"}])
    );
}

#[test]
fn reviews_due_lists_a_pausing_flag_older_than_13_days() {
    // An open sore of 03-05, never reviewed: at T = 03-20 (T−13 = 03-07) it is still a red
    // flag (the pause) and it waits for a review.
    let mut h = calm_walker();
    h.flag("2031-03-05 20:00", Flag::OpenSore);
    let v = h.json("2031-03-20");
    assert_eq!(v["verdict"], "see-clinician");
    assert_eq!(v["reviews_due"], json!([{"flag": "open-sore", "day": "2031-03-05"}]));
    // Reviewed (not cleared): the pause goes on, nothing is due.
    h.review("2031-03-19 09:00", crate::domain::Reviewed::Reported(Flag::OpenSore), false);
    assert_eq!(h.json("2031-03-20")["reviews_due"], json!([]));
}

#[test]
fn the_both_hands_cue_follows_the_weaker_foots_best_in_t_minus_13_to_t() {
    let stance = |h: &mut H, when: &str, l: &str, r: Option<&str>| {
        h.entry(
            when,
            Entry {
                stance_left: Some(parse_stance(l).unwrap()),
                stance_right: r.map(|r| parse_stance(r).unwrap()),
                ..Entry::default()
            },
        );
    };
    let cue = |h: &H| {
        let a = h.advise("2031-03-20");
        a.doses.iter().find(|d| d.exercise.id == "single-leg-stance").unwrap().cue
    };
    let mut base = calm_walker();
    base.named("2031-03-18 18:00", Kind::Balance, &[("single-leg-stance", "3x10s")]);
    // Left 3 s then 20 s, right 25 s: the weaker foot's best is min(20, 25) = 20 ≥ 5: no cue.
    let mut h = H { items: base.items.clone() };
    stance(&mut h, "2031-03-17 08:00", "3", Some("25"));
    stance(&mut h, "2031-03-19 08:00", "20", None);
    assert_eq!(cue(&h), None);
    // Left 3 s then 4.9 s: best 4.9 < 5 → both hands.
    let mut h = H { items: base.items.clone() };
    stance(&mut h, "2031-03-17 08:00", "3", Some("25"));
    stance(&mut h, "2031-03-19 08:00", "4.9", None);
    assert_eq!(cue(&h), Some("both hands on the counter"));
    // A 3 s on 03-06 (T−14) is outside the window: no cue.
    let mut h = H { items: base.items.clone() };
    stance(&mut h, "2031-03-06 08:00", "3", Some("3"));
    stance(&mut h, "2031-03-19 08:00", "20", Some("20"));
    assert_eq!(cue(&h), None);
}

#[test]
fn logging_a_hot_or_infected_foot_warns_with_the_urgent_message() {
    let at = at("2031-03-20 08:00");
    let warn = |f: Flag| {
        let e = Entry { flags: [f].into_iter().collect(), ..Entry::default() };
        logging_warnings(&e, at, &[], None)[0].clone()
    };
    for f in [Flag::HotFoot, Flag::Infection] {
        assert!(warn(f).contains(flags::URGENT), "{f}: {}", warn(f));
    }
    let w = warn(Flag::Fall);
    assert!(!w.contains(flags::URGENT) && w.contains(flags::PAUSE_AND_CONTACT), "{w}");
}

// ---- 6.4 ----

#[test]
fn strength_rises_only_after_two_calm_sessions_at_a_dose() {
    let mut h = calm_walker();
    h.strength("2031-03-14 17:00", 2, 9, None).strength("2031-03-17 17:00", 2, 10, None);
    // 2 × 9 then 2 × 10: the session before had fewer reps: the same.
    let s = h.advise("2031-03-20").kind(Kind::Strength).unwrap().clone();
    assert_eq!((s.status, s.next), (Status::Same, Some(Volume::SetsReps { sets: 2, reps: 10 })));
    // Again at 2 × 10, calm the next morning: + 1 rep.
    h.strength("2031-03-19 17:00", 2, 10, None).pain("2031-03-20 07:00", 2);
    let s = h.advise("2031-03-21").kind(Kind::Strength).unwrap().clone();
    assert_eq!((s.status, s.next), (Status::Progress, Some(Volume::SetsReps { sets: 2, reps: 11 })));
}

#[test]
fn plain_strength_below_8_reps_rises_a_rep_after_two_calm_sessions() {
    // §6.4 step 3: "reps + 1 per set up to 12", no lower bound: 2 × 6 twice, calm → 2 × 7.
    let mut h = calm_walker();
    h.strength("2031-03-17 17:00", 2, 6, None).strength("2031-03-19 17:00", 2, 6, None);
    h.pain("2031-03-20 07:00", 2);
    let s = h.advise("2031-03-21").kind(Kind::Strength).unwrap().clone();
    assert_eq!((s.status, s.next), (Status::Progress, Some(Volume::SetsReps { sets: 2, reps: 7 })));
    // Only once calm twice at the dose: 2 × 5 then 2 × 6 stays 2 × 6.
    let mut h = calm_walker();
    h.strength("2031-03-17 17:00", 2, 5, None).strength("2031-03-19 17:00", 2, 6, None);
    h.pain("2031-03-20 07:00", 2);
    let s = h.advise("2031-03-21").kind(Kind::Strength).unwrap().clone();
    assert_eq!((s.status, s.next), (Status::Same, Some(Volume::SetsReps { sets: 2, reps: 6 })));
    // The widened range keeps the top: 12 reps with 2 sets adds a set at 8.
    let r = volume::plain_range(volume::STRENGTH_KIND, Dose::Reps { sets: 1, reps: 5 });
    assert_eq!((r.reps, r.sets), (Some((5, 12)), Some((1, 3))));
}

#[test]
fn rpe_9_trims_once_in_14_days_never_below_2_by_8() {
    let mut h = calm_walker();
    h.strength("2031-03-17 17:00", 2, 12, Some(9));
    // 2 × scale(12, 90) = 2 × 11, trim.
    let s = h.advise("2031-03-20").kind(Kind::Strength).unwrap().clone();
    assert_eq!((s.status, s.next), (Status::Trim, Some(Volume::SetsReps { sets: 2, reps: 11 })));
    // A second RPE 9 within 14 days: the same.
    h.strength("2031-03-19 17:00", 2, 11, Some(9));
    let s = h.advise("2031-03-21").kind(Kind::Strength).unwrap().clone();
    assert_eq!((s.status, s.next), (Status::Same, Some(Volume::SetsReps { sets: 2, reps: 11 })));
    // At 2 × 8 the floor cancels the trim: the same.
    let mut low = calm_walker();
    low.strength("2031-03-17 17:00", 2, 8, Some(10));
    let s = low.advise("2031-03-20").kind(Kind::Strength).unwrap().clone();
    assert_eq!((s.status, s.next), (Status::Same, Some(Volume::SetsReps { sets: 2, reps: 8 })));
}

#[test]
fn strength_is_allowed_twice_a_week_in_the_first_fortnight_and_three_times_after() {
    // Program start 03-01 (calm_walker). Sessions 03-09 and 03-11: the candidate 03-13 is
    // day 13 (allowance 2): 2 sessions in 03-07 … 03-12 → not yet; 03-14 (day 14, still 2):
    // 03-08 … 03-13 holds 2 → not yet; 03-15 (day 15, allowance 3): 2 < 3 → 03-15.
    let mut h = calm_walker();
    h.strength("2031-03-09 17:00", 2, 10, None).strength("2031-03-11 17:00", 2, 10, None);
    assert_eq!(h.advise("2031-03-12").strength_earliest(), Some(d("2031-03-15")));
    // Three sessions in six days after the fortnight: the fourth waits.
    let mut g = calm_walker();
    g.strength("2031-03-15 17:00", 2, 10, None).strength("2031-03-17 17:00", 2, 10, None).strength(
        "2031-03-19 17:00",
        2,
        10,
        None,
    );
    // 03-21 has 03-15 … 03-20: 3 sessions = the allowance → 03-22 (03-16 … 03-21: 2).
    assert_eq!(g.advise("2031-03-20").strength_earliest(), Some(d("2031-03-22")));
}

#[test]
fn a_short_walk_still_grows_by_a_minute_and_not_without_a_week_old_reference() {
    // W = B = 5: minutes_max = min(max(scale(5, 110) = 6, 6), 6) = 6, minutes = max(5, 6) = 6.
    let mut h = H::default();
    h.days("2031-03-01", "2031-03-18", 2, Some(5)).pain("2031-03-19 07:00", 2);
    let w = *h.advise("2031-03-20").walk().unwrap();
    assert_eq!((w.status, w.next), (Status::Progress, Some(WalkPlan { minutes: 6, minutes_max: 6 })));
    // Only 10 days of walking (no walk in T−14 … T−8): no B, no progress.
    let mut n = H::default();
    n.days("2031-03-01", "2031-03-19", 2, None);
    n.days("2031-03-13", "2031-03-18", 2, Some(20));
    let w = *n.advise("2031-03-20").walk().unwrap();
    assert_eq!((w.status, w.next.unwrap().minutes, w.base_week), (Status::Same, 20, None));
}

#[test]
fn the_ceiling_keeps_a_hold_below_the_dose_that_flared_and_the_floor_stops_compounding() {
    // Strength at 2 × 12 flared on 03-17 (E = 4: trim 20); back at 2 × 12 on 03-19, calm.
    let mut h = calm_walker();
    h.strength("2031-03-17 17:00", 2, 12, None).pain("2031-03-18 06:00", 6);
    h.strength("2031-03-19 17:00", 2, 12, None).pain("2031-03-20 07:00", 2);
    let s = h.advise("2031-03-20").kind(Kind::Strength).unwrap().clone();
    assert_eq!(s.result, DayResult::Hold);
    // Days judged 03-19: progress → held by recent-trim → 2 × 12; the ceiling of 03-17:
    // 2 × scale(12, 80) = 2 × 10 (10 ≥ the floor: no session before the flare, no floor).
    assert_eq!((s.status, s.next), (Status::Trim, Some(Volume::SetsReps { sets: 2, reps: 10 })));
}

#[test]
fn the_intake_note_in_the_first_fortnight() {
    let mut h = H::default();
    h.entry("2031-03-01 08:00", Entry { numb: Some(parse_numb("left-shin").unwrap()), ..Entry::default() });
    h.days("2031-03-01", "2031-03-05", 2, Some(10));
    assert!(h.advise("2031-03-06").notes.contains(&NOTE_INTAKE.to_string()));
    // Day 15: no longer.
    h.days("2031-03-06", "2031-03-14", 2, Some(10));
    assert!(!h.advise("2031-03-15").notes.contains(&NOTE_INTAKE.to_string()));
}

#[test]
fn items_after_t_change_nothing() {
    let h = calm_walker();
    let mut later = H { items: h.items.clone() };
    later.pain("2031-03-21 07:00", 9).flag("2031-03-21 08:00", Flag::Fall).strength(
        "2031-03-21 17:00",
        3,
        12,
        None,
    );
    assert_eq!(h.advise("2031-03-20"), later.advise("2031-03-20"));
}

// ---- properties ----

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// One day of a random history: a morning pain, an evening pain, a walk, a strength
    /// session (sets, reps, rpe), a flag, a review of that flag (plain or cleared).
    type DayPlan = (Option<u8>, Option<u8>, Option<u16>, Option<(u16, u16, u8)>, Option<usize>, Option<bool>);

    fn day_plan() -> impl Strategy<Value = DayPlan> {
        (
            proptest::option::weighted(0.8, 0u8..=10),
            proptest::option::weighted(0.3, 0u8..=10),
            proptest::option::weighted(0.6, 1u16..=90),
            proptest::option::weighted(0.3, (1u16..=4, 1u16..=20, 3u8..=10)),
            proptest::option::weighted(0.04, 0usize..Flag::ALL.len()),
            proptest::option::weighted(0.05, any::<bool>()),
        )
    }

    const FIRST: &str = "2031-01-01";

    /// The items of `days` from 2031-01-01 on; reviews name the last flag reported.
    fn build(days: &[DayPlan]) -> H {
        let mut h = H::default();
        let mut day = d(FIRST);
        let mut last_flag = None;
        for &(morning, evening, walk, strength, flag, review) in days {
            if let Some(p) = morning {
                h.pain(&format!("{day} 07:00"), p);
            }
            if let Some(w) = walk {
                h.walk(&format!("{day} 10:00"), w);
            }
            if let Some((sets, reps, rpe)) = strength {
                h.strength(&format!("{day} 17:00"), sets, reps, Some(rpe));
            }
            if let Some(p) = evening {
                h.pain(&format!("{day} 21:00"), p);
            }
            if let Some(i) = flag {
                h.flag(&format!("{day} 12:00"), Flag::ALL[i]);
                last_flag = Some(Flag::ALL[i]);
            }
            if let (Some(cleared), Some(f)) = (review, last_flag) {
                h.review(&format!("{day} 13:00"), crate::domain::Reviewed::Reported(f), cleared);
            }
            day = day.succ_opt().unwrap();
        }
        h
    }

    fn t_of(days: &[DayPlan]) -> NaiveDate {
        d(FIRST) + chrono::Days::new(days.len() as u64)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// A trim never raises a volume; a paused kind has no volume; a walk never passes
        /// max(110 % of B, B + 1), and under progress max(110 % of W, W + 1).
        #[test]
        fn trims_never_raise_paused_has_none_and_walks_keep_their_caps(days in proptest::collection::vec(day_plan(), 10..50)) {
            let h = build(&days);
            let a = advise_items(&h.items, t_of(&days));
            for n in &a.next {
                match n {
                    Next::Session(s) => {
                        if s.status == Status::Paused {
                            prop_assert!(s.next.is_none());
                        }
                        if let (Status::Trim, Some(last), Some(next)) = (s.status, s.last, s.next) {
                            prop_assert!(next.sets() <= last.sets() && next.reps() <= last.reps()
                                && next.minutes() <= last.minutes(), "{last:?} → {next:?}");
                        }
                    }
                    Next::Walk(w) => {
                        if w.status == Status::Paused {
                            prop_assert!(w.next.is_none());
                        }
                        if let Some(p) = w.next {
                            prop_assert!(p.minutes <= p.minutes_max);
                            if w.status == Status::Trim {
                                prop_assert!(p.minutes_max <= w.last);
                            }
                            if let Some(b) = w.base_week {
                                prop_assert!(p.minutes_max <= walk::cap(b));
                            }
                            if w.status == Status::Progress {
                                prop_assert!(p.minutes_max <= scale(w.last, 110).max(w.last + 1));
                            }
                        }
                    }
                    Next::Exercise(e) => {
                        if e.status == Status::Paused {
                            prop_assert!(e.next.is_none());
                        }
                    }
                }
            }
        }

        /// A reported flag never expires without a review: unreviewed, it is a red flag or
        /// waits in reviews_due, however old.
        #[test]
        fn a_reported_flag_never_expires_without_a_review(days in proptest::collection::vec(day_plan(), 10..80)) {
            let h = build(&days);
            let t = t_of(&days);
            let a = advise_items(&h.items, t);
            let mut latest: std::collections::BTreeMap<Flag, NaiveDate> = Default::default();
            for i in &h.items {
                if let Some(e) = i.entry() {
                    for &f in &e.flags {
                        latest.insert(f, i.date());
                    }
                }
            }
            for (f, day) in latest {
                let reviewed = h.items.iter().any(|i| {
                    i.review().is_some_and(|r| r.flag == crate::domain::Reviewed::Reported(f)) && i.date() >= day
                });
                if !reviewed {
                    let listed = a.red_flags.iter().any(|r| r.kind == Alarm::Reported(f))
                        || a.reviews_due.iter().any(|d| d.flag == f);
                    prop_assert!(listed, "{f} of {day} as of {t}");
                }
            }
        }

        /// Items dated after T change nothing.
        #[test]
        fn items_after_t_change_nothing(days in proptest::collection::vec(day_plan(), 12..40), cut in 1usize..10) {
            let h = build(&days);
            let t = t_of(&days[..days.len() - cut]) - chrono::Days::new(1);
            let before: Vec<Item> = h.items.iter().filter(|i| i.date() <= t).cloned().collect();
            prop_assert_eq!(advise_items(&before, t), advise_items(&h.items, t));
        }

        /// Doing strength on every day the advice allows never puts more sessions in a day's
        /// six days before it than that day's allowance (2 in the first fortnight, 3 after).
        #[test]
        fn strength_on_each_earliest_day_keeps_the_allowance(pains in proptest::collection::vec(0u8..=3, 40)) {
            let mut h = H::default();
            let mut done: Vec<NaiveDate> = Vec::new();
            let start = d(FIRST);
            for (k, &p) in pains.iter().enumerate() {
                let day = start + chrono::Days::new(k as u64);
                h.pain(&format!("{day} 07:00"), p);
                let a = advise_items(&h.items, day);
                if a.strength_earliest().is_none_or(|e| e <= day) {
                    let before = done.iter().filter(|&&s| s >= day - chrono::Days::new(6) && s < day).count();
                    let allowance = if day < start + chrono::Days::new(14) { 2 } else { 3 };
                    prop_assert!(before < allowance, "{day}: {before} in the 6 days before");
                    h.strength(&format!("{day} 17:00"), 2, 10, Some(6));
                    done.push(day);
                }
            }
            prop_assert!(done.len() >= 10, "{done:?}");
        }
    }
}

/// The median picks the middle value (the mean of the two middle ones, rounded toward zero,
/// for an even count) whatever the order: as sorting the values gives it.
#[test]
fn the_median_is_the_sorted_middle() {
    let sorted = |v: &[i64]| {
        let mut s = v.to_vec();
        s.sort_unstable();
        let mid = s.len() / 2;
        if s.len() % 2 == 1 {
            s[mid]
        } else {
            (s[mid - 1] + s[mid]) / 2
        }
    };
    let cases: [&[i64]; 7] = [
        &[300],
        &[500, 200],
        &[200, 700, 100, 400],
        &[9, 1, 5, 5, 3],
        &[0, -150, 50],
        &[7; 6],
        &[800, 100, 300, 600, 200, 0, 1000, 250],
    ];
    for v in cases {
        assert_eq!(super::median(v.to_vec()).map(Points::hundredths), Some(sorted(v) as i32), "{v:?}");
    }
    assert_eq!(super::median(Vec::new()), None);
}

/// Every day is judged without words and only the verdict's day again with them: the two
/// judgements differ only by the reason, which is never empty in words.
#[test]
fn a_day_judged_quietly_is_the_day_judged_in_words_without_them() {
    let now = NaiveDateTime::parse_from_str("2031-06-30 20:00", "%Y-%m-%d %H:%M").unwrap();
    let items: Vec<Item> = crate::demo::generate(120, 11, now)
        .into_iter()
        .enumerate()
        .map(|(i, n)| Item { id: i as i64 + 1, at: n.at, body: n.body })
        .collect();
    let mut judged = 0;
    for t in (0..60).map(|n| d("2031-05-01") + chrono::Days::new(n)) {
        let hist = history::History::new(&items, t, history::program_start(&items, t));
        for day in hist.activity_days(t - chrono::Days::new(49), t - chrono::Days::new(1)) {
            let (quiet, words) = (day::judge_quietly(&hist, day), day::judge(&hist, day));
            assert!(!words.reason.is_empty(), "{day} as of {t}");
            assert_eq!(quiet, day::Judgement { reason: String::new(), ..words }, "{day} as of {t}");
            judged += 1;
        }
    }
    assert!(judged > 1000, "{judged}");
}
