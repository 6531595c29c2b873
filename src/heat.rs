//! The detected flag `foot-heat` (§6.3, §11.3), pure: temperature measurements, the
//! `reviewed foot-heat --cleared` dates and the as-of date in; the flag out.
//!
//! The day's value per site is the first reading of that day. The flag is raised on a
//! measurement date when the same site was above 2.2 °C (either foot warmer) on it and on
//! an earlier measurement date at most 3 days before. Once raised it stays, whatever the
//! as-of date, until a clearing review dated on or after its day, or two consecutive
//! measurement dates after it on which every site measured — the flagged one included —
//! is at or below 2.2 °C. Measuring less (fewer days, or leaving the hot site out) never
//! lifts it.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::home::{Site, SiteTemp};

/// Above this left–right difference, tenths of a °C (2.2 °C, 4 °F; IWGDF 2023).
pub const HOT: i32 = 22;
/// The most days between the two hot measurement dates.
pub const PAIR_DAYS: i64 = 3;

/// The message of §11.3 while the flag is raised.
pub const MESSAGE: &str = "one foot is warmer than the other on two measurements close together, \
                           a possible sign of inflammation before a wound or a Charcot foot: rest \
                           your feet and contact your foot clinician today";

/// A raised `foot-heat` flag: the site, the latest day that raised it, and its difference
/// left − right in tenths of a °C.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FootHeat {
    pub site: Site,
    pub day: NaiveDate,
    /// left − right, tenths of a °C (positive: the left foot is warmer).
    pub difference: i32,
}

/// The first reading of each site on each date up to `t`, oldest date first; `temps`
/// are the measurements in any order, each with its time.
pub fn daily_sites<'a>(
    temps: impl IntoIterator<Item = (NaiveDateTime, &'a [SiteTemp])>,
    t: NaiveDate,
) -> BTreeMap<NaiveDate, BTreeMap<Site, SiteTemp>> {
    let mut sorted: Vec<(NaiveDateTime, usize, &[SiteTemp])> = temps
        .into_iter()
        .enumerate()
        .map(|(i, (at, s))| (at, i, s))
        .filter(|(at, ..)| at.date() <= t)
        .collect();
    sorted.sort_by_key(|(at, i, _)| (*at, *i));
    let mut days: BTreeMap<NaiveDate, BTreeMap<Site, SiteTemp>> = BTreeMap::new();
    for (at, _, sites) in sorted {
        let day = days.entry(at.date()).or_default();
        for s in sites {
            day.entry(s.site).or_insert(*s);
        }
    }
    days
}

/// The largest absolute difference of a day and its site (the first site on a tie).
pub fn largest(day: &BTreeMap<Site, SiteTemp>) -> Option<SiteTemp> {
    day.values().copied().fold(None, |best: Option<SiteTemp>, s| match best {
        Some(b) if b.difference().abs() >= s.difference().abs() => Some(b),
        _ => Some(s),
    })
}

fn hot(s: &SiteTemp) -> bool {
    s.difference().abs() > HOT
}

/// The `foot-heat` flag as of `t`, when raised. `cleared` holds the dates of the reviews
/// `reviewed foot-heat --cleared`.
pub fn foot_heat<'a>(
    temps: impl IntoIterator<Item = (NaiveDateTime, &'a [SiteTemp])>,
    cleared: &[NaiveDate],
    t: NaiveDate,
) -> Option<FootHeat> {
    let days = daily_sites(temps, t);
    let mut cleared: Vec<NaiveDate> = cleared.iter().copied().filter(|d| *d <= t).collect();
    cleared.sort_unstable();
    let mut flag: Option<FootHeat> = None;
    let mut normal_run = 0;
    let mut reviews = cleared.iter().peekable();
    let dates: Vec<NaiveDate> = days.keys().copied().collect();
    for (i, date) in dates.iter().enumerate() {
        // A clearing review dated before this measurement date covers the flag if it came
        // on or after the flag's day.
        while let Some(v) = reviews.next_if(|v| *v < date) {
            if flag.is_some_and(|f| f.day <= *v) {
                flag = None;
                normal_run = 0;
            }
        }
        let today = &days[date];
        // The hot sites of this date that were hot on an earlier date at most 3 days before.
        let paired = today.values().filter(|s| hot(s)).filter(|s| {
            dates[..i]
                .iter()
                .rev()
                .take_while(|e| (*date - **e).num_days() <= PAIR_DAYS)
                .any(|e| days[e].get(&s.site).is_some_and(hot))
        });
        let top = paired.fold(None, |best: Option<&SiteTemp>, s| match best {
            Some(b) if b.difference().abs() >= s.difference().abs() => Some(b),
            _ => Some(s),
        });
        if let Some(s) = top {
            flag = Some(FootHeat { site: s.site, day: *date, difference: s.difference() });
            normal_run = 0;
            continue;
        }
        if let Some(f) = flag {
            if today.contains_key(&f.site) && today.values().all(|s| !hot(s)) {
                normal_run += 1;
                if normal_run == 2 {
                    flag = None;
                    normal_run = 0;
                }
            } else {
                normal_run = 0;
            }
        }
    }
    // Reviews after the last measurement date (up to T).
    for v in reviews {
        if flag.is_some_and(|f| f.day <= *v) {
            flag = None;
        }
    }
    flag
}

