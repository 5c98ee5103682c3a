/**
 * Vitest setup: the bot's JSON log lines stay out of a test run's output. A test that runs the command line in
 * process sets the log level from the configuration (`info` by default), which would print every line the
 * store and the doors log among the test results; the environment pins it to `silent` unless the person running
 * the tests chose a level (`CERT_VERIFY_LOG_LEVEL=debug npx vitest run FILE` to see them while chasing a failure).
 * Test failures and vitest's own report are untouched: only the bot's logger is quieted.
 */
process.env.CERT_VERIFY_LOG_LEVEL ??= 'silent';
