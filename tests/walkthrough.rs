//! What a person and their physiotherapist tripped on when using footing for a week: each
//! test pins one fix in what footing prints.

mod common;

use common::Env;

/// Two hot hallux readings two days apart raise `foot-heat`, which pauses weight-bearing work
/// (walking, strength, balance, and the standing mobility drills).
fn foot_heat(env: &Env) {
    env.log_all(&[
        "log --at 2031-04-11 --pain 2 --numb left-toes",
        "temp --at 2031-04-12 hallux:33.9:31.2",
        "temp --at 2031-04-13 hallux:34.1:31.3",
        "log --pain 2 --feet-ok",
    ]);
}

#[test]
fn the_plan_during_a_pause_says_the_walk_is_paused_and_gives_the_flags_own_action() {
    let env = Env::new().now("2031-04-13 08:10").columns(80);
    foot_heat(&env);
    let plan = env.ok(&["plan"]);
    // Walking is paused: the plan must not ask for a walk to be logged.
    assert!(
        plan.contains("Walk: paused by the foot-heat of 2031-04-13, as strength and balance are."),
        "{plan}"
    );
    assert!(!plan.contains("no target yet"), "{plan}");
    // The same action as `today` and `advise`: today, not "promptly".
    let advise = env.ok(&["advise"]);
    assert!(advise.contains("contact your foot clinician today."), "{advise}");
    assert!(plan.contains("Charcot foot: rest your feet and contact your foot clinician today."), "{plan}");
    assert!(!plan.contains("promptly"), "{plan}");
    // No reminder about walking while walking is paused.
    assert!(!plan.contains("after walking"), "{plan}");
}

#[test]
fn the_plan_gives_one_foot_check_reminder_not_two() {
    let env = Env::new().now("2031-04-08 07:40").columns(80);
    env.log_all(&[
        "log --at 2031-04-07 --pain 2 --numb left-toes,right-toes",
        "session strength --at 2031-04-07 --sets 2 --reps 8",
        "log --pain 2",
    ]);
    let plan = env.ok(&["plan"]);
    assert_eq!(plan.matches("Reminder:").count(), 1, "{plan}");
    assert!(plan.contains("Reminder: check your feet: look at both feet"), "{plan}");
    // Once the check is logged, the after-walking note is the one reminder left.
    env.ok(&["log", "--feet-ok"]);
    let plan = env.ok(&["plan"]);
    assert_eq!(plan.matches("Reminder:").count(), 1, "{plan}");
    assert!(
        plan.contains("Reminder: check both feet for blisters, cuts or red marks after walking"),
        "{plan}"
    );
}

#[test]
fn today_lists_only_the_exercises_to_do_and_names_the_paused_ones_apart() {
    let env = Env::new().now("2031-04-13 08:10").columns(80);
    foot_heat(&env);
    let v = env.json(&["today"]);
    let mobility = v["todo"]
        .as_array()
        .expect("a to-do list")
        .iter()
        .find(|t| t["what"] == "mobility")
        .expect("mobility is due")["text"]
        .as_str()
        .expect("text")
        .to_string();
    assert!(
        mobility.starts_with(
            "Mobility session: ankle-pumps 2 × 60 s, tibial-glide 1 × 8; ankle-circles and \
             calf-stretch are paused ("
        ),
        "{mobility}"
    );
}

#[test]
fn today_lists_the_sessions_done_in_the_plans_order() {
    let env = Env::new().now("2031-04-07 18:00").columns(80);
    env.log_all(&["log --pain 2", "done"]);
    let out = env.ok(&["today"]);
    assert!(out.contains("mobility, strength, balance"), "{out}");
}

#[test]
fn temp_help_names_the_sites_in_plain_words() {
    let env = Env::new().columns(80);
    let help = env.ok(&["temp", "--help"]);
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("hallux (the big toe)"), "{help}");
    assert!(
        flat.contains("met1, met3, met5 (the ball of the foot under the first, third and fifth toes)"),
        "{help}"
    );
}

#[test]
fn done_help_says_what_rpe_does_without_a_strength_session_as_done_does_it() {
    let env = Env::new().now("2031-04-08 10:00").columns(80);
    let help = env.ok(&["done", "--help"]);
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!flat.contains("on every session when there is none"), "{help}");
    assert!(flat.contains("(with none, name the kind: `done balance --rpe 6`)"), "{help}");
    // And `done` behaves as the help says: strength rests the day after, so a bare --rpe is
    // refused, while naming the kind records it.
    env.log_all(&["session strength --at 2031-04-07 --sets 2 --reps 8", "log --pain 2"]);
    let err = env.fails(2, &["done", "--rpe", "3"]);
    assert!(err.contains("done balance --rpe 6"), "{err}");
    env.ok(&["done", "balance", "--rpe", "3"]);
}

