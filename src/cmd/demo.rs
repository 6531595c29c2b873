use anyhow::{bail, Result};

use super::Ctx;
use crate::cli::DemoArgs;

pub fn run(_ctx: &Ctx, _args: &DemoArgs) -> Result<()> {
    bail!("`footing demo` is not built yet")
}
