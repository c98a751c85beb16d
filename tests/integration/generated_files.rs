//! `completions/` and `man/` are generated from the CLI definition and committed.
//! These tests fail when they are stale; refresh them with
//! `SNAPSHOTS=overwrite cargo test --test integration generated_files`.

use std::fs;
use std::path::{Path, PathBuf};

use callhook::generate::{SHELLS, completion, man_pages};

use crate::harness::Scratch;

fn overwrite() -> bool {
    std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares (or, under `SNAPSHOTS=overwrite`, writes) one generated file.
fn check(path: &Path, actual: &[u8], stale: &mut Vec<String>) {
    if overwrite() {
        fs::create_dir_all(path.parent().expect("generated files live in a folder")).unwrap();
        fs::write(path, actual).unwrap();
    } else if fs::read(path).ok().as_deref() != Some(actual) {
        stale.push(path.display().to_string());
    }
}

fn report(stale: &[String]) {
    assert!(
        stale.is_empty(),
        "stale generated files: {}\nrefresh them with `SNAPSHOTS=overwrite cargo test --test integration generated_files` and commit",
        stale.join(", ")
    );
}

#[test]
fn completions_are_fresh() {
    let mut stale = Vec::new();
    for shell in SHELLS {
        let (name, script) = completion(shell);
        assert!(!script.is_empty(), "{name} is empty");
        check(&root().join("completions").join(name), &script, &mut stale);
    }
    report(&stale);
}

#[test]
fn man_pages_are_fresh() {
    let scratch = Scratch::new("man");
    man_pages(scratch.path()).unwrap();
    let mut generated: Vec<_> = fs::read_dir(scratch.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    generated.sort();
    assert!(generated.contains(&"callhook-decode.1".to_owned()), "{generated:?}");
    assert!(generated.contains(&"callhook-fields.1".to_owned()), "{generated:?}");
    let mut stale = Vec::new();
    for name in &generated {
        let page = fs::read(scratch.path().join(name)).unwrap();
        check(&root().join("man").join(name), &page, &mut stale);
    }
    if !overwrite() {
        for entry in fs::read_dir(root().join("man")).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if !generated.contains(&name) {
                stale.push(format!("man/{name} (no longer generated: delete it)"));
            }
        }
    }
    report(&stale);
}
