//! The eight worked histories of `shared/EXAMPLES.md` (SPEC v3 §6 and §9.6), end to end:
//! each history is replayed line by line in a fresh database through the real binary, and
//! `advise --json --as-of T` is run right after each line marked `# T`. The expected JSON is
//! the fragment the example shows (copied verbatim; where the example elides elements with
//! "…" they are written out as it describes), plus the fields its text works out: every
//! field given must be equal, `next` must have exactly the elements given, in order.

mod common;

use common::Env;
use serde_json::{json, Value};

/// Splits a shell-like line: words separated by spaces, "double quoted" words kept whole,
/// a `#` comment dropped, the leading `footing` dropped.
fn words(line: &str) -> Vec<String> {
    let line = match line.find(" #") {
        Some(i) if line[..i].matches('"').count().is_multiple_of(2) => &line[..i],
        _ => line,
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    assert_eq!(out.first().map(String::as_str), Some("footing"), "{line}");
    out.remove(0);
    out
}

/// The `T` of a line marked `# T = 05-16` or `# T1 = 04-10`: the date in 2031.
fn as_of(line: &str) -> Option<String> {
    let marker = line.split(" # ").nth(1)?.trim();
    let (name, date) = marker.split_once(" = ")?;
    name.starts_with('T').then(|| format!("2031-{}", date.trim()))
}

/// Every field of `want` is in `got` with an equal value; arrays have the same length.
fn contains(want: &Value, got: &Value, path: &str) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, v) in w {
                let g = g.get(k).unwrap_or_else(|| panic!("{path}.{k} is missing in {got}"));
                contains(v, g, &format!("{path}.{k}"));
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            assert_eq!(w.len(), g.len(), "{path}: want {want}\ngot {got}");
            for (i, (w, g)) in w.iter().zip(g).enumerate() {
                contains(w, g, &format!("{path}[{i}]"));
            }
        }
        (Value::Number(w), Value::Number(g)) => {
            assert_eq!(w.as_f64(), g.as_f64(), "{path}: want {want}, got {got}")
        }
        _ => assert_eq!(want, got, "{path}"),
    }
}

/// Merges the fields the example's text works out into the fragment it shows.
fn with(mut fragment: Value, extra: Value) -> Value {
    if let (Value::Object(f), Value::Object(e)) = (&mut fragment, extra) {
        f.extend(e);
    }
    fragment
}

/// Replays `history`, checking `advise --json --as-of T` after each `# T` line against the
/// next of `expected`.
fn replay(history: &str, expected: &[Value]) {
    let env = Env::new().now("2031-12-31 23:00");
    let mut expected = expected.iter();
    for line in history.lines().filter(|l| l.starts_with("footing")) {
        let args = words(line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.ok(&args);
        if let Some(t) = as_of(line) {
            let want = expected.next().unwrap_or_else(|| panic!("no expectation for {t}"));
            let got = env.json(&["advise", "--as-of", &t]);
            assert_eq!(got["as_of"], json!(t));
            contains(want, &got, &format!("advise as of {t}"));
        }
    }
    assert!(expected.next().is_none(), "an expectation was not used");
}

fn parse(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("bad fixture {e}: {s}"))
}

// ===== Example 1
const HISTORY_1: &str = r#"
footing log --at "2031-03-01 08:00" --pain 2
footing log --at "2031-03-03 09:30" --walk 26 --pain 2
footing log --at "2031-03-05 09:30" --walk 28 --pain 3
footing session strength --sets 2 --reps 9 --rpe 6 --pain-before 2 --pain-after 3 --at "2031-03-07 16:30"
footing log --at "2031-03-08 09:30" --walk 30 --pain 2
footing log --at "2031-03-10 09:30" --walk 28 --pain 2
footing session strength --sets 2 --reps 10 --rpe 6 --pain-before 2 --pain-after 3 --at "2031-03-11 16:30"
footing log --at "2031-03-12 09:30" --walk 30 --pain 2
footing log --at "2031-03-14 09:30" --walk 30 --pain 2
footing session strength --sets 2 --reps 10 --rpe 6 --pain-before 2 --pain-after 4 --at "2031-03-14 16:30"
footing log --at "2031-03-16 09:30" --walk 32 --pain 2
footing log --at "2031-03-17 07:30" --pain 2        # T = 03-17
"#;
const EXPECT_1_1: &str = r#"
{"verdict":"progress","trim_pct":null,"today":null,"limits":[],"red_flags":[],
 "rule":{"day":"2031-03-16","before":null,"usual":2,"baseline":2,"peak":2,"next_day":2,"next_day_date":"2031-03-17","excess":0},
 "next":[
  {"kind":"strength","status":"progress","result":"progress","result_trim_pct":null,"last_date":"2031-03-14","last":{"sets":2,"reps":10,"minutes":null},"next":{"sets":2,"reps":11,"minutes":null},"earliest":"2031-03-17"},
  {"kind":"walk","status":"progress","result":"progress","result_trim_pct":null,"last_date":"2031-03-16","last":{"minutes":30},"next":{"minutes":31,"minutes_max":31},"usual_total":30}]}
