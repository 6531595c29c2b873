//! The measures, zones, flags and sessions of the program, as validated types.
//!
//! Every string a person (or an import file) gives us is parsed here, once. The parsers
//! return `Result<T, String>` where the error text says what is allowed; callers attach
//! the flag or field name (clap does it for command-line flags, `import` for file fields).

pub mod dose;
pub mod home;
mod time;

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDateTime;
use serde::{Serialize, Serializer};

use crate::program::catalogue::{self, Exercise};

pub use dose::{parse_dose, Dose};
pub use home::{Profile, Site, SiteTemp, TempItem, TestItem, TestName, TestResult};
pub use time::{
    check_import_not_future, check_not_future, format_at, parse_at, parse_date, parse_stored_at, AT_FORMAT,
};

pub use time::{format_day, format_utc, parse_stored_day, parse_stored_day_time, parse_utc, UTC_FORMAT};

/// A pain score on the 0–10 numeric rating scale.
pub type Pain = u8;

/// Parses a whole number within `min..=max`.
pub fn parse_whole(s: &str, min: u32, max: u32) -> Result<u32, String> {
    let allowed = || format!("expected a whole number from {min} to {max}");
    let t = s.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(allowed());
    }
    match t.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(allowed()),
    }
}

pub fn parse_pain(s: &str) -> Result<Pain, String> {
    parse_whole(s, 0, 10).map(|n| n as Pain)
}

pub fn parse_rpe(s: &str) -> Result<u8, String> {
    parse_whole(s, 0, 10).map(|n| n as u8)
}

pub fn parse_heel_raises(s: &str) -> Result<u16, String> {
    parse_whole(s, 0, 200).map(|n| n as u16)
}

/// A number with its unit after it, as people write it (`30min`, `30 min`, `12.5s`): the
/// number alone. Only the given units, and only after a number.
fn without_unit<'a>(s: &'a str, units: &[&str]) -> &'a str {
    let t = s.trim();
    for unit in units {
        if let Some(n) = t.strip_suffix(unit) {
            let n = n.trim_end();
            if n.ends_with(|c: char| c.is_ascii_digit()) {
                return n;
            }
        }
    }
    t
}

const MINUTES: &[&str] = &["minutes", "minute", "mins", "min", "m"];

/// One walking bout, in whole minutes (`30`, `30min`, `30 min`).
pub fn parse_walk(s: &str) -> Result<u16, String> {
    parse_whole(without_unit(s, MINUTES), 1, 1440).map(|n| n as u16)
}

pub fn parse_sets(s: &str) -> Result<u16, String> {
    parse_whole(s, 1, 20).map(|n| n as u16)
}

pub fn parse_reps(s: &str) -> Result<u16, String> {
    parse_whole(s, 1, 200).map(|n| n as u16)
}

pub fn parse_minutes(s: &str) -> Result<u16, String> {
    parse_whole(without_unit(s, MINUTES), 1, 600).map(|n| n as u16)
}

/// The longest note, in characters (§8): a page of text, which every view shows whole.
pub const NOTE_MAX: usize = 4000;

/// A note, kept exactly as written; it must say something, in at most [`NOTE_MAX`]
/// characters.
pub fn parse_note(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err("a note needs some text".to_string());
    }
    let n = s.chars().count();
    if n > NOTE_MAX {
        return Err(format!("a note is at most 4,000 characters; this one has {}", thousands(n)));
    }
    Ok(s.to_string())
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The foot check as an export writes it: `yes` (checked, nothing found); an empty field
/// means not checked, and never reaches this parser.
pub fn parse_feet_ok(s: &str) -> Result<bool, String> {
    if s.trim().eq_ignore_ascii_case("yes") {
        Ok(true)
    } else {
        Err("expected yes (feet checked, nothing found), or nothing when they were not checked".to_string())
    }
}

/// Single-leg stance time, kept in tenths of a second (0–300 s, one decimal).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stance(u16);

impl Stance {
    pub const MAX_TENTHS: u16 = 3000;

    pub fn from_tenths(tenths: u16) -> Option<Stance> {
        (tenths <= Self::MAX_TENTHS).then_some(Stance(tenths))
    }

    pub fn tenths(self) -> u16 {
        self.0
    }

