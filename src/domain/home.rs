//! Home tests, foot temperatures and the person's profile (§11), as checked types.
//!
//! `test`, `temp`, `profile`, the store and import all parse through here, so a range or a
//! decimal rule lives in one place. Errors say what is allowed; callers name the flag or
//! field.

use std::fmt;

use serde::{Serialize, Serializer};

/// A value in tenths (seconds or °C), shown with at most one decimal: `12`, `12.5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(pub u16);

impl Tenths {
    pub fn value(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(10) {
            write!(f, "{}", self.0 / 10)
        } else {
            write!(f, "{}.{}", self.0 / 10, self.0 % 10)
        }
    }
}

impl Tenths {
    /// Always with its decimal: `33.0`, as temperatures are shown.
    pub fn fixed(self) -> String {
        format!("{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for Tenths {
    /// A whole number as a JSON integer (`12`), else with its decimal (`14.2`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(10) {
            s.serialize_u16(self.0 / 10)
        } else {
            s.serialize_f64(self.value())
        }
    }
}

/// Parses a number with at most one decimal into tenths, within `min..=max` tenths.
/// `what` describes the number for the message ("seconds", "°C").
pub fn parse_tenths(s: &str, min: u16, max: u16, what: &str) -> Result<Tenths, String> {
    let allowed =
        || format!("expected {what} from {} to {} with at most one decimal", Tenths(min), Tenths(max));
    let t = s.trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.trim_start_matches('0').len() > 4 || !digits(whole) || !digits(frac) {
        return Err(allowed());
    }
    if frac.len() > 1 || t.ends_with('.') {
        return Err(allowed());
    }
    let whole: u32 = whole.parse().map_err(|_| allowed())?;
    let tenth: u32 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| allowed())? };
    let n = whole * 10 + tenth;
    if n < u32::from(min) || n > u32::from(max) {
        return Err(allowed());
    }
    Ok(Tenths(n as u16))
}

/// The four home tests of §11.2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TestName {
    ChairStand,
    FourStage,
    Tug,
    HeelRaise,
}

impl TestName {
    pub const ALL: [TestName; 4] =
        [TestName::ChairStand, TestName::FourStage, TestName::Tug, TestName::HeelRaise];

    pub fn as_str(self) -> &'static str {
        match self {
            TestName::ChairStand => "chair-stand",
            TestName::FourStage => "four-stage",
            TestName::Tug => "tug",
            TestName::HeelRaise => "heel-raise",
        }
    }

    /// The test in words, for people.
    pub fn title(self) -> &'static str {
        match self {
            TestName::ChairStand => "30-second chair stand",
            TestName::FourStage => "4-stage balance test",
            TestName::Tug => "Timed Up and Go",
            TestName::HeelRaise => "heel raise to fatigue",
        }
    }
}

impl fmt::Display for TestName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TestName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

pub fn parse_test_name(s: &str) -> Result<TestName, String> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(n) = TestName::ALL.iter().find(|n| n.as_str() == t) {
        return Ok(*n);
    }
    let near = TestName::ALL.iter().find(|n| {
        t.len() >= 3
            && (n.as_str().starts_with(&t) || crate::program::catalogue::distance(&t, n.as_str()) <= 2)
    });
    let hint = near.map(|n| format!("did you mean {n}? ")).unwrap_or_default();
    Err(format!("{hint}expected a test: chair-stand, four-stage, tug or heel-raise"))
}

/// One test's result, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TestResult {
    /// Full stands in 30 s (0–60); 0 when the arms were used.
    ChairStand(u8),
    /// Seconds held at each stage reached, in order (1–4 stages, 0–10 s each).
    FourStage(Vec<Tenths>),
    /// Timed Up and Go, seconds (3–120).
    Tug(Tenths),
    /// Single-leg raises to fatigue, per foot (0–150 each).
    HeelRaise { left: u8, right: u8 },
}

/// The left–right heel-raise gap that is named (§11.2).
pub const HEEL_RAISE_GAP: u8 = 7;

impl TestResult {
    pub fn name(&self) -> TestName {
        match self {
            TestResult::ChairStand(_) => TestName::ChairStand,
            TestResult::FourStage(_) => TestName::FourStage,
            TestResult::Tug(_) => TestName::Tug,
            TestResult::HeelRaise { .. } => TestName::HeelRaise,
        }
    }

