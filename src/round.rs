//! Rounding of derived numbers for display and JSON: means to 2 decimals, percentages to 1.

use serde::Serializer;

pub fn round_to(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

pub fn round1(x: f64) -> f64 {
    round_to(x, 1)
}

pub fn round2(x: f64) -> f64 {
    round_to(x, 2)
}

pub fn round2_opt<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => s.serialize_f64(round2(*x)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round1(-27.777), -27.8);
        assert_eq!(round2(13.0 / 3.0), 4.33);
        assert_eq!(round2(-1.25), -1.25);
        assert_eq!(round1(0.05), 0.1);
    }
}
