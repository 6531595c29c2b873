//! `footing temp SITE:LEFT:RIGHT… [--unit c|f]` records foot skin temperatures; `footing
//! temp` alone shows the last 14 days (§11.3).

use anyhow::Result;
use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::{print_json, print_text, Ctx};
use crate::cli::{TempArgs, Unit};
use crate::domain::home::{parse_site_temp, parse_temps, Site, TempUnit};
use crate::domain::{describe, format_at, Body, Item, NewItem, TempItem};
use crate::error::InputError;
use crate::heat::{self, FootHeat};
use crate::record::ItemJson;
use crate::store::{Access, Store};

/// A difference in tenths of a °C, as `+2.3 °C`.
fn degrees(tenths: i32) -> String {
    format!("{}{}.{} °C", if tenths < 0 { "−" } else { "+" }, tenths.abs() / 10, tenths.abs() % 10)
}

fn which_warmer(tenths: i32) -> String {
    let foot = if tenths > 0 { "left" } else { "right" };
    format!("the {foot} foot is warmer by {}.{} °C", tenths.abs() / 10, tenths.abs() % 10)
}

/// The raised `foot-heat` flag as of `t` (clearing reviews are the advice's to read).
fn foot_heat(store: &Store, t: NaiveDate) -> Result<Option<FootHeat>> {
    Ok(heat::foot_heat_in(&store.items_of_type("temp", t)?, &[], t))
}

/// After a difference above 2.2 °C with no `foot-heat` flag: one day alone is not a flag.
const ONE_WARM_DAY: &str = "One warm day alone is not a red flag: measure again tomorrow, at the same \
                            time and on the same spots. Above 2.2 °C again within 3 days is a red \
                            flag.\n";

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn heat_lines(flag: &FootHeat) -> String {
    format!(
        "Red flag: foot-heat: {} at {} on {}.\n{}.\nIt stays until your clinician clears the foot (`footing reviewed \
         foot-heat --cleared`) or two measurement days in a row show every site, {} included, at or \
         below 2.2 °C.\n",
        which_warmer(flag.difference),
        flag.site,
        flag.day,
        capitalised(heat::MESSAGE),
        flag.site
    )
}

pub fn run(ctx: &Ctx, args: TempArgs) -> Result<()> {
    if args.sites.is_empty() {
        if args.at.is_some() || args.note.is_some() {
            return Err(InputError(
                "--at and --note need temperatures: footing temp SITE:LEFT:RIGHT… (see footing temp --help)"
                    .into(),
            )
            .into());
        }
        return show(ctx, args.unit);
    }
    let unit = match args.unit {
        Unit::C => TempUnit::Celsius,
        Unit::F => TempUnit::Fahrenheit,
    };
    for part in &args.sites {
        parse_site_temp(part, unit).map_err(|why| InputError::value("SITE:LEFT:RIGHT", part, why))?;
    }
    let temps = parse_temps(args.sites.iter().map(String::as_str), unit)
        .map_err(|why| InputError(format!("invalid temperatures: {why}")))?;
    let at = ctx.at(args.at.as_deref())?;
    let mut store = ctx.open(Access::Write)?;
    // Raised before this reading, so that a reading that ends it can say so.
    let raised = foot_heat(&store, at.date())?;
    let body = Body::Temp(TempItem { temps, note: args.note });
    let id = store.insert(&[NewItem { at, body: body.clone() }])?[0];
    let item = Item { id, at, body };
    if ctx.json {
        return print_json(&ItemJson::from(&item));
    }
    let mut text = format!("logged #{id} at {}: {}\n", format_at(at), describe(&item.body));
    let mut hot = false;
    if let Body::Temp(t) = &item.body {
        for s in t.temps.iter().filter(|s| s.difference().abs() > heat::HOT) {
            text.push_str(&format!("  {}: {} (above 2.2 °C)\n", s.site, which_warmer(s.difference())));
            hot = true;
        }
    }
    match foot_heat(&store, at.date())? {
        Some(flag) => text.push_str(&heat_lines(&flag)),
        // What to do next after one warm reading: it is not a flag yet, the next one decides.
        None if hot => text.push_str(ONE_WARM_DAY),
        None => {
            if let Some(was) = raised {
                text.push_str(&format!(
                    "The foot-heat of {} has ended: two measurement days in a row show every site \
                     at or below 2.2 °C, so its pause ends; `footing plan` shows what to do \
                     today.\n",
                    was.day
                ));
            }
        }
    }
    print_text(&text)
}

