//! Where home tests stand (§11.2): each test's latest result against the norm for the
//! person, the fall-risk line, and whether a change is real. Pure: the profile, the test
//! results and the daily single-leg stance in; plain data out.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::domain::home::{Profile, Tenths, TestName, TestResult, HEEL_RAISE_GAP};
use crate::domain::Stance;
use crate::norms::{self, real_change};

/// The name of the stance row, beside the four tests.
pub const STANCE: &str = "single-leg-stance";

/// A test result with its date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taken {
    pub date: NaiveDate,
    pub result: TestResult,
}

/// One day's best single-leg stance per foot (§4), from `log`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StanceDay {
    pub date: NaiveDate,
    pub left: Option<Stance>,
    pub right: Option<Stance>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Latest {
    pub date: NaiveDate,
    /// The numbers; a foot not measured that day is null (stance only).
    pub values: Vec<Option<Tenths>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Norm {
    pub low: Tenths,
    pub high: Tenths,
    pub band: String,
}

/// A change, one number or one per foot `[left, right]`.
#[derive(Clone, Debug, PartialEq)]
pub enum Amount {
    One(f64),
    Feet([Option<f64>; 2]),
}

/// A number as JSON: whole numbers as integers (`3`, not `3.0`).
fn number(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 1e9 {
        serde_json::Value::from(v as i64)
    } else {
        serde_json::Value::from((v * 10.0).round() / 10.0)
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Amount::One(v) => number(*v).serialize(s),
            Amount::Feet(f) => f.map(|v| v.map(number)).serialize(s),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Real {
    One(bool),
    Feet([Option<bool>; 2]),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub change: Amount,
    pub real: Real,
    /// The date compared with.
    #[serde(skip)]
    pub from: NaiveDate,
}

/// One row of `footing tests`, as its JSON (§11.2); `words` are the plain sentences.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Standing {
    pub test: &'static str,
    pub latest: Latest,
    pub norm: Option<Norm>,
    pub missing: Vec<&'static str>,
    pub fall_risk: bool,
    pub since_first: Option<Change>,
    pub since_previous: Option<Change>,
    /// The latest result in words (`13 stands`).
    #[serde(skip)]
    pub shown: String,
    #[serde(skip)]
    pub words: Vec<String>,
    #[serde(skip)]
    pub change_words: Vec<String>,
}

/// The fall-risk sentence's ending.
pub const TALK: &str = "talk to your physiotherapist about it";

/// The details a norm needs that the profile lacks.
fn missing(profile: &Profile, needs_born: bool, needs_sex: bool) -> Vec<&'static str> {
    let mut m = Vec::new();
    if needs_born && profile.born.is_none() {
        m.push("born");
    }
    if needs_sex && profile.sex.is_none() {
        m.push("sex");
    }
    m
}

fn missing_words(missing: &[&str]) -> String {
    let what = match missing {
        ["born"] => "your birth year: `footing profile --born YEAR`",
        ["sex"] => "your sex: `footing profile --sex female|male`",
        _ => "your birth year and sex: `footing profile --born YEAR --sex female|male`",
    };
    format!("no norm shown: the norm needs {what}")
}

fn t(n: u8) -> Tenths {
    Tenths(u16::from(n) * 10)
}

/// Four-stage: the stages reached (one per value) and whether tandem was held 10 s.
fn tandem_held(held: &[Tenths]) -> bool {
    held.get(2).is_some_and(|t| t.0 >= norms::TANDEM_FULL)
}

/// True when a four-stage result is on the fall-risk side: tandem under 10 s (fewer than
/// three values means tandem was not reached).
pub fn four_stage_fall_risk(held: &[Tenths]) -> bool {
    !tandem_held(held)
}

const STAGES: [&str; 4] = ["feet together", "semi-tandem", "tandem", "one leg"];

fn plural(n: i32, one: &str, many: &str) -> String {
    format!("{n:+} {}", if n.abs() == 1 { one } else { many })
}

/// A whole-number change of one test, real at or above `at`.
fn whole_change(now: i32, then: i32, at: i32, from: NaiveDate) -> Change {
    let c = now - then;
    Change { change: Amount::One(f64::from(c)), real: Real::One(c.abs() >= at), from }
}

fn change_between(a: &TestResult, b: &TestResult, from: NaiveDate) -> Option<Change> {
    Some(match (a, b) {
        (TestResult::ChairStand(n), TestResult::ChairStand(m)) => {
            whole_change(i32::from(*n), i32::from(*m), real_change::CHAIR_STAND, from)
        }
        (TestResult::FourStage(n), TestResult::FourStage(m)) => {
            whole_change(n.len() as i32, m.len() as i32, real_change::FOUR_STAGE, from)
        }
        (TestResult::Tug(n), TestResult::Tug(m)) => {
            let c = i32::from(n.0) - i32::from(m.0);
            Change {
                change: Amount::One(f64::from(c) / 10.0),
                real: Real::One(c.abs() >= real_change::TUG),
                from,
            }
        }
        (TestResult::HeelRaise { left: l, right: r }, TestResult::HeelRaise { left: pl, right: pr }) => {
            let (cl, cr) = (i32::from(*l) - i32::from(*pl), i32::from(*r) - i32::from(*pr));
            Change {
                change: Amount::Feet([Some(f64::from(cl)), Some(f64::from(cr))]),
                real: Real::Feet([
                    Some(cl.abs() >= real_change::HEEL_RAISE),
                    Some(cr.abs() >= real_change::HEEL_RAISE),
                ]),
                from,
            }
        }
        _ => return None,
    })
}

/// How a change reads: `+3 stands since 2031-01-05, a real change`.
fn change_words(name: TestName, since: &str, c: &Change) -> String {
    let real = |r: bool| if r { "a real change" } else { "within measurement noise" };
    let date = c.from;
    match (&c.change, &c.real) {
        (Amount::One(v), Real::One(r)) => {
            let v = match name {
                TestName::ChairStand => plural(*v as i32, "stand", "stands"),
                TestName::FourStage => plural(*v as i32, "stage", "stages"),
                TestName::HeelRaise => plural(*v as i32, "raise", "raises"),
                TestName::Tug => format!("{v:+.1} s"),
            };
            format!("{v} since the {since} result ({date}): {}", real(*r))
        }
        (Amount::Feet([l, r]), Real::Feet([rl, rr])) => {
            let foot = |side: &str, v: &Option<f64>, r: &Option<bool>| match (v, r) {
                (Some(v), Some(r)) => format!("{side} {:+} ({})", *v as i32, real(*r)),
                _ => format!("{side} not measured"),
            };
            format!("since the {since} result ({date}): {}, {}", foot("left", l, rl), foot("right", r, rr))
        }
        _ => String::new(),
    }
}

/// The standing of one of the four tests, from its results (oldest first, never empty).
fn test_standing(profile: &Profile, results: &[Taken]) -> Standing {
    let latest = results.last().expect("a test with results");
    let first = &results[0];
    let previous = (results.len() >= 2).then(|| &results[results.len() - 2]);
    let name = latest.result.name();
    let age = profile.age_in(latest.date.year());
    let mut s = Standing {
        test: name.as_str(),
        latest: Latest { date: latest.date, values: latest.result.values().into_iter().map(Some).collect() },
        norm: None,
        missing: Vec::new(),
        fall_risk: false,
        since_first: (results.len() >= 2)
            .then(|| change_between(&latest.result, &first.result, first.date))
            .flatten(),
        since_previous: previous.and_then(|p| change_between(&latest.result, &p.result, p.date)),
        shown: latest.result.describe(),
        words: Vec::new(),
        change_words: Vec::new(),
    };
    match &latest.result {
        TestResult::ChairStand(n) => {
            s.missing = missing(profile, true, true);
            if let (Some(age), Some(sex)) = (age, profile.sex) {
                match norms::chair_stand(age, sex) {
                    Some(row) => {
                        let band = format!("{} {}–{}", sex.people(), row.from, row.to);
                        let range = format!("{}–{} stands", row.low, row.high);
                        s.words.push(match *n {
                            n if n < row.low => format!("below the usual range for {band} ({range})"),
                            n if n > row.high => format!("above the usual range for {band} ({range})"),
                            _ => format!("within the usual range for {band} ({range})"),
                        });
                        s.fall_risk = *n < row.below;
                        if s.fall_risk {
                            s.words.push(format!(
                                "below the fall-risk line ({} stands for {band}) — {TALK}",
                                row.below
                            ));
                        }
                        s.norm = Some(Norm { low: t(row.low), high: t(row.high), band });
                    }
                    None => s.words.push(format!("no norm for this age ({age}; the table covers 60–94)")),
                }
            }
        }
        TestResult::FourStage(held) => {
            let reached = held.len();
            let last = held[reached - 1];
            s.words.push(format!("reached stage {reached} ({}), held {last} s", STAGES[reached - 1]));
            s.fall_risk = four_stage_fall_risk(held);
            if s.fall_risk {
                s.words.push(format!("tandem stance not held for 10 s: below the fall-risk line — {TALK}"));
            }
        }
        TestResult::Tug(secs) => {
            s.fall_risk = secs.0 >= norms::TUG_FALLS;
            s.words.push(if s.fall_risk {
                format!("12 s or more: in the range linked to falls — {TALK}")
            } else {
                "under the 12 s fall-risk line".to_string()
            });
        }
        TestResult::HeelRaise { left, right } => {
            s.missing = missing(profile, false, true);
            let normal = norms::HEEL_RAISE_NORMAL;
            if let Some(sex) = profile.sex {
                let median = norms::heel_raise_median(sex);
                let band = format!("{} (median {median}); about {normal} is usual", sex.people());
                for (foot, n) in [("left", *left), ("right", *right)] {
                    s.words.push(match n {
                        n if n < median => format!("{foot} {n}: below the median for {}", sex.people()),
                        n if n < normal => format!("{foot} {n}: at or above the median for {}", sex.people()),
                        n => format!("{foot} {n}: at or above about {normal}, the usual figure"),
                    });
                }
                s.norm = Some(Norm { low: t(median), high: t(normal), band });
            }
            let gap = left.abs_diff(*right);
            if gap >= HEEL_RAISE_GAP {
                let weaker = if left < right { "left" } else { "right" };
                s.words.push(format!("the {weaker} foot did {gap} fewer: a gap of {HEEL_RAISE_GAP} or more"));
            }
        }
    }
    if !s.missing.is_empty() {
        s.words.push(missing_words(&s.missing));
    }
    if let Some(c) = &s.since_first {
        s.change_words.push(change_words(name, "first", c));
    }
    if let (Some(c), true) = (&s.since_previous, results.len() > 2) {
        s.change_words.push(change_words(name, "previous", c));
    }
    s
}

fn median(mut v: Vec<u16>) -> u16 {
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        ((u32::from(v[n / 2 - 1]) + u32::from(v[n / 2])) / 2) as u16
    }
}

