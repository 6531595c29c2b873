//! The exercise catalogue (§9.1): one table of data. Adding an exercise is one line of
//! [`CATALOGUE`]; everything else (`exercises`, `program`, parsing, advice) reads it.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::domain::dose::{Dose, Form};
use crate::domain::Kind;
use crate::domain::Kind::{Balance, Mobility, Strength};

/// A dose range: sets (none for a dose in minutes) and one of reps, seconds or minutes,
/// each as (lowest, highest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Range {
    pub sets: Option<(u16, u16)>,
    pub reps: Option<(u16, u16)>,
    pub seconds: Option<(u16, u16)>,
    pub minutes: Option<(u16, u16)>,
}

/// Sets × reps (or steps), `sets_lo`–`sets_hi` × `lo`–`hi`.
const fn reps(sets_lo: u16, sets_hi: u16, lo: u16, hi: u16) -> Range {
    Range { sets: Some((sets_lo, sets_hi)), reps: Some((lo, hi)), seconds: None, minutes: None }
}

/// Sets × seconds (a hold or a timed movement).
const fn secs(sets_lo: u16, sets_hi: u16, lo: u16, hi: u16) -> Range {
    Range { sets: Some((sets_lo, sets_hi)), reps: None, seconds: Some((lo, hi)), minutes: None }
}

/// Minutes.
const fn mins(lo: u16, hi: u16) -> Range {
    Range { sets: None, reps: None, seconds: None, minutes: Some((lo, hi)) }
}

impl Range {
    pub fn form(&self) -> Form {
        if self.reps.is_some() {
            Form::Reps
        } else if self.seconds.is_some() {
            Form::Seconds
        } else {
            Form::Minutes
        }
    }

    /// The unit's (lowest, highest): reps, seconds or minutes.
    pub fn unit(&self) -> (u16, u16) {
        self.reps.or(self.seconds).or(self.minutes).unwrap_or((1, 1))
    }

    /// The bottom of the range: where the program starts, low and slow.
    pub fn bottom(&self) -> Dose {
        let sets = self.sets.map_or(1, |s| s.0);
        let lo = self.unit().0;
        match self.form() {
            Form::Reps => Dose::Reps { sets, reps: lo },
            Form::Seconds => Dose::Seconds { sets, seconds: lo },
            Form::Minutes => Dose::Minutes(lo),
        }
    }

    /// True when the dose has this range's form and lies within it.
    pub fn contains(&self, dose: Dose) -> bool {
        let within = |v: Option<u16>, r: Option<(u16, u16)>| match (v, r) {
            (Some(v), Some((lo, hi))) => (lo..=hi).contains(&v),
            (None, None) => true,
            _ => false,
        };
        dose.form() == self.form()
            && within(dose.sets(), self.sets)
            && within(dose.reps(), self.reps)
            && within(dose.seconds(), self.seconds)
            && within(dose.minutes(), self.minutes)
    }

    /// As a person reads it: `2–3 × 8–12`, `2 × 60–90 s`, `2–3 min`.
    pub fn human(&self) -> String {
        let span = |(lo, hi): (u16, u16)| if lo == hi { lo.to_string() } else { format!("{lo}–{hi}") };
        let unit = span(self.unit());
        match (self.sets, self.form()) {
            (Some(s), Form::Reps) => format!("{} × {unit}", span(s)),
            (Some(s), Form::Seconds) => format!("{} × {unit} s", span(s)),
            _ => format!("{unit} min"),
        }
    }
}

/// `{"sets": [min, max] or null, "reps": …, "seconds": …, "minutes": …}`.
impl Serialize for Range {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let pair = |p: Option<(u16, u16)>| p.map(|(a, b)| [a, b]);
        let mut st = s.serialize_struct("Range", 4)?;
        st.serialize_field("sets", &pair(self.sets))?;
        st.serialize_field("reps", &pair(self.reps))?;
        st.serialize_field("seconds", &pair(self.seconds))?;
        st.serialize_field("minutes", &pair(self.minutes))?;
        st.end()
    }
}

/// One exercise of the catalogue.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Exercise {
    pub id: &'static str,
    pub kind: Kind,
    pub range: Range,
    /// The dose is done per side (per foot or per leg).
    pub each_side: bool,
    /// What to move on to at the top of the range.
    pub next_step: Option<&'static str>,
    /// One short line: how to do it.
    pub cue: &'static str,
}

const EACH: bool = true;
const ONE: bool = false;

macro_rules! ex {
    ($id:literal, $kind:expr, $range:expr, $side:expr, $next:expr, $cue:literal) => {
        Exercise { id: $id, kind: $kind, range: $range, each_side: $side, next_step: $next, cue: $cue }
    };
}

