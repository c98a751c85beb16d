//! The webhook configuration model, read from the panel-shaped JSON with a position
//! for every value, and every rule checked in one pass.
//!
//! `check` is the one reader: `validate` renders its diagnostics, and `decode
//! --config` uses the webhooks it returns.

use std::fs;
use std::io::{self, Read};
use std::net::IpAddr;
use std::ops::Range;
use std::path::Path;

use jsonc_parser::ast::{Array, Object, ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::rules::Rule;
use crate::input::json_depth::JsonDepth;
use crate::input::json_kind::described as kind;
use crate::input::url::UrlParts;
use crate::privacy::{exposed_secrets, is_secret_name};
use crate::vocabulary::Field;
use crate::vocabulary::lookup::{nearest, resolve, suggest};

/// JSON nested deeper than this is refused before parsing, so that no input can
/// exhaust the stack. A webhook configuration needs four levels.
pub const MAX_DEPTH: usize = 64;

/// One problem, with the byte span it concerns and the JSON pointer of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub message: String,
    pub help: Option<String>,
    pub span: Range<usize>,
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigHeader {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigParam {
    pub name: String,
    pub field: Option<&'static Field>,
    pub value: Option<String>,
}

/// One webhook as configured; what could not be read is left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Webhook {
    pub target_url: Option<String>,
    pub method: Option<String>,
    pub headers: Vec<ConfigHeader>,
    pub credentials: Option<(String, String)>,
    pub log_criteria: Option<String>,
    pub query_params: Vec<ConfigParam>,
}

/// What checking a configuration found.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub webhooks: Vec<Webhook>,
    pub diagnostics: Vec<Diagnostic>,
    /// Byte spans of secret values (passwords, header values), masked wherever the
    /// source is quoted.
    pub secrets: Vec<Range<usize>>,
}

const WEBHOOK_KEYS: &[&str] = &[
    "target_url",
    "method",
    "headers",
    "credentials",
    "log_criteria",
    "query_params",
];
const PARAM_KEYS: &[&str] = &["name", "field", "value"];
const LOG_CRITERIA: &[&str] = &["call_logs", "mobile_logs", "call logs", "mobile logs"];
const RESERVED_HEADERS: &[&str] = &["host", "content-type", "content-length"];

/// A configuration's name as messages give it and its text, read from `path` (`-`
/// is standard input), or what went wrong reading it. Bytes that are not UTF-8 are
/// replaced, and [`check`] reports them.
pub fn read_config(path: &Path) -> Result<(String, String), String> {
    let name = if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map(|_| ())
    };
    read.map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok((name, String::from_utf8_lossy(&bytes).into_owned()))
}

/// Checks a configuration file's text; every problem is found in one pass. Text read
/// with bytes that are not UTF-8 (replaced by U+FFFD) is invalid JSON.
pub fn check(text: &str) -> Checked {
    let mut checker = Checker {
        text,
        out: Checked::default(),
    };
    if let Some(at) = text.find('\u{FFFD}') {
        checker.report(
            Rule::InvalidJson,
            at..at + '\u{FFFD}'.len_utf8(),
            "",
            "the file is not UTF-8 text".into(),
            Some("save the configuration as UTF-8".into()),
        );
        return checker.out;
    }
    if let Some((offset, depth)) = too_deep(text) {
        checker.report(
            Rule::InvalidJson,
            offset..offset + 1,
            "",
            format!("JSON nested {depth} levels deep; a webhook configuration needs 4"),
            None,
        );
        return checker.out;
    }
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    match parse_to_ast(text, &CollectOptions::default(), &strict) {
        Err(e) => {
            let range = e.range();
            let end = range.end.max(range.start + 1).min(text.len().max(range.start + 1));
            checker.report(
                Rule::InvalidJson,
                range.start..end,
                "",
                format!("invalid JSON: {}", e.kind()),
                Some("the panel takes strict JSON: no comments, no trailing commas, double quotes only".into()),
            );
        }
        Ok(parsed) => match parsed.value {
            None => checker.report(
                Rule::InvalidJson,
                0..text.len().min(1),
                "",
                "the file is empty: expected a webhook object".into(),
                None,
            ),
            Some(Value::Object(object)) => {
                let webhook = checker.webhook(&object, "");
                checker.out.webhooks.push(webhook);
            }
            Some(Value::Array(array)) => checker.webhooks(&array),
            Some(other) => checker.report(
                Rule::RootType,
                span(&other),
                "",
                format!("expected a webhook object or an array of them, found {}", kind(&other)),
                None,
            ),
        },
    }
    checker.out.diagnostics.sort_by_key(|d| d.span.start);
    checker.out
}

