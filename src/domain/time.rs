//! Dates and times as people type them (§2). The clock is always passed in.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

/// How an item's local date and time are written: `YYYY-MM-DD HH:MM`.
pub const AT_FORMAT: &str = "%Y-%m-%d %H:%M";

const AT_ALLOWED: &str =
    "expected YYYY-MM-DD HH:MM, YYYY-MM-DDTHH:MM, YYYY-MM-DD, HH:MM, today, yesterday, today HH:MM or yesterday HH:MM";
const DATE_ALLOWED: &str = "expected a date as YYYY-MM-DD, today or yesterday";
/// Dates footing accepts anywhere (§2).
pub const FIRST_YEAR: i32 = 1970;
pub const LAST_YEAR: i32 = 2099;
const RANGE_ALLOWED: &str = "footing takes dates from 1970-01-01 to 2099-12-31";

/// Refuses a date outside 1970–2099.
fn in_range(d: NaiveDate) -> Result<NaiveDate, String> {
    use chrono::Datelike;
    if (FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
        Ok(d)
    } else {
        Err(RANGE_ALLOWED.to_string())
    }
}

/// How the time of a program change is written (export's `program_changed_at`, §8): UTC,
/// to the second.
pub const UTC_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// A time as [`UTC_FORMAT`] writes it.
pub fn format_utc(t: DateTime<Utc>) -> String {
    t.format(UTC_FORMAT).to_string()
}

/// Reads a time written by [`format_utc`], exactly in that shape and from 1970 to 2099.
pub fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    let t = NaiveDateTime::parse_from_str(text, UTC_FORMAT).ok()?.and_utc();
    (format_utc(t) == text && in_range(t.date_naive()).is_ok()).then_some(t)
}

fn minute(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(t)
}

/// True when `s` has exactly the shape of `pattern`, where `9` stands for an ASCII digit.
/// Chrono alone would also take "2025-3-1", "2025- 3-01" or "+202-03-01".
fn shaped(s: &str, pattern: &str) -> bool {
    s.len() == pattern.len()
        && s.bytes().zip(pattern.bytes()).all(|(c, p)| if p == b'9' { c.is_ascii_digit() } else { c == p })
}

