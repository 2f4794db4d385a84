-- tim.base.catalogue.mute: Global mute
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.

return {
    { "mute", "openconfigsvr", "setnospeaking", "set a user's global C2C/group mute", idempotent = true },
    { "mute", "openconfigsvr", "getnospeaking", "get a user's global mute", idempotent = true },
}
