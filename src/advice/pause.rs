//! Whether a weight-bearing pause (§6.3) can be in force as of T, decided from far fewer items
//! than the whole advice reads: for `trend`, which shows paused days as not missed (§7) and
//! on most days has no pause to show.
//!
//! A pause comes from exactly two places in [`super::flags::flags`]: a reported pausing flag
//! (only an entry's `flags` can report one) or a detected flag of [`super::flags::PAUSING`],
//! which is `foot-heat` alone. So when no entry up to T reports any flag, and the foot-heat
//! detector raises nothing as of T, the advice has no pause, and no exercise kind is paused
//! (`volume` pauses a kind only under `Flags::pause`). Anything else is "maybe": the caller
//! then works out the whole advice.

use chrono::NaiveDate;

use super::flags::{self, PAUSING};
use super::history::History;
use crate::domain::{Detected, Item};

/// True when `foot-heat` is raised as of `t`, from `items`: the temperature items the advice
/// reads for it and every review up to `t` (other items change nothing here).
pub fn foot_heat_raised(items: &[Item], t: NaiveDate) -> bool {
    debug_assert_eq!(PAUSING, [Detected::FootHeat], "a new pausing detector must be checked here");
    let h = History::new(items, t, None);
    !flags::foot_heat(&h, t).is_empty()
}
