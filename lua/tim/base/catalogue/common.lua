-- tim.base.catalogue.common: what the family records share: page addresses and repeated trait texts.
local _M = {}

function _M.CN(n) return "https://cloud.tencent.com/document/product/269/" .. n end
function _M.INTL(n) return "https://www.tencentcloud.com/document/product/1047/" .. n end
function _M.TRTC(n) return "https://trtc.io/document/" .. n end

_M.CN_SGP = { "cn", "sgp" }
_M.SGP = { "sgp" }
_M.FLAGSHIP = "Flagship or Enterprise edition"
_M.READ_HISTORY = "read the history (admin_getroammsg) for the message before sending it again"
_M.READ_GROUP_HISTORY = "read the group history (group_msg_get_simple) for the message before sending it again"

return _M
