//! The person's profile (§11.1): one row per change, the newest is the profile; `undo`
//! removes the newest.
//!
//! Until the change journal of `undo` exists, a profile change is numbered after the items
//! recorded before it: `seq` is the item table's highest id so far (its AUTOINCREMENT
//! sequence) times [`STEP`], plus one for each profile change since that item. A profile
//! change is then newer than every stored item exactly when `seq / STEP` is at least the
//! highest stored item id; item ids are not touched.

use anyhow::{anyhow, Context, Result};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::Store;
use crate::domain::home::{parse_sex, Profile};

/// How many profile changes may follow one item before the numbering would run into the
/// next item's (a million: never, in practice; beyond it they still sort after that item).
const STEP: i64 = 1_000_000;

/// Stores `profile` as the newest change, inside the caller's transaction.
pub(super) fn write_profile(conn: &Connection, profile: &Profile) -> Result<()> {
    let next: i64 = conn.query_row(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'item'), 0) * ?1 + 1, \
                    coalesce((SELECT max(seq) FROM profile), 0) + 1)",
        [STEP],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO profile (seq, born, sex, name) VALUES (?1, ?2, ?3, ?4)",
        params![next, profile.born, profile.sex.map(|s| s.as_str()), profile.name],
    )?;
    Ok(())
}

impl Store {
    /// The person's profile: the newest change, empty when none was stored.
    pub fn profile(&self) -> Result<Profile> {
        let row: Option<(Option<i32>, Option<String>, Option<String>)> = self
            .conn
            .query_row("SELECT born, sex, name FROM profile ORDER BY seq DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .with_context(|| format!("could not read the profile from {}", self.path.display()))?;
        let Some((born, sex, name)) = row else { return Ok(Profile::default()) };
        let sex = sex
            .map(|s| parse_sex(&s).map_err(|_| anyhow!("the profile in the database is damaged: sex '{s}'")))
            .transpose()?;
        Ok(Profile { born, sex, name })
    }

    /// Stores a changed profile.
    pub fn set_profile(&mut self, profile: &Profile) -> Result<()> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        write_profile(&tx, profile).with_context(saving)?;
        tx.commit().with_context(saving)?;
        Ok(())
    }

    /// When the newest change is a profile change (newer than every stored item), removes it
    /// and returns the profile before it and the one removed.
    pub fn undo_profile_if_newest(&mut self) -> Result<Option<(Profile, Profile)>> {
        let newest: Option<i64> = self.conn.query_row(
            "SELECT max(seq) FROM profile WHERE seq / ?1 >= coalesce((SELECT max(id) FROM item), 0)",
            [STEP],
            |r| r.get(0),
        )?;
        let Some(seq) = newest else { return Ok(None) };
        let removed = self.profile()?;
        let saving = || format!("could not save to {}", self.path.display());
        self.conn.execute("DELETE FROM profile WHERE seq = ?1", [seq]).with_context(saving)?;
        Ok(Some((self.profile()?, removed)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Access;
    use super::*;
    use crate::domain::{Body, Entry, NewItem};

    #[test]
    fn undo_takes_the_newer_of_the_latest_item_and_the_latest_profile_change() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db"), Access::Write).unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2031, 3, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        let item = |store: &mut Store| {
            store.insert(&[NewItem { at, body: Body::Entry(Entry::pain(3)) }]).unwrap()[0]
        };
        let born = |y| Profile { born: Some(y), ..Profile::default() };
        // item 1, profile 1950, profile 1951, item 2, profile 1952.
        assert_eq!(item(&mut store), 1);
        store.set_profile(&born(1950)).unwrap();
        store.set_profile(&born(1951)).unwrap();
        assert_eq!(item(&mut store), 2, "a profile change takes no item id");
        store.set_profile(&born(1952)).unwrap();
        let undo = |store: &mut Store| -> String {
            match store.undo_profile_if_newest().unwrap() {
                Some((now, removed)) => format!("profile {:?} -> {:?}", removed.born, now.born),
                None => format!("item {}", store.undo().unwrap().map_or(0, |i| i.id)),
            }
        };
        let steps: Vec<String> = (0..6).map(|_| undo(&mut store)).collect();
        assert_eq!(
            steps,
            [
                "profile Some(1952) -> Some(1951)",
                "item 2",
                "profile Some(1951) -> Some(1950)",
                "profile Some(1950) -> None",
                "item 1",
                "item 0"
            ]
        );
        // After undoing item 2, a new item still comes after every profile change.
        store.set_profile(&born(1960)).unwrap();
        assert_eq!(item(&mut store), 3);
        assert_eq!(undo(&mut store), "item 3");
        assert_eq!(undo(&mut store), "profile Some(1960) -> None");
    }
}
