//! Line charts for the clinician report: one inline SVG per measure, drawn with plotters'
//! SVG backend.
//!
//! plotters is built without its font features (`ttf`, `ab_glyph`), so it never touches
//! system fonts: it estimates text sizes from the character count and writes every label
//! as an SVG `<text>` element, which the browser then sets in its own font. Axis labels are
//! therefore real, selectable text. The legend is written by hand, also as `<text>`.

use std::fmt::Write as _;

use anyhow::{anyhow, Result};
use chrono::{Datelike, Duration, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::report::escape;

/// The drawing size in SVG user units; the page scales it to its width.
pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 300;

/// Space above the plot for the legend.
const TOP: u32 = 44;
const LABEL_SIZE: f64 = 23.0;
const LEGEND_SIZE: f64 = 19.0;
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
const GOAL: RGBColor = RGBColor(0x2e, 0x6b, 0x30);
const BAND: RGBColor = RGBColor(0xd9, 0xee, 0xd6);
/// Strength-session days: dark triangles; days of balance or mobility work: light squares.
const STRENGTH: RGBColor = RGBColor(0x22, 0x22, 0x22);
const DAILY_WORK: RGBColor = RGBColor(0x99, 0x99, 0x99);

/// How a series is drawn; lines differ by more than colour so that they read in grey print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// A solid line with round points.
    Solid(RGBColor),
    /// A dashed line with triangular points.
    Dashed(RGBColor),
}

impl Look {
    fn color(self) -> RGBColor {
        match self {
            Look::Solid(c) | Look::Dashed(c) => c,
        }
    }
}

/// One line: a value (or none) per day of the period, oldest first.
pub struct Series {
    pub label: String,
    pub look: Look,
    pub values: Vec<Option<f64>>,
}

/// A chart of one measure over the period.
pub struct Chart {
    /// The SVG element id, e.g. `chart-pain`.
    pub id: String,
    /// The chart's title, written as the SVG `<title>`.
    pub title: String,
    /// What the y axis measures, e.g. "seconds".
    pub y_desc: String,
    /// The first day of the period; `values[i]` belongs to `from + i days`.
    pub from: NaiveDate,
    pub days: u32,
    /// The y axis runs from 0 to at least this (more when a value is higher).
    pub y_top: f64,
    /// Fixed scales (pain 0–10) do not grow with the data.
    pub y_fixed: bool,
    pub series: Vec<Series>,
    /// Horizontal goal lines: value and label.
    pub goal_lines: Vec<(f64, String)>,
    /// A shaded goal band: low, high, label.
    pub goal_band: Option<(f64, f64, String)>,
    /// Days (offsets from `from`) with a strength session: marked apart from the daily work.
    pub strength_days: Vec<u32>,
    /// Days (offsets from `from`) with a balance or mobility session.
    pub daily_work_days: Vec<u32>,
}

/// Draws the chart as an `<svg>` element ready to be inlined in HTML: no XML declaration and
/// no namespace URL, with the id, a `<title>` and a viewBox so that it scales with the page.
pub fn render(chart: &Chart) -> Result<String> {
    let mut raw = String::new();
    {
        let root = SVGBackend::with_string(&mut raw, (WIDTH, HEIGHT)).into_drawing_area();
        draw(chart, &root).map_err(|e| anyhow!("could not draw the {} chart: {e}", chart.title))?;
        root.present().map_err(|e| anyhow!("could not draw the {} chart: {e}", chart.title))?;
    }
    Ok(inline(chart, &raw))
}

/// The top of the y axis: `y_top`, or a round number above the highest value.
fn y_max(chart: &Chart) -> f64 {
    if chart.y_fixed {
        return chart.y_top;
    }
    let highest = chart.series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |a, &b| a.max(b));
    let goal =
        chart.goal_lines.iter().map(|g| g.0).chain(chart.goal_band.iter().map(|b| b.1)).fold(0.0, f64::max);
    let top = chart.y_top.max(highest * 1.1).max(goal * 1.15);
    let step = if top <= 20.0 {
        2.0
    } else if top <= 100.0 {
        10.0
    } else {
        50.0
    };
    (top / step).ceil() * step
}

/// Tick positions on the x axis: every 7th day counted back from the last day (so the last
/// day always has a label), more widely spaced for long periods.
fn x_ticks(days: u32) -> Vec<i32> {
    let step = match days {
        0..=31 => 7,
        32..=120 => 14,
        121..=400 => 56,
        _ => 364,
    };
    let last = days as i32 - 1;
    let mut ticks: Vec<i32> = (0..).map(|k| last - k * step).take_while(|&d| d >= 0).collect();
    ticks.reverse();
    ticks
}

