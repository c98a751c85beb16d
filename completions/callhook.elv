
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
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the last four digits), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand decode 'Show every field of captured webhook requests, with its meaning'
            cand timeline 'Show each call''s states in the order they happened and arrived, and what is wrong'
            cand validate 'Check webhook configurations before saving them, with errors placed like a compiler''s'
            cand migrate 'Write the Webhook v2 configuration that does a v1 configuration''s job'
            cand fields 'Explain call-log fields, codes and dropdown labels'
            cand generate 'Write deterministic, realistic captures (for benchmarks and tests)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'callhook;decode'= {
            cand -f 'Output format. `ndjson` prints exactly one JSON object per record'
            cand --format 'Output format. `ndjson` prints exactly one JSON object per record'
            cand --input-format 'Read every record as this format instead of detecting it'
            cand --config 'Name query parameters by this webhook configuration''s mapping, and check each request against it (method, headers, credentials, parameters, values)'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the last four digits), for output pasted into tickets'
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
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC'
            cand --summary 'One row per call (uid, type, start, duration, answered, time to answer, state path, anomalies), then totals'
            cand --ascii 'Draw with ASCII only, for terminals without Unicode'
            cand --anomalies-only 'Show only calls with at least one anomaly'
            cand --check 'Exit with status 1 when any call shown has an anomaly'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the last four digits), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;validate'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand --explain 'Say what a rule checks and why it matters, then exit'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC'
            cand --deny-warnings 'Count warnings as errors for the exit status'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the last four digits), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;migrate'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the last four digits), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;fields'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the last four digits), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;generate'= {
            cand --calls 'How many calls'
            cand --seed 'The random seed: the same seed writes the same bytes'
            cand -f 'What to write'
            cand --format 'What to write'
            cand --color 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on'
            cand --tz 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC'
            cand --show-secrets 'Show passwords, tokens and secret-looking values instead of `<redacted>`'
            cand --mask-pii 'Mask phone numbers everywhere they appear (keeps the last four digits), for output pasted into tickets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'callhook;help'= {
            cand decode 'Show every field of captured webhook requests, with its meaning'
            cand timeline 'Show each call''s states in the order they happened and arrived, and what is wrong'
            cand validate 'Check webhook configurations before saving them, with errors placed like a compiler''s'
            cand migrate 'Write the Webhook v2 configuration that does a v1 configuration''s job'
            cand fields 'Explain call-log fields, codes and dropdown labels'
            cand generate 'Write deterministic, realistic captures (for benchmarks and tests)'
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
        &'callhook;help;generate'= {
        }
        &'callhook;help;help'= {
        }
    ]
    $completions[$command]
}
