//! Property tests: a call log written as a form body, a GET URL, a curl command line
//! and a raw HTTP request decodes back to the same fields; and no parser panics on
//! arbitrary bytes. The encoders here are the test's own, not callhook's.

use std::sync::Arc;

use callhook::decode::decode_record;
use callhook::fuzzing::TARGETS;
use callhook::input::{InputFormat, RawRecord, Source};
use chrono::FixedOffset;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// Percent-encodes every byte but letters and digits.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Quotes for bash's `$'...'`.
fn ansi_c(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\'', "\\'")
}

fn decode(format: InputFormat, text: &str) -> callhook::decode::DecodedRecord {
    let raw = RawRecord {
        source: Source {
            file: Arc::from("property"),
            line: 1,
        },
        format,
        text: text.as_bytes().to_vec(),
    };
    let mut records = decode_record(&raw, FixedOffset::east_opt(0).unwrap());
    assert_eq!(records.len(), 1);
    records
        .remove(0)
        .unwrap_or_else(|e| panic!("{format:?} failed: {} in {text:?}", e.message))
}

fn fields_of(record: &callhook::decode::DecodedRecord) -> Vec<(String, String)> {
    record
        .payload
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .map(|row| (row.path().to_owned(), row.value.as_str().unwrap().to_owned()))
        .collect()
}

/// In-Call keys and arbitrary text values, quotes, `+`, `&`, `%` and non-ASCII included.
fn call_log() -> impl Strategy<Value = Vec<(String, String)>> {
    let keys = prop::sample::subsequence(
        vec![
            "uid",
            "clid_raw",
            "clid",
            "call_state",
            "client_ref_id",
            "created",
            "company_id",
            "rdnis",
        ],
        1..8,
    );
    keys.prop_flat_map(|keys| {
        let n = keys.len();
        (Just(keys), prop::collection::vec("[ -~é✓+&%=\"'\\\\]{0,24}", n))
    })
    .prop_map(|(keys, values)| keys.into_iter().map(str::to_owned).zip(values).collect())
}

proptest! {
    // Past failures replay from `properties.proptest-regressions` beside this file.
    // Named outright: proptest's default looks for the nearest `main.rs` and would
    // read `tests/proptest-regressions/properties.txt` instead.
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::with_cases(200)
    })]

    #[test]
    fn a_call_log_survives_every_capture_format(log in call_log()) {
        let json = serde_json::to_string(&serde_json::Value::Object(
            log.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect(),
        )).unwrap();
        let body = format!("myoperator={}", encode(&json));

        prop_assert_eq!(fields_of(&decode(InputFormat::Form, &body)), log.clone());

        let http = format!(
            "POST /webhook.php HTTP/1.1\r\nHost: crm.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        prop_assert_eq!(fields_of(&decode(InputFormat::Http, &http)), log.clone());

        // As "Copy as cURL" writes it: the body as sent, percent-encoded.
        let curl = format!("curl 'https://crm.example.com/webhook.php' \\\n  --data-raw $'{}'", ansi_c(&body));
        let decoded = decode(InputFormat::Curl, &curl);
        prop_assert_eq!(fields_of(&decoded), log.clone());
        // And with the JSON unencoded, where form decoding leaves it as it is: quotes,
        // backslashes and non-ASCII through `$'...'`.
        if !json.contains(['&', '+', '%']) {
            let raw = format!("curl https://crm.example.com/webhook.php --data-raw $'{}'", ansi_c(&format!("myoperator={json}")));
            prop_assert_eq!(fields_of(&decode(InputFormat::Curl, &raw)), log.clone());
        }

        let query: Vec<String> = log.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        let url = format!("https://crm.example.com/webhook.php?{}", query.join("&"));
        let decoded = decode(InputFormat::Url, &url);
        let params: Vec<(String, String)> = decoded
            .request
            .unwrap()
            .query
            .into_iter()
            .map(|p| (p.name, p.value))
            .collect();
        prop_assert_eq!(params, log);
    }

    #[test]
    fn no_parser_panics_on_arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..1024)) {
        for (_, target) in TARGETS {
            target(&data);
        }
    }

    #[test]
    fn no_parser_panics_on_near_valid_text(
        head in prop::sample::select(vec!["POST / HTTP/1.1\r\n", "curl ", "{\"uid\":", "/h?", "myoperator=", "1.2.3.4 - - [", "{\"log\":{\"entries\":[", "{\"version\": 2, \"url\": \"https://a.example/", "{\"target_url\": \"https://a.example/h\", \"method\": \"GET\", \"log_criteria\": \"call_logs\", \"headers\": [\""]),
        rest in "[ -~\r\n\t\\\\'\"$%{}\\[\\]]{0,300}",
    ) {
        let data = format!("{head}{rest}");
        for (_, target) in TARGETS {
            target(data.as_bytes());
        }
    }
}
