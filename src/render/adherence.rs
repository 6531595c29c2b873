//! Adherence (§9.5) in words: the lines under `footing trend`'s table, and the report's table.

use std::fmt::Write as _;

use super::report::escape;
use crate::adherence::{Adherence, Habit, Verdict};

/// What each line is about, as a person says it.
pub fn label(h: Habit) -> &'static str {
    match h {
        Habit::Strength => "strength",
        Habit::Balance => "balance",
        Habit::Mobility => "mobility",
        Habit::Walk => "walking",
        Habit::Feet => "foot check",
    }
}

/// The target per 14 days in words.
pub fn target(a: &Adherence) -> String {
    match a.target {
        None => "none".into(),
        Some((lo, hi)) if lo == hi => "every day".into(),
        Some((lo, hi)) => format!("{lo}–{hi} days, none back to back"),
    }
}

fn days(n: u32) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// The target of the days since the start, in words: "4–6 days", "2–3 in the 7 days since
/// you started".
fn range_words(a: &Adherence) -> String {
    let (lo, hi) = a.range().unwrap_or((0, 0));
    let range = match (lo, hi) {
        (0, hi) => format!("up to {hi}"),
        (lo, hi) if lo == hi => lo.to_string(),
        (lo, hi) => format!("{lo}–{hi}"),
    };
    if a.started_recently() {
        format!("{range} in the {} since you started", days(a.days))
    } else {
        format!("{range} days")
    }
}

/// Whether the last two weeks met the target, in plain words.
pub fn verdict(a: &Adherence) -> String {
    let consecutive = a.consecutive.unwrap_or(0);
    let back_to_back = match consecutive {
        0 => String::new(),
        1 => "1 came the day after another strength day; rest a day between".into(),
        n => format!("{n} came the day after another strength day; rest a day between"),
    };
    let daily = a.target.is_some_and(|(lo, hi)| lo == hi);
    let since = if a.started_recently() { " since you started" } else { "" };
    let count = match a.verdict() {
        Verdict::NoTarget => return "no target".into(),
        Verdict::OnTarget if daily => return format!("on target: every day{since}"),
        Verdict::OnTarget if consecutive == 0 => {
            return format!("on target: {}, none back to back", range_words(a))
        }
        Verdict::OnTarget => return format!("not on target: {back_to_back}"),
        Verdict::Below { missing } if daily && a.started_recently() => {
            format!("below target (every day): missed {missing} of the {}{since}", days(a.days))
        }
        Verdict::Below { missing } if daily => {
            format!("below target (every day): missed {missing} of 14 days")
        }
        Verdict::Below { missing } => format!("below target ({}): {} short", range_words(a), days(missing)),
        Verdict::Above { extra } => format!("above target ({}): {} too many", range_words(a), days(extra)),
    };
    if back_to_back.is_empty() {
        count
    } else {
        format!("{count}; {back_to_back}")
    }
}

/// The kinds a pause of §6.3 holds as of `as_of`, its first day, and how many days of the
/// window starting `window_from` it covers — read from the advice (its own pause: a flag
/// reviewed but not cleared has left `red_flags`, while its pause goes on). Every kind but
/// mobility is paused, whether or not it was ever done (`next` lists only the kinds done
/// so far): the seated drills go on, so mobility days are still expected.
pub fn pause_of(
    a: &crate::advice::Advice,
    as_of: chrono::NaiveDate,
    window_from: chrono::NaiveDate,
) -> Option<(Vec<crate::domain::Kind>, chrono::NaiveDate, u32)> {
    let (_, since) = a.pause?;
    let kinds: Vec<crate::domain::Kind> =
        crate::domain::Kind::ALL.iter().copied().filter(|&k| k != crate::domain::Kind::Mobility).collect();
    let days = u32::try_from((as_of - since.max(window_from)).num_days() + 1).unwrap_or(0);
    Some((kinds, since, days))
}

