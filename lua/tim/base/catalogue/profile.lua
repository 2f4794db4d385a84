-- tim.base.catalogue.profile: Profiles
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local INTL = C.INTL

return {
    { "profile", "profile", "portrait_set", "set profile fields (Tag_Profile_IM_*, Tag_Profile_Custom_*)",
      idempotent = true },
    -- 1047/34917: no more than 100 users per call recommended.
    { "profile", "profile", "portrait_get", "get profile fields of up to 100 users", ref = INTL(34917),
      idempotent = true, batch = { field = "To_Account", max = 100 } },
}