/// The number written by the ASCII digits `s` (already checked by [`shaped`]).
fn digits(s: &str) -> u32 {
    s.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

fn date_only(s: &str) -> Option<NaiveDate> {
    // By hand: chrono's parse_from_str reads its format string again on every call, and
    // import parses every date twice.
    shaped(s, "9999-99-99")
        .then(|| NaiveDate::from_ymd_opt(digits(&s[..4]) as i32, digits(&s[5..7]), digits(&s[8..])))?
}

fn time_only(s: &str) -> Option<NaiveTime> {
    shaped(s, "99:99").then(|| NaiveTime::from_hms_opt(digits(&s[..2]), digits(&s[3..]), 0))?
}

/// `HH:MM`, or `H:MM` where a time stands alone (§2: `--at 7:40`, `--at "yesterday 7:40"`).
fn short_time(s: &str) -> Option<NaiveTime> {
    match shaped(s, "9:99") {
        true => time_only(&format!("0{s}")),
        false => time_only(s),
    }
}

fn date_time(s: &str) -> Option<NaiveDateTime> {
    let (d, t) = s.split_once([' ', 'T', 't'])?;
    Some(date_only(d)?.and_time(time_only(t)?))
}

/// Parses `--at WHEN` against the current local time `now`, refusing times more than five
/// minutes ahead of it. The result has minute precision.
pub fn parse_at(s: &str, now: NaiveDateTime) -> Result<NaiveDateTime, String> {
    let now = minute(now);
    let t = s.trim().to_ascii_lowercase();
    let at = match t.as_str() {
        "today" => Some(now),
        "yesterday" => Some(now - Duration::days(1)),
        // `today HH:MM`, `yesterday HH:MM` (spaces between them as typed).
        _ if t.starts_with("today ") || t.starts_with("yesterday ") => {
            let (word, time) = t.split_once(' ').unwrap_or_default();
            let back = if word == "today" { 0 } else { 1 };
            short_time(time.trim()).map(|tm| (now.date() - Duration::days(back)).and_time(tm))
        }
        _ => date_time(&t)
            .or_else(|| date_only(&t).map(|d| d.and_time(now.time())))
            .or_else(|| short_time(&t).map(|tm| now.date().and_time(tm))),
    };
    let at = at.ok_or_else(|| match (one_digit_hour(&t), no_such_moment(&t)) {
        (Some(padded), _) => format!("write the hour with two digits, like {padded}; {AT_ALLOWED}"),
        (None, Some(why)) => format!("{why}; {AT_ALLOWED}"),
        (None, None) => AT_ALLOWED.to_string(),
    })?;
    in_range(at.date())?;
    check_not_future(at, now)?;
    Ok(at)
}

/// What is wrong with a date or time written in the right shape that does not exist
/// (`2026-13-01`, `2025-02-30`, `25:00`), or None when `s` is not of that shape: a person who
/// wrote `YYYY-MM-DD` would not see the mistake in "expected YYYY-MM-DD".
fn no_such_moment(s: &str) -> Option<String> {
    let (date, time) = match s.split_once([' ', 't']) {
        Some((d, t)) => (Some(d), Some(t)),
        None if s.contains(':') => (None, Some(s)),
        None => (Some(s), None),
    };
    if let Some(d) = date.filter(|d| shaped(d, "9999-99-99")) {
        let month = digits(&d[5..7]);
        if !(1..=12).contains(&month) {
            return Some(format!("there is no month {} (01 to 12)", &d[5..7]));
        }
        if date_only(d).is_none() {
            return Some(format!("{} has no day {}", &d[..7], &d[8..]));
        }
    }
    if let Some(t) = time.filter(|t| shaped(t, "99:99")) {
        if digits(&t[..2]) > 23 {
            return Some(format!("there is no hour {} (00 to 23)", &t[..2]));
        }
        if digits(&t[3..]) > 59 {
            return Some(format!("there is no minute {} (00 to 59)", &t[3..]));
        }
    }
    None
}

/// `8:10` or `2025-03-01 8:10` as it should be written (`08:10`, `2025-03-01 08:10`), for
/// the error message: times are always HH:MM.
fn one_digit_hour(s: &str) -> Option<String> {
    let (date, time) = match s.rsplit_once([' ', 't']) {
        Some((d, t)) => (Some(d), t),
        None => (None, s),
    };
    if !shaped(time, "9:99") || date.is_some_and(|d| date_only(d).is_none()) {
        return None;
    }
    let padded = format!("0{time}");
    time_only(&padded)?;
    Some(match date {
        Some(d) => format!("{d} {padded}"),
        None => padded,
    })
}

/// Items may not be dated more than five minutes after `now`.
pub fn check_not_future(at: NaiveDateTime, now: NaiveDateTime) -> Result<(), String> {
    if at > now + Duration::minutes(5) {
        return Err(format!(
            "that is in the future (now is {}); items can be dated at most five minutes ahead",
            format_at(now)
        ));
    }
    Ok(())
}

/// An imported item may be dated up to 26 hours ahead of `now`: an export made where the
/// clock is ahead (the widest gap between two time zones).
pub fn check_import_not_future(at: NaiveDateTime, now: NaiveDateTime) -> Result<(), String> {
    if at > now + Duration::hours(26) {
        return Err(format!(
            "that is more than 26 hours ahead of now ({}); an imported item may be dated at most 26 hours \
             ahead (an export made in another time zone)",
            format_at(now)
        ));
    }
    Ok(())
}

/// Parses a stored or exported `YYYY-MM-DD HH:MM` (the `T` form is accepted too).
pub fn parse_stored_at(s: &str) -> Result<NaiveDateTime, String> {
    let at = date_time(s.trim()).ok_or_else(|| "expected a date and time as YYYY-MM-DD HH:MM".to_string())?;
    in_range(at.date())?;
    Ok(at)
}

/// Parses a date for `--from`, `--to` and `--as-of`.
pub fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = s.trim().to_ascii_lowercase();
    match t.as_str() {
        "today" => Ok(today),
        "yesterday" => Ok(today - Duration::days(1)),
        _ => {
            in_range(date_only(&t).ok_or_else(|| match no_such_moment(&t).filter(|_| !t.contains(':')) {
                Some(why) => format!("{why}; {DATE_ALLOWED}"),
                None => DATE_ALLOWED.to_string(),
            })?)
        }
    }
}