#[test]
fn a_reviewed_foot_heat_says_the_pause_goes_on_and_today_keeps_saying_it() {
    let env = Env::new().now("2031-04-14 09:10").columns(80);
    foot_heat(&env);
    let out = env.ok(&["reviewed", "foot-heat"]);
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("it is silenced for 14 days while it gets no worse; weight-bearing work stays paused until the clinician clears the foot (`footing reviewed foot-heat --cleared`)"), "{out}");
    // The flag has left the red flags, but today still says that walking is paused.
    let today = env.ok(&["today"]);
    assert!(!today.contains("Red flags:"), "{today}");
    assert!(today.contains("Walking, strength and balance are paused"), "{today}");
    assert!(today.contains("Note: weight-bearing work stays paused until your clinician clears"), "{today}");
    // And the plan's walk line does not point at a red flag that is no longer shown.
    let plan = env.ok(&["plan"]);
    assert!(!plan.contains("Red flag:"), "{plan}");
    assert!(plan.contains("Walk: paused"), "{plan}");
    assert!(!plan.contains("the red flag above"), "{plan}");
    // Cleared: the pause ends, and today no longer says it.
    env.ok(&["reviewed", "foot-heat", "--cleared"]);
    let today = env.ok(&["today"]);
    assert!(!today.contains("are paused"), "{today}");
}

#[test]
fn the_profile_hint_keeps_its_command_whole_and_test_help_cites_no_spec() {
    let env = Env::new().now("2031-04-14 10:00").columns(80);
    env.ok(&["log", "--pain", "2"]);
    let out = env.ok(&["profile"]);
    assert!(out.contains("`footing profile --born YEAR --sex female|male`."), "{out}");
    let help = env.ok(&["test", "--help"]);
    assert!(!help.contains("SPEC"), "{help}");
    assert!(help.starts_with("Record a home test. Take every test with someone beside you"), "{help}");
}

/// The report's section with `id`, up to the next section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[test]
fn the_report_of_a_reviewed_pause_counts_paused_days_apart_and_draws_no_walk_target() {
    let env = Env::new().now("2031-04-14 11:00").columns(80);
    env.log_all(&[
        "log --at 2031-04-08 --walk 20",
        "session balance --at 2031-04-08 --minutes 10",
        "session balance --at 2031-04-09 --minutes 10",
        "session balance --at 2031-04-10 --minutes 10",
    ]);
    foot_heat(&env);
    env.ok(&["reviewed", "foot-heat"]);
    let out = env.path("r.html");
    env.ok(&["report", "--out", out.to_str().expect("a UTF-8 path")]);
    let html = std::fs::read_to_string(&out).expect("the report");
    // Seen, not cleared: balance is still paused since the flag's day, and the report says so
    // instead of counting the paused days as missed.
    let adherence = section(&html, "adherence");
    assert!(adherence.contains("paused since 13 Apr 2031"), "{adherence}");
    // Walking is paused: no target line, and the caption does not promise one.
    let charts = section(&html, "charts");
    assert!(!charts.contains("the dashed line is the current target"), "{charts}");
    assert!(charts.contains("walking is paused, so there is no target line"), "{charts}");
}

#[test]
fn the_report_ends_with_its_last_section_and_says_when_and_with_what_at_the_top() {
    let env = Env::new().now("2031-04-14 11:00").columns(80);
    env.log_all(&["log --at 2031-04-13 --pain 2 --note 'a note'"]);
    let out = env.path("r.html");
    env.ok(&["report", "--out", out.to_str().expect("a UTF-8 path")]);
    let html = std::fs::read_to_string(&out).expect("the report");
    // A footer line after the notes took a printed page of its own when the notes filled theirs.
    assert!(!html.contains("<footer"), "{html}");
    assert!(html.trim_end().ends_with("</section>\n</body>\n</html>"), "{html}");
    let made = format!(
        "<p class=\"meta\"><strong>Made on:</strong> 14 Apr 2031 at 11:00, with footing {}</p>",
        env!("CARGO_PKG_VERSION")
    );
    assert!(html.contains(&made), "{html}");
}