/// [`foot_heat`] over stored items (the temperature items among them), for the advice's
/// detected flags: `cleared` are the dates of `reviewed foot-heat --cleared`.
pub fn foot_heat_in(items: &[crate::domain::Item], cleared: &[NaiveDate], t: NaiveDate) -> Option<FootHeat> {
    foot_heat(
        items.iter().filter_map(|i| match &i.body {
            crate::domain::Body::Temp(x) => Some((i.at, x.temps.as_slice())),
            _ => None,
        }),
        cleared,
        t,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::home::{parse_temps, TempUnit};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Measurements as (when, "site:left:right site:left:right").
    fn m(list: &[(&str, &str)]) -> Vec<(NaiveDateTime, Vec<SiteTemp>)> {
        list.iter()
            .map(|(at, sites)| {
                let at = NaiveDateTime::parse_from_str(&format!("{at} 07:00"), "%Y-%m-%d %H:%M")
                    .or_else(|_| NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M"))
                    .unwrap();
                (at, parse_temps(sites.split(' '), TempUnit::Celsius).unwrap())
            })
            .collect()
    }

    fn flag(list: &[(&str, &str)], cleared: &[&str], t: &str) -> Option<FootHeat> {
        let temps = m(list);
        let cleared: Vec<NaiveDate> = cleared.iter().map(|c| d(c)).collect();
        foot_heat(temps.iter().map(|(at, s)| (*at, s.as_slice())), &cleared, d(t))
    }

    #[test]
    fn above_2_2_on_two_dates_raises_it_and_2_2_does_not() {
        // 32.5 − 30.2 = 2.3 °C on both days: raised on the later day, carrying +2.3.
        let hot = [("2030-05-01", "met1:32.5:30.2"), ("2030-05-02", "met1:32.5:30.2")];
        assert_eq!(
            flag(&hot, &[], "2030-05-02"),
            Some(FootHeat { site: Site::Met1, day: d("2030-05-02"), difference: 23 })
        );
        // 2.2 °C exactly is not above the line.
        let edge = [("2030-05-01", "met1:32.4:30.2"), ("2030-05-02", "met1:32.5:30.2")];
        assert_eq!(flag(&edge, &[], "2030-05-02"), None);
        // The right foot warmer counts the same: difference −2.3.
        let right = [("2030-05-01", "heel:30:32.3"), ("2030-05-02", "heel:30:32.3")];
        assert_eq!(flag(&right, &[], "2030-05-02").map(|f| f.difference), Some(-23));
        // One hot date alone is not a flag.
        assert_eq!(flag(&hot[..1], &[], "2030-05-02"), None);
    }

    #[test]
    fn the_two_dates_are_at_most_3_days_apart() {
        let three = [("2030-05-01", "met1:33:30"), ("2030-05-04", "met1:33:30")];
        assert_eq!(flag(&three, &[], "2030-05-04").map(|f| f.day), Some(d("2030-05-04")));
        let four = [("2030-05-01", "met1:33:30"), ("2030-05-05", "met1:33:30")];
        assert_eq!(flag(&four, &[], "2030-05-05"), None);
    }

    #[test]
    fn the_two_dates_need_the_same_site() {
        let other = [("2030-05-01", "met1:33:30 heel:30:30"), ("2030-05-02", "met1:30:30 heel:33:30")];
        assert_eq!(flag(&other, &[], "2030-05-02"), None);
        let same = [("2030-05-01", "met1:33:30 heel:30:30"), ("2030-05-02", "met1:32.6:30 heel:33:30")];
        assert_eq!(flag(&same, &[], "2030-05-02").map(|f| (f.site, f.difference)), Some((Site::Met1, 26)));
    }

    #[test]
    fn the_first_reading_of_the_day_counts() {
        // The hot morning reading stands; a later normal one that day does not replace it.
        let list = [
            ("2030-05-01 07:00", "met1:33:30"),
            ("2030-05-02 07:00", "met1:33:30"),
            ("2030-05-02 19:00", "met1:30:30"),
        ];
        assert!(flag(&list, &[], "2030-05-02").is_some());
        // A normal morning reading with a hot one later that day: that day is normal.
        let list = [
            ("2030-05-01 07:00", "met1:33:30"),
            ("2030-05-02 07:00", "met1:30:30"),
            ("2030-05-02 19:00", "met1:33:30"),
        ];
        assert_eq!(flag(&list, &[], "2030-05-02"), None);
    }

    #[test]
    fn it_persists_without_new_measurements_whatever_t() {
        let hot = [("2030-05-01", "met1:33:30"), ("2030-05-02", "met1:33:30")];
        assert!(flag(&hot, &[], "2030-05-16").is_some());
        assert!(flag(&hot, &[], "2030-09-01").is_some());
        // Not before it was raised.
        assert_eq!(flag(&hot, &[], "2030-05-01"), None);
    }

    #[test]
    fn two_consecutive_normal_dates_lift_it_one_does_not() {
        let mut list =
            vec![("2030-05-01", "met1:33:30"), ("2030-05-02", "met1:33:30"), ("2030-05-03", "met1:30:30")];
        assert!(flag(&list, &[], "2030-05-10").is_some());
        list.push(("2030-05-09", "met1:31:30 heel:30:30"));
        assert_eq!(flag(&list, &[], "2030-05-10"), None);
        // A hot date between the normal ones restarts the count.
        let list = [
            ("2030-05-01", "met1:33:30"),
            ("2030-05-02", "met1:33:30"),
            ("2030-05-03", "met1:30:30"),
            ("2030-05-04", "heel:33:30"),
            ("2030-05-05", "met1:30:30 heel:30:30"),
        ];
        assert!(flag(&list, &[], "2030-05-06").is_some());
    }

    #[test]
    fn measuring_less_never_lifts_it() {
        // Two normal dates that leave out the hot site do not lift the flag.
        let list = [
            ("2030-05-01", "met1:33:30"),
            ("2030-05-02", "met1:33:30"),
            ("2030-05-03", "heel:30:30"),
            ("2030-05-04", "heel:30:30"),
        ];
        assert_eq!(flag(&list, &[], "2030-05-20").map(|f| f.site), Some(Site::Met1));
    }

    #[test]
    fn a_clearing_review_on_or_after_its_day_lifts_it() {
        let hot = [("2030-05-01", "met1:33:30"), ("2030-05-02", "met1:33:30")];
        assert_eq!(flag(&hot, &["2030-05-02"], "2030-05-03"), None);
        assert_eq!(flag(&hot, &["2030-05-04"], "2030-05-05"), None);
        // Dated before the flag's day it covers nothing; after T it does not count yet.
        assert!(flag(&hot, &["2030-05-01"], "2030-05-03").is_some());
        assert!(flag(&hot, &["2030-05-04"], "2030-05-03").is_some());
        // A new hot pair after the review raises it again.
        let again = [
            ("2030-05-01", "met1:33:30"),
            ("2030-05-02", "met1:33:30"),
            ("2030-05-06", "met3:33:30"),
            ("2030-05-07", "met3:33:30"),
        ];
        assert_eq!(flag(&again, &["2030-05-03"], "2030-05-07").map(|f| f.site), Some(Site::Met3));
    }

    #[test]
    fn four_fahrenheit_is_the_line_too() {
        // 90.0 °F and 86.0 °F (4.0 °F apart) are 32.2 and 30.0 °C: 2.2, not above.
        let f = |s: &str| parse_temps([s], TempUnit::Fahrenheit).unwrap();
        assert_eq!(f("met1:90:86")[0].difference(), 22);
        // 90.2 and 86.0 °F (4.2 °F apart) are 32.3 and 30.0 °C: 2.3, above.
        assert_eq!(f("met1:90.2:86")[0].difference(), 23);
        // Over the whole range, every pair exactly 4.0 °F apart stays at 2.2 °C (converted one
        // by one, 63.6 and 59.6 °F would be 17.6 − 15.3 = 2.3), and every pair 4.1 °F apart
        // is above it; either foot warmer.
        let tenth = |n: u16| format!("{}.{}", n / 10, n % 10);
        for warm in 630..=1076u16 {
            let (w, c) = (tenth(warm), tenth(warm - 40));
            assert_eq!(f(&format!("met1:{w}:{c}"))[0].difference(), 22, "{w} {c}");
            assert_eq!(f(&format!("met1:{c}:{w}"))[0].difference(), -22, "{c} {w}");
            if warm >= 631 {
                let c = tenth(warm - 41);
                assert_eq!(f(&format!("met1:{w}:{c}"))[0].difference(), 23, "{w} {c}");
            }
        }
    }

    #[test]
    fn stored_items_give_the_same_flag() {
        use crate::domain::{Body, Entry, Item, TempItem};
        let list = m(&[("2030-05-01", "met1:33:30"), ("2030-05-02", "met1:33:30")]);
        let mut items: Vec<Item> = list
            .into_iter()
            .enumerate()
            .map(|(i, (at, temps))| Item {
                id: i as i64,
                at,
                body: Body::Temp(TempItem { temps, note: None }),
            })
            .collect();
        items.push(Item { id: 9, at: items[1].at, body: Body::Entry(Entry::pain(3)) });
        assert_eq!(foot_heat_in(&items, &[], d("2030-05-02")).map(|f| f.day), Some(d("2030-05-02")));
        assert_eq!(foot_heat_in(&items, &[d("2030-05-02")], d("2030-05-02")), None);
    }

    #[test]
    fn the_largest_difference_of_a_day_and_its_site() {
        let list = m(&[("2030-05-01", "hallux:31:30 met5:29:31.5"), ("2030-05-01 09:00", "hallux:35:30")]);
        let days = daily_sites(list.iter().map(|(at, s)| (*at, s.as_slice())), d("2030-05-01"));
        let top = largest(&days[&d("2030-05-01")]).unwrap();
        assert_eq!((top.site, top.difference()), (Site::Met5, -25));
    }
}
