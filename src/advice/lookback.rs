//! The windows the store reads for the advice as of T: the advice's own constants, so the
//! store never guesses what §6 looks at.

/// Every item of T−`RECENT` … T: the drops' seven weeks (T−55), the ceiling and floor
/// look-backs (T−35, with W seven days before and U 28 days before each judged day), new
/// numbness (T−41) and the 42 days of §9.6.
pub const RECENT: u64 = 98;
/// Around each kind's latest session before T: the 14 days before it (effort), and the
/// session before it (restart doses, two calm sessions).
pub const AROUND_LATEST: u64 = 14;
/// The home tests the fall-risk note looks at: T−`TESTS` … T (§11.2). Inside `RECENT`, so the
/// advice reads no home test of its own.
pub const TESTS: u64 = 27;
/// Foot temperatures before T−`RECENT` are read this many days at a time, back from the
/// latest one, while the `foot-heat` flag's state is not yet decided (store/advice.rs).
pub const HEAT_STEP: u64 = 27;

/// The most days from the program start any rule asks about ("the program's first 14 days",
/// `History::in_first_days`): a start earlier than this before
/// every day the advice looks at answers every such question as no start does, so the store
/// need not walk back to it.
pub const FIRST_DAYS: u64 = 14;

const _: () = assert!(TESTS <= RECENT);
