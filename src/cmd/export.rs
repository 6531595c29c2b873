use anyhow::{bail, Result};

use super::Ctx;
use crate::cli::ExportArgs;

pub fn run(_ctx: &Ctx, _args: &ExportArgs) -> Result<()> {
    bail!("`footing export` is not built yet")
}
