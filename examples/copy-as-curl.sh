curl 'https://crm.example.com/webhook.php?caller_number=%2B919711636496&state=2' \
  -H 'accept: */*' \
  -H 'content-type: application/x-www-form-urlencoded' \
  -H 'my-super-secret-token: abc123def' \
  --data-raw $'myoperator={"id":"5f25296c4122c135","uid":"n2.1596270949.2175190","reference_id":"fd771ed0-d3d1-11ea-935a-9a5b7644c4f0","company_id":"5cd40f6554442586","clid_raw":"919711636496","clid":"9711636496","rdnis":"911140000000","call_state":"2","event":"1","status":"1","users":["918586848544"],"created":"2020-08-01 08:36:28","call_time":"2020-08-01 08:36:28","public_ivr_id":"5ee9a795b318a786","client_ref_id":"Priya\'s lead","job_id":null}' \
  --compressed
curl -X POST http://your-service-url.com/webhook.php -H 'my-super-secret-token: abc123def' -u admin:123456 -d 'myoperator=%7B%22uid%22%3A%22n2.1596270949.2175190%22%2C%22call_state%22%3A%221%22%7D'
