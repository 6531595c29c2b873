//! The person's profile (§11.1): one row per change, the newest is the profile; `undo`
//! removes the newest.
//!
//! Until the change journal of `undo` exists, a profile change takes its number from the
//! same counter as the items (the item table's AUTOINCREMENT sequence is moved past it), so
//! the newest change of either kind is the one with the highest number.

use anyhow::{anyhow, Context, Result};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::Store;
use crate::domain::home::{parse_sex, Profile};

/// Stores `profile` as the newest change, inside the caller's transaction.
pub(super) fn write_profile(conn: &Connection, profile: &Profile) -> Result<()> {
    let next: i64 = conn.query_row(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'item'), 0), \
                    coalesce((SELECT max(seq) FROM profile), 0)) + 1",
        [],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO profile (seq, born, sex, name) VALUES (?1, ?2, ?3, ?4)",
        params![next, profile.born, profile.sex.map(|s| s.as_str()), profile.name],
    )?;
    let moved = conn.execute("UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'item'", [next])?;
    if moved == 0 {
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('item', ?1)", [next])?;
    }
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
            "SELECT max(seq) FROM profile WHERE seq > coalesce((SELECT max(id) FROM item), 0)",
            [],
            |r| r.get(0),
        )?;
        let Some(seq) = newest else { return Ok(None) };
        let removed = self.profile()?;
        let saving = || format!("could not save to {}", self.path.display());
        self.conn.execute("DELETE FROM profile WHERE seq = ?1", [seq]).with_context(saving)?;
        Ok(Some((self.profile()?, removed)))
    }
}
