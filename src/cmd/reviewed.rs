//! `footing reviewed FLAG [--cleared] [--at WHEN] [--note TEXT]`: a clinician has seen a red
//! flag (§6.3). An item like any other: `history --items` shows it, `undo` and `delete`
//! remove it, `export` carries it.

use anyhow::Result;

use super::{print_json, print_text, Ctx};
use crate::cli::ReviewedArgs;
use crate::domain::{describe, format_at, Body, Item, NewItem, Review, Reviewed};
use crate::record::ItemJson;
use crate::store::Access;

pub fn run(ctx: &Ctx, args: ReviewedArgs) -> Result<()> {
    let at = ctx.at(args.at.as_deref())?;
    let body = Body::Review(Review { flag: args.flag, cleared: args.cleared, note: args.note });
    let mut store = ctx.open(Access::Write)?;
    let id = store.insert(&[NewItem { at, body: body.clone() }])?[0];
    let item = Item { id, at, body };
    if ctx.json {
        return print_json(&ItemJson::from(&item));
    }
    let then = match (args.flag, args.cleared) {
        (_, true) => "the pause it caused ends, and the advice restarts gently".to_string(),
        (Reviewed::Reported(f), false) => format!(
            "it no longer raises the alarm; a pause of weight-bearing work lasts until the clinician clears the foot (`footing reviewed {f} --cleared`)"
        ),
        // A detected flag that pauses (foot-heat) is silenced, but the pause goes on: say so,
        // or "silenced" reads as "back to walking".
        (Reviewed::Detected(d), false) if crate::advice::flags::PAUSING.contains(&d) => format!(
            "it is silenced for 14 days while it gets no worse; weight-bearing work stays paused until the clinician clears the foot (`footing reviewed {} --cleared`)",
            args.flag
        ),
        (Reviewed::Detected(_), false) => "it is silenced for 14 days while it gets no worse".to_string(),
    };
    print_text(&format!("recorded #{id} at {}: {}; {then}\n", format_at(at), describe(&item.body)))
}
