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

/// `fields NAME CODE`: one code of a field, in every format; a code the field does
/// not have names those it has.
#[test]
fn a_code_after_the_name_is_explained_alone() {
    callhook()
        .args(["fields", "call_state", "9"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "9: a code of call_state (state of the call when this event was sent): no user picked the call (no answer)\n",
        ))
        .stdout(predicate::str::contains("v2 counterpart  event_type call.end (inferred)"))
        .stdout(predicate::str::contains("1   incoming call").not());
    let out = callhook()
        .args(["fields", "--format", "json", "call_state", "9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["codes"][0]["field"], "call_state");
    assert_eq!(doc["codes"][0]["value"], 9);
    assert_eq!(doc["codes"][0]["label"], "no user picked the call (no answer)");
    assert_eq!(doc["codes"][0]["v2"]["value"], "call.end");
    callhook()
        .args(["fields", "--format", "csv", "status", "2"])
        .assert()
        .success()
        .stdout("field,value,label,detail,v2\nstatus,2,missed,call was dialed but never picked by any of the agents,payload.status=missed\n");
    // A v2 field's code word, in any case.
    callhook()
        .args(["fields", "dial_status", "noanswer"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "NOANSWER: a code of payload.legs[].dial_status: no answer",
        ));
    callhook()
        .args(["fields", "call_state", "8"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: call_state has no code 8: there is no call state 8; codes are 1-7, 9\n",
        ));
    callhook()
        .args(["fields", "uid", "3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error: uid has no codes"));
    callhook()
        .args(["fields", "call.end", "3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a v2 event type, which has no codes"));
}

/// A bare number that names no field, but is a code: the fields that have it.
#[test]
fn a_code_alone_names_the_fields_that_have_it() {
    callhook().args(["fields", "9"]).assert().code(1).stderr(
        "error: no field is named `9`, but 9 is a code of call_state (no user picked the call (no answer))\n  \
             help: `callhook fields call_state 9` explains it\n",
    );
    callhook()
        .args(["fields", "2"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "2 is a code of call_state (call finished), event (outgoing), status (missed)",
        ));
    callhook()
        .args(["fields", "8"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no field is named `8`, and no field has a code 8",
        ));
}
