-- tim.base.catalogue.stream: Streaming messages
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN = C.CN

return {
    -- 269/128596, 269/128597 (2026-04): chunk gap at most 15 s, under 128 KB, 5 continuations/s per stream;
    -- trial and dev editions 1000/day; a stream once ended refuses further chunks.
    { "stream", "stream_msg", "send_c2c_stream_msg", "send a C2C streaming message chunk (TIMStreamElem)",
      ref = CN(128596), rate = "stream", since = "2025", per_object = { key = "MsgKey", rate = 5,
      note = "at most 15 s between chunks" },
      settle = "read the history for the stream's MsgKey: a chunk is in when its Index shows",
      note = "trial and dev editions: 1000/day" },
    { "stream", "stream_msg", "send_group_stream_msg", "send a group streaming message chunk (TIMStreamElem)",
      ref = CN(128597), rate = "stream", since = "2025", per_object = { key = "MsgKey", rate = 5,
      note = "at most 15 s between chunks" },
      settle = "read the group history for the stream's MsgKey: a chunk is in when its Index shows",
      note = "trial and dev editions: 1000/day" },
    { "stream", "openim_robot_http_svc", "send_stream_msg",
      "robot streaming reply (MsgKey from the first call, Finish = 1 on the last)", since = "2025",
      settle = "read the history for the reply's MsgKey before sending the chunk again" },
}
