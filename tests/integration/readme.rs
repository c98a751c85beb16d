//! The README's `$ callhook ...` examples run as tests (trycmd), and its tables of
//! findings stay in step with the code.
//! `TRYCMD=overwrite cargo test --test integration readme` refreshes the outputs shown.

use callhook::findings::FindingId;
use callhook::timeline::anomaly::AnomalyId;
use callhook::validate::Rule;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_examples() {
    trycmd::TestCases::new()
        .env("COLUMNS", "200")
        .case("README.md")
        .case("tests/cmd/*.md");
}

#[test]
fn readme_lists_every_finding_with_its_explanation() {
    let readme = readme();
    for id in FindingId::ALL {
        let row = format!("| `{}` | {} | {} |", id.as_str(), id.severity().as_str(), id.explain());
        assert!(readme.contains(&row), "README lacks the row:\n{row}");
    }
}

#[test]
fn readme_lists_every_anomaly_with_its_explanation() {
    let readme = readme();
    for id in AnomalyId::ALL {
        let row = format!("| `{}` | {} |", id.as_str(), id.explain());
        assert!(readme.contains(&row), "README lacks the row:\n{row}");
    }
}

#[test]
fn readme_lists_every_validate_rule_with_its_explanation() {
    let readme = readme();
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
