//! The norms of the home tests (§11.2) as data: one table per test, each row with its
//! source. Every figure is from `shared/EVIDENCE.md`; nothing is extrapolated beyond a
//! table's ages.

use crate::domain::home::Sex;

/// One row of the 30-second chair stand table: the normal range (25th–75th percentile) and
/// the CDC STEADI "below average" line, for one sex and 5-year band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChairStandRow {
    pub sex: Sex,
    pub from: i32,
    pub to: i32,
    /// 25th percentile, stands.
    pub low: u8,
    /// 75th percentile, stands.
    pub high: u8,
    /// A score below this is "below average" (STEADI): the fall-risk line.
    pub below: u8,
}

const fn cs(sex: Sex, from: i32, to: i32, low: u8, high: u8, below: u8) -> ChairStandRow {
    ChairStandRow { sex, from, to, low, high, below }
}

use Sex::{Female as F, Male as M};

/// The 30-second chair stand by sex and 5-year band, ages 60–94.
pub const CHAIR_STAND: [ChairStandRow; 14] = [
    // Normal range: Rikli & Jones 1999, J Aging Phys Act 7:162. Line: CDC STEADI 2017.
    cs(F, 60, 64, 12, 17, 12), // women 60–64: 12–17; below average < 12
    cs(F, 65, 69, 11, 16, 11), // women 65–69: 11–16; < 11
    cs(F, 70, 74, 10, 15, 10), // women 70–74: 10–15; < 10
    cs(F, 75, 79, 10, 15, 10), // women 75–79: 10–15; < 10
    cs(F, 80, 84, 9, 14, 9),   // women 80–84: 9–14; < 9
    cs(F, 85, 89, 8, 13, 8),   // women 85–89: 8–13; < 8
    cs(F, 90, 94, 4, 11, 4),   // women 90–94: 4–11; < 4
    cs(M, 60, 64, 14, 19, 14), // men 60–64: 14–19; < 14
    cs(M, 65, 69, 12, 18, 12), // men 65–69: 12–18; < 12
    cs(M, 70, 74, 12, 17, 12), // men 70–74: 12–17; < 12
    cs(M, 75, 79, 11, 17, 11), // men 75–79: 11–17; < 11
    cs(M, 80, 84, 10, 15, 10), // men 80–84: 10–15; < 10
    cs(M, 85, 89, 8, 14, 8),   // men 85–89: 8–14; < 8
    cs(M, 90, 94, 7, 12, 7),   // men 90–94: 7–12; < 7
];

/// The chair-stand row for an age and sex; `None` outside 60–94 ("no norm for this age").
pub fn chair_stand(age: i32, sex: Sex) -> Option<&'static ChairStandRow> {
    CHAIR_STAND.iter().find(|r| r.sex == sex && (r.from..=r.to).contains(&age))
}

/// One row of single-leg stance means (eyes open, no sex difference).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StanceRow {
    pub from: i32,
    pub to: i32,
    /// The mean, tenths of a second.
    pub mean: u16,
}

/// Single-leg stance, eyes open, mean by age group: Springer 2007, J Geriatr Phys Ther 30:8.
pub const STANCE: [StanceRow; 6] = [
    StanceRow { from: 18, to: 39, mean: 447 }, // 18–39: 44.7 s
    StanceRow { from: 40, to: 49, mean: 419 }, // 40–49: 41.9 s
    StanceRow { from: 50, to: 59, mean: 412 }, // 50–59: 41.2 s
    StanceRow { from: 60, to: 69, mean: 321 }, // 60–69: 32.1 s
    StanceRow { from: 70, to: 79, mean: 215 }, // 70–79: 21.5 s
    StanceRow { from: 80, to: 99, mean: 94 },  // 80–99: 9.4 s
];

pub fn stance(age: i32) -> Option<&'static StanceRow> {
    STANCE.iter().find(|r| (r.from..=r.to).contains(&age))
}

/// Single-leg stance under 30 s went with falls in peripheral neuropathy (Hurvitz 2000,
/// Arch Phys Med Rehabil 81:587), tenths of a second.
pub const STANCE_FALLS: u16 = 300;
/// Unable to stand 5 s on one leg: injurious falls (Vellas 1997, JAGS 45:735), tenths.
pub const STANCE_INJURIOUS: u16 = 50;

/// Heel raises to fatigue: about 25 is "normal" (Lunsford & Perry 1995, Phys Ther 75:694).
pub const HEEL_RAISE_NORMAL: u8 = 25;

/// The median heel raises to fatigue by sex (Hébert-Losier 2017, Physiotherapy): 24 men,
/// 21 women.
pub fn heel_raise_median(sex: Sex) -> u8 {
    match sex {
        Sex::Female => 21,
        Sex::Male => 24,
    }
}

/// Timed Up and Go of 12 s or more: the STEADI fall-risk line, tenths of a second.
pub const TUG_FALLS: u16 = 120;
/// 4-stage balance: tandem stance held under 10 s is the STEADI fall-risk line, tenths.
pub const TANDEM_FULL: u16 = 100;

