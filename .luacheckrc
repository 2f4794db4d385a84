-- Lua 5.4 first, LuaJIT/OpenResty too: accept the union of their standard globals.
std = "max"
max_line_length = 120
codes = true
read_globals = { "ngx" }
exclude_files = { "build/", "lua_modules/", "luarocks/" }

files["spec/"] = { std = "+busted" }
files["bench/"] = { max_line_length = 140 }
