use anyhow::{bail, Result};

use super::Ctx;
use crate::cli::ReportArgs;

pub fn run(_ctx: &Ctx, _args: &ReportArgs) -> Result<()> {
    bail!("`footing report` is not built yet")
}