    pub fn seconds(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(10) {
            write!(f, "{}", self.0 / 10)
        } else {
            write!(f, "{}.{}", self.0 / 10, self.0 % 10)
        }
    }
}

impl Serialize for Stance {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.seconds())
    }
}

pub fn parse_stance(s: &str) -> Result<Stance, String> {
    let allowed = || "expected seconds from 0 to 300 with at most one decimal, like 12.5".to_string();
    let t = without_unit(s, &["seconds", "second", "secs", "sec", "s"]);
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t, ""),
    };
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    // Leading zeros are fine ("030", like "03" for pain); more than three digits are not.
    let significant = whole.trim_start_matches('0');
    if whole.is_empty() || significant.len() > 3 || !digits(whole) || !digits(frac) || frac.len() > 1 {
        return Err(allowed());
    }
    if t.ends_with('.') {
        return Err(allowed());
    }
    let whole: u16 = whole.parse().map_err(|_| allowed())?;
    let tenth: u16 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| allowed())? };
    Stance::from_tenths(whole * 10 + tenth).ok_or_else(allowed)
}

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            fn from_name(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The allowed names, joined for an error message: "a, b or c".
            pub fn allowed() -> String {
                let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                let (last, rest) = names.split_last().expect("non-empty enum");
                format!("{} or {}", rest.join(", "), last)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

named_enum!(
    /// Side of the body.
    Side { Left = "left", Right = "right" }
);

named_enum!(
    /// Regions of the foot and leg, from the toes upward.
    Region {
        Toes = "toes",
        Ball = "ball",
        Arch = "arch",
        Heel = "heel",
        Top = "top",
        Ankle = "ankle",
        Shin = "shin",
        Calf = "calf",
    }
);

named_enum!(
    /// Red flags a person can report; any of them means: pause progression, contact a clinician.
    Flag {
        Weakness = "weakness",
        FootDrop = "foot-drop",
        BalanceLoss = "balance-loss",
        OpenSore = "open-sore",
        SkinChange = "skin-change",
        Infection = "infection",
        NightPain = "night-pain",
        Fall = "fall",
        Injury = "injury",
        Deformity = "deformity",
        NumbnessSpread = "numbness-spread",
        HotFoot = "hot-foot",
    }
);

named_enum!(
    /// Red flags footing detects in the measures (§6.3); `footing reviewed` accepts them too.
    Detected {
        NewNumbness = "new-numbness",
        BalanceDrop = "balance-drop",
        StrengthDrop = "strength-drop",
        PainRising = "pain-rising",
        SeverePain = "severe-pain",
        FootHeat = "foot-heat",
    }
);

/// What a review names: a reported flag or a detected kind (§6.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reviewed {
    Reported(Flag),
    Detected(Detected),
}

impl Reviewed {
    pub fn as_str(self) -> &'static str {
        match self {
            Reviewed::Reported(f) => f.as_str(),
            Reviewed::Detected(d) => d.as_str(),
        }
    }

    /// Every name `reviewed` accepts: the reported flags, then the detected kinds.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Flag::ALL.iter().map(|f| f.as_str()).chain(Detected::ALL.iter().map(|d| d.as_str()))
    }
}

impl fmt::Display for Reviewed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Reviewed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A reported flag's name or a detected kind (`footing reviewed FLAG`); an unknown name is
/// an error naming the nearest ones.
pub fn parse_reviewed(s: &str) -> Result<Reviewed, String> {
    let name = s.trim().to_ascii_lowercase();
    if let Some(f) = Flag::from_name(&name) {
        return Ok(Reviewed::Reported(f));
    }
    if let Some(d) = Detected::from_name(&name) {
        return Ok(Reviewed::Detected(d));
    }
    let mut near: Vec<(usize, &str)> =
        Reviewed::names().map(|n| (edit_distance(&name, n), n)).filter(|&(d, _)| d <= 3).collect();
    near.sort();
    let hint = match near.iter().map(|&(_, n)| n).take(3).collect::<Vec<_>>().as_slice() {
        [] => String::new(),
        names => format!("did you mean {}? ", names.join(" or ")),
    };
    let all: Vec<&str> = Reviewed::names().collect();
    Err(format!("{hint}expected a red flag or a detected kind: {}", all.join(", ")))
}