/// The first place where brackets nest deeper than [`MAX_DEPTH`], outside strings,
/// and how deep they are there.
fn too_deep(text: &str) -> Option<(usize, i64)> {
    let mut depth = JsonDepth::default();
    let at = depth.feed_until_deeper_than(text.as_bytes(), MAX_DEPTH)?;
    Some((at, depth.depth()))
}

fn span(value: &Value<'_>) -> Range<usize> {
    let r = value.range();
    r.start..r.end
}

/// `/0/headers/1`, with `~` and `/` escaped as RFC 6901 says.
fn pointer(base: &str, key: &str) -> String {
    format!("{base}/{}", key.replace('~', "~0").replace('/', "~1"))
}

struct Checker<'t> {
    text: &'t str,
    out: Checked,
}

impl Checker<'_> {
    fn report(&mut self, rule: Rule, span: Range<usize>, pointer: &str, message: String, help: Option<String>) {
        self.out.diagnostics.push(Diagnostic {
            rule,
            message,
            help,
            span,
            pointer: pointer.to_owned(),
        });
    }

    fn wrong_type(&mut self, value: &Value<'_>, at: &str, what: &str, expected: &str) {
        self.report(
            Rule::WrongType,
            span(value),
            at,
            format!("`{what}` must be {expected}, found {}", kind(value)),
            None,
        );
    }

    /// The span of the text inside a string literal from `from` to `to` (byte
    /// offsets into its value), when the source spells the value without escapes;
    /// else the whole literal.
    fn inside(&self, literal: Range<usize>, value: &str, from: usize, to: usize) -> Range<usize> {
        let inner = literal.start + 1..literal.end.saturating_sub(1);
        if self.text.get(inner.clone()) == Some(value) {
            inner.start + from..inner.start + to
        } else {
            literal
        }
    }

    fn webhooks(&mut self, array: &Array<'_>) {
        if array.elements.is_empty() {
            let r = array.range;
            self.report(
                Rule::NoWebhooks,
                r.start..r.end,
                "",
                "the array holds no webhook".into(),
                Some("add a webhook object, or one per log criteria".into()),
            );
        }
        for (i, element) in array.elements.iter().enumerate() {
            let at = format!("/{i}");
            match element {
                Value::Object(object) => {
                    let webhook = self.webhook(object, &at);
                    self.out.webhooks.push(webhook);
                }
                other => self.report(
                    Rule::RootType,
                    span(other),
                    &at,
                    format!("expected a webhook object, found {}", kind(other)),
                    None,
                ),
            }
        }
    }

    /// The properties of an object by key, reporting unknown and duplicate keys.
    fn properties<'o, 'a>(&mut self, object: &'o Object<'a>, at: &str, known: &[&str]) -> Vec<(String, &'o Value<'a>)> {
        let mut seen: Vec<String> = Vec::new();
        let mut props = Vec::new();
        for prop in &object.properties {
            let name = prop.name.as_str().to_owned();
            let key_span = match &prop.name {
                ObjectPropName::String(lit) => lit.range.start..lit.range.end,
                ObjectPropName::Word(lit) => lit.range.start..lit.range.end,
            };
            if !known.contains(&name.as_str()) {
                let near = nearest(&name, known.iter().copied(), 0.8);
                self.report(
                    Rule::UnknownKey,
                    key_span,
                    &pointer(at, &name),
                    format!("unknown key `{name}`"),
                    Some(match near {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => format!("the keys are {}", known.join(", ")),
                    }),
                );
                continue;
            }
            if seen.contains(&name) {
                self.report(
                    Rule::DuplicateKey,
                    key_span,
                    &pointer(at, &name),
                    format!("`{name}` is given twice in one object"),
                    Some("keep one: JSON readers silently drop the other".into()),
                );
                props.retain(|(k, _): &(String, &Value<'_>)| *k != name);
            }
            seen.push(name.clone());
            props.push((name, &prop.value));
        }
        props
    }

    fn webhook(&mut self, object: &Object<'_>, at: &str) -> Webhook {
        let props = self.properties(object, at, WEBHOOK_KEYS);
        let get = |key: &str| props.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
        let opening = object.range.start..object.range.start + 1;
        for key in ["target_url", "method", "log_criteria"] {
            if get(key).is_none() {
                self.report(
                    Rule::MissingKey,
                    opening.clone(),
                    at,
                    format!("this webhook has no `{key}`"),
                    Some(match key {
                        "target_url" => "add `\"target_url\": \"https://your-server/webhook\"`".into(),
                        "method" => "add `\"method\": \"POST\"` (POST also carries the whole call log)".into(),
                        _ => "add `\"log_criteria\": \"call_logs\"` (or `mobile_logs`)".into(),
                    }),
                );
            }
        }
        let mut webhook = Webhook::default();
        let mut url_params: Vec<String> = Vec::new();
        let mut url_span = None;
        if let Some(value) = get("target_url") {
            let here = pointer(at, "target_url");
            match value {
                Value::StringLit(lit) => {
                    let r = lit.range.start..lit.range.end;
                    url_params = self.target_url(&lit.value, r.clone(), &here);
                    url_span = Some(r);
                    webhook.target_url = Some(lit.value.to_string());
                }
                other => self.wrong_type(other, &here, "target_url", "a string"),
            }
        }
        let mut method_span = None;
        if let Some(value) = get("method") {
            let here = pointer(at, "method");
            match value {
                Value::StringLit(lit) => {
                    let r = lit.range.start..lit.range.end;
                    method_span = Some(r.clone());
                    let method = lit.value.to_string();
                    if method != "GET" && method != "POST" {
                        let upper = method.to_ascii_uppercase();
                        let help = if upper == "GET" || upper == "POST" {
                            format!("write it as `{upper}`")
                        } else {
                            "use `POST` (the whole call log in the body) or `GET` (query parameters only)".into()
                        };
                        self.report(
                            Rule::MethodInvalid,
                            r,
                            &here,
                            format!("method `{method}` is not GET or POST"),
                            Some(help),
                        );
                    }
                    webhook.method = Some(method.to_ascii_uppercase());
                }
                other => self.wrong_type(other, &here, "method", "a string"),
            }
        }
        let credentials = get("credentials").and_then(|value| self.credentials(value, &pointer(at, "credentials")));
        webhook.credentials = credentials;
        if let Some(value) = get("headers") {
            webhook.headers = self.headers(value, &pointer(at, "headers"), webhook.credentials.is_some());
        }
        if let Some(value) = get("log_criteria") {
            let here = pointer(at, "log_criteria");
            match value {
                Value::StringLit(lit) => {
                    let text = lit.value.to_string();
                    if LOG_CRITERIA.iter().any(|c| c.eq_ignore_ascii_case(&text)) {
                        webhook.log_criteria = Some(text.to_ascii_lowercase().replace(' ', "_"));
                    } else {
                        let near = nearest(&text, LOG_CRITERIA[..2].iter().copied(), 0.7);
                        self.report(
                            Rule::LogCriteriaInvalid,
                            lit.range.start..lit.range.end,
                            &here,
                            format!("log criteria `{text}` is not `call_logs` or `mobile_logs`"),
                            Some(match near {
                                Some(c) => format!("did you mean `{c}`?"),
                                None => "use `call_logs` or `mobile_logs`; for both, configure two webhooks".into(),
                            }),
                        );
                    }
                }
                other => self.wrong_type(other, &here, "log_criteria", "a string"),
            }
        }
        if let Some(value) = get("query_params") {
            webhook.query_params = self.params(value, &pointer(at, "query_params"), &url_params);
        }
        if webhook.method.as_deref() == Some("GET")
            && webhook.query_params.is_empty()
            && let Some(r) = method_span
        {
            self.report(
                Rule::GetWithoutParams,
                r,
                &pointer(at, "method"),
                "a GET webhook with no query parameters carries no data".into(),
                Some("map fields in `query_params`, or use `POST` to receive the whole call log".into()),
            );
        }
        let plain_http = webhook
            .target_url
            .as_deref()
            .is_some_and(|u| UrlParts::split(u).is_plain_http());
        if plain_http
            && let Some(r) = url_span
            && let Some(what) = exposed_secrets(
                webhook.credentials.is_some(),
                webhook.headers.iter().map(|h| h.name.as_str()),
            )
        {
            self.report(
                Rule::SecretOverHttp,
                r,
                &pointer(at, "target_url"),
                format!("{what} would be sent over plain http"),
                Some("use an https:// target URL".into()),
            );
        }
        webhook
    }

    /// Checks the URL; returns the names of its own query parameters.
    fn target_url(&mut self, url: &str, r: Range<usize>, at: &str) -> Vec<String> {
        let parts = UrlParts::split(url);
        if parts.http_scheme_len().is_none() {
            self.report(
                Rule::TargetUrlInvalid,
                r,
                at,
                format!("`{url}` is not an absolute http:// or https:// URL"),
                Some("write the whole URL, such as `https://crm.example.com/webhook.php`".into()),
            );
            return Vec::new();
        }
        let authority = parts.authority_range();
        if let Some((userinfo, userinfo_at)) = parts.userinfo() {
            let span = self.inside(r.clone(), url, userinfo_at.start, userinfo_at.end + 1);
            self.report(
                Rule::TargetUrlCredentials,
                span,
                at,
                "the target URL carries credentials".into(),
                Some("remove `user:password@` and set `credentials` instead".into()),
            );
            if let Some(colon) = userinfo.find(':') {
                let secret = self.inside(r.clone(), url, userinfo_at.start + colon + 1, userinfo_at.end);
                self.out.secrets.push(secret);
            }
        }
        let host = parts.host();
        let host_span = self.inside(r.clone(), url, authority.end - parts.host_port().len(), authority.end);
        if host.is_empty() || host.contains(|c: char| c.is_whitespace()) {
            self.report(
                Rule::TargetUrlInvalid,
                r.clone(),
                at,
                format!("`{url}` has no valid host"),
                Some("write the whole URL, such as `https://crm.example.com/webhook.php`".into()),
            );
        } else if let Some(why) = unreachable(host) {
            self.report(
                Rule::TargetUrlUnreachable,
                host_span,
                at,
                format!("`{host}` is {why}, which MyOperator's servers cannot reach"),
                Some("use a public host name; to test locally, expose it with a tunnel".into()),
            );
        }
        if let Some((_, hash)) = parts.fragment() {
            let fragment = self.inside(r.clone(), url, hash, url.len());
            self.report(
                Rule::TargetUrlFragment,
                fragment,
                at,
                "the target URL has a `#fragment`, which is never sent to the server".into(),
                Some("remove it, or move what it carries into a query parameter".into()),
            );
        }
        parts
            .query()
            .into_iter()
            .flat_map(|(q, _)| q.split('&'))
            .filter(|p| !p.is_empty())
            .map(|p| p.split('=').next().unwrap_or_default().to_owned())
            .collect()
    }

    fn credentials(&mut self, value: &Value<'_>, at: &str) -> Option<(String, String)> {
        let expected = "`{\"username\": \"...\", \"password\": \"...\"}`";
        let Value::Object(object) = value else {
            if !matches!(value, Value::NullKeyword(_)) {
                self.report(
                    Rule::CredentialsInvalid,
                    span(value),
                    at,
                    format!("credentials must be an object, found {}", kind(value)),
                    Some(format!("write {expected}")),
                );
            }
            return None;
        };
        let mut username = None;
        let mut password = None;
        for prop in &object.properties {
            let name = prop.name.as_str();
            let here = pointer(at, name);
            match (name, &prop.value) {
                ("username", Value::StringLit(lit)) => {
                    if let Some(colon) = lit.value.find(':') {
                        let r = self.inside(lit.range.start..lit.range.end, &lit.value, colon, colon + 1);
                        self.report(
                            Rule::CredentialsUsernameColon,
                            r,
                            &here,
                            "the username has a `:`, which Basic authentication cannot carry".into(),
                            Some("choose a username without `:`".into()),
                        );
                    }
                    username = Some(lit.value.to_string());
                }
                ("password", Value::StringLit(lit)) => {
                    self.out
                        .secrets
                        .push(lit.range.start + 1..lit.range.end.saturating_sub(1));
                    password = Some(lit.value.to_string());
                }
                ("username" | "password", other) => self.report(
                    Rule::CredentialsInvalid,
                    span(other),
                    &here,
                    format!("`{name}` must be a string, found {}", kind(other)),
                    Some(format!("write {expected}")),
                ),
                (_, _) => {
                    let key = match &prop.name {
                        ObjectPropName::String(lit) => lit.range.start..lit.range.end,
                        ObjectPropName::Word(lit) => lit.range.start..lit.range.end,
                    };
                    self.report(
                        Rule::CredentialsInvalid,
                        key,
                        &here,
                        format!("credentials take `username` and `password` only, not `{name}`"),
                        Some("only Basic authentication is supported".into()),
                    );
                }
            }
        }
        match (username, password) {
            (Some(u), Some(p)) => Some((u, p)),
            (u, p) => {
                let missing = if u.is_none() { "username" } else { "password" };
                if u.is_none() || p.is_none() {
                    let r = object.range.start..object.range.start + 1;
                    self.report(
                        Rule::CredentialsInvalid,
                        r,
                        at,
                        format!("the credentials have no `{missing}`"),
                        Some(format!("write {expected}")),
                    );
                }
                None
            }
        }
    }

    fn headers(&mut self, value: &Value<'_>, at: &str, has_credentials: bool) -> Vec<ConfigHeader> {
        let Value::Array(array) = value else {
            self.wrong_type(value, at, "headers", "an array of `\"Name: value\"` strings");
            return Vec::new();
        };
        let mut headers: Vec<ConfigHeader> = Vec::new();
        for (i, element) in array.elements.iter().enumerate() {
            let here = format!("{at}/{i}");
            let Value::StringLit(lit) = element else {
                self.wrong_type(element, &here, "headers[]", "a `\"Name: value\"` string");
                continue;
            };
            let line: &str = &lit.value;
            let r = lit.range.start..lit.range.end;
            if line.contains(['\r', '\n']) {
                self.report(
                    Rule::HeaderInjection,
                    r.clone(),
                    &here,
                    "the header contains a line break, which would inject headers or a body".into(),
                    Some("remove `\\r` and `\\n` from the header".into()),
                );
            }
            let Some((raw_name, raw_value)) = line.split_once(':') else {
                self.report(
                    Rule::HeaderNoColon,
                    r,
                    &here,
                    format!("`{line}` has no `:` between name and value"),
                    Some("write it as `\"Name: value\"`".into()),
                );
                continue;
            };
            let value_start = raw_name.len() + 1 + (raw_value.len() - raw_value.trim_start().len());
            if value_start < line.len() {
                self.out
                    .secrets
                    .push(self.inside(r.clone(), line, value_start, line.len()));
            }
            let name_span = self.inside(r.clone(), line, 0, raw_name.len());
            let name = raw_name.to_owned();
            if name.is_empty() || !name.bytes().all(is_token_byte) {
                self.report(
                    Rule::HeaderNameInvalid,
                    name_span.clone(),
                    &here,
                    format!("`{name}` is not a valid header name"),
                    Some(if name.trim() != name && !name.trim().is_empty() {
                        format!("remove the spaces: `{}`", name.trim())
                    } else {
                        "use letters, digits and `-`".into()
                    }),
                );
            } else if name.contains('_') {
                self.report(
                    Rule::HeaderUnderscore,
                    name_span.clone(),
                    &here,
                    format!("`{name}` has an `_`, and nginx drops such headers by default"),
                    Some(format!("use `{}`", name.replace('_', "-"))),
                );
            }
            let lower = name.trim().to_ascii_lowercase();
            if RESERVED_HEADERS.contains(&lower.as_str()) || (lower == "authorization" && has_credentials) {
                self.report(
                    Rule::HeaderReserved,
                    name_span.clone(),
                    &here,
                    format!("`{}` is set by MyOperator itself", name.trim()),
                    Some(if lower == "authorization" {
                        "remove it: the credentials component sends Authorization".into()
                    } else {
                        "remove this header".into()
                    }),
                );
            }
            if headers.iter().any(|h| h.name.eq_ignore_ascii_case(name.trim())) {
                self.report(
                    Rule::HeaderDuplicate,
                    name_span,
                    &here,
                    format!("`{}` is given twice", name.trim()),
                    Some("keep one".into()),
                );
            }
            headers.push(ConfigHeader {
                name: name.trim().to_owned(),
                value: raw_value.trim().to_owned(),
            });
        }
        headers
    }

    fn params(&mut self, value: &Value<'_>, at: &str, url_params: &[String]) -> Vec<ConfigParam> {
        let Value::Array(array) = value else {
            self.wrong_type(value, at, "query_params", "an array of `{\"name\", \"field\"}` objects");
            return Vec::new();
        };
        let mut params: Vec<ConfigParam> = Vec::new();
        for (i, element) in array.elements.iter().enumerate() {
            let here = format!("{at}/{i}");
            let Value::Object(object) = element else {
                self.wrong_type(element, &here, "query_params[]", "an object `{\"name\", \"field\"}`");
                continue;
            };
            let props = self.properties(object, &here, PARAM_KEYS);
            let get = |key: &str| props.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
            let opening = object.range.start..object.range.start + 1;
            let mut param = ConfigParam {
                name: String::new(),
                field: None,
                value: None,
            };
            match get("name") {
                None => self.report(
                    Rule::MissingKey,
                    opening.clone(),
                    &here,
                    "this parameter has no `name`".into(),
                    Some("add `\"name\": \"caller_number\"`".into()),
                ),
                Some(Value::StringLit(lit)) => {
                    param.name = lit.value.to_string();
                    self.param_name(
                        &param.name,
                        lit.range.start..lit.range.end,
                        &pointer(&here, "name"),
                        &params,
                        url_params,
                    );
                }
                Some(other) => self.wrong_type(other, &pointer(&here, "name"), "name", "a string"),
            }
            match get("field") {
                None => self.report(
                    Rule::MissingKey,
                    opening.clone(),
                    &here,
                    "this parameter has no `field`".into(),
                    Some("add a dropdown label such as `\"field\": \"Caller number with country code\"`".into()),
                ),
                Some(Value::StringLit(lit)) => {
                    param.field = self.field(&lit.value, lit.range.start..lit.range.end, &pointer(&here, "field"));
                }
                Some(other) => self.wrong_type(other, &pointer(&here, "field"), "field", "a string"),
            }
            let custom = param.field.is_some_and(|f| f.id == "custom");
            match get("value") {
                Some(Value::StringLit(lit)) => {
                    if param.field.is_some() && !custom {
                        self.report(
                            Rule::ValueOnNonCustom,
                            lit.range.start..lit.range.end,
                            &pointer(&here, "value"),
                            "only custom parameters take a `value`; this one is ignored".into(),
                            Some("remove `value`, or set `\"field\": \"Custom\"`".into()),
                        );
                    }
                    if is_secret_name(&param.name) {
                        self.out
                            .secrets
                            .push(lit.range.start + 1..lit.range.end.saturating_sub(1));
                    }
                    param.value = Some(lit.value.to_string());
                }
                Some(other) => self.wrong_type(other, &pointer(&here, "value"), "value", "a string"),
                None => {}
            }
            if custom && param.value.as_deref().is_none_or(str::is_empty) {
                let r = get("field").map_or(opening, span);
                self.report(
                    Rule::CustomWithoutValue,
                    r,
                    &pointer(&here, "field"),
                    format!("the custom parameter `{}` has no value", param.name),
                    Some("add `\"value\": \"...\"`: the fixed text to send".into()),
                );
            }
            params.push(param);
        }
        params
    }

    fn param_name(&mut self, name: &str, r: Range<usize>, at: &str, earlier: &[ConfigParam], url_params: &[String]) {
        if name.is_empty() {
            self.report(Rule::ParamNameEmpty, r, at, "the parameter name is empty".into(), None);
            return;
        }
        if earlier.iter().any(|p| p.name == name) {
            self.report(
                Rule::ParamNameRepeated,
                r.clone(),
                at,
                format!("`{name}` is used by an earlier parameter"),
                Some("give each parameter its own name".into()),
            );
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')))
        {
            let at_char = name.find(bad).unwrap_or(0);
            let bad_span = self.inside(r.clone(), name, at_char, at_char + bad.len_utf8());
            let shown = if bad == ' ' {
                "a space".to_owned()
            } else {
                format!("`{bad}`")
            };
            self.report(
                Rule::ParamNameEncoding,
                bad_span,
                at,
                format!("`{name}` has {shown}, which needs URL encoding"),
                Some(format!(
                    "use letters, digits, `-` and `_`, such as `{}`",
                    suggest_name(name)
                )),
            );
        } else if let Some(dot) = name.find('.') {
            let dot_span = self.inside(r.clone(), name, dot, dot + 1);
            self.report(
                Rule::ParamNamePhp,
                dot_span,
                at,
                format!("PHP reads `{name}` as `{}`", name.replace('.', "_")),
                Some(format!("name it `{}`", name.replace('.', "_"))),
            );
        }
        if url_params.iter().any(|p| p == name) {
            self.report(
                Rule::ParamNameInUrl,
                r,
                at,
                format!("`{name}` is already in the target URL's query"),
                Some("remove it from the URL or rename this parameter".into()),
            );
        }
    }

    fn field(&mut self, text: &str, r: Range<usize>, at: &str) -> Option<&'static Field> {
        match resolve(text) {
            Some(field) if field.dropdown.is_some() => Some(field),
            Some(field) => {
                self.report(
                    Rule::FieldNotInDropdown,
                    r,
                    at,
                    if text == field.id {
                        format!("`{text}` is in the call log, but the dropdown does not offer it")
                    } else {
                        format!(
                            "`{text}` ({}) is in the call log, but the dropdown does not offer it",
                            field.id
                        )
                    },
                    Some("pick a dropdown entry; `callhook fields` shows each field's dropdown label".into()),
                );
                None
            }
            None => {
                self.report(
                    Rule::FieldUnknown,
                    r,
                    at,
                    format!("no field is named `{text}`"),
                    Some(match suggest(text) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "`callhook fields` lists the fields and their dropdown labels".into(),
                    }),
                );
                None
            }
        }
    }
}

