-- tim.callback: a public name, kept for users; the module is tim.server.callback (docs/architecture.md).
return require "tim.server.callback"
