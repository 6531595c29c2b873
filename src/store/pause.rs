//! The few rows that tell whether a weight-bearing pause can be in force (see
//! [`crate::advice::pause`]).

use anyhow::Result;
use chrono::{Days, NaiveDate};
use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::advice::lookback;
use crate::domain::{Body, Item};

impl Store {
    /// False only when no weight-bearing pause can be in force as of `t`: no entry up to `t`
    /// reports a red flag (through the partial index of flagged items), and the temperatures
    /// the advice would read for `foot-heat` — those of its window, and the older ones the
    /// flag's state still depends on — raise nothing. True means "maybe": work out the advice.
    /// `known` holds every item dated `known_from` … `t`, already read by the caller: only
    /// what lies before it is read again.
    pub fn pause_possible(&self, t: NaiveDate, known: &[Item], known_from: NaiveDate) -> Result<bool> {
        let flagged: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT 1 FROM item INDEXED BY item_flags_by_day \
                 WHERE day <= ?1 AND flags IS NOT NULL AND type = 'entry' LIMIT 1",
            )?
            .query_row(params![crate::domain::format_day(t)], |r| r.get(0))
            .optional()?;
        if flagged.is_some() {
            return Ok(true);
        }
        Ok(crate::advice::pause::foot_heat_raised(&self.heat_rows(t, known, known_from)?, t))
    }

    /// What `advice_items` reads for the `foot-heat` flag as of `t`: the temperatures of its
    /// window and every review up to `t` (the cleared ones lift it), then the older
    /// temperatures until the flag's state is decided. Those dated `known_from` … `t` are
    /// taken from `known` (every item of those days).
    pub(super) fn heat_rows(&self, t: NaiveDate, known: &[Item], known_from: NaiveDate) -> Result<Vec<Item>> {
        let window = t.checked_sub_days(Days::new(lookback::RECENT)).unwrap_or(NaiveDate::MIN);
        let mut items: Vec<Item> = known
            .iter()
            .filter(|i| match i.body {
                Body::Temp(_) => i.date() >= window,
                Body::Review(_) => true,
                _ => false,
            })
            .cloned()
            .collect();
        if let Some(before) = known_from.pred_opt() {
            items.extend(self.items_of_type_between("review", NaiveDate::MIN, before)?);
            if window <= before {
                items.extend(self.items_of_type_between("temp", window, before)?);
            }
        }
        let older = self.heat_items(t, window, &items)?;
        items.extend(older);
        Ok(items)
    }
}
