-- tim.json: a public name, kept for users; the module is tim.base.json (docs/architecture.md).
return require "tim.base.json"
