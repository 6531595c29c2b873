//! The windows the store reads for the advice as of T: the advice's own constants, so the
//! store never guesses what §6 looks at.

/// Every item of T−`RECENT` … T: the drops' seven weeks (T−55), the ceiling and floor
/// look-backs (T−35, with W seven days before and U 28 days before each judged day), new
/// numbness (T−41) and the 42 days of §9.6.
pub const RECENT: u64 = 98;
/// Around each kind's latest session before T: the 14 days before it (effort), and the
/// session before it (restart doses, two calm sessions).
pub const AROUND_LATEST: u64 = 14;
