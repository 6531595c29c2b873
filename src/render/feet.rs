//! The numbness map of the clinician report: both feet drawn as inline SVG, each zone shaded
//! by the share of checked days it was reported on, with the percentages written out so the
//! map reads in black-and-white print too.
//!
//! Each side has two views: the leg and the top of the foot seen from the front (calf, shin,
//! ankle, top) and the sole seen from below (toes, ball, arch, heel). Both feet are drawn with
//! the big toe towards the middle, as a person sees their own feet.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::report::escape;
use crate::daily::Day;
use crate::domain::{Region, Side, Zone};

/// How often each zone was reported over a span of days.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NumbShares {
    /// Days in the span on which numbness was checked (zones or `none`).
    pub checked_days: u32,
    /// Per zone, the number of checked days it was reported on.
    pub reported: BTreeMap<Zone, u32>,
}

impl NumbShares {
    /// Counts the checked days in `from ..= to` and the days each zone was reported on.
    pub fn over(days: &[Day], from: NaiveDate, to: NaiveDate) -> NumbShares {
        let mut shares = NumbShares::default();
        for day in days.iter().filter(|d| (from..=to).contains(&d.date)) {
            if let Some(zones) = &day.numb {
                shares.checked_days += 1;
                for zone in zones {
                    *shares.reported.entry(*zone).or_insert(0) += 1;
                }
            }
        }
        shares
    }

    /// The share (0–1) of checked days the zone was reported on; `None` with no checked day.
    pub fn share(&self, zone: Zone) -> Option<f64> {
        (self.checked_days > 0)
            .then(|| f64::from(self.reported.get(&zone).copied().unwrap_or(0)) / f64::from(self.checked_days))
    }

    /// The share as a whole percentage for display: "50%", or "–" with no checked day.
    pub fn percent(&self, zone: Zone) -> String {
        self.share(zone).map_or_else(|| "–".to_string(), |s| format!("{}%", (s * 100.0).round()))
    }
}

/// The darkest shade, for a zone reported on every checked day.
const DARK: (u8, u8, u8) = (0x1d, 0x2b, 0x53);

/// The fill for a share: white at 0 %, `DARK` at 100 %, linear in between.
pub fn shade(share: f64) -> String {
    let s = share.clamp(0.0, 1.0);
    let mix = |dark: u8| (255.0 - (255.0 - f64::from(dark)) * s).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(DARK.0), mix(DARK.1), mix(DARK.2))
}

// The drawing: figures are designed in a 150 × 380 box with the big toe on the right (the
// left foot); the right foot is the mirror image.
const FIG_W: f64 = 150.0;
const SCALE: f64 = 0.8;
const TOP: f64 = 56.0;
pub const WIDTH: f64 = 940.0;
pub const HEIGHT: f64 = 440.0;

/// The sole's outline, also used to cut the ball, arch and heel bands.
const SOLE: &str = "M30 100C28 76 118 64 130 92C138 122 126 150 108 190C96 218 104 250 114 282\
                    C124 318 112 366 76 368C40 370 30 330 34 290C38 250 24 200 24 160C24 130 30 115 30 100Z";
const SOLE_TOES: [(f64, f64, f64, f64); 5] = [
    (116.0, 48.0, 15.0, 20.0),
    (89.0, 40.0, 10.0, 13.0),
    (68.0, 44.0, 9.0, 12.0),
    (50.0, 52.0, 8.0, 11.0),
    (35.0, 64.0, 7.0, 9.0),
];
const FRONT_TOES: [(f64, f64, f64, f64); 5] = [
    (118.0, 336.0, 14.0, 17.0),
    (93.0, 338.0, 9.0, 13.0),
    (72.0, 336.0, 8.0, 12.0),
    (54.0, 333.0, 7.0, 11.0),
    (37.0, 328.0, 7.0, 9.0),
];

/// A zone's shape in the figure box, and where its label's leader line starts.
struct Part {
    region: Region,
    shape: &'static str,
    anchor: (f64, f64),
}

/// The front view: calf, shin, ankle and the top of the foot (toes drawn as outlines only:
/// they are shaded on the sole).
const FRONT: [Part; 4] = [
    Part { region: Region::Calf, shape: "<path d=\"M40 10H110L104 90H46Z\"/>", anchor: (43.0, 50.0) },
    Part { region: Region::Shin, shape: "<path d=\"M46 90H104L98 170H52Z\"/>", anchor: (49.0, 130.0) },
    Part {
        region: Region::Ankle,
        shape: "<rect x=\"42\" y=\"170\" width=\"66\" height=\"36\" rx=\"14\"/>",
        anchor: (42.0, 188.0),
    },
    Part {
        region: Region::Top,
        shape:
            "<path d=\"M52 206H100C112 236 132 270 134 312C110 322 50 322 24 316C26 280 42 240 52 206Z\"/>",
        anchor: (32.0, 290.0),
    },
];