/// The number of single-character edits between two names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The flags that contradict `--feet-ok` in one entry (§6.3): the foot check found nothing.
pub const SKIN_FLAGS: [Flag; 4] = [Flag::OpenSore, Flag::SkinChange, Flag::Infection, Flag::HotFoot];

/// The first flag of an entry that contradicts its `--feet-ok`.
pub fn skin_flag_with_feet_ok(e: &Entry) -> Option<Flag> {
    e.flags.iter().copied().find(|f| e.feet_ok && SKIN_FLAGS.contains(f))
}

/// Why a skin flag and `--feet-ok` cannot go together.
pub fn feet_ok_contradiction(f: Flag) -> String {
    format!(
        "{f} says the foot check found something, and --feet-ok says it found nothing: \
         give one of them"
    )
}

/// A clinician has seen a red flag (§6.3); `cleared`: they allowed loading the foot again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    pub flag: Reviewed,
    pub cleared: bool,
    pub note: Option<String>,
}

named_enum!(
    /// Kinds of exercise session. The order is the order advice lists them in.
    Kind { Strength = "strength", Balance = "balance", Mobility = "mobility" }
);

pub fn parse_flag(s: &str) -> Result<Flag, String> {
    Flag::from_name(&s.trim().to_ascii_lowercase()).ok_or_else(|| {
        let near = crate::suggest::nearest(s, Flag::ALL.iter().map(|f| f.as_str()));
        format!("{}expected a red flag: {}", crate::suggest::did_you_mean(&near), Flag::allowed())
    })
}

pub fn parse_kind(s: &str) -> Result<Kind, String> {
    // A kind as stored: no copy, no hint to work out.
    if let Some(k) = Kind::from_name(s) {
        return Ok(k);
    }
    let hint = nearest_kind(s).map(|k| format!("did you mean {k}? ")).unwrap_or_default();
    Kind::from_name(&s.trim().to_ascii_lowercase())
        .ok_or_else(|| format!("{hint}expected a session kind: {}", Kind::allowed()))
}

/// The kind a misspelt name most likely meant: one it begins (`mob`), or one within two
/// edits of it (`strenght` → strength, `balence` → balance) — not `stretch`.
pub fn nearest_kind(s: &str) -> Option<Kind> {
    let s = s.trim().to_ascii_lowercase();
    if s.len() < 3 || Kind::from_name(&s).is_some() {
        return None;
    }
    let near =
        |k: &Kind| k.as_str().starts_with(&s) || crate::program::catalogue::distance(&s, k.as_str()) <= 2;
    Kind::ALL.iter().copied().find(near)
}

/// A numbness zone: one side and one region. Ordered by side (left first), then region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Zone {
    pub side: Side,
    pub region: Region,
}

