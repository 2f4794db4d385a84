-- tim.errors: a public name, kept for users; the module is tim.base.errors (docs/architecture.md).
return require "tim.base.errors"
