// Tests synthesise many StatefulApps with the same names: keelson.lock.json is off unless a test
// turns it on with its own temporary file.
process.env.KEELSON_LOCK = 'off';
