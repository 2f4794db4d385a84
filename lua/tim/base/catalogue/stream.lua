-- tim.base.catalogue.stream: Streaming messages
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL = C.CN, C.INTL
-- What the two streaming pages (269/128596, 269/128597, 2026-04) say alike: the rate class, the year, a stream's
-- budget, the editions' limit, and how far they were read (the opening only).
local PER_STREAM = { key = "MsgKey", rate = 5, note = "at most 15 s between chunks" }
local CHUNK_TRAITS = { rate = "stream", since = "2025", per_object = PER_STREAM, read = "2026-12-07", seen = "opening",
                       note = "trial and dev editions: 1000/day; friendship, blocklist and mute are not checked" }
-- a streaming-chunk record: its own traits, then those the two pages share (a trait of its own wins)
local function chunk(rec)
    for k, v in pairs(CHUNK_TRAITS) do
        if rec[k] == nil then rec[k] = v end
    end
    return rec
end

return {
    -- 269/128596, 269/128597 (2026-04): chunk gap at most 15 s, under 128 KB, 5 continuations/s per stream;
    -- trial and dev editions 1000/day; a stream once ended refuses further chunks.
    chunk{ "stream", "stream_msg", "send_c2c_stream_msg", "send a C2C streaming message chunk (TIMStreamElem)",
      ref = CN(128596), settle = "read the history for the stream's MsgKey: a chunk is in when its Index shows",
      -- cloud.tencent.com 269/128596 (2026-04-29), read in the docs index: the opening, the limits and the first
      -- sample up to Chunks[1].Index (SyncOtherMachine, To_Account, MsgSeq, MsgRandom, MsgBody with one
      -- TIMStreamElem: CompatibleText, Chunks[] of EventType, Index, Markdown...). No English page was found.
      unread = "the rest of the samples (the continuation chunk, the answer), the field tables, the error codes" },
    chunk{ "stream", "stream_msg", "send_group_stream_msg", "send a group streaming message chunk (TIMStreamElem)",
      ref = CN(128597), settle = "read the group history for the stream's MsgKey: a chunk is in when its Index shows",
      -- cloud.tencent.com 269/128597 (2026-04-29), read in the docs index: the opening, the limits and the first
      -- sample up to its CloudCustomData (GroupId, MsgRandom, MsgBody with one TIMStreamElem: CompatibleText,
      -- Chunks[] of EventType, Index, Markdown, IsLast; CloudCustomData). No English page was found.
      unread = "the end of the first sample, the continuation sample, the answer, the field tables, the codes" },
    -- 1047/71131 (2025-10-23; 269/104537): the first call answers a MsgKey that every later call carries; Finish
    -- on the last call; 200 calls/s.
    { "stream", "openim_robot_http_svc", "send_stream_msg",
      "robot streaming reply (MsgKey from the first call, Finish = 1 on the last)", since = "2025",
      ref = INTL(71131), ref_zh = CN(104537),
      settle = "read the history for the reply's MsgKey before sending the chunk again",
      note = "TUIKit 7.7.5282 or later shows the streamed text; other clients follow the streaming text protocol",
      -- www.tencentcloud.com/document/product/1047/71131 (its Chinese text) and tencentcloud.com/jp (English): the
      -- samples, both field tables and the error codes.
      read = "2026-12-07", seen = "fields",
      request = {
          { "From_Account", "string", required = true, doc = "the robot sending the reply (@RBT#...)" },
          { "To_Account", "string", required = true, doc = "the user receiving it" },
          { "Chunk", "string", required = true, doc = "the next piece of the text" },
          { "MsgKey", "string", doc = "absent on the first call; the first answer's MsgKey afterwards" },
          { "Finish", "integer", doc = "1 on the last call: the stream ends" },
      },
      answer = {
          { "MsgKey", "string", doc = "the reply's message key, for the later calls" },
      },
      codes = { 10002, 10004 },
      invalid = 10004,
      example = { request = [[{"From_Account":"@RBT#my_bot","To_Account":"user01","Chunk":"world",]]
                      .. [["MsgKey":"606781340_3986845397_1706000918","Finish":1}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,]]
                      .. [["MsgKey":"606781340_3986845397_1706000918"}]] } },
}