/// True when a line of §11.2 (5 s, 30 s) lies between two stance values (tenths): a real
/// change for single-leg stance, whose day-to-day noise is about 24 s.
pub fn crosses_a_line(a: u16, b: u16) -> bool {
    [norms::STANCE_INJURIOUS, norms::STANCE_FALLS].iter().any(|&line| (a < line) != (b < line))
}

/// Single-leg stance per foot: the change between two values, real when it crosses a line.
fn stance_change(now: [Option<u16>; 2], then: [Option<u16>; 2], from: NaiveDate) -> Change {
    let pair = |i: usize| match (now[i], then[i]) {
        (Some(a), Some(b)) => {
            (Some(f64::from(i32::from(a) - i32::from(b)) / 10.0), Some(crosses_a_line(a, b)))
        }
        _ => (None, None),
    };
    let (l, r) = (pair(0), pair(1));
    Change { change: Amount::Feet([l.0, r.0]), real: Real::Feet([l.1, r.1]), from }
}

/// The stance row: the latest day's best per foot against Springer's mean for the age and
/// the Hurvitz and Vellas lines. Since the first: the median of the last 3 days with a
/// reading against that of the first 3 (when there are 6 or more such days, else the single
/// days); real only when a line lies between them.
fn stance_standing(profile: &Profile, days: &[StanceDay]) -> Option<Standing> {
    let days: Vec<&StanceDay> = days.iter().filter(|d| d.left.is_some() || d.right.is_some()).collect();
    let latest = *days.last()?;
    let tenths = |d: &StanceDay| [d.left.map(Stance::tenths), d.right.map(Stance::tenths)];
    let now = tenths(latest);
    let mut s = Standing {
        test: STANCE,
        latest: Latest { date: latest.date, values: now.iter().map(|v| v.map(Tenths)).collect() },
        norm: None,
        missing: missing(profile, true, false),
        fall_risk: false,
        since_first: None,
        since_previous: None,
        shown: format!(
            "left {}, right {}",
            latest.left.map_or("—".to_string(), |v| format!("{v} s")),
            latest.right.map_or("—".to_string(), |v| format!("{v} s"))
        ),
        words: Vec::new(),
        change_words: Vec::new(),
    };
    if let Some(age) = profile.age_in(latest.date.year()) {
        match norms::stance(age) {
            Some(row) => {
                let band = format!("ages {}–{}, eyes open", row.from, row.to);
                s.words.push(format!("the mean for {band} is {} s", Tenths(row.mean)));
                s.norm = Some(Norm { low: Tenths(row.mean), high: Tenths(row.mean), band });
            }
            None => s.words.push(format!("no norm for this age ({age})")),
        }
    }
    for (foot, v) in [("left", now[0]), ("right", now[1])] {
        let Some(v) = v else { continue };
        if v < norms::STANCE_INJURIOUS {
            s.words.push(format!(
                "{foot} {}: under 5 s, the range linked to injurious falls — {TALK}",
                Tenths(v)
            ));
        } else if v < norms::STANCE_FALLS {
            s.words
                .push(format!("{foot} {}: under 30 s, the range linked to falls in neuropathy", Tenths(v)));
        }
    }
    s.fall_risk = now.iter().flatten().any(|&v| v < norms::STANCE_FALLS);
    if !s.missing.is_empty() {
        s.words.push(missing_words(&s.missing));
    }
    if days.len() >= 2 {
        let (then, now_v) = if days.len() >= 6 {
            let med = |ds: &[&StanceDay], i: usize| {
                let v: Vec<u16> = ds.iter().filter_map(|d| tenths(d)[i]).collect();
                (!v.is_empty()).then(|| median(v))
            };
            let (first3, last3) = (&days[..3], &days[days.len() - 3..]);
            ([med(first3, 0), med(first3, 1)], [med(last3, 0), med(last3, 1)])
        } else {
            (tenths(days[0]), now)
        };
        let c = stance_change(now_v, then, days[0].date);
        let how = if days.len() >= 6 { " (medians of 3 days)" } else { "" };
        s.change_words.push(format!("{}{how}", stance_words("first", &c)));
        s.since_first = Some(c);
        let prev = days[days.len() - 2];
        let c = stance_change(now, tenths(prev), prev.date);
        if days.len() > 2 {
            s.change_words.push(stance_words("previous", &c));
        }
        s.since_previous = Some(c);
    }
    Some(s)
}

