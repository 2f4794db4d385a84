-- tim.api: a public name, kept for users; the module is tim.base.catalogue (docs/architecture.md).
return require "tim.base.catalogue"