fn draw(
    chart: &Chart,
    root: &DrawingArea<SVGBackend, Shift>,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    root.fill(&WHITE)?;
    let days = chart.days.max(1);
    let x_end = days as i32;
    let y_top = y_max(chart);
    let from = chart.from;
    let label_font = ("sans-serif", LABEL_SIZE).into_font().color(&INK);
    // Goal labels sit at the left end, above their line, where early values are usually lower.
    let goal_font = label_font.clone().color(&GOAL).pos(Pos::new(HPos::Left, VPos::Bottom));
    // A chart that spans more than one calendar year names the year on its first tick and on
    // the first tick of each new year, so that "21 Dec" is never read as the wrong December.
    let ticks = x_ticks(days);
    let day = move |x: i32| from + Duration::days(i64::from(x));
    let spans_years = from.year() != day(days as i32 - 1).year();
    let x_fmt = move |x: &i32| {
        let at = ticks.iter().position(|t| t == x);
        let new_year = match at {
            Some(0) => true,
            Some(k) => day(ticks[k - 1]).year() != day(*x).year(),
            None => false,
        };
        if spans_years && new_year {
            day(*x).format("%-d %b %Y").to_string()
        } else {
            day(*x).format("%-d %b").to_string()
        }
    };
    let y_fmt = |y: &f64| super::num(*y, 1);

    let mut cc = ChartBuilder::on(root)
        .margin_top(TOP)
        // Room for half of the last day's label, which is centred on the right edge.
        .margin_right(44)
        .margin_left(8)
        .margin_bottom(6)
        .x_label_area_size(44)
        .y_label_area_size(92)
        .build_cartesian_2d((-1..x_end).with_key_points(x_ticks(days)), 0.0..y_top)?;

    cc.configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(INK.stroke_width(2))
        .y_labels(6)
        .label_style(label_font.clone())
        .axis_desc_style(label_font.clone())
        .y_desc(chart.y_desc.as_str())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;

    if let Some((low, high, label)) = &chart.goal_band {
        cc.draw_series(std::iter::once(Rectangle::new([(-1, *low), (x_end, *high)], BAND.filled())))?;
        cc.draw_series(std::iter::once(Text::new(label.clone(), (-1, *high), goal_font.clone())))?;
    }
    // When two goal lines lie closer than a line of text (a tall axis squeezes 30 s and 45 s
    // together), the lower one's label goes under its line, so the two labels never overlap.
    let below_font = label_font.clone().color(&GOAL).pos(Pos::new(HPos::Left, VPos::Top));
    let pixel_y = |v: f64| f64::from(cc.backend_coord(&(-1, v)).1);
    let crowded: Vec<bool> = chart
        .goal_lines
        .iter()
        .map(|(value, _)| {
            chart
                .goal_lines
                .iter()
                .any(|(other, _)| other > value && pixel_y(*value) - pixel_y(*other) < LABEL_SIZE * 1.2)
        })
        .collect();
    for ((value, label), crowded) in chart.goal_lines.iter().zip(crowded) {
        cc.draw_series(DashedLineSeries::new([(-1, *value), (x_end, *value)], 10, 6, GOAL.stroke_width(2)))?;
        let font = if crowded { below_font.clone() } else { goal_font.clone() };
        cc.draw_series(std::iter::once(Text::new(label.clone(), (-1, *value), font)))?;
    }

    // Over a long period a day is only a pixel or two wide: smaller points and thinner lines
    // keep neighbouring days apart.
    let (point, line, mark) = if days > 120 { (2, 2, 3) } else { (4, 3, 6) };

    // Along the x axis: a small square on each day of balance or mobility work, and above it
    // an upward triangle on each strength-session day, so that the two read apart (in grey
    // print too) and a day with both shows both.
    let square = mark * 2 / 3;
    cc.draw_series(chart.daily_work_days.iter().map(|&d| {
        EmptyElement::at((d as i32, 0.0))
            + Rectangle::new([(-square, -2 * square), (square, 0)], DAILY_WORK.filled())
    }))?;
    cc.draw_series(chart.strength_days.iter().map(|&d| {
        EmptyElement::at((d as i32, 0.0))
            + TriangleMarker::new((0, -2 * square - mark - 2), mark, STRENGTH.filled())
    }))?;

    for series in &chart.series {
        let color = series.look.color();
        // A line joins only neighbouring days; a gap breaks it, and every value gets a point.
        for run in runs(&series.values) {
            if run.len() < 2 {
                continue;
            }
            match series.look {
                Look::Solid(_) => {
                    cc.draw_series(LineSeries::new(run, color.stroke_width(line)))?;
                }
                Look::Dashed(_) => {
                    cc.draw_series(DashedLineSeries::new(run, 9, 6, color.stroke_width(line)))?;
                }
            }
        }
        let points = points(&series.values);
        match series.look {
            Look::Solid(_) => {
                cc.draw_series(points.into_iter().map(|p| Circle::new(p, point, color.filled())))?;
            }
            // A cross, unlike the strength days' triangles and the daily work's squares along
            // the bottom, so the second series reads apart in greyscale by its shape too.
            Look::Dashed(_) => {
                cc.draw_series(points.into_iter().map(|p| Cross::new(p, point + 1, color.stroke_width(2))))?;
            }
        }
    }
    Ok(())
}

