
use builtin;
use str;

set edit:completion:arg-completer[callhook] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'callhook'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'callhook'= {
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand decode 'Show every field of captured webhook requests, with its meaning'
            cand timeline 'Show each call''s states in the order they happened and arrived, and what is wrong'
            cand validate 'Check webhook configurations before saving them, with errors placed like a compiler''s'
            cand migrate 'Write the Webhook v2 configuration that does a v1 configuration''s job'
            cand fields 'Explain call-log fields, codes and dropdown labels, v1 and Webhook v2'
            cand listen 'Receive webhooks live, keep every one in a log, decode them as they arrive, and forward them to your app'
            cand send 'Send captured requests again, or the requests a webhook configuration would send for a call, to your app: with edits, MyOperator''s retries, disorder and duplicates'
            cand browse 'Browse calls interactively: the call list, a call''s ladder, each event decoded'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'callhook;decode'= {
            cand -f 'Output format. `ndjson` prints exactly one JSON object per record; `csv` a row per field, for a spreadsheet'
            cand --format 'Output format. `ndjson` prints exactly one JSON object per record; `csv` a row per field, for a spreadsheet'
            cand --input-format 'Read every record as this format instead of detecting it'
            cand --config 'Check each request against the webhook of this configuration that sent it: for v1, name query parameters by their mapping and check method, headers, credentials, parameters and values; for Webhook v2, check the URL, the authentication (Basic, or an API key in a header or the query), the custom headers, and that the webhook subscribes to the event'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...'
            cand --ascii 'Draw text output with ASCII only, for terminals without Unicode'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;timeline'= {
            cand -f 'Output format. `csv` needs --summary; `mermaid` draws one call as a sequence diagram, for pasting into a ticket'
            cand --format 'Output format. `csv` needs --summary; `mermaid` draws one call as a sequence diagram, for pasting into a ticket'
            cand --call 'Show only this call (repeatable)'
            cand --state 'Show only calls that have this call state (repeatable)'
            cand --input-format 'Read every record as this format instead of detecting it'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...'
            cand --summary 'One row per call (uid, type, start, duration, answered, time to answer, state path, anomalies), then totals'
            cand --ascii 'Draw with ASCII only, for terminals without Unicode'
            cand --anomalies-only 'Show only calls with at least one anomaly'
            cand --check 'Exit with status 1 when any call shown has an anomaly (stderr says how many, in how many calls)'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;validate'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand --explain 'Say what a rule checks and why it matters, then exit; without a RULE, list every rule with its severity'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...'
            cand --deny-warnings 'Count warnings as errors for the exit status'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;migrate'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;fields'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;listen'= {
            cand --bind 'The address to listen on; a port of 0 picks a free one (the address is printed on stderr). Loopback by default: expose it through a tunnel'
            cand --log 'The capture log: appended to, created if missing, locked while listening'
            cand --durability 'When a request counts as stored: `write` once the kernel has it (survives the process being killed), `fsync` once it is on disk (survives a power loss; one fdatasync covers many requests)'
            cand --max-body 'The largest body taken; larger ones get 413 (`1MiB`, `512KiB`, `2000`)'
            cand --header-timeout 'How long a client may take to send a request''s headers before it is cut off'
            cand --max-connections 'The most connections open at once; more wait to be accepted'
            cand --forward-to 'Forward each request to this app (`http://host:port/base`): the request''s path and query go after the base path'
            cand --mode '`ack` answers 200 once stored and forwards afterwards; `proxy` waits for the app and returns its answer (needs --forward-to)'
            cand --ack-timeout 'In proxy mode, how long the sender waits for the app before getting 504'
            cand --forward-timeout 'How long one forward attempt may take'
            cand --forward-concurrency 'The most forwards under way at once, across calls'
            cand --retry-delay 'The wait before the first retry of a failed forward; it doubles each time'
            cand --retry-max-delay 'The longest wait between retries'
            cand --give-up-after 'Stop retrying a request this long after it was received'
            cand -f 'Output format. `ndjson` writes one decoded record per line to stdout (decode''s schema, with a `listen` member) and all status to stderr'
            cand --format 'Output format. `ndjson` writes one decoded record per line to stdout (decode''s schema, with a `listen` member) and all status to stderr'
            cand --config 'Check each request against this webhook configuration, v1 or v2 (headers, credentials or API key, parameters, the event subscribed to), as `decode --config` does, and flag mismatches on its line'
            cand --grace 'On Ctrl-C, how long requests in flight and forwards under way may take to finish'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...'
            cand --show-response 'Show the start of the app''s answer on each request''s line'
            cand --enforce-auth 'Answer 401 to a request that lacks the configured headers, credentials or API key (it is still logged, and not forwarded). Needs --config'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;send'= {
            cand --to 'Where to send: `http://host:port/base`; each request''s path and query go after the base path. Needed unless --dry-run'
            cand --call 'Replay only this call''s requests (repeatable): its uid, `_pm[ui]` or v2 session id'
            cand --input-format 'Read every capture as this format instead of detecting it'
            cand --set 'Change a field of each request''s call log, in its own transport (form field, query string or JSON body): `call_state=6`, `_ld[0]._ds=NOANSWER`, `payload.status=missed`; `PATH:=JSON` for a JSON value, unchecked. A path no request has, or a value its field cannot take, stops the run (repeatable)'
            cand --config 'Simulate this webhook configuration (v1 or v2, as `validate` reads it); it is checked first, and errors stop the run'
            cand --flow 'The call to simulate: a built-in flow''s name, or a flow file (`.toml` or `.json`)'
            cand --calls 'How many calls of the flow to simulate, each with its own ids'
            cand --seed 'Make ids, numbers and times from this seed: the same seed, the same requests. Without it, calls start now and ids are new each run'
            cand --retries 'Re-send a request that gets no 2xx, or no answer within --timeout, on one of MyOperator''s documented schedules'
            cand --time-scale 'Multiply every retry wait by this (`0.001` runs a day''s schedule in 86 s)'
            cand --timeout 'How long a request may take before it counts as failed (MyOperator''s v1 documents 5 s)'
            cand --duplicate 'Deliver this share of requests twice, as a retry would (`0.1`, `10%`)'
            cand --speed 'With --preserve-timing, go this many times faster (`10x`, `10`)'
            cand --rate 'Send at this fixed rate, whatever the answers (`50/s`, `600/min`): an open loop, latency counted from when each request was due'
            cand --concurrency 'The most requests under way at once, across calls'
            cand -f 'Output format. `http` and `curl` go with --dry-run; `ndjson` writes one JSON object per line (a dry run''s requests, or `plan`, `planted`, `attempt` and `summary` records)'
            cand --format 'Output format. `http` and `curl` go with --dry-run; `ndjson` writes one JSON object per line (a dry run''s requests, or `plan`, `planted`, `attempt` and `summary` records)'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...'
            cand --only-failed 'Replay only the requests of a `listen` log that no forward delivered'
            cand --disorder 'Deliver each call''s requests in a shuffled order; what was planted is printed'
            cand --preserve-timing 'Wait the original gaps between requests (received times of the capture, the flow''s gaps)'
            cand --dry-run 'Write the requests instead of sending them (`--format http` or `curl`)'
            cand --show-response 'Show the start of each answer''s body on its line'
            cand -q 'No line per request: what is planted and the summary only'
            cand --quiet 'No line per request: what is planted and the summary only'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;browse'= {
            cand --input-format 'Read every record as this format instead of detecting it'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...'
            cand --follow 'Keep reading the files as they grow (a `callhook listen` log), adding calls and events as they are appended; the selection stays where it is'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;help'= {
            cand decode 'Show every field of captured webhook requests, with its meaning'
            cand timeline 'Show each call''s states in the order they happened and arrived, and what is wrong'
            cand validate 'Check webhook configurations before saving them, with errors placed like a compiler''s'
            cand migrate 'Write the Webhook v2 configuration that does a v1 configuration''s job'
            cand fields 'Explain call-log fields, codes and dropdown labels, v1 and Webhook v2'
            cand listen 'Receive webhooks live, keep every one in a log, decode them as they arrive, and forward them to your app'
            cand send 'Send captured requests again, or the requests a webhook configuration would send for a call, to your app: with edits, MyOperator''s retries, disorder and duplicates'
            cand browse 'Browse calls interactively: the call list, a call''s ladder, each event decoded'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'callhook;help;decode'= {
        }
        &'callhook;help;timeline'= {
        }
        &'callhook;help;validate'= {
        }
        &'callhook;help;migrate'= {
        }
        &'callhook;help;fields'= {
        }
        &'callhook;help;listen'= {
        }
        &'callhook;help;send'= {
        }
        &'callhook;help;browse'= {
        }
        &'callhook;help;help'= {
        }
    ]
    $completions[$command]
}
