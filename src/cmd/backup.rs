use std::path::Path;

use anyhow::{bail, Result};

use super::Ctx;

pub fn run(_ctx: &Ctx, _file: &Path, _force: bool) -> Result<()> {
    bail!("`footing backup` is not built yet")
}
