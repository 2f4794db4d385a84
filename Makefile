# lua-tim: build, test, benchmark and install.
#
#   make deps     install the Debian packages everything below needs (idempotent)
#   make          build tim.core for $(LUA) (lua5.4 by default; LUA=luajit for LuaJIT 2.1, LUA=lua5.1 for PUC 5.1)
#   make test     every quality gate; results in build/results/*.tap, summary on the last line
#   make demo     start the local emulator and run examples/quickstart.lua against it (LIVE=1: Tencent IM itself)
#   make bench    benchmarks (figures quoted in the README)
#   make check    busted under $(LUA) only, optionally one SPEC=spec/NN-..._spec.lua
#   make quick    busted under $(LUA) without the specs tagged #slow (about 90 s under Lua 5.4, against 210 s for all)
#   make lint     luacheck + cppcheck
#   make fuzz     libFuzzer over the UserSig decoder/verifier and the JSON parser (FUZZ_SECONDS each, default 60)
#   make install  install the modules and bin/tim under $(PREFIX) for $(LUA)
#   make dist     the release tarball and source rock, in build/dist/
#   make docs-run run every Lua example of README.md and docs/*.md (LUA=luajit too)
#   make docs     regenerate docs/endpoints.md, docs/error-codes.md, docs/callback-commands.md from the data

LUA          ?= lua5.4
PREFIX       ?= /usr/local
CC           ?= cc
FUZZ_SECONDS ?= 60
LIVE         ?=
VERSION      := $(shell sed -n 's/^return "\([^"]*\)"$$/\1/p' lua/tim/version.lua)

# Everything apt must provide, one group a line. Debian's luajit conflicts with libnginx-mod-http-lua: use luajit2.
DEB_PACKAGES := build-essential pkg-config ca-certificates openssl libssl-dev zlib1g-dev procps
DEB_PACKAGES += lua5.4 liblua5.4-dev luajit2 libluajit2-5.1-dev lua5.1 liblua5.1-0-dev
DEB_PACKAGES += lua-socket lua-sec lua-cjson lua-busted lua-check lua-posix
DEB_PACKAGES += valgrind cppcheck clang libclang-rt-14-dev
DEB_PACKAGES += nginx libnginx-mod-http-lua lua-resty-core lua-resty-lrucache wrk
DEB_PACKAGES += luarocks git strace
DEB_PACKAGES += redis-server lua-redis lua-nginx-redis
DEB_PACKAGES += chromium fonts-dejavu-core

BUILD   := build
RESULTS := $(BUILD)/results
GATE     = $(NO_TIM_ENV) .ci/gate

# Per-interpreter headers and module trees (LuaJIT and ngx_lua use the 5.1 trees).
LUA_INC_lua5.4   := $(shell pkg-config --cflags lua5.4 2>/dev/null || echo -I/usr/include/lua5.4)
LUA_INC_luajit   := $(shell pkg-config --cflags luajit 2>/dev/null || echo -I/usr/include/luajit-2.1)
LUA_INC_lua5.1   := $(shell pkg-config --cflags lua5.1 2>/dev/null || echo -I/usr/include/lua5.1)
LUA_ABI_lua5.4   := 5.4
LUA_ABI_luajit   := 5.1
LUA_ABI_lua5.1   := 5.1
LUA_ABI          := $(LUA_ABI_$(LUA))

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
CFLAGS   ?= -O2 -g
CFLAGS_ALL = -std=c99 -D_POSIX_C_SOURCE=200809L -fPIC -pthread $(WARN) $(CFLAGS) -DTIM_CORE_VERSION='"$(VERSION)"'
CRYPTO_LIBS := $(shell pkg-config --libs libcrypto zlib 2>/dev/null || echo -lcrypto -lz)

