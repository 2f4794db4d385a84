-- tim.client.env: tim.new options from the environment by bin/tim's rules, and usage errors that name the variable.
local tim = require "tim"
local env = require "tim.client.env"
local defaults = require "tim.base.emulator_identity"

local function from(vars) return function(name) return vars[name] end end

describe("tim.client.env", function()
    it("is tim.env, and builds options tim.new accepts", function()
        assert.equal(env.env, tim.env)
        local opts = assert(tim.env(nil, from{ TIM_SDKAPPID = "1400000001", TIM_KEY = "k1", TIM_ADMIN = "ops",
                                              TIM_REGION = "sgp" }))
        assert.same({ sdkappid = 1400000001, key = "k1", admin = "ops", region = "sgp" }, opts)
        assert(tim.new(opts))
        if math.type then assert.equal("integer", math.type(opts.sdkappid)) end
    end)

    it("takes TIM_ENDPOINT over TIM_REGION, as bin/tim does", function()
        local opts = assert(tim.env(nil, from{ TIM_SDKAPPID = "1", TIM_KEY = "k", TIM_REGION = "sgp",
                                              TIM_ENDPOINT = "https://im.example.com" }))
        assert.equal("https://im.example.com", opts.endpoint)
        assert.is_nil(opts.region)
        local cli = require("tim.cli").config({}, from{ TIM_SDKAPPID = "1", TIM_KEY = "k", TIM_REGION = "sgp",
                                                        TIM_ENDPOINT = "https://im.example.com" })
        assert.equal(cli.endpoint, opts.endpoint)
        assert.equal(cli.region, opts.region)
    end)

    it("counts an empty variable as unset", function()
        local opts = assert(tim.env(nil, from{ TIM_SDKAPPID = "1", TIM_KEY = "k", TIM_ADMIN = "", TIM_REGION = "kr",
                                              TIM_ENDPOINT = "" }))
        assert.is_nil(opts.admin)
        assert.is_nil(opts.endpoint)
        assert.equal("kr", opts.region)
        local _, err = tim.env(nil, from{ TIM_SDKAPPID = "", TIM_KEY = "k", TIM_REGION = "kr" })
        assert.matches("TIM_SDKAPPID is not set", tostring(err), 1, true)
    end)

    it("names the missing or malformed variable in a usage error, never the key", function()
        local cases = {
            { {}, "TIM_SDKAPPID is not set" },
            { { TIM_SDKAPPID = "1400000000", TIM_REGION = "sgp" }, "TIM_KEY is not set" },
            { { TIM_SDKAPPID = "1400000000", TIM_KEY = "s3cret-key" }, "neither TIM_REGION" },
            { { TIM_SDKAPPID = "14e8", TIM_KEY = "s3cret-key", TIM_REGION = "sgp" }, "TIM_SDKAPPID must be" },
            { { TIM_SDKAPPID = "-5", TIM_KEY = "s3cret-key", TIM_REGION = "sgp" }, "TIM_SDKAPPID must be" },
            { { TIM_SDKAPPID = "abc", TIM_KEY = "s3cret-key", TIM_REGION = "sgp" }, "TIM_SDKAPPID must be" },
        }
        for _, c in ipairs(cases) do
            local opts, err = tim.env(nil, from(c[1]))
            assert.is_nil(opts)
            assert.equal("usage", err.kind)
            assert.matches("tim.env: " .. c[2], tostring(err), 1, true)
            assert.is_nil(tostring(err):find("s3cret", 1, true))
        end
    end)

    it("gives the emulator's public identity for a loopback endpoint with no app configured", function()
        local opts = assert(tim.env(nil, from{ TIM_ENDPOINT = "http://127.0.0.1:9000" }))
        assert.equal(defaults.sdkappid, opts.sdkappid)
        assert.equal(defaults.key, opts.key)
        assert.equal(defaults.admin, opts.admin)
        for _, url in ipairs{ "http://localhost:1", "http://[::1]:2", "http://127.1.2.3" } do
            assert.equal(defaults.key, assert(tim.env(nil, from{ TIM_ENDPOINT = url })).key)
        end
        -- never for a remote endpoint, nor when part of an app is configured
        local _, err = tim.env(nil, from{ TIM_ENDPOINT = "https://adminapisgp.im.qcloud.com" })
        assert.matches("TIM_SDKAPPID is not set", tostring(err), 1, true)
        _, err = tim.env(nil, from{ TIM_ENDPOINT = "https://127.0.0.1.evil.example" })
        assert.matches("TIM_SDKAPPID is not set", tostring(err), 1, true)
        _, err = tim.env(nil, from{ TIM_ENDPOINT = "http://127.0.0.1:9000", TIM_SDKAPPID = "1400000009" })
        assert.matches("TIM_KEY is not set", tostring(err), 1, true)
    end)

    it("applies the rule to a loopback endpoint given as an extra option, and tim usersig/verify use it", function()
        local emu = require "tim.base.emulator_identity"
        local o = assert(tim.env({ endpoint = "http://127.0.0.1:9" }, function() return nil end))
        assert.same({ emu.sdkappid, emu.key, "http://127.0.0.1:9" }, { o.sdkappid, o.key, o.endpoint })
        assert.is_nil(o.region)
        local cli = require "tim.cli"
        local out = {}
        local io_ = { out = function(s) out[#out + 1] = s end, err = function(s) out[#out + 1] = s end }
        local vars = { TIM_ENDPOINT = "http://127.0.0.1:9" }
        local code = cli.main({ "usersig", "alice" }, io_, function(name) return vars[name] end)
        assert.equal(0, code, table.concat(out))
        local sig = table.concat(out):match("([%w%*%-_]+)%s*$")
        local fields = assert(require("tim.core").verify(sig, emu.sdkappid, emu.key, "alice"))
        assert.equal("alice", fields.identifier)
    end)

    it("lets extra options win over the environment and fill what it lacks", function()
        local opts = assert(tim.env({ retries = 0, region = "jpn", usersig = function() return "sig" end },
                                    from{ TIM_SDKAPPID = "7", TIM_REGION = "sgp" }))
        assert.equal("jpn", opts.region)
        assert.equal(0, opts.retries)
        assert.is_nil(opts.key)                  -- a usersig provider instead of a key
    end)

    it("reads os.getenv by default", function()
        local shell = require "support.shell"
        local lua = jit and "luajit" or "lua5.4"
        local code, out = shell.run("env -u TIM_ENDPOINT -u TIM_ADMIN TIM_SDKAPPID=1400000042 TIM_KEY=k "
            .. "TIM_REGION=idn " .. lua .. [[ -e 'local o = assert(require("tim").env()) ]]
            .. [[io.write(o.sdkappid, " ", o.region, " ", o.key)']])
        assert.equal(0, code, out)
        assert.equal("1400000042 idn k", out)
        code, out = shell.run("env -u TIM_SDKAPPID -u TIM_KEY -u TIM_ENDPOINT " .. lua
            .. [[ -e 'local o, e = require("tim").env() io.write(tostring(o), " ", tostring(e))']])
        assert.equal(0, code, out)
        assert.matches("^nil tim: usage error: tim.env: TIM_SDKAPPID is not set", out)
    end)

    it("raises on arguments of the wrong type, naming them", function()
        assert.has_error(function() tim.env("x") end,
                         "bad argument #1 to 'tim.env' (extra must be a table of tim.new options or nil)")
        assert.has_error(function() tim.env(nil, "getenv") end,
                         "bad argument #2 to 'tim.env' (getenv must be a function or nil)")
    end)
end)
