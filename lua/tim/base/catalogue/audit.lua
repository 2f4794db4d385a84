-- tim.base.catalogue.audit: Content moderation
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, TRTC, SGP = C.CN, C.TRTC, C.SGP

return {
    -- trtc.io/document/77827: "Currently, only Singapore is supported."
    { "audit", "im_msg_audit", "content_moderation", "moderate one text, image, audio or video item",
      ref = TRTC(77827), idempotent = true, regions = SGP,
      note = "text and image answered at once, audio and video by webhook (ContentCallback.ResultNotify)" },
    -- 269/100243 (2025-11, China site): China, Singapore and Seoul, at most 10 items; the international page
    -- (trtc.io/document/77828, 2026-03) names Singapore only.
    { "audit", "im_msg_audit", "batch_content_moderation", "moderate up to 10 texts and images",
      ref = CN(100243), idempotent = true, regions = { "cn", "sgp", "kr" },
      batch = { field = "Contents", max = 10 },
      note = "trtc.io/document/77828 (international) lists Singapore only" },
    { "audit", "im_msg_audit_mgr", "add_local_audit_keywords", "add local moderation keywords",
      settle = "list the keywords with get_local_audit_keywords before adding again",
      note = "local moderation is announced as no longer maintained" },
    { "audit", "im_msg_audit_mgr", "delete_local_audit_keywords", "delete local moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_local_audit_keywords", "list local moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_cloud_audit_keywords_ids", "list cloud keyword library IDs",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_cloud_audit_keywords", "list cloud moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "add_cloud_audit_keywords", "add cloud moderation keywords",
      settle = "list the keywords with get_cloud_audit_keywords before adding again" },
    { "audit", "im_msg_audit_mgr", "delete_cloud_audit_keywords", "delete cloud moderation keywords",
      idempotent = true },
}
