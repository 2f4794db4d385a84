/* usersig_corpus.h: UserSig documents with the answers tim_usersig_decode and tim_usersig_verify gave
 * them when usersig.c had a JSON parser of its own (commit 9bf27de, before issue 22 moved it onto json.c).
 * test_core.c checks that the answers stay the same, word for word and field for field.
 *
 * The documents were picked from a one-off corpus of about 20,000 (the vectors of spec/fixtures/usersig.json,
 * the documents of spec/01-core_spec.lua and of the fuzz seeds, deliberate edge cases, and mutations of them:
 * member order, numbers as strings and in every form, escapes in names and values, duplicate and nested
 * members, deep nesting, whitespace, truncation, invalid UTF-8), so that every kind of mutation appears with
 * every answer it got. "want" is what describe() in test_core.c prints: the decode word and fields, the verify
 * word (KEY, sdkappid 1400000000, now 1700000100, the identifier given, NULL: any), the verify word with any
 * identifier. Generated; do not edit by hand. */
#ifndef TIM_TEST_USERSIG_CORPUS_H
#define TIM_TEST_USERSIG_CORPUS_H

#include <stddef.h>

typedef struct {
    const char *doc;
    size_t len;
    const char *identifier; /* verify's expected identifier, NULL: any */
    const char *note;       /* where the document came from (corpus line: kind of mutation) */
    const char *want;
} usersig_case;

#define DOC(s) s, sizeof(s) - 1

