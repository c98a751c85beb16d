#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| callhook::fuzzing::flow(data));
