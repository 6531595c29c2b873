//! The dose of one exercise (§9): `SxR` (sets × reps), `SxNs` (sets × seconds: a hold or a
//! timed movement) or `Nmin` (minutes). Parsed once, here, for the command line,
//! `program add`, `session EXERCISE:DOSE` and import.

use std::fmt;

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Sets: 1–20, as for `session --sets`.
pub const SETS: (u16, u16) = (1, 20);
/// Repetitions (or steps) per set: 1–200, as for `session --reps`.
pub const REPS: (u16, u16) = (1, 200);
/// Seconds per set (a hold or a timed movement): 1–600.
pub const SECONDS: (u16, u16) = (1, 600);
/// Minutes: 1–600, as for `session --minutes`.
pub const MINUTES: (u16, u16) = (1, 600);

/// What a dose is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    Reps,
    Seconds,
    Minutes,
}

impl Form {
    /// How the form is written, with an example: "sets × reps, like 2x10".
    pub fn described(self) -> &'static str {
        match self {
            Form::Reps => "sets × reps, like 2x10",
            Form::Seconds => "sets × seconds, like 3x20s",
            Form::Minutes => "minutes, like 3min",
        }
    }
}

/// The dose of one exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dose {
    Reps { sets: u16, reps: u16 },
    Seconds { sets: u16, seconds: u16 },
    Minutes(u16),
}

/// What every dose error ends with: the allowed forms and limits.
pub const DOSE_ALLOWED: &str =
    "expected SETSxREPS like 2x10, SETSxSECONDSs like 3x20s or MINUTESmin like 3min \
                                (sets 1–20, reps 1–200, seconds 1–600, minutes 1–600)";

impl Dose {
    pub fn form(self) -> Form {
        match self {
            Dose::Reps { .. } => Form::Reps,
            Dose::Seconds { .. } => Form::Seconds,
            Dose::Minutes(_) => Form::Minutes,
        }
    }

    pub fn sets(self) -> Option<u16> {
        match self {
            Dose::Reps { sets, .. } | Dose::Seconds { sets, .. } => Some(sets),
            Dose::Minutes(_) => None,
        }
    }

    pub fn reps(self) -> Option<u16> {
        match self {
            Dose::Reps { reps, .. } => Some(reps),
            _ => None,
        }
    }

    pub fn seconds(self) -> Option<u16> {
        match self {
            Dose::Seconds { seconds, .. } => Some(seconds),
            _ => None,
        }
    }

    pub fn minutes(self) -> Option<u16> {
        match self {
            Dose::Minutes(m) => Some(m),
            _ => None,
        }
    }

    /// The dose as a person reads it: `2 × 10`, `3 × 20 s`, `3 min`.
    pub fn human(self) -> String {
        match self {
            Dose::Reps { sets, reps } => format!("{sets} × {reps}"),
            Dose::Seconds { sets, seconds } => format!("{sets} × {seconds} s"),
            Dose::Minutes(m) => format!("{m} min"),
        }
    }

    /// Builds a dose from the fields of a JSON object or a stored row; exactly one form.
    pub fn from_parts(
        sets: Option<u16>,
        reps: Option<u16>,
        seconds: Option<u16>,
        minutes: Option<u16>,
    ) -> Result<Dose, String> {
        let within = |v: u16, (lo, hi): (u16, u16)| (lo..=hi).contains(&v);
        let dose = match (sets, reps, seconds, minutes) {
            (Some(sets), Some(reps), None, None) => Dose::Reps { sets, reps },
            (Some(sets), None, Some(seconds), None) => Dose::Seconds { sets, seconds },
            (None, None, None, Some(m)) => Dose::Minutes(m),
            _ => {
                return Err(
                    "expected sets with reps, sets with seconds, or minutes alone (like {\"sets\": 2, \"reps\": 10})"
                        .to_string(),
                )
            }
        };
        let ok = dose.sets().is_none_or(|s| within(s, SETS))
            && dose.reps().is_none_or(|r| within(r, REPS))
            && dose.seconds().is_none_or(|s| within(s, SECONDS))
            && dose.minutes().is_none_or(|m| within(m, MINUTES));
        if ok {
            Ok(dose)
        } else {
            Err(format!("{dose} is out of bounds: {DOSE_ALLOWED}"))
        }
    }
}

/// The compact form, as typed and stored: `2x10`, `3x20s`, `3min`.
impl fmt::Display for Dose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dose::Reps { sets, reps } => write!(f, "{sets}x{reps}"),
            Dose::Seconds { sets, seconds } => write!(f, "{sets}x{seconds}s"),
            Dose::Minutes(m) => write!(f, "{m}min"),
        }
    }
}

