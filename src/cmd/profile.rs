//! `footing profile [--born YEAR] [--sex female|male] [--name TEXT]` (§11.1): show or change
//! the person's details.

use anyhow::Result;
use chrono::Datelike;

use super::{print_json, print_text, Ctx};
use crate::cli::ProfileArgs;
use crate::domain::home::{parse_born, Profile};
use crate::error::InputError;
use crate::store::Access;

/// The profile in words, one line.
pub fn describe(p: &Profile) -> String {
    let born = p.born.map_or("birth year not given".to_string(), |b| format!("born {b}"));
    let sex = p.sex.map_or("sex not given".to_string(), |s| s.as_str().to_string());
    let name = p
        .name
        .as_ref()
        .map_or("no name".to_string(), |n| format!("name \"{}\"", crate::render::printable(n)));
    format!("{born}, {sex}, {name}")
}

pub fn run(ctx: &Ctx, args: &ProfileArgs) -> Result<()> {
    let this_year = ctx.today().year();
    let born = args
        .born
        .as_deref()
        .map(|b| parse_born(b, this_year).map_err(|a| InputError::value("--born", b, a)))
        .transpose()?;
    let changing = born.is_some() || args.sex.is_some() || args.name.is_some();
    if !changing {
        let store = ctx.open(Access::Read)?;
        let profile = store.profile()?;
        if ctx.json {
            return print_json(&profile);
        }
        let hint = if profile.born.is_none() || profile.sex.is_none() {
            "\nThe norms of `footing tests` need your birth year and sex: \
             `footing profile --born YEAR --sex female|male`.\n"
        } else {
            ""
        };
        return print_text(&format!("profile: {}\n{hint}", describe(&profile)));
    }
    let mut store = ctx.open(Access::Write)?;
    let old = store.profile()?;
    let new = Profile {
        born: born.or(old.born),
        sex: args.sex.or(old.sex),
        name: args.name.clone().or(old.name.clone()),
    };
    if new != old {
        store.set_profile(&new)?;
    }
    if ctx.json {
        return print_json(&new);
    }
    let verb = if new == old { "unchanged" } else { "saved" };
    print_text(&format!("profile {verb}: {}\n", describe(&new)))
}
