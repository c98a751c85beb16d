//! `callhook fields`: a key, path, dropdown label or id explained; the nearest name
//! suggested for a typo; the whole dictionary as a table, JSON and CSV.

use predicates::prelude::*;
use serde_json::Value;

use crate::harness::callhook;

#[test]
fn fields_explains_keys_paths_labels_and_ids() {
    for (name, expected) in [
        ("_ld._rr._ct", "agent_number: agent's contact number"),
        ("Status of log", "status: overall call status"),
        ("call_state", "9   no user picked the call (no answer) (click to call)"),
        ("CALL_STATE", "There is no call state 8."),
        ("_pm.ui", "uid: call unique id"),
        ("_cm", "_cm: meaning not documented"),
    ] {
        callhook()
            .args(["fields", name])
            .assert()
            .success()
            .stdout(predicate::str::contains(expected));
    }
}

#[test]
fn fields_suggests_the_nearest_name_for_a_typo() {
    callhook()
        .args(["fields", "call_stat"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("error: no field is named `call_stat`"))
        .stderr(predicate::str::contains("did you mean `call_state`?"));
    callhook()
        .args(["fields", "qqqqqqqq"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean").not());
}

#[test]
fn fields_prints_the_whole_dictionary_as_table_json_and_csv() {
    let count = callhook::vocabulary::FIELDS.len();
    let out = callhook().args(["fields", "--format", "json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    let fields = doc["fields"].as_array().unwrap();
    assert_eq!(fields.len(), count);
    let state = fields.iter().find(|f| f["id"] == "call_state").unwrap();
    assert_eq!(state["codes"].as_array().unwrap().len(), 8);
    assert_eq!(state["dropdown"], "Call state");

    let out = callhook().args(["fields", "--format", "csv"]).output().unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("id,in_call,after_call,dropdown,type,provenance,meaning,example,note,disposition,v2,counterparts,counterpart_provenance,counterpart_note,codes\n"));
    // A coded field's codes with their labels, in one cell.
    let state_row = csv.lines().find(|l| l.starts_with("call_state,")).unwrap();
    assert!(
        state_row.ends_with(",1=incoming call on server; 2=call finished; 3=call initiated by user to customer; 4=first party no answer; 5=dialing users; 6=user answered; 7=client rejected the call; 9=no user picked the call (no answer)"),
        "{state_row}"
    );
    assert!(csv.contains("\nagent_number,,_ld[]._rr[]._ct _cn[]._ct,User's phone number,phone-number,documented,"));
    assert!(csv.contains(",payload.legs[].agent.contact payload.legs[].phone_number,inferred,"));
    assert_eq!(
        doc["events"].as_array().unwrap().len(),
        callhook::vocabulary::v2_events::V2_EVENTS.len()
    );

    let out = callhook().arg("fields").env("COLUMNS", "300").output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    for f in callhook::vocabulary::FIELDS {
        assert!(table.contains(&format!("│ {} ", f.id)), "{} missing", f.id);
    }
    for section in ["\nWebhook v2 paths\n", "\nWebhook v2 events\n"] {
        assert!(table.contains(section), "no section{section}");
    }
    for event in callhook::vocabulary::v2_events::V2_EVENTS {
        assert!(table.contains(&format!("│ {}", event.name)), "{} missing", event.name);
    }
}
