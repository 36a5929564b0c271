// Tests read results, not logs: keep the services' JSON logs out of the test output unless LOG_LEVEL asks for them.
process.env.LOG_LEVEL ??= 'silent';
