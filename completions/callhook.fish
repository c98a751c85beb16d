# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_callhook_global_optspecs
    string join \n color= show-secrets mask-pii tz= h/help V/version
end

function __fish_callhook_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_callhook_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_callhook_using_subcommand
    set -l cmd (__fish_callhook_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c callhook -n "__fish_callhook_needs_command" -l color -d 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on' -r -f -a "auto\t''
always\t''
never\t''"
complete -c callhook -n "__fish_callhook_needs_command" -l tz -d 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...' -r
complete -c callhook -n "__fish_callhook_needs_command" -l show-secrets -d 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
complete -c callhook -n "__fish_callhook_needs_command" -l mask-pii -d 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
complete -c callhook -n "__fish_callhook_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c callhook -n "__fish_callhook_needs_command" -s V -l version -d 'Print version'
complete -c callhook -n "__fish_callhook_needs_command" -f -a "decode" -d 'Show every field of captured webhook requests, with its meaning'
complete -c callhook -n "__fish_callhook_needs_command" -f -a "timeline" -d 'Show each call\'s states in the order they happened and arrived, and what is wrong'
complete -c callhook -n "__fish_callhook_needs_command" -f -a "validate" -d 'Check webhook configurations before saving them, with errors placed like a compiler\'s'
complete -c callhook -n "__fish_callhook_needs_command" -f -a "migrate" -d 'Write the Webhook v2 configuration that does a v1 configuration\'s job'
complete -c callhook -n "__fish_callhook_needs_command" -f -a "fields" -d 'Explain call-log fields, codes and dropdown labels, v1 and Webhook v2'
complete -c callhook -n "__fish_callhook_needs_command" -f -a "listen" -d 'Receive webhooks live, keep every one in a log, decode them as they arrive, and forward them to your app'
complete -c callhook -n "__fish_callhook_needs_command" -f -a "send" -d 'Send captured requests again, or the requests a webhook configuration would send for a call, to your app: with edits, MyOperator\'s retries, disorder and duplicates'
complete -c callhook -n "__fish_callhook_needs_command" -f -a "browse" -d 'Browse calls interactively: the call list, a call\'s ladder, each event decoded'
complete -c callhook -n "__fish_callhook_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c callhook -n "__fish_callhook_using_subcommand decode" -s f -l format -d 'Output format. `ndjson` prints exactly one JSON object per record; `csv` a row per field, for a spreadsheet' -r -f -a "text\t''
json\t''
ndjson\t''
csv\t'A row per field (record, path, key, value, meaning, interpretation), for a spreadsheet'"
complete -c callhook -n "__fish_callhook_using_subcommand decode" -l input-format -d 'Read every record as this format instead of detecting it' -r -f -a "http\t'Raw HTTP/1.x requests, one or many back to back'
curl\t'curl command lines, one or many'
url\t'A URL or request target with a query string (a GET webhook)'
form\t'A form body: `myoperator=<percent-encoded JSON>&...`'
json\t'A bare call log: a JSON object, an array of them, or one per line'
har\t'A HAR 1.2 archive from browser devtools or a proxy'
access-log\t'nginx or Apache access-log lines ("combined" or "common")'
listen-log\t'The capture log `callhook listen` writes: one request a line, with its receive time; its forward-attempt lines are passed over'"
complete -c callhook -n "__fish_callhook_using_subcommand decode" -l config -d 'Check each request against the webhook of this configuration that sent it: for v1, name query parameters by their mapping and check method, headers, credentials, parameters and values; for Webhook v2, check the URL, the authentication (Basic, or an API key in a header or the query), the custom headers, and that the webhook subscribes to the event' -r -F
complete -c callhook -n "__fish_callhook_using_subcommand decode" -l color -d 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on' -r -f -a "auto\t''
always\t''
never\t''"
complete -c callhook -n "__fish_callhook_using_subcommand decode" -l tz -d 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...' -r
complete -c callhook -n "__fish_callhook_using_subcommand decode" -l ascii -d 'Draw text output with ASCII only, for terminals without Unicode'
complete -c callhook -n "__fish_callhook_using_subcommand decode" -l show-secrets -d 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
complete -c callhook -n "__fish_callhook_using_subcommand decode" -l mask-pii -d 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
complete -c callhook -n "__fish_callhook_using_subcommand decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -s f -l format -d 'Output format. `csv` needs --summary; `mermaid` draws one call as a sequence diagram, for pasting into a ticket' -r -f -a "text\t''
json\t''
ndjson\t''
csv\t''
mermaid\t''"
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l call -d 'Show only this call (repeatable)' -r
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l state -d 'Show only calls that have this call state (repeatable)' -r
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l input-format -d 'Read every record as this format instead of detecting it' -r -f -a "http\t'Raw HTTP/1.x requests, one or many back to back'
curl\t'curl command lines, one or many'
url\t'A URL or request target with a query string (a GET webhook)'
form\t'A form body: `myoperator=<percent-encoded JSON>&...`'
json\t'A bare call log: a JSON object, an array of them, or one per line'
har\t'A HAR 1.2 archive from browser devtools or a proxy'
access-log\t'nginx or Apache access-log lines ("combined" or "common")'
listen-log\t'The capture log `callhook listen` writes: one request a line, with its receive time; its forward-attempt lines are passed over'"
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l color -d 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on' -r -f -a "auto\t''
always\t''
never\t''"
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l tz -d 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...' -r
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l summary -d 'One row per call (uid, type, start, duration, answered, time to answer, state path, anomalies), then totals'
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l ascii -d 'Draw with ASCII only, for terminals without Unicode'
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l anomalies-only -d 'Show only calls with at least one anomaly'
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l check -d 'Exit with status 1 when any call shown has an anomaly (stderr says how many, in how many calls)'
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l show-secrets -d 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -l mask-pii -d 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
complete -c callhook -n "__fish_callhook_using_subcommand timeline" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c callhook -n "__fish_callhook_using_subcommand validate" -s f -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c callhook -n "__fish_callhook_using_subcommand validate" -l explain -d 'Say what a rule checks and why it matters, then exit; without a RULE, list every rule with its severity' -r -f -a "invalid-json\t'The file is not strict JSON (comments, trailing commas and single quotes included): the panel would reject it.'
root-type\t'The file must hold one webhook object, or an array of them (one per log criteria, as the documents advise).'
no-webhooks\t'An empty array configures nothing.'
unknown-key\t'A key the panel does not have, usually a typo (`target_ulr`): its value would be ignored.'
duplicate-key\t'The same key twice in one object: JSON readers keep one of them, so the other is silently lost.'
missing-key\t'A webhook needs `target_url`, `method` and `log_criteria`; without them the panel cannot save it.'
wrong-type\t'A value of the wrong JSON type, such as a number for `method` or a string for `headers`.'
target-url-invalid\t'The target URL must be an absolute `http://` or `https://` URL with a host: MyOperator calls it from the internet.'
target-url-fragment\t'A `#fragment` is never sent to a server: whatever it was meant to carry is lost.'
target-url-credentials\t'`user:password@` in the URL leaks the password into logs; set the credentials component instead.'
target-url-unreachable\t'localhost, private and link-local addresses are not reachable from MyOperator\'s servers.'
method-invalid\t'MyOperator sends webhooks with GET or POST only.'
get-without-params\t'A GET webhook carries its data only in query parameters: with none, every webhook arrives empty.'
header-no-colon\t'A header line is `Name: value`; without a colon it is not a header.'
header-name-invalid\t'A header name must be an HTTP token (letters, digits and ! # $ % & \' * + - . ^ _ ` | ~): others are rejected or mangled.'
header-injection\t'A carriage return or line feed inside a header would start a new header or the body: header injection.'
header-underscore\t'nginx drops header names with `_` by default (`underscores_in_headers off`): your server may never see it.'
header-reserved\t'Host, Content-Type and Content-Length are set by MyOperator itself, and Authorization by the authentication settings (in v1 when credentials are set, in v2 always): a second one conflicts.'
header-duplicate\t'The same header twice: servers disagree on which one wins.'
credentials-invalid\t'Credentials are `{"username": "...", "password": "..."}`, both strings, nothing else.'
credentials-username-colon\t'Basic authentication joins username and password with `:`; a username with a colon cannot be decoded back.'
secret-over-http\t'Basic credentials or a secret-looking header sent over plain http can be read by anyone on the path; use https.'
log-criteria-invalid\t'Log criteria is `call_logs` or `mobile_logs` (the panel\'s "call logs" or "mobile logs"), one per webhook.'
param-name-empty\t'A query parameter needs a name.'
param-name-repeated\t'Two parameters with one name: PHP keeps the last, other frameworks the first, so one value is lost.'
param-name-encoding\t'The documents say: no spaces and no characters that need URL encoding in a parameter name.'
param-name-php\t'PHP rewrites `.` (and spaces and `[`) in parameter names to `_`: `$_GET[\'caller.number\']` is empty, `$_GET[\'caller_number\']` is not.'
param-name-in-url\t'The parameter is already in the target URL\'s query: the request would carry it twice.'
field-unknown\t'The field is neither a dropdown label nor a dictionary id (`callhook fields` lists them).'
field-not-in-dropdown\t'The field is in the call log, but the panel\'s dropdown does not offer it as a query parameter.'
custom-without-value\t'A custom parameter sends a fixed value: without `value` it sends nothing.'
value-on-non-custom\t'Only custom parameters take a `value`; on a mapped field it is ignored.'
webhook-type-invalid\t'A v1 `type` is `in_call`, `after_call` or `disposition`: the three v1 webhooks, each on its own panel page.'
format-invalid\t'A v1 `format` (the body a POST webhook sends) is `json`, `form`, `xml` or `text`.'
v1-retired\t'MyOperator retired Webhook v1 (In-Call, After-Call and Disposition) on 31 July 2026. `callhook migrate` writes the v2 configuration that does the same job.'
v1-get\t'Since MyOperator\'s 2025 update a v1 webhook is POST only: one that uses GET is view-only, and a new one cannot be made. `decode --config`, `listen --config` and `migrate` still read it, as it says how captures of its time were sent.'
v1-http\t'Since MyOperator\'s 2025 update a v1 webhook needs an https:// URL: one on http:// is view-only, and a new one cannot be made. `decode --config`, `listen --config` and `migrate` still read it.'
v1-not-json\t'Since MyOperator\'s 2025 update a v1 webhook sends JSON only: a form (`myoperator=...`), XML or text body is view-only. A POST webhook without `format` sends the form the In-Call document describes. `decode --config`, `listen --config` and `migrate` still read it.'
v1-mapped-param\t'Since MyOperator\'s 2025 update v1 query parameters are static only (Custom, with a fixed value): one that maps a call-log field is view-only. Read the field from the JSON body. `decode --config`, `listen --config` and `migrate` still read it.'
version-invalid\t'`version` is the number 2 for a Webhook v2 configuration; without it (or with 1) a webhook is read as v1.'
url-not-https\t'Webhook v2 takes https:// URLs only: the panel rejects others with "Valid HTTPS URL required."'
url-too-long\t'The v2 panel takes URLs of at most 2048 characters.'
events-empty\t'A v2 webhook subscribed to no event is never called.'
event-unknown\t'Not an event type MyOperator is known to send (the call.*, disposition, message.* and conversation.* events): a subscription to it would never fire.'
event-repeated\t'The same event twice: the panel has one checkbox per event, so the second means nothing, and is often a typo for another.'
event-other-spelling\t'`call.disposition` is how MyOperator\'s payload article writes the disposition event; its Postman collection and the code that consumes it write `disposition`. Either is accepted, and callhook reads both in captures.'
event-unconfirmed\t'`call.ivr_started` is named by one public note only; MyOperator counts six call events without it, so the panel may not offer it.'
auth-invalid\t'`auth` is `{"type": "none"}`, `{"type": "basic", "username", "password"}` or `{"type": "api_key", "in": "header" or "query", "name", "value"}`, as the panel offers them; keys of another type, or empty values, cannot be saved.'
header-auth-clash\t'A custom header with the API key\'s header name: the request would carry two values for one header, and your server may read the wrong one.'
header-name-repeated\t'The v2 panel rejects two custom headers with one name, compared ignoring case.'
headers-too-many\t'The v2 panel takes at most 10 custom headers per webhook.'
webhooks-too-many\t'MyOperator allows at most 10 v2 webhooks per company, so one file cannot configure more.'"
complete -c callhook -n "__fish_callhook_using_subcommand validate" -l color -d 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on' -r -f -a "auto\t''
always\t''
never\t''"
complete -c callhook -n "__fish_callhook_using_subcommand validate" -l tz -d 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...' -r
complete -c callhook -n "__fish_callhook_using_subcommand validate" -l deny-warnings -d 'Count warnings as errors for the exit status'
complete -c callhook -n "__fish_callhook_using_subcommand validate" -l show-secrets -d 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
complete -c callhook -n "__fish_callhook_using_subcommand validate" -l mask-pii -d 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
complete -c callhook -n "__fish_callhook_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c callhook -n "__fish_callhook_using_subcommand migrate" -s f -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c callhook -n "__fish_callhook_using_subcommand migrate" -l color -d 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on' -r -f -a "auto\t''
always\t''
never\t''"
complete -c callhook -n "__fish_callhook_using_subcommand migrate" -l tz -d 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...' -r
complete -c callhook -n "__fish_callhook_using_subcommand migrate" -l show-secrets -d 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
complete -c callhook -n "__fish_callhook_using_subcommand migrate" -l mask-pii -d 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
complete -c callhook -n "__fish_callhook_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c callhook -n "__fish_callhook_using_subcommand fields" -s f -l format -d 'Output format' -r -f -a "text\t''
json\t''
csv\t''"
complete -c callhook -n "__fish_callhook_using_subcommand fields" -l color -d 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on' -r -f -a "auto\t''
always\t''
never\t''"
complete -c callhook -n "__fish_callhook_using_subcommand fields" -l tz -d 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...' -r
complete -c callhook -n "__fish_callhook_using_subcommand fields" -l show-secrets -d 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
complete -c callhook -n "__fish_callhook_using_subcommand fields" -l mask-pii -d 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
complete -c callhook -n "__fish_callhook_using_subcommand fields" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l bind -d 'The address to listen on; a port of 0 picks a free one (the address is printed on stderr). Loopback by default: expose it through a tunnel' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l log -d 'The capture log: appended to, created if missing, locked while listening' -r -F
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l durability -d 'When a request counts as stored: `write` once the kernel has it (survives the process being killed), `fsync` once it is on disk (survives a power loss; one fdatasync covers many requests)' -r -f -a "write\t'Once `write(2)` returned: the kernel has it, so it survives the process being killed (SIGKILL included), not a power loss'
fsync\t'Once `fdatasync(2)` returned: it survives a power loss too. One sync covers every request that arrived while the previous one ran (group commit)'"
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l max-body -d 'The largest body taken; larger ones get 413 (`1MiB`, `512KiB`, `2000`)' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l header-timeout -d 'How long a client may take to send a request\'s headers before it is cut off' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l max-connections -d 'The most connections open at once; more wait to be accepted' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l forward-to -d 'Forward each request to this app (`http://host:port/base`): the request\'s path and query go after the base path' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l mode -d '`ack` answers 200 once stored and forwards afterwards; `proxy` waits for the app and returns its answer (needs --forward-to)' -r -f -a "ack\t'200 as soon as the request is stored; the app gets it afterwards'
proxy\t'The app\'s own answer, waited for up to `--ack-timeout`'"
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l ack-timeout -d 'In proxy mode, how long the sender waits for the app before getting 504' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l forward-timeout -d 'How long one forward attempt may take' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l forward-concurrency -d 'The most forwards under way at once, across calls' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l retry-delay -d 'The wait before the first retry of a failed forward; it doubles each time' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l retry-max-delay -d 'The longest wait between retries' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l give-up-after -d 'Stop retrying a request this long after it was received' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -s f -l format -d 'Output format. `ndjson` writes one decoded record per line to stdout (decode\'s schema, with a `listen` member) and all status to stderr' -r -f -a "text\t'One line per request, for a terminal'
ndjson\t'One decoded record per line on stdout; status on stderr'"
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l config -d 'Check each request against this webhook configuration, v1 or v2 (headers, credentials or API key, parameters, the event subscribed to), as `decode --config` does, and flag mismatches on its line' -r -F
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l grace -d 'On Ctrl-C, how long requests in flight and forwards under way may take to finish' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l color -d 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on' -r -f -a "auto\t''
always\t''
never\t''"
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l tz -d 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...' -r
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l show-response -d 'Show the start of the app\'s answer on each request\'s line'
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l enforce-auth -d 'Answer 401 to a request that lacks the configured headers, credentials or API key (it is still logged, and not forwarded). Needs --config'
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l show-secrets -d 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
complete -c callhook -n "__fish_callhook_using_subcommand listen" -l mask-pii -d 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
complete -c callhook -n "__fish_callhook_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c callhook -n "__fish_callhook_using_subcommand send" -l to -d 'Where to send: `http://host:port/base`; each request\'s path and query go after the base path. Needed unless --dry-run' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l call -d 'Replay only this call\'s requests (repeatable): its uid, `_pm[ui]` or v2 session id' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l input-format -d 'Read every capture as this format instead of detecting it' -r -f -a "http\t'Raw HTTP/1.x requests, one or many back to back'
curl\t'curl command lines, one or many'
url\t'A URL or request target with a query string (a GET webhook)'
form\t'A form body: `myoperator=<percent-encoded JSON>&...`'
json\t'A bare call log: a JSON object, an array of them, or one per line'
har\t'A HAR 1.2 archive from browser devtools or a proxy'
access-log\t'nginx or Apache access-log lines ("combined" or "common")'
listen-log\t'The capture log `callhook listen` writes: one request a line, with its receive time; its forward-attempt lines are passed over'"
complete -c callhook -n "__fish_callhook_using_subcommand send" -l set -d 'Change a field of each request\'s call log, in its own transport (form field, query string or JSON body): `call_state=6`, `_ld[0]._ds=NOANSWER`, `payload.status=missed`; `PATH:=JSON` for a JSON value, unchecked. A path no request has, or a value its field cannot take, stops the run (repeatable)' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l config -d 'Simulate this webhook configuration (v1 or v2, as `validate` reads it); it is checked first, and errors stop the run' -r -F
complete -c callhook -n "__fish_callhook_using_subcommand send" -l flow -d 'The call to simulate: a built-in flow\'s name, or a flow file (`.toml` or `.json`)' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l calls -d 'How many calls of the flow to simulate, each with its own ids' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l seed -d 'Make ids, numbers and times from this seed: the same seed, the same requests. Without it, calls start now and ids are new each run' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l retries -d 'Re-send a request that gets no 2xx, or no answer within --timeout, on one of MyOperator\'s documented schedules' -r -f -a "none\t'One attempt'
once-3s\t'One retry, 3 s after the first attempt (Webhook v2 setup article, one version)'
exponential\t'30 s, doubling, capped at 2 h; at most 26 attempts, within 24 h (the article\'s other version; 19 attempts fit)'
3x30s\t'Three retries 30 s apart (v1 calling webhooks)'"
complete -c callhook -n "__fish_callhook_using_subcommand send" -l time-scale -d 'Multiply every retry wait by this (`0.001` runs a day\'s schedule in 86 s)' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l timeout -d 'How long a request may take before it counts as failed (MyOperator\'s v1 documents 5 s)' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l duplicate -d 'Deliver this share of requests twice, as a retry would (`0.1`, `10%`)' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l speed -d 'With --preserve-timing, go this many times faster (`10x`, `10`)' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l rate -d 'Send at this fixed rate, whatever the answers (`50/s`, `600/min`): an open loop, latency counted from when each request was due' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l concurrency -d 'The most requests under way at once, across calls' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -s f -l format -d 'Output format. `http` and `curl` go with --dry-run; `ndjson` writes one JSON object per line (a dry run\'s requests, or `plan`, `planted`, `attempt` and `summary` records)' -r -f -a "text\t'A line per request, then a summary'
ndjson\t'One JSON object per line: `plan`, `planted`, `attempt`, `summary`'
http\t'With --dry-run: the requests as raw HTTP, which `decode` reads back'
curl\t'With --dry-run: the requests as curl command lines'"
complete -c callhook -n "__fish_callhook_using_subcommand send" -l color -d 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on' -r -f -a "auto\t''
always\t''
never\t''"
complete -c callhook -n "__fish_callhook_using_subcommand send" -l tz -d 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...' -r
complete -c callhook -n "__fish_callhook_using_subcommand send" -l only-failed -d 'Replay only the requests of a `listen` log that no forward delivered'
complete -c callhook -n "__fish_callhook_using_subcommand send" -l disorder -d 'Deliver each call\'s requests in a shuffled order; what was planted is printed'
complete -c callhook -n "__fish_callhook_using_subcommand send" -l preserve-timing -d 'Wait the original gaps between requests (received times of the capture, the flow\'s gaps)'
complete -c callhook -n "__fish_callhook_using_subcommand send" -l dry-run -d 'Write the requests instead of sending them (`--format http` or `curl`)'
complete -c callhook -n "__fish_callhook_using_subcommand send" -l show-response -d 'Show the start of each answer\'s body on its line'
complete -c callhook -n "__fish_callhook_using_subcommand send" -s q -l quiet -d 'No line per request: what is planted and the summary only'
complete -c callhook -n "__fish_callhook_using_subcommand send" -l show-secrets -d 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
complete -c callhook -n "__fish_callhook_using_subcommand send" -l mask-pii -d 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
complete -c callhook -n "__fish_callhook_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c callhook -n "__fish_callhook_using_subcommand browse" -l input-format -d 'Read every record as this format instead of detecting it' -r -f -a "http\t'Raw HTTP/1.x requests, one or many back to back'
curl\t'curl command lines, one or many'
url\t'A URL or request target with a query string (a GET webhook)'
form\t'A form body: `myoperator=<percent-encoded JSON>&...`'
json\t'A bare call log: a JSON object, an array of them, or one per line'
har\t'A HAR 1.2 archive from browser devtools or a proxy'
access-log\t'nginx or Apache access-log lines ("combined" or "common")'
listen-log\t'The capture log `callhook listen` writes: one request a line, with its receive time; its forward-attempt lines are passed over'"
complete -c callhook -n "__fish_callhook_using_subcommand browse" -l color -d 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on' -r -f -a "auto\t''
always\t''
never\t''"
complete -c callhook -n "__fish_callhook_using_subcommand browse" -l tz -d 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...' -r
complete -c callhook -n "__fish_callhook_using_subcommand browse" -l follow -d 'Keep reading the files as they grow (a `callhook listen` log), adding calls and events as they are appended; the selection stays where it is'
complete -c callhook -n "__fish_callhook_using_subcommand browse" -l show-secrets -d 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
complete -c callhook -n "__fish_callhook_using_subcommand browse" -l mask-pii -d 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
complete -c callhook -n "__fish_callhook_using_subcommand browse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c callhook -n "__fish_callhook_using_subcommand help; and not __fish_seen_subcommand_from decode timeline validate migrate fields listen send browse help" -f -a "decode" -d 'Show every field of captured webhook requests, with its meaning'
complete -c callhook -n "__fish_callhook_using_subcommand help; and not __fish_seen_subcommand_from decode timeline validate migrate fields listen send browse help" -f -a "timeline" -d 'Show each call\'s states in the order they happened and arrived, and what is wrong'
complete -c callhook -n "__fish_callhook_using_subcommand help; and not __fish_seen_subcommand_from decode timeline validate migrate fields listen send browse help" -f -a "validate" -d 'Check webhook configurations before saving them, with errors placed like a compiler\'s'
complete -c callhook -n "__fish_callhook_using_subcommand help; and not __fish_seen_subcommand_from decode timeline validate migrate fields listen send browse help" -f -a "migrate" -d 'Write the Webhook v2 configuration that does a v1 configuration\'s job'
complete -c callhook -n "__fish_callhook_using_subcommand help; and not __fish_seen_subcommand_from decode timeline validate migrate fields listen send browse help" -f -a "fields" -d 'Explain call-log fields, codes and dropdown labels, v1 and Webhook v2'
complete -c callhook -n "__fish_callhook_using_subcommand help; and not __fish_seen_subcommand_from decode timeline validate migrate fields listen send browse help" -f -a "listen" -d 'Receive webhooks live, keep every one in a log, decode them as they arrive, and forward them to your app'
complete -c callhook -n "__fish_callhook_using_subcommand help; and not __fish_seen_subcommand_from decode timeline validate migrate fields listen send browse help" -f -a "send" -d 'Send captured requests again, or the requests a webhook configuration would send for a call, to your app: with edits, MyOperator\'s retries, disorder and duplicates'
complete -c callhook -n "__fish_callhook_using_subcommand help; and not __fish_seen_subcommand_from decode timeline validate migrate fields listen send browse help" -f -a "browse" -d 'Browse calls interactively: the call list, a call\'s ladder, each event decoded'
complete -c callhook -n "__fish_callhook_using_subcommand help; and not __fish_seen_subcommand_from decode timeline validate migrate fields listen send browse help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