fn stance_words(since: &str, c: &Change) -> String {
    let (Amount::Feet(v), Real::Feet(r)) = (&c.change, &c.real) else { return String::new() };
    let foot = |side: &str, v: Option<f64>, r: Option<bool>| match (v, r) {
        (Some(v), Some(true)) => format!("{side} {v:+.1} s (a line crossed: a real change)"),
        (Some(v), Some(false)) => format!("{side} {v:+.1} s (no line crossed: within the noise)"),
        _ => format!("{side} not measured"),
    };
    format!(
        "since the {since} reading ({}): {}, {}",
        c.from,
        foot("left", v[0], r[0]),
        foot("right", v[1], r[1])
    )
}

/// Every test taken, in the order of §11.2's table, then the single-leg stance from `log`.
/// `tests` are oldest first.
pub fn standings(profile: &Profile, tests: &[Taken], stance: &[StanceDay]) -> Vec<Standing> {
    let mut out = Vec::new();
    for name in TestName::ALL {
        let results: Vec<Taken> = tests.iter().filter(|t| t.result.name() == name).cloned().collect();
        if !results.is_empty() {
            out.push(test_standing(profile, &results));
        }
    }
    out.extend(stance_standing(profile, stance));
    out
}

/// The test results among `items`, in their order.
pub fn taken_from(items: &[crate::domain::Item]) -> Vec<Taken> {
    items
        .iter()
        .filter_map(|i| match &i.body {
            crate::domain::Body::Test(x) => Some(Taken { date: i.date(), result: x.result.clone() }),
            _ => None,
        })
        .collect()
}