pub fn format_at(at: NaiveDateTime) -> String {
    use chrono::Datelike;
    let year = at.year();
    if !(0..=9999).contains(&year) {
        return at.format(AT_FORMAT).to_string();
    }
    // By hand, as [`AT_FORMAT`] writes it: chrono reads its format string again on every
    // call, and export writes a date for every item.
    let digits =
        |n: u32, width: u32| (0..width).rev().map(move |p| char::from(b'0' + (n / 10u32.pow(p) % 10) as u8));
    let mut s = String::with_capacity(16);
    s.extend(digits(year as u32, 4));
    for (sep, n) in ['-', '-', ' ', ':'].into_iter().zip([at.month(), at.day(), at.hour(), at.minute()]) {
        s.push(sep);
        s.extend(digits(n, 2));
    }
    s
}

/// A date as the database stores it (`YYYY-MM-DD`), written by hand as [`format_at`] is.
pub fn format_day(d: NaiveDate) -> String {
    use chrono::Datelike;
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.format("%Y-%m-%d").to_string();
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let (y, m, d) = (year as u32, d.month(), d.day());
    let mut s = String::with_capacity(10);
    for c in [digit(y / 1000), digit(y / 100), digit(y / 10), digit(y), '-', digit(m / 10), digit(m), '-'] {
        s.push(c);
    }
    s.push(digit(d / 10));
    s.push(digit(d));
    s
}

/// A date as the database stores it (`YYYY-MM-DD`); `None` when it is not in that form.
pub fn parse_stored_day(s: &str) -> Option<NaiveDate> {
    date_only(s)
}