    /// The numbers as stored and exported, in order.
    pub fn values(&self) -> Vec<Tenths> {
        match self {
            TestResult::ChairStand(n) => vec![Tenths(u16::from(*n) * 10)],
            TestResult::FourStage(v) => v.clone(),
            TestResult::Tug(t) => vec![*t],
            TestResult::HeelRaise { left, right } => {
                vec![Tenths(u16::from(*left) * 10), Tenths(u16::from(*right) * 10)]
            }
        }
    }

    /// `12`, `10;10;6`, `14.2`, `20;18`: the stored and CSV form.
    pub fn joined(&self) -> String {
        self.values().iter().map(ToString::to_string).collect::<Vec<_>>().join(";")
    }

    /// Builds a result from its test and numbers, as `test` and import give them.
    /// `Err((index, allowed))` names the bad number (from 0), or `None` for the count.
    pub fn from_values(name: TestName, values: &[&str]) -> Result<TestResult, (Option<usize>, String)> {
        let count = |n: &str| Err((None, format!("{} takes {n}", name)));
        let each = |i: usize, r: Result<Tenths, String>| r.map_err(|a| (Some(i), a));
        let whole = |s: &str, max: u8| -> Result<Tenths, String> {
            crate::domain::parse_whole(s, 0, u32::from(max)).map(|n| Tenths(n as u16 * 10))
        };
        match name {
            TestName::ChairStand => match values {
                [v] => Ok(TestResult::ChairStand((each(0, whole(v, 60))?.0 / 10) as u8)),
                _ => count("one number: the stands in 30 seconds (0–60)"),
            },
            TestName::FourStage => {
                if values.is_empty() || values.len() > 4 {
                    return count(
                        "1 to 4 numbers: the seconds held (0–10) at each stage reached, like 10 10 6",
                    );
                }
                let held = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| each(i, parse_tenths(v, 0, 100, "seconds")))
                    .collect::<Result<Vec<_>, _>>()?;
                // A stage is reached only after the one before was held for the full 10 s.
                if let Some(i) = held[..held.len() - 1].iter().position(|t| t.0 < 100) {
                    return Err((
                        Some(i + 1),
                        format!(
                            "stage {} follows only a stage held for 10 s; stage {} was held {} s",
                            i + 2,
                            i + 1,
                            held[i]
                        ),
                    ));
                }
                Ok(TestResult::FourStage(held))
            }
            TestName::Tug => match values {
                [v] => Ok(TestResult::Tug(each(0, parse_tenths(v, 30, 1200, "seconds"))?)),
                _ => count("one number: the seconds from standing up to sitting down (3–120)"),
            },
            TestName::HeelRaise => match values {
                [l, r] => Ok(TestResult::HeelRaise {
                    left: (each(0, whole(l, 150))?.0 / 10) as u8,
                    right: (each(1, whole(r, 150))?.0 / 10) as u8,
                }),
                _ => count("two numbers: --left N --right N (0–150 each)"),
            },
        }
    }

    /// Parses the stored or exported form (`10;10;6`).
    pub fn parse_joined(name: TestName, joined: &str) -> Result<TestResult, String> {
        let parts: Vec<&str> = joined.split(';').collect();
        TestResult::from_values(name, &parts).map_err(|(i, why)| match i {
            Some(i) => format!("'{}': {why}", parts[i].trim()),
            None => why,
        })
    }

    /// The result in words: `12 stands`, `10, 10, 6 s`, `14.2 s`, `left 20, right 18`.
    pub fn describe(&self) -> String {
        match self {
            TestResult::ChairStand(n) => format!("{n} stand{}", if *n == 1 { "" } else { "s" }),
            TestResult::FourStage(v) => {
                format!("{} s", v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
            }
            TestResult::Tug(t) => format!("{t} s"),
            TestResult::HeelRaise { left, right } => format!("left {left}, right {right}"),
        }
    }
}

/// A test as an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestItem {
    pub result: TestResult,
    pub note: Option<String>,
}

/// The six measuring sites, the same on both feet (§11.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Site {
    Hallux,
    Met1,
    Met3,
    Met5,
    Midfoot,
    Heel,
}

impl Site {
    pub const ALL: [Site; 6] = [Site::Hallux, Site::Met1, Site::Met3, Site::Met5, Site::Midfoot, Site::Heel];

