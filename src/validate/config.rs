//! The webhook configuration model, read from the panel-shaped JSON with a position
//! for every value, and every rule checked in one pass.
//!
//! `check` is the one reader: `validate` renders its diagnostics, `decode --config`
//! uses the webhooks it returns, and `migrate` turns them into v2 ones. A webhook
//! object with `"version": 2` is a Webhook v2 one (checked in `v2`); without it, a v1
//! one, checked here with what MyOperator's 2025 update and retirement of v1 add
//! (`v1_retirement`).

use std::fs;
use std::io::{self, Read};
use std::net::IpAddr;
use std::ops::Range;
use std::path::Path;

use jsonc_parser::ast::{Array, Object, ObjectPropName, StringLit, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::rules::Rule;
use super::v2;
use crate::findings::Severity;
use crate::input::json_depth::JsonDepth;
use crate::input::json_kind::described as kind;
use crate::input::url::UrlParts;
use crate::privacy::{exposed_secrets, is_secret_name};
use crate::vocabulary::Field;
use crate::vocabulary::lookup::{nearest, resolve, suggest};
use crate::vocabulary::v2_events::V1WebhookType;

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

/// The body a v1 POST webhook sends (`format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Json,
    /// `myoperator=<JSON>`, as the In-Call document describes.
    Form,
    Xml,
    Text,
}

impl BodyFormat {
    pub const ALL: [Self; 4] = [Self::Json, Self::Form, Self::Xml, Self::Text];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Form => "form",
            Self::Xml => "xml",
            Self::Text => "text",
        }
    }
}

/// One v1 webhook as configured; what could not be read is left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Webhook {
    /// In-Call, After-Call or Disposition; `None` when the file does not say.
    pub kind: Option<V1WebhookType>,
    pub target_url: Option<String>,
    pub method: Option<String>,
    /// `None` when the file does not say: a POST webhook then sends a form.
    pub format: Option<BodyFormat>,
    pub headers: Vec<ConfigHeader>,
    pub credentials: Option<(String, String)>,
    pub log_criteria: Option<String>,
    pub query_params: Vec<ConfigParam>,
}

/// What checking a configuration found.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// The v1 webhooks, in file order.
    pub webhooks: Vec<Webhook>,
    /// The v2 webhooks, in file order.
    pub v2_webhooks: Vec<v2::Webhook>,
    pub diagnostics: Vec<Diagnostic>,
    /// Byte spans of secret values (passwords, header values), masked wherever the
    /// source is quoted.
    pub secrets: Vec<Range<usize>>,
}

impl Checked {
    /// How many errors and warnings were found (infos are neither).
    pub fn counts(&self) -> (usize, usize) {
        self.diagnostics
            .iter()
            .fold((0, 0), |(errors, warnings), d| match d.rule.severity() {
                Severity::Error => (errors + 1, warnings),
                Severity::Warning => (errors, warnings + 1),
                Severity::Info => (errors, warnings),
            })
    }
}

pub(super) const WEBHOOK_KEYS: &[&str] = &[
    "version",
    "type",
    "target_url",
    "method",
    "format",
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
    // A byte order mark, as Windows editors write one, is not part of the JSON.
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    Ok((name, String::from_utf8_lossy(text).into_owned()))
}

/// Which Webhook version a webhook object is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    V1,
    V2,
}

