//! The documentation is checked like code: every `$ callhook ...` example in the README,
//! in `docs/*.md` and in `tests/cmd/*.md` runs (trycmd) and must print what is shown;
//! `docs/reference.md` lists every finding, anomaly and rule with the program's own
//! explanation, and some page every v2 event with its meaning; every relative link points at a file (and heading) that exists; the
//! README stays a front door.
//! `TRYCMD=overwrite cargo test --test integration docs` refreshes the outputs shown.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use callhook::findings::FindingId;
use callhook::timeline::anomaly::AnomalyId;
use callhook::validate::Rule;
use callhook::vocabulary::v2_events::V2_EVENTS;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Markdown files whose examples and links are checked, as paths from the root.
fn documents() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md", "CHANGELOG.md"]
        .into_iter()
        .map(PathBuf::from)
        .collect();
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| p.strip_prefix(root()).unwrap().to_path_buf())
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

#[test]
fn examples_print_what_they_show() {
    trycmd::TestCases::new()
        .env("COLUMNS", "200")
        .case("README.md")
        .case("docs/*.md")
        .case("tests/cmd/*.md");
}

fn reference() -> String {
    read(&root().join("docs/reference.md"))
}

#[test]
fn reference_lists_every_finding_with_its_explanation() {
    let reference = reference();
    for id in FindingId::ALL {
        let row = format!("| `{}` | {} | {} |", id.as_str(), id.severity().as_str(), id.explain());
        assert!(reference.contains(&row), "docs/reference.md lacks the row:\n{row}");
    }
}

#[test]
fn reference_lists_every_anomaly_with_its_explanation() {
    let reference = reference();
    for id in AnomalyId::ALL {
        let row = format!("| `{}` | {} |", id.as_str(), id.explain());
        assert!(reference.contains(&row), "docs/reference.md lacks the row:\n{row}");
    }
}

#[test]
fn reference_lists_every_validate_rule_with_its_explanation() {
    let reference = reference();
    for rule in Rule::ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            rule.as_str(),
            rule.severity().as_str(),
            rule.explain()
        );
        assert!(reference.contains(&row), "docs/reference.md lacks the row:\n{row}");
    }
}

#[test]
fn docs_list_every_v2_event_with_its_meaning() {
    let docs: String = documents().iter().map(|d| read(&root().join(d))).collect();
    for event in V2_EVENTS {
        let row = format!("| `{}` | {} | {} |", event.name, event.channel.as_str(), event.meaning);
        assert!(docs.contains(&row), "no page of the documentation has the row:\n{row}");
    }
}

/// The lines of a Markdown text outside fenced code blocks, inline code removed.
fn prose(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            let mut kept = String::new();
            for (i, part) in line.split('`').enumerate() {
                if i % 2 == 0 {
                    kept.push_str(part);
                }
            }
            lines.push(kept);
        }
    }
    lines
}

/// The targets of the inline links `[text](target)` of a Markdown text.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for line in prose(text) {
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let end = rest.find(')').unwrap_or(rest.len());
            targets.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    targets
}

/// The anchors GitHub gives a Markdown text's headings: lower case, punctuation
/// dropped, spaces as hyphens, a repeated one numbered.
fn anchors(text: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced || !line.starts_with('#') {
            continue;
        }
        let heading = line.trim_start_matches('#').trim();
        let slug: String = heading
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut anchor = slug.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{slug}-{n}");
        }
        seen.insert(anchor);
    }
    seen
}

#[test]
fn anchors_are_made_as_github_makes_them() {
    let text = "# `callhook decode`: what did MyOperator send?\n```sh\n# not a heading\n```\n## Colour\n## Colour\n";
    let got = anchors(text);
    let want: HashSet<String> = ["callhook-decode-what-did-myoperator-send", "colour", "colour-1"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        link_targets("see [a](docs/a.md#x) and `[b](not/a/link.md)`, [c](https://x.y/)\n```\n[d](e.md)\n```"),
        ["docs/a.md#x", "https://x.y/"]
    );
}

#[test]
fn relative_links_point_at_files_and_headings_that_exist() {
    let mut broken = Vec::new();
    for doc in documents() {
        let text = read(&root().join(&doc));
        let dir = doc.parent().unwrap_or(Path::new(""));
        for target in link_targets(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let file = if path.is_empty() { doc.clone() } else { dir.join(path) };
            let on_disk = root().join(&file);
            if !on_disk.exists() {
                broken.push(format!("{}: {target}: no file {}", doc.display(), file.display()));
            } else if !anchor.is_empty() && !anchors(&read(&on_disk)).contains(anchor) {
                broken.push(format!(
                    "{}: {target}: no heading #{anchor} in {}",
                    doc.display(),
                    file.display()
                ));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_is_a_front_door() {
    let readme = read(&root().join("README.md"));
    assert!(
        readme.len() < 20_000,
        "README.md is {} bytes: keep it under 20 KB and move the detail to docs/",
        readme.len()
    );
    let linked: HashSet<String> = link_targets(&readme)
        .into_iter()
        .map(|t| t.split('#').next().unwrap_or_default().to_string())
        .collect();
    for doc in documents().into_iter().filter(|d| d.starts_with("docs")) {
        let name = doc.to_string_lossy().into_owned();
        assert!(linked.contains(&name), "README.md does not link to {name}");
    }
}