"#;
// ===== Example 2
const HISTORY_2: &str = r#"
footing log --at "2031-03-24 08:15" --pain 2
footing log --at "2031-03-31 10:00" --walk 30 --pain 2
footing session strength --sets 2 --reps 12 --rpe 6 --pain-before 2 --pain-after 3 --at "2031-04-02 17:45"
footing log --at "2031-04-03 10:00" --walk 28 --pain 2
footing log --at "2031-04-05 10:00" --walk 32 --pain 2
footing session strength --sets 2 --reps 12 --rpe 7 --pain-before 2 --pain-after 6 --at "2031-04-07 17:45"
footing log --at "2031-04-08 08:00" --pain 5
footing log --at "2031-04-08 11:30" --walk 8 --pain 4 --note "post office"
footing log --at "2031-04-09 08:00" --pain 3 --note "rest day"
footing log --at "2031-04-10 08:00" --pain 2        # T1 = 04-10
footing log --at "2031-04-11 10:00" --walk 28 --pain 2
footing session strength --sets 2 --reps 12 --rpe 6 --pain-before 2 --pain-after 3 --at "2031-04-11 17:45"
footing log --at "2031-04-12 10:00" --walk 28 --pain 2
footing log --at "2031-04-13 08:00" --pain 2        # T2 = 04-13
"#;
const EXPECT_2_1: &str = r#"
{"verdict":"trim","trim_pct":15,"today":null,"limits":[{"kind":"recent-trim","day":"2031-04-07"}],"red_flags":[],
 "rule":{"day":"2031-04-07","before":2,"usual":2,"baseline":2,"peak":6,"next_day":5,"next_day_date":"2031-04-08","excess":3},
 "next":[
  {"kind":"strength","status":"trim","result":"trim","result_trim_pct":15,"last_date":"2031-04-07","last":{"sets":2,"reps":12,"minutes":null},"next":{"sets":2,"reps":10,"minutes":null},"earliest":"2031-04-10"},
  {"kind":"walk","status":"trim","result":"hold","result_trim_pct":null,"last_date":"2031-04-08","last":{"minutes":28},"next":{"minutes":26,"minutes_max":26},"usual_total":28}]}
"#;
const EXPECT_2_2: &str = r#"
{"verdict":"hold","trim_pct":null,"today":null,"limits":[{"kind":"recent-trim","day":"2031-04-07"}],"red_flags":[],
 "next":[
  {"kind":"strength","status":"trim","result":"hold","result_trim_pct":null,"last_date":"2031-04-11","last":{"sets":2,"reps":12,"minutes":null},"next":{"sets":2,"reps":10,"minutes":null},"earliest":"2031-04-13"},
  {"kind":"walk","status":"trim","result":"hold","result_trim_pct":null,"last_date":"2031-04-12","last":{"minutes":28},"next":{"minutes":26,"minutes_max":26},"usual_total":28}]}