static const usersig_case usersig_corpus[] = {
    {DOC("{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"RopVC1bR5EAtsJRNMDvUi6-YDWo\", \"TLS.sdkappid\": 41"
          "19662619, \"TLS.expire\": 2147483647, \"TLS.time\": 1234567890, \"TLS.sig\": \"rlmr8AcwLOT7XZFi9"
          "8ud9DtftuXc8pAWsxwaQvBE5ps=\"}"),
     "RopVC1bR5EAtsJRNMDvUi6-YDWo", "1:vector-doc-valid",
     "ok ver='2.0' id='RopVC1bR5EAtsJRNMDvUi6-YDWo' app=4119662619 exp=2147483647 time=1234567890 sig="
     "'rlmr8AcwLOT7XZFi98ud9DtftuXc8pAWsxwaQvBE5ps=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":8"
          "6400,\"TLS.time\":1700000000,\"TLS.sig\":\"SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=\"}"),
     "xiaojun", "170:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1700000000 sig='SNF4FmVCPucoXsBOpbVF3fFC"
     "f57JPm0ezZ1jeVILlVc=' | verify ok | any id ok"},
    {DOC("{\"TLS.expire\":86400,\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.sig\":\"S"
          "NF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=\",\"TLS.time\":1700000000,\"TLS.ver\":\"2.0\"}"),
     "xiaojun", "172:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1700000000 sig='SNF4FmVCPucoXsBOpbVF3fFC"
     "f57JPm0ezZ1jeVILlVc=' | verify ok | any id ok"},
    {DOC("{\012  \"TLS.sig\": \"SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=\",\012  \"TLS.time\": 1700000"
          "000,\012  \"TLS.expire\": 86400,\012  \"TLS.sdkappid\": 1400000000,\012  \"TLS.identifier\": \"x"
          "iaojun\",\012  \"TLS.ver\": \"2.0\"\012}\012"),
     "xiaojun", "174:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1700000000 sig='SNF4FmVCPucoXsBOpbVF3fFC"
     "f57JPm0ezZ1jeVILlVc=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.time\":170"
          "0000000,\"TLS.expire\":86400,\"TLS.sig\":\"SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=\"}"),
     "xiaojun", "176:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1700000000 sig='SNF4FmVCPucoXsBOpbVF3fFC"
     "f57JPm0ezZ1jeVILlVc=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.sdkappid\":1400000000,\"TLS.identifier\":\"xiaojun\",\"TLS.time\":170"
          "0000000,\"TLS.expire\":86400,\"TLS.sig\":\"SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=\"}"),
     "xiaojun", "178:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1700000000 sig='SNF4FmVCPucoXsBOpbVF3fFC"
     "f57JPm0ezZ1jeVILlVc=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":8"
          "6400,\"TLS.time\":1700000000,\"TLS.sig\":\"SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=\"}"),
     "xiaojun", "180:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1700000000 sig='SNF4FmVCPucoXsBOpbVF3fFC"
     "f57JPm0ezZ1jeVILlVc=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":8"
          "6400,\"TLS.time\":1700000000,\"TLS.sig\":\"SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=\"}\012"),
     "xiaojun", "182:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1700000000 sig='SNF4FmVCPucoXsBOpbVF3fFC"
     "f57JPm0ezZ1jeVILlVc=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.time\":170"
          "0000000,\"TLS.expire\":86400,\"TLS.sig\":\"SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=\"}"),
     "xiaojun", "184:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1700000000 sig='SNF4FmVCPucoXsBOpbVF3fFC"
     "f57JPm0ezZ1jeVILlVc=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":8"
          "6400,\"TLS.time\":1795676608,\"TLS.sig\":\"mnCxamgR7NsqExtff3QPqQCQoE5o6YDm2oi6/HnVXTs=\"}\012"),
     "xiaojun", "186:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1795676608 sig='mnCxamgR7NsqExtff3QPqQCQ"
     "oE5o6YDm2oi6/HnVXTs=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.sdkappid\":1400000000,\"TLS.identifier\":\"xiaojun\",\"TLS.time\":170"
          "0000000,\"TLS.expire\":86400,\"TLS.sig\":\"SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=\"}"),
     "xiaojun", "188:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1700000000 sig='SNF4FmVCPucoXsBOpbVF3fFC"
     "f57JPm0ezZ1jeVILlVc=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":8"
          "6400,\"TLS.time\":1700000000,\"TLS.sig\":\"SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=\"}"),
     "xiaojun", "190:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1700000000 sig='SNF4FmVCPucoXsBOpbVF3fFC"
     "f57JPm0ezZ1jeVILlVc=' | verify ok | any id ok"},
    {DOC("{\"TLS.expire\":86400,\"TLS.ver\":\"2.0\",\"TLS.sdkappid\":1400000000,\"TLS.identifier\":\"xiaoj"
          "un\",\"TLS.sig\":\"mnCxamgR7NsqExtff3QPqQCQoE5o6YDm2oi6\\/HnVXTs=\",\"TLS.time\":1795676608}"),
     "xiaojun", "192:vector-doc-compat",
     "ok ver='2.0' id='xiaojun' app=1400000000 exp=86400 time=1795676608 sig='mnCxamgR7NsqExtff3QPqQCQ"
     "oE5o6YDm2oi6/HnVXTs=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "193:spec01",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC(" \012{ \"TLS.sig\" : \"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\" ,\015\012\011\"TLS.time\" "
          ": 1700000000 , \"TLS.expire\":86400,\"TLS.sdkappid\" : 1400000000, \"TLS.identifier\":\"alice\" "
          ", \"TLS.ver\" : \"2.0\" }\012 "),
     "alice", "194:spec01",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a\\u0000\\ud834\\uDD1Eb\",\"TLS.sdkappid\":1400000000,"
          "\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOg"
          "Wxfg1k=\"}"),
     "alice", "195:spec01",
     "ok ver='2.0' id='a\\x00\\xf0\\x9d\\x84\\x9eb' app=1400000000 exp=86400 time=1700000000 sig='6Gmj"
     "jJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=' | verify wrong_identifier | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.si"
          "g\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "196:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"} x"),
     "alice", "197:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("[{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":86"
          "400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}]"),
     "alice", "198:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("\"TLS.ver\""),
     "alice", "199:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC(""),
     "alice", "200:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[["
          "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
          "[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]}"),
     "alice", "201:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",,\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":86"
          "400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "202:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":0x1"
          "0,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "203:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":086"
          "400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "204:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":{\""
          "a\":[1,2.5e3,true,false,null,{\"b\":\"c\"}]},\"TLS.other\":-1}"),
     "alice", "205:spec01",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700"
          "000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "206:spec01",
     "ok ver=- id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLqIVer"
     "I6rpJOgWxfg1k=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":2.0,\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":86400,\""
          "TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "207:spec01",
     "ok ver=- id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLqIVer"
     "I6rpJOgWxfg1k=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"3.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "208:spec01",
     "ok ver='3.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0 \",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":86"
          "400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "209:spec01",
     "ok ver='2.0 ' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknL"
     "qIVerI6rpJOgWxfg1k=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.time\":17000"
          "00000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "210:spec01",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\""
          "TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "211:spec01",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":\"1700000000\",\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "212:spec01",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00.0,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "213:spec01",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":8.6"
          "4e4,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "214:spec01",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":18446744073709551616,\"TLS.ex"
          "pire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "215:spec01",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":null,\"TLS.sdkappid\":1400000000,\"TLS.expire\":86400,\""
          "TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "216:spec01",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":1}"),
     "alice", "217:spec01",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.us"
          "erbuf\":5}"),
     "alice", "218:spec01",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.us"
          "erbuf\":\"AAEC\"}"),
     "alice", "219:spec01",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' ub='AAEC'/'\\x00\\x01\\x02' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.us"
          "erbuf\":\"A!\"}"),
     "alice", "220:spec01",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":5694967296,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "221:spec01",
     "ok ver='2.0' id='alice' app=5694967296 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":-1,"
          "\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "222:spec01",
     "ok ver='2.0' id='alice' app=1400000000 exp=-1 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLqIVe"
     "rI6rpJOgWxfg1k=' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":9223372036854775797,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "223:spec01",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=9223372036854775797 sig='6GmjjJlI0ZfvdjC0q"
     "JyFjHknLqIVerI6rpJOgWxfg1k=' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":922"
          "3372036854775807,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg"
          "1k=\"}"),
     "alice", "224:spec01",
     "ok ver='2.0' id='alice' app=1400000000 exp=9223372036854775807 time=1700000000 sig='6GmjjJlI0Zfv"
     "djC0qJyFjHknLqIVerI6rpJOgWxfg1k=' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS\\u002eidentifier\":\"\\u0061l\\/ice\",\"TLS.sdkappid\":1400000000,\"T"
          "LS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxf"
          "g1k=\"}"),
     "alice", "225:spec01",
     "ok ver='2.0' id='al/ice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknL"
     "qIVerI6rpJOgWxfg1k=' | verify wrong_identifier | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\\ud800x\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":"
          "86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "226:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\\udc00\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":8"
          "6400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "227:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\\ud800\\u0041\",\"TLS.sdkappid\":1400000000,\"TLS.exp"
          "ire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "228:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a\377\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "229:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\300\257\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":"
          "86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "230:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a\001b\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":86"
          "400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "231:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\355\240\200\",\"TLS.sdkappid\":1400000000,\"TLS.expir"
          "e\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "232:spec01",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\\u0000\\ud834\\udd1e\\/\",\"TLS.sdkappid\":1,\"TLS.ex"
          "pire\":9223372036854775807,\"TLS.time\":-9223372036854775808,\"TLS.sig\":\"\",\"x\":[{},[],null,"
          "1e5]}"),
     "xiaojun", "233:seed",
     "ok ver='2.0' id='\\x00\\xf0\\x9d\\x84\\x9e/' app=1 exp=9223372036854775807 time=-922337203685477"
     "5808 sig='' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{}"),
     "xiaojun", "234:seed",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":0,\"TLS.expire\":86400,\"TLS."
          "time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "235:edge",
     "ok ver='2.0' id='alice' app=0 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJ"
     "OgWxfg1k=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":0}"),
     "alice", "236:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[0"
          ",0]}"),
     "alice", "237:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":-0,\"TLS.expire\":86400,\"TLS"
          ".time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "238:edge",
     "ok ver='2.0' id='alice' app=0 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJ"
     "OgWxfg1k=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":-0"
          "}"),
     "alice", "239:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[-"
          "0,-0]}"),
     "alice", "240:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1.0,\"TLS.expire\":86400,\"TL"
          "S.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "241:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":1."
          "0}"),
     "alice", "242:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          ".0,1.0]}"),
     "alice", "243:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1e0,\"TLS.expire\":86400,\"TL"
          "S.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "244:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":1e"
          "0}"),
     "alice", "245:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          "e0,1e0]}"),
     "alice", "246:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":-0.0,\"TLS.expire\":86400,\"T"
          "LS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "247:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":-0"
          ".0}"),
     "alice", "248:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[-"
          "0.0,-0.0]}"),
     "alice", "249:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1E+2,\"TLS.expire\":86400,\"T"
          "LS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "250:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":1E"
          "+2}"),
     "alice", "251:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          "E+2,1E+2]}"),
     "alice", "252:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":2.5,\"TLS.expire\":86400,\"TL"
          "S.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "253:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":2."
          "5}"),
     "alice", "254:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[2"
          ".5,2.5]}"),
     "alice", "255:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1e400,\"TLS.expire\":86400,\""
          "TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "256:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":1e"
          "400}"),
     "alice", "257:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          "e400,1e400]}"),
     "alice", "258:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":-1e400,\"TLS.expire\":86400,\""
          "TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "259:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":-1"
          "e400}"),
     "alice", "260:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[-"
          "1e400,-1e400]}"),
     "alice", "261:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1e-400,\"TLS.expire\":86400,\""
          "TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "262:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":1e"
          "-400}"),
     "alice", "263:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          "e-400,1e-400]}"),
     "alice", "264:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1e23,\"TLS.expire\":86400,\"T"
          "LS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "265:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":1e"
          "23}"),
     "alice", "266:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          "e23,1e23]}"),
     "alice", "267:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1e20,\"TLS.expire\":86400,\"T"
          "LS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "268:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":1e"
          "20}"),
     "alice", "269:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          "e20,1e20]}"),
     "alice", "270:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":9223372036854775807,\"TLS.exp"
          "ire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "271:edge",
     "ok ver='2.0' id='alice' app=9223372036854775807 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0q"
     "JyFjHknLqIVerI6rpJOgWxfg1k=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":92"
          "23372036854775807}"),
     "alice", "272:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[9"
          "223372036854775807,9223372036854775807]}"),
     "alice", "273:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":9223372036854775808,\"TLS.exp"
          "ire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "274:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":92"
          "23372036854775808}"),
     "alice", "275:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[9"
          "223372036854775808,9223372036854775808]}"),
     "alice", "276:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":-9223372036854775808,\"TLS.ex"
          "pire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "277:edge",
     "ok ver='2.0' id='alice' app=-9223372036854775808 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0"
     "qJyFjHknLqIVerI6rpJOgWxfg1k=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":-9"
          "223372036854775808}"),
     "alice", "278:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[-"
          "9223372036854775808,-9223372036854775808]}"),
     "alice", "279:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":-9223372036854775809,\"TLS.ex"
          "pire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "280:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":-9"
          "223372036854775809}"),
     "alice", "281:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[-"
          "9223372036854775809,-9223372036854775809]}"),
     "alice", "282:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":18446744073709551615,\"TLS.ex"
          "pire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "283:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":18"
          "446744073709551615}"),
     "alice", "284:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          "8446744073709551615,18446744073709551615]}"),
     "alice", "285:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":18446744073709551616,\"TLS.ex"
          "pire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "286:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":18"
          "446744073709551616}"),
     "alice", "287:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          "8446744073709551616,18446744073709551616]}"),
     "alice", "288:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":99999999999999999999999,\"TLS"
          ".expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1"
          "k=\"}"),
     "alice", "289:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":99"
          "999999999999999999999}"),
     "alice", "290:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[9"
          "9999999999999999999999,99999999999999999999999]}"),
     "alice", "291:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":9007199254740993.0,\"TLS.expi"
          "re\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "292:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":90"
          "07199254740993.0}"),
     "alice", "293:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[9"
          "007199254740993.0,9007199254740993.0]}"),
     "alice", "294:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000.0,\"TLS.expire\":8"
          "6400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "304:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":14"
          "00000000.0}"),
     "alice", "305:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          "400000000.0,1400000000.0]}"),
     "alice", "306:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":14e8,\"TLS.expire\":86400,\"T"
          "LS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "307:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":14"
          "e8}"),
     "alice", "308:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          "4e8,14e8]}"),
     "alice", "309:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":01,\"TLS.expire\":86400,\"TLS"
          ".time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "310:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":01"
          "}"),
     "alice", "311:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[0"
          "1,01]}"),
     "alice", "312:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":+1,\"TLS.expire\":86400,\"TLS"
          ".time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "313:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":+1"
          "}"),
     "alice", "314:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[+"
          "1,+1]}"),
     "alice", "315:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":-,\"TLS.expire\":86400,\"TLS."
          "time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "316:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":-}"),
     "alice", "317:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[-"
          ",-]}"),
     "alice", "318:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1.,\"TLS.expire\":86400,\"TLS"
          ".time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "319:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":1."
          "}"),
     "alice", "320:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          ".,1.]}"),
     "alice", "321:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"n\":[["
          "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]}"),
     "alice", "322:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"n\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":1}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}"
          "]}]}]}]}]}]}]}]}]}]}]}"),
     "alice", "324:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"n\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkap"
          "pid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyF"
          "jHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "325:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"n\":[["
          "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"),
     "alice", "326:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"n\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":1}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}"
          "]}]}]}]}]}]}]}]}]}]}]}"),
     "alice", "328:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"n\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdk"
          "appid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJ"
          "yFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "329:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"n\":[["
          "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"),
     "alice", "330:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"n\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":1}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}"
          "]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}"),
     "alice", "332:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"n\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.s"
          "dkappid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0"
          "qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "333:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"n\":[["
          "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"),
     "alice", "334:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"n\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":1}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}"
          "]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}"),
     "alice", "336:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"n\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS"
          ".sdkappid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0Zfvdj"
          "C0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "337:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"n\":[["
          "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"),
     "alice", "338:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"n\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{"
          "\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":1}]}]}]}]}]}]}]}]}]}]}]}]}"
          "]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}"),
     "alice", "340:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"n\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"T"
          "LS.sdkappid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0Zfv"
          "djC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "341:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.si"
          "g\":\"x\"}"),
     "alice", "342:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS\\u"
          "002esig\":\"x\"}"),
     "alice", "343:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.\\"
          "u0073ig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "344:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":1,"
          "\"x\":2}"),
     "alice", "345:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"w\":{\""
          "TLS.ver\":\"3.0\",\"TLS.ver\":1}}"),
     "alice", "346:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"w\":[\""
          "TLS.ver\"]}"),
     "alice", "347:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"w\":{\""
          "TLS.sig\":{\"TLS.sig\":1}}}"),
     "alice", "348:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"\\u0054\\u004C\\u0053\\u002E\\u0076\\u0065\\u0072\":\"2.0\",\"TLS.identifier\":\"alice\",\"TL"
          "S.sdkappid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0Zfvd"
          "jC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "349:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\\u0000\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expir"
          "e\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "350:edge",
     "ok ver=- id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLqIVer"
     "I6rpJOgWxfg1k=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.Ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "351:edge",
     "ok ver=- id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLqIVer"
     "I6rpJOgWxfg1k=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "352:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":140000000"
          "0,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJ"
          "OgWxfg1k=\"}"),
     "alice", "353:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2\\u002e0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire"
          "\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "354:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\\u0000\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expir"
          "e\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "355:edge",
     "ok ver='2.0\\x00' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFj"
     "HknLqIVerI6rpJOgWxfg1k=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\\u0000\",\"TLS.sdkappid\":1400000000,\"TLS.expir"
          "e\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "356:edge",
     "ok ver='2.0' id='alice\\x00' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFj"
     "HknLqIVerI6rpJOgWxfg1k=' | verify wrong_identifier | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.us"
          "erbuf\":null}"),
     "alice", "357:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.us"
          "erbuf\":\"AAEC\",\"TLS.userbuf\":\"AAEC\"}"),
     "alice", "358:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.us"
          "erbuf\":\"AAE=\"}"),
     "alice", "359:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' ub='AAE='/'\\x00\\x01' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.us"
          "erbuf\":\"AA\"}"),
     "alice", "360:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' ub='AA'/'\\x00' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"TLS.us"
          "erbuf\":\"\\u0041\\u0041\\u0045\\u0043\"}"),
     "alice", "361:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' ub='AAEC'/'\\x00\\x01\\x02' | verify bad_hmac | any id bad_hmac"},
    {DOC("[]"),
     "alice", "362:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("\"\""),
     "alice", "363:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("1"),
     "alice", "364:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("null"),
     "alice", "365:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{}"),
     "alice", "366:edge",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC(" "),
     "alice", "367:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("\011{}\012"),
     "alice", "368:edge",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{ }"),
     "alice", "369:edge",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"a\":1}"),
     "alice", "370:edge",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{,}"),
     "alice", "371:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{}{}"),
     "alice", "372:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\"}"),
     "alice", "373:edge",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("\357\273\277{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS."
          "expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k"
          "=\"}"),
     "alice", "374:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}\000"),
     "alice", "375:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\" : \"2.0\",\"TLS.identifier\" : \"alice\",\"TLS.sdkappid\" : 1400000000,\"TLS.expire"
          "\" : 86400,\"TLS.time\" : 1700000000,\"TLS.sig\" : \"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k"
          "=\"}"),
     "alice", "376:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\"\012,\015\012\011\"TLS.identifier\":\"alice\"\012,\015\012\011\"TLS.sdkappid"
          "\":1400000000\012,\015\012\011\"TLS.expire\":86400\012,\015\012\011\"TLS.time\":1700000000\012,\015"
          "\012\011\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "377:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\"\014,\"TLS.identifier\":\"alice\"\014,\"TLS.sdkappid\":1400000000\014,\"TLS."
          "expire\":86400\014,\"TLS.time\":1700000000\014,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJ"
          "OgWxfg1k=\"}"),
     "alice", "378:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\"\013,\"TLS.identifier\":\"alice\"\013,\"TLS.sdkappid\":1400000000\013,\"TLS."
          "expire\":86400\013,\"TLS.time\":1700000000\013,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJ"
          "OgWxfg1k=\"}"),
     "alice", "379:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"al\\u00e9ce\",\"TLS.sdkappid\":1400000000,\"TLS.expire"
          "\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "380:edge",
     "ok ver='2.0' id='al\\xc3\\xa9ce' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0q"
     "JyFjHknLqIVerI6rpJOgWxfg1k=' | verify wrong_identifier | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\\uD834\\uDD1E\",\"TLS.sdkappid\":1400000000,\"TLS.exp"
          "ire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "381:edge",
     "ok ver='2.0' id='\\xf0\\x9d\\x84\\x9e' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0Zf"
     "vdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=' | verify wrong_identifier | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\\uDD1E\\uD834\",\"TLS.sdkappid\":1400000000,\"TLS.exp"
          "ire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""
          "}"),
     "alice", "382:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\\ud834\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":8"
          "6400,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "383:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\\u00\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "384:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\\a\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":86400"
          ",\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "385:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a\\,\"TLS.sdkappid\":1400000000,\"TLS.expire\":86400,\""
          "TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "386:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "387:edge",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":tr"
          "u}"),
     "alice", "388:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":nu"
          "l}"),
     "alice", "389:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":fa"
          "lsey}"),
     "alice", "390:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",\"x\":[1"
          ",]}"),
     "alice", "391:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\",}"),
     "alice", "392:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\""),
     "alice", "393:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k="),
     "alice", "394:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TL"),
     "alice", "395:edge",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{  \"TLS.expire\":86400,\"TLS.time\":1700000000\015\012,\"TLS.identifier\":\"bob\",\012\"TLS.sdk"
          "appid\"  :1400000000\015,\"TLS.ver\"\015\012:\"2.0\"}\015\012 "),
     NULL, "609:members:shuffle,bytes:trail",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":{},\"TLS.expire\":\015\"2.0\" ,\"TLS.sig\"\015:\011\"urItoqqGCLzJtjrRBVOwFEd3z77J7l"
          "gdmiJ2DlXxuYU=\",\"TLS.time\"  :0,\"TLS.identifier\":\"alice\",\"TLS.sdkappid\"\011:0\015\012} \011"
          "\015\012"),
     NULL, "630:members:shuffle+type+weird_val,bytes:trail",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"alice\", \"TLS.sdkappid\": 1400000000, \"TLS.time\""
          ": 1700000000, \"TLS.expire\": \"x\", \"TLS.sig\": \"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1:k"
          "=\"}"),
     "alice", "653:members:dup_tls+delete,bytes:insert",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":1400000000.0,\"TLS.identifier\":\"al/ice\",\"TLS.sdkappid\":1400000000,\"TLS.expire"
          "\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"9XSkJ++fzKsjLrVri9wmYpW5OTyDbYNXrcF2pCvNs/k=\",\""
          " TLS.ver\":1,\"wrap\":{\"TLS.identifier\":-9223372036854775808,\"TLS.identifier\":\"al/ice\"}}"),
     "al/ice", "868:members:weird_val+nested_tls+extra",
     "ok ver=- id='al/ice' app=1400000000 exp=86400 time=1700000000 sig='9XSkJ++fzKsjLrVri9wmYpW5OTyDb"
     "YNXrcF2pCvNs/k=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\"\011,  \"TLS.identifier\":\015\"2091206399\",\"TLS.sdkappid\":\0111400000000"
          ",\"TLS.userbuf\":\015\012\"AA==\",\"TLS.expire\":\0159223372036854775807  ,\"TLS.time\":17000000"
          "00,\015\012\"TLS.sig\"\015:\"hc8N5xRfY1fbc7AFhrWVr51kxS5ve2NGMXcVaa6TlmA=\"}"),
     NULL, "1279:members:num_str+num_str+ub,bytes:replace_tok",
     "ok ver='2.0' id='2091206399' app=1400000000 exp=9223372036854775807 time=1700000000 sig='hc8N5xR"
     "fY1fbc7AFhrWVr51kxS5ve2NGMXcVaa6TlmA=' ub='AA=='/'\\x00' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"\\ud83d\\ude00\\u7528\\u6237]\\u7528\\u6237\", \"TL"
          "S.sdkappid\": 214783648, \"TLS.expire\": 15552000, \"TLS.time\": 1700000000, \"TLS.sig\": \"XRoG"
          "In4Ey0egAfEZr86OuZReO7ft4fq+bfJud+WwR6I=\"}"),
     "\360\237\230\200\347\224\250\346\210\267\347\224\250\346\210\267", "1523:vector-bytes",
     "ok ver='2.0' id='\\xf0\\x9f\\x98\\x80\\xe7\\x94\\xa8\\xe6\\x88\\xb7]\\xe7\\x94\\xa8\\xe6\\x88\\x"
     "b7' app=214783648 exp=15552000 time=1700000000 sig='XRoGIn4Ey0egAfEZr86OuZReO7ft4fq+bfJud+WwR6I="
     "' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.sig\":\"Tm1MDw7ISM+7P//hkhwR9o2U2XzH0PfadoeNeZAdNTo=\",\"TLS.expire\":86400,\"TLS.sdkappi"
          "d\":5694967296,\"TLS.identifier\":\"alice\",\"TLS.time\":111111111111111111,\"n\":{\"k\":{\"k\":"
          "{\"k\":[[[{\"k\":[[{\"k\":{\"k\":{\"k\":[[{\"k\":[[[[[[{\"k\":[{\"k\":[[[{\"k\":[{\"k\":{\"k\":{"
          "\"k\":{\"k\":[[[{\"k\":{\"k\":[{\"k\":[{\"k\":{\"k\":{\"k\":[{\"k\":[[{\"k\":[[[[{\"k\":{\"k\":["
          "{\"k\":[[[{\"k\":[{\"k\":{}}]}]]]}]}}]]]]}]]}]}}}]}]}}]]]}}}}]}]]]}]}]]]]]]}]]}}}]]}]]]}}},\"TLS"
          ".ver\":\"2.0\"}"),
     NULL, "1629:members:nest+weird_val+shuffle",
     "ok ver='2.0' id='alice' app=5694967296 exp=86400 time=111111111111111111 sig='Tm1MDw7ISM+7P//hkh"
     "wR9o2U2XzH0PfadoeNeZAdNTo=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"x\":\"TLS.ver\",\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a\343\200\200l/ice\",\"TLS.sdkappid\""
          ":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"9XSkJ++fzKsjLrVri9wmYpW5O"
          "TyDbYNXrcF2pCvNs/k=\",\"x\":[]}"),
     "al/ice", "1748:members:dup_other,bytes:ws_bad",
     "ok ver='2.0' id='a\\xe3\\x80\\x80l/ice' app=1400000000 exp=86400 time=1700000000 sig='9XSkJ++fzK"
     "sjLrVri9wmYpW5OTyDbYNXrcF2pCvNs/k=' | verify wrong_identifier | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a\\u0000b\\\"\\\\\\n\",\"TLS.sdkappid\":1400000000,\"T"
          "LS.expire\":86400,\"TLS.time\":1700000000,\"T\\u004CS.\\u0073ig\":\"9LAfC9+ItyQSvxpKKaaCMMuQD59y"
          "uUa,9AjZ8ySserRc=\"}"),
     NULL, "1947:members:esc_key,bytes:insert",
     "ok ver='2.0' id='a\\x00b\"\\x5c\\x0a' app=1400000000 exp=86400 time=1700000000 sig='9LAfC9+ItyQS"
     "vxpKKaaCMMuQD59yuUa,9AjZ8ySserRc=' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\": \"6.0\", \"TLS.identifier\": \"5BSdtLKusSjxXvp4GKH1luTCarBxI\357\273\277s\", \"TLS"
          ".sdkappid\": 24738572, \"TLS.expire\": 4294967296, \"TLS.time\": 1700000000, \"TLS.sig\": \"MaS/"
          "9fyZMOaRUKIkVYqAdcOARP51DT3W6D2aDsFzF00=\"}"),
     "5BSdtLKusSjxXvp4GKH1luTCarBxIs", "2256:vector-bytes",
     "ok ver='6.0' id='5BSdtLKusSjxXvp4GKH1luTCarBxI\\xef\\xbb\\xbfs' app=24738572 exp=4294967296 time"
     "=1700000000 sig='MaS/9fyZMOaRUKIkVYqAdcOARP51DT3W6D2aDsFzF00=' | verify wrong_version | any id w"
     "rong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a\303\251\344\270\255\360\235\204\236\",\"x\":1,\"TLS."
          "sdkappid\":1400000000,\"TLS.other\":{\"b\":{\"TLS.identifier\":[{},1]},\"TLS.ver\":{\"b\":{\"TLS"
          ".sig\":{\"TLS.ver\":0,\"b\":\"TLS.ver\",\"a\":true},\"TLS.sdkappid\":[],\"TLS.sdkappid\":[true]}"
          ",\"TLS.sdkappid\":[],\"TLS.sig\":\"s\"}},\"TLS.expire\":86400,\"wrap\":{\"TLS.sdkappid\":1e-400,"
          "\"TLS.sdkappid\":1400000000},\"TLS.time\":1700000000,\"TLS.sig\":\"agD5OnsdM5MTUczNHf6Y8XPh8SNRF"
          "n7rIfLWC9UsQPo=\",\"x\":{}} \011\015\012"),
     "a\303\251\344\270\255\360\235\204\236", "2343:members:nested_tls+dup_other+extra,bytes:trail",
     "ok ver='2.0' id='a\\xc3\\xa9\\xe4\\xb8\\xad\\xf0\\x9d\\x84\\x9e' app=1400000000 exp=86400 time=1"
     "700000000 sig='agD5OnsdM5MTUczNHf6Y8XPh8SNRFn7rIfLWC9UsQPo=' | verify ok | any id ok"},
    {DOC("{\"TLS.identifier\":   \"alice\", \"TLS.sdkappid \": \0151400000000, \"TLS.time\"  : 1700000000,"
          " \"TLS.sig\"\015: \"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}"),
     "alice", "2370:members:delete+num_str+delete,bytes:insert",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"al/ice\",\"TLS.sdkappid\":1,\"TLS\\u002E\\u0065\\u0078"
          "p\\u0069re\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"9XSkJ++fzKsjLrVri9wmYpW5OTyDbYNXrcF2pCv"
          "Ns/k=\",\"n\":{\"k\":{\"k\":[[{\"k\":[{\"k\":{\"k\":{\"k\":{\"k\":{\"k\":[{\"k\":[{\"k\":[[[[{\""
          "k\":[{\"k\":[[{\"k\":[{\"k\":[[{\"k\":[{\"k\":[{\"k\":{\"k\":{\"k\":[[[{\"k\":[{\"k\":[[{\"k\":{"
          "\"k\":{\"k\":[[{\"k\":{\"k\":[[[[{\"k\":[{\"k\":[[[{\"k\":{\"k\":0}}]]]}]}]]]]}}]]}}}]]}]}]]]}}}"
          "]}]}]]}]}]]}]}]]]]}]}]}}}}}]}]]}}}"),
     "al/ice", "2596:members:esc_key+nest+weird_val",
     "ok ver='2.0' id='al/ice' app=1 exp=86400 time=1700000000 sig='9XSkJ++fzKsjLrVri9wmYpW5OTyDbYNXrc"
     "F2pCvNs/k=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":\"2.\357\273\2770\",\"TLS.identifier\":\"administrator\",\"TLS.sdkappid\":140000000"
          "0,\"TLS.expire\":-1,\"TLS.time\":1700000000,\"TLS.sig\":\"I7J2t\\u004dB8\\u0050eFXlm+ChYIJZRdrsq"
          "\\u0035H\\u0064HnLY\\u0051T2\\u00657kgb+M=\"}"),
     "administrator", "3221:members:esc_val,bytes:ws_bad",
     "ok ver='2.\\xef\\xbb\\xbf0' id='administrator' app=1400000000 exp=-1 time=1700000000 sig='I7J2tM"
     "B8PeFXlm+ChYIJZRdrsq5HdHnLYQT2e7kgb+M=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":0,\"TLS.expire\":0,\"TLS.time"
          "\":0,\"TLS.sig\":\"urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXxuYU=\"}"),
     "alice", "3809:members:extra+esc_key+delete",
     "ok ver='2.0' id='alice' app=0 exp=0 time=0 sig='urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXxuYU=' | "
     "verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"x\":[\"TLS.ver\"],\"TLS.ver\":2849146898,\"TLS.identifier\":\"\",\"TLS.sdkappid\":1400000000,"
          "\"TLS.expire\":86400,\"TLS.time\":1700000000,\"x\":\"TLS.ver\",\"x\":[\"TLS.ver\"],\"TLS.userbuf"
          "\":\"////\",\"TLS.sig\":\"HWaOFS6wLO2zJxBXD/WwvXgR8k7EkEtfFqTmagBnYoM=\"}"),
     NULL, "4086:members:num_str+dup_other+dup_tls",
     "ok ver=- id='' app=1400000000 exp=86400 time=1700000000 sig='HWaOFS6wLO2zJxBXD/WwvXgR8k7EkEtfFqT"
     "magBnYoM=' ub='////'/'\\xff\\xff\\xff' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":8387462359,\"TLS.sdkappid\":1,\"TLS.expre\":86400,\"TLS."
          "time\":[],\"TLS.sig\":\"KJl51ZljDW6TOgtXfVDT/bR0ZYTaXpVJPe1XuTKyVbQ=\"}"),
     "carol", "4247:members:num_str+esc_val+type,bytes:delete",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\" :\"2.0\",\"TLS.identifier\":\011\"alice\",\"TLS.sdkappid\":0\011,\011\"TLS.expire\""
          ":0,\"TLS.time\"\015\012:0,\"TLS.sig\": \"urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXxuYU=\",\"TlS.VE"
          "R\":\015[\"TLS.ver\",\"\\u00e9\\n\",-2.5e3]}"),
     NULL, "4612:members:extra,bytes:flip",
     "ok ver='2.0' id='alice' app=0 exp=0 time=0 sig='urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXxuYU=' | "
     "verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.userbuf\":\"AA==\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400"
          "000000,\"TLS.expire\":9223372036854775807,\"TLS.time\":1700000000,\"TLS.sig\":\"hc8N5xRfY1fbc7AF"
          "hrWVr51kxS5ve2NGMXcVaa6TlmA=\"}\012"),
     "alice", "4710:members:ub,bytes:trail",
     "ok ver='2.0' id='alice' app=1400000000 exp=9223372036854775807 time=1700000000 sig='hc8N5xRfY1fb"
     "c7AFhrWVr51kxS5ve2NGMXcVaa6TlmA=' ub='AA=='/'\\x00' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.expire\":0,\"TLS.identifier\":\"alice\",\"TLS.sig\":\"6Cxjp16XH3nH5Gc9+rpSjEVEmZHwmAcqNYt"
          "1xS9KOUk=\",\"TLS.time\":-9223372036854775808,\"TLS.ver\":\"2.0\",\"TLS.sdkappid\":1400000000,\""
          "wrap\":{\"TLS.time\":{},\"TLS.time\":-9223372036854775808}} "),
     "alice", "5087:members:nested_tls+esc_val+shuffle,bytes:trail",
     "ok ver='2.0' id='alice' app=1400000000 exp=0 time=-9223372036854775808 sig='6Cxjp16XH3nH5Gc9+rpS"
     "jEVEmZHwmAcqNYt1xS9KOUk=' | verify expired | any id expired"},
    {DOC("{\"a\":{\"TLS.ver\":\"2.0\"\015\012,\"TLS.identifier\"\011:\"a\\u0000b\\\"\\\\\\n\",\"\\u0054\\u"
          "004CS\\u002e\\u0076\\u0065\\u0072\":\012\"2.0\"  ,\012\"TLS.ver\\u0000\":  []\015,\"TLS.sdkappid"
          "\":\0121400000000,\"TLS.expire\":86400\011,\"TLS.time\":1700000000, \"TLS.sig\":\"9LAfC9+ItyQSvx"
          "pKKaaCMMuQD59yuUa9AjZ8ySserRc=\"  } }"),
     "a\000b\"\\\012", "5179:members:dup_tls+extra,bytes:wrap",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identi\013fier\":[\"carol\"],\"n\":{\"k\":{\"k\":{\"k\":{\"k\":[{\"k\""
          ":{\"k\":{\"k\":{\"k\":[{\"k\":[[[{\"k\":[[{\"k\":{\"k\":[[{\"k\":{\"k\":{\"k\":{\"k\":[[{\"k\":["
          "{\"k\":{\"k\":{\"k\":{\"k\":{\"k\":[[{\"k\":{\"k\":[{\"k\":[{\"k\":{\"k\":[[[{\"k\":[[[[{\"k\":["
          "{\"k\":{\"k\":[[[[{\"k\":{\"k\":{\"k\":[[{\"k\":1}]]}}}]]]]}}]}]]]]}]]]}}]}]}}]]}}}}}]}]]}}}}]]}"
          "}]]}]]]}]}}}}]}}}},\"TLS.sdkappid\":1,\"TLS.expire\":86400,\"TLS.time\":\"1700000000\",\"TLS.sig"
          "\":\"KJl51ZljDW6TOgtXfVDT/bR0ZYTaXpVJPe1XuTKyVbQ=\"}"),
     "carol", "5205:members:nest+num_str+type,bytes:ws_bad",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.userbuf2\":18446744073709551615,\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sd"
          "kappid\":1400000000,\"TLS.expire\":0,\"TLS.time\":-9223372036854775808,\"TLS.sig\":\"6Cxjp16XH3n"
          "H5Gc9+rpSjEVEmZHwmAcqNYt1xS9KOUk=\"}"),
     "alice", "5414:members:extra+num_str+weird_val",
     "ok ver='2.0' id='alice' app=1400000000 exp=0 time=-9223372036854775808 sig='6Cxjp16XH3nH5Gc9+rpS"
     "jEVEmZHwmAcqNYt1xS9KOUk=' | verify expired | any id expired"},
    {DOC("{\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.ver \":[[[],[false],false]],\"TLS.identifier"
          "\":\"bob\",\"TLS.sdkappid\":1400000000}"),
     NULL, "5433:members:shuffle+delete+extra",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":false,\"TLS.sdkappid\":1400000000,\"TLS.expire\":86400,\"TLS.identifier\":\"a\\u000"
          "0b\\\"\\\\\\n\",\"TLS.sig\":\"9LAfC9+ItyQSvxpKKaaCMMuQD59yuUa9AjZ8ySserRc=\",\"TLS.time\":170000"
          "0000} \011\015\012"),
     NULL, "5913:members:shuffle+type,bytes:trail",
     "ok ver=- id='a\\x00b\"\\x5c\\x0a' app=1400000000 exp=86400 time=1700000000 sig='9LAfC9+ItyQSvxpK"
     "KaaCMMuQD59yuUa9AjZ8ySserRc=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.vEr\":\"2.0\",\"x\":1,\"TLS.sdkappid\":0,\"TLS.userbuf\":\"AA AA\",\"TLS.expire\":0,\"x\""
          ":true,\"TLS.time\":0,\"TLS.sig\":\"urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXxuYU=\"}"),
     "alice", "6338:members:delete+dup_other+ub,bytes:flip",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS\\u002esd\\u006bappid\":1400000000,\"TLS.time\":1700000000,\"TLS.expire\":86400,\"TLS.iden"
          "tifier\":\"alice\","),
     "alice", "6468:members:esc_val+esc_key+shuffle,bytes:truncate",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.userbuf\":\"AA\",\015\"TLS.ver\":\"2.0\"  ,\"TLS.identifier\"\015\012:\"administrator\" ,"
          "\015\"TLS.sdkappid\":1111111111111111111,\"TLS.expire\":-1,\"x\":{\"TLS.ver\":-2.5e3},\"TLS.time"
          "\":\0151700000000,\"TLS.sig\":\"I7J2tMB8PeFXlm+ChYIJZRdrsq5HdHnLYQT2e7kgb+M=\",\"x\"\012:{}} "),
     "administrator", "6673:members:dup_other+weird_val+ub",
     "ok ver='2.0' id='administrator' app=1111111111111111111 exp=-1 time=1700000000 sig='I7J2tMB8PeFX"
     "lm+ChYIJZRdrsq5HdHnLYQT2e7kgb+M=' ub='AA'/'\\x00' | verify wrong_sdkappid | any id wrong_sdkappi"
     "d"},
    {DOC("{\"TLS.ver\":1221853624,\"TLS.identifier\":\"a\\u0000b\\\"\\\\\\n\",\"x\":{},\"TLS.sdkappid\":14"
          "00000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"x\":{},\"TLS.sig\":\"9LAfC9+ItyQSvxpKKaa"
          "CMMuQD59yuUa9AjZ8ySserRc=\"}"),
     "a\000b\"\\\012", "6956:members:dup_other+num_str+type,bytes:replace_tok",
     "ok ver=- id='a\\x00b\"\\x5c\\x0a' app=1400000000 exp=86400 time=1700000000 sig='9LAfC9+ItyQSvxpK"
     "KaaCMMuQD59yuUa9AjZ8ySserRc=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"\\u00e9\":{\"b\":-2.5e3,\"b\":false},\"TLS.identifier\":\"a\\u00e9\\u4e2d"
          "\\ud834\\u\360\200\200\200dd1e\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1"
          "700000000,\"TLS.sig\":\"agD5OnsdM5MTUczNHf6Y8XPh8SNRFn7rIfLWC9UsQPo=\"}"),
     NULL, "6991:members:extra,bytes:insert",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\":\"2.0\",\"wrap\":{\"TLS.time\":[1,2],\"TLS.time\":1700000000},\"TLS.identifier\":\""
          "administrator\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":-1,\"TLS.time\":1700000000,\"TLS.sig\""
          ":\"I7J2tMB8PeFXlm+ChYIJZRdrsq5HdHnLYQT2e7kgb+M=\"}"),
     "administrator", "7459:members:nested_tls,bytes:replace_tok",
     "ok ver='2.0' id='administrator' app=1400000000 exp=-1 time=1700000000 sig='I7J2tMB8PeFXlm+ChYIJZ"
     "Rdrsq5HdHnLYQT2e7kgb+M=' | verify expired | any id expired"},
    {DOC(" {\"TLS.ver\"\011: \"2.0\", \"TLS.identifier\":\"a\\u00e9\\u4e2d\\ud834\\udd1e\"\012,\"TLS.sdkap"
          "pid\" :1400000000,\015\"TLS.expire\":\0111400000000,\"TLS.time\":1700000000  ,\"TLS.sig\"\015:\012"
          "\"agD5OnsdM5MTUczNHf6Y8XPh8SNRFn7rIfLWC9UsQPo=\" } "),
     "a\303\251\344\270\255\360\235\204\236", "8345:members:weird_val,bytes:wrap",
     "ok ver='2.0' id='a\\xc3\\xa9\\xe4\\xb8\\xad\\xf0\\x9d\\x84\\x9e' app=1400000000 exp=1400000000 t"
     "ime=1700000000 sig='agD5OnsdM5MTUczNHf6Y8XPh8SNRFn7rIfLWC9UsQPo=' | verify bad_hmac | any id bad"
     "_hmac"},
    {DOC("{\"TLS.expire\":86400,\"TLS.ver\":\"2.0\",\"TLS.sig\":\"9XSkJ++fzKsjLrVri9wmYpW5OTyDbYNXrcF2pCvN"
          "s/k=\",\"TLS.time\":1700000000,\"TLS.identifier\":\"al/ice\343\200\200\",\"TLS.sdkappid\":140000"
          "0000}"),
     "al/ice", "8450:members:shuffle,bytes:ws_bad",
     "ok ver='2.0' id='al/ice\\xe3\\x80\\x80' app=1400000000 exp=86400 time=1700000000 sig='9XSkJ++fzK"
     "sjLrVri9wmYpW5OTyDbYNXrcF2pCvNs/k=' | verify wrong_identifier | any id bad_hmac"},
    {DOC("{\"a\":{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"f\\ud83d\\ude00oF--+<PV@\\t\\u00a0\\ud834\\u"
          "dd1e\\u7528\\u6237/\", \"TLS.sdkappid\": 2147483647, \"TLS.expire\": 300, \"TLS.time\": 21474836"
          "47, \"TLS.sig\": \"8E4LvtqnVl2wcf8IiDHMx/H89jxdXXuoxbZE5U3z/dE=\"}}"),
     "f\360\237\230\200oF--+<PV@\011\302\240\360\235\204\236\347\224\250\346\210\267/", "8459:vector-bytes",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"x\":1,\"TLS.sig\":\"agD5OnsdM5MTUc{NHf6Y8XPh8SNRFn7rIfLWC9UsQPo=\",\"TLS.sdkappid\":140000000"
          "0,\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a\\u00e9\\u4e2d\\ud834\\udd1e\",\"TLS.expire\":86400,"
          "\"x\":[],\"TLS.time\":1700000000}"),
     NULL, "8508:members:dup_other+shuffle,bytes:flip",
     "ok ver='2.0' id='a\\xc3\\xa9\\xe4\\xb8\\xad\\xf0\\x9d\\x84\\x9e' app=1400000000 exp=86400 time=1"
     "700000000 sig='agD5OnsdM5MTUc{NHf6Y8XPh8SNRFn7rIfLWC9UsQPo=' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"wrap\":{\"TLS.ver\":1e+,\"TLS.ver\":\"2.0\"}"
          ",\"T\\u004C\\u0053.sdk\\u0061ppid\":1400000000,\"TLS.expire\":9223372036854775807,\"TLS.time\":1"
          "700000000,\"TLS.sig\":\"hc8N5xRfY1fbc7AFhrWVr51kxS5ve2NGMXcVaa6TlmA=\"}"),
     "alice", "8819:members:esc_key+nested_tls,bytes:replace_tok",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\": \"2.0\", \"TLS.ident\357\273\277ifier\": \"r\\n\\u2028 =3*\\u7528237\\u03a9%8\\tpU"
          "\\\\\\u00df\", \"TLS.sdkappid\": 27530884, \"TLS.expire\": 0, \"TLS.time\": 2147483647, \"TLS.si"
          "g\": \"mFKrf0HSLmgtw4lVi1+UF0K1gVCMChYkIICIG+pA=\"}"),
     "r\012\342\200\250 =3*\347\224\250\346\210\267\316\251%8\011pU\\\303\237", "8872:vector-bytes",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.other\":true,\"TLS.identifier\":\"a\\u00e9\\u4e2d\\ud834\\udd1e\",\"T"
          "LS.sdkappid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"agD5OnsdM5MT"
          "UczNHf6Y8XPh8SNRFn7rIfLWC9Uso=\"}"),
     NULL, "10034:members:extra+type,bytes:delete",
     "ok ver='2.0' id='a\\xc3\\xa9\\xe4\\xb8\\xad\\xf0\\x9d\\x84\\x9e' app=1400000000 exp=86400 time=1"
     "700000000 sig='agD5OnsdM5MTUczNHf6Y8XPh8SNRFn7rIfLWC9Uso=' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":-1,\"TLS.expire\":92233720368"
          "54775807,\"x\":[[[],1],{}],\"TLS.time\":1700000000,\"TLS.sig\":\"hc8N5xRfY1fbc7AFhrWVr51kxS5ve2N"
          "GMXcVaa6TlmA=\",\"x\":{}}"),
     "alice", "10050:members:num_str+weird_val+dup_other",
     "ok ver='2.0' id='alice' app=-1 exp=9223372036854775807 time=1700000000 sig='hc8N5xRfY1fbc7AFhrWV"
     "r51kxS5ve2NGMXcVaa6TlmA=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("\015{\015\012\"TLS.identifier\"\012:\"a\303\251\344\270\255\360\235\204\236\",\012\"n\":  {\"k\""
          ":[{\"k\":[[[[{\"k\":[[{\"k\":[[{\"k\":[{\"k\":{\"k\":{\"k\":{\"k\":{\"k\":[[[[{\"k\":[{\"k\":[[{"
          "\"k\":{\"k\":[{\"k\":[[{\"k\":{\"k\":{\"k\":{\"k\":[[[[{\"k\":{\"k\":[[{\"k\":{\"k\":[[{\"k\":{\""
          "k\":[{\"k\":[[{\"k\":{\"k\":{\"k\":null}}}]]}]}}]]}}]]}}]]]]}}}}]]}]}}]]}]}]]]]}}}}}]}]]}]]}]]]]"
          "}]},\"TLS.sdkappid\":1400000000,\012\"TLS.expire\": 86400,\012\"TLS.time\":1700000000,\011\"TLS."
          "sig\":\"agD5OnsdM5MTUczNHf6Y8XPh8SNRFn7rIfLWC9UsQPo=\",  \"TLS.userbuf\"\012: \"\"\015}"),
     "a\303\251\344\270\255\360\235\204\236", "10392:members:nest+ub+delete",
     "ok ver=- id='a\\xc3\\xa9\\xe4\\xb8\\xad\\xf0\\x9d\\x84\\x9e' app=1400000000 exp=86400 time=17000"
     "00000 sig='agD5OnsdM5MTUczNHf6Y8XPh8SNRFn7rIfLWC9UsQPo=' ub=''/'' | verify wrong_version | any i"
     "d wrong_version"},
    {DOC("{\"TLS.sdkappid\":1400000000,\"TLS.time\":1700000000,\"TLS.sig\"\011:\"9XSkJ++fzKsjLrVri9wmYpW5O"
          "TyDbYNXrcF2pCvNs/k=\",\"TLS.identifier\":\"al/ice\",\"TLS.expire\":86400,\"TLS.ver\":\"2.0\"}"),
     "al/ice", "10719:members:dup_tls+shuffle+delete,bytes:insert",
     "ok ver='2.0' id='al/ice' app=1400000000 exp=86400 time=1700000000 sig='9XSkJ++fzKsjLrVri9wmYpW5O"
     "TyDbYNXrcF2pCvNs/k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"administrator\",\"TLS.sdkappid\":1400000000,\"\":0,\"T"
          "LS.expire\":-1,\"TLS.time\":1700000000,\"TLS.sig\":\"I7J2tMB8PeFX}lm+ChYIJZRdrsq5HdHnLYQT2e7kgb+"
          "M=\"}"),
     "administrator", "11001:members:extra+dup_tls+delete,bytes:insert",
     "ok ver='2.0' id='administrator' app=1400000000 exp=-1 time=1700000000 sig='I7J2tMB8PeFX}lm+ChYIJ"
     "ZRdrsq5HdHnLYQT2e7kgb+M=' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.ver\":4741707429,\"TLS.identifier\":\"a\\u0000b\\\"\\\\\\n\",\"TLS.sdkappid\":1400000000,"
          "\"TLS.expire\":86400,\"TLS.time\":{\"v\":1700000000},\"TLS.sig\":\"9LAfC9+ItyQSvxpKKaaCMMuQD59yu"
          "Ua9AjZ8ySserRc=\"} x"),
     "a\000b\"\\\012", "11231:members:type+num_str,bytes:trail",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC(" {\"x\":[[\"s\"]],\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"carol\",\"TLS.expire\":{},\"TLS.sdkap"
          "pid\":9223372036854775808,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"x\":{},\"TLS.sig\":\"KJ"
          "l51ZljDW6TOgtXfVDT/bR0ZYTaXpVJPe1XuTKyVbQ=\"}}"),
     "carol", "11339:members:dup_other+dup_tls+weird_val,bytes:wrap",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC(" {\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\",\"TLS.expire\":86400,\"TLS.time\":1700000000,\"wra"
          "p\":{\"TLS.ver\":0e0,\"TLS.ver\":\"2.0\"},\"TLS.userbuf\":\"////\",\"TLS.ver\\u0000\":{},\"TLS.s"
          "ig\":\"HWaOFS6wLO2zJxBXD/WwvXgR8k7EkEtfFqTmagBnYoM=\"} "),
     NULL, "11660:members:delete+nested_tls+extra,bytes:wrap",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\011\"T\\u004C\\u0053.ide\\u006E\\u0074\\u0069f\\u0069\\u0065r\":\"alice\",\"TLS.sdkappid\": 14"
          "00002000,\012\"TLS.expire\":86400,\"TLS.time\":9223372036854775797,\"TLS.sig\"  :\"\\u0041\\u005"
          "8k5li\\u004cq\\u004c5Jwqz\\u004dI\\u006ax9UZK64u8w\\u0071QyW+W\\u0032Ng\\u00701U2\\u004994\\u003"
          "d\"\012}  "),
     "alice", "11703:members:esc_val+delete+esc_key,bytes:flip",
     "ok ver=- id='alice' app=1400002000 exp=86400 time=9223372036854775797 sig='AXk5liLqL5JwqzMIjx9UZ"
     "K64u8wqQyW+W2Ngp1U2I94=' | verify wrong_version | any id wrong_version"},
    {DOC("\012{ \"TLS.ver\"\011:  \"2.0\",\"TLS.identifier\":\"a\\u0000b\\\"\\\\\\n\"\015\012,\"TLS.sdkapp"
          "id\"\012:  1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000\015,\"TLS.sig\": \"9LAfC9+Ity"
          "QSvxpKKaaCMMuQD59yuUa9AjZ8ySserRc=\"}"),
     "a\000b\"\\\012", "11811:members:num_str+num_str,bytes:replace_tok",
     "ok ver='2.0' id='a\\x00b\"\\x5c\\x0a' app=1400000000 exp=86400 time=1700000000 sig='9LAfC9+ItyQS"
     "vxpKKaaCMMuQD59yuUa9AjZ8ySserRc=' | verify wrong_identifier | any id ok"},
    {DOC("  {\"TLS.ver\"\012:\"2.0\",\"TLS.identifier\" :\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expir"
          "e\":9223372036854775807,\012\"x\":null,\"TLS.time\":1700000000\015,  \"TLS.sig\":\"hc8N5xRfY1fbc"
          "7AFhrWVr51kxS5ve2NGMXcVaa6TlmA=\" } "),
     NULL, "11942:members:extra+type,bytes:wrap",
     "ok ver='2.0' id='alice' app=1400000000 exp=9223372036854775807 time=1700000000 sig='hc8N5xRfY1fb"
     "c7AFhrWVr51kxS5ve2NGMXcVaa6TlmA=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":864"
          "00,\"x\":null,\"x\":1.0,\"TLS.time\":1700000000,\"TLS.sig\":\"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rp"
          "JOgWxfg1k=\"}"),
     "alice", "12586:members:dup_other+weird_val+esc_val",
     "ok ver='2.0' id='alice' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLq"
     "IVerI6rpJOgWxfg1k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"\\u0032.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.expi"
          "re\":86400,\"TLS.time\":-1e400,\"TLS.userbuf\":\"AAEC\",\"wrap\":{\"TLS.sig\":1e23,\"TLS.sig\":\""
          "p1m082ie1SPq15tqxoKUdF3hgiNfeE0vWl+7aAvr7E0=\"},\"TLS.sig\":\"p1m082ie1SPu15tqxoKUdF3hgiNfeE0vWl"
          "+7aAvr7E0=\"}"),
     "xiaojun", "12597:members:nested_tls+esc_val+weird_val,bytes:flip",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"mZppv6lmCfQm3egPKr18TT63SOZo\", \"TLS.sdkappid\": 2"
          "147483648, \"TLS.expire\": 7565834, \"TLS.time\": 2147483648, \"TLS.userbuf\": \"AAAebVpwcHY2bG1"
          "DZlFtM2Uyd2dQS3IxOFRUNjNTT1pvgAAAAJzkiiaAc3IKAAAAAQAAAAA=\", \"TLS.sig\": \"DWFxTlcXQTsBjE3AMRYh"
          "S7lL14Wj9c6u9LXsvIzo8qs=\"}"),
     "mZppv6lmCfQm3e2wgPKr18TT63SOZo", "12637:vector-bytes",
     "ok ver='2.0' id='mZppv6lmCfQm3egPKr18TT63SOZo' app=2147483648 exp=7565834 time=2147483648 sig='D"
     "WFxTlcXQTsBjE3AMRYhS7lL14Wj9c6u9LXsvIzo8qs=' ub='AAAebVpwcHY2bG1DZlFtM2Uyd2dQS3IxOFRUNjNTT1pvgAA"
     "AAJzkiiaAc3IKAAAAAQAAAAA='/'\\x00\\x00\\x1emZppv6lmCfQm3e2wgPKr18TT63SOZo\\x80\\x00\\x00\\x00\\x"
     "9c\\xe4\\x8a&\\x80sr\\x0a\\x00\\x00\\x00\\x01\\x00\\x00\\x00\\x00' | verify wrong_sdkappid | any"
     " id wrong_sdkappid"},
    {DOC("{\"TLS.expire\"\015:86400,\"TLS.identifier\" :\015\012\"\",\"TLS.ver\":\"2.0\",\011\"TLS.time\":"
          " 1e20,\"TLS.sig\":\"HWaOFS6wLO2zJxBXD/WwvXgR8k7EkEtfFqTmagBnYoM=\",\"TLS.userbuf\":\011\"////\"\011"
          ",\"TLS.sdkappid\":1400000000}"),
     NULL, "12740:members:weird_val+shuffle,bytes:replace_tok",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.iden\\u0074ifi\\u0065\\u0072\":\"86400\",\"TLS.sdkappid\":0,\"TLS.exp"
          "ire\":0,\"TLS.time\":0,\"TLS.sig\":\"urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXxuYU=\"}"),
     "alice", "12747:members:type+esc_key+weird_val",
     "ok ver='2.0' id='86400' app=0 exp=0 time=0 sig='urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXxuYU=' | "
     "verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":9223372036854775808,\"TLS.identifier\":\"\",\"TLS.sdkappid\":1400000000,\"TLS.expir"
          "e\":86400,\"wrap\":{\"TLS.sig\":1400000000.0,\"TLS.sig\":\"HWaOFS6wLO2zJxBXD/WwvXgR8k7EkEtfFqTma"
          "gBnYoM=\"},\"TLS.time\":1700000000,\"TLS.userbuf]\":\"////\",\"TLS.sig\":\"HWaOFS6wLO2zJxBXD/Wwv"
          "XgR8k7EkEtfFqTmagBnYoM=\"}"),
     NULL, "13429:members:weird_val+nested_tls,bytes:insert",
     "ok ver=- id='' app=1400000000 exp=86400 time=1700000000 sig='HWaOFS6wLO2zJxBXD/WwvXgR8k7EkEtfFqT"
     "magBnYoM=' | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"al/ice\",\"TLS.sdkappid\":1400000000,\"n\":{\"k\":[{\""
          "k\":{\"k\":[[[[{\"k\":[{\"k\343\200\200\":{\"k\":{\"k\":{\"k\":[{\"k\":{\"k\":[{\"k\":{\"k\":{\""
          "k\":{\"k\":null}}}}]}}]}}}}]}]]]]}}]},\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\""
          "9XSkJ++fzKsjLrVri9wmYpW5OTyDbYNXrcF2pCvNs/k=\"}"),
     "al/ice", "13484:members:nest,bytes:ws_bad",
     "ok ver='2.0' id='al/ice' app=1400000000 exp=86400 time=1700000000 sig='9XSkJ++fzKsjLrVri9wmYpW5O"
     "TyDbYNXrcF2pCvNs/k=' | verify ok | any id ok"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":0,\""
          "TLS.time\":-9223372036854775808,\"TLS.userbuf2\":[null,{\"TLS.ver\":null,\"a\":{\"TLS.ver\":\"TL"
          "S.ver\",\"a\":{\"TLS.sdkappid\":\"\\u00e9\\n\" ,\"b\":false}}}],\"TLS.sig\":\"6Cxjp16XH3nH5Gc9+r"
          "pSjEVEmZHwmAcqNYt1xS9KOUk=\",\"TLS.userbuf2\":86400}"),
     "alice", "13502:members:extra+dup_tls,bytes:insert",
     "ok ver='2.0' id='alice' app=1400000000 exp=0 time=-9223372036854775808 sig='6Cxjp16XH3nH5Gc9+rpS"
     "jEVEmZHwmAcqNYt1xS9KOUk=' | verify expired | any id expired"},
    {DOC("{\"TLS.VER\": 1, \"TLS.ver\": \"2.0\", \"TLS.identifier\": \"alice\", \"TLS.sdkappid\":400000000"
          ", \"TLS.expire\": 86400, \"TLS.time\": 1700000000, \"TLS.sig\": \"6GmjjJlI0ZfvdjC0qJyFjHknLqIVer"
          "I6rpJOgWxfg1k=\"}"),
     "alice", "14059:members:esc_val+extra,bytes:delete",
     "ok ver='2.0' id='alice' app=400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLqI"
     "VerI6rpJOgWxfg1k=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.sig\":\"Tm1MDw7ISM+7P//hkhwR9o2U2XzH0PfadoeNeZAdNTo=\",\"TLS.expire\":86400,\"TLS.ver\":\""
          "2.0\",\"TLS.time\":1700000000,\"TLS.sdkappid\":5694867296,\"TLS.identifier\":\"alice\",\"wrap\":"
          "{\"TLS.identifier\":true,\"TLS.identifier\":\"alice\"}}"),
     NULL, "14593:members:nested_tls+shuffle,bytes:flip",
     "ok ver='2.0' id='alice' app=5694867296 exp=86400 time=1700000000 sig='Tm1MDw7ISM+7P//hkhwR9o2U2X"
     "zH0PfadoeNeZAdNTo=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"9223372036854775807\",\"TLS.sdkappid\":1400000000,\"TL"
          "S.expire\":0,\"TLS.time\":-9223372036854775808,\"TLS.sig\":\"6Cxjp16XH3nH5Gc9+rpSjEVEmZHwmAcqNYt"
          "1xS9KOUk=\"}"),
     "alice", "14894:members:num_str+weird_val+num_str",
     "ok ver='2.0' id='9223372036854775807' app=1400000000 exp=0 time=-9223372036854775808 sig='6Cxjp1"
     "6XH3nH5Gc9+rpSjEVEmZHwmAcqNYt1xS9KOUk=' | verify wrong_identifier | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"ale\",\"TL\\u0053.sd\\u006Bappid\":0,\"TLS.expire\":0,"
          "\"TLS.time\":0,\"TLS.sig\":\"urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXxuYU=\"}"),
     "alice", "14975:members:esc_key+esc_val,bytes:delete",
     "ok ver='2.0' id='ale' app=0 exp=0 time=0 sig='urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXxuYU=' | ve"
     "rify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"x\":{\"a\":true,\"TLS.identifier\":{\"a\":[]}},\"TLS.time\":1700000000,\"TLS.expire\":86400,\""
          "TLS.sdkappid\":1400000000,\"n\":[[{\"k\":{\"k\":[{\"k\":[[{\"k\":{\"k\":[{\"k\":{\"k\":{\"k\":{\""
          "k\":{\"k\":{\"k\":[[{\"k\":[{\"k\":{\"k\":{\"k\":[{\"k\":{\"k\":[[[[{\"k\":{\"k\":{\"k\":[{\"k\""
          ":{\"k\":{\"k\":{\"k\":[{\"k\":{\"k\":{\"k\":[{\"k\":{\"k\":[{\"k\":[{\"k\":{\"k\":{\"k\":{\"k\":"
          "{\"k\":{\"k\":{\"k\":{\"k\":{\"k\":{\"k\":[{\"k\":{\"k\":[]}}]}}}}}}}}}}]}]}}]}}}]}}}}]}}}]]]]}}"
          "]}}}]}]]}}}}}}]}}]]}]}}]],\"TLS.identifier\":\"bob\",\"TLS.ver\":\"2.0\"}"),
     "bob", "15012:members:extra+nest+esc_key",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"T\", \"TLS.sdkappid\": 1400000000, \"TLS.expire\": "
          "2147483647, \"TLS.time\": 4102444800, \"TLS.userbuf\": \"Q3pINGRDNEN5bjdBampCZ280dkc0Sw==\", \"T"
          "LS.sig\": \"HTwoPWUmcRUoECJu/OHFJ3OsSeYXi:DJMmRhuEH{WTKyU=\"}"),
     "T", "16099:vector-bytes",
     "ok ver='2.0' id='T' app=1400000000 exp=2147483647 time=4102444800 sig='HTwoPWUmcRUoECJu/OHFJ3OsS"
     "eYXi:DJMmRhuEH{WTKyU=' ub='Q3pINGRDNEN5bjdBampCZ280dkc0Sw=='/'CzH4dC4Cyn7AjjBgo4vG4K' | verify b"
     "ad_hmac | any id bad_hmac"},
    {DOC("{\"TLS.sdkappid\":1400000000,\"TLS.identifier\":\"al/ice\",\"TLS.sig\":\"9XSkJ++fzKsjLrVri\357\273"
          "\2779wmYpW5OTyDbYNXrcF2pCvNs/k=\",\"TLS.ver\":\"2.0\",\"TLS.expire\":86400,\"TLS.time\":17000000"
          "00}"),
     "al/ice", "16241:members:shuffle,bytes:ws_bad",
     "ok ver='2.0' id='al/ice' app=1400000000 exp=86400 time=1700000000 sig='9XSkJ++fzKsjLrVri\\xef\\x"
     "bb\\xbf9wmYpW5OTyDbYNXrcF2pCvNs/k=' | verify bad_hmac | any id bad_hmac"},
    {DOC("{\"a\":{\"TLS.ver\":\"2.0\", \"T\\u004cS.\\u0069\\u0064ent\\u0069f\\u0069\\u0065r\":\015\"carol\""
          "\011,\"TLS.sdkappid\"  :1,\"TLS.expire\":\"86400\",\"TLS.time\":1700000000,\"TLS.sig\":\"KJl51Zl"
          "jDW6TOgtXfVDT/bR0ZYTaXpVJPe1XuTKyVbQ=\"}\012}"),
     NULL, "16380:members:num_str+esc_val+esc_key,bytes:wrap",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"\\u0054LS.ve\\u0072\":\"2.0\",\"n\":{\"k\":[[{\"k\":[[{\"k\":[{\"k\":[[{\"k\":{\"k\":{\"k\":["
          "[{\"k\":[{\"k\":{\"k\":[{\"k\":[[[[[{\"k\":[{\"k\":{\"k\":[[{\"k\":{\"k\":{\"k\":{\"k\":[{\"k\":"
          "{\"k\":[[{\"k\":{\"k\":[[{\"k\":{\"k\":[{\"k\":{\"k\":[{\"k\":{\"k\":[{\"k\":[[{\"k\":{\"k\":[{\""
          "k\":0}]}}]]}]}}]}}]}}]]}}]]}}]}}}}]]}}]}]]]]]}]}}]}]]}}}]]}]}]]}]]},\"TLS.identifier\":\"a\\u000"
          "0b\\\"\\\\\\n\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.s"
          "ig\":\"9LAfC9+ItyQSvxpKKaaCMMuQD59yuUa9AjZ8ySserRc=\"}"),
     "a\000b\"\\\012", "16534:members:esc_val+nest+esc_key",
     "ok ver='2.0' id='a\\x00b\"\\x5c\\x0a' app=1400000000 exp=86400 time=1700000000 sig='9LAfC9+ItyQS"
     "vxpKKaaCMMuQD59yuUa9AjZ8ySserRc=' | verify wrong_identifier | any id ok"},
    {DOC("{\"x\":true,\"TLS.identifier\":\"alice\",\"TLS.expire\":86400,\"TLS.sdkappid\":5694967296,\"x\":"
          "[[\"\",[],-2.5e3]],\"TLS.sig\343\200\200\":\"Tm1MDw7ISM+7P//hkhwR9o2U2XzH0PfadoeNeZAdNTo=\",\"TL"
          "S.ver\":\"2.0\",\"TLS.time\":1700000000,\"TLS.userbuf\":\"AA AA\"}"),
     "alice", "16652:members:ub+dup_other+shuffle,bytes:ws_bad",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":1e0,\"TLS.identifier\":\"carol\",\"TLS.sdkappid\":1,\"TLS.expire\":86400,\"TLS.time"
          "\":1700000000,\"TLS.sig\":5970505674}"),
     NULL, "16701:members:weird_val+num_str,bytes:replace_tok",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"admin\\u0069\\u0073\\u0074rato\\u0072\",\"TLS.sdkappid"
          "\":1400000000,\"TLS.expire\":-1,\"TLS.time\":1700000000,\"TLS.sig\":\"I7J2tMB8PeFXlm+ChYIJZRdrsq"
          "5HdHnLYQT2e7kgb+M=\"}"),
     NULL, "16760:members:esc_val+ub+delete",
     "ok ver='2.0' id='administrator' app=1400000000 exp=-1 time=1700000000 sig='I7J2tMB8PeFXlm+ChYIJZ"
     "Rdrsq5HdHnLYQT2e7kgb+M=' | verify expired | any id expired"},
    {DOC("{ \"TLS.ver\" :\"2.0\", \"TLS.userfuf\":\"AAE=\",\"TLS.identifier\" :\"a\\u0000b\\\"\\\\\\n\",  "
          "\"x\"\011:\011\"TLS.ver\"\015,\015\012\"TLS.sdkappid\":1400000000  ,\"TLS.expire\"\015\012:\0118"
          "6400,\"TLS.time\" :1700000000\015,\"TLS.sig\":\"9LAfC9+ItyQSvxpKKaaCMMuQD59yuUa9AjZ8ySserRc=\"\015"
          ",\"x\":1}"),
     "a\000b\"\\\012", "17120:members:ub+dup_other,bytes:flip",
     "ok ver='2.0' id='a\\x00b\"\\x5c\\x0a' app=1400000000 exp=86400 time=1700000000 sig='9LAfC9+ItyQS"
     "vxpKKaaCMMuQD59yuUa9AjZ8ySserRc=' | verify wrong_identifier | any id ok"},
    {DOC("{\"TLS.ver\"\011:\"2.0\", #TLS.identifier\":\"alice\",\"TLS.sdkappid\"\015:\0110,\"TLS.expire\":"
          "0,  \"TLS.time\":0,\015\012\"TLS.time\":\015fals\015\012,\"TLS.sig\":\"urItoqqGCLzJtjrRBVOwFEd3z"
          "77J7lgdmiJ2DlXxuYU=\"}  "),
     "alice", "17127:members:dup_tls,bytes:flip",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"V0UbnYYV_wH4KJm2KXhrZ1AJK_Fm\", \"TLS.sdkappid\": 2"
          "3565908, \"TLS.expire\": 86400, \357\273\277\"TLS.time\": 1234567890, \"TLS.userbuf\": \"AQAcVjB"
          "VYm5ZWVZfd0g0S0ptMktYaHJaMUFKS19GbQFnllQAAAAASZdUUgAAACoAAAAAACJWeGJqWDVKWWJmOXB0b1lXUHFUMUlvbll"
          "WQUgueHZyUFhq\", \"DLS.sig\": \"s1SFPM2P+ol8x3eR8MY5HNFmk+Zna5qFZx1JhEcM/CY=\"}\000"),
     "V0UbnYYV_wH4KJm2KXhrZ1AJK_Fm", "17890:vector-bytes",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC("{\"wrap\":{\"TLS.sig\":-0,\"TLS.sig\":\"Tm1MDw7ISM+7P//hkhwR9o2U2XzH0PfadoeNeZAdNTo=\"},\"TLS.ve"
          "r\":\"\\u0032.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":5694967296,\"TLS.expire\":8600,\""
          "TLS.time\":1700000000,\"TLS.sig\":\"Tm1MDw7ISM+7P//hkhwR9o2U2XzH0PfadoeNeZAdNTo=\",\"x\":\"s\"}"),
     NULL, "18292:members:esc_val+extra+nested_tls,bytes:delete",
     "ok ver='2.0' id='alice' app=5694967296 exp=8600 time=1700000000 sig='Tm1MDw7ISM+7P//hkhwR9o2U2Xz"
     "H0PfadoeNeZAdNTo=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"AA==\",\"TLS.sdkappid\"  :1400000000,\"TLS.expire\"\012"
          ":86400,  \"n\":{\"k\":[[[{\"k\":[{\"k\":{\"k\":[{\"k\":[{\"k\":[[{\"k\":{\"k\":[[{\"k\":[[[{\"k\""
          ":{\"k\":[{\"k\":[[{\"k\":{\"k\":[[[{\"k\":{\"k\":[[[{\"k\":[{\"k\":[[{\"k\":{\"k\":{\"k\":{\"k\""
          ":[[{\"k\":{\"k\":[{\"k\":{\"k\":{\"k\":[{\"k\":{\"k\":[[{\"k\":{\"k\":[null]}}]]}}]}}}]}}]]}}}}]"
          "]}]}]]]}}]]]}}]]}]}}]]]}]]}}]]}]}]}}]}]]]},\"TLS.time\":1700000000, \"TLS.sig\":\015\"6GmjjJlI0Z"
          "fvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"\015\012} "),
     "alice", "18406:members:weird_val+esc_val+nest",
     "ok ver='2.0' id='AA==' app=1400000000 exp=86400 time=1700000000 sig='6GmjjJlI0ZfvdjC0qJyFjHknLqI"
     "VerI6rpJOgWxfg1k=' | verify wrong_identifier | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.\\u0069d\\u0065ntif\\u0069er\":\"\\u0032.0\",\"TLS.ideltifier\":\"ali"
          "ce\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":9223372036854775807,\"TLS.time\":1700000000,\"TL"
          "S.ver \":-2.5e3,\"TLS.sig\":\"hc8N5xRfY1fbc7AFhrWVr51kxS5ve2NGMXcVaa6TlmA=\"}"),
     "alice", "18420:members:dup_tls+extra,bytes:flip",
     "ok ver='2.0' id='2.0' app=1400000000 exp=9223372036854775807 time=1700000000 sig='hc8N5xRfY1fbc7"
     "AFhrWVr51kxS5ve2NGMXcVaa6TlmA=' | verify wrong_identifier | any id bad_hmac"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":null,\"TLS.sdkappid\":1400000000,\"TLS.expire\":86400,\""
          "TLS.time\":9223372036854775797,\"TLS.sig\":\"AXk5liLqL5JwqzMIjx9UZK64u8wqQyW+W2Ngp1U2I94=\"}"),
     "alice", "18619:members:type,bytes:truncate",
     "missing_field | verify missing_field | any id missing_field"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":0,\""
          "tls.ver\":[],\"TLS.time\":-9223372036854775808,\"TLS.sig\":\"6Cxjp16XH3nH5Gc9+rpSjEVEmZHwmAcqNYt"
          "1xS9KOUk=\"}"),
     NULL, "18845:members:extra+type",
     "ok ver='2.0' id='alice' app=1400000000 exp=0 time=-9223372036854775808 sig='6Cxjp16XH3nH5Gc9+rpS"
     "jEVEmZHwmAcqNYt1xS9KOUk=' | verify expired | any id expired"},
    {DOC("{\"a\":{\"TLS.ver\": \"2.0\", \"n\": [{\"k\":[{\"k\":{\"k\":[[[{\"k\":[[[[[{\"k\":[[{\"k\":[[{\""
          "k\":[{\"k\":{\"k\":[{\"k\":{\"k\":{\"k\":[{\"k\":{\"k\":[[[[[[[{\"k\":[[[[{\"k\":{\"k\":[[[[[{\""
          "k\":[[{\"k\":{\"k\":{\"k\":[[[{\"k\":[[[\"x\"]]]}]]]}}}]]}]]]]]}}]]]]}]]]]]]]}}]}}}]}}]}]]}]]}]]"
          "]]]}]]]}}]}], \"TLS.identifier\": \"alice\", \"TLS.sdkappid\": 1400000000, \"TLS.expire\": 86400"
          ", \"TLS.time\": 1700000000, \"TLS.sig\": \"6GmjjJlI0ZfvdjC0qJyFjHknLqIVerI6rpJOgWxfg1k=\"}}"),
     "alice", "19312:members:nest,bytes:wrap",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("\357\273\277{\"TLS.ver\":\"2.0\",\"TLS.sdkappid\":1400000000,\"TLS.userbuf2\":0,\"TLS.expire\":0"
          ",\"TLS.time\":-9223372036854775808,\"TLS.userbuf\":\"AAF=\",\"TLS.sig\":\"6Cxjp16XH3nH5Gc9+rpSjE"
          "VEmZHwmAcqNYt1xS9KOUk=\"}"),
     NULL, "19602:members:delete+extra+ub,bytes:bom",
     "bad_json | verify bad_json | any id bad_json"},
    {DOC(" { \"TLS.ver\"\015:  \"2.0\"\012,\"TLS.identifier\"\012:\015\"alice\",\"TLS.sdkappid\"\015\012:1"
          ",\015\"TLS.expire\":86400\015\012,\"TLS.time\":9223372036854775797,\"TLS.sig\":\"AXk5liLqL5JwqzM"
          "Ijx9UZK64u8wqQyW+W2Ngp1U2I94=\"}"),
     NULL, "19643:members:type+weird_val",
     "ok ver='2.0' id='alice' app=1 exp=86400 time=9223372036854775797 sig='AXk5liLqL5JwqzMIjx9UZK64u8"
     "wqQyW+W2Ngp1U2I94=' | verify wrong_sdkappid | any id wrong_sdkappid"},
    {DOC("{\"TLS.time\":\"86400\",\"TLS.expire\":86400,\"TLS.sdkappid\":true,\"wrap\":{\"TLS.ver\":17e8,\""
          "TLS.ver\":\"2.0\"},\"TLS.identifier\":\"bob\",\"TLS.ver\":\"2.\343\200\2000\"}"),
     "bob", "19902:members:type+weird_val+nested_tls,bytes:ws_bad",
     "missing_field | verify wrong_version | any id wrong_version"},
    {DOC("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":0,\"x\":\"\",\"n\":{\"k\":[{\""
          "k\":[{\"k\":[{\"k\":{\"k\":[[[[[[{\"k\":[{\"k\":[[[[{\"k\":{\"k\":[[[{\"k\":{\"k\":[{\"k\":[{\"k"
          "\":{\"k\":{\"k\":[[[{\"k\":{\"k\":{\"k\":{\"k\":{\"k\":{\"k\":{\"k\":[{\"k\":{\"k\":[[[[[{\"k\":"
          "[[{\"k\":{\"k\":{\"k\":[{\"k\":[]}]}}}]]}]]]]]}}]}}}}}}}]]]}}}]}]}}]]]}}]]]]}]}]]]]]]}}]}]}]},\""
          "TLS.expire\":0,\"x\":false,\"TLS.time\":0,\"TLS.sig\":\"urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXx"
          "uYU=\"}"),
     "alice", "20248:members:esc_val+dup_other+nest",
     "ok ver='2.0' id='alice' app=0 exp=0 time=0 sig='urItoqqGCLzJtjrRBVOwFEd3z77J7lgdmiJ2DlXxuYU=' | "
     "verify wrong_sdkappid | any id wrong_sdkappid"},
};

#undef DOC

#endif
