-- tim.base.catalogue.types: the shapes many endpoints share, by name (a field's type may be one of these names):
-- the message body and its elements by MsgType, offline push settings, profile and group-member fields.
-- Format: tim.base.schema. Each type names the page it was read from and the date.
local C = require "tim.base.catalogue.common"
local CN, INTL, TRTC = C.CN, C.INTL, C.TRTC

local _M = {}

-- Message elements: "Message Formats" (1047/33527; 269/2720, last updated 2026-02-05), read 2026-12-07. The element
-- trees are the MsgContent of each MsgType. The pages' element tables have no "required" column (Field, Type,
-- Description), so no member is marked required. The copies read stop after TIMCustomElem.Desc (each copy shows
-- its first ~2,500 characters); the second pass (docs index: tencentcloud.com/jp|ko|zh 1047/33527, trtc.io/ja|ko
-- 33527, trtc.io/document/74355 and its zh copy, cloud.tencent.com 454/125492 of 2025-11-21) stopped earlier
-- still, inside TIMFaceElem. The sound, image, file and video trees are kept from the earlier transcription of the
-- same page, unchecked, so they are open (their listed members are type-checked, others pass). 269/2720 and the
-- copy 454/125492 list TIMRelayElem (merged messages) among the types REST sends; 1047/33527 (2025-01-25) does not
-- (see differs below).
-- A variant marked open = true lists the members read so far and accepts others (tim.base.schema honours a
-- variant tree's `open` flag).
_M.MsgElem = {
    union = "MsgType", content = "MsgContent", page = INTL(33527), page_zh = CN(2720), read = "2026-12-07",
    doc = "one message element: MsgType names it, MsgContent holds its fields",
    differs = "269/2720 (2026-02-05) lists TIMRelayElem as a REST-sendable MsgType; 1047/33527 (2025-01-25) and its "
        .. "trtc.io copies list only the eight older types. The union follows the newer Chinese page.",
    variants = {
        -- Text: the TIMTextElem table of 269/2720 and of trtc.io/document/33527 (Text, String).
        TIMTextElem = {
            { "Text", "string", doc = "the message text (also the offline push text)" },
        },
        -- Desc, Latitude, Longitude: the TIMLocationElem table of 269/2720 and of tencentcloud.com/jp 1047/33527
        -- (Latitude and Longitude are Number).
        TIMLocationElem = {
            { "Desc", "string", doc = "description of the location" },
            { "Latitude", "number", doc = "latitude" },
            { "Longitude", "number", doc = "longitude" },
        },
        -- Index, Data: the TIMFaceElem table of tencentcloud.com/jp and /zh 1047/33527 (Index is a Number, an index
        -- the app defines).
        TIMFaceElem = {
            { "Index", "integer", doc = "the emoji's index, defined by the app" },
            { "Data", "string", doc = "extra data" },
        },
        -- Data, Desc: the TIMCustomElem table of tencentcloud.com/zh 1047/33527 (cut after Desc); Ext, Sound: the
        -- element's sample on the same copy. Its table was not read whole, so by the rule it would be open; it stays
        -- closed because the sample shows these four members only and spec 08 relies on tim.msg.custom refusing a
        -- misspelt member (a decision for the team lead).
        TIMCustomElem = {
            { "Data", "string", doc = "the custom message data (not sent in the APNs payload)" },
            { "Desc", "string", doc = "the custom message description (the offline push text unless "
                .. "OfflinePushInfo.Desc is set)" },
            { "Ext", "string", doc = "extension field (the sample: a URL)" },
            { "Sound", "string", doc = "custom APNs sound (the sample: dingdong.aiff)" },
        },
        -- Url, UUID, Size, Second, Download_Flag: earlier transcription of 1047/33527 (not re-read 2026-12-07).
        TIMSoundElem = {
            open = true,
            { "Url", "string", doc = "the audio's download URL" },
            { "UUID", "string", doc = "the audio's unique ID" },
            { "Size", "integer", doc = "the audio's size in bytes" },
            { "Second", "integer", doc = "the audio's length in seconds" },
            { "Download_Flag", "integer", doc = "download method flag; 2: download by Url" },
        },
        -- UUID, ImageFormat, ImageInfoArray: earlier transcription of 1047/33527 (not re-read 2026-12-07).
        TIMImageElem = {
            open = true,
            { "UUID", "string", doc = "the image's unique ID" },
            { "ImageFormat", "integer", enum = { 1, 2, 3, 4, 255 }, doc = "1 JPG, 2 GIF, 3 PNG, 4 BMP, 255 other" },
            { "ImageInfoArray", "array", doc = "the original image, the large image and the thumbnail", fields = {
                { "Type", "integer", enum = { 1, 2, 3 }, doc = "1 original, 2 large image, 3 thumbnail" },
                { "Size", "integer", doc = "size in bytes" },
                { "Width", "integer", doc = "width in pixels" },
                { "Height", "integer", doc = "height in pixels" },
                { "URL", "string", doc = "download URL" },
            } },
        },
        -- Url, UUID, FileSize, FileName, Download_Flag: earlier transcription of 1047/33527 (not re-read).
        TIMFileElem = {
            open = true,
            { "Url", "string", doc = "the file's download URL" },
            { "UUID", "string", doc = "the file's unique ID" },
            { "FileSize", "integer", doc = "the file's size in bytes" },
            { "FileName", "string", doc = "the file's name" },
            { "Download_Flag", "integer", doc = "download method flag; 2: download by Url" },
        },
        -- Video* and Thumb* members: earlier transcription of 1047/33527 (not re-read 2026-12-07).
        TIMVideoFileElem = {
            open = true,
            { "VideoUrl", "string", doc = "the video's download URL" },
            { "VideoUUID", "string", doc = "the video's unique ID" },
            { "VideoSize", "integer", doc = "the video's size in bytes" },
            { "VideoSecond", "integer", doc = "the video's length in seconds" },
            { "VideoFormat", "string", doc = "the video's format, e.g. mp4" },
            { "VideoDownloadFlag", "integer", doc = "download method flag; 2: download by VideoUrl" },
            { "ThumbUrl", "string", doc = "the thumbnail's download URL" },
            { "ThumbUUID", "string", doc = "the thumbnail's unique ID" },
            { "ThumbSize", "integer", doc = "the thumbnail's size in bytes" },
            { "ThumbWidth", "integer", doc = "the thumbnail's width" },
            { "ThumbHeight", "integer", doc = "the thumbnail's height" },
            { "ThumbFormat", "string", doc = "the thumbnail's format, e.g. JPG" },
            { "ThumbDownloadFlag", "integer", doc = "download method flag; 2: download by ThumbUrl" },
        },
        -- Merged (forwarded) messages: the MsgType table of 269/2720 (2026-02-05) names it; its MsgContent table lies
        -- beyond what the copies show, so no member is listed and the element is open.
        TIMRelayElem = { open = true },
        -- Streaming messages (2025): not on the Message Formats page as read; CompatibleText and Chunks[] (EventType,
        -- Index, Markdown, IsLast) from the first-chunk samples of 269/128596 and 269/128597 (2026-04-29) and of
        -- 269/129279 (Index counts from 1 and increases strictly; IsLast marks the last chunk). The continuation
        -- samples and the field tables were not read, so the element is open.
        TIMStreamElem = {
            open = true,
            { "CompatibleText", "string", doc = "the text older SDKs show instead" },
            { "Chunks", "array", doc = "the chunks this call adds", fields = {
                { "EventType", "string", doc = "the chunk's event (the samples: data)" },
                { "Index", "integer", doc = "the chunk's index: from 1, strictly increasing" },
                { "Markdown", "string", doc = "the chunk's content (Markdown)" },
                { "IsLast", "boolean", doc = "true on the stream's last chunk" },
            } },
        },
    },
}

_M.MsgBody = { "MsgBody", "array", items = "MsgElem", min_items = 1,
               doc = "the message: one or more elements (Message Formats, 1047/33527)" }

-- OfflinePushInfo: "Common Parameters (OfflinePushInfo Description)", trtc.io/document/77715 (English),
-- tencentcloud.com/zh 1047/77715 (2026-04-15), cloud.tencent.com 269/128209 (2026-02-06) and 269/133879
-- (2026-07-16), read 2026-12-07: only their samples could be read (a marketing push and an instant-message push).
-- Every member below is taken from them, with the sample's type; the field tables ("OfflinePushInfo 字段说明") were
-- not read, so the object and its vendor blocks are open (members not listed pass, listed ones are type-checked).
-- all_member_push's sample (1047/37166) shows the same shape.
_M.OfflinePushInfo = { "OfflinePushInfo", "object", open = true, page = TRTC(77715), page_zh = CN(133879),
    read = "2026-12-07",
    doc = "offline push settings (notification title, text, passthrough data, vendor options)", fields = {
        { "PushFlag", "integer", doc = "whether to push offline (the samples: 0, push)" },
        { "Title", "string", doc = "offline push title" },
        { "Desc", "string", doc = "offline push text" },
        { "Ext", "string", doc = "passthrough data for the device (a JSON string; 269/133879: keep it under 1 KB)" },
        { "AndroidInfo", "object", open = true, doc = "Android vendor settings (members from the samples)",
          fields = {
              { "Sound", "string", doc = "ringtone file name, without suffix" },
              { "XiaoMiChannelID", "string", doc = "Xiaomi channel ID (269/133879: needed on Android 8.0+)" },
              { "OPPOChannelID", "string", doc = "OPPO channel ID" },
              { "OPPOCategory", "string", doc = "OPPO message category (the samples: MARKETING, IM)" },
              { "VIVOCategory", "string", doc = "vivo message category (the samples: MARKETING, IM)" },
              { "HuaWeiCategory", "string", doc = "Huawei message category (the samples: MARKETING, IM)" },
              { "HonorImportance", "string", doc = "Honor message importance (the samples: LOW, NORMAL)" },
              { "MeiZuNoticeMsgType", "integer", doc = "Meizu message type (the samples: 0, 1)" },
              { "OPPOPrivateMsgTemplateId", "string", doc = "OPPO private-message template ID (the instant-message "
                  .. "sample)" },
          } },
        { "ApnsInfo", "object", open = true, doc = "APNs settings (members from the samples)", fields = {
            { "Sound", "string", doc = "ringtone file name, with suffix" },
            { "BadgeMode", "integer", doc = "badge counting mode (the samples: 1)" },
            { "Title", "string", doc = "APNs title" },
            { "SubTitle", "string", doc = "APNs subtitle" },
            { "Image", "string", doc = "image URL" },
            { "MutableContent", "integer", doc = "1: mutable content (the samples: 1)" },
        } },
    } }

return _M