impl Zone {
    pub fn all() -> impl Iterator<Item = Zone> {
        Side::ALL.iter().flat_map(|&side| Region::ALL.iter().map(move |&region| Zone { side, region }))
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.side, self.region)
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What a numbness check found: the set of numb zones, empty for "none" (checked, no numbness).
pub type Numb = BTreeSet<Zone>;

fn zone_allowed() -> String {
    format!(
        "expected `none` or SIDE-REGION zones separated by commas, where SIDE is left, right or both and REGION is {}",
        Region::allowed()
    )
}

/// Parses one zone word: `left-toes`, `both-ankle` (two zones) or `none` (no zones).
fn parse_zone_word(word: &str, into: &mut Numb) -> Result<bool, String> {
    // A zone as stored (`left-toes`): read as it is, without a lowercase copy.
    if let Some((side, region)) = word.split_once('-') {
        if let (Some(side), Some(region)) = (Side::from_name(side), Region::from_name(region)) {
            into.insert(Zone { side, region });
            return Ok(false);
        }
    }
    let w = word.trim().to_ascii_lowercase();
    if w == "none" {
        return Ok(true);
    }
    if let Some(region) = Region::from_name(&w) {
        return Err(format!("a zone needs a side: use left-{region}, right-{region} or both-{region}"));
    }
    // A misspelt side or zone (`lft-toes`, `lefttoes`): the nearest zones. The names are made
    // only then: every zone of every stored item is read through here (export, the advice).
    let near = || {
        let names: Vec<String> = ["left", "right", "both"]
            .iter()
            .flat_map(|side| Region::ALL.iter().map(move |r| format!("{side}-{r}")))
            .collect();
        crate::suggest::did_you_mean(&crate::suggest::nearest(&w, names.iter().map(String::as_str)))
    };
    let Some((side, region)) = w.split_once('-') else {
        return Err(format!("{}{}", near(), zone_allowed()));
    };
    if !matches!(side, "left" | "right" | "both") {
        return Err(format!("{}{}", near(), zone_allowed()));
    }
    let Some(region) = Region::from_name(region) else {
        // A near miss such as `left-toe` or `right-ankles`: say what was probably meant.
        let near = Region::ALL.iter().find(|r| {
            region.len() >= 3 && (r.as_str().starts_with(region) || region.starts_with(r.as_str()))
        });
        return Err(match (near, side) {
            (Some(r), "left" | "right" | "both") => format!("did you mean {side}-{r}? {}", zone_allowed()),
            _ => zone_allowed(),
        });
    };
    match side {
        "both" => {
            into.insert(Zone { side: Side::Left, region });
            into.insert(Zone { side: Side::Right, region });
        }
        _ => {
            let side = Side::from_name(side).ok_or_else(zone_allowed)?;
            into.insert(Zone { side, region });
        }
    }
    Ok(false)
}

/// Parses a zone list as given to `--numb` or found in an export: words separated by commas
/// (or semicolons, as the export writes them). `none` stands alone.
pub fn parse_numb(s: &str) -> Result<Numb, String> {
    // Zones as stored (`left-toes;right-ball`), each read as it is: no list, no copies.
    if s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b == b';') {
        let mut zones = Numb::new();
        let stored = s.split(';').all(|word| {
            let zone = word.split_once('-').and_then(|(side, region)| {
                Some(Zone { side: Side::from_name(side)?, region: Region::from_name(region)? })
            });
            zone.map(|z| zones.insert(z)).is_some()
        });
        if stored {
            return Ok(zones);
        }
    }
    let mut zones = Numb::new();
    let mut none = false;
    let words: Vec<&str> = s.split([',', ';']).collect();
    for word in &words {
        if word.trim().is_empty() {
            return Err(zone_allowed());
        }
        none |= parse_zone_word(word, &mut zones)?;
    }
    if none && words.len() > 1 {
        return Err("`none` means no numbness and cannot be combined with zones".to_string());
    }
    Ok(zones)
}

/// Joins zones for storage and export: `left-toes;right-ball`, empty for "none".
pub fn join_numb(numb: &Numb) -> String {
    numb.iter().map(|z| z.to_string()).collect::<Vec<_>>().join(";")
}

/// Parses a list of flags separated by `;` or `,` (the export's `flags` column).
pub fn parse_flags(s: &str) -> Result<BTreeSet<Flag>, String> {
    if s.trim().is_empty() {
        return Ok(BTreeSet::new());
    }
    s.split([';', ',']).map(parse_flag).collect()
}

pub fn join_flags(flags: &BTreeSet<Flag>) -> String {
    flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(";")
}

/// The volume of a session: sets × reps, or minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Volume {
    SetsReps { sets: u16, reps: u16 },
    Minutes(u16),
}

impl Volume {
    /// Builds a volume from the optional parts; exactly one form must be given.
    pub fn new(sets: Option<u16>, reps: Option<u16>, minutes: Option<u16>) -> Result<Volume, String> {
        match (sets, reps, minutes) {
            (Some(sets), Some(reps), None) => Ok(Volume::SetsReps { sets, reps }),
            (None, None, Some(m)) => Ok(Volume::Minutes(m)),
            (None, None, None) => {
                Err("a session needs a volume: sets and reps (like --sets 2 --reps 10) or minutes (like --minutes 10)".into())
            }
            (_, _, Some(_)) => Err("give either sets and reps or minutes, not both".into()),
            (Some(_), None, None) => Err("sets need reps too (like --sets 2 --reps 10)".into()),
            (None, Some(_), None) => Err("reps need sets too (like --sets 2 --reps 10)".into()),
        }
    }

    pub fn sets(self) -> Option<u16> {
        match self {
            Volume::SetsReps { sets, .. } => Some(sets),
            Volume::Minutes(_) => None,
        }
    }

    pub fn reps(self) -> Option<u16> {
        match self {
            Volume::SetsReps { reps, .. } => Some(reps),
            Volume::Minutes(_) => None,
        }
    }

