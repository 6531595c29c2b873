//! Sparklines: one character per value, scaled per series from its lowest to its highest.

/// The eight bar heights, lowest first.
pub const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Drawn for a day without a value.
pub const GAP: char = '·';

/// One bar per value: the lowest value draws `▁`, the highest `█`, a missing value [`GAP`].
/// A series whose values are all equal draws a flat middle line (`▄`), or a flat bottom line
/// (`▁`) when they are all 0.
pub fn sparkline(values: &[Option<f64>]) -> String {
    let present = values.iter().flatten().copied().filter(|v| v.is_finite());
    let (min, max) = present.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let top = (BARS.len() - 1) as f64;
    values
        .iter()
        .map(|v| match v {
            Some(v) if v.is_finite() => {
                if max > min {
                    BARS[(((v - min) / (max - min)) * top).round() as usize]
                } else if *v == 0.0 {
                    // Nothing every day (no sessions, no pain) is drawn at the bottom, not as
                    // the middle line of a steady nonzero value.
                    BARS[0]
                } else {
                    BARS[3]
                }
            }
            _ => GAP,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_from_min_to_max_with_gaps() {
        let v = [Some(2.0), None, Some(9.0), Some(5.5), Some(3.0), None];
        // (5.5 − 2) / 7 × 7 = 3.5 rounds to 4 (▅); (3 − 2) / 7 × 7 = 1 (▂).
        assert_eq!(sparkline(&v), "▁·█▅▂·");
        let ramp: Vec<Option<f64>> = (0..8).map(|i| Some(f64::from(i))).collect();
        assert_eq!(sparkline(&ramp), "▁▂▃▄▅▆▇█");
    }

    #[test]
    fn constant_series_is_a_flat_middle_line_and_empty_is_all_gaps() {
        assert_eq!(sparkline(&[Some(4.0), None, Some(4.0)]), "▄·▄");
        assert_eq!(sparkline(&[None, None]), "··");
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline(&[Some(f64::NAN), Some(1.0)]), "·▄");
        assert_eq!(sparkline(&vec![None; 28]).chars().count(), 28);
    }

    #[test]
    fn a_series_of_zeros_lies_flat_at_the_bottom() {
        // 28 days without a session must not draw the same middle bars as a session every day.
        assert_eq!(sparkline(&[Some(0.0); 5]), "▁▁▁▁▁");
        assert_eq!(sparkline(&[Some(0.0), None, Some(-0.0)]), "▁·▁");
        assert_eq!(sparkline(&[Some(1.0); 3]), "▄▄▄");
        assert_eq!(sparkline(&[None, Some(7.5), None]), "·▄·");
    }
}