/// The lines under the trend table, each at most `width` columns (words wrap, indented).
/// `paused` as for [`html`]: the paused days are not counted as missed (§7), and the person
/// is told why.
pub fn text(
    adherence: &[Adherence],
    paused: Option<(&[crate::domain::Kind], chrono::NaiveDate, u32)>,
    width: usize,
) -> String {
    let mut s =
        String::from("Following the program: days done, before → now (the same two weeks as above)\n");
    for a in adherence {
        let head = format!("  {:<10}  {:>2} → {:<2}  ", label(a.kind), a.previous, a.current);
        let indent = head.chars().count();
        let mut line = head;
        let mut room = width.saturating_sub(indent).max(20);
        let mut used = 0;
        let pause = paused.filter(|(kinds, ..)| kinds.iter().any(|k| k.as_str() == a.kind.as_str()));
        let words = match pause {
            Some((_, since, days)) if a.days <= days => {
                format!("paused since {since} (a red flag): not counted")
            }
            Some((_, since, days)) => {
                let open = a.days - days;
                let before = Adherence { days: open, ..a.clone() };
                format!(
                    "{}; paused since {since} (a red flag), those days not counted",
                    verdict(&before)
                        .replace(" since you started", " before the pause")
                        .replace("of 14 days", &format!("of the {open} days before the pause"))
                )
            }
            None => verdict(a),
        };
        for word in words.split(' ') {
            let n = word.chars().count();
            if used > 0 && used + 1 + n > room {
                let _ = writeln!(s, "{}", line.trim_end());
                line = " ".repeat(indent);
                room = width.saturating_sub(indent).max(20);
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += n;
        }
        let _ = writeln!(s, "{}", line.trim_end());
    }
    s
}

/// The report's adherence table.
/// The report's adherence table. `paused`: the kinds a pause of §6.3 holds, its first day and
/// how many days of the current window it covers — those days are counted out of the targets,
/// not as missed (§7).
pub fn html(
    adherence: &[Adherence],
    paused: Option<(&[crate::domain::Kind], chrono::NaiveDate, u32)>,
) -> String {
    let mut html = String::from(
        "<table class=\"adherence\"><thead><tr><th scope=\"col\">days with</th>\
         <th scope=\"col\">previous 2 weeks</th><th scope=\"col\">last 2 weeks</th>\
         <th scope=\"col\">target per 2 weeks</th><th scope=\"col\">last 2 weeks against the target</th>\
         </tr></thead><tbody>\n",
    );
    for a in adherence {
        let pause = paused.filter(|(kinds, ..)| kinds.iter().any(|k| k.as_str() == a.kind.as_str()));
        let (a, pause_words) = match pause {
            Some((_, since, days)) => {
                let open = a.days.saturating_sub(days);
                let since = super::report::long_date(since);
                (Adherence { days: open, ..a.clone() }, Some((since, open)))
            }
            None => (a.clone(), None),
        };
        let class = match (a.verdict(), a.on_target(), &pause_words) {
            (_, _, Some((_, 0))) => "paused",
            (Verdict::NoTarget, ..) => "none",
            (_, true, _) => "on-target",
            _ => "off-target",
        };
        // The page is read by a clinician: it speaks of the patient, not to them.
        let words = match &pause_words {
            Some((since, 0)) => format!("paused since {since} (a red flag): not counted"),
            Some((since, open)) => format!(
                "{}; paused since {since} (a red flag), those days not counted",
                verdict(&a)
                    .replace(" since you started", " before the pause")
                    .replace("of 14 days", &format!("of the {open} days before the pause"))
            ),
            None => verdict(&a).replace("since you started", "since the program started"),
        };
        let _ = writeln!(
            html,
            "<tr class=\"{class}\" data-kind=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td>\
             <td class=\"words\">{}</td><td class=\"words\">{}</td></tr>",
            a.kind.as_str(),
            escape(label(a.kind)),
            a.previous,
            a.current,
            escape(&target(&a)),
            escape(&words)
        );
    }
    html.push_str("</tbody></table>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(kind: Habit, previous: u32, current: u32, consecutive: Option<u32>) -> Adherence {
        Adherence { kind, previous, current, target: kind.target(), consecutive, days: 14 }
    }

    #[test]
    fn each_verdict_says_what_is_on_target_and_what_is_not() {
        let s = Habit::Strength;
        assert_eq!(verdict(&a(s, 4, 5, Some(0))), "on target: 4–6 days, none back to back");
        assert_eq!(
            verdict(&a(s, 4, 5, Some(1))),
            "not on target: 1 came the day after another strength day; rest a day between"
        );
        assert_eq!(verdict(&a(s, 4, 3, Some(0))), "below target (4–6 days): 1 day short");
        assert_eq!(
            verdict(&a(s, 4, 8, Some(2))),
            "above target (4–6 days): 2 days too many; 2 came the day after another strength day; \
             rest a day between"
        );
        assert_eq!(verdict(&a(Habit::Balance, 0, 14, None)), "on target: every day");
        assert_eq!(verdict(&a(Habit::Feet, 0, 10, None)), "below target (every day): missed 4 of 14 days");
        assert_eq!(verdict(&a(Habit::Walk, 3, 9, None)), "no target");
    }

    #[test]
    fn a_recent_start_is_judged_on_the_days_since() {
        let since = |kind, current, consecutive, days| Adherence { days, ..a(kind, 0, current, consecutive) };
        assert_eq!(verdict(&since(Habit::Balance, 5, None, 5)), "on target: every day since you started");
        assert_eq!(
            verdict(&since(Habit::Feet, 3, None, 5)),
            "below target (every day): missed 2 of the 5 days since you started"
        );
        assert_eq!(
            verdict(&since(Habit::Strength, 2, Some(0), 7)),
            "on target: 2–3 in the 7 days since you started, none back to back"
        );
        assert_eq!(
            verdict(&since(Habit::Strength, 0, Some(0), 7)),
            "below target (2–3 in the 7 days since you started): 2 days short"
        );
        assert_eq!(
            verdict(&since(Habit::Strength, 2, Some(0), 2)),
            "above target (up to 1 in the 2 days since you started): 1 day too many"
        );
        assert_eq!(
            verdict(&since(Habit::Strength, 1, Some(0), 1)),
            "on target: up to 1 in the 1 day since you started, none back to back"
        );
    }

    #[test]
    fn the_lines_fit_80_columns() {
        let all = [
            a(Habit::Strength, 12, 8, Some(3)),
            a(Habit::Balance, 12, 10, None),
            a(Habit::Mobility, 14, 14, None),
            a(Habit::Walk, 9, 11, None),
            a(Habit::Feet, 3, 0, None),
        ];
        let t = text(&all, None, 80);
        for line in t.lines() {
            assert!(line.chars().count() <= 80, "{t}");
        }
        assert!(
            t.contains("  strength    12 → 8   above target (4–6 days): 2 days too many; 3 came the day"),
            "{t}"
        );
        assert!(t.contains("  foot check   3 → 0   below target (every day): missed 14 of 14 days"), "{t}");
        assert!(t.contains("  mobility    14 → 14  on target: every day\n"), "{t}");
        assert_eq!(t.lines().count(), 7, "{t}");
    }
}