    pub fn as_str(self) -> &'static str {
        match self {
            Site::Hallux => "hallux",
            Site::Met1 => "met1",
            Site::Met3 => "met3",
            Site::Met5 => "met5",
            Site::Midfoot => "midfoot",
            Site::Heel => "heel",
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Site {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

pub fn parse_site(s: &str) -> Result<Site, String> {
    // A site as stored: no lowercase copy.
    if let Some(site) = Site::ALL.iter().copied().find(|x| x.as_str() == s) {
        return Ok(site);
    }
    let t = s.trim().to_ascii_lowercase();
    Site::ALL.iter().copied().find(|x| x.as_str() == t).ok_or_else(|| {
        "expected a site: hallux, met1, met3, met5, midfoot or heel (the same on both feet)".to_string()
    })
}

/// The unit temperatures are given in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TempUnit {
    #[default]
    Celsius,
    Fahrenheit,
}

/// The °C range of a skin temperature, in tenths.
pub const TEMP_MIN_C: u16 = 150;
pub const TEMP_MAX_C: u16 = 420;
/// The °F range, in tenths: 59.0–107.6 °F is 15.0–42.0 °C.
pub const TEMP_MIN_F: u16 = 590;
pub const TEMP_MAX_F: u16 = 1076;

/// °F (tenths) to °C (tenths), rounded to the nearest tenth (halves up).
pub fn fahrenheit_to_celsius(f: Tenths) -> Tenths {
    // (F − 32) × 5/9, in tenths: (f − 320) × 5 / 9; f ≥ 590 so the difference is positive.
    let x = u32::from(f.0) - 320;
    Tenths(((x * 10 + 9) / 18) as u16)
}

/// A pair read in °F, stored in °C so that the difference keeps its °F size: the left value
/// is converted, and the right one is the left minus the converted difference. Converting
/// each value alone would turn some 4.0 °F differences (the line) into 2.3 °C (above it):
/// 63.6 and 59.6 °F are 17.56 and 15.33 °C, 17.6 and 15.3 rounded.
pub fn fahrenheit_pair(site: Site, left: Tenths, right: Tenths) -> SiteTemp {
    let l = fahrenheit_to_celsius(left);
    // (left − right) × 5/9 in tenths, rounded half away from zero.
    let diff = i32::from(left.0) - i32::from(right.0);
    let diff_c = (diff.abs() * 10 + 9) / 18 * diff.signum();
    let r = (i32::from(l.0) - diff_c).clamp(i32::from(TEMP_MIN_C), i32::from(TEMP_MAX_C));
    SiteTemp { site, left: l, right: Tenths(r as u16) }
}

/// One skin temperature in °C (tenths), parsed in the unit given.
pub fn parse_temp(s: &str, unit: TempUnit) -> Result<Tenths, String> {
    match unit {
        TempUnit::Celsius => parse_tenths(s, TEMP_MIN_C, TEMP_MAX_C, "°C"),
        TempUnit::Fahrenheit => {
            parse_tenths(s, TEMP_MIN_F, TEMP_MAX_F, "°F (with --unit f)").map(fahrenheit_to_celsius)
        }
    }
}

/// One site's pair of readings, °C.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SiteTemp {
    pub site: Site,
    pub left: Tenths,
    pub right: Tenths,
}

impl SiteTemp {
    /// left − right, in tenths of a degree.
    pub fn difference(&self) -> i32 {
        i32::from(self.left.0) - i32::from(self.right.0)
    }
}

impl fmt::Display for SiteTemp {
    /// `hallux:31.2:30.9`, as typed (in °C), stored and exported.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.site, self.left.fixed(), self.right.fixed())
    }
}

/// Parses one `SITE:LEFT:RIGHT`.
pub fn parse_site_temp(s: &str, unit: TempUnit) -> Result<SiteTemp, String> {
    let mut parts = s.split(':');
    let (Some(site), Some(left), Some(right), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("expected SITE:LEFT:RIGHT, like hallux:31.2:30.8".to_string());
    };
    let site = parse_site(site)?;
    if unit == TempUnit::Fahrenheit {
        let f = |s: &str, foot: &str| {
            parse_tenths(s, TEMP_MIN_F, TEMP_MAX_F, "°F (with --unit f)")
                .map_err(|a| format!("{foot} {site}: {a}"))
        };
        return Ok(fahrenheit_pair(site, f(left, "left")?, f(right, "right")?));
    }
    let left = parse_temp(left, unit).map_err(|a| format!("left {site}: {a}"))?;
    let right = parse_temp(right, unit).map_err(|a| format!("right {site}: {a}"))?;
    Ok(SiteTemp { site, left, right })
}

/// One measurement: the sites taken, each once, in the order of [`Site::ALL`].
pub type Temps = Vec<SiteTemp>;

