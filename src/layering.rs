//! The layers the top-level modules sit in, and the tests that hold the code to them:
//! a module may use modules of its own layer and of the layers under it, never of a
//! layer above. Read from the sources themselves (`crate::...` paths), so a new
//! module or a new import is checked without anyone listing it; tests (after a
//! file's `#[cfg(test)]`) may reach anywhere.

#![cfg(test)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// From the bottom up. A module not listed here fails the test: place it.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "shared ground",
        &["stable_ids", "findings", "privacy", "terminal", "settings", "status"],
    ),
    ("vocabulary", &["vocabulary"]),
    ("input", &["input", "pipeline"]),
    ("decode", &["decode"]),
    ("timeline and validate", &["timeline", "validate"]),
    ("live", &["listen", "send", "http_client", "browse"]),
    ("render", &["render"]),
    ("commands", &["cli", "commands", "generate"]),
    ("entry points", &["fuzzing", "layering", "lib"]),
];

/// The layer of a top-level module, counted from the bottom.
fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The top-level module a file belongs to: `src/decode/walk.rs` is `decode`.
fn module_of(file: &Path) -> String {
    let relative = file.strip_prefix(src()).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The code of a file before its tests, without its comments.
fn code_of(text: &str) -> String {
    text.lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names through `crate::` (or `$crate::` in a
/// macro), groups (`crate::{a::b, c}`) included.
fn modules_named(code: &str) -> BTreeSet<String> {
    let ident = |text: &str| -> String {
        text.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut named = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                let mut depth = 0;
                let mut start = 0;
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            named.insert(ident(group[start..].trim_start()));
                            break;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            named.insert(ident(group[start..].trim_start()));
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
            }
            None => {
                named.insert(ident(rest));
            }
        }
    }
    named.remove("");
    named
}

/// Every module's imports against the layers: none from a layer above.
#[test]
fn no_module_imports_from_a_layer_above_it() {
    let mut wrong = BTreeSet::new();
    for file in sources(&src()) {
        let module = module_of(&file);
        // The binary uses the library by name; this file quotes paths as examples.
        if module == "main" || module == "layering" {
            continue;
        }
        let Some(layer) = layer_of(&module) else {
            wrong.insert(format!(
                "{module} (src/{module}) is in no layer: add it to LAYERS in src/layering.rs"
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for named in modules_named(&code_of(&text)) {
            // An item of the root (`crate::Status` through a `use` there) is in no
            // layer: name the module it is in.
            let shown = file.strip_prefix(src().parent().unwrap()).unwrap().display();
            match layer_of(&named) {
                Some(above) if above > layer => {
                    wrong.insert(format!(
                        "{shown} ({}) uses `crate::{named}` ({}), a layer above",
                        LAYERS[layer].0, LAYERS[above].0,
                    ));
                }
                Some(_) => {}
                None => {
                    wrong.insert(format!("{shown} uses `crate::{named}`, which is in no layer"));
                }
            }
        }
    }
    let wrong: Vec<String> = wrong.into_iter().collect();
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
}

/// The modules `lib.rs` declares.
fn declared_modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("pub(crate) mod "))
                .or_else(|| line.strip_prefix("mod "))?;
            Some(rest.trim_end_matches(';').to_owned())
        })
        .collect()
}

/// Every module is in a layer, and every module of the table exists.
#[test]
fn the_layers_list_every_module_and_only_them() {
    let mut listed: BTreeSet<String> = LAYERS
        .iter()
        .flat_map(|(_, modules)| modules.iter().map(|m| (*m).to_owned()))
        .collect();
    listed.remove("lib");
    assert_eq!(listed, declared_modules());
}

/// `lib.rs`'s header is the module map: it names every module it declares.
#[test]
fn the_module_map_names_every_module() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let header: String = lib
        .lines()
        .take_while(|line| line.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    let missing: Vec<String> = declared_modules()
        .into_iter()
        .filter(|m| !header.contains(&format!("`{m}`")))
        .collect();
    assert!(missing.is_empty(), "lib.rs's module map does not name {missing:?}");
}

#[test]
fn imports_are_read_from_paths_and_groups() {
    let code = "use crate::decode::walk::Walker;\nuse crate::{input::url::UrlParts, render::{a, b}};\n$crate::findings::Severity";
    let named: Vec<String> = modules_named(code).into_iter().collect();
    assert_eq!(named, ["decode", "findings", "input", "render"]);
    assert_eq!(
        code_of("use a;\n// crate::render\n#[cfg(test)]\nuse crate::x;"),
        "use a;"
    );
}