/// The sole view: the toes, then bands of the outline.
const SOLE_BANDS: [(Region, f64, f64, (f64, f64)); 3] = [
    (Region::Ball, 60.0, 170.0, (132.0, 115.0)),
    (Region::Arch, 170.0, 272.0, (101.0, 225.0)),
    (Region::Heel, 272.0, 380.0, (118.0, 320.0)),
];
const TOES_ANCHOR: (f64, f64) = (130.0, 40.0);

/// Where a figure sits: its left edge on the page and whether it is mirrored.
#[derive(Clone, Copy)]
struct Place {
    x: f64,
    mirrored: bool,
}

impl Place {
    fn transform(self) -> String {
        if self.mirrored {
            format!("translate({} {TOP}) scale(-{SCALE} {SCALE})", self.x + FIG_W * SCALE)
        } else {
            format!("translate({} {TOP}) scale({SCALE})", self.x)
        }
    }

    /// A point of the figure box on the page.
    fn point(self, (fx, fy): (f64, f64)) -> (f64, f64) {
        let x = if self.mirrored { self.x + (FIG_W - fx) * SCALE } else { self.x + fx * SCALE };
        (x, TOP + fy * SCALE)
    }
}

/// Draws both feet with every zone shaded and labelled, and a legend of the shades.
pub fn render(shares: &NumbShares, period: &str) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"feet\" id=\"numbness-map\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"numbness-map-title\">\
         <title id=\"numbness-map-title\">Numbness map, {}: both feet, each zone shaded by the share of checked days it was reported on</title>\n\
         <defs><clipPath id=\"sole-clip\"><path d=\"{SOLE}\"/></clipPath></defs>\n",
        escape(period)
    );
    // Left panel: labels | front | sole | labels; the right panel mirrors it, so the soles
    // sit in the middle and the front views outside.
    let sides = [
        (Side::Left, 20.0, Place { x: 110.0, mirrored: false }, Place { x: 250.0, mirrored: false }),
        (Side::Right, 920.0, Place { x: 710.0, mirrored: true }, Place { x: 570.0, mirrored: true }),
    ];
    for (side, label_edge, front, sole) in sides {
        let heading_x = if side == Side::Left { 240.0 } else { 700.0 };
        let _ = writeln!(
            svg,
            "<text class=\"side\" x=\"{heading_x}\" y=\"26\" text-anchor=\"middle\" font-size=\"22\" font-weight=\"bold\">{}</text>",
            if side == Side::Left { "LEFT" } else { "RIGHT" }
        );
        draw_front(&mut svg, shares, side, front, label_edge);
        draw_sole(&mut svg, shares, side, sole, label_edge);
        for (place, caption) in [(front, "front"), (sole, "sole")] {
            let _ = writeln!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"16\" fill=\"#444444\">{caption}</text>",
                place.x + FIG_W * SCALE / 2.0,
                TOP + 380.0 * SCALE + 22.0
            );
        }
    }
    svg.push_str(
        "<line x1=\"470\" y1=\"12\" x2=\"470\" y2=\"380\" stroke=\"#bbbbbb\" stroke-width=\"1\"/>\n",
    );
    legend(&mut svg);
    svg.push_str("</svg>");
    svg
}

fn zone_group(svg: &mut String, shares: &NumbShares, zone: Zone, place: Place) {
    let share = shares.share(zone).unwrap_or(0.0);
    let _ = write!(
        svg,
        "<g id=\"numb-{zone}\" class=\"zone\" data-share=\"{}\" fill=\"{}\" stroke=\"#333333\" stroke-width=\"2.5\" transform=\"{}\">",
        shares.percent(zone).trim_end_matches('%'),
        shade(share),
        place.transform()
    );
}

fn draw_front(svg: &mut String, shares: &NumbShares, side: Side, place: Place, label_edge: f64) {
    for part in &FRONT {
        let zone = Zone { side, region: part.region };
        zone_group(svg, shares, zone, place);
        svg.push_str(part.shape);
        svg.push_str("</g>\n");
        label(svg, shares, zone, place.point(part.anchor), label_edge);
    }
    // The toes in the front view: outlines only.
    let _ = write!(
        svg,
        "<g fill=\"none\" stroke=\"#777777\" stroke-width=\"2\" stroke-dasharray=\"4 3\" transform=\"{}\">",
        place.transform()
    );
    ellipses(svg, &FRONT_TOES);
    svg.push_str("</g>\n");
}