    pub fn minutes(self) -> Option<u16> {
        match self {
            Volume::Minutes(m) => Some(m),
            Volume::SetsReps { .. } => None,
        }
    }
}

impl fmt::Display for Volume {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Volume::SetsReps { sets, reps } => write!(f, "{sets} × {reps}"),
            Volume::Minutes(m) => write!(f, "{m} min"),
        }
    }
}

/// A log entry: any of the measures, red flags and a note.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub pain: Option<Pain>,
    /// `None`: numbness not checked; `Some(empty)`: checked, no numbness.
    pub numb: Option<Numb>,
    pub stance_left: Option<Stance>,
    pub stance_right: Option<Stance>,
    pub heel_raises: Option<u16>,
    /// One walking bout, in minutes.
    pub walk: Option<u16>,
    pub flags: BTreeSet<Flag>,
    pub note: Option<String>,
    /// The daily foot check (`--feet-ok`): both feet checked, nothing found.
    pub feet_ok: bool,
}

impl Entry {
    /// True when the entry holds nothing worth storing.
    pub fn is_empty(&self) -> bool {
        self.pain.is_none()
            && self.numb.is_none()
            && self.stance_left.is_none()
            && self.stance_right.is_none()
            && self.heel_raises.is_none()
            && self.walk.is_none()
            && self.flags.is_empty()
            && self.note.is_none()
            && !self.feet_ok
    }

    /// An entry holding just a pain reading.
    pub fn pain(pain: Pain) -> Entry {
        Entry { pain: Some(pain), ..Entry::default() }
    }
}

/// One named exercise of a session, with the dose done (§9.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Done {
    pub exercise: &'static Exercise,
    pub dose: Dose,
}

impl fmt::Display for Done {
    /// `heel-raises:2x10`, as typed, stored and exported.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.exercise.id, self.dose)
    }
}

/// Parses `EXERCISE[:DOSE]`: an exercise of the catalogue and, when given, its dose in the
/// form of its range. The dose may lie outside the range (a clinician may prescribe it).
pub fn parse_exercise_dose(s: &str) -> Result<(&'static Exercise, Option<Dose>), String> {
    let (name, dose) = match s.bytes().position(|b| b == b':').map(|i| (&s[..i], &s[i + 1..])) {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    let exercise = catalogue::find(name)?;
    let dose = dose
        .map(|d| {
            let dose = parse_dose(d)?;
            catalogue::check_form(exercise, dose)?;
            Ok::<Dose, String>(dose)
        })
        .transpose()?;
    Ok((exercise, dose))
}

/// Parses a list of `EXERCISE:DOSE` joined by `;`, as stored and exported.
pub fn parse_exercises(s: &str) -> Result<Vec<Done>, String> {
    // Split at each `;` byte by hand: `str::split`'s searcher costs more than these short
    // lists, read for every session the advice looks at.
    let mut rest = Some(s);
    let parts = std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b';') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    });
    let mut done = Vec::with_capacity(s.bytes().filter(|&b| b == b';').count() + 1);
    for part in parts {
        done.push(match parse_exercise_dose(part.trim())? {
            (exercise, Some(dose)) => Done { exercise, dose },
            (exercise, None) => {
                return Err(format!(
                    "{} needs its dose, like {}:{}",
                    exercise.id,
                    exercise.id,
                    exercise.range.bottom()
                ))
            }
        });
    }
    Ok(done)
}

/// Joins exercises for storage and export: `heel-raises:2x10;sit-to-stand:2x8`.
pub fn join_exercises(done: &[Done]) -> String {
    done.iter().map(Done::to_string).collect::<Vec<_>>().join(";")
}

/// What a session did: one volume (`--sets/--reps` or `--minutes`), or named exercises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Work {
    Volume(Volume),
    /// Never empty; every exercise is of the session's kind.
    Exercises(Vec<Done>),
}

impl Work {
    /// The session's one volume; `None` for a session of named exercises.
    pub fn volume(&self) -> Option<Volume> {
        match self {
            Work::Volume(v) => Some(*v),
            Work::Exercises(_) => None,
        }
    }

    /// The named exercises; empty for a session with one volume.
    pub fn exercises(&self) -> &[Done] {
        match self {
            Work::Volume(_) => &[],
            Work::Exercises(e) => e,
        }
    }
}

