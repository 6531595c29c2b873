//! Daily values (§4): one summary per local date, over that day's items. Pure.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Body, Flag, Item, Kind, Numb, Pain, Stance};
use crate::round::round2_opt;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    /// The mean of the day's pain readings.
    #[serde(serialize_with = "round2_opt")]
    pub pain: Option<f64>,
    pub pain_worst: Option<Pain>,
    /// The best reading of the day, per foot.
    pub stance_left: Option<Stance>,
    pub stance_right: Option<Stance>,
    /// The highest reading of the day.
    pub heel_raises: Option<u16>,
    /// The sum of the day's walking bouts.
    pub walk_minutes: Option<u32>,
    /// The longest bout of the day: the walking tolerance.
    pub walk_longest: Option<u16>,
    /// The union of the day's zones; empty on a day checked with `none`; `None` when unchecked.
    pub numb: Option<Numb>,
    pub sessions: BTreeMap<Kind, u32>,
    pub flags: BTreeSet<Flag>,
    /// True when an entry that day had `--feet-ok`; serialized as `true` or `null` (§4: a
    /// value not recorded that day is null).
    #[serde(serialize_with = "true_or_null")]
    pub feet_ok: bool,
}

fn true_or_null<S: serde::Serializer>(checked: &bool, s: S) -> Result<S::Ok, S::Error> {
    if *checked {
        s.serialize_bool(true)
    } else {
        s.serialize_none()
    }
}

impl Day {
    fn new(date: NaiveDate) -> Day {
        Day {
            date,
            pain: None,
            pain_worst: None,
            stance_left: None,
            stance_right: None,
            heel_raises: None,
            walk_minutes: None,
            walk_longest: None,
            numb: None,
            sessions: BTreeMap::new(),
            flags: BTreeSet::new(),
            feet_ok: false,
        }
    }

    /// The number of sessions that day, of every kind.
    pub fn session_count(&self) -> u32 {
        self.sessions.values().sum()
    }
}

fn max_opt<T: Ord + Copy>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// The running totals of one day's pain readings.
#[derive(Default)]
struct Pains {
    sum: u32,
    count: u32,
    worst: Option<Pain>,
}

/// Adds one item to its day's summary.
fn add(day: &mut Day, pains: &mut Pains, item: &Item) {
    match &item.body {
        Body::Session(s) => *day.sessions.entry(s.kind).or_insert(0) += 1,
        Body::Entry(e) => {
            if let Some(p) = e.pain {
                pains.sum += u32::from(p);
                pains.count += 1;
                pains.worst = max_opt(pains.worst, Some(p));
            }
            day.stance_left = max_opt(day.stance_left, e.stance_left);
            day.stance_right = max_opt(day.stance_right, e.stance_right);
            day.heel_raises = max_opt(day.heel_raises, e.heel_raises);
            if let Some(w) = e.walk {
                day.walk_minutes = Some(day.walk_minutes.unwrap_or(0) + u32::from(w));
                day.walk_longest = max_opt(day.walk_longest, Some(w));
            }
            if let Some(zones) = &e.numb {
                day.numb.get_or_insert_with(Numb::new).extend(zones);
            }
            day.flags.extend(&e.flags);
            day.feet_ok |= e.feet_ok;
        }
        Body::Review(_) => {}
        // Tests and temperatures have no daily value of §4.
        Body::Test(_) | Body::Temp(_) => {}
    }
}

/// A day's summary with its pain readings' mean and worst filled in.
fn finish(mut day: Day, pains: Pains) -> Day {
    if pains.count > 0 {
        day.pain = Some(f64::from(pains.sum) / f64::from(pains.count));
        day.pain_worst = pains.worst;
    }
    day
}

