-- tim.callback.ngx: a public name, kept for users; the module is tim.server.callback.ngx (docs/architecture.md).
return require "tim.server.callback.ngx"