"#;
// ===== Example 3
const HISTORY_3: &str = r#"
footing log --at "2031-05-02 07:05" --pain 6 --note "burning on waking"
footing log --at "2031-05-02 14:00" --pain 2
footing log --at "2031-05-04 07:05" --pain 6
footing log --at "2031-05-06 07:05" --pain 7
footing log --at "2031-05-08 07:05" --pain 6
footing log --at "2031-05-10 07:05" --pain 5
footing log --at "2031-05-12 07:05" --pain 6
footing session strength --sets 2 --reps 8 --rpe 5 --pain-before 2 --pain-after 3 --at "2031-05-12 15:30"
footing log --at "2031-05-13 07:05" --pain 6
footing log --at "2031-05-14 07:05" --pain 6
footing session strength --sets 2 --reps 8 --rpe 5 --pain-before 2 --pain-after 4 --at "2031-05-14 15:30"
footing log --at "2031-05-15 07:05" --pain 6
footing session mobility --minutes 12 --pain-before 2 --pain-after 2 --at "2031-05-15 15:30"
footing log --at "2031-05-16 07:05" --pain 6        # T = 05-16
"#;
const EXPECT_3_1: &str = r#"
{"verdict":"progress","trim_pct":null,"today":null,"limits":[],"red_flags":[],
 "rule":{"day":"2031-05-15","before":6,"usual":6,"baseline":6,"peak":6,"next_day":6,"next_day_date":"2031-05-16","excess":0},
 "next":[
  {"kind":"strength","status":"progress","result":"progress","result_trim_pct":null,"last_date":"2031-05-14","last":{"sets":2,"reps":8,"minutes":null},"next":{"sets":2,"reps":9,"minutes":null},"earliest":"2031-05-16"},
  {"kind":"mobility","status":"same","result":"progress","result_trim_pct":null,"last_date":"2031-05-15","last":{"sets":null,"reps":null,"minutes":12},"next":{"sets":null,"reps":null,"minutes":12}}]}
"#;
// ===== Example 4
const HISTORY_4: &str = r#"
footing log --at "2031-05-26 07:50" --pain 2
footing log --at "2031-05-29 07:50" --pain 3
footing log --at "2031-06-01 09:40" --walk 25 --pain 2
footing session strength --sets 2 --reps 10 --rpe 6 --pain-before 2 --pain-after 3 --at "2031-06-03 17:00"
footing log --at "2031-06-04 09:40" --walk 25 --pain 2
footing log --at "2031-06-06 09:40" --walk 26 --pain 2
footing session strength --sets 2 --reps 10 --rpe 6 --pain-before 2 --pain-after 3 --at "2031-06-07 17:00"
footing session mobility --minutes 10 --rpe 2 --at "2031-06-07 17:40"
footing log --at "2031-06-08 09:40" --walk 24 --pain 1
footing log --at "2031-06-09 08:00" --pain 2 --note "rest day"
footing log --at "2031-06-10 07:30" --pain 5 --note "bad night, burning"   # T = 06-10
"#;
const EXPECT_4_1: &str = r#"
{"verdict":"trim","trim_pct":15,"rule":null,"today":{"pain":5,"usual":2},"limits":[],"red_flags":[],
 "next":[
  {"kind":"strength","status":"trim","result":"trim","result_trim_pct":15,"last_date":"2031-06-07","last":{"sets":2,"reps":10,"minutes":null},"next":{"sets":2,"reps":9,"minutes":null},"earliest":"2031-06-10"},
  {"kind":"mobility","status":"same","result":"trim","result_trim_pct":15,"last_date":"2031-06-07","last":{"sets":null,"reps":null,"minutes":10},"next":{"sets":null,"reps":null,"minutes":10}},
  {"kind":"walk","status":"trim","result":"trim","result_trim_pct":15,"last_date":"2031-06-08","last":{"minutes":25},"next":{"minutes":21,"minutes_max":21},"usual_total":25}]}
