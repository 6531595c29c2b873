//! The status of one element of advise's `next` (§6.4), shared by the advice of each kind
//! (`advice`) and of each exercise of the person's program (§9.6).

use std::fmt;

use serde::Serialize;

/// What the next volume is, compared with the last one (§6.4); serialises as in `advise --json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Same,
    Progress,
    Trim,
    Restart,
    Paused,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Same => "same",
            Status::Progress => "progress",
            Status::Trim => "trim",
            Status::Restart => "restart",
            Status::Paused => "paused",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What §6.4 steps 1–4 decided for a kind, or for one exercise of that kind, before the
/// kind's or the exercise's own progression rule turns it into a volume:
/// - `Paused`: the weight-bearing pause; no volume;
/// - `Restart { pct }`: the base scaled by 70 (more than 14 days) or 50 (more than 42 days);
/// - `Trim { pct }`: reps, seconds or minutes scaled by 100 − pct, sets kept;
/// - `Same`: the base volume;
/// - `Progress`: the kind's (or exercise's) progression rule applies; the resulting status is
///   `progress` only when the volume rose, else `same`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Paused,
    Restart { pct: u32 },
    Trim { pct: u8 },
    Same,
    Progress,
}
