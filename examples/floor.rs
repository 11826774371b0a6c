//! The benchmark's floor: the least any tool must do to answer from the plan — read
//! every task file and parse it with serde + toml, on all cores (as `plan` does), so that
//! a ratio to it compares like with like. No validation, no output.
//!
//! cargo run --release --example floor -- /tmp/plan-10k/plan

use std::path::Path;

use rayon::prelude::*;

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Task {
    id: String,
    group: String,
    title: String,
    owner: Vec<String>,
    #[serde(default)]
    partners: Vec<String>,
    result: String,
    deadline: String,
    #[serde(default)]
    updates: Vec<toml::Table>,
}

fn main() {
    let plan = std::env::args().nth(1).expect("usage: floor PLAN_DIR");
    for name in ["plan.toml", "agencies.toml", "events.toml"] {
        let text = std::fs::read_to_string(Path::new(&plan).join(name)).unwrap_or_default();
        let _: toml::Table = toml::from_str(&text).expect("valid TOML");
    }
    let paths: Vec<_> = std::fs::read_dir(Path::new(&plan).join("tasks"))
        .expect("a plan folder")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    let updates: usize = paths
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("readable");
            let task: Task = toml::from_str(&text).expect("a task");
            task.updates.len()
        })
        .sum();
    println!("{} tasks, {updates} updates", paths.len());
}