/// Parses a list of `SITE:LEFT:RIGHT` (given as arguments, or joined by `;` as stored).
pub fn parse_temps<'a>(parts: impl IntoIterator<Item = &'a str>, unit: TempUnit) -> Result<Temps, String> {
    let mut temps: Temps = Vec::new();
    for part in parts {
        let t = parse_site_temp(part, unit)?;
        if temps.iter().any(|x| x.site == t.site) {
            return Err(format!("{} is given twice; give each site once", t.site));
        }
        temps.push(t);
    }
    if temps.is_empty() {
        return Err("expected at least one SITE:LEFT:RIGHT, like hallux:31.2:30.8".to_string());
    }
    temps.sort_by_key(|t| t.site);
    Ok(temps)
}

pub fn join_temps(temps: &[SiteTemp]) -> String {
    temps.iter().map(ToString::to_string).collect::<Vec<_>>().join(";")
}

/// A measurement in words: `foot temperatures (°C, left/right) hallux 31.2/30.8, heel 30/29.5`.
pub fn describe_temps(temps: &[SiteTemp]) -> String {
    let sites: Vec<String> =
        temps.iter().map(|t| format!("{} {}/{}", t.site, t.left.fixed(), t.right.fixed())).collect();
    format!("foot temperatures (°C, left/right) {}", sites.join(", "))
}

/// A temperature measurement as an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TempItem {
    pub temps: Temps,
    pub note: Option<String>,
}

/// The sex the norms are tabulated by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }

    /// `women`, `men`: how a band is named.
    pub fn people(self) -> &'static str {
        match self {
            Sex::Female => "women",
            Sex::Male => "men",
        }
    }
}

impl Serialize for Sex {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

pub fn parse_sex(s: &str) -> Result<Sex, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "female" => Ok(Sex::Female),
        "male" => Ok(Sex::Male),
        _ => Err("expected female or male (the sex the norms are tabulated by)".to_string()),
    }
}

/// A birth year, 1900 to the current year.
pub fn parse_born(s: &str, this_year: i32) -> Result<i32, String> {
    crate::domain::parse_whole(s, 1900, this_year.max(1900) as u32)
        .map(|n| n as i32)
        .map_err(|_| format!("expected a birth year from 1900 to {this_year}"))
}

/// The longest name kept.
pub const NAME_MAX: usize = 200;

pub fn parse_name(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("a name needs some text".to_string());
    }
    if t.chars().count() > NAME_MAX || t.chars().any(char::is_control) {
        return Err(format!("expected a name on one line of at most {NAME_MAX} characters"));
    }
    Ok(t.to_string())
}

/// The person (§11.1); every detail optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub born: Option<i32>,
    pub sex: Option<Sex>,
    pub name: Option<String>,
}

impl Profile {
    /// Age on a date in `year`: the year difference (§11.1).
    pub fn age_in(&self, year: i32) -> Option<i32> {
        self.born.map(|b| year - b)
    }

