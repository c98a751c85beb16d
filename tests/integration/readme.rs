//! The `$ callhook ...` examples of the README and of `docs/` run as tests (trycmd),
//! and their tables of findings, anomalies and rules stay in step with the code.
//! `TRYCMD=overwrite cargo test --test integration readme` refreshes the outputs shown.

use callhook::findings::FindingId;
use callhook::timeline::anomaly::AnomalyId;
use callhook::validate::Rule;
use callhook::vocabulary::v2_events::V2_EVENTS;

/// The README and every page of `docs/`, one after another: a table may be in any.
fn readme() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .map(|dir| dir.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    docs.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "md"));
    docs.sort();
    pages.extend(docs);
    pages
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn readme_examples() {
    trycmd::TestCases::new()
        .env("COLUMNS", "200")
        .case("README.md")
        .case("docs/*.md")
        .case("tests/cmd/*.md");
}

#[test]
fn readme_lists_every_finding_with_its_explanation() {
    let readme = readme();
    for id in FindingId::ALL {
        let row = format!("| `{}` | {} | {} |", id.as_str(), id.severity().as_str(), id.explain());
        assert!(
            readme.contains(&row),
            "neither the README nor docs/ has the row:\n{row}"
        );
    }
}

#[test]
fn readme_lists_every_anomaly_with_its_explanation() {
    let readme = readme();
    for id in AnomalyId::ALL {
        let row = format!("| `{}` | {} |", id.as_str(), id.explain());
        assert!(
            readme.contains(&row),
            "neither the README nor docs/ has the row:\n{row}"
        );
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
        assert!(
            readme.contains(&row),
            "neither the README nor docs/ has the row:\n{row}"
        );
    }
}

#[test]
fn docs_list_every_v2_event_with_its_meaning() {
    let docs = readme();
    for event in V2_EVENTS {
        let row = format!("| `{}` | {} | {} |", event.name, event.channel.as_str(), event.meaning);
        assert!(docs.contains(&row), "neither the README nor docs/ has the row:\n{row}");
    }
}
