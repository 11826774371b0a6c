#![no_main]
//! The task-file loader must never panic on any bytes, read against the shipped plan's
//! registry, groups and events.

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use plan::load::{load_base, Base, PlanDir};

static BASE: LazyLock<Base> = LazyLock::new(|| {
    let dir = PlanDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../plan"));
    load_base(&dir, &mut Vec::new())
});

fuzz_target!(|data: &[u8]| {
    plan::load::fuzz::task_file(&BASE, data);
});