/// The values as points (day offset, value).
fn points(values: &[Option<f64>]) -> Vec<(i32, f64)> {
    values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i as i32, v))).collect()
}

/// Runs of consecutive days that have a value.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(i32, f64)>> {
    let mut runs: Vec<Vec<(i32, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => current.push((i as i32, *v)),
            None if current.is_empty() => {}
            None => runs.push(std::mem::take(&mut current)),
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Rewrites plotters' output for inlining: our own `<svg>` tag (id, title, viewBox, no
/// namespace URL, which HTML does not need), and the legend.
fn inline(chart: &Chart, raw: &str) -> String {
    let body = raw.trim_start();
    let body = match body.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or("", |(_, after)| after).trim_start(),
        None => body,
    };
    // Skip plotters' own opening <svg ...> tag and its closing tag; keep what is inside.
    let inner = body.split_once('>').map_or("", |(_, inner)| inner);
    let inner = inner.trim_end().strip_suffix("</svg>").unwrap_or(inner);
    let id = escape(&chart.id);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title\">\
         <title id=\"{id}-title\">{}</title>",
        escape(&chart.title)
    );
    svg.push_str(inner.trim());
    svg.push('\n');
    svg.push_str(&legend(chart));
    svg.push_str("</svg>");
    svg
}

/// The legend, left to right across the top: each series' line and point style, then the
/// two session marks. Widths are estimated from the label length.
fn legend(chart: &Chart) -> String {
    let mut out = String::from("<g class=\"legend\">");
    let y = 22.0;
    let mut x = 100.0;
    let hex = |c: RGBColor| format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2);
    for s in &chart.series {
        let c = hex(s.look.color());
        match s.look {
            Look::Solid(_) => {
                let _ = write!(
                    out,
                    "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{c}\" stroke-width=\"3\"/>\
                     <circle cx=\"{}\" cy=\"{y}\" r=\"4\" fill=\"{c}\"/>",
                    x + 36.0,
                    x + 18.0
                );
            }
            Look::Dashed(_) => {
                let _ = write!(
                    out,
                    "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{c}\" stroke-width=\"3\" stroke-dasharray=\"9 6\"/>\
                     <path d=\"M{} {}l10 10m0 -10l-10 10\" stroke=\"{c}\" stroke-width=\"2.5\" fill=\"none\"/>",
                    x + 36.0,
                    x + 13.0,
                    y - 5.0
                );
            }
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{y}\" dy=\"0.35em\" font-size=\"{LEGEND_SIZE}\" fill=\"#222222\">{}</text>",
            x + 44.0,
            escape(&s.label)
        );
        x += 44.0 + text_width(&s.label) + 28.0;
    }
    let strength = "strength day";
    let _ = write!(
        out,
        "<path class=\"strength-mark\" d=\"M{} {}l6 10h-12z\" fill=\"{}\"/>\
         <text x=\"{}\" y=\"{y}\" dy=\"0.35em\" font-size=\"{LEGEND_SIZE}\" fill=\"#222222\">{strength}</text>",
        x + 8.0,
        y - 6.0,
        hex(STRENGTH),
        x + 20.0
    );
    x += 20.0 + text_width(strength) + 24.0;
    let _ = write!(
        out,
        "<rect class=\"daily-work-mark\" x=\"{}\" y=\"{}\" width=\"8\" height=\"8\" fill=\"{}\"/>\
         <text x=\"{}\" y=\"{y}\" dy=\"0.35em\" font-size=\"{LEGEND_SIZE}\" fill=\"#222222\">balance or mobility</text>",
        x + 4.0,
        y - 4.0,
        hex(DAILY_WORK),
        x + 20.0
    );
    out.push_str("</g>\n");
    out
}