/// The catalogue, in the order of the program's text. One line per exercise:
/// id, kind, dose range, each side, next step at the top of the range, cue.
#[rustfmt::skip]
pub static CATALOGUE: &[Exercise] = &[
    ex!("ankle-pumps",       Mobility, secs(2, 2, 60, 90),  ONE,  None, "seated, point and flex both feet at an easy, steady pace"),
    ex!("ankle-circles",     Mobility, reps(2, 2, 10, 10),  EACH, None, "draw slow circles with the foot, 10 one way then 10 the other"),
    ex!("toe-fans",          Mobility, reps(1, 1, 10, 15),  ONE,  None, "spread the toes wide apart, hold a moment, relax"),
    ex!("heel-toe-rock",     Mobility, reps(1, 1, 10, 15),  ONE,  None, "seated, rock from heels to toes and back, feet flat between"),
    ex!("calf-stretch",      Mobility, secs(2, 3, 20, 30),  EACH, None, "hands on a wall, back heel down, lean in until the calf feels a gentle pull"),
    ex!("plantar-roll",      Mobility, secs(1, 1, 60, 90),  EACH, None, "roll the sole over a ball or bottle with light pressure; check the skin after"),
    ex!("tibial-glide",      Mobility, reps(1, 1, 8, 10),   EACH, None, "nerve glide: move slowly into a light stretch and out again, effort 2–3 of 10"),
    ex!("peroneal-glide",    Mobility, reps(1, 1, 8, 10),   EACH, None, "nerve glide: foot turned in, ease gently in and out, never into pain"),
    ex!("sural-glide",       Mobility, reps(1, 1, 8, 10),   EACH, None, "nerve glide: foot turned in and pointed, ease gently in and out, effort 2–3"),
    ex!("towel-scrunch",     Mobility, reps(1, 1, 10, 15),  ONE,  None, "seated, gather a towel toward you with your toes"),
    ex!("toe-curls",         Mobility, reps(1, 1, 10, 15),  ONE,  None, "curl the toes down, then lift and spread them"),
    ex!("arch-lift",         Mobility, secs(6, 8, 5, 5),    ONE,  None, "seated, draw the ball of the foot toward the heel to raise the arch; toes stay long"),
    ex!("heel-raises",       Strength, reps(2, 3, 8, 12),   ONE,  Some("single-leg raises, or 3–4 s lowering"), "hold a counter, rise onto the balls of the feet, lower slowly"),
    ex!("toe-yoga",          Strength, reps(1, 1, 8, 10),   EACH, None, "lift the big toe while the others stay down, then the reverse"),
    ex!("eversion",          Strength, reps(2, 3, 12, 15),  EACH, None, "band around the forefoot, turn the sole outward against it, return slowly"),
    ex!("inversion",         Strength, reps(2, 3, 12, 15),  EACH, None, "band around the forefoot, turn the sole inward against it, return slowly"),
    ex!("short-foot",        Strength, secs(6, 8, 8, 10),   EACH, None, "shorten the foot by lifting the arch, toes relaxed; hold, then let go"),
    ex!("hip-abduction",     Strength, reps(2, 3, 10, 15),  EACH, None, "standing tall at a counter, lift the leg out to the side and back, no lean"),
    ex!("sit-to-stand",      Strength, reps(2, 3, 8, 12),   ONE,  Some("stand up without using your hands"), "from a firm chair, feet under the knees, stand up tall and sit down slowly"),
    ex!("step-ups",          Strength, reps(2, 3, 8, 10),   EACH, None, "onto a low, stable step with a rail to hold; whole foot on the step"),
    ex!("tandem-stance",     Balance,  secs(3, 3, 20, 30),  EACH, None, "one foot right in front of the other, near a counter; hold steady"),
    ex!("single-leg-stance", Balance,  secs(3, 3, 10, 45),  EACH, None, "stand on one foot near support, eyes open; goal 30 s, then 45 s"),
    ex!("heel-to-toe-walk",  Balance,  reps(1, 1, 10, 15),  ONE,  None, "steps in a line, heel touching toe, beside a wall; 10–15 steps each direction"),
    ex!("balance-drills",    Balance,  mins(2, 3),          ONE,  None, "marching, heel-to-toe and side steps, within reach of support"),
];

/// The starter program (§9.2): the bottom of each range, begun low and slow.
pub const STARTER: &[&str] = &[
    "ankle-pumps",
    "ankle-circles",
    "calf-stretch",
    "tibial-glide",
    "heel-raises",
    "sit-to-stand",
    "hip-abduction",
    "tandem-stance",
    "single-leg-stance",
];

/// The seated exercises (§9.1): no weight or pressure on the sole; they continue during a
/// pause of §6.3.
pub const SEATED: &[&str] =
    &["ankle-pumps", "ankle-circles", "toe-fans", "tibial-glide", "peroneal-glide", "sural-glide"];

impl Exercise {
    /// True for the exercises of [`SEATED`].
    pub fn seated(&self) -> bool {
        SEATED.contains(&self.id)
    }
}

/// The exercise with this id, exactly.
pub fn get(id: &str) -> Option<&'static Exercise> {
    CATALOGUE.iter().find(|e| e.id == id)
}

/// Edit distance (insertions, deletions, substitutions) between two short ids.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != cb)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    row[b.len()]
}

