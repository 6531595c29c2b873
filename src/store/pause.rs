//! The few rows that tell whether a weight-bearing pause can be in force (see
//! [`crate::advice::pause`]).

use anyhow::Result;
use chrono::{Days, NaiveDate};
use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::advice::lookback;

impl Store {
    /// False only when no weight-bearing pause can be in force as of `t`: no entry up to `t`
    /// reports a red flag (through the partial index of flagged items), and the temperatures
    /// the advice would read for `foot-heat` — those of its window, and the older ones the
    /// flag's state still depends on — raise nothing. True means "maybe": work out the advice.
    pub fn pause_possible(&self, t: NaiveDate) -> Result<bool> {
        let flagged: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT 1 FROM item INDEXED BY item_flags_by_day \
                 WHERE day <= ?1 AND flags IS NOT NULL AND type = 'entry' LIMIT 1",
            )?
            .query_row(params![t.format("%Y-%m-%d").to_string()], |r| r.get(0))
            .optional()?;
        if flagged.is_some() {
            return Ok(true);
        }
        Ok(crate::advice::pause::foot_heat_raised(&self.heat_rows(t)?, t))
    }

    /// What `advice_items` reads for the `foot-heat` flag as of `t`: the temperatures of its
    /// window and every review up to `t` (the cleared ones lift it), then the older
    /// temperatures until the flag's state is decided.
    pub(super) fn heat_rows(&self, t: NaiveDate) -> Result<Vec<crate::domain::Item>> {
        let window = t.checked_sub_days(Days::new(lookback::RECENT)).unwrap_or(NaiveDate::MIN);
        let mut items = self.temps_and_reviews(window, t)?;
        let older = self.heat_items(t, window, &items)?;
        items.extend(older);
        Ok(items)
    }
}
