//! `footing session`: record an exercise session — named exercises with their doses (§9.3),
//! or one volume — with pain just before and after it.

use anyhow::Result;

use super::Ctx;
use super::{kind_and_work, print_stored};
use crate::cli::SessionArgs;
use crate::domain::with_pain_around;
use crate::domain::{Item, Session};
use crate::store::Access;

pub fn run(ctx: &Ctx, args: SessionArgs) -> Result<()> {
    let at = ctx.at(args.around.at.as_deref())?;
    let (kind, work) = kind_and_work(ctx, &args, at)?;
    let session = Session { kind, work, rpe: args.around.rpe, note: args.note };
    let (labels, items) =
        with_pain_around(at, args.around.pain_before, args.around.pain_after, vec![session]);

    let mut store = ctx.open(Access::Write)?;
    // A session of a kind a red flag pauses on its day: stored, but the person is told, as
    // `plan` and `done` would have told them.
    let crate::assess::Assessment { advice, plan, .. } = crate::assess::assess(&store, at.date())?;
    let is_paused = |s: crate::status::Status| s == crate::status::Status::Paused;
    let kind_paused = advice.next.iter().any(|n| match n {
        crate::advice::Next::Session(s) => s.kind == kind && is_paused(s.status),
        _ => false,
    }) || plan
        .kind(kind)
        .is_some_and(|k| !k.exercises.is_empty() && k.exercises.iter().all(|e| is_paused(e.status)));
    let paused = advice.pause.filter(|_| kind_paused);
    let ids = store.insert(&items)?;
    let stored: Vec<Item> =
        ids.into_iter().zip(items).map(|(id, new)| Item { id, at: new.at, body: new.body }).collect();
    print_stored(ctx, &labels, &stored)?;
    if let Some((flag, since)) = paused {
        eprint!(
            "{}",
            crate::render::term::wrap(
                &format!(
                    "warning: {kind} work is paused by the {} of {since} (see `footing plan`); the \
                     session is recorded, but rest your feet until the pause ends\n",
                    flag.as_str()
                ),
                crate::render::term::width()
            )
        );
    }
    Ok(())
}