/// `tchar` of RFC 9110.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn suggest_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Why a host cannot be reached from the internet, if it cannot.
fn unreachable(host: &str) -> Option<&'static str> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return Some("this machine (localhost)");
    }
    if host.ends_with(".local") || host.ends_with(".internal") || host.ends_with(".lan") || host.ends_with(".home.arpa")
    {
        return Some("a local network name");
    }
    match host.parse::<IpAddr>().ok()? {
        IpAddr::V4(ip) if ip.is_loopback() => Some("a loopback address"),
        IpAddr::V4(ip) if ip.is_private() => Some("a private address"),
        IpAddr::V4(ip) if ip.is_link_local() => Some("a link-local address"),
        IpAddr::V4(ip) if ip.is_unspecified() => Some("the unspecified address"),
        IpAddr::V4(ip) if ip.octets()[0] == 100 && (64..128).contains(&ip.octets()[1]) => {
            Some("a carrier-grade NAT address")
        }
        IpAddr::V6(ip) if ip.is_loopback() => Some("a loopback address"),
        IpAddr::V6(ip) if ip.is_unspecified() => Some("the unspecified address"),
        IpAddr::V6(ip) if (ip.segments()[0] & 0xfe00) == 0xfc00 => Some("a private (unique local) address"),
        IpAddr::V6(ip) if (ip.segments()[0] & 0xffc0) == 0xfe80 => Some("a link-local address"),
        _ => None,
    }
}