/// An item's date and time as the database stores them (`YYYY-MM-DD`, `HH:MM`); `None` when
/// either is not in that form.
pub fn parse_stored_day_time(day: &str, time: &str) -> Option<NaiveDateTime> {
    Some(date_only(day)?.and_time(time_only(time)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 3, 28).unwrap().and_hms_opt(9, 41, 27).unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
    }

    #[test]
    fn format_at_writes_what_chrono_writes() {
        for t in ["1970-01-01 00:00", "2025-03-09 08:05", "2099-12-31 23:59", "0987-10-20 10:59"] {
            assert_eq!(format_at(at(t)), t);
            assert_eq!(format_at(at(t)), at(t).format(AT_FORMAT).to_string());
        }
        assert_eq!(parse_stored_day_time("2025-03-09", "08:05"), Some(at("2025-03-09 08:05")));
        assert_eq!(parse_stored_day_time("2025-3-09", "08:05"), None);
        assert_eq!(parse_stored_day_time("2025-03-09", "24:05"), None);
        for d in ["1970-01-01", "2025-03-09", "2099-12-31", "0987-10-20"] {
            let day = at(&format!("{d} 00:00")).date();
            assert_eq!(format_day(day), d);
            assert_eq!(parse_stored_day(d), Some(day));
        }
        let far = NaiveDate::from_ymd_opt(12345, 1, 2).unwrap();
        assert_eq!(format_day(far), far.format("%Y-%m-%d").to_string());
        assert_eq!(parse_stored_day("2025-3-09"), None);
    }

    #[test]
    fn every_form_of_at() {
        assert_eq!(parse_at("2025-03-27 18:05", now()), Ok(at("2025-03-27 18:05")));
        assert_eq!(parse_at("2025-03-27T18:05", now()), Ok(at("2025-03-27 18:05")));
        assert_eq!(parse_at("2025-03-20", now()), Ok(at("2025-03-20 09:41")));
        assert_eq!(parse_at("07:30", now()), Ok(at("2025-03-28 07:30")));
        assert_eq!(parse_at("today", now()), Ok(at("2025-03-28 09:41")));
        assert_eq!(parse_at("Yesterday", now()), Ok(at("2025-03-27 09:41")));
    }

    #[test]
    fn today_and_yesterday_take_a_time() {
        assert_eq!(parse_at("yesterday 07:40", now()), Ok(at("2025-03-27 07:40")));
        assert_eq!(parse_at("Yesterday 7:40", now()), Ok(at("2025-03-27 07:40")));
        assert_eq!(parse_at("today 06:05", now()), Ok(at("2025-03-28 06:05")));
        assert!(parse_at("today 23:00", now()).unwrap_err().contains("in the future"));
        assert_eq!(parse_at("yesterday 25:00", now()), Err(AT_ALLOWED.to_string()));
    }

    #[test]
    fn a_one_digit_hour_stands_alone_but_not_after_a_date() {
        // v3 §2 accepts H:MM for a time alone (v2 refused it with the padded form).
        assert_eq!(parse_at("8:10", now()), Ok(at("2025-03-28 08:10")));
        assert_eq!(
            parse_at("2025-03-01 8:10", now()),
            Err(format!("write the hour with two digits, like 2025-03-01 08:10; {AT_ALLOWED}"))
        );
        assert_eq!(parse_at("8:70", now()), Err(AT_ALLOWED.to_string()));
    }

    #[test]
    fn five_minutes_ahead_is_the_limit() {
        assert_eq!(parse_at("09:46", now()), Ok(at("2025-03-28 09:46")));
        let err = parse_at("09:47", now()).unwrap_err();
        assert!(err.contains("in the future"), "{err}");
        assert!(parse_at("2025-03-29", now()).is_err());
    }

    #[test]
    fn years_before_1970_or_after_2099_are_refused() {
        let range = Err(RANGE_ALLOWED.to_string());
        assert_eq!(parse_date("1969-12-31", now().date()), range);
        assert_eq!(parse_date("2100-01-01", now().date()), range);
        assert_eq!(parse_date("0001-01-01", now().date()), range);
        assert_eq!(parse_date("1970-01-01", now().date()).map(|d| d.to_string()), Ok("1970-01-01".into()));
        assert_eq!(parse_date("2099-12-31", now().date()).map(|d| d.to_string()), Ok("2099-12-31".into()));
        assert_eq!(parse_at("1969-12-31 23:59", now()), Err(RANGE_ALLOWED.to_string()));
        assert_eq!(parse_at("1970-01-01 00:00", now()), Ok(at("1970-01-01 00:00")));
        assert_eq!(parse_stored_at("9999-01-01 08:00"), Err(RANGE_ALLOWED.to_string()));
        assert!(parse_stored_at("2099-12-31 23:59").is_ok());
    }

    #[test]
    fn malformed_dates_are_refused() {
        for bad in [
            "2025-3-1",
            "28/03/2025",
            "2025-03-27 7:5",
            "soon",
            "",
            "2025- 3-01",
            "2025-03- 1",
            "+202-03-01",
            "2025-03-27  7:30",
            "2025-03-27T 7:30",
            "2025-03-27 +7:30",
            "2025-03-27 07:30:00",
            "2025-03-27\t07:30",
        ] {
            assert_eq!(parse_at(bad, now()), Err(AT_ALLOWED.to_string()), "{bad}");
        }
        // The right shape, but no such day or time: the message says what is wrong.
        for (bad, why) in [
            ("2025-02-30", "2025-02 has no day 30"),
            ("2025-02-29 08:00", "2025-02 has no day 29"),
            ("2025-13-01", "there is no month 13 (01 to 12)"),
            ("2025-00-01T08:00", "there is no month 00 (01 to 12)"),
            ("25:00", "there is no hour 25 (00 to 23)"),
            ("24:00", "there is no hour 24 (00 to 23)"),
            ("2025-03-01 07:60", "there is no minute 60 (00 to 59)"),
        ] {
            assert_eq!(parse_at(bad, now()), Err(format!("{why}; {AT_ALLOWED}")), "{bad}");
        }
        assert_eq!(
            parse_date("2025-13-01", now().date()),
            Err(format!("there is no month 13 (01 to 12); {DATE_ALLOWED}"))
        );
        assert_eq!(
            parse_date("2025-04-31", now().date()),
            Err(format!("2025-04 has no day 31; {DATE_ALLOWED}"))
        );
        assert_eq!(parse_date("12:00", now().date()), Err(DATE_ALLOWED.to_string()));
        assert_eq!(parse_date("2025- 3-01", now().date()), Err(DATE_ALLOWED.to_string()));
        assert_eq!(parse_at("2024-02-29 23:59", now()), Ok(at("2024-02-29 23:59")));
        assert_eq!(parse_date("today", now().date()), Ok(now().date()));
        assert!(parse_stored_at("2025-03-27 18:05").is_ok());
        assert!(parse_stored_at("2025-03-27").is_err());
    }
}