fn draw_sole(svg: &mut String, shares: &NumbShares, side: Side, place: Place, label_edge: f64) {
    let toes = Zone { side, region: Region::Toes };
    zone_group(svg, shares, toes, place);
    ellipses(svg, &SOLE_TOES);
    svg.push_str("</g>\n");
    label(svg, shares, toes, place.point(TOES_ANCHOR), label_edge);
    for (region, y0, y1, anchor) in SOLE_BANDS {
        let zone = Zone { side, region };
        zone_group(svg, shares, zone, place);
        let _ = write!(
            svg,
            "<rect x=\"0\" y=\"{y0}\" width=\"{FIG_W}\" height=\"{}\" stroke=\"none\" clip-path=\"url(#sole-clip)\"/>",
            y1 - y0
        );
        svg.push_str("</g>\n");
        label(svg, shares, zone, place.point(anchor), label_edge);
    }
    // Band borders and the outline on top of the bands.
    let _ = write!(
        svg,
        "<g fill=\"none\" stroke=\"#333333\" stroke-width=\"2.5\" transform=\"{}\">",
        place.transform()
    );
    for (_, y0, _, _) in &SOLE_BANDS[1..] {
        let _ = write!(
            svg,
            "<line x1=\"0\" y1=\"{y0}\" x2=\"{FIG_W}\" y2=\"{y0}\" clip-path=\"url(#sole-clip)\"/>"
        );
    }
    let _ = writeln!(svg, "<path d=\"{SOLE}\"/></g>");
}

fn ellipses(svg: &mut String, toes: &[(f64, f64, f64, f64)]) {
    for (cx, cy, rx, ry) in toes {
        let _ = write!(svg, "<ellipse cx=\"{cx}\" cy=\"{cy}\" rx=\"{rx}\" ry=\"{ry}\"/>");
    }
}

/// A zone's name and percentage beside the drawing, joined to the zone by a leader line.
fn label(svg: &mut String, shares: &NumbShares, zone: Zone, (ax, ay): (f64, f64), edge: f64) {
    let left = edge < WIDTH / 2.0;
    // Sole labels sit between the two panels, front labels at the outer edges.
    let inner = matches!(zone.region, Region::Toes | Region::Ball | Region::Arch | Region::Heel);
    let (tx, anchor) = match (left, inner) {
        (true, false) => (edge, "start"),
        (true, true) => (455.0, "end"),
        (false, false) => (edge, "end"),
        (false, true) => (485.0, "start"),
    };
    let line_end = if anchor == "start" { tx + 62.0 } else { tx - 62.0 };
    let _ = writeln!(
        svg,
        "<line x1=\"{ax:.1}\" y1=\"{ay:.1}\" x2=\"{line_end}\" y2=\"{ay:.1}\" stroke=\"#888888\" stroke-width=\"1\"/>\
         <text class=\"zone-label\" x=\"{tx}\" y=\"{:.1}\" text-anchor=\"{anchor}\" font-size=\"16\">{}</text>\
         <text class=\"zone-pct\" x=\"{tx}\" y=\"{:.1}\" text-anchor=\"{anchor}\" font-size=\"18\" font-weight=\"bold\">{}</text>",
        ay - 5.0,
        zone.region,
        ay + 15.0,
        shares.percent(zone)
    );
}

/// Five swatches from 0 % to 100 %.
fn legend(svg: &mut String) {
    let y = 408.0;
    let _ = write!(
        svg,
        "<text x=\"250\" y=\"{}\" text-anchor=\"end\" font-size=\"16\">share of checked days:</text>",
        y + 16.0
    );
    for (i, pct) in [0u32, 25, 50, 75, 100].iter().enumerate() {
        let x = 265.0 + i as f64 * 90.0;
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{y}\" width=\"30\" height=\"22\" fill=\"{}\" stroke=\"#333333\" stroke-width=\"1.5\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"16\">{pct}%</text>",
            shade(f64::from(*pct) / 100.0),
            x + 36.0,
            y + 16.0
        );
    }
    svg.push('\n');
}