#[test]
fn the_report_gives_the_age_and_sex_the_norms_were_read_for() {
    let env = Env::new().now("2031-04-14 11:00").columns(80);
    env.log_all(&["log --at 2031-04-13 --pain 2", "profile --born 1962 --sex female", "test tug 13.5"]);
    let out = env.path("r.html");
    env.ok(&["report", "--out", out.to_str().expect("a UTF-8 path")]);
    let html = std::fs::read_to_string(&out).expect("the report");
    // 2031 − 1962 = 69, the age the norms use (§11.1: the year difference).
    assert!(
        html.contains("<p class=\"meta\" id=\"age\"><strong>Age:</strong> 69 (born 1962), female</p>"),
        "{html}"
    );
    // Without a profile, no line.
    let bare = Env::new().now("2031-04-14 11:00");
    bare.ok(&["log", "--pain", "2"]);
    let out = bare.path("r.html");
    bare.ok(&["report", "--out", out.to_str().expect("a UTF-8 path")]);
    assert!(!std::fs::read_to_string(&out).expect("the report").contains("id=\"age\""));
}

#[test]
fn export_and_report_help_each_give_their_own_default_file() {
    let env = Env::new().columns(80);
    let flat = |args: &[&str]| env.ok(args).split_whitespace().collect::<Vec<_>>().join(" ");
    let export = flat(&["export", "--help"]);
    assert!(export.contains("--out <FILE> Write to FILE [default: standard output]"), "{export}");
    assert!(!export.contains("footing-report"), "{export}");
    let report = flat(&["report", "--help"]);
    assert!(
        report.contains("Write to FILE [default: footing-report-DATE.html, DATE the last day]"),
        "{report}"
    );
    assert!(!report.contains("standard output"), "{report}");
}

#[test]
fn the_temperature_that_ends_foot_heat_says_so() {
    let env = Env::new().now("2031-04-16 08:00").columns(80);
    foot_heat(&env);
    // The first normal day: the flag stays.
    let first = env.ok(&["temp", "--at", "2031-04-15 08:00", "hallux:31.5:31.0"]);
    assert!(first.contains("Red flag: foot-heat"), "{first}");
    assert!(!first.contains("has ended"), "{first}");
    // The second in a row ends it, and the person is told.
    let second = env.ok(&["temp", "hallux:31.4:31.1"]);
    let flat = second.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "The foot-heat of 2031-04-13 has ended: two measurement days in a row show every site at \
             or below 2.2 °C, so its pause ends; `footing plan` shows what to do today."
        ),
        "{second}"
    );
    // A normal reading with no flag before says nothing of the kind.
    let third = env.ok(&["temp", "hallux:31.4:31.1"]);
    assert!(!third.contains("has ended"), "{third}");
}

#[test]
fn a_walk_logged_while_walking_is_paused_is_stored_with_a_warning() {
    let env = Env::new().now("2031-04-14 09:30").columns(80);
    foot_heat(&env);
    let (out, err) = env.ok_both(&["log", "--walk", "10"]);
    assert!(out.starts_with("logged #"), "{out}");
    let flat = err.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        flat,
        "warning: walking is paused by the foot-heat of 2031-04-13 (see `footing plan`); the walk is \
         recorded, but rest your feet until the pause ends"
    );
    // A walk dated before the flag's day is not warned about.
    let (_, err) = env.ok_both(&["log", "--walk", "10", "--at", "2031-04-11 16:00"]);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn today_on_the_first_day_does_not_say_advice_twice() {
    let env = Env::new().now("2031-04-07 08:00").columns(80);
    env.ok(&["log", "--pain", "3"]);
    let out = env.ok(&["today"]);
    assert!(!out.contains("Advice: No advice yet"), "{out}");
    assert!(out.contains("\nNo advice yet: no session or walk was logged before 2031-04-07"), "{out}");
    // With a verdict, the label stays.
    env.ok(&["session", "strength", "--sets", "2", "--reps", "8"]);
    let next = env.clone().now("2031-04-08 08:00");
    next.ok(&["log", "--pain", "2"]);
    assert!(next.ok(&["today"]).contains("\nAdvice: "), "a verdict keeps its label");
}

#[test]
fn log_help_lists_every_red_flag_hot_foot_included() {
    let env = Env::new().columns(80);
    let help = env.ok(&["log", "--help"]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains("injury, deformity, numbness-spread, hot-foot (a foot that is red, warm or swollen)"),
        "{help}"
    );
}

