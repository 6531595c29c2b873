//! What `advise` needs: only the days the §6 rules look at, found through the day index, so a
//! ten-year history costs what a two-month one does.

use anyhow::{anyhow, Result};
use chrono::{Days, NaiveDate};
use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::domain::{Item, Kind};

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn minus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// Sorts date ranges and joins those that overlap or touch, so no item is read twice.
fn merge(mut ranges: Vec<(NaiveDate, NaiveDate)>) -> Vec<(NaiveDate, NaiveDate)> {
    ranges.sort();
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(ranges.len());
    for (from, to) in ranges {
        match out.last_mut() {
            Some(last) if from <= plus(last.1, 1) => last.1 = last.1.max(to),
            _ => out.push((from, to)),
        }
    }
    out
}

impl Store {
    /// The latest day before `before` holding an item that matches `filter` (a fixed SQL
    /// condition, never user text). Walks the day index backwards and stops at the first hit.
    fn latest_day(&self, before: NaiveDate, filter: &str, kind: Option<Kind>) -> Result<Option<NaiveDate>> {
        let sql = format!(
            "SELECT day FROM item WHERE day < ?1 AND ({filter}) AND (?2 IS NULL OR kind = ?2) \
             ORDER BY day DESC LIMIT 1"
        );
        let found: Option<String> = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![day(before), kind.map(Kind::as_str)], |r| r.get(0))
            .optional()?;
        found
            .map(|d| {
                NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map_err(|_| anyhow!("bad date '{d}' in the database"))
            })
            .transpose()
    }

    /// The items the advice for as-of date `t` needs (see `advice::advise`), in order:
    /// - T−34 … T: reported red flags (T−13 … T), new numbness (T−34 … T), stance and heel-raise
    ///   drops (T−20 … T), the walking target (T−14 … T−1) and activities dated T (judged tomorrow);
    /// - D−7 … D+1, where D is the latest day before T with a session or walking bout: the day
    ///   judged, its baseline week (D−7 … D−1) and the next-day reading (D+1);
    /// - the day of the latest session of each kind before T, and of the latest walking bout:
    ///   the last volumes, which may be months old.
    pub fn advice_items(&self, t: NaiveDate) -> Result<Vec<Item>> {
        let mut ranges = vec![(minus(t, 34), t)];
        if let Some(d) = self.latest_day(t, "type = 'session' OR walk IS NOT NULL", None)? {
            ranges.push((minus(d, 7), plus(d, 1)));
        }
        for &kind in Kind::ALL {
            if let Some(d) = self.latest_day(t, "type = 'session'", Some(kind))? {
                ranges.push((d, d));
            }
        }
        if let Some(d) = self.latest_day(t, "walk IS NOT NULL", None)? {
            ranges.push((d, d));
        }
        let mut items = Vec::new();
        for (from, to) in merge(ranges) {
            items.extend(self.items_between(from, to)?);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ranges_that_overlap_or_touch_are_read_once() {
        let merged = merge(vec![
            (d("2025-03-01"), d("2025-03-10")),
            (d("2024-01-05"), d("2024-01-05")),
            (d("2025-03-11"), d("2025-03-12")),
            (d("2025-02-20"), d("2025-03-02")),
        ]);
        assert_eq!(merged, vec![(d("2024-01-05"), d("2024-01-05")), (d("2025-02-20"), d("2025-03-12"))]);
    }
}