"#;
// ===== Example 5
const HISTORY_5: &str = r#"
footing log --at "2031-06-18 07:45" --pain 1 --feet-ok
footing log --at "2031-06-24 10:00" --walk 28 --pain 1
footing session strength --sets 2 --reps 10 --rpe 6 --pain-before 1 --pain-after 2 --at "2031-06-27 17:30"
footing log --at "2031-06-29 10:00" --walk 30 --pain 1
footing session strength --sets 2 --reps 11 --rpe 6 --pain-before 1 --pain-after 2 --at "2031-07-02 17:30"
footing log --at "2031-07-03 10:00" --walk 30 --pain 1
footing log --at "2031-07-03 20:30" --pain 1 --flag open-sore --note "blister under right big toe"
footing session mobility --minutes 10 --pain-before 1 --pain-after 1 --at "2031-07-04 18:00"
footing log --at "2031-07-05 07:45" --pain 1        # T1 = 07-05
footing reviewed open-sore --at "2031-07-07 11:00" --note "dressed; keep weight off it"
footing session mobility --minutes 10 --pain-before 1 --pain-after 1 --at "2031-07-07 18:00"
footing log --at "2031-07-08 07:45" --pain 1        # T2 = 07-08
footing session mobility --minutes 10 --pain-before 1 --pain-after 1 --at "2031-07-10 18:00"
footing session mobility --minutes 10 --pain-before 1 --pain-after 1 --at "2031-07-12 18:00"
footing session mobility --minutes 10 --pain-before 1 --pain-after 1 --at "2031-07-14 18:00"
footing reviewed open-sore --cleared --at "2031-07-15 10:00" --note "healed"
footing log --at "2031-07-16 07:45" --pain 1        # T3 = 07-16
"#;
const EXPECT_5_1: &str = r#"
{"verdict":"see-clinician","trim_pct":null,"limits":[],"red_flags":[{"kind":"open-sore","day":"2031-07-03","source":"reported"}],
 "next":[
  {"kind":"strength","status":"paused","result":"progress","last_date":"2031-07-02","last":{"sets":2,"reps":11,"minutes":null},"next":null},
  {"kind":"mobility","status":"same","result":"progress","last_date":"2031-07-04","next":{"sets":null,"reps":null,"minutes":10}},
  {"kind":"walk","status":"paused","result":"progress","last_date":"2031-07-03","next":null,"usual_total":30}]}
"#;
const EXPECT_5_2: &str = r#"
{"verdict":"hold","trim_pct":null,"limits":[],"red_flags":[],
 "next":[{"kind":"strength","status":"paused","result":"progress","next":null},
  {"kind":"mobility","status":"same","result":"progress","next":{"sets":null,"reps":null,"minutes":10}},
  {"kind":"walk","status":"paused","result":"progress","next":null,"usual_total":30}]}
"#;
const EXPECT_5_3: &str = r#"
{"verdict":"progress","trim_pct":null,"limits":[],"red_flags":[],
 "next":[
  {"kind":"strength","status":"restart","result":"progress","last_date":"2031-07-02","last":{"sets":2,"reps":11,"minutes":null},"next":{"sets":2,"reps":8,"minutes":null},"earliest":"2031-07-16"},
  {"kind":"mobility","status":"same","result":"progress","next":{"sets":null,"reps":null,"minutes":10}},
  {"kind":"walk","status":"restart","result":"progress","last_date":"2031-07-03","next":{"minutes":21,"minutes_max":21},"usual_total":null}]}
"#;
// ===== Example 6
const HISTORY_6: &str = r#"
footing log --at "2031-08-01 08:00" --pain 1 --numb both-toes,both-ball --feet-ok
footing log --at "2031-08-04 09:30" --walk 20 --pain 1
footing session mobility --minutes 12 --pain-before 1 --pain-after 1 --at "2031-08-06 18:00"
footing log --at "2031-08-08 09:30" --walk 20 --pain 1 --numb both-toes,both-ball
footing log --at "2031-08-11 09:30" --walk 22 --pain 1
footing log --at "2031-08-13 09:30" --walk 22 --pain 1 --feet-ok
footing log --at "2031-08-15 09:30" --walk 22 --pain 1
footing session mobility --minutes 12 --pain-before 1 --pain-after 1 --at "2031-08-16 18:00"
footing log --at "2031-08-17 09:30" --walk 24 --pain 1 --numb both-toes,both-ball
footing log --at "2031-08-19 09:30" --walk 24 --pain 1 --feet-ok
footing log --at "2031-08-20 07:30" --pain 1        # T1 = 08-20
footing log --at "2031-08-21 09:30" --walk 24 --pain 1 --feet-ok
footing log --at "2031-08-22 08:00" --pain 1 --feet-ok --numb both-toes,both-ball
footing log --at "2031-08-23 09:30" --walk 25 --pain 1 --feet-ok
footing session mobility --minutes 12 --pain-before 1 --pain-after 1 --at "2031-08-24 18:00"
footing log --at "2031-08-25 09:30" --walk 24 --pain 1 --feet-ok
footing log --at "2031-08-26 08:00" --pain 1 --feet-ok
footing log --at "2031-08-27 07:30" --pain 1 --feet-ok     # T2 = 08-27
"#;
const EXPECT_6_1: &str = r#"
{"verdict":"hold","trim_pct":null,"limits":[{"kind":"foot-check","days_checked":2}],"red_flags":[],
 "notes":["check both feet for blisters, cuts or red marks after walking: numb skin can hide an injury"],
 "next":[
  {"kind":"mobility","status":"same","result":"progress","next":{"sets":null,"reps":null,"minutes":12}},
  {"kind":"walk","status":"same","result":"hold","last_date":"2031-08-19","last":{"minutes":23},"next":{"minutes":23,"minutes_max":23},"usual_total":23}]}