impl From<Volume> for Work {
    fn from(v: Volume) -> Work {
        Work::Volume(v)
    }
}

/// An exercise session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub kind: Kind,
    pub work: Work,
    pub rpe: Option<u8>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Entry(Entry),
    Session(Session),
    Review(Review),
    /// A home test (§11.2).
    Test(TestItem),
    /// A foot-temperature measurement (§11.3).
    Temp(TempItem),
}

impl Body {
    pub fn type_name(&self) -> &'static str {
        match self {
            Body::Entry(_) => "entry",
            Body::Session(_) => "session",
            Body::Review(_) => "review",
            Body::Test(_) => "test",
            Body::Temp(_) => "temp",
        }
    }

    pub fn note(&self) -> Option<&str> {
        match self {
            Body::Entry(e) => e.note.as_deref(),
            Body::Session(s) => s.note.as_deref(),
            Body::Review(r) => r.note.as_deref(),
            Body::Test(t) => t.note.as_deref(),
            Body::Temp(t) => t.note.as_deref(),
        }
    }
}

/// An item to record: when, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewItem {
    pub at: NaiveDateTime,
    pub body: Body,
}

/// A stored item, with the id that `history --items`, `delete` and `undo` use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: i64,
    pub at: NaiveDateTime,
    pub body: Body,
}

impl Item {
    pub fn date(&self) -> chrono::NaiveDate {
        self.at.date()
    }

    pub fn entry(&self) -> Option<&Entry> {
        match &self.body {
            Body::Entry(e) => Some(e),
            _ => None,
        }
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.body {
            Body::Session(s) => Some(s),
            _ => None,
        }
    }

    pub fn review(&self) -> Option<&Review> {
        match &self.body {
            Body::Review(r) => Some(r),
            _ => None,
        }
    }

    /// An activity is a session or a walking bout (§6).
    pub fn is_activity(&self) -> bool {
        match &self.body {
            Body::Session(_) => true,
            Body::Entry(e) => e.walk.is_some(),
            Body::Review(_) => false,
            Body::Test(_) | Body::Temp(_) => false,
        }
    }

    pub fn pain(&self) -> Option<Pain> {
        self.entry().and_then(|e| e.pain)
    }
}

/// A one-line description of what an item holds, for `log`, `undo`, `delete` and `history --items`.
/// A list in words, its last two joined with "and" (`left-toes, left-ball and right-ball`), so
/// that it does not run into the comma-separated parts of [`describe`] after it.
fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
        Some((one, _)) => one.as_ref().to_string(),
        None => String::new(),
    }
}

/// Joins repeated `--numb` values; `none` (an empty list) must stand alone.
pub fn merge_numb(lists: Vec<Numb>) -> Result<Option<Numb>, String> {
    if lists.len() > 1 && lists.iter().any(Numb::is_empty) {
        return Err("`none` means no numbness and cannot be combined with zones".to_string());
    }
    Ok(lists.into_iter().reduce(|mut a, b| {
        a.extend(b);
        a
    }))
}

/// The items of one recording, with the label each is printed with: pain just before the
/// sessions and pain just after them are entries of their own, at the same minute, ordered by
/// logging (`session` and `done` share this).
pub fn with_pain_around(
    at: chrono::NaiveDateTime,
    before: Option<Pain>,
    after: Option<Pain>,
    sessions: Vec<Session>,
) -> (Vec<&'static str>, Vec<NewItem>) {
    let one = sessions.len() == 1;
    let pain = |p: Pain| NewItem { at, body: Body::Entry(Entry::pain(p)) };
    let before =
        before.map(|p| (if one { "before the session: " } else { "before the sessions: " }, pain(p)));
    let after = after.map(|p| (if one { "after the session: " } else { "after the sessions: " }, pain(p)));
    let sessions = sessions.into_iter().map(|s| ("", NewItem { at, body: Body::Session(s) }));
    before.into_iter().chain(sessions).chain(after).unzip()
}