/// `{"sets", "reps", "seconds", "minutes"}`, null where the form has none.
impl Serialize for Dose {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Dose", 4)?;
        st.serialize_field("sets", &self.sets())?;
        st.serialize_field("reps", &self.reps())?;
        st.serialize_field("seconds", &self.seconds())?;
        st.serialize_field("minutes", &self.minutes())?;
        st.end()
    }
}

/// Parses a dose: `2x10`, `3x20s`, `3min` (also `2X10`, `2×10`, `3x20sec`, `3 min`).
pub fn parse_dose(s: &str) -> Result<Dose, String> {
    // A dose as written by export (`2x10`) is used as it is; others are normalised first.
    let normalised: String;
    let ascii = s.bytes().all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase());
    let t: &str = if ascii {
        s
    } else {
        normalised = s.trim().to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        &normalised
    };
    let whole = |x: &str, (lo, hi): (u16, u16)| -> Option<u16> {
        if x.is_empty() || x.len() > 4 || !x.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        x.parse::<u16>().ok().filter(|v| (lo..=hi).contains(v))
    };
    let parsed = if let Some(m) = t.strip_suffix("min") {
        whole(m, MINUTES).map(Dose::Minutes)
    } else if let Some((sets, rest)) =
        // ASCII holds no `×`: one byte searched for, not a set of characters.
        if ascii {
            t.bytes().position(|b| b == b'x').map(|i| (&t[..i], &t[i + 1..]))
        } else {
            t.split_once(['x', '×'])
        }
    {
        let sets = whole(sets, SETS);
        if let Some(secs) = rest.strip_suffix("sec").or_else(|| rest.strip_suffix('s')) {
            sets.zip(whole(secs, SECONDS)).map(|(sets, seconds)| Dose::Seconds { sets, seconds })
        } else {
            sets.zip(whole(rest, REPS)).map(|(sets, reps)| Dose::Reps { sets, reps })
        }
    } else {
        None
    };
    parsed.ok_or_else(|| DOSE_ALLOWED.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_parse_and_print_back() {
        assert_eq!(parse_dose("2x10"), Ok(Dose::Reps { sets: 2, reps: 10 }));
        assert_eq!(parse_dose("3x20s"), Ok(Dose::Seconds { sets: 3, seconds: 20 }));
        assert_eq!(parse_dose("3min"), Ok(Dose::Minutes(3)));
        assert_eq!(parse_dose(" 2X10 "), Ok(Dose::Reps { sets: 2, reps: 10 }));
        assert_eq!(parse_dose("2×10"), Ok(Dose::Reps { sets: 2, reps: 10 }));
        assert_eq!(parse_dose("3 x 20 sec"), Ok(Dose::Seconds { sets: 3, seconds: 20 }));
        assert_eq!(parse_dose("3 min"), Ok(Dose::Minutes(3)));
        for d in ["2x10", "3x20s", "3min", "20x200", "1x600s", "600min", "1x1"] {
            assert_eq!(parse_dose(d).unwrap().to_string(), d);
        }
        assert_eq!(parse_dose("3x20s").unwrap().human(), "3 × 20 s");
    }

    #[test]
    fn doses_outside_the_limits_or_of_no_known_form_are_refused() {
        for bad in [
            "", "2", "x10", "2x", "2x10x3", "0x10", "21x10", "2x0", "2x201", "2x601s", "0min", "601min",
            "2x-1", "-2x10", "2.5x10", "2x10m", "3mins", "min", "2xs", "10s", "99999x1",
        ] {
            assert_eq!(parse_dose(bad), Err(DOSE_ALLOWED.to_string()), "{bad:?}");
        }
        assert_eq!(parse_dose("20x200"), Ok(Dose::Reps { sets: 20, reps: 200 }));
    }

    #[test]
    fn a_dose_serialises_with_all_four_fields() {
        let j = serde_json::to_value(Dose::Seconds { sets: 3, seconds: 20 }).unwrap();
        assert_eq!(j, serde_json::json!({"sets": 3, "reps": null, "seconds": 20, "minutes": null}));
        let j = serde_json::to_value(Dose::Minutes(3)).unwrap();
        assert_eq!(j, serde_json::json!({"sets": null, "reps": null, "seconds": null, "minutes": 3}));
    }

    #[test]
    fn a_dose_from_parts_needs_one_form_within_bounds() {
        assert_eq!(Dose::from_parts(Some(2), Some(10), None, None), Ok(Dose::Reps { sets: 2, reps: 10 }));
        assert_eq!(Dose::from_parts(None, None, None, Some(3)), Ok(Dose::Minutes(3)));
        assert!(Dose::from_parts(Some(2), Some(10), Some(5), None).is_err());
        assert!(Dose::from_parts(Some(2), None, None, None).is_err());
        assert!(Dose::from_parts(Some(2), None, None, Some(3)).is_err());
        assert!(Dose::from_parts(Some(21), Some(10), None, None).unwrap_err().contains("out of bounds"));
    }
}
