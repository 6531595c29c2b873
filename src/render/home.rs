//! The report's home-tests section (§7, §11): where each test stands for the person, each
//! test over time against its band, and the largest daily foot-temperature difference with
//! the 2.2 °C line. Greyscale-safe: the lines differ by dash and marker, not only colour.

use std::fmt::Write as _;

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use plotters::style::RGBColor;

use super::chart::{self, Chart, Look, Series};
use super::report::{escape, long_date, Report};
use crate::domain::home::{Profile, TestName, TestResult};
use crate::domain::Body;
use crate::home::{self, Amount, Real, Standing, Taken};
use crate::norms;

const DARK: RGBColor = RGBColor(0x1b, 0x4f, 0x8a);
const ORANGE: RGBColor = RGBColor(0xa8, 0x4a, 0x12);

fn change(c: &Option<home::Change>) -> String {
    let Some(c) = c else { return "—".to_string() };
    let one = |v: f64, r: bool| {
        format!("{}{}", if v > 0.0 { format!("+{v}") } else { v.to_string() }, if r { " (real)" } else { "" })
    };
    match (&c.change, &c.real) {
        (Amount::One(v), Real::One(r)) => one(*v, *r),
        (Amount::Feet([l, r]), Real::Feet([rl, rr])) => {
            let foot = |v: &Option<f64>, r: &Option<bool>| match (v, r) {
                (Some(v), Some(r)) => one(*v, *r),
                _ => "—".to_string(),
            };
            format!("L {}, R {}", foot(l, rl), foot(r, rr))
        }
        _ => "—".to_string(),
    }
}

fn table(html: &mut String, standings: &[Standing]) {
    // Scoped to this section, so the report's own style sheet stays the report's.
    html.push_str(
        "<style>#home-tests table { width: 100%; table-layout: fixed; } \
         #home-tests th, #home-tests td { text-align: left; vertical-align: top; white-space: normal; } \
         #home-tests th:first-child { width: 16%; } #home-tests th:nth-child(2) { width: 18%; } \
         #home-tests th:nth-child(3) { width: 36%; }</style>\n",
    );
    html.push_str(
        "<table class=\"home-tests\"><thead><tr><th scope=\"col\">test</th><th scope=\"col\">latest</th>\
         <th scope=\"col\">where it stands</th><th scope=\"col\">since the first</th>\
         <th scope=\"col\">since the previous</th></tr></thead><tbody>\n",
    );
    for s in standings {
        let words = s.words.iter().map(|w| escape(w)).collect::<Vec<_>>().join("<br>");
        let _ = writeln!(
            html,
            "<tr{}><th scope=\"row\">{}</th><td>{}<br>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if s.fall_risk { " class=\"worse\"" } else { "" },
            escape(s.test),
            escape(&s.shown),
            escape(&long_date(s.latest.date)),
            words,
            escape(&change(&s.since_first)),
            escape(&change(&s.since_previous))
        );
    }
    html.push_str("</tbody></table>\n");
}

/// One value per day of the chart for each test result (the last of a day).
fn column(
    results: &[&Taken],
    from: NaiveDate,
    days: u32,
    value: impl Fn(&TestResult) -> Option<f64>,
) -> Vec<Option<f64>> {
    let mut v = vec![None; days as usize];
    for t in results {
        let i = (t.date - from).num_days();
        if (0..i64::from(days)).contains(&i) {
            v[i as usize] = value(&t.result);
        }
    }
    v
}

fn test_chart(
    name: TestName,
    results: &[&Taken],
    profile: &Profile,
    from: NaiveDate,
    days: u32,
) -> (Chart, String) {
    let base = |title: &str, y_desc: &str, y_top: f64| Chart {
        id: format!("chart-test-{}", name.as_str()),
        title: title.into(),
        y_desc: y_desc.into(),
        from,
        days,
        y_top,
        y_fixed: false,
        series: Vec::new(),
        goal_lines: Vec::new(),
        goal_band: None,
        strength_days: Vec::new(),
        daily_work_days: Vec::new(),
    };
    let latest = results.last().map(|t| t.date).unwrap_or(from);
    match name {
        TestName::ChairStand => {
            let row = profile
                .sex
                .zip(profile.age_in(latest.year()))
                .and_then(|(sex, age)| norms::chair_stand(age, sex).map(|r| (sex, r)));
            let mut c = Chart {
                series: vec![Series {
                    label: "stands in 30 s".into(),
                    look: Look::Solid(DARK),
                    values: column(results, from, days, |r| match r {
                        TestResult::ChairStand(n) => Some(f64::from(*n)),
                        _ => None,
                    }),
                }],
                ..base("30-second chair stand", "stands", 20.0)
            };
            let caption = match row {
                Some((sex, r)) => {
                    let band = format!("{} {}–{}", sex.people(), r.from, r.to);
                    c.goal_band =
                        Some((f64::from(r.low), f64::from(r.high), format!("usual {}–{}", r.low, r.high)));
                    c.goal_lines = vec![(f64::from(r.below), format!("fall-risk line {}", r.below))];
                    format!(
                        "Stands in 30 s; the shaded band is the usual range for {band} (Rikli & Jones), \
                         the dashed line the STEADI fall-risk line."
                    )
                }
                None => "Stands in 30 s; no band: the norm needs the birth year and sex, ages 60–94.".into(),
            };
            (c, caption)
        }
        TestName::FourStage => (
            Chart {
                series: vec![Series {
                    label: "stage reached".into(),
                    look: Look::Solid(DARK),
                    values: column(results, from, days, |r| match r {
                        TestResult::FourStage(v) => Some(v.len() as f64),
                        _ => None,
                    }),
                }],
                goal_lines: vec![(3.0, "tandem".into())],
                y_fixed: true,
                ..base("4-stage balance test", "stage (1–4)", 4.0)
            },
            "The stage reached: 1 feet together, 2 semi-tandem, 3 tandem, 4 one leg. Tandem held \
             under 10 s is on the fall-risk side (STEADI)."
                .into(),
        ),
        TestName::Tug => (
            Chart {
                series: vec![Series {
                    label: "seconds".into(),
                    look: Look::Solid(DARK),
                    values: column(results, from, days, |r| match r {
                        TestResult::Tug(t) => Some(t.value()),
                        _ => None,
                    }),
                }],
                goal_lines: vec![(12.0, "12 s".into())],
                ..base("Timed Up and Go", "seconds", 15.0)
            },
            "Seconds (lower is better); 12 s or more is the STEADI fall-risk line.".into(),
        ),
        TestName::HeelRaise => {
            let foot = |left: bool| {
                column(results, from, days, move |r| match r {
                    TestResult::HeelRaise { left: l, right: rr } => {
                        Some(f64::from(if left { *l } else { *rr }))
                    }
                    _ => None,
                })
            };
            let mut c = Chart {
                series: vec![
                    Series { label: "left foot".into(), look: Look::Solid(DARK), values: foot(true) },
                    Series { label: "right foot".into(), look: Look::Dashed(ORANGE), values: foot(false) },
                ],
                goal_lines: vec![(f64::from(norms::HEEL_RAISE_NORMAL), "about 25".into())],
                ..base("Heel raise to fatigue", "raises", 30.0)
            };
            if let Some(sex) = profile.sex {
                let m = norms::heel_raise_median(sex);
                c.goal_lines.push((f64::from(m), format!("median {m}, {}", sex.people())));
            }
            (
                c,
                "Raises per foot to fatigue; about 25 is usual (Lunsford & Perry), with the median by sex."
                    .into(),
            )
        }
    }
}

