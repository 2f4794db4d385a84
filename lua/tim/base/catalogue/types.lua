-- tim.base.catalogue.types: the shapes many endpoints share, by name (a field's type may be one of these names):
-- the message body and its elements by MsgType, offline push settings, profile and group-member fields.
-- Format: tim.base.schema. Each type names the page it was read from and the date.
local C = require "tim.base.catalogue.common"
local CN, INTL = C.CN, C.INTL

local _M = {}

-- Message elements: "Message Formats" (1047/33527; 269/2720), read 2026-12-07. The element trees are the
-- MsgContent of each MsgType.
_M.MsgElem = {
    union = "MsgType", content = "MsgContent", page = INTL(33527), page_zh = CN(2720), read = "2026-12-07",
    doc = "one message element: MsgType names it, MsgContent holds its fields",
    variants = {
        TIMTextElem = {
            { "Text", "string", required = true, doc = "the message text" },
        },
        TIMLocationElem = {
            { "Desc", "string", doc = "description of the location" },
            { "Latitude", "number", required = true, doc = "latitude" },
            { "Longitude", "number", required = true, doc = "longitude" },
        },
        TIMFaceElem = {
            { "Index", "integer", required = true, doc = "the emoji's index, defined by the app" },
            { "Data", "string", doc = "extra data" },
        },
        TIMCustomElem = {
            { "Data", "string", doc = "the custom message data (not shown in offline push)" },
            { "Desc", "string", doc = "the custom message description (the offline push text)" },
            { "Ext", "string", doc = "extension field (the offline push's ext on Android/iOS)" },
            { "Sound", "string", doc = "custom APNs sound" },
        },
        TIMSoundElem = {
            { "Url", "string", doc = "the audio's download URL" },
            { "UUID", "string", doc = "the audio's unique ID" },
            { "Size", "integer", doc = "the audio's size in bytes" },
            { "Second", "integer", doc = "the audio's length in seconds" },
            { "Download_Flag", "integer", doc = "download method flag; 2: download by Url" },
        },
        TIMImageElem = {
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
        TIMFileElem = {
            { "Url", "string", doc = "the file's download URL" },
            { "UUID", "string", doc = "the file's unique ID" },
            { "FileSize", "integer", doc = "the file's size in bytes" },
            { "FileName", "string", doc = "the file's name" },
            { "Download_Flag", "integer", doc = "download method flag; 2: download by Url" },
        },
        TIMVideoFileElem = {
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
    },
}

_M.MsgBody = { "MsgBody", "array", items = "MsgElem", min_items = 1,
               doc = "the message: one or more elements (Message Formats, 1047/33527)" }

-- OfflinePushInfo (Message Formats, 1047/33527): the vendor blocks are open until their tables are read.
_M.OfflinePushInfo = { "OfflinePushInfo", "object", page = INTL(33527), read = "2026-12-07",
    doc = "offline push settings", fields = {
        { "PushFlag", "integer", enum = { 0, 1 }, doc = "0 push offline (default), 1 do not push" },
        { "Title", "string", doc = "offline push title" },
        { "Desc", "string", doc = "offline push text" },
        { "Ext", "string", doc = "passed through to the device" },
        { "AndroidInfo", "object", open = true, doc = "Android vendor settings" },
        { "ApnsInfo", "object", open = true, doc = "APNs settings" },
    } }

return _M
