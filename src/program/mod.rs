//! The exercise program (§9): the catalogue, the person's own program, today's dose of each
//! exercise and today's plan. Pure: no clock, no database, no printing.

pub mod catalogue;
pub mod dose;
pub mod plan;

use serde::Serialize;

use crate::domain::{Dose, Kind};
use catalogue::{Exercise, STARTER};

/// One exercise of the person's program, with its starting dose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prescribed {
    pub exercise: &'static Exercise,
    pub dose: Dose,
}

/// The person's program: the starter program until it is changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// True while the starter program applies (nothing was ever changed, or after `reset`).
    pub starter: bool,
    /// In program order.
    pub exercises: Vec<Prescribed>,
}

impl Default for Program {
    fn default() -> Program {
        Program::starter()
    }
}

impl Program {
    /// The starter program (§9.2): the bottom of each range.
    pub fn starter() -> Program {
        let exercises = STARTER
            .iter()
            .filter_map(|id| catalogue::get(id))
            .map(|e| Prescribed { exercise: e, dose: e.range.bottom() })
            .collect();
        Program { starter: true, exercises }
    }

    /// Adds an exercise at the end, or changes its starting dose where it already is.
    pub fn add(&mut self, exercise: &'static Exercise, dose: Dose) {
        self.starter = false;
        match self.exercises.iter_mut().find(|p| p.exercise.id == exercise.id) {
            Some(p) => p.dose = dose,
            None => self.exercises.push(Prescribed { exercise, dose }),
        }
    }

    /// Removes an exercise; false when it is not in the program (nothing changes then).
    pub fn remove(&mut self, exercise: &Exercise) -> bool {
        let before = self.exercises.len();
        self.exercises.retain(|p| p.exercise.id != exercise.id);
        let removed = self.exercises.len() < before;
        if removed {
            self.starter = false;
        }
        removed
    }

    pub fn get(&self, id: &str) -> Option<&Prescribed> {
        self.exercises.iter().find(|p| p.exercise.id == id)
    }

    /// The exercises of one kind, in program order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Prescribed> {
        self.exercises.iter().filter(move |p| p.exercise.kind == kind)
    }
}

/// An exercise and its dose as JSON: `{"exercise", "sets", "reps", "seconds", "minutes"}`
/// (the export's `exercises` and `program` elements).
#[derive(Debug, Serialize)]
pub struct ExerciseDoseJson {
    pub exercise: &'static str,
    #[serde(flatten)]
    pub dose: Dose,
}

/// The order kinds are shown in, in `program` and `plan` (§9.4).
pub const KIND_ORDER: [Kind; 3] = [Kind::Mobility, Kind::Strength, Kind::Balance];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_program_is_the_bottom_of_each_range() {
        let p = Program::starter();
        let doses: Vec<String> =
            p.exercises.iter().map(|p| format!("{}:{}", p.exercise.id, p.dose)).collect();
        assert_eq!(
            doses,
            [
                "ankle-pumps:2x60s",
                "ankle-circles:2x10",
                "calf-stretch:2x20s",
                "tibial-glide:1x8",
                "heel-raises:2x8",
                "sit-to-stand:2x8",
                "hip-abduction:2x10",
                "tandem-stance:3x20s",
                "single-leg-stance:3x10s"
            ]
        );
    }

    #[test]
    fn add_changes_in_place_or_appends_and_remove_reports_what_it_did() {
        let mut p = Program::starter();
        let hr = catalogue::get("heel-raises").unwrap();
        p.add(hr, Dose::Reps { sets: 3, reps: 10 });
        assert!(!p.starter);
        assert_eq!(p.exercises[4].dose, Dose::Reps { sets: 3, reps: 10 });
        p.add(catalogue::get("step-ups").unwrap(), Dose::Reps { sets: 2, reps: 8 });
        assert_eq!(p.exercises.last().unwrap().exercise.id, "step-ups");
        assert!(p.remove(hr));
        assert!(!p.remove(hr));
        assert_eq!(p.exercises.len(), 9);
        let mut q = Program::starter();
        assert!(!q.remove(catalogue::get("step-ups").unwrap()));
        assert!(q.starter, "removing what is not there changes nothing");
    }
}