/// The smallest change that is more than measurement noise (EVIDENCE.md, §11.2).
pub mod real_change {
    /// Chair stand: about 2.5 stands (Rikli & Jones); footing uses 3.
    pub const CHAIR_STAND: i32 = 3;
    /// Timed Up and Go: 2.1 s (Donoghue 2019, BMJ Open), tenths.
    pub const TUG: i32 = 21;
    /// Heel raise: 7 raises, from a day-to-day error of about 6.5 (Hébert-Losier 2017).
    pub const HEEL_RAISE: i32 = 7;
    /// 4-stage balance: reaching another stage.
    pub const FOUR_STAGE: i32 = 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// EVIDENCE.md, "Home tests", the chair-stand row, as (women, men) per band:
    /// (low, high, STEADI line).
    /// (low, high, STEADI line) for one sex.
    type Range = (u8, u8, u8);
    const EVIDENCE: [(i32, i32, Range, Range); 7] = [
        (60, 64, (12, 17, 12), (14, 19, 14)),
        (65, 69, (11, 16, 11), (12, 18, 12)),
        (70, 74, (10, 15, 10), (12, 17, 12)),
        (75, 79, (10, 15, 10), (11, 17, 11)),
        (80, 84, (9, 14, 9), (10, 15, 10)),
        (85, 89, (8, 13, 8), (8, 14, 8)),
        (90, 94, (4, 11, 4), (7, 12, 7)),
    ];

    #[test]
    fn every_chair_stand_band_edge_matches_the_evidence() {
        for (from, to, women, men) in EVIDENCE {
            for (sex, (low, high, below)) in [(F, women), (M, men)] {
                for age in [from, to] {
                    let r = chair_stand(age, sex).unwrap_or_else(|| panic!("{age} {sex:?}"));
                    assert_eq!((r.from, r.to, r.low, r.high, r.below), (from, to, low, high, below));
                }
            }
        }
    }

    #[test]
    fn the_chair_stand_named_edges_pick_their_bands() {
        for sex in [F, M] {
            // 59 and 95 lie outside the table: no norm, never extrapolated.
            assert_eq!(chair_stand(59, sex), None);
            assert_eq!(chair_stand(95, sex), None);
            assert_eq!(chair_stand(60, sex).map(|r| r.from), Some(60));
            assert_eq!(chair_stand(64, sex).map(|r| r.to), Some(64));
            assert_eq!(chair_stand(65, sex).map(|r| r.from), Some(65));
            assert_eq!(chair_stand(94, sex).map(|r| r.from), Some(90));
        }
        // Women and men differ in the same band: 60–64 is 12–17 for women, 14–19 for men.
        assert_eq!(chair_stand(64, F).map(|r| (r.low, r.high)), Some((12, 17)));
        assert_eq!(chair_stand(64, M).map(|r| (r.low, r.high)), Some((14, 19)));
        assert_eq!(chair_stand(65, F).map(|r| r.below), Some(11));
        assert_eq!(chair_stand(65, M).map(|r| r.below), Some(12));
        assert_eq!(chair_stand(94, F).map(|r| (r.low, r.high, r.below)), Some((4, 11, 4)));
        assert_eq!(chair_stand(94, M).map(|r| (r.low, r.high, r.below)), Some((7, 12, 7)));
    }

    #[test]
    fn the_bands_cover_60_to_94_without_gaps_for_each_sex() {
        for sex in [F, M] {
            for age in 60..=94 {
                assert_eq!(
                    CHAIR_STAND.iter().filter(|r| r.sex == sex && (r.from..=r.to).contains(&age)).count(),
                    1
                );
            }
        }
    }

    #[test]
    fn stance_means_follow_springer_at_every_edge() {
        // EVIDENCE.md: 18–39 44.7; 40–49 41.9; 50–59 41.2; 60–69 32.1; 70–79 21.5; 80–99 9.4.
        for (age, mean) in [
            (18, 447),
            (39, 447),
            (40, 419),
            (49, 419),
            (50, 412),
            (59, 412),
            (60, 321),
            (64, 321),
            (65, 321),
            (69, 321),
            (70, 215),
            (79, 215),
            (80, 94),
            (94, 94),
            (95, 94),
            (99, 94),
        ] {
            assert_eq!(stance(age).map(|r| r.mean), Some(mean), "age {age}");
        }
        assert_eq!(stance(17), None);
        assert_eq!(stance(100), None);
    }

    #[test]
    fn the_other_figures_are_the_evidence_figures() {
        assert_eq!(heel_raise_median(F), 21);
        assert_eq!(heel_raise_median(M), 24);
        assert_eq!(HEEL_RAISE_NORMAL, 25);
        assert_eq!((TUG_FALLS, TANDEM_FULL, STANCE_FALLS, STANCE_INJURIOUS), (120, 100, 300, 50));
        assert_eq!(
            (real_change::CHAIR_STAND, real_change::TUG, real_change::HEEL_RAISE, real_change::FOUR_STAGE),
            (3, 21, 7, 1)
        );
    }
}
