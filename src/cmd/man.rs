//! `footing man`: the manual page, generated from the same definitions as `--help`
//! (clap_mangen), with sections on the zones, the red flags, the 24-hour rule and the home
//! tests.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use super::out;
use crate::cli::Cli;
use crate::domain::{Flag, Region};

/// The sections after the commands, in roff. Each paragraph fits 80 columns as text.
fn extra_sections() -> String {
    let regions = Region::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ");
    // A hyphen in roff is `\-` (a plain `-` may print as a typographic hyphen).
    let flags = Flag::ALL.iter().map(|f| f.as_str().replace('-', "\\-")).collect::<Vec<_>>().join(", ");
    format!(
        r#".SH ZONES
A numbness zone is SIDE\-REGION: the side is \fBleft\fR, \fBright\fR or \fBboth\fR
(both sides at once), the region one of {regions}, from the toes upward.
\fB\-\-numb none\fR records "checked, no numbness today", which is not the same as not
checking. A region without a side is refused with the three zones it could mean.
.SH RED FLAGS
\fB\-\-flag\fR takes {flags}.
Any red flag means: pause progression and contact a clinician promptly. A reported flag
lasts until \fBfooting reviewed FLAG\fR records that a clinician has seen it; a pause
lasts until the review says \fB\-\-cleared\fR. The daily foot check is \fB\-\-feet\-ok\fR;
a problem found is reported with \fB\-\-flag open\-sore\fR, \fBskin\-change\fR or
\fBinfection\fR.
.SH THE 24-HOUR RULE
After a day of exercise or walking, footing compares the next morning's pain with your
usual pain. Pain that is back to usual by the next morning means the dose was right and
may rise; pain still up the next morning means the next session is trimmed; a big or
lasting rise holds the dose or pauses the kind of work. \fBfooting advise\fR shows the
verdict, the limits and each volume for the next session; \fBfooting plan\fR turns it
into today's exercises.
.SH HOME TESTS
\fBfooting test\fR records four standard home tests: \fBchair\-stand\fR (stands in 30 s),
\fBfour\-stage\fR (seconds held in each balance stage), \fBtug\fR (Timed Up and Go) and
\fBheel\-raise\fR (raises per foot). \fBfooting tests\fR shows each against published
norms for your age and sex (set with \fBfooting profile\fR), a fall\-risk line, and
whether a change is larger than measurement noise. Take each test with someone beside
you and a counter in reach.
.SH UNDO AND EDIT
\fBfooting undo\fR reverts the latest change of any kind: items recorded, an edit, a
delete, a program change (\fBprogram reset\fR included), a profile change or a whole
import. Repeated, it reverts the changes before in turn. \fBfooting edit ID\fR changes
the given fields of one item with the flags of \fBlog\fR or \fBsession\fR.
.SH FILES
The database is \fIfooting.db\fR in the platform data directory (on Linux
\fI~/.local/share/footing/\fR), or \fB\-\-db PATH\fR, or \fB$FOOTING_DB\fR.
.SH ENVIRONMENT
\fBFOOTING_DB\fR: the database. \fBFOOTING_NOW\fR="YYYY\-MM\-DD HH:MM": the clock of
every command. \fBNO_COLOR\fR: no colour, unless \fB\-\-color always\fR is given.
\fBCOLUMNS\fR: the width output is fitted to.
"#
    )
}

pub fn run() -> Result<()> {
    let command = Cli::command();
    let mut page: Vec<u8> = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    page.extend_from_slice(extra_sections().as_bytes());
    out().write_all(&page)?;
    Ok(())
}