#[derive(Serialize)]
struct DayJson {
    date: NaiveDate,
    site: Site,
    left: crate::domain::home::Tenths,
    right: crate::domain::home::Tenths,
    /// left − right, °C.
    difference: f64,
    above: bool,
}

#[derive(Serialize)]
struct ShowJson {
    days: Vec<DayJson>,
    foot_heat: Option<FootHeatJson>,
}

#[derive(Serialize)]
struct FootHeatJson {
    site: Site,
    day: NaiveDate,
    difference: f64,
}

/// A temperature in tenths of a °C as shown in `unit`: `31.2 °C`, or `88.2 °F`.
fn shown(tenths_c: u16, unit: Unit) -> String {
    match unit {
        Unit::C => format!("{}.{} °C", tenths_c / 10, tenths_c % 10),
        Unit::F => {
            // F = C × 9/5 + 32, in tenths, rounded half up.
            let f = (u32::from(tenths_c) * 18 + 5) / 10 + 320;
            format!("{}.{} °F", f / 10, f % 10)
        }
    }
}

/// A difference in tenths of a °C as shown in `unit`, signed.
fn shown_difference(tenths_c: i32, unit: Unit) -> String {
    match unit {
        Unit::C => degrees(tenths_c),
        Unit::F => {
            let f = (tenths_c.abs() * 18 + 5) / 10;
            format!("{}{}.{} °F", if tenths_c < 0 { "−" } else { "+" }, f / 10, f % 10)
        }
    }
}

fn show(ctx: &Ctx, unit: Unit) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let t = ctx.today();
    let from = t.checked_sub_days(Days::new(13)).unwrap_or(t);
    let temps = store.items_between(from, t)?;
    let days = heat::daily_sites(
        temps.iter().filter_map(|i| match &i.body {
            Body::Temp(x) => Some((i.at, x.temps.as_slice())),
            _ => None,
        }),
        t,
    );
    let rows: Vec<DayJson> = days
        .iter()
        .filter_map(|(date, sites)| heat::largest(sites).map(|s| (date, s)))
        .map(|(date, s)| DayJson {
            date: *date,
            site: s.site,
            left: s.left,
            right: s.right,
            difference: f64::from(s.difference()) / 10.0,
            above: s.difference().abs() > heat::HOT,
        })
        .collect();
    let flag = foot_heat(&store, t)?;
    if ctx.json {
        let foot_heat = flag.map(|f| FootHeatJson {
            site: f.site,
            day: f.day,
            difference: f64::from(f.difference) / 10.0,
        });
        return print_json(&ShowJson { days: rows, foot_heat });
    }
    let mut text = String::new();
    if rows.is_empty() {
        text.push_str(&format!(
            "No foot temperatures from {from} to {t}. Measure after ten minutes barefoot at rest, \
             before walking: footing temp hallux:31.2:30.8 (see footing temp --help)\n"
        ));
    } else {
        text.push_str(&format!(
            "Foot temperatures, {from} to {t}: the largest left − right difference of each day \
             (* above 2.2 °C, 4 °F)\n"
        ));
        for r in &rows {
            let d = (r.difference * 10.0).round() as i32;
            text.push_str(&format!(
                "  {}  {:<7}  left {:>7}  right {:>7}  {}{}\n",
                r.date,
                r.site.as_str(),
                shown(r.left.0, unit),
                shown(r.right.0, unit),
                shown_difference(d, unit),
                if r.above { " *" } else { "" }
            ));
        }
    }
    if let Some(flag) = flag {
        text.push_str(&heat_lines(&flag));
    }
    print_text(&text)
}
