-- The emulator's built-in identity: a well-known, public test key, good for loopback only.
return {
    sdkappid = 1400000000,
    admin = "administrator",
    key = "emulator-secret-key-0123456789abcdef0123456789abcdef0123456789abcdef",
}
