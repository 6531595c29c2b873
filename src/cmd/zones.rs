use anyhow::{bail, Result};

use super::Ctx;
use crate::cli::ZonesArgs;

pub fn run(_ctx: &Ctx, _args: &ZonesArgs) -> Result<()> {
    bail!("`footing zones` is not built yet")
}
