//! `decode --config`: a captured request read through a webhook configuration. Query
//! parameters are named by their mapped field, and the request is checked against
//! what was configured: method, headers, credentials, every mapped parameter, and
//! each mapped value against the same field in the POST body.

use chrono::FixedOffset;
use serde_json::Value;

use super::Webhook;
use crate::decode::interpret::{integer, interpret, parse_date_time_utc, phone_key};
use crate::decode::{DecodedRecord, Payload, Request};
use crate::findings::{Finding, FindingId};
use crate::input::InputFormat;
use crate::input::url::UrlParts;
use crate::vocabulary::{Field, ValueType};

/// Applies the configuration to one decoded record.
pub fn check_against(record: &mut DecodedRecord, webhooks: &[Webhook], tz: FixedOffset) {
    let format = record.format;
    let Some(request) = record.request.as_mut() else {
        return;
    };
    let Some(webhook) = pick(webhooks, request) else {
        record.findings.push(Finding::new(
            FindingId::ConfigNoMatch,
            None,
            format!(
                "no configured webhook has this request's path ({}); it was not checked",
                path_of(request.url.as_deref().unwrap_or_default())
            ),
        ));
        return;
    };
    let findings = &mut record.findings;
    let carries_headers = matches!(
        format,
        InputFormat::Http | InputFormat::Curl | InputFormat::Har | InputFormat::ListenLog
    );
    let carries_query = carries_headers || matches!(format, InputFormat::Url | InputFormat::AccessLog);
    // A header the configuration declares is a secret, whatever its name.
    for h in &mut request.headers {
        if webhook.headers.iter().any(|c| c.name.eq_ignore_ascii_case(&h.name)) {
            h.secret = true;
        }
    }
    if carries_headers || format == InputFormat::AccessLog {
        check_method(request, webhook, findings);
    }
    if carries_headers {
        check_headers(request, webhook, findings);
        check_credentials(request, webhook, findings);
    }
    if !carries_query {
        return;
    }
    name_parameters(request, webhook, tz, findings);
    if let Some(payload) = &record.payload {
        check_values(request, payload, findings);
    }
}

fn check_method(request: &Request, webhook: &Webhook, findings: &mut Vec<Finding>) {
    if let (Some(expected), Some(got)) = (&webhook.method, &request.method)
        && !expected.eq_ignore_ascii_case(got)
    {
        findings.push(Finding::new(
            FindingId::ConfigMethodMismatch,
            None,
            format!("the request is {got}, but the webhook is configured as {expected}"),
        ));
    }
}

/// Every configured header is in the request, with its configured value.
fn check_headers(request: &Request, webhook: &Webhook, findings: &mut Vec<Finding>) {
    for configured in &webhook.headers {
        match request
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(&configured.name))
        {
            None => findings.push(Finding::new(
                FindingId::ConfigHeaderMissing,
                Some(&configured.name),
                format!("the configured header `{}` is not in the request", configured.name),
            )),
            Some(h) if h.value != configured.value => findings.push(Finding::new(
                FindingId::ConfigHeaderMismatch,
                Some(&configured.name),
                format!(
                    "`{}` arrived with another value than the configured one",
                    configured.name
                ),
            )),
            Some(_) => {}
        }
    }
}

/// The request's Basic credentials are the configured ones.
fn check_credentials(request: &Request, webhook: &Webhook, findings: &mut Vec<Finding>) {
    let Some((username, password)) = &webhook.credentials else {
        return;
    };
    match &request.credentials {
        None => findings.push(Finding::new(
            FindingId::ConfigCredentialsMissing,
            None,
            "credentials are configured, but the request has no Basic Authorization".into(),
        )),
        Some(c) if &c.username != username || c.password.as_deref() != Some(password.as_str()) => {
            let which = if &c.username == username {
                "password"
            } else {
                "username"
            };
            findings.push(Finding::new(
                FindingId::ConfigCredentialsMismatch,
                None,
                format!("the request's Basic {which} is not the configured one"),
            ));
        }
        Some(_) => {}
    }
}