fn temperature_chart(report: &Report, from: NaiveDate, days: u32) -> Option<(Chart, String)> {
    let temps = report.items.iter().filter_map(|i| match &i.body {
        Body::Temp(t) => Some((i.at, t.temps.as_slice())),
        _ => None,
    });
    let by_day = crate::heat::daily_sites(temps, report.as_of);
    if by_day.keys().all(|d| *d < from) {
        return None;
    }
    let values = (0..days)
        .map(|i| {
            let d = from + Duration::days(i64::from(i));
            by_day.get(&d).and_then(crate::heat::largest).map(|s| f64::from(s.difference().abs()) / 10.0)
        })
        .collect();
    let chart = Chart {
        id: "chart-foot-temperature".into(),
        title: "Foot temperature difference".into(),
        y_desc: "°C".into(),
        from,
        days,
        y_top: 3.0,
        y_fixed: false,
        series: vec![Series {
            label: "largest left–right difference".into(),
            look: Look::Solid(ORANGE),
            values,
        }],
        goal_lines: vec![(2.2, "2.2 °C".into())],
        goal_band: None,
        strength_days: Vec::new(),
        daily_work_days: Vec::new(),
    };
    Some((
        chart,
        "The largest left–right difference of each day (first reading per site), in °C. Above 2.2 °C at \
         the same site on two measurements at most 3 days apart pauses weight-bearing work (IWGDF 2023)."
            .into(),
    ))
}

/// Writes the "home tests" section: nothing when no test, stance or temperature was recorded.
pub fn section(html: &mut String, report: &Report, profile: &Profile) -> Result<()> {
    let from = report.chart_from();
    let days = u32::try_from((report.as_of - from).num_days() + 1).unwrap_or(report.days);
    let in_period: Vec<_> = report.items.iter().filter(|i| i.date() >= report.from()).cloned().collect();
    let taken = home::taken_from(&in_period);
    let standings = home::standings(profile, &taken, &home::stance_from(&in_period));
    let temperature = temperature_chart(report, from, days);
    if standings.is_empty() && temperature.is_none() {
        return Ok(());
    }
    let _ = writeln!(
        html,
        "<section id=\"home-tests\"><div class=\"keep\"><h2>Home tests</h2>\
         <p class=\"hint\">Taken at home with someone beside the patient. Norms for the patient's age and sex \
         where a table gives them (chair stand: Rikli &amp; Jones 1999 and CDC STEADI; single-leg stance: \
         Springer 2007; heel raise: Lunsford &amp; Perry 1995, Hébert-Losier 2017). A change is called real \
         only at or above its threshold (chair stand 3, TUG 2.1 s, heel raise 7, another 4-stage stage; \
         single-leg stance: a 5 s or 30 s line crossed). These figures describe; they do not diagnose.</p>"
    );
    if !standings.is_empty() {
        table(html, &standings);
    }
    html.push_str("</div>\n");
    for name in TestName::ALL {
        let results: Vec<&Taken> = taken.iter().filter(|t| t.result.name() == name).collect();
        if results.is_empty() {
            continue;
        }
        let (c, caption) = test_chart(name, &results, profile, from, days);
        let _ = writeln!(
            html,
            "<figure id=\"{}-figure\"><h3>{}</h3>{}\n<figcaption>{}</figcaption></figure>",
            c.id,
            escape(&c.title),
            chart::render(&c)?,
            escape(&caption)
        );
    }
    if let Some((c, caption)) = temperature {
        let _ = writeln!(
            html,
            "<figure id=\"{}-figure\"><h3>{}</h3>{}\n<figcaption>{}</figcaption></figure>",
            c.id,
            escape(&c.title),
            chart::render(&c)?,
            escape(&caption)
        );
    }
    html.push_str("</section>\n");
    Ok(())
}