"#;
const EXPECT_6_2: &str = r#"
{"verdict":"progress","trim_pct":null,"limits":[],"red_flags":[],
 "next":[
  {"kind":"mobility","status":"same","result":"progress","next":{"sets":null,"reps":null,"minutes":12}},
  {"kind":"walk","status":"progress","result":"progress","last_date":"2031-08-25","next":{"minutes":25,"minutes_max":25},"usual_total":24}]}
"#;
// ===== Example 7
const HISTORY_7: &str = r#"
footing log --at "2031-09-01 07:40" --pain 3
footing log --at "2031-09-01 10:30" --walk 20 --pain 3
footing session strength --sets 2 --reps 10 --rpe 5 --pain-before 3 --pain-after 4 --at "2031-09-01 17:00"
footing log --at "2031-09-02 07:40" --pain 3
footing log --at "2031-09-04 08:00" --pain 4 --note "flu, in bed"
footing log --at "2031-09-07 08:00" --pain 3 --note "still ill"
footing log --at "2031-09-11 07:40" --pain 3        # T1 = 09-11
footing session strength --sets 2 --reps 9 --rpe 5 --pain-before 3 --pain-after 3 --at "2031-09-11 17:00"
footing log --at "2031-09-12 10:30" --walk 18 --pain 3
footing session strength --sets 2 --reps 9 --rpe 5 --pain-before 3 --pain-after 4 --at "2031-09-13 17:00"
footing log --at "2031-09-14 07:40" --pain 3        # T2 = 09-14
"#;
const EXPECT_7_1: &str = r#"
{"verdict":"hold","trim_pct":null,"rule":null,"limits":[],"red_flags":[],
 "next":[
  {"kind":"strength","status":"restart","result":"hold","last_date":"2031-09-01","last":{"sets":2,"reps":10,"minutes":null},"next":{"sets":2,"reps":9,"minutes":null},"earliest":"2031-09-11"},
  {"kind":"walk","status":"restart","result":"hold","last_date":"2031-09-01","next":{"minutes":18,"minutes_max":18},"usual_total":null}]}
"#;
const EXPECT_7_2: &str = r#"
{"verdict":"progress","trim_pct":null,"limits":[],"red_flags":[],
 "next":[
  {"kind":"strength","status":"progress","result":"progress","last_date":"2031-09-13","last":{"sets":2,"reps":9,"minutes":null},"next":{"sets":2,"reps":10,"minutes":null},"earliest":"2031-09-15"},
  {"kind":"walk","status":"progress","result":"progress","last_date":"2031-09-12","next":{"minutes":19,"minutes_max":20},"usual_total":18}]}