/// The ids nearest to a name that is not one: those within a few edits, and those that
/// start with it (`heel` → the three `heel…` ids); at most three, nearest first.
pub fn nearest(name: &str) -> Vec<&'static str> {
    let name = name.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    let mut near: Vec<(usize, &'static str)> = CATALOGUE
        .iter()
        .filter_map(|e| {
            let d = distance(&name, e.id);
            let close = d <= (e.id.len() / 3).max(2);
            let prefix = name.len() >= 3 && e.id.starts_with(&name);
            (close || prefix).then_some((d, e.id))
        })
        .collect();
    near.sort();
    near.into_iter().take(3).map(|(_, id)| id).collect()
}

/// Looks an exercise up by its id (any case); an unknown name suggests the nearest ids.
pub fn find(name: &str) -> Result<&'static Exercise, String> {
    // An id as written (every import of named exercises): no need to copy it.
    if let Some(e) = get(name) {
        return Ok(e);
    }
    let id = name.trim().to_ascii_lowercase();
    if let Some(e) = get(&id) {
        return Ok(e);
    }
    let near = nearest(&id);
    let hint = match near.as_slice() {
        [] => String::new(),
        [one] => format!("did you mean {one}? "),
        [rest @ .., last] => format!("did you mean {} or {last}? ", rest.join(", ")),
    };
    Err(format!("{hint}expected an exercise of the catalogue (`footing exercises` lists them)"))
}

/// Checks a dose against an exercise: it must have the form of the range. `Ok(false)` when it
/// has the form but lies outside the range (stored, with a warning).
pub fn check_form(exercise: &Exercise, dose: Dose) -> Result<bool, String> {
    if dose.form() != exercise.range.form() {
        return Err(format!(
            "{} is dosed in {} (its range is {})",
            exercise.id,
            exercise.range.form().described(),
            exercise.range.human()
        ));
    }
    Ok(exercise.range.contains(dose))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_ranges_well_formed() {
        let mut ids: Vec<&str> = CATALOGUE.iter().map(|e| e.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), CATALOGUE.len());
        assert_eq!(CATALOGUE.len(), 24);
        for e in CATALOGUE {
            let r = e.range;
            let forms = [r.reps, r.seconds, r.minutes].iter().filter(|x| x.is_some()).count();
            assert_eq!(forms, 1, "{}", e.id);
            assert_eq!(r.sets.is_none(), r.minutes.is_some(), "{}", e.id);
            assert!(r.contains(r.bottom()), "{}", e.id);
            assert!(!e.cue.is_empty() && e.cue.len() < 100, "{}", e.id);
        }
        for id in STARTER {
            assert!(get(id).is_some(), "{id}");
        }
    }

    #[test]
    fn ranges_read_as_the_spec_writes_them() {
        assert_eq!(get("heel-raises").unwrap().range.human(), "2–3 × 8–12");
        assert_eq!(get("ankle-pumps").unwrap().range.human(), "2 × 60–90 s");
        assert_eq!(get("balance-drills").unwrap().range.human(), "2–3 min");
        assert_eq!(get("arch-lift").unwrap().range.human(), "6–8 × 5 s");
        assert_eq!(get("single-leg-stance").unwrap().range.bottom(), Dose::Seconds { sets: 3, seconds: 10 });
        let j = serde_json::to_value(get("balance-drills").unwrap().range).unwrap();
        assert_eq!(j, serde_json::json!({"sets": null, "reps": null, "seconds": null, "minutes": [2, 3]}));
    }

    #[test]
    fn an_unknown_name_suggests_the_nearest_ids() {
        assert_eq!(find("Heel-Raises").unwrap().id, "heel-raises");
        assert_eq!(
            find("heel-raise").unwrap_err(),
            "did you mean heel-raises? expected an exercise of the catalogue (`footing exercises` lists them)"
        );
        assert_eq!(nearest("heel"), ["heel-raises", "heel-toe-rock", "heel-to-toe-walk"]);
        assert_eq!(nearest("situp-stand"), ["sit-to-stand"]);
        assert_eq!(nearest("tandem stance"), ["tandem-stance"]);
        assert!(nearest("yoga-flow").is_empty());
        assert!(find("yoga-flow").unwrap_err().starts_with("expected an exercise"));
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn a_dose_must_have_the_form_of_the_range() {
        let hr = get("heel-raises").unwrap();
        assert_eq!(check_form(hr, Dose::Reps { sets: 2, reps: 8 }), Ok(true));
        assert_eq!(check_form(hr, Dose::Reps { sets: 3, reps: 12 }), Ok(true));
        assert_eq!(check_form(hr, Dose::Reps { sets: 3, reps: 13 }), Ok(false));
        assert_eq!(check_form(hr, Dose::Reps { sets: 1, reps: 8 }), Ok(false));
        assert_eq!(
            check_form(hr, Dose::Seconds { sets: 2, seconds: 8 }),
            Err("heel-raises is dosed in sets × reps, like 2x10 (its range is 2–3 × 8–12)".into())
        );
        let bd = get("balance-drills").unwrap();
        assert_eq!(check_form(bd, Dose::Minutes(2)), Ok(true));
        assert!(check_form(bd, Dose::Reps { sets: 2, reps: 2 }).is_err());
    }
}