#[test]
fn today_says_when_nothing_is_left_to_do() {
    let env = Env::new().now("2031-04-07 18:00").columns(80);
    env.log_all(&["log --pain 2 --feet-ok", "done"]);
    let out = env.ok(&["today"]);
    assert!(!out.contains("Still to do"), "{out}");
    assert!(out.contains("\nNothing left to do today: everything due is recorded.\n"), "{out}");
    // While something is left, the list, and not that line.
    let earlier = Env::new().now("2031-04-07 08:00");
    earlier.ok(&["log", "--pain", "2"]);
    let out = earlier.ok(&["today"]);
    assert!(out.contains("Still to do:") && !out.contains("Nothing left"), "{out}");
}

#[test]
fn trend_does_not_count_days_under_a_pause_as_missed() {
    let env = Env::new().now("2031-04-14 11:00").columns(80);
    env.log_all(&[
        "log --at 2031-04-08 --pain 2",
        "session balance --at 2031-04-08 --minutes 10",
        "session balance --at 2031-04-09 --minutes 10",
        "session balance --at 2031-04-10 --minutes 10",
    ]);
    foot_heat(&env);
    let out = env.ok(&["trend"]);
    let lines = &out[out.find("Following the program").expect("the adherence lines")..];
    let flat = lines.split_whitespace().collect::<Vec<_>>().join(" ");
    // The program started on 8 Apr; balance is paused from 13 Apr: 5 days before the pause
    // (8–12 Apr), balance on 3 of them, so 2 missed; 13 and 14 Apr are not counted.
    assert!(
        flat.contains(
            "balance 0 → 3 below target (every day): missed 2 of the 5 days before the pause; paused \
             since 2031-04-13 (a red flag), those days not counted"
        ),
        "{lines}"
    );
}

/// The same through a reported flag, and none once a clinician has cleared it: `trend` finds
/// a pause through the flagged entries without working out the whole advice, and must not
/// miss one of them.
#[test]
fn trend_does_not_count_days_under_a_reported_pause_as_missed() {
    let env = Env::new().now("2031-04-14 11:00").columns(80);
    env.log_all(&[
        "log --at 2031-04-08 --pain 2",
        "session strength --at 2031-04-08 --sets 2 --reps 10",
        "session strength --at 2031-04-10 --sets 2 --reps 10",
        "log --at 2031-04-12 --pain 2 --flag open-sore",
    ]);
    let flat = |out: String| {
        let lines = &out[out.find("Following the program").expect("the adherence lines")..];
        lines.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    // Strength and balance are paused from 12 Apr: 8–11 Apr before it (4 days; strength done
    // on 2 of them, balance never — a kind not yet done is paused all the same), 12–14 Apr
    // not counted. Mobility goes on (its seated drills), so its days still count.
    let paused = flat(env.ok(&["trend"]));
    for expected in [
        "strength 0 → 2 on target: 1–2 in the 4 days before the pause, none back to back; paused \
         since 2031-04-12 (a red flag), those days not counted",
        "balance 0 → 0 below target (every day): missed 4 of the 4 days before the pause; paused \
         since 2031-04-12 (a red flag), those days not counted",
        "mobility 0 → 0 below target (every day): missed 7 of the 7 days since you started",
    ] {
        assert!(paused.contains(expected), "{expected}\nin: {paused}");
    }
    env.ok(&["reviewed", "open-sore", "--cleared"]);
    let cleared = flat(env.ok(&["trend"]));
    assert!(!cleared.contains("paused since"), "{cleared}");
}

#[test]
fn a_session_of_a_paused_kind_is_stored_with_a_warning() {
    let env = Env::new().now("2031-04-14 09:30").columns(80);
    foot_heat(&env);
    let (out, err) = env.ok_both(&["session", "balance", "--minutes", "5"]);
    assert!(out.starts_with("logged #"), "{out}");
    let flat = err.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        flat,
        "warning: balance work is paused by the foot-heat of 2031-04-13 (see `footing plan`); the \
         session is recorded, but rest your feet until the pause ends"
    );
    // Mobility goes on under this pause: no warning.
    let (_, err) = env.ok_both(&["session", "mobility", "--minutes", "5"]);
    assert!(err.is_empty(), "{err}");
    // Nor before the flag's day.
    let (_, err) = env.ok_both(&["session", "balance", "--minutes", "5", "--at", "2031-04-11 10:00"]);
    assert!(err.is_empty(), "{err}");
}