"#;
// ===== Example 8
const HISTORY_8: &str = r#"
footing log --at "2031-09-26 08:00" --pain 2 --stance-left 27 --stance-right 12
footing session balance tandem-stance:3x20s single-leg-stance:3x15s --pain-before 2 --pain-after 2 --at "2031-09-27 18:00"
footing session balance tandem-stance:3x20s single-leg-stance:3x15s --pain-before 2 --pain-after 2 --at "2031-09-29 18:00"
footing log --at "2031-10-01 08:00" --pain 2 --stance-left 28 --stance-right 12
footing session balance tandem-stance:3x20s single-leg-stance:3x15s --pain-before 2 --pain-after 2 --at "2031-10-01 18:00"
footing log --at "2031-10-24 08:00" --pain 2 --stance-left 26.5 --stance-right 8 --note "back from a trip"
footing log --at "2031-10-25 08:00" --pain 2
footing session balance tandem-stance:3x14s single-leg-stance:3x11s --pain-before 2 --pain-after 2 --at "2031-10-25 18:00"
footing log --at "2031-10-26 08:00" --pain 2 --stance-left 27 --stance-right 9.5
footing session balance tandem-stance:3x14s single-leg-stance:3x11s --pain-before 2 --pain-after 2 --at "2031-10-27 18:00"
footing log --at "2031-10-28 08:00" --pain 2        # T1 = 10-28
footing session balance tandem-stance:3x19s single-leg-stance:3x14s --pain-before 2 --pain-after 2 --at "2031-10-28 18:00"
footing log --at "2031-10-30 08:00" --pain 2        # T2 = 10-30
"#;
const EXPECT_8_1: &str = r#"
{"verdict":"progress","trim_pct":null,"limits":[],"red_flags":[],
 "next":[
  {"kind":"strength","status":"same","result":"progress","last":null,"next":null,"earliest":"2031-10-28"},
  {"kind":"strength","exercise":"heel-raises","status":"same","last":null,"next":{"sets":2,"reps":8,"seconds":null,"minutes":null}},
  {"kind":"strength","exercise":"sit-to-stand","status":"same","last":null,"next":{"sets":2,"reps":8,"seconds":null,"minutes":null}},
  {"kind":"strength","exercise":"hip-abduction","status":"same","last":null,"next":{"sets":2,"reps":10,"seconds":null,"minutes":null}},
  {"kind":"balance","status":"same","result":"progress","last":null,"next":null},
  {"kind":"balance","exercise":"tandem-stance","status":"progress","last_date":"2031-10-27","next":{"sets":3,"reps":null,"seconds":19,"minutes":null}},
  {"kind":"balance","exercise":"single-leg-stance","status":"progress","last_date":"2031-10-27","next":{"sets":3,"reps":null,"seconds":14,"minutes":null}},
  {"kind":"mobility","status":"same","result":"progress","last":null,"next":null},
  {"kind":"mobility","exercise":"ankle-pumps","status":"same","next":{"sets":2,"reps":null,"seconds":60,"minutes":null}},
  {"kind":"mobility","exercise":"ankle-circles","status":"same","next":{"sets":2,"reps":10,"seconds":null,"minutes":null}},
  {"kind":"mobility","exercise":"calf-stretch","status":"same","next":{"sets":2,"reps":null,"seconds":20,"minutes":null}},
  {"kind":"mobility","exercise":"tibial-glide","status":"same","next":{"sets":1,"reps":8,"seconds":null,"minutes":null}}]}
"#;
const EXPECT_8_2: &str = r#"
{"verdict":"progress","trim_pct":null,"limits":[],"red_flags":[],
 "next":[
  {"kind":"strength","status":"same","result":"progress","last":null,"next":null,"earliest":"2031-10-30"},
  {"kind":"strength","exercise":"heel-raises","status":"same","last":null,"next":{"sets":2,"reps":8,"seconds":null,"minutes":null}},
  {"kind":"strength","exercise":"sit-to-stand","status":"same","last":null,"next":{"sets":2,"reps":8,"seconds":null,"minutes":null}},
  {"kind":"strength","exercise":"hip-abduction","status":"same","last":null,"next":{"sets":2,"reps":10,"seconds":null,"minutes":null}},
  {"kind":"balance","status":"same","result":"progress","last":null,"next":null},
  {"kind":"balance","exercise":"tandem-stance","status":"progress","last_date":"2031-10-28","next":{"sets":3,"reps":null,"seconds":20,"minutes":null}},
  {"kind":"balance","exercise":"single-leg-stance","status":"same","last_date":"2031-10-28","next":{"sets":3,"reps":null,"seconds":14,"minutes":null}},
  {"kind":"mobility","status":"same","result":"progress","last":null,"next":null},
  {"kind":"mobility","exercise":"ankle-pumps","status":"same","next":{"sets":2,"reps":null,"seconds":60,"minutes":null}},
  {"kind":"mobility","exercise":"ankle-circles","status":"same","next":{"sets":2,"reps":10,"seconds":null,"minutes":null}},
  {"kind":"mobility","exercise":"calf-stretch","status":"same","next":{"sets":2,"reps":null,"seconds":20,"minutes":null}},
  {"kind":"mobility","exercise":"tibial-glide","status":"same","next":{"sets":1,"reps":8,"seconds":null,"minutes":null}}]}