CORE_SRC := csrc/usersig.c csrc/codec.c csrc/json.c csrc/json_enc.c csrc/http_head.c csrc/fdio.c csrc/sig.c
# The Lua binding: compiled against each interpreter's headers.
BIND_SRC := csrc/tim_core.c csrc/json_lua.c csrc/fdio_lua.c csrc/sig_lua.c
CORE_HDR := $(wildcard csrc/*.h)
CORE_OBJ := $(CORE_SRC:csrc/%.c=$(BUILD)/obj/%.o)

# Run Lua against this tree: modules from lua/, tim.core from build/<lua>/.
RUN_ENV = LUA_PATH="$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;$(CURDIR)/spec/?.lua;;" \
          LUA_CPATH="$(CURDIR)/$(BUILD)/$(1)/?.so;;" LUA_TIM_ROOT="$(CURDIR)"
BUSTED_lua5.4 := lua5.4 /usr/bin/busted
BUSTED_luajit := /usr/bin/busted --lua=luajit
BUSTED_lua5.1 := /usr/bin/busted --lua=lua5.1
# PUC Lua 5.1: core, api, errors, JSON, client, retry, usersig, ratelimit, batch, the HTTP codec and the socket
# transport. Not the coroutine-driven transports (custom, ngx): 5.1 cannot yield across the client's pcall.
SPECS_lua5.1 := $(sort $(wildcard spec/0*_spec.lua spec/1*_spec.lua spec/2[0-35]-*_spec.lua))

# make test and make demo never use the caller's TIM_* variables (a real app's SDKAppID and key): each command
# they run starts from an environment without them, so nothing can reach Tencent IM by accident.
NO_TIM_ENV := env $(foreach v,$(filter TIM_%,$(.VARIABLES)),-u $(v))
# ...and to prove it, the demo and the CLI's specs run with a real-looking app configured, under a tracer that
# fails them if any process tries to reach an address off this machine (spec/support/loopback_only).
LOOKS_REAL := TIM_SDKAPPID=1400987654 TIM_KEY=5f2b8c1d9e4a7f3b6c0d2e8a1b5c9f4e7d3a6b0c8e2f5a9d1c4b7e0a3f6d9c2b \
              TIM_ADMIN=administrator TIM_REGION=sgp
ON_LOOPBACK = env $(LOOKS_REAL) spec/support/loopback_only --

.PHONY: all build build-all lua-check rock rock-install deps test check quick lint luacheck cppcheck fuzz bench demo install dist \
        docs-run docs docs-check clean

all: build

build: lua-check $(BUILD)/$(LUA)/tim/core.so

lua-check:
	@test -n "$(LUA_ABI)" || { echo "make: LUA must be lua5.4, luajit or lua5.1, not $(LUA)" >&2; exit 2; }

build-all: $(BUILD)/lua5.4/tim/core.so $(BUILD)/luajit/tim/core.so $(BUILD)/lua5.1/tim/core.so

$(BUILD)/obj/%.o: csrc/%.c $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/%/tim/core.so: $(BIND_SRC) $(CORE_OBJ) $(CORE_HDR) lua/tim/version.lua
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LUA_INC_$*) -shared $(BIND_SRC) $(CORE_OBJ) -o $@ $(CRYPTO_LIBS) -lm

# The pure C unit test: usersig.c, codec.c, json.c, json_enc.c and http_head.c with no Lua at all.
TEST_SRC := csrc/test/test_core.c csrc/test/test_json.c csrc/test/test_http.c
$(BUILD)/test/test_core: $(TEST_SRC) $(wildcard csrc/test/*.h) $(CORE_OBJ) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Icsrc $(TEST_SRC) $(CORE_OBJ) -o $@ $(CRYPTO_LIBS) -lm

# The plain C loop that bench/core.lua compares the Lua binding with (same library calls).
$(BUILD)/bench/usersig_loop: bench/usersig_loop.c $(CORE_OBJ) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Icsrc $< $(CORE_OBJ) -o $@ $(CRYPTO_LIBS)

# libFuzzer target (clang): decode + verify on arbitrary input, built with ASan and UBSan.
$(BUILD)/fuzz/fuzz_verify: csrc/test/fuzz_verify.c $(CORE_SRC) $(CORE_HDR)
	@mkdir -p $(dir $@)
	clang -std=c99 -g -O1 -pthread -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Icsrc \
	    $< $(CORE_SRC) -o $@ $(CRYPTO_LIBS)

# libFuzzer target (clang) over the JSON parser and writer alone (json.c, json_enc.c; usersig.c only for its UTF-8
# check).
$(BUILD)/fuzz/fuzz_json: csrc/test/fuzz_json.c $(CORE_SRC) $(CORE_HDR)
	@mkdir -p $(dir $@)
	clang -std=c99 -g -O1 -pthread -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Icsrc \
	    $< $(CORE_SRC) -o $@ $(CRYPTO_LIBS) -lm

# libFuzzer target (clang) over the HTTP header-block parser (http_head.c): every field inside the input.
$(BUILD)/fuzz/fuzz_http: csrc/test/fuzz_http.c csrc/http_head.c csrc/http_head.h
	@mkdir -p $(dir $@)
	clang -std=c99 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Icsrc \
	    $< csrc/http_head.c -o $@

# ---------------------------------------------------------------------------------------------
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    echo "make deps: installing$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	    systemctl disable --now nginx >/dev/null 2>&1 || true; \
	else echo "make deps: all packages present"; fi

# ---------------------------------------------------------------------------------------------
# make test: each gate leaves TAP lines in build/results; .ci/tally prints "N passed, N failed".
test: deps build-all $(BUILD)/test/test_core
	@rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	@$(GATE) luacheck -- luacheck -q .
	@$(GATE) docs-fresh -- $(MAKE) -s docs-check
	@$(GATE) cppcheck -- $(MAKE) -s cppcheck
	@$(GATE) c-unit --tap $(RESULTS)/c-unit.tap -- $(BUILD)/test/test_core
	@$(GATE) c-unit-valgrind -- valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=all --show-leak-kinds=all $(BUILD)/test/test_core
	@# the three interpreters at once: the specs mostly wait on sockets, timers and child processes (busted under
	@# Lua 5.4 alone takes 200 s of which 60 s is CPU); LuaJIT's and 5.1's output is shown after 5.4's
	@( $(GATE) busted-luajit --tap $(RESULTS)/busted-luajit.tap -- env $(call RUN_ENV,luajit) $(BUSTED_luajit) \
	    -o TAP > $(RESULTS)/busted-luajit.out 2>&1; echo $$? > $(RESULTS)/busted-luajit.rc ) & \
	( $(GATE) busted-lua5.1 --tap $(RESULTS)/busted-lua5.1.tap -- env $(call RUN_ENV,lua5.1) $(BUSTED_lua5.1) \
	    -o TAP $(SPECS_lua5.1) > $(RESULTS)/busted-lua5.1.out 2>&1; echo $$? > $(RESULTS)/busted-lua5.1.rc ) & \
	$(GATE) busted-lua5.4 --tap $(RESULTS)/busted-lua5.4.tap -- env $(call RUN_ENV,lua5.4) $(BUSTED_lua5.4) -o TAP; \
	rc=$$?; wait; cat $(RESULTS)/busted-luajit.out $(RESULTS)/busted-lua5.1.out; \
	test $$rc -eq 0 && test "$$(cat $(RESULTS)/busted-luajit.rc)" = 0 && test "$$(cat $(RESULTS)/busted-lua5.1.rc)" = 0
	@$(GATE) core-valgrind -- env $(call RUN_ENV,lua5.4) valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect,possible lua5.4 spec/support/valgrind_core.lua
	@$(GATE) fuzz-short -- $(MAKE) -s fuzz FUZZ_SECONDS=15
	@$(GATE) docs-lua5.4 --tap $(RESULTS)/docs-lua5.4.tap -- $(MAKE) -s docs-run LUA=lua5.4
	@$(GATE) docs-luajit --tap $(RESULTS)/docs-luajit.tap -- $(MAKE) -s docs-run LUA=luajit
	@$(GATE) demo-loopback -- $(ON_LOOPBACK) $(MAKE) -s demo
	@$(GATE) cli-loopback -- $(ON_LOOPBACK) env $(call RUN_ENV,lua5.4) $(BUSTED_lua5.4) spec/36-cli_spec.lua
	@$(GATE) embed -- $(MAKE) -s -C examples/embed run
	@.ci/tally

# One spec (or all) under one interpreter, for development: make check SPEC=spec/01-core_spec.lua LUA=luajit
SPEC ?=
check: build
	env $(call RUN_ENV,$(LUA)) $(BUSTED_$(LUA)) $(SPEC)

# The specs tagged #slow are the eight that take 10 s or more each under Lua 5.4 (a Redis fleet, hostile peers, the
# snapshot fuzzing, the dashboard in Chromium, installs): make test runs them, a development loop may leave them.
quick: build
	env $(call RUN_ENV,$(LUA)) $(BUSTED_$(LUA)) --exclude-tags=slow $(SPEC)

# The generated reference: docs/generate.lua reads tim.api, tim.errors, tim.callback.commands and the emulator's
# route table (which needs tim.core, hence build). docs-check regenerates into a temporary directory and fails
# when a checked-in file differs.
DOCS_GENERATED := endpoints.md error-codes.md callback-commands.md
docs: build
	env $(call RUN_ENV,lua5.4) lua5.4 docs/generate.lua $(CURDIR)/docs

docs-check: $(BUILD)/lua5.4/tim/core.so
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	env $(call RUN_ENV,lua5.4) lua5.4 docs/generate.lua "$$tmp" || exit 1; \
	for f in $(DOCS_GENERATED) $$(cd "$$tmp" && ls reference/*.md); do \
	    cmp -s "$$tmp/$$f" docs/$$f || { echo "docs/$$f is out of date: run make docs"; \
	        diff -u docs/$$f "$$tmp/$$f" | head -n 20; exit 1; }; \
	done; \
	for f in docs/reference/*.md; do [ -f "$$tmp/$${f#docs/}" ] || { echo "$$f is no longer generated"; exit 1; }; \
	done; echo "docs: generated files are up to date"

lint: luacheck cppcheck

luacheck:
	luacheck .

cppcheck:
	cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
	    --inline-suppr --suppress=missingIncludeSystem --std=c99 -Icsrc csrc

fuzz: $(BUILD)/fuzz/fuzz_verify $(BUILD)/fuzz/fuzz_json $(BUILD)/fuzz/fuzz_http
	@mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/corpus-json $(BUILD)/fuzz/corpus-http
	@printf '\000HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A:  b \r\n\r\n' > $(BUILD)/fuzz/corpus-http/response
	@printf '\001POST /v4/a/b?x=1 HTTP/1.1\r\nHost: h\r\n\r\n' > $(BUILD)/fuzz/corpus-http/request
	$(call RUN_ENV,lua5.4) lua5.4 spec/support/fuzz_seeds.lua $(BUILD)/fuzz/corpus $(BUILD)/fuzz/corpus-json
	@# the fuzzer's status, not tail's: a crash must fail the gate (dash has no pipefail)
	$(BUILD)/fuzz/fuzz_verify -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus > $(BUILD)/fuzz/last.log 2>&1; \
	    rc=$$?; tail -n 12 $(BUILD)/fuzz/last.log; exit $$rc
	$(BUILD)/fuzz/fuzz_json -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/json- $(BUILD)/fuzz/corpus-json > $(BUILD)/fuzz/last-json.log 2>&1; \
	    rc=$$?; tail -n 12 $(BUILD)/fuzz/last-json.log; exit $$rc
	$(BUILD)/fuzz/fuzz_http -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/http- $(BUILD)/fuzz/corpus-http > $(BUILD)/fuzz/last-http.log 2>&1; \
	    rc=$$?; tail -n 12 $(BUILD)/fuzz/last-http.log; exit $$rc

bench: deps build-all $(BUILD)/bench/usersig_loop
	@for b in bench/*.lua; do echo "== $$b"; $(call RUN_ENV,$(LUA)) $(LUA) $$b || exit 1; done

# make demo: the quickstart against a private emulator on a free loopback port (stopped on any exit), whatever
# TIM_* the environment holds. make demo LIVE=1: against Tencent IM, with TIM_SDKAPPID, TIM_KEY and TIM_REGION
# (default sgp) or TIM_ENDPOINT, after saying which app it is about to change.
demo: deps build $(BUILD)/lua5.4/tim/core.so
ifeq ($(LIVE),1)
	@if [ -z "$${TIM_SDKAPPID:-}" ] || [ -z "$${TIM_KEY:-}" ]; then \
	    echo "make demo LIVE=1: set TIM_SDKAPPID and TIM_KEY (and TIM_REGION or TIM_ENDPOINT) to the app to use" >&2; \
	    exit 2; fi; \
	where=$$(env $(call RUN_ENV,$(LUA)) $(LUA) -e 'local e = os.getenv("TIM_ENDPOINT") if e and e ~= "" then \
	    print("endpoint " .. e) else local r = os.getenv("TIM_REGION") r = (r and r ~= "") and r or "sgp" \
	    local h, err = require("tim.api").region_host(r) if not h then io.stderr:write(err, "\n") os.exit(2) end \
	    print("region " .. r .. " (" .. h .. ")") end') || exit 2; \
	echo "make demo LIVE=1: running against Tencent IM itself: SDKAppID $$TIM_SDKAPPID, $$where."; \
	echo "  The quickstart creates accounts and a group in that app (names qs_*_<random>) and deletes them again."; \
	if [ -t 0 ]; then echo "  Starting in 5 s; Ctrl-C to stop."; sleep 5; fi; \
	exec env $(call RUN_ENV,$(LUA)) TIM_REGION="$${TIM_REGION:-sgp}" timeout 300 $(LUA) examples/quickstart.lua
else
	@out=$$(mktemp); \
	$(NO_TIM_ENV) $(call RUN_ENV,lua5.4) timeout 600 lua5.4 bin/tim emulator --port 0 --quiet >"$$out" 2>&1 & \
	pid=$$!; \
	trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null; rm -f "$$out"' EXIT INT TERM; \
	for i in $$(seq 100); do grep -q '^tim emulator listening' "$$out" && break; sleep 0.05; done; \
	url=$$(sed -n 's/^tim emulator listening on //p' "$$out"); \
	if [ -z "$$url" ]; then echo "make demo: the emulator did not start:"; cat "$$out"; exit 1; fi; \
	echo "make demo: local emulator at $$url (make demo LIVE=1 runs against Tencent IM)"; \
	$(NO_TIM_ENV) $(call RUN_ENV,$(LUA)) TIM_ENDPOINT="$$url" timeout 300 $(LUA) examples/quickstart.lua
endif

# Every ```lua block of the README and docs/ run on its own against a fresh emulator (```lua compile-only ones
# only compiled); TAP on stdout, one line per block naming its file and line.
DOCS := README.md $(sort $(wildcard docs/*.md))
docs-run: build-all
	@$(NO_TIM_ENV) $(call RUN_ENV,lua5.4) lua5.4 spec/support/doc_examples.lua --lua $(LUA) $(DOCS)

# make install PREFIX=DIR [LUA=luajit]: DIR/bin/tim finds DIR/share/lua/<abi> and DIR/lib/lua/<abi> by itself.
install: build
	install -d $(DESTDIR)$(PREFIX)/share/lua/$(LUA_ABI)/tim $(DESTDIR)$(PREFIX)/lib/lua/$(LUA_ABI)/tim \
	    $(DESTDIR)$(PREFIX)/bin
	cd lua && find tim -name '*.lua' -exec install -D -m 644 {} $(DESTDIR)$(PREFIX)/share/lua/$(LUA_ABI)/{} \;
	install -m 755 $(BUILD)/$(LUA)/tim/core.so $(DESTDIR)$(PREFIX)/lib/lua/$(LUA_ABI)/tim/core.so
	sed '1s|.*|#!/usr/bin/env $(LUA)|' bin/tim > $(DESTDIR)$(PREFIX)/bin/tim
	chmod 755 $(DESTDIR)$(PREFIX)/bin/tim

# luarocks (build.type = "make"): it passes LUA_INCDIR and the OPENSSL_/ZLIB_ dirs, then the install dirs.
rock: $(CORE_SRC) $(BIND_SRC) $(CORE_HDR)
	@mkdir -p $(BUILD)/rock/tim
	$(CC) -std=c99 -D_POSIX_C_SOURCE=200809L -fPIC -pthread $(WARN) $(CFLAGS) -I$(LUA_INCDIR) -I$(OPENSSL_INCDIR) \
	    -I$(ZLIB_INCDIR) -DTIM_CORE_VERSION='"$(VERSION)"' -shared $(BIND_SRC) $(CORE_SRC) \
	    -o $(BUILD)/rock/tim/core.so -L$(OPENSSL_LIBDIR) -L$(ZLIB_LIBDIR) -lcrypto -lz -lm

rock-install:
	install -d $(INST_LUADIR)/tim $(INST_LIBDIR)/tim $(INST_BINDIR)
	cd lua && find tim -name '*.lua' -exec install -D -m 644 {} $(INST_LUADIR)/{} \;
	install -m 755 $(BUILD)/rock/tim/core.so $(INST_LIBDIR)/tim/core.so
	install -m 755 bin/tim $(INST_BINDIR)/tim

# make dist: build/dist/lua-tim-$(VERSION).tar.gz (every file git tracks or would track, under lua-tim-$(VERSION)/)
# and build/dist/lua-tim-$(VERSION)-1.src.rock (that tarball and the rockspec), which `luarocks build` installs
# with no network. The tarball is reproducible: sorted, owner 0, the last commit's time.
DIST := lua-tim-$(VERSION)
dist:
	@test -f $(DIST)-1.rockspec || { echo "make dist: no $(DIST)-1.rockspec for version $(VERSION)" >&2; exit 1; }
	rm -rf $(BUILD)/dist && mkdir -p $(BUILD)/dist/$(DIST)
	git ls-files -z --cached --others --exclude-standard | \
	    xargs -0 sh -c 'for f; do [ -e "$$f" ] && echo "$$f"; done' sh | \
	    tar -cf - -T - | tar -xf - -C $(BUILD)/dist/$(DIST)
	tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$$(git log -1 --format=%ct 2>/dev/null || echo 0)" \
	    -C $(BUILD)/dist -cf - $(DIST) | gzip -n -9 > $(BUILD)/dist/$(DIST).tar.gz
	cp $(DIST)-1.rockspec $(BUILD)/dist/
	cd $(BUILD)/dist && rm -rf $(DIST) && zip -q -X $(DIST)-1.src.rock $(DIST)-1.rockspec $(DIST).tar.gz
	@echo "make dist: $(BUILD)/dist/$(DIST).tar.gz and $(BUILD)/dist/$(DIST)-1.src.rock"

clean:
	rm -rf $(BUILD)