/// A generous estimate of a label's width at the legend size.
fn text_width(s: &str) -> f64 {
    s.chars().count() as f64 * LEGEND_SIZE * 0.56
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: Vec<Option<f64>>) -> Chart {
        Chart {
            id: "chart-heel-raises".into(),
            title: "Heel raises".into(),
            y_desc: "raises".into(),
            from: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            days: values.len() as u32,
            y_top: 20.0,
            y_fixed: false,
            series: vec![Series { label: "highest of the day".into(), look: Look::Solid(INK), values }],
            goal_lines: vec![],
            goal_band: Some((12.0, 15.0, "goal 12–15".into())),
            strength_days: vec![1, 3],
            daily_work_days: vec![0, 1, 2],
        }
    }

    /// plotters writes text content on its own line; the legend does not.
    fn has_text(svg: &str, text: &str) -> bool {
        svg.contains(&format!(">\n{text}\n</text>")) || svg.contains(&format!(">{text}</text>"))
    }

    /// §7: every series reads apart in greyscale by shape and line style: the second series'
    /// points are crosses, never the triangles that mark strength days.
    #[test]
    fn the_second_series_is_told_apart_by_shape_not_only_colour() {
        let orange = RGBColor(0xa8, 0x4a, 0x12);
        let mut c = chart(vec![Some(8.0), Some(10.0), Some(12.0)]);
        c.strength_days = vec![];
        c.daily_work_days = vec![];
        c.series.push(Series {
            label: "right foot".into(),
            look: Look::Dashed(orange),
            values: vec![Some(5.0), Some(6.0), Some(7.0)],
        });
        let svg = render(&c).unwrap();
        assert!(!svg.contains("<polygon"), "no triangle without strength days: {svg}");
        // Each cross is two strokes in the series' colour; the legend draws one too.
        assert!(svg.matches("#A84A12").count() + svg.matches("#a84a12").count() >= 3 * 2, "{svg}");
        assert!(svg.contains("l10 10m0 -10l-10 10"), "the legend shows the cross");
        // With strength days, their triangles are the only polygons.
        c.strength_days = vec![0, 2];
        let svg = render(&c).unwrap();
        assert_eq!(svg.matches("<polygon").count(), 2, "{svg}");
    }

    #[test]
    fn a_gap_breaks_the_line() {
        let v = vec![Some(1.0), Some(2.0), None, Some(4.0), None, None, Some(6.0), Some(7.0)];
        assert_eq!(runs(&v), vec![vec![(0, 1.0), (1, 2.0)], vec![(3, 4.0)], vec![(6, 6.0), (7, 7.0)]]);
        assert_eq!(points(&v).len(), 5);
    }

    #[test]
    fn the_x_axis_is_labelled_back_from_the_last_day() {
        assert_eq!(x_ticks(14), vec![6, 13]);
        assert_eq!(x_ticks(84).last(), Some(&83));
        assert_eq!(x_ticks(84).first(), Some(&13));
    }

    #[test]
    fn the_svg_is_inline_ready_with_goal_band_labels_and_points() {
        let svg = render(&chart(vec![Some(8.0), Some(10.0), None, Some(13.0), Some(14.0)])).unwrap();
        assert!(
            svg.starts_with("<svg class=\"chart\" id=\"chart-heel-raises\" viewBox=\"0 0 960 300\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(!svg.contains("<?xml") && !svg.contains("http"), "{svg}");
        assert!(svg.contains("<title id=\"chart-heel-raises-title\">Heel raises</title>"));
        // The goal band: a filled rectangle in the band colour, labelled.
        assert!(svg.contains("fill=\"#D9EED6\""), "{svg}");
        assert!(has_text(&svg, "goal 12–15"), "{svg}");
        // Axis labels are text: the y axis from 0 to its floor of 20 (above the band's top
        // × 1.15 and the highest value × 1.1), and dates on the x axis.
        assert!(has_text(&svg, "20") && has_text(&svg, "0") && !has_text(&svg, "22"), "{svg}");
        assert!(has_text(&svg, "5 Mar"), "{svg}");
        assert!(has_text(&svg, "raises"));
        // Four points, two line pieces (days 0–1 and 3–4), no line across the gap.
        assert_eq!(svg.matches("<circle").count(), 4 + 1, "{svg}"); // + the legend's
        assert_eq!(svg.matches("stroke=\"#222222\" stroke-width=\"3\" points=").count(), 2, "{svg}");
        // Strength days (1 and 3) as dark triangles, balance and mobility days (0, 1, 2) as
        // light squares, each with its legend entry.
        assert_eq!(svg.matches("<polygon").count(), 2, "{svg}");
        assert_eq!(svg.matches("height=\"8\" opacity=\"1\" fill=\"#999999\"").count(), 3, "{svg}");
        assert!(has_text(&svg, "strength day") && has_text(&svg, "balance or mobility"), "{svg}");
    }

    #[test]
    fn long_periods_get_smaller_points_and_the_last_label_fits() {
        let short = render(&chart(vec![Some(10.0); 84])).unwrap();
        assert_eq!(short.matches("r=\"4\" opacity").count(), 84, "{short}");
        let long = render(&chart(vec![Some(10.0); 365])).unwrap();
        assert_eq!(long.matches("r=\"2\" opacity").count(), 365, "{long}");
        // The last day's label (centred on its tick) ends inside the drawing.
        let last = long.rfind("\n28 Feb\n</text>").expect("the last day is labelled");
        let tag = &long[long[..last].rfind("<text").unwrap()..last];
        let x: f64 = tag.split("x=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().parse().unwrap();
        assert!(x + 3.0 * LABEL_SIZE * 0.6 <= f64::from(WIDTH), "{tag}");
    }

    /// The vertical extent of a text element's glyphs, from its y, dy (in em, or in ex, about
    /// half the font size) and font size.
    fn text_box(svg: &str, text: &str) -> (f64, f64) {
        let end = svg.find(&format!(">\n{text}\n</text>")).unwrap_or_else(|| panic!("no {text}: {svg}"));
        let tag = &svg[svg[..end].rfind("<text").unwrap()..end];
        let attr = |name: &str| tag.split(&format!(" {name}=\"")).nth(1).and_then(|r| r.split('"').next());
        let size: f64 = attr("font-size").unwrap().parse().unwrap();
        let y: f64 = attr("y").unwrap().parse().unwrap();
        let dy = attr("dy").map_or(0.0, |d| match d.strip_suffix("ex") {
            Some(ex) => ex.parse::<f64>().unwrap() * size / 2.0,
            None => d.strip_suffix("em").expect("dy in ex or em").parse::<f64>().unwrap() * size,
        });
        (y + dy - 0.8 * size, y + dy + 0.2 * size)
    }

    #[test]
    fn goal_labels_never_overlap_on_a_tall_axis() {
        let mut c = chart(vec![Some(12.0), Some(220.0)]);
        c.goal_band = None;
        c.goal_lines = vec![(30.0, "goal 30 s".into()), (45.0, "goal 45 s".into())];
        let svg = render(&c).unwrap();
        let (low, high) = (text_box(&svg, "goal 30 s"), text_box(&svg, "goal 45 s"));
        assert!(low.0 >= high.1 || high.0 >= low.1, "goal labels overlap: 30 s {low:?}, 45 s {high:?}");
        // On a short axis both stay above their lines, where they were.
        let mut c = chart(vec![Some(12.0), Some(20.0)]);
        c.goal_band = None;
        c.goal_lines = vec![(30.0, "goal 30 s".into()), (45.0, "goal 45 s".into())];
        let svg = render(&c).unwrap();
        assert_eq!(svg.matches("dy=\"-0.5ex\"").count(), 2, "{svg}");
    }

    #[test]
    fn a_chart_across_new_year_names_the_year_where_it_starts_and_changes() {
        // 365 days ending 22 Nov 2026: ticks every 56 days back from the last day.
        let mut c = chart(vec![Some(10.0); 365]);
        c.from = NaiveDate::from_ymd_opt(2025, 11, 23).unwrap();
        let svg = render(&c).unwrap();
        assert!(has_text(&svg, "21 Dec 2025") && has_text(&svg, "15 Feb 2026"), "{svg}");
        assert!(has_text(&svg, "12 Apr") && has_text(&svg, "22 Nov"), "{svg}");
        // Within one year, days and months only.
        let svg = render(&chart(vec![Some(10.0); 84])).unwrap();
        assert!(!svg.contains(" 2025\n</text>"), "{svg}");
    }

    #[test]
    fn goal_lines_are_drawn_and_labelled() {
        let mut c = chart(vec![Some(20.0), Some(25.0)]);
        c.goal_band = None;
        c.goal_lines = vec![(30.0, "goal 30 s".into()), (45.0, "goal 45 s".into())];
        let svg = render(&c).unwrap();
        assert!(has_text(&svg, "goal 30 s") && has_text(&svg, "goal 45 s"), "{svg}");
        // The y axis reaches above the higher goal: 45 × 1.15 = 51.75 → 60.
        assert!(has_text(&svg, "60"), "{svg}");
        assert!(svg.contains("stroke=\"#2E6B30\""), "{svg}");
    }
}