/// Checks a configuration file's text; every problem is found in one pass. Text read
/// with bytes that are not UTF-8 (replaced by U+FFFD) is invalid JSON.
pub fn check(text: &str) -> Checked {
    let mut checker = Checker {
        text,
        out: Checked::default(),
        first_v1: None,
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
            Some(Value::Object(object)) => checker.any_webhook(&object, ""),
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
    checker.retirement();
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

pub(super) fn span(value: &Value<'_>) -> Range<usize> {
    let r = value.range();
    r.start..r.end
}

/// `/0/headers/1`, with `~` and `/` escaped as RFC 6901 says.
pub(super) fn pointer(base: &str, key: &str) -> String {
    format!("{base}/{}", key.replace('~', "~0").replace('/', "~1"))
}

pub(super) struct Checker<'t> {
    text: &'t str,
    pub(super) out: Checked,
    /// The opening brace of the first v1 webhook, where the retirement is reported.
    pub(super) first_v1: Option<(Range<usize>, String)>,
}

impl Checker<'_> {
    pub(super) fn report(
        &mut self,
        rule: Rule,
        span: Range<usize>,
        pointer: &str,
        message: String,
        help: Option<String>,
    ) {
        self.out.diagnostics.push(Diagnostic {
            rule,
            message,
            help,
            span,
            pointer: pointer.to_owned(),
        });
    }

    pub(super) fn wrong_type(&mut self, value: &Value<'_>, at: &str, what: &str, expected: &str) {
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
    pub(super) fn inside(&self, literal: Range<usize>, value: &str, from: usize, to: usize) -> Range<usize> {
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
                Value::Object(object) => self.any_webhook(object, &at),
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

    /// A webhook object, read as the version its `version` says.
    fn any_webhook(&mut self, object: &Object<'_>, at: &str) {
        let opening = object.range.start..object.range.start + 1;
        match self.version(object, at) {
            Version::V1 => {
                self.first_v1.get_or_insert((opening, at.to_owned()));
                let webhook = self.webhook(object, at);
                self.out.webhooks.push(webhook);
            }
            Version::V2 => {
                if self.out.v2_webhooks.len() == v2::MAX_WEBHOOKS {
                    self.report(
                        Rule::WebhooksTooMany,
                        opening,
                        at,
                        format!(
                            "this is v2 webhook {}; MyOperator allows {} per company",
                            v2::MAX_WEBHOOKS + 1,
                            v2::MAX_WEBHOOKS
                        ),
                        Some("split the webhooks between companies, or subscribe one webhook to more events".into()),
                    );
                }
                let webhook = self.v2_webhook(object, at);
                self.out.v2_webhooks.push(webhook);
            }
        }
    }

    /// The version an object's `version` key names, reporting a value that is not
    /// the number 1 or 2. Without the key, v1.
    fn version(&mut self, object: &Object<'_>, at: &str) -> Version {
        let Some(prop) = object.properties.iter().find(|p| p.name.as_str() == "version") else {
            return Version::V1;
        };
        let (literal, read) = match &prop.value {
            Value::NumberLit(n) => (n.value.to_string(), true),
            Value::StringLit(s) => (s.value.to_string(), false),
            _ => (String::new(), false),
        };
        let version = if literal.trim().parse::<f64>().is_ok_and(|v| v >= 2.0) {
            Version::V2
        } else {
            Version::V1
        };
        let exact = read && (literal == "1" || literal == "2");
        if !exact {
            self.report(
                Rule::VersionInvalid,
                span(&prop.value),
                &pointer(at, "version"),
                match version {
                    Version::V2 if !read => format!("`version` is the string {literal:?}, not the number 2"),
                    _ => format!(
                        "`version` must be the number 2 (or 1), not `{}`",
                        self.source(span(&prop.value))
                    ),
                },
                Some(match version {
                    Version::V2 => "write `\"version\": 2`; this webhook is read as v2".into(),
                    Version::V1 => "write `\"version\": 2` for a v2 webhook; this one is read as v1".into(),
                }),
            );
        }
        version
    }

    /// The source text of a span, for quoting a value as written.
    fn source(&self, r: Range<usize>) -> &str {
        self.text.get(r).unwrap_or_default()
    }

    /// The properties of an object by key, reporting unknown and duplicate keys.
    /// `hint` may give the help for an unknown key (a key of the other version).
    pub(super) fn properties<'o, 'a>(
        &mut self,
        object: &'o Object<'a>,
        at: &str,
        known: &[&str],
        hint: &dyn Fn(&str) -> Option<String>,
    ) -> Vec<(String, &'o Value<'a>)> {
        let mut seen: Vec<String> = Vec::new();
        let mut props = Vec::new();
        for prop in &object.properties {
            let name = prop.name.as_str().to_owned();
            let key_span = match &prop.name {
                ObjectPropName::String(lit) => lit.range.start..lit.range.end,
                ObjectPropName::Word(lit) => lit.range.start..lit.range.end,
            };
            if !known.contains(&name.as_str()) {
                let help = hint(&name).unwrap_or_else(|| match nearest(&name, known.iter().copied(), 0.8) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("the keys are {}", known.join(", ")),
                });
                self.report(
                    Rule::UnknownKey,
                    key_span,
                    &pointer(at, &name),
                    format!("unknown key `{name}`"),
                    Some(help),
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

    #[allow(
        clippy::too_many_lines,
        reason = "a webhook's keys checked in the panel's order, one after another"
    )]
    fn webhook(&mut self, object: &Object<'_>, at: &str) -> Webhook {
        let props = self.properties(object, at, WEBHOOK_KEYS, &|key| {
            v2::WEBHOOK_KEYS
                .contains(&key)
                .then(|| format!("`{key}` is a v2 key: add `\"version\": 2` to read this webhook as v2"))
        });
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
        if let Some(value) = get("type") {
            webhook.kind = self.one_of(
                value,
                &pointer(at, "type"),
                "type",
                &V1WebhookType::ALL.map(|t| (t.as_str(), t)),
                V1WebhookType::parse,
                Rule::WebhookTypeInvalid,
            );
        }
        let mut url_params: Vec<String> = Vec::new();
        let mut url_span = None;
        if let Some(value) = get("target_url") {
            let here = pointer(at, "target_url");
            match value {
                Value::StringLit(lit) => {
                    let r = lit.range.start..lit.range.end;
                    url_params = self.url(&lit.value, r.clone(), &here, Version::V1);
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
        let format_span = get("format").map(span);
        if let Some(value) = get("format") {
            webhook.format = self.one_of(
                value,
                &pointer(at, "format"),
                "format",
                &BodyFormat::ALL.map(|f| (f.as_str(), f)),
                |text| BodyFormat::ALL.into_iter().find(|f| f.as_str() == text),
                Rule::FormatInvalid,
            );
        }
        if let Some(method) = method_span.clone() {
            self.since_2025(&webhook, method, format_span, at);
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

    /// Checks a webhook's URL (v1 `target_url`, v2 `url`); returns the names of its
    /// own query parameters. Values of secret-looking ones are masked when quoted.
    #[allow(
        clippy::too_many_lines,
        reason = "the URL's parts checked in order, scheme to fragment"
    )]
    pub(super) fn url(&mut self, url: &str, r: Range<usize>, at: &str, version: Version) -> Vec<String> {
        let example = "write the whole URL, such as `https://crm.example.com/webhook.php`";
        let the_url = match version {
            Version::V1 => "the target URL",
            Version::V2 => "the URL",
        };
        let parts = UrlParts::split(url);
        let Some(scheme_len) = parts.http_scheme_len() else {
            let absolute = match version {
                Version::V1 => "an absolute http:// or https:// URL",
                Version::V2 => "an absolute https:// URL",
            };
            self.report(
                Rule::TargetUrlInvalid,
                r,
                at,
                format!("`{url}` is not {absolute}"),
                Some(example.into()),
            );
            return Vec::new();
        };
        if parts.is_plain_http() {
            let scheme = self.inside(r.clone(), url, 0, scheme_len - "://".len());
            match version {
                Version::V1 => self.v1_http(scheme, at),
                Version::V2 => self.report(
                    Rule::UrlNotHttps,
                    scheme,
                    at,
                    "the URL is http://, and Webhook v2 takes https:// only".into(),
                    Some("use `https://` (the panel says \"Valid HTTPS URL required.\")".into()),
                ),
            }
        }
        let length = url.chars().count();
        if version == Version::V2 && length > v2::MAX_URL_CHARS {
            self.report(
                Rule::UrlTooLong,
                r.clone(),
                at,
                format!(
                    "the URL is {length} characters long; the panel takes {}",
                    v2::MAX_URL_CHARS
                ),
                Some("shorten it: move fixed values into custom headers".into()),
            );
        }
        let authority = parts.authority_range();
        if let Some((userinfo, userinfo_at)) = parts.userinfo() {
            let span = self.inside(r.clone(), url, userinfo_at.start, userinfo_at.end + 1);
            self.report(
                Rule::TargetUrlCredentials,
                span,
                at,
                format!("{the_url} carries credentials"),
                Some(match version {
                    Version::V1 => "remove `user:password@` and set `credentials` instead".into(),
                    Version::V2 => {
                        "remove `user:password@` and set `\"auth\": {\"type\": \"basic\", ...}` instead".into()
                    }
                }),
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
                Some(example.into()),
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
                format!("{the_url} has a `#fragment`, which is never sent to the server"),
                Some("remove it, or move what it carries into a query parameter".into()),
            );
        }
        let Some((query, mut offset)) = parts.query() else {
            return Vec::new();
        };
        let mut names = Vec::new();
        for pair in query.split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !value.is_empty() && is_secret_name(name) {
                let value_start = offset + name.len() + 1;
                let secret = self.inside(r.clone(), url, value_start, value_start + value.len());
                self.out.secrets.push(secret);
            }
            if !pair.is_empty() {
                names.push(name.to_owned());
            }
            offset += pair.len() + 1;
        }
        names
    }

    /// A string value that names one of `choices` (as `parse` reads it); anything
    /// else is reported under `rule`, with the nearest choice.
    pub(super) fn one_of<T: Copy>(
        &mut self,
        value: &Value<'_>,
        at: &str,
        key: &str,
        choices: &[(&'static str, T)],
        parse: impl Fn(&str) -> Option<T>,
        rule: Rule,
    ) -> Option<T> {
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        let listed = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        let Value::StringLit(lit) = value else {
            self.wrong_type(value, at, key, &format!("one of {listed}"));
            return None;
        };
        if let Some(found) = parse(&lit.value) {
            return Some(found);
        }
        self.report(
            rule,
            lit.range.start..lit.range.end,
            at,
            format!("`{key}` is `{}`, not one of {listed}", lit.value),
            Some(match nearest(&lit.value, names.iter().copied(), 0.7) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("use one of {listed}"),
            }),
        );
        None
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
                ("username", Value::StringLit(lit)) => username = Some(self.username(lit, &here)),
                ("password", Value::StringLit(lit)) => password = Some(self.secret(lit)),
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

    /// A Basic username, reported if it has a colon.
    pub(super) fn username(&mut self, lit: &StringLit<'_>, at: &str) -> String {
        if let Some(colon) = lit.value.find(':') {
            let r = self.inside(lit.range.start..lit.range.end, &lit.value, colon, colon + 1);
            self.report(
                Rule::CredentialsUsernameColon,
                r,
                at,
                "the username has a `:`, which Basic authentication cannot carry".into(),
                Some("choose a username without `:`".into()),
            );
        }
        lit.value.to_string()
    }

    /// A string whose value is masked wherever the source is quoted.
    pub(super) fn secret(&mut self, lit: &StringLit<'_>) -> String {
        self.out
            .secrets
            .push(lit.range.start + 1..lit.range.end.saturating_sub(1));
        lit.value.to_string()
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
            self.header_name(
                &name,
                name_span.clone(),
                &here,
                has_credentials.then_some("remove it: the credentials component sends Authorization"),
            );
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

    /// Checks a header name: an HTTP token, without `_`, and not one MyOperator sets
    /// itself. `authorization` is the help to give when Authorization is taken by
    /// the authentication settings; `None` when it is free.
    pub(super) fn header_name(&mut self, name: &str, name_span: Range<usize>, at: &str, authorization: Option<&str>) {
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            self.report(
                Rule::HeaderNameInvalid,
                name_span.clone(),
                at,
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
                at,
                format!("`{name}` has an `_`, and nginx drops such headers by default"),
                Some(format!("use `{}`", name.replace('_', "-"))),
            );
        }
        let lower = name.trim().to_ascii_lowercase();
        let help = match authorization {
            Some(help) if lower == "authorization" => Some(help),
            _ if RESERVED_HEADERS.contains(&lower.as_str()) => Some("remove this header"),
            _ => None,
        };
        if let Some(help) = help {
            self.report(
                Rule::HeaderReserved,
                name_span,
                at,
                format!("`{}` is set by MyOperator itself", name.trim()),
                Some(help.into()),
            );
        }
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
            let props = self.properties(object, &here, PARAM_KEYS, &|_| None);
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
                    let r = lit.range.start..lit.range.end;
                    param.field = self.field(&lit.value, r.clone(), &pointer(&here, "field"));
                    if let Some(field) = param.field.filter(|f| f.id != "custom") {
                        self.v1_mapped_param(&param.name, field, r, &pointer(&here, "field"));
                    }
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
                    param.value = Some(if is_secret_name(&param.name) {
                        self.secret(lit)
                    } else {
                        lit.value.to_string()
                    });
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

    pub(super) fn param_name(
        &mut self,
        name: &str,
        r: Range<usize>,
        at: &str,
        earlier: &[ConfigParam],
        url_params: &[String],
    ) {
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
    if [".local", ".internal", ".lan", ".home.arpa"]
        .iter()
        .any(|suffix| host.ends_with(suffix))
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
