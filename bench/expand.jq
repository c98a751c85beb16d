# What `callhook decode --format ndjson` does, in jq, for comparison: each field of
# each record with its path, key, meaning from a table, value, and a display value
# for codes and date-times.
def meanings: {"id":"call log id","uid":"call unique id","reference_id":"reference id","company_id":"company","clid_raw":"caller raw","clid":"caller","rdnis":"service number","call_state":"state","event":"direction","status":"status","users":"agents","created":"creation time","call_time":"event time","public_ivr_id":"ivr","client_ref_id":"client ref","job_id":"job id"};
def states: {"1":"incoming call on server","2":"call finished","3":"call initiated by user to customer","4":"first party no answer","5":"dialing users","6":"user answered","7":"client rejected the call","9":"no user picked the call (no answer)"};
[to_entries[] | {path: .key, key: .key, meaning: (meanings[.key] // "not in the dictionary"), value: .value,
  display: (if .key == "call_state" then states[.value|tostring]
            elif (.key == "created" or .key == "call_time") then (.value | strptime("%Y-%m-%d %H:%M:%S") | mktime | todate)
            else null end)}] | {fields: .}
