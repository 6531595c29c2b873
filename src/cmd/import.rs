use std::path::Path;

use anyhow::{bail, Result};

use super::Ctx;

pub fn run(_ctx: &Ctx, _file: &Path) -> Result<()> {
    bail!("`footing import` is not built yet")
}