    pub fn is_empty(&self) -> bool {
        self.born.is_none() && self.sex.is_none() && self.name.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_take_one_decimal_and_respect_the_range() {
        assert_eq!(parse_tenths("12.5", 30, 1200, "seconds"), Ok(Tenths(125)));
        assert_eq!(parse_tenths("3", 30, 1200, "seconds"), Ok(Tenths(30)));
        assert_eq!(parse_tenths("120", 30, 1200, "seconds"), Ok(Tenths(1200)));
        for bad in ["2.9", "120.1", "12.25", "", "-3", "1e1", "5.", ".5", "abc", "12,5"] {
            assert_eq!(
                parse_tenths(bad, 30, 1200, "seconds"),
                Err("expected seconds from 3 to 120 with at most one decimal".to_string()),
                "{bad}"
            );
        }
    }

    #[test]
    fn each_test_checks_its_numbers() {
        use TestName::*;
        let ok = |n, v: &[&str]| TestResult::from_values(n, v);
        assert_eq!(ok(ChairStand, &["60"]), Ok(TestResult::ChairStand(60)));
        assert_eq!(ok(ChairStand, &["61"]).unwrap_err().0, Some(0));
        assert_eq!(ok(ChairStand, &["12.5"]).unwrap_err().0, Some(0));
        assert_eq!(ok(ChairStand, &[]).unwrap_err().0, None);
        assert_eq!(ok(FourStage, &["10", "10", "6"]).unwrap().joined(), "10;10;6");
        assert_eq!(ok(FourStage, &["10", "10", "10", "4.5"]).unwrap().joined(), "10;10;10;4.5");
        assert_eq!(ok(FourStage, &["10.1"]).unwrap_err().0, Some(0));
        assert_eq!(ok(FourStage, &["10", "10", "10", "10", "10"]).unwrap_err().0, None);
        // Stage 3 cannot follow a semi-tandem held 8 s.
        let e = ok(FourStage, &["10", "8", "3"]).unwrap_err();
        assert_eq!(e, (Some(2), "stage 3 follows only a stage held for 10 s; stage 2 was held 8 s".into()));
        assert_eq!(ok(Tug, &["2.9"]).unwrap_err().0, Some(0));
        assert_eq!(ok(Tug, &["3"]), Ok(TestResult::Tug(Tenths(30))));
        assert_eq!(ok(Tug, &["12.35"]).unwrap_err().0, Some(0));
        assert_eq!(ok(HeelRaise, &["150", "0"]), Ok(TestResult::HeelRaise { left: 150, right: 0 }));
        assert_eq!(ok(HeelRaise, &["20", "151"]).unwrap_err().0, Some(1));
        assert_eq!(ok(HeelRaise, &["20"]).unwrap_err().0, None);
        let r = TestResult::parse_joined(HeelRaise, "20;18").unwrap();
        assert_eq!(r.describe(), "left 20, right 18");
        assert_eq!(TestResult::parse_joined(Tug, "14.2").unwrap().joined(), "14.2");
    }

    #[test]
    fn test_names_suggest_the_nearest() {
        assert_eq!(parse_test_name("TUG"), Ok(TestName::Tug));
        assert!(parse_test_name("chair").unwrap_err().starts_with("did you mean chair-stand?"));
        assert!(parse_test_name("heel-raises").unwrap_err().starts_with("did you mean heel-raise?"));
        assert!(parse_test_name("walk").unwrap_err().starts_with("expected a test"));
    }

    #[test]
    fn fahrenheit_edges_convert_to_the_celsius_edges() {
        let f = |s: &str| parse_temp(s, TempUnit::Fahrenheit);
        assert_eq!(f("59"), Ok(Tenths(150)));
        assert_eq!(f("107.6"), Ok(Tenths(420)));
        assert!(f("58.9").is_err());
        assert!(f("107.7").is_err());
        // 98.6 °F is 37.0 °C; 90.0 °F is 32.22… → 32.2; 86.5 °F is 30.27… → 30.3.
        assert_eq!(f("98.6"), Ok(Tenths(370)));
        assert_eq!(f("90"), Ok(Tenths(322)));
        assert_eq!(f("86.5"), Ok(Tenths(303)));
        let c = |s: &str| parse_temp(s, TempUnit::Celsius);
        assert_eq!(c("15"), Ok(Tenths(150)));
        assert_eq!(c("42.0"), Ok(Tenths(420)));
        assert!(c("14.9").is_err());
        assert!(c("42.1").is_err());
        assert!(c("31.25").is_err());
    }

    #[test]
    fn temperatures_parse_per_site_once_each() {
        let t = parse_temps(["heel:30:29.5", "hallux:31.2:30.8"], TempUnit::Celsius).unwrap();
        assert_eq!(join_temps(&t), "hallux:31.2:30.8;heel:30.0:29.5");
        assert_eq!(t[1].difference(), 5);
        assert!(parse_temps(["hallux:31:30", "hallux:30:30"], TempUnit::Celsius)
            .unwrap_err()
            .contains("twice"));
        assert!(parse_temps(["toe:31:30"], TempUnit::Celsius).unwrap_err().contains("hallux, met1"));
        assert!(parse_temps(["hallux:31"], TempUnit::Celsius).unwrap_err().contains("SITE:LEFT:RIGHT"));
        assert_eq!(
            parse_temps(["met1:31:43"], TempUnit::Celsius).unwrap_err(),
            "right met1: expected °C from 15 to 42 with at most one decimal"
        );
    }

    #[test]
    fn profile_fields_are_checked() {
        assert_eq!(parse_born("1900", 2031), Ok(1900));
        assert_eq!(parse_born("2031", 2031), Ok(2031));
        assert_eq!(parse_born("1899", 2031), Err("expected a birth year from 1900 to 2031".into()));
        assert!(parse_born("2032", 2031).is_err());
        assert_eq!(parse_sex("Female"), Ok(Sex::Female));
        assert!(parse_sex("f").is_err());
        assert_eq!(parse_name("  Ann  "), Ok("Ann".into()));
        assert!(parse_name(" ").is_err());
        assert!(parse_name("a\nb").is_err());
        let p = Profile { born: Some(1960), ..Profile::default() };
        assert_eq!(p.age_in(2031), Some(71));
    }
}