/// Names each query parameter by its configured field (instead of by its name), and
/// reports parameters the configuration does not have, custom values that differ,
/// and configured parameters the request lacks.
fn name_parameters(request: &mut Request, webhook: &Webhook, tz: FixedOffset, findings: &mut Vec<Finding>) {
    for p in &mut request.query {
        p.inferred = false;
        let Some(configured) = webhook.query_params.iter().find(|c| c.name == p.name) else {
            p.field = None;
            p.display = None;
            findings.push(Finding::new(
                FindingId::ConfigParamUnexpected,
                Some(&p.name),
                format!("`{}` is not a parameter of the configured webhook", p.name),
            ));
            continue;
        };
        p.field = configured.field;
        p.display = configured
            .field
            .and_then(|f| interpret(f, &Value::String(p.value.clone()), tz).display);
        if configured.field.is_some_and(|f| f.id == "custom")
            && let Some(expected) = &configured.value
            && expected != &p.value
        {
            findings.push(Finding::new(
                FindingId::ConfigCustomMismatch,
                Some(&p.name),
                // A message names a secret parameter, never its values.
                if p.secret {
                    format!("`{}` arrived with another value than the configured one", p.name)
                } else {
                    format!(
                        "`{}` is configured as {expected:?} but arrived as {:?}",
                        p.name, p.value
                    )
                },
            ));
        }
    }
    for configured in &webhook.query_params {
        if !request.query.iter().any(|p| p.name == configured.name) {
            findings.push(Finding::new(
                FindingId::ConfigParamMissing,
                Some(&configured.name),
                format!("the configured parameter `{}` is not in the request", configured.name),
            ));
        }
    }
}

/// Each mapped query value says what the same field of the POST body says.
fn check_values(request: &Request, payload: &Payload, findings: &mut Vec<Finding>) {
    for p in &request.query {
        let Some(field) = p.field.filter(|f| f.id != "custom") else {
            continue;
        };
        let body = payload
            .fields
            .iter()
            .filter_map(|row| row.field.map(|f| (f, &row.value)))
            .find(|(f, _)| f.id == field.id || field.same_as.contains(&f.id));
        if let Some((body_field, body_value)) = body
            && !same_value(field, &p.value, body_field, body_value)
        {
            findings.push(Finding::new(
                FindingId::ConfigValueMismatch,
                Some(&p.name),
                format!(
                    "`{}` is {:?}, but the body's `{}` is {}",
                    p.name, p.value, body_field.id, body_value
                ),
            ));
        }
    }
}

/// The webhook a request was sent by: the only one, or the one whose target path
/// is the request's.
fn pick<'w>(webhooks: &'w [Webhook], request: &Request) -> Option<&'w Webhook> {
    if let [only] = webhooks {
        return Some(only);
    }
    let path = path_of(request.url.as_deref()?);
    let mut candidates = webhooks
        .iter()
        .filter(|w| w.target_url.as_deref().is_some_and(|u| path_of(u) == path));
    let first = candidates.next()?;
    Some(
        std::iter::once(first)
            .chain(candidates)
            .find(|w| w.method.as_deref() == request.method.as_deref())
            .unwrap_or(first),
    )
}

/// `/webhook.php` of `https://host/webhook.php?a=b` or `/webhook.php?a=b`.
fn path_of(url: &str) -> &str {
    UrlParts::split(url).path()
}

/// Whether a query value and a body value say the same, each read by its type.
fn same_value(field: &Field, query: &str, body_field: &Field, body: &Value) -> bool {
    let body_text = match body {
        Value::String(s) => s.trim().to_owned(),
        Value::Null => return true,
        other => other.to_string(),
    };
    let query = query.trim();
    match (field.value_type, body_field.value_type) {
        (ValueType::PhoneNumber, ValueType::PhoneNumber) => phone_key(query) == phone_key(&body_text),
        (ValueType::DateTime, _) | (_, ValueType::DateTime) => {
            match (parse_date_time_utc(query), parse_date_time_utc(&body_text)) {
                (Some(a), Some(b)) => a == b,
                _ => query == body_text,
            }
        }
        (ValueType::Code(_), _) => integer(&Value::String(query.to_owned())) == integer(body),
        _ => query == body_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(path_of("https://crm.example.com/webhook.php?a=1"), "/webhook.php");
        assert_eq!(path_of("/webhook.php?a=1"), "/webhook.php");
        assert_eq!(path_of("https://crm.example.com"), "");
    }
}
