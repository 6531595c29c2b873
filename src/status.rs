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
