# What `callhook timeline --summary` does, in jq, for comparison: events grouped by
# uid into a per-call summary (state path, start, end, answered).
group_by(.uid) | map({uid: .[0].uid, path: (sort_by(.call_time) | map(.call_state) | join(" > ")),
  start: (map(.call_time) | min), end: (map(.call_time) | max), answered: (map(.call_state) | index("6") != null)})
