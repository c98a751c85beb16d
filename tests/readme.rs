//! The README's `$ callhook ...` examples run as tests (trycmd), and its tables of
//! findings stay in step with the code. `TRYCMD=overwrite cargo test --test readme`
//! refreshes the outputs shown.

#![allow(clippy::unwrap_used, reason = "in a test, a failed unwrap is a failed test")]

use callhook::findings::FindingId;
use callhook::timeline::anomaly::AnomalyId;
use callhook::validate::Rule;

#[test]
fn readme_examples() {
    trycmd::TestCases::new()
        .env("COLUMNS", "200")
        .case("README.md")
        .case("tests/cmd/*.md");
}

#[test]
fn readme_lists_every_finding_with_its_explanation() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for id in FindingId::ALL {
        let row = format!("| `{}` | {} | {} |", id.as_str(), id.severity().as_str(), id.explain());
        assert!(readme.contains(&row), "README lacks the row:\n{row}");
    }
}

#[test]
fn readme_lists_every_anomaly_with_its_explanation() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for id in AnomalyId::ALL {
        let row = format!("| `{}` | {} |", id.as_str(), id.explain());
        assert!(readme.contains(&row), "README lacks the row:\n{row}");
    }
}

#[test]
fn readme_lists_every_validate_rule_with_its_explanation() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for rule in Rule::ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            rule.as_str(),
            rule.severity().as_str(),
            rule.explain()
        );
        assert!(readme.contains(&row), "README lacks the row:\n{row}");
    }
}
