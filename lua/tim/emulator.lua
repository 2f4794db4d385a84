-- tim.emulator: a public name, kept for users; the module is tim.server.emulator (docs/architecture.md).
return require "tim.server.emulator"