/// The same numbers as a table: one row per region, left and right.
pub fn table(shares: &NumbShares) -> String {
    let mut html = String::from(
        "<table class=\"numb\"><caption>Share of checked days each zone was reported on</caption>\
         <thead><tr><th scope=\"col\">zone</th><th scope=\"col\">left</th><th scope=\"col\">right</th></tr></thead><tbody>",
    );
    for region in Region::ALL {
        let pct = |side| shares.percent(Zone { side, region: *region });
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{region}</th><td>{}</td><td>{}</td></tr>",
            pct(Side::Left),
            pct(Side::Right)
        );
    }
    html.push_str("</tbody></table>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{parse_numb, Numb};

    fn day(date: &str, numb: Option<&str>) -> Day {
        let items = vec![crate::domain::Item {
            id: 1,
            at: chrono::NaiveDateTime::parse_from_str(&format!("{date} 08:00"), "%Y-%m-%d %H:%M").unwrap(),
            body: crate::domain::Body::Entry(crate::domain::Entry {
                numb: numb.map(|n| parse_numb(n).unwrap()),
                note: Some("x".into()),
                ..Default::default()
            }),
        }];
        crate::daily::summarize(&items).remove(0)
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// 14 checked days, left toes on 7 of them (every other day), right heel on 14, and one
    /// unchecked day and one day outside the span that do not count.
    fn fortnight() -> NumbShares {
        let mut days: Vec<Day> = (1..=14)
            .map(|i| {
                let date = format!("2025-03-{i:02}");
                let numb = if i % 2 == 0 { "left-toes,right-heel" } else { "right-heel" };
                day(&date, Some(numb))
            })
            .collect();
        days.push(day("2025-02-28", Some("left-calf")));
        days.push(day("2025-03-15", None));
        NumbShares::over(&days, d("2025-03-01"), d("2025-03-15"))
    }

    #[test]
    fn shares_count_checked_days_only() {
        let s = fortnight();
        assert_eq!(s.checked_days, 14);
        let left_toes = Zone { side: Side::Left, region: Region::Toes };
        assert_eq!(s.share(left_toes), Some(0.5));
        assert_eq!(s.percent(Zone { side: Side::Right, region: Region::Heel }), "100%");
        assert_eq!(s.percent(Zone { side: Side::Left, region: Region::Calf }), "0%");
        let none = NumbShares::over(&[day("2025-03-01", Some("none"))], d("2025-03-01"), d("2025-03-01"));
        assert_eq!(none.checked_days, 1);
        assert_eq!(none.percent(left_toes), "0%");
        assert_eq!(NumbShares::default().percent(left_toes), "–");
        assert_eq!(NumbShares::default().share(left_toes), None);
        let _ = Numb::new();
    }

    #[test]
    fn shades_run_from_white_to_dark() {
        assert_eq!(shade(0.0), "#ffffff");
        assert_eq!(shade(1.0), "#1d2b53");
        // Half-way: 255 − (255 − 29) / 2 = 142, 255 − (255 − 43) / 2 = 149, 255 − (255 − 83) / 2 = 169.
        assert_eq!(shade(0.5), "#8e95a9");
    }

    #[test]
    fn a_zone_reported_on_7_of_14_checked_days_is_shaded_at_half() {
        let svg = render(&fortnight(), "1–14 Mar 2025");
        assert!(
            svg.contains("<g id=\"numb-left-toes\" class=\"zone\" data-share=\"50\" fill=\"#8e95a9\""),
            "{svg}"
        );
        assert!(svg.contains("<g id=\"numb-right-heel\" class=\"zone\" data-share=\"100\" fill=\"#1d2b53\""));
        assert!(svg.contains("<g id=\"numb-right-toes\" class=\"zone\" data-share=\"0\" fill=\"#ffffff\""));
        // Every zone of both sides is drawn once, with its percentage written out.
        for zone in Zone::all() {
            assert_eq!(svg.matches(&format!("id=\"numb-{zone}\"")).count(), 1, "{zone}");
        }
        assert_eq!(svg.matches("class=\"zone-pct\"").count(), 16);
        assert!(svg.contains(">50%</text>") && svg.contains(">100%</text>"));
        assert!(svg.contains(">LEFT</text>") && svg.contains(">RIGHT</text>"));
        assert!(svg.contains(">share of checked days:</text>"));
        assert!(!svg.contains("http"));
        let table = table(&fortnight());
        assert!(table.contains("<tr><th scope=\"row\">toes</th><td>50%</td><td>0%</td></tr>"), "{table}");
        assert!(table.contains("<tr><th scope=\"row\">heel</th><td>0%</td><td>100%</td></tr>"));
    }
}