/// The daily best single-leg stance per foot among `items` (§4), oldest first.
pub fn stance_from(items: &[crate::domain::Item]) -> Vec<StanceDay> {
    stance_of(&crate::daily::summarize(items))
}

/// The days of `days` with a single-leg stance, as [`stance_from`] finds them in items.
pub fn stance_of(days: &[crate::daily::Day]) -> Vec<StanceDay> {
    days.iter()
        .filter(|d| d.stance_left.is_some() || d.stance_right.is_some())
        .map(|d| StanceDay { date: d.date, left: d.stance_left, right: d.stance_right })
        .collect()
}

/// One test in `trend` (§11.2): its latest result in each window, or null.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrendTest {
    pub test: &'static str,
    pub previous: Option<Latest>,
    pub current: Option<Latest>,
}

/// The tests taken in either window (`previous` and `current` are inclusive date ranges),
/// in the order of `footing tests`, the stance row last.
pub fn trend_tests(
    tests: &[Taken],
    stance: &[StanceDay],
    previous: (NaiveDate, NaiveDate),
    current: (NaiveDate, NaiveDate),
) -> Vec<TrendTest> {
    let within = |d: NaiveDate, (from, to): (NaiveDate, NaiveDate)| from <= d && d <= to;
    let latest_test = |name: TestName, w| {
        tests
            .iter()
            .rev()
            .find(|t| t.result.name() == name && within(t.date, w))
            .map(|t| Latest { date: t.date, values: t.result.values().into_iter().map(Some).collect() })
    };
    let mut out: Vec<TrendTest> = TestName::ALL
        .iter()
        .map(|&n| TrendTest {
            test: n.as_str(),
            previous: latest_test(n, previous),
            current: latest_test(n, current),
        })
        .collect();
    let latest_stance = |w| {
        stance.iter().rev().find(|d| within(d.date, w) && (d.left.is_some() || d.right.is_some())).map(|d| {
            Latest {
                date: d.date,
                values: vec![d.left.map(|s| Tenths(s.tenths())), d.right.map(|s| Tenths(s.tenths()))],
            }
        })
    };
    out.push(TrendTest { test: STANCE, previous: latest_stance(previous), current: latest_stance(current) });
    out.retain(|t| t.previous.is_some() || t.current.is_some());
    out
}