"#;

#[test]
fn example_1_a_calm_fortnight_strength_rises_walking_grows_under_the_b_cap() {
    replay(HISTORY_1, &[with(parse(EXPECT_1_1), json!({"reviews_due": [], "notes": []}))]);
}

#[test]
fn example_2_a_strength_flare_an_errand_walk_a_rest_day_then_the_ceiling() {
    replay(
        HISTORY_2,
        &[
            parse(EXPECT_2_1),
            // T2: "rule = 04-12 (all judged days progress; the latest wins)".
            with(
                parse(EXPECT_2_2),
                json!({"rule": {"day": "2031-04-12", "before": null, "usual": 2, "baseline": 2,
                                "peak": 2, "next_day": 2, "next_day_date": "2031-04-13",
                                "excess": 0}}),
            ),
        ],
    );
}

#[test]
fn example_3_pain_of_6_on_waking_2_later_is_usual_not_a_flare() {
    replay(HISTORY_3, &[parse(EXPECT_3_1)]);
}

#[test]
fn example_4_todays_pain_3_above_usual_after_a_rest_day() {
    replay(HISTORY_4, &[parse(EXPECT_4_1)]);
}

#[test]
fn example_5_an_open_sore_pause_plain_review_then_cleared() {
    let t2_note = "weight-bearing work stays paused until your clinician clears the foot: \
                   `footing reviewed open-sore --cleared`";
    replay(
        HISTORY_5,
        &[
            with(
                parse(EXPECT_5_1),
                json!({"rule": {"day": "2031-07-04", "before": 1, "usual": 1, "baseline": 1,
                                "peak": 1, "next_day": 1, "next_day_date": "2031-07-05",
                                "excess": 0}}),
            ),
            with(
                parse(EXPECT_5_2),
                json!({"rule": {"day": "2031-07-07", "before": 1, "usual": 1, "baseline": 1,
                                "peak": 1, "next_day": 1, "next_day_date": "2031-07-08",
                                "excess": 0},
                       "notes": [t2_note]}),
            ),
            with(
                parse(EXPECT_5_3),
                json!({"rule": {"day": "2031-07-14", "next_day": 1,
                                "next_day_date": "2031-07-16", "excess": 0},
                       "notes": []}),
            ),
        ],
    );
}

#[test]
fn example_6_numb_soles_the_foot_check_limit_then_5_checks_of_7() {
    replay(
        HISTORY_6,
        &[
            with(parse(EXPECT_6_1), json!({"rule": {"day": "2031-08-19", "excess": 0}})),
            with(
                parse(EXPECT_6_2),
                json!({"rule": {"day": "2031-08-25", "excess": 0},
                       "notes": ["check both feet for blisters, cuts or red marks after walking: numb skin can hide an injury"]}),
            ),
        ],
    );
}

#[test]
fn example_7_a_10_day_break_then_strength_twice_a_week_in_the_first_fortnight() {
    replay(
        HISTORY_7,
        &[
            parse(EXPECT_7_1),
            with(
                parse(EXPECT_7_2),
                json!({"rule": {"day": "2031-09-13", "before": 3, "usual": 3, "baseline": 3,
                                "peak": 4, "next_day": 3, "excess": 0}}),
            ),
        ],
    );
}

#[test]
fn example_8_single_leg_stance_capped_by_the_weaker_foot_tandem_climbs_back() {
    replay(
        HISTORY_8,
        &[
            with(parse(EXPECT_8_1), json!({"rule": {"day": "2031-10-27", "excess": 0}})),
            with(parse(EXPECT_8_2), json!({"rule": {"day": "2031-10-28", "excess": 0}})),
        ],
    );
}
