//! Replays every input a fuzzer found a crash with (`tests/fixtures/fuzz/TARGET/`),
//! and every shipped example, through each fuzz target's entry point: none may panic.

use std::path::Path;

use callhook::fuzzing::TARGETS;

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

#[test]
fn every_saved_crash_input_now_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut replayed = 0;
    for (name, target) in TARGETS {
        for file in files(&root.join(name)) {
            let data = std::fs::read(&file).expect("readable fixture");
            target(&data);
            replayed += 1;
        }
    }
    // The directory may be empty where the fuzzers found nothing; the examples below
    // still run through every target.
    eprintln!("replayed {replayed} saved inputs");
}

#[test]
fn every_example_runs_through_every_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples: Vec<_> = ["examples", "tests/fixtures", "tests/fixtures/validate"]
        .iter()
        .flat_map(|d| files(&root.join(d)))
        .collect();
    assert!(examples.len() >= 10, "{}", examples.len());
    for file in &examples {
        let data = std::fs::read(file).expect("readable example");
        for (_, target) in TARGETS {
            target(&data);
        }
    }
}

/// `cargo fuzz run NAME` runs exactly the targets this replays: a target added to one
/// list and not the other fails here.
#[test]
fn the_fuzz_crate_builds_every_target_and_no_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("fuzz/Cargo.toml");
    let table: toml::Table = manifest.parse().expect("fuzz/Cargo.toml is TOML");
    let mut bins: Vec<String> = table["bin"]
        .as_array()
        .expect("[[bin]] tables")
        .iter()
        .map(|b| b["name"].as_str().expect("a bin's name").to_owned())
        .collect();
    bins.sort();
    let mut names: Vec<String> = TARGETS.iter().map(|(n, _)| (*n).to_owned()).collect();
    names.sort();
    assert_eq!(bins, names);
    for name in &names {
        let source = std::fs::read_to_string(root.join(format!("fuzz_targets/{name}.rs"))).expect("a target's file");
        assert!(source.contains(&format!("callhook::fuzzing::{name}(data)")), "{name}");
    }
}
