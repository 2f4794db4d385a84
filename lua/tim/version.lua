-- tim.version: the one place the release number is written. Every module's _VERSION, tim.VERSION, the
-- User-Agent, `tim --version`, tim.core's _VERSION (passed to the C compiler by the Makefile), the rockspec and
-- CHANGELOG.md agree with it (spec/90-repository_spec.lua checks).
return "0.2.0"
