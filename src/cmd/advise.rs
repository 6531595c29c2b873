use anyhow::{bail, Result};

use super::Ctx;
use crate::cli::AsOfArgs;

pub fn run(_ctx: &Ctx, _args: &AsOfArgs) -> Result<()> {
    bail!("`footing advise` is not built yet")
}
