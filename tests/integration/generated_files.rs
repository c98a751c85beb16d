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

/// Completions offer no hidden command or option, and rule ids after `--explain`
/// (not file names).
#[test]
fn completions_hide_hidden_commands_and_complete_rule_ids() {
    for shell in SHELLS {
        let (name, script) = completion(shell);
        let script = String::from_utf8(script).unwrap();
        assert!(!script.contains("generate"), "{name} offers the hidden `generate`");
        assert!(!script.contains("test-panic"), "{name} offers a hidden option");
    }
    let (_, bash) = completion(clap_complete::Shell::Bash);
    let bash = String::from_utf8(bash).unwrap();
    let explain = bash
        .split("--explain)")
        .nth(1)
        .and_then(|rest| rest.lines().nth(1))
        .unwrap_or_default()
        .to_owned();
    for rule in callhook::validate::Rule::ALL {
        assert!(
            explain.contains(rule.as_str()),
            "--explain does not complete {}: {explain}",
            rule.as_str()
        );
    }
    assert!(!explain.contains("compgen -f"), "{explain}");
}

/// Every page has an EXIT STATUS section and `callhook VERSION` in its footer; the
/// pages of decode, timeline and validate list every finding, anomaly and rule.
#[test]
fn man_pages_list_exit_status_and_every_id() {
    let scratch = Scratch::new("man-sections");
    man_pages(scratch.path()).unwrap();
    let page = |name: &str| fs::read_to_string(scratch.path().join(name)).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    for name in [
        "decode", "timeline", "validate", "migrate", "fields", "listen", "send", "browse",
    ] {
        let text = page(&format!("callhook-{name}.1"));
        assert!(
            text.contains(&format!(
                ".TH callhook-{name} 1  \"callhook {version}\" \"callhook manual\""
            )),
            "{name}: {}",
            text.lines().find(|l| l.starts_with(".TH")).unwrap_or_default()
        );
        assert!(text.contains(".SH \"EXIT STATUS\""), "{name} has no EXIT STATUS");
    }
    let id = |text: &str, id: &str| text.contains(&format!("\\fB{}\\fR", id.replace('-', "\\-")));
    let decode = page("callhook-decode.1");
    for f in callhook::findings::FindingId::ALL {
        assert!(id(&decode, f.as_str()), "decode's page lacks {}", f.as_str());
    }
    let timeline = page("callhook-timeline.1");
    for a in callhook::timeline::anomaly::AnomalyId::ALL {
        assert!(id(&timeline, a.as_str()), "timeline's page lacks {}", a.as_str());
    }
    let validate = page("callhook-validate.1");
    for r in callhook::validate::Rule::ALL {
        assert!(id(&validate, r.as_str()), "validate's page lacks {}", r.as_str());
    }
}
