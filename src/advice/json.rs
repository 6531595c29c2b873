//! The shapes of `advise --json` (§6).

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{Advice, ExerciseNext, Limit, Next, RedFlag};
use crate::domain::{Kind, Volume};
use crate::status::Status;

struct VolumeJson(Volume);

impl Serialize for VolumeJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Volume", 3)?;
        st.serialize_field("sets", &self.0.sets())?;
        st.serialize_field("reps", &self.0.reps())?;
        st.serialize_field("minutes", &self.0.minutes())?;
        st.end()
    }
}

#[derive(serde::Serialize)]
struct WalkLast {
    minutes: u16,
}

impl Serialize for Next {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Next::Session(n) => {
                let mut st = s.serialize_struct("Next", 8)?;
                st.serialize_field("kind", &n.kind)?;
                st.serialize_field("status", &n.status)?;
                st.serialize_field("result", &n.result)?;
                st.serialize_field("result_trim_pct", &n.result.trim_pct())?;
                st.serialize_field("last_date", &n.last_date)?;
                st.serialize_field("last", &n.last.map(VolumeJson))?;
                st.serialize_field("next", &n.next.map(VolumeJson))?;
                if n.kind == Kind::Strength && n.status != Status::Paused {
                    st.serialize_field("earliest", &n.earliest)?;
                }
                st.end()
            }
            Next::Walk(w) => {
                let mut st = s.serialize_struct("Next", 8)?;
                st.serialize_field("kind", "walk")?;
                st.serialize_field("status", &w.status)?;
                st.serialize_field("result", &w.result)?;
                st.serialize_field("result_trim_pct", &w.result.trim_pct())?;
                st.serialize_field("last_date", &w.last_date)?;
                st.serialize_field("last", &WalkLast { minutes: w.last })?;
                st.serialize_field("next", &w.next)?;
                st.serialize_field("usual_total", &w.usual_total)?;
                st.end()
            }
            Next::Exercise(e) => e.serialize(s),
        }
    }
}

impl Serialize for ExerciseNext {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ExerciseNext", 6)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("exercise", self.exercise.id)?;
        st.serialize_field("status", &self.status)?;
        st.serialize_field("last_date", &self.last_date)?;
        st.serialize_field("last", &self.last)?;
        st.serialize_field("next", &self.next)?;
        st.end()
    }
}

impl Serialize for Limit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Limit", 3)?;
        st.serialize_field("kind", self.kind())?;
        match self {
            Limit::RecentTrim { day } => st.serialize_field("day", day)?,
            Limit::PainTrend { change } => st.serialize_field("change", change)?,
            Limit::PainToday { pain, usual } => {
                st.serialize_field("pain", pain)?;
                st.serialize_field("usual", usual)?;
            }
            Limit::FlagReview { flag, day } => {
                st.serialize_field("flag", flag)?;
                st.serialize_field("day", day)?;
            }
            Limit::FootCheck { days_checked } => st.serialize_field("days_checked", days_checked)?,
            Limit::FirstWeek => {}
        }
        st.end()
    }
}

impl Serialize for RedFlag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("RedFlag", 9)?;
        st.serialize_field("kind", self.kind.as_str())?;
        if let Some(zone) = self.zone {
            st.serialize_field("zone", &zone)?;
        }
        if let Some(foot) = self.foot {
            st.serialize_field("foot", &foot)?;
        }
        if let Some(site) = self.site {
            st.serialize_field("site", site)?;
        }
        if let Some(day) = self.day {
            st.serialize_field("day", &day)?;
        }
        if let Some(value) = self.value {
            st.serialize_field("value", &value)?;
        }
        if let Some(reference) = self.reference {
            st.serialize_field("reference", &reference)?;
        }
        if let Some(change) = self.change {
            st.serialize_field("change", &change)?;
        }
        if let Some(difference) = self.difference {
            st.serialize_field("difference", &difference)?;
        }
        st.serialize_field("source", if self.is_reported() { "reported" } else { "detected" })?;
        st.end()
    }
}

impl Serialize for Advice {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Advice", 12)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field("verdict", &self.verdict)?;
        st.serialize_field("trim_pct", &self.trim_pct)?;
        st.serialize_field("rule", &self.rule)?;
        st.serialize_field("today", &self.today)?;
        st.serialize_field("reason", &self.reason)?;
        st.serialize_field("limits", &self.limits)?;
        st.serialize_field("next", &self.next)?;
        st.serialize_field("red_flags", &self.red_flags)?;
        st.serialize_field("reviews_due", &self.reviews_due)?;
        st.serialize_field("notes", &self.notes)?;
        st.end()
    }
}