/// The advice note of §11.2 (a TUG of 12 s or more, or tandem under 10 s, in T−27 … T).
pub const FALL_RISK_NOTE: &str = "your balance test is in the range linked to falls: talk to your \
                                  physiotherapist, and do balance work with support";

/// The fall-risk advice note as of `t`, when a test in T−27 … T calls for it.
pub fn fall_risk_note(tests: &[Taken], t: NaiveDate) -> Option<&'static str> {
    let from = t.checked_sub_days(Days::new(crate::advice::lookback::TESTS))?;
    tests
        .iter()
        .filter(|x| (from..=t).contains(&x.date))
        .any(|x| match &x.result {
            TestResult::Tug(s) => s.0 >= norms::TUG_FALLS,
            TestResult::FourStage(held) => four_stage_fall_risk(held),
            _ => false,
        })
        .then_some(FALL_RISK_NOTE)
}

/// The caution `test` prints on stderr (§11.2).
pub const CAUTION: &str =
    "caution: take this test only with someone beside you until your clinician says otherwise";

/// What makes the riskier tests need someone beside the person (§11.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Risks {
    /// A pause of §6.3 applies.
    pub paused: bool,
    /// A reported `fall` or `balance-loss` is active.
    pub fall_flag: bool,
    /// The latest single-leg stance is under 5 s (either foot).
    pub stance_under_5: bool,
}