/// Summarises items into one `Day` per date that has at least one item, oldest first.
/// The items may come in any order.
pub fn summarize(items: &[Item]) -> Vec<Day> {
    // Items in date order (as the store reads them): each day's run is summed as it passes.
    if items.windows(2).all(|w| w[0].date() <= w[1].date()) {
        let mut days: Vec<Day> = Vec::new();
        let mut open: Option<(Day, Pains)> = None;
        for item in items {
            let (day, pains) = match &mut open {
                Some((day, _)) if day.date == item.date() => open.as_mut().expect("open"),
                _ => {
                    if let Some((day, pains)) = open.take() {
                        days.push(finish(day, pains));
                    }
                    open.insert((Day::new(item.date()), Pains::default()))
                }
            };
            add(day, pains, item);
        }
        days.extend(open.map(|(day, pains)| finish(day, pains)));
        return days;
    }
    let mut days: BTreeMap<NaiveDate, (Day, Pains)> = BTreeMap::new();
    for item in items {
        let (day, pains) =
            days.entry(item.date()).or_insert_with(|| (Day::new(item.date()), Pains::default()));
        add(day, pains, item);
    }
    days.into_values().map(|(day, pains)| finish(day, pains)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{parse_numb, parse_stance, Entry, Session, Volume, Work};
    use crate::round::round2;
    use chrono::NaiveDateTime;

    fn item(id: i64, at: &str, body: Body) -> Item {
        Item { id, at: NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").unwrap(), body }
    }

    fn entry(e: Entry) -> Body {
        Body::Entry(e)
    }

    #[test]
    fn several_readings_in_a_day_follow_section_4() {
        let items = vec![
            item(1, "2025-03-01 08:00", entry(Entry { pain: Some(3), walk: Some(10), ..Entry::default() })),
            item(
                2,
                "2025-03-01 12:00",
                entry(Entry {
                    pain: Some(6),
                    stance_left: parse_stance("12.5").ok(),
                    numb: parse_numb("left-toes").ok(),
                    ..Entry::default()
                }),
            ),
            item(
                3,
                "2025-03-01 18:00",
                entry(Entry {
                    pain: Some(4),
                    walk: Some(25),
                    stance_left: parse_stance("9").ok(),
                    stance_right: parse_stance("20.1").ok(),
                    heel_raises: Some(8),
                    numb: parse_numb("right-ball,left-toes").ok(),
                    ..Entry::default()
                }),
            ),
            item(4, "2025-03-01 19:00", entry(Entry { heel_raises: Some(11), ..Entry::default() })),
            item(
                5,
                "2025-03-01 19:30",
                Body::Session(Session {
                    kind: Kind::Strength,
                    work: Work::Volume(Volume::SetsReps { sets: 2, reps: 10 }),
                    rpe: Some(6),
                    note: None,
                }),
            ),
        ];
        let days = summarize(&items);
        assert_eq!(days.len(), 1);
        let d = &days[0];
        assert!((d.pain.unwrap() - 13.0 / 3.0).abs() < 1e-12);
        assert_eq!(d.pain.map(round2), Some(4.33));
        assert_eq!(d.pain_worst, Some(6));
        assert_eq!(d.stance_left.map(Stance::tenths), Some(125));
        assert_eq!(d.stance_right.map(Stance::tenths), Some(201));
        assert_eq!(d.heel_raises, Some(11));
        assert_eq!(d.walk_minutes, Some(35));
        assert_eq!(d.walk_longest, Some(25));
        assert_eq!(crate::domain::join_numb(d.numb.as_ref().unwrap()), "left-toes;right-ball");
        assert_eq!(d.sessions.get(&Kind::Strength), Some(&1));
    }

    /// Items in date order are summed a day's run at a time, others through a map: both give
    /// the same days, whatever the order of the items within a day or across days.
    #[test]
    fn the_order_of_the_items_does_not_change_the_days() {
        let now = NaiveDateTime::parse_from_str("2025-06-30 20:00", "%Y-%m-%d %H:%M").unwrap();
        let items: Vec<Item> = crate::demo::generate(60, 3, now)
            .into_iter()
            .enumerate()
            .map(|(i, n)| Item { id: i as i64 + 1, at: n.at, body: n.body })
            .collect();
        let mut sorted = items.clone();
        sorted.sort_by_key(|i| (i.date(), std::cmp::Reverse(i.id)));
        let mut shuffled = items.clone();
        shuffled.reverse();
        shuffled.swap(0, 7);
        let days = summarize(&sorted);
        assert!(days.len() >= 50 && days.iter().any(|d| d.pain.is_some() && d.session_count() > 0));
        assert!(days.windows(2).all(|w| w[0].date < w[1].date));
        assert_eq!(summarize(&shuffled), days);
        assert_eq!(summarize(&items), days);
    }

    #[test]
    fn none_is_a_checked_day_and_missing_values_stay_none() {
        let items = vec![
            item(1, "2025-03-02 08:00", entry(Entry { numb: Some(Numb::new()), ..Entry::default() })),
            item(2, "2025-03-01 08:00", entry(Entry { note: Some("rest".into()), ..Entry::default() })),
        ];
        let days = summarize(&items);
        assert_eq!(days.iter().map(|d| d.date.to_string()).collect::<Vec<_>>(), ["2025-03-01", "2025-03-02"]);
        assert_eq!(days[0].numb, None);
        assert_eq!(days[0].pain, None);
        assert_eq!(days[0].walk_minutes, None);
        assert_eq!(days[1].numb, Some(Numb::new()));
    }

    #[test]
    fn history_json_has_the_keys_and_types_of_section_4() {
        let items = vec![
            item(1, "2025-03-01 08:00", entry(Entry { pain: Some(3), walk: Some(10), ..Entry::default() })),
            item(
                2,
                "2025-03-01 09:00",
                entry(Entry {
                    pain: Some(4),
                    walk: Some(5),
                    stance_left: parse_stance("12.5").ok(),
                    heel_raises: Some(9),
                    numb: parse_numb("both-toes").ok(),
                    flags: [Flag::Fall, Flag::Weakness].into(),
                    feet_ok: true,
                    ..Entry::default()
                }),
            ),
            item(
                3,
                "2025-03-01 10:00",
                Body::Session(Session {
                    kind: Kind::Mobility,
                    work: Work::Volume(Volume::Minutes(10)),
                    rpe: None,
                    note: None,
                }),
            ),
            item(4, "2025-03-02 08:00", entry(Entry { numb: Some(Numb::new()), ..Entry::default() })),
            item(5, "2025-03-03 08:00", entry(Entry { note: Some("rest".into()), ..Entry::default() })),
        ];
        let v = serde_json::to_value(summarize(&items)).unwrap();
        let nothing = |date: &str, numb: serde_json::Value| {
            serde_json::json!({"date": date, "pain": null, "pain_worst": null, "stance_left": null,
                "stance_right": null, "heel_raises": null, "walk_minutes": null, "walk_longest": null,
                "numb": numb, "sessions": {}, "flags": [], "feet_ok": null})
        };
        assert_eq!(
            v,
            serde_json::json!([
                {"date": "2025-03-01", "pain": 3.5, "pain_worst": 4, "stance_left": 12.5, "stance_right": null,
                 "heel_raises": 9, "walk_minutes": 15, "walk_longest": 10, "numb": ["left-toes", "right-toes"],
                 "sessions": {"mobility": 1}, "flags": ["weakness", "fall"], "feet_ok": true},
                nothing("2025-03-02", serde_json::json!([])),
                nothing("2025-03-03", serde_json::Value::Null),
            ])
        );
    }
}
