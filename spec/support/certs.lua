-- Throwaway TLS material for tests, made with the openssl CLI at test time (never committed).
--
--   local certs = require "support.certs"
--   local c = certs.make(dir)     -- dir: an existing temporary directory
--   c.ca               CA certificate (PEM) that signed cert / wrong_host_cert / expired_cert / wildcard_cert
--   c.cert, c.key      server certificate for DNS:localhost and IP:127.0.0.1 (all leaf certs share c.key)
--   c.wrong_host_cert  for DNS:other.example only
--   c.expired_cert     for localhost / 127.0.0.1, valid 2020-01-01 .. 2020-01-02
--   c.untrusted_cert   for localhost / 127.0.0.1, signed by another CA (c.untrusted_ca) nobody trusts
--   c.wildcard_cert    for DNS:*.lua-tim.test
--   c.cn_only_cert     CN=localhost and no subjectAltName at all
--   c.partial_wildcard_cert  for DNS:f*.lua-tim.test (a partial-label wildcard)
-- EC P-256 keys: quick to make, quick handshakes.

local _M = {}

local function run(cmd)
    local ok, how, code = os.execute(cmd .. " >/dev/null 2>&1")
    if ok == true or ok == 0 then
        return true
    end
    error("support.certs: command failed (" .. tostring(how) .. " " .. tostring(code) .. "): " .. cmd, 2)
end

local shell = require "support.shell"
local write, q = shell.write, shell.q

local CA_CONF = [[
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = %s
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $ENV::TIM_TEST_SAN
[ leaf_nosan ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
[ req ]
distinguished_name = dn
[ dn ]
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
]]

-- A CA in dir/<name>/ with its own openssl ca database.
local function make_ca(dir, name, cn)
    local d = dir .. "/" .. name
    run("mkdir -p " .. q(d .. "/newcerts"))
    write(d .. "/index.txt", "")
    write(d .. "/serial", "1000\n")
    write(d .. "/ca.cnf", CA_CONF:format(d))
    run("TIM_TEST_SAN=DNS:unused openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
        .. " -config " .. q(d .. "/ca.cnf") .. " -extensions v3_ca"
        .. " -subj " .. q("/CN=" .. cn) .. " -keyout " .. q(d .. "/ca.key") .. " -out " .. q(d .. "/ca.crt"))
    return d
end

-- A leaf certificate for `key`, signed by the CA in `ca_dir`; start/end in openssl's YYYYMMDDHHMMSSZ form.
local function make_leaf(ca_dir, csr, out, cn, san, startdate, enddate)
    local dates = startdate and (" -startdate " .. startdate .. " -enddate " .. enddate) or " -days 2"
    run("TIM_TEST_SAN=" .. q(san or "DNS:unused") .. " openssl ca -batch -notext -config " .. q(ca_dir .. "/ca.cnf")
        .. " -extensions " .. (san and "leaf" or "leaf_nosan") .. " -cert " .. q(ca_dir .. "/ca.crt")
        .. " -keyfile " .. q(ca_dir .. "/ca.key")
        .. " -subj " .. q("/CN=" .. cn) .. dates .. " -in " .. q(csr) .. " -out " .. q(out))
end

function _M.make(dir)
    assert(type(dir) == "string" and dir ~= "", "support.certs.make: dir must be a directory path")
    local ca = make_ca(dir, "ca", "lua-tim test CA")
    local other = make_ca(dir, "untrusted-ca", "lua-tim untrusted CA")
    local key, csr = dir .. "/server.key", dir .. "/server.csr"
    run("TIM_TEST_SAN=DNS:unused openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -config "
        .. q(ca .. "/ca.cnf") .. " -subj /CN=localhost -keyout " .. q(key) .. " -out " .. q(csr))
    local local_san = "DNS:localhost,IP:127.0.0.1"
    local c = {
        dir = dir,
        ca = ca .. "/ca.crt",
        untrusted_ca = other .. "/ca.crt",
        key = key,
        cert = dir .. "/server.crt",
        wrong_host_cert = dir .. "/wrong-host.crt",
        expired_cert = dir .. "/expired.crt",
        untrusted_cert = dir .. "/untrusted.crt",
        wildcard_cert = dir .. "/wildcard.crt",
        cn_only_cert = dir .. "/cn-only.crt",
        partial_wildcard_cert = dir .. "/partial-wildcard.crt",
    }
    make_leaf(ca, csr, c.cert, "localhost", local_san)
    make_leaf(ca, csr, c.wrong_host_cert, "other.example", "DNS:other.example")
    make_leaf(ca, csr, c.expired_cert, "localhost", local_san, "20200101000000Z", "20200102000000Z")
    make_leaf(other, csr, c.untrusted_cert, "localhost", local_san)
    make_leaf(ca, csr, c.wildcard_cert, "*.lua-tim.test", "DNS:*.lua-tim.test")
    make_leaf(ca, csr, c.cn_only_cert, "localhost", nil)               -- a subject CN, no subjectAltName
    make_leaf(ca, csr, c.partial_wildcard_cert, "f*.lua-tim.test", "DNS:f*.lua-tim.test")
    return c
end

-- A fresh temporary directory (mktemp -d); remove it with certs.rmdir(dir).
function _M.tmpdir(prefix)
    local p = io.popen("mktemp -d /tmp/" .. (prefix or "lua-tim") .. ".XXXXXX")
    local dir = p:read("*l")
    p:close()
    assert(dir and dir ~= "", "support.certs.tmpdir: mktemp failed")
    return dir
end

function _M.rmdir(dir)
    if dir and dir:match("^/tmp/[%w%-%._]+$") then
        os.execute("rm -rf " .. q(dir))
    end
end

return _M
