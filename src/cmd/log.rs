//! `footing log`: record one entry.

use anyhow::Result;

use super::store_entry;
use super::Ctx;
use crate::cli::LogArgs;
use crate::domain::Entry;

pub fn run(ctx: &Ctx, args: LogArgs) -> Result<()> {
    let at = ctx.at(args.at.as_deref())?;
    let entry = Entry {
        pain: args.pain,
        numb: crate::domain::merge_numb(args.numb)
            .map_err(|why| crate::error::InputError::value("--numb", "none", why))?,
        stance_left: args.stance_left,
        stance_right: args.stance_right,
        heel_raises: args.heel_raises,
        walk: args.walk,
        flags: args.flag.into_iter().collect(),
        note: args.note,
        feet_ok: args.feet_ok,
    };
    store_entry(ctx, at, entry)
}
