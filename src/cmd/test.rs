//! `footing test NAME VALUE…` records a home test; `footing tests` shows where they stand
//! (§11.2).

use anyhow::Result;
use chrono::{Days, NaiveDate};

use super::{print_json, print_text, Ctx};
use crate::cli::TestArgs;
use crate::domain::home::{TestName, TestResult};
use crate::domain::{describe, format_at, Body, Flag, Item, NewItem, TestItem};
use crate::error::InputError;
use crate::home::{self, Risks, StanceDay, Standing, Taken};
use crate::record::ItemJson;
use crate::render::term;
use crate::store::{Access, Store};

/// The safety line `tests` starts with.
pub const BESIDE: &str = "Take each test with someone beside you and a counter in reach.";

/// The result the command line describes, checked.
fn result(args: &TestArgs) -> Result<TestResult, InputError> {
    let name = args.name;
    if name != TestName::HeelRaise {
        if let Some((flag, v)) = [("--left", &args.left), ("--right", &args.right)]
            .into_iter()
            .find_map(|(f, v)| v.as_ref().map(|v| (f, v)))
        {
            return Err(InputError::value(
                flag,
                v,
                format!("only heel-raise takes --left and --right, not {name}"),
            ));
        }
    }
    if args.arms && name != TestName::ChairStand {
        return Err(InputError(format!("invalid flag --arms for {name}: only chair-stand takes --arms")));
    }
    let values: Vec<&str> = match name {
        TestName::HeelRaise => {
            if let Some(v) = args.values.first() {
                return Err(InputError::value(
                    "VALUE",
                    v,
                    "heel-raise takes its numbers as --left N --right N (0–150 each)",
                ));
            }
            match (&args.left, &args.right) {
                (Some(l), Some(r)) => vec![l.as_str(), r.as_str()],
                _ => {
                    let which = if args.left.is_none() { "--left" } else { "--right" };
                    return Err(InputError(format!(
                        "missing {which}: heel-raise takes both feet, like --left 14 --right 19 (0–150 each)"
                    )));
                }
            }
        }
        // With --arms the score is 0 whatever is given (the value may be left out).
        TestName::ChairStand if args.arms => vec!["0"],
        _ => args.values.iter().map(String::as_str).collect(),
    };
    TestResult::from_values(name, &values).map_err(|(i, why)| match i {
        Some(i) => {
            let flag = match (name, i) {
                (TestName::HeelRaise, 0) => "--left",
                (TestName::HeelRaise, _) => "--right",
                _ => "VALUE",
            };
            InputError::value(flag, values[i], why)
        }
        None => InputError(format!("invalid {name} result: {why}")),
    })
}

/// The tests stored up to `t`, oldest first.
fn taken(store: &Store, t: NaiveDate) -> Result<Vec<Taken>> {
    Ok(home::taken_from(&store.items_of_type("test", t)?))
}

/// The daily best single-leg stance per foot up to `t`.
fn stance_days(store: &Store, t: NaiveDate) -> Result<Vec<StanceDay>> {
    Ok(home::stance_from(&store.stance_items(t)?))
}

/// Every standing as of `t`.
pub fn standings(store: &Store, t: NaiveDate) -> Result<Vec<Standing>> {
    Ok(home::standings(&store.profile()?, &taken(store, t)?, &stance_days(store, t)?))
}

/// What makes the riskier tests need someone beside the person, read conservatively from
/// the items: a pausing or fall flag reported in the 90 days up to `t` (reviews are not
/// looked at), a raised `foot-heat`, or a latest stance under 5 s.
fn risks(store: &Store, t: NaiveDate) -> Result<Risks> {
    let from = t.checked_sub_days(Days::new(89)).unwrap_or(t);
    let flags: Vec<Flag> = store
        .items_between(from, t)?
        .iter()
        .filter_map(Item::entry)
        .flat_map(|e| e.flags.iter().copied())
        .collect();
    let pausing = [Flag::OpenSore, Flag::Infection, Flag::SkinChange, Flag::Deformity, Flag::Injury];
    let heat = crate::heat::foot_heat_in(&store.items_of_type("temp", t)?, &[], t);
    let latest = stance_days(store, t)?.pop();
    Ok(Risks {
        paused: heat.is_some() || flags.iter().any(|f| pausing.contains(f)),
        fall_flag: flags.iter().any(|f| matches!(f, Flag::Fall | Flag::BalanceLoss)),
        stance_under_5: latest.is_some_and(|d| {
            [d.left, d.right].iter().flatten().any(|s| s.tenths() < crate::norms::STANCE_INJURIOUS)
        }),
    })
}

pub fn run(ctx: &Ctx, args: TestArgs) -> Result<()> {
    let at = ctx.at(args.at.as_deref())?;
    let result = result(&args)?;
    let mut store = ctx.open(Access::Write)?;
    let caution = home::caution(&result, risks(&store, at.date())?);
    let body = Body::Test(TestItem { result, note: args.note });
    let id = store.insert(&[NewItem { at, body: body.clone() }])?[0];
    let item = Item { id, at, body };
    if ctx.json {
        print_json(&ItemJson::from(&item))?;
    } else {
        let mut text = format!("logged #{id} at {}: {}\n", format_at(at), describe(&item.body));
        let name = args.name.as_str();
        if let Some(s) = standings(&store, at.date())?.into_iter().find(|s| s.test == name) {
            for line in s.words.iter().chain(&s.change_words) {
                text.push_str(&format!("  {line}\n"));
            }
        }
        print_text(&text)?;
    }
    if let Some(c) = caution {
        eprint!("{}", term::wrap(&format!("{c}\n"), term::width()));
    }
    Ok(())
}

/// `tests` in words.
fn text(standings: &[Standing]) -> String {
    let mut text = format!("{BESIDE}\n");
    if standings.is_empty() {
        text.push_str("No home tests recorded yet: `footing test --help` shows how to take each one.\n");
        return text;
    }
    for s in standings {
        let title = TestName::ALL
            .iter()
            .find(|n| n.as_str() == s.test)
            .map_or("single-leg stance, from log", |n| n.title());
        text.push_str(&format!("\n{} ({title}): {} on {}\n", s.test, s.shown, s.latest.date));
        for line in s.words.iter().chain(&s.change_words) {
            text.push_str(&format!("  {line}\n"));
        }
    }
    let not_yet: Vec<&str> =
        TestName::ALL.iter().map(|n| n.as_str()).filter(|n| standings.iter().all(|s| s.test != *n)).collect();
    if !not_yet.is_empty() {
        text.push_str(&format!(
            "\nNot taken yet: {} (`footing test --help` says how).\n",
            not_yet.join(", ")
        ));
    }
    text
}

pub fn tests(ctx: &Ctx) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let standings = standings(&store, ctx.today())?;
    if ctx.json {
        return print_json(&standings);
    }
    print_text(&text(&standings))
}