pub fn describe(body: &Body) -> String {
    let mut parts: Vec<String> = Vec::new();
    match body {
        Body::Entry(e) => {
            if let Some(p) = e.pain {
                parts.push(format!("pain {p}"));
            }
            match &e.numb {
                Some(z) if z.is_empty() => parts.push("numbness none".into()),
                Some(z) => {
                    let zones: Vec<String> = z.iter().map(ToString::to_string).collect();
                    parts.push(format!("numbness {}", and_list(&zones)));
                }
                None => {}
            }
            if let Some(s) = e.stance_left {
                parts.push(format!("stance left {s} s"));
            }
            if let Some(s) = e.stance_right {
                parts.push(format!("stance right {s} s"));
            }
            if let Some(h) = e.heel_raises {
                parts.push(format!("heel raises {h}"));
            }
            if let Some(w) = e.walk {
                parts.push(format!("walk {w} min"));
            }
            if e.feet_ok {
                parts.push("feet checked, nothing found".into());
            }
            if !e.flags.is_empty() {
                let flags: Vec<&str> = e.flags.iter().map(|f| f.as_str()).collect();
                let s = if flags.len() == 1 { "" } else { "s" };
                parts.push(format!("red flag{s} {}", and_list(&flags)));
            }
        }
        Body::Session(s) => {
            match &s.work {
                Work::Volume(v) => parts.push(format!("{} session {v}", s.kind)),
                Work::Exercises(e) => parts.push(format!(
                    "{} session: {}",
                    s.kind,
                    e.iter()
                        .map(|d| format!("{} {}", d.exercise.id, d.dose.human()))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
            if let Some(r) = s.rpe {
                parts.push(format!("RPE {r}"));
            }
        }
        Body::Review(r) if r.cleared => parts.push(format!("review of {}, cleared", r.flag)),
        Body::Review(r) => parts.push(format!("review of {}", r.flag)),
        Body::Test(t) => parts.push(format!("{} {}", t.result.name(), t.result.describe())),
        Body::Temp(t) => parts.push(home::describe_temps(&t.temps)),
    }
    if let Some(n) = body.note() {
        parts.push(format!("note \"{}\"", crate::render::printable(n)));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_after_a_number_is_accepted() {
        for ok in ["30", "30min", "30 min", " 30 minutes", "30m"] {
            assert_eq!(parse_walk(ok), Ok(30), "{ok}");
        }
        for bad in ["min", "30 s", "30minx", "m30", "-30min"] {
            assert!(parse_walk(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_stance("12.5s").map(Stance::tenths), Ok(125));
        assert_eq!(parse_stance("12.5 s").map(Stance::tenths), Ok(125));
        assert!(parse_stance("12.5 min").is_err());
        assert_eq!(parse_minutes("10 min"), Ok(10));
    }

    #[test]
    fn misspelt_flags_and_zones_name_the_nearest() {
        assert!(parse_flag("falls").unwrap_err().starts_with("did you mean fall? expected a red flag"));
        assert!(parse_numb("lft-toes").unwrap_err().starts_with("did you mean left-toes? "));
        assert!(parse_numb("lefttoes").unwrap_err().starts_with("did you mean left-toes? "));
    }

    #[test]
    fn whole_numbers_respect_their_range() {
        assert_eq!(parse_pain("0"), Ok(0));
        assert_eq!(parse_pain("10"), Ok(10));
        assert_eq!(parse_pain(" 7 "), Ok(7));
        for bad in ["11", "-1", "3.5", "", "x", "+3", "99999999999"] {
            assert_eq!(parse_pain(bad), Err("expected a whole number from 0 to 10".to_string()), "{bad}");
        }
        assert_eq!(parse_walk("0"), Err("expected a whole number from 1 to 1440".into()));
        assert_eq!(parse_walk("1440"), Ok(1440));
        assert!(parse_heel_raises("201").is_err());
        assert!(parse_sets("21").is_err());
        assert_eq!(parse_reps("200"), Ok(200));
        assert!(parse_minutes("601").is_err());
    }

    #[test]
    fn stance_has_one_decimal_and_a_300_second_ceiling() {
        assert_eq!(parse_stance("12.5").map(Stance::tenths), Ok(125));
        assert_eq!(parse_stance("30").map(Stance::tenths), Ok(300));
        assert_eq!(parse_stance("0").map(Stance::tenths), Ok(0));
        assert_eq!(parse_stance("300").map(Stance::tenths), Ok(3000));
        assert_eq!(parse_stance("0300").map(Stance::tenths), Ok(3000));
        assert_eq!(parse_stance("0012.5").map(Stance::tenths), Ok(125));
        for bad in ["300.1", "12.34", "-1", "abc", "", ".5", "5.", "1e2", "0301", "1000", "+5", "١٢", "NaN"]
        {
            assert!(parse_stance(bad).is_err(), "{bad}");
        }
        assert_eq!(Stance::from_tenths(125).unwrap().to_string(), "12.5");
        assert_eq!(Stance::from_tenths(300).unwrap().to_string(), "30");
    }

    #[test]
    fn zones_expand_both_and_sort_left_first_toes_upward() {
        let z = parse_numb("right-ball,both-toes").unwrap();
        assert_eq!(join_numb(&z), "left-toes;right-toes;right-ball");
        assert_eq!(parse_numb("none").unwrap(), Numb::new());
        assert_eq!(join_numb(&parse_numb("left-calf;left-toes").unwrap()), "left-toes;left-calf");
    }

    #[test]
    fn a_region_without_a_side_suggests_the_sides() {
        let err = parse_numb("toes").unwrap_err();
        assert!(err.contains("left-toes, right-toes or both-toes"), "{err}");
        assert!(parse_numb("left-knee").unwrap_err().contains("toes, ball, arch"));
        assert!(parse_numb("none,left-toes").unwrap_err().contains("cannot be combined"));
        assert!(parse_numb("left-toe").unwrap_err().starts_with("did you mean left-toes? expected"));
        assert!(parse_numb("both-ankles").unwrap_err().starts_with("did you mean both-ankle? "));
        assert!(parse_numb("left-knee").unwrap_err().starts_with("expected `none` or SIDE-REGION"));
        assert!(parse_numb("left-toes,,right-toes").is_err());
    }

    #[test]
    fn flags_and_kinds_parse_by_name() {
        assert_eq!(parse_flag("foot-drop"), Ok(Flag::FootDrop));
        assert!(parse_flag("fal").unwrap_err().contains("weakness, foot-drop"));
        assert_eq!(parse_kind("Strength"), Ok(Kind::Strength));
        assert_eq!(parse_kind("yoga"), Err("expected a session kind: strength, balance or mobility".into()));
        assert_eq!(
            parse_kind("strenght"),
            Err("did you mean strength? expected a session kind: strength, balance or mobility".into())
        );
        assert_eq!(nearest_kind("Balence"), Some(Kind::Balance));
        assert_eq!(nearest_kind("mob"), Some(Kind::Mobility));
        assert_eq!(nearest_kind("st"), None);
        assert_eq!(nearest_kind("stretch"), None);
        assert_eq!(nearest_kind("strength"), None);
        assert_eq!(parse_flags("fall;injury").unwrap().len(), 2);
    }

    #[test]
    fn a_volume_is_sets_and_reps_or_minutes() {
        assert_eq!(Volume::new(Some(2), Some(10), None), Ok(Volume::SetsReps { sets: 2, reps: 10 }));
        assert_eq!(Volume::new(None, None, Some(15)), Ok(Volume::Minutes(15)));
        assert!(Volume::new(Some(2), None, None).is_err());
        assert!(Volume::new(None, Some(2), None).is_err());
        assert!(Volume::new(Some(2), Some(3), Some(4)).is_err());
        assert!(Volume::new(None, None, None).is_err());
    }
}

#[cfg(test)]
mod pain_around_tests {
    use super::*;
    use chrono::NaiveDate;

    fn strength() -> Session {
        Session {
            kind: Kind::Strength,
            work: Work::Volume(Volume::SetsReps { sets: 2, reps: 10 }),
            rpe: None,
            note: None,
        }
    }

    #[test]
    fn pain_before_and_after_wrap_the_sessions_in_logging_order() {
        let at = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let (labels, items) = with_pain_around(at, Some(2), Some(4), vec![strength()]);
        assert_eq!(labels, ["before the session: ", "", "after the session: "]);
        let pains: Vec<Option<u8>> =
            items.iter().map(|i| if let Body::Entry(e) = &i.body { e.pain } else { None }).collect();
        assert_eq!(pains, [Some(2), None, Some(4)]);
        assert!(items.iter().all(|i| i.at == at));
        let (labels, items) = with_pain_around(at, None, Some(3), vec![strength(), strength()]);
        assert_eq!(labels, ["", "", "after the sessions: "]);
        assert_eq!(items.len(), 3);
    }
}
