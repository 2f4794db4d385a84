-- tim.loop: a public name, kept for users; the module is tim.net.loop (docs/architecture.md).
return require "tim.net.loop"