/// The caution for a result: the one-leg stage of the four-stage test or the heel raise to
/// fatigue, while any risk applies.
pub fn caution(result: &TestResult, risks: Risks) -> Option<&'static str> {
    let risky = match result {
        TestResult::FourStage(held) => held.len() == 4,
        TestResult::HeelRaise { .. } => true,
        _ => false,
    };
    (risky && (risks.paused || risks.fall_flag || risks.stance_under_5)).then_some(CAUTION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::home::{Sex, TestResult as R};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn taken(date: &str, name: TestName, values: &[&str]) -> Taken {
        Taken { date: d(date), result: R::from_values(name, values).unwrap() }
    }

    fn woman(born: i32) -> Profile {
        Profile { born: Some(born), sex: Some(Sex::Female), name: None }
    }

    #[test]
    fn chair_stand_reads_against_the_band_of_the_age_on_its_date() {
        // Born 1960: 70 in 2030, so women 70–74: 10–15, fall-risk line 10.
        let p = woman(1960);
        let s = &standings(&p, &[taken("2030-05-01", TestName::ChairStand, &["9"])], &[])[0];
        assert_eq!(
            s.norm.as_ref().map(|n| (n.low, n.high, n.band.as_str())),
            Some((Tenths(100), Tenths(150), "women 70–74"))
        );
        assert!(s.fall_risk);
        assert_eq!(s.words[0], "below the usual range for women 70–74 (10–15 stands)");
        assert_eq!(
            s.words[1],
            "below the fall-risk line (10 stands for women 70–74) — talk to your physiotherapist about it"
        );
        // 10 is on the line: within the range, not below the line.
        let s = &standings(&p, &[taken("2030-05-01", TestName::ChairStand, &["10"])], &[])[0];
        assert!(!s.fall_risk);
        assert_eq!(s.words, ["within the usual range for women 70–74 (10–15 stands)"]);
        let s = &standings(&p, &[taken("2030-05-01", TestName::ChairStand, &["16"])], &[])[0];
        assert_eq!(s.words, ["above the usual range for women 70–74 (10–15 stands)"]);
        // In 2029 she is 69: women 65–69, line 11.
        let s = &standings(&p, &[taken("2029-12-31", TestName::ChairStand, &["10"])], &[])[0];
        assert!(s.fall_risk);
        assert_eq!(s.norm.as_ref().unwrap().band, "women 65–69");
    }

    #[test]
    fn chair_stand_outside_the_table_or_without_details_shows_no_norm() {
        let s = &standings(&woman(1975), &[taken("2034-01-01", TestName::ChairStand, &["14"])], &[])[0];
        assert_eq!((s.norm.is_none(), s.fall_risk), (true, false));
        assert_eq!(s.words, ["no norm for this age (59; the table covers 60–94)"]);
        let s = &standings(&woman(1935), &[taken("2030-01-01", TestName::ChairStand, &["3"])], &[])[0];
        assert_eq!(s.words, ["no norm for this age (95; the table covers 60–94)"]);
        let s = &standings(&Profile::default(), &[taken("2030-01-01", TestName::ChairStand, &["3"])], &[])[0];
        assert_eq!(s.missing, ["born", "sex"]);
        assert!(s.norm.is_none());
        let p = Profile { born: Some(1960), ..Profile::default() };
        let s = &standings(&p, &[taken("2030-01-01", TestName::ChairStand, &["3"])], &[])[0];
        assert_eq!(s.missing, ["sex"]);
    }

    #[test]
    fn chair_stand_change_is_real_from_3_stands() {
        // 10 → 12: +2, noise; 10 → 13: +3, real; and 13 → 10 is real the other way.
        let p = woman(1960);
        let two = [
            taken("2030-01-01", TestName::ChairStand, &["10"]),
            taken("2030-02-01", TestName::ChairStand, &["12"]),
        ];
        let s = &standings(&p, &two, &[])[0];
        assert_eq!(
            s.since_first,
            Some(Change { change: Amount::One(2.0), real: Real::One(false), from: d("2030-01-01") })
        );
        let three = [two[0].clone(), taken("2030-02-01", TestName::ChairStand, &["13"])];
        let s = &standings(&p, &three, &[])[0];
        assert_eq!(s.since_first.as_ref().map(|c| &c.real), Some(&Real::One(true)));
        assert_eq!(s.change_words[0], "+3 stands since the first result (2030-01-01): a real change");
        let down = [
            taken("2030-01-01", TestName::ChairStand, &["13"]),
            taken("2030-02-01", TestName::ChairStand, &["10"]),
        ];
        assert_eq!(
            standings(&p, &down, &[])[0].since_first.as_ref().map(|c| &c.real),
            Some(&Real::One(true))
        );
    }

    #[test]
    fn tug_line_at_12_s_and_real_change_at_2_1_s() {
        let p = Profile::default();
        let s = &standings(&p, &[taken("2030-01-01", TestName::Tug, &["11.9"])], &[])[0];
        assert!(!s.fall_risk);
        let s = &standings(&p, &[taken("2030-01-01", TestName::Tug, &["12"])], &[])[0];
        assert!(s.fall_risk);
        assert!(s.missing.is_empty());
        // 14.0 → 12.0 is −2.0 s: noise; 14.0 → 11.9 is −2.1 s: real.
        let r = |later: &str| {
            let v =
                [taken("2030-01-01", TestName::Tug, &["14"]), taken("2030-01-08", TestName::Tug, &[later])];
            standings(&p, &v, &[])[0].since_first.clone().unwrap()
        };
        assert_eq!((r("12").change, r("12").real), (Amount::One(-2.0), Real::One(false)));
        assert_eq!((r("11.9").change, r("11.9").real), (Amount::One(-2.1), Real::One(true)));
    }

    #[test]
    fn heel_raise_is_per_foot_with_its_gap_named_from_7() {
        let p = woman(1960);
        let v = [
            taken("2030-01-01", TestName::HeelRaise, &["10", "12"]),
            taken("2030-02-01", TestName::HeelRaise, &["16", "19"]),
        ];
        let s = &standings(&p, &v, &[])[0];
        // left +6: noise; right +7: real.
        assert_eq!(
            s.since_first.as_ref().map(|c| (&c.change, &c.real)),
            Some((&Amount::Feet([Some(6.0), Some(7.0)]), &Real::Feet([Some(false), Some(true)])))
        );
        assert_eq!(s.norm.as_ref().map(|n| (n.low, n.high)), Some((Tenths(210), Tenths(250))));
        assert!(s.words.iter().all(|w| !w.contains("gap")), "{:?}", s.words);
        let gap = |l: &str, r: &str| {
            standings(&p, &[taken("2030-01-01", TestName::HeelRaise, &[l, r])], &[])[0]
                .words
                .iter()
                .any(|w| w.contains("a gap of 7 or more"))
        };
        assert!(!gap("20", "14"));
        assert!(gap("20", "13"));
        assert!(gap("13", "20"));
        let s =
            &standings(&Profile::default(), &[taken("2030-01-01", TestName::HeelRaise, &["20", "20"])], &[])
                [0];
        assert_eq!(s.missing, ["sex"]);
    }

    #[test]
    fn four_stage_fall_risk_is_tandem_under_10_s_and_change_is_another_stage() {
        let p = Profile::default();
        let fr = |v: &[&str]| standings(&p, &[taken("2030-01-01", TestName::FourStage, v)], &[])[0].fall_risk;
        assert!(fr(&["10", "10"]));
        assert!(fr(&["10", "10", "9.9"]));
        assert!(!fr(&["10", "10", "10"]));
        assert!(!fr(&["10", "10", "10", "3"]));
        let v = [
            taken("2030-01-01", TestName::FourStage, &["10", "10", "6"]),
            taken("2030-02-01", TestName::FourStage, &["10", "10", "10", "2"]),
        ];
        let s = &standings(&p, &v, &[])[0];
        assert_eq!(
            s.since_first.as_ref().map(|c| (&c.change, &c.real)),
            Some((&Amount::One(1.0), &Real::One(true)))
        );
        let v = [v[0].clone(), taken("2030-02-01", TestName::FourStage, &["10", "10", "9"])];
        assert_eq!(
            standings(&p, &v, &[])[0].since_first.as_ref().map(|c| c.real.clone()),
            Some(Real::One(false))
        );
    }

    fn sd(date: &str, l: u16, r: u16) -> StanceDay {
        StanceDay { date: d(date), left: Stance::from_tenths(l), right: Stance::from_tenths(r) }
    }

    #[test]
    fn stance_is_real_only_across_a_line() {
        let p = woman(1960);
        // 29.9 → 30.0 s crosses the 30 s line; 10 → 29.9 s (+19.9 s) does not.
        let s = stance_standing(&p, &[sd("2030-01-01", 299, 100), sd("2030-01-02", 300, 299)]).unwrap();
        assert_eq!(s.since_first.as_ref().map(|c| &c.real), Some(&Real::Feet([Some(true), Some(false)])));
        assert_eq!(s.norm.as_ref().map(|n| n.low), Some(Tenths(215)));
        assert!(s.fall_risk);
        // 4.9 → 5.0 s crosses the 5 s line.
        assert!(crosses_a_line(49, 50));
        assert!(!crosses_a_line(50, 299));
        // Six days: medians of the first three (10, 12, 40 → 12) and last three (31, 33, 5 → 31).
        let days = [
            sd("2030-01-01", 100, 400),
            sd("2030-01-02", 120, 400),
            sd("2030-01-03", 400, 400),
            sd("2030-01-04", 310, 400),
            sd("2030-01-05", 330, 400),
            sd("2030-01-06", 50, 400),
        ];
        let s = stance_standing(&p, &days).unwrap();
        assert_eq!(
            s.since_first.as_ref().map(|c| (&c.change, &c.real)),
            Some((&Amount::Feet([Some(19.0), Some(0.0)]), &Real::Feet([Some(true), Some(false)])))
        );
        // The latest day alone: 5.0 s left is under 30 s, not under 5 s.
        assert!(
            s.words.iter().any(|w| w == "left 5: under 30 s, the range linked to falls in neuropathy"),
            "{:?}",
            s.words
        );
    }

    #[test]
    fn trend_lists_the_tests_of_either_window_with_the_latest_of_each() {
        let prev = (d("2030-02-16"), d("2030-03-01"));
        let cur = (d("2030-03-02"), d("2030-03-15"));
        let tests = [
            taken("2030-02-15", TestName::Tug, &["15"]),
            taken("2030-02-16", TestName::ChairStand, &["9"]),
            taken("2030-02-20", TestName::ChairStand, &["10"]),
            taken("2030-03-15", TestName::ChairStand, &["12"]),
            taken("2030-03-16", TestName::HeelRaise, &["9", "9"]),
        ];
        let stance = [sd("2030-03-03", 120, 80)];
        let got = trend_tests(&tests, &stance, prev, cur);
        // The TUG before the windows and the heel raise after them are left out.
        assert_eq!(got.iter().map(|t| t.test).collect::<Vec<_>>(), ["chair-stand", STANCE]);
        assert_eq!(got[0].previous, Some(Latest { date: d("2030-02-20"), values: vec![Some(Tenths(100))] }));
        assert_eq!(got[0].current, Some(Latest { date: d("2030-03-15"), values: vec![Some(Tenths(120))] }));
        assert_eq!(got[1].previous, None);
        assert_eq!(
            got[1].current.as_ref().map(|l| l.values.clone()),
            Some(vec![Some(Tenths(120)), Some(Tenths(80))])
        );
    }

    #[test]
    fn the_fall_risk_note_looks_at_t_minus_27_to_t() {
        let t = d("2030-03-01");
        let at = |date: &str, name, v: &[&str]| vec![taken(date, name, v)];
        // T−27 is 2030-02-02; T−28 is 2030-02-01.
        assert_eq!(fall_risk_note(&at("2030-02-02", TestName::Tug, &["12"]), t), Some(FALL_RISK_NOTE));
        assert_eq!(fall_risk_note(&at("2030-02-01", TestName::Tug, &["12"]), t), None);
        assert_eq!(fall_risk_note(&at("2030-02-02", TestName::Tug, &["11.9"]), t), None);
        assert_eq!(
            fall_risk_note(&at("2030-03-01", TestName::FourStage, &["10", "10", "9.9"]), t),
            Some(FALL_RISK_NOTE)
        );
        assert_eq!(fall_risk_note(&at("2030-03-01", TestName::FourStage, &["10", "10", "10"]), t), None);
        assert_eq!(fall_risk_note(&at("2030-03-02", TestName::Tug, &["20"]), t), None);
        assert_eq!(fall_risk_note(&at("2030-03-01", TestName::ChairStand, &["0"]), t), None);
    }

    #[test]
    fn cautions_only_for_one_leg_and_heel_raise_while_a_risk_applies() {
        let one_leg = R::from_values(TestName::FourStage, &["10", "10", "10", "4"]).unwrap();
        let tandem = R::from_values(TestName::FourStage, &["10", "10", "10"]).unwrap();
        let heel = R::from_values(TestName::HeelRaise, &["10", "10"]).unwrap();
        let tug = R::from_values(TestName::Tug, &["10"]).unwrap();
        let none = Risks::default();
        for risks in [
            Risks { paused: true, ..none },
            Risks { fall_flag: true, ..none },
            Risks { stance_under_5: true, ..none },
        ] {
            assert_eq!(caution(&one_leg, risks), Some(CAUTION));
            assert_eq!(caution(&heel, risks), Some(CAUTION));
            assert_eq!(caution(&tandem, risks), None);
            assert_eq!(caution(&tug, risks), None);
        }
        assert_eq!(caution(&one_leg, none), None);
        assert_eq!(caution(&heel, none), None);
    }
}
