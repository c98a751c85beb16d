//! Findings: what decoding noticed about a record, each with a stable kebab-case id
//! that users can grep for and scripts can match on.

use crate::stable_ids::stable_ids;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

stable_ids! {
    /// Every finding `decode` can report.
    pub enum FindingId {
        PlusInQuery = "plus-in-query", Warning,
            "A literal `+` in a query value: form decoding (PHP's $_GET) reads it as a space. Send `%2B`.";
        PlusInForm = "plus-in-form", Warning,
            "A literal `+` in a form body value: form decoding reads it as a space, which corrupts phone numbers and JSON text.";
        InvalidPercentEncoding = "invalid-percent-encoding", Warning,
            "A `%` not followed by two hex digits: decoders disagree on it (kept literally here).";
        InvalidUtf8 = "invalid-utf8", Warning,
            "Bytes that are not UTF-8 after percent-decoding: shown with U+FFFD in their place.";
        DuplicateQueryParam = "duplicate-query-param", Warning,
            "A query parameter given twice: PHP keeps the last, other frameworks the first.";
        MyoperatorMissing = "myoperator-missing", Warning,
            "A form body without a `myoperator` field: MyOperator sends the call log there.";
        MyoperatorNotJson = "myoperator-not-json", Error,
            "The `myoperator` field is not a JSON object: json_decode would return null.";
        UnknownField = "unknown-field", Info,
            "A key the dictionary does not know: shown with its value, meaning not documented.";
        CodeOutOfRange = "code-out-of-range", Warning,
            "A coded field with a value the documents do not define, such as call state 8.";
        ValueTypeMismatch = "value-type-mismatch", Warning,
            "A value that contradicts its field's documented type, such as letters in a phone number, or an object where one value belongs (reported on the field, not walked into).";
        BodyNotForm = "body-not-form", Warning,
            "A body that is not a form (or not what its Content-Type says): PHP's $_POST['myoperator'] is unset.";
        BodyNotJson = "body-not-json", Error,
            "A body declared as JSON that does not parse: the call log is lost.";
        ContentLengthMismatch = "content-length-mismatch", Warning,
            "Content-Length disagrees with the body captured: a truncated capture, or a body a server would cut.";
        ChunkedInvalid = "chunked-invalid", Warning,
            "A chunked body with a bad chunk size or framing: decoded as far as it goes.";
        UnknownCurlFlag = "unknown-curl-flag", Warning,
            "A curl option callhook does not know, or cannot follow (a file, a multipart form): the request may differ.";
        SecretOverHttp = "secret-over-http", Warning,
            "Basic credentials or a secret header sent over plain http: anyone on the path can read them.";
        PhpHeaderName = "php-header-name", Info,
            "The `$_SERVER` key PHP gives a custom header: `my-super-secret-token` is HTTP_MY_SUPER_SECRET_TOKEN.";
        ConfigNoMatch = "config-no-match", Warning,
            "With --config: no configured webhook has the captured request's path, so it was not checked.";
        ConfigMethodMismatch = "config-method-mismatch", Warning,
            "With --config: the request's method is not the configured one.";
        ConfigHeaderMissing = "config-header-missing", Warning,
            "With --config: a configured header is not in the request (a proxy may have dropped it).";
        ConfigHeaderMismatch = "config-header-mismatch", Warning,
            "With --config: a configured header arrived with another value.";
        ConfigCredentialsMissing = "config-credentials-missing", Warning,
            "With --config: credentials are configured but the request has no Basic Authorization.";
        ConfigCredentialsMismatch = "config-credentials-mismatch", Warning,
            "With --config: the request's Basic credentials are not the configured ones.";
        ConfigParamMissing = "config-param-missing", Warning,
            "With --config: a configured query parameter is not in the request.";
        ConfigParamUnexpected = "config-param-unexpected", Info,
            "With --config: the request has a query parameter the configuration does not map.";
        ConfigCustomMismatch = "config-custom-mismatch", Warning,
            "With --config: a custom parameter arrived with another value than the configured one.";
        ConfigValueMismatch = "config-value-mismatch", Warning,
            "With --config: a mapped query value disagrees with the same field in the POST body.";
    }
}

/// One thing decoding noticed about a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub id: FindingId,
    pub message: String,
    /// The field path or query parameter it concerns, if any.
    pub path: Option<String>,
}

impl Finding {
    pub fn new(id: FindingId, path: Option<&str>, message: String) -> Self {
        Self {
            id,
            message,
            path: path.map(str::to_owned),
        }
    }

    pub fn severity(&self) -> Severity {
        self.id.severity()
    }
}
